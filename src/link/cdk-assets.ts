/**
 * CDK asset code → the source file the user wrote.
 *
 * `cdk synth` stages each function's code into `cdk.out/asset.<hash>/`: a byte-for-byte copy of the
 * folder given to `Code.fromAsset`, or an esbuild bundle for `NodejsFunction`. Findings belong in
 * the user's file, not in the copy, so a copy is matched back to the project file with the same
 * content, and a bundle to the entry file esbuild names in its `// path/to/file.ts` comments.
 * Nothing is linked on a guess: when neither leads to a project file, the reason is given.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { HandlerLink } from '../model/types.js';
import { isFile, withExtension } from './files.js';
import { pythonCandidatesText, pythonModulePath, resolvePythonModule } from './python.js';

const SKIPPED_DIRS = new Set(['node_modules', 'cdk.out', '.git', 'coverage', '__pycache__', '.venv', 'venv', '.aws-sam']);
/** A project larger than this is not searched for copies: the link is reported as not found instead. */
const MAX_FILES_SEARCHED = 20000;
/** esbuild's module comments in a non-minified bundle: `// lib/handlers/orders.ts`. */
const BUNDLE_MODULE = /^\/\/ ((?!.*node_modules)[^\s].*\.(?:[cm]?[jt]s|tsx|jsx))$/gm;

export function linkCdkAsset(assetPath: string, modulePath: string, exportName: string, templateDir: string, family: 'node' | 'python' = 'node'): HandlerLink {
  if (family === 'python') return linkPythonAsset(assetPath, modulePath, exportName, templateDir);
  const assetDir = path.resolve(templateDir, assetPath);
  const projectRoot = findProjectRoot(templateDir);

  // `cdk synth --no-staging` (as `sam local` runs it) points at the source folder itself.
  if (!assetDir.startsWith(templateDir + path.sep)) {
    const direct = withExtension(path.join(assetDir, modulePath));
    return direct ? { status: 'linked', file: direct, exportName, via: 'cdk-asset' } : { status: 'not-linked', reason: `no ${modulePath} in the asset folder ${assetPath}`, category: 'missing-file' };
  }
  const staged = withExtension(path.join(assetDir, modulePath));
  if (!staged) return { status: 'not-linked', reason: `the asset ${path.basename(assetDir)} has no ${modulePath}.js (is cdk.out from an older synth?)`, category: 'missing-file' };
  const content = readFileSync(staged);

  const entry = bundleEntry(content.toString('utf8'), projectRoot);
  if (entry) return { status: 'linked', file: entry, exportName, via: 'cdk-asset' };
  const copy = findCopies(content, path.relative(assetDir, staged), projectRoot)[0];
  if (copy) return { status: 'linked', file: copy, exportName, via: 'cdk-asset' };
  return { status: 'not-linked', reason: `the asset ${path.basename(assetDir)} matches no source file in the project (bundled without module comments, or minified)`, category: 'missing-file' };
}

/**
 * Python assets are never bundled: `Code.fromAsset` copies the folder, and `PythonFunction` copies
 * it next to the installed requirements. The staged module is matched to the project file with the
 * same bytes, and the code root is the project folder that plays the asset's root.
 */
function linkPythonAsset(assetPath: string, modulePath: string, exportName: string, templateDir: string): HandlerLink {
  const assetDir = path.resolve(templateDir, assetPath);
  const relative = pythonModulePath(modulePath);
  if (!relative) return { status: 'not-linked', reason: `Handler module "${modulePath}" is not a Python module Lambda can import`, category: 'other' };
  if (!assetDir.startsWith(templateDir + path.sep)) {
    const direct = resolvePythonModule(assetDir, relative);
    return direct
      ? { status: 'linked', file: direct, exportName, via: 'cdk-asset', language: 'python', codeRoot: assetDir }
      : { status: 'not-linked', reason: `no ${pythonCandidatesText(relative)} in the asset folder ${assetPath}`, category: 'missing-file' };
  }
  const staged = resolvePythonModule(assetDir, relative);
  if (!staged) return { status: 'not-linked', reason: `the asset ${path.basename(assetDir)} has no ${pythonCandidatesText(relative)} (is cdk.out from an older synth?)`, category: 'missing-file' };
  const stagedRelative = path.relative(assetDir, staged);
  const copies = findCopies(readFileSync(staged), stagedRelative, findProjectRoot(templateDir)).map((file) => {
    // The copy sits as deep below its code root as the staged module sits below the asset's root.
    let codeRoot = path.dirname(file);
    for (let depth = stagedRelative.split(path.sep).length - 1; depth > 0; depth--) codeRoot = path.dirname(codeRoot);
    return { file, codeRoot };
  });
  if (!copies.length) return { status: 'not-linked', reason: `the asset ${path.basename(assetDir)} matches no source file in the project`, category: 'missing-file' };
  // Small handlers are often identical across the functions of a project (`app.py` of a template):
  // the folder that holds the same files as the asset is the one that was copied.
  const assetEntries = listNames(assetDir);
  const overlap = (root: string) => listNames(root).filter((name) => assetEntries.includes(name)).length;
  const best = copies.length === 1 ? copies[0]! : copies.map((c) => ({ ...c, score: overlap(c.codeRoot) })).sort((a, b) => b.score - a.score)[0]!;
  return { status: 'linked', file: best.file, exportName, via: 'cdk-asset', language: 'python', codeRoot: best.codeRoot };
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The folder holding cdk.json above the assembly, else the folder that holds cdk.out. */
function findProjectRoot(templateDir: string): string {
  for (let dir = templateDir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'cdk.json'))) return dir;
    if (path.dirname(dir) === dir) break;
  }
  let dir = templateDir;
  while (path.basename(dir) !== 'cdk.out' && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.dirname(dir);
}

/** esbuild writes the entry module last; its comment names it relative to the project folder. */
function bundleEntry(text: string, projectRoot: string): string | undefined {
  const modules = [...text.matchAll(BUNDLE_MODULE)].map((m) => m[1]!);
  for (const candidate of modules.reverse()) {
    const file = path.resolve(projectRoot, candidate);
    if (file.startsWith(projectRoot + path.sep) && isFile(file)) return file;
  }
  return undefined;
}

/** Project files with the same name and the same bytes as the staged copy, best first. */
function findCopies(content: Buffer, relative: string, projectRoot: string): string[] {
  const name = path.basename(relative);
  const matches: string[] = [];
  let searched = 0;
  const walk = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++searched > MAX_FILES_SEARCHED) return;
      const absolute = path.join(dir, entry.name);
      if (entry.isDirectory() && !SKIPPED_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(absolute);
      else if (entry.isFile() && entry.name === name) {
        try {
          if (statSync(absolute).size === content.length && readFileSync(absolute).equals(content)) matches.push(absolute);
        } catch {
          // Unreadable: not a match.
        }
      }
    }
  };
  walk(projectRoot);
  // Prefer copies whose folder layout matches the asset's (handlers/orders.js in both).
  const sameLayout = matches.filter((m) => m.endsWith(path.sep + relative));
  return sameLayout.length ? sameLayout : matches;
}
