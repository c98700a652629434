/**
 * Discovery: which files of the given paths sls-lint reads, and what kind each one is.
 *
 * Walks folders, honours `.gitignore` files and the config's `ignores`, never follows a symbolic
 * link into a folder it is already inside, and reports what it skipped instead of dropping it.
 */
import { existsSync, readFileSync, realpathSync, statSync, type Dirent, readdirSync } from 'node:fs';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import picomatch from 'picomatch';
import type { SkippedEntry } from '../engine/result.js';
import { UsageError } from '../errors.js';
import { cdkAppEntry } from '../model/cdk-app.js';
import { readUtf8 } from '../parse/decode.js';

export type FileKind = 'template-candidate' | 'terraform' | 'source';

export interface DiscoveredFile {
  /** Absolute path as reached by the walk. */
  path: string;
  kind: FileKind;
  /** Named on the command line, rather than found inside a folder. */
  explicit: boolean;
  /** A template synthesized by the AWS CDK (from a cloud assembly's `manifest.json`). */
  origin?: 'cdk';
  /** Named with an extension sls-lint does not know: a template only if its content says so. */
  unknownExtension?: true;
}

export interface DiscoveryOptions {
  cwd: string;
  /** Folder that `ignores` globs are relative to (the config file's folder, or cwd). */
  ignoresBase: string;
  ignores: string[];
  /** CDK cloud assemblies outside the walked folders (`--cdk-out`). */
  cdkOut?: string[];
  /** Folders walked for context only (a named file's project): they need not hold anything. */
  contextPaths?: string[];
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  skipped: SkippedEntry[];
  /** Paths as given that are missing or hold nothing sls-lint reads (also listed in `skipped`). */
  unmatched: string[];
  /** CDK apps whose `app` command runs a TypeScript/JavaScript file: read as code (src/model/cdk-app.ts). */
  cdkApps?: CdkAppLocation[];
}

export interface AssemblyStack {
  /** The stack's template, inside the assembly's folder. */
  file: string;
  /** The stack's construct path (`OrdersStack`, `Prod/OrdersStack` in a Stage), as the manifest's `displayName` gives it. */
  displayName: string | undefined;
}

/**
 * The stacks of a CDK cloud assembly, from its `manifest.json` (nested assemblies of CDK Stages
 * included; an unreadable nested one is passed over). Throws when the top manifest cannot be read.
 */
export function cloudAssemblyStacks(dir: string, depth = 0): AssemblyStack[] {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as {
    artifacts?: Record<string, { type?: string; displayName?: unknown; properties?: { templateFile?: string; directoryName?: string } }>;
  };
  const stacks: AssemblyStack[] = [];
  for (const artifact of Object.values(manifest.artifacts ?? {})) {
    const props = artifact?.properties;
    if (artifact?.type === 'aws:cloudformation:stack' && typeof props?.templateFile === 'string') {
      const file = path.resolve(dir, props.templateFile);
      if (file.startsWith(dir + path.sep)) stacks.push({ file, displayName: typeof artifact.displayName === 'string' ? artifact.displayName : undefined });
    } else if (artifact?.type === 'cdk:cloud-assembly' && typeof props?.directoryName === 'string' && depth < 10) {
      try {
        stacks.push(...cloudAssemblyStacks(path.resolve(dir, props.directoryName), depth + 1));
      } catch {
        // A Stage's assembly that is missing holds no template to read.
      }
    }
  }
  return stacks;
}

export interface CdkAppLocation {
  /** The cdk.json folder: the app runs there, and relative asset paths start there. */
  dir: string;
  entry: string;
  /** The cloud assembly folder, when one has been synthesized. */
  assembly?: string;
}

/** Folders that hold dependencies, VCS data or build output, never hand-written templates. */
const DEFAULT_IGNORED_DIRS = new Set([
  'node_modules', '.git', '.hg', '.svn', '.aws-sam', '.serverless', 'cdk.out', '.terraform', 'coverage', 'dist',
  // Python's installed packages and caches (virtualenvs are recognised by their pyvenv.cfg).
  'site-packages', '__pycache__', '.tox', '.nox', '.pytest_cache', '.mypy_cache', '.ruff_cache',
]);

const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template']);
const SOURCE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts', '.py']);

/** JSON/YAML files that are never CloudFormation (and some, like lock files, are large). */
const NEVER_TEMPLATES = /^(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|tsconfig(\..*)?\.json|jsconfig\.json|\.eslintrc(\..*)?|\.prettierrc(\..*)?|\.sls-lintrc(\..*)?|composer\.(json|lock)|manifest\.json|tree\.json|cdk\.json|\.pre-commit-(config|hooks)\.yaml)$/;

/** Serverless Framework configuration files. */
export const SERVERLESS_CONFIG = /^serverless\.(ya?ml|json|ts)$/;

export function classify(filePath: string): FileKind | undefined {
  const base = path.basename(filePath);
  const ext = path.extname(base).toLowerCase();
  // serverless.ts is configuration, not function code.
  if (SERVERLESS_CONFIG.test(base)) return 'template-candidate';
  if (ext === '.tf') return 'terraform';
  if (SOURCE_EXTENSIONS.has(ext)) return base.endsWith('.d.ts') ? undefined : 'source';
  if (TEMPLATE_EXTENSIONS.has(ext) && !NEVER_TEMPLATES.test(base)) return 'template-candidate';
  return undefined;
}

/** A matcher for the config's `ignores` globs, relative to the config's folder. */
export function configIgnoreMatcher(ignores: string[], base: string): (absolute: string, isDir: boolean) => boolean {
  const matcher = ignores.length ? picomatch(ignores, { dot: true }) : undefined;
  return (absolute, isDir) => {
    if (!matcher) return false;
    const relative = toPosix(path.relative(base, absolute));
    if (relative.startsWith('..')) return false;
    return matcher(relative) || (isDir && matcher(`${relative}/`));
  };
}

export function discover(paths: string[], options: DiscoveryOptions): DiscoveryResult {
  const result: DiscoveryResult = { files: [], skipped: [], unmatched: [] };
  const seen = new Set<string>();
  const isConfigIgnored = configIgnoreMatcher(options.ignores, options.ignoresBase);
  // Files a given path led to, counted before de-duplication: a path whose files another path also names still matched.
  let matched = 0;

  /** `real`: the file's path with links resolved, when the walk knows it already (its folder's, plus its name). */
  const addFile = (absolute: string, explicit: boolean, real?: string) => {
    // A file named on the command line is read whatever its extension, as YAML or JSON unless it is code.
    const known = classify(absolute);
    const kind = known ?? (explicit && !NEVER_TEMPLATES.test(path.basename(absolute)) && !absolute.endsWith('.d.ts') ? 'template-candidate' : undefined);
    if (!kind) {
      if (explicit) result.skipped.push({ path: absolute, reason: 'never a template or handler (a package manifest, lock file, tool configuration or type declaration)' });
      return;
    }
    matched++;
    // An unreadable file is still listed (under its own path): reading it later reports why it failed.
    const key = real ?? realOrSelf(absolute);
    if (seen.has(key)) return;
    seen.add(key);
    result.files.push({ path: absolute, kind, explicit, ...(known ? {} : { unknownExtension: true as const }) });
  };

  /**
   * A CDK cloud assembly: its stacks' templates, from `manifest.json` (nested assemblies of CDK
   * Stages included). Assets (`asset.*`, bundled code) are not read: handlers link back to source.
   */
  const addAssembly = (dir: string) => {
    let stacks: AssemblyStack[];
    try {
      stacks = cloudAssemblyStacks(dir);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'a cdk.out folder without manifest.json is not a synthesized cloud assembly; run `cdk synth`' : `manifest.json cannot be read: ${describeFsError(error)}`;
      result.skipped.push({ path: dir, reason });
      return;
    }
    for (const { file } of stacks) {
      const key = realOrSelf(file);
      matched++;
      if (seen.has(key)) continue;
      seen.add(key);
      result.files.push({ path: file, kind: 'template-candidate', explicit: false, origin: 'cdk' });
    }
  };

  const matchers: GitignoreMatchers = new Map();
  // `knownReal`: the folder's real path, when its parent's real path and a plain (not linked) entry give it.
  const walk = (dir: string, ancestors: Set<string>, gitignores: GitignoreScope[], knownReal?: string) => {
    let real: string;
    let entries: Dirent[];
    try {
      real = knownReal ?? realPath(dir);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      result.skipped.push({ path: dir, reason: `cannot read folder: ${describeFsError(error)}` });
      return;
    }
    if (ancestors.has(real)) {
      result.skipped.push({ path: dir, reason: 'symbolic link loop: it points back to a folder that contains it' });
      return;
    }
    // A Python virtualenv, whatever its name (.venv, env, venv-3.12): installed packages ship YAML of their own.
    // Known from its own listing, which saves a stat of every folder; a folder named on the command line is read anyway.
    if (ancestors.size > 0 && entries.some((e) => e.name === 'pyvenv.cfg' && !e.isDirectory())) return;
    // Most folders have no .gitignore: look for it among the entries instead of failing to read it.
    const scopes = entries.some((e) => e.name === '.gitignore') ? withGitignore(dir, gitignores, matchers) : gitignores;
    const inside = new Set(ancestors).add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (entries.some((e) => e.name === 'cdk.json') && !options.cdkOut?.length) {
      // `output` in cdk.json moves the assembly; by default it is ./cdk.out.
      let output = 'cdk.out';
      let app: unknown;
      try {
        const config = JSON.parse(readFileSync(path.join(dir, 'cdk.json'), 'utf8'));
        if (typeof config.output === 'string') output = config.output;
        app = config.app;
      } catch {
        // An unreadable cdk.json still means a CDK app; the default folder applies.
      }
      const assembly = path.resolve(dir, output);
      const synthesized = existsSync(path.join(assembly, 'manifest.json'));
      const code = cdkAppEntry(app, dir);
      if ('entry' in code) (result.cdkApps ??= []).push({ dir, entry: code.entry, ...(synthesized ? { assembly } : {}) });
      // An app read as code misses nothing without synthesized output.
      if (!synthesized && !('entry' in code)) {
        result.skipped.push({ path: path.join(dir, 'cdk.json'), reason: `a CDK app without synthesized output in ${output}: run \`cdk synth\` first (or pass --cdk-out DIR) so sls-lint can read its templates`, category: 'cdk-not-synthesized' });
      } else if (synthesized && (path.basename(assembly) !== 'cdk.out' || path.dirname(assembly) !== dir)) {
        addAssembly(assembly);
      }
    }
    const installed = installedPackages(dir, entries);
    for (const entry of entries) {
      if (installed?.has(entry.name)) continue;
      const absolute = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(absolute);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          result.skipped.push({ path: absolute, reason: `broken symbolic link: ${describeFsError(error)}` });
          continue;
        }
      }
      // cdk.out is build output (and usually git-ignored), but its templates are the CDK app's infrastructure.
      if (isDir && entry.name === 'cdk.out' && !isConfigIgnored(absolute, true)) {
        addAssembly(absolute);
        continue;
      }
      if (isDir && DEFAULT_IGNORED_DIRS.has(entry.name)) continue;
      // A file sls-lint never reads needs no ignore test (most of a repository: images, docs, other languages).
      if (!isDir && isFile && classify(absolute) === undefined) continue;
      if (isGitIgnored(scopes, absolute, isDir) || isConfigIgnored(absolute, isDir)) continue;
      if (isDir) walk(absolute, inside, scopes, entry.isSymbolicLink() ? undefined : path.join(real, entry.name));
      else if (isFile) addFile(absolute, false, entry.isSymbolicLink() ? undefined : path.join(real, entry.name));
    }
  };

  const given = [...paths.map((p) => ({ p, context: false })), ...(options.contextPaths ?? []).map((p) => ({ p, context: true }))];
  for (const { p, context } of given) {
    const absolute = path.resolve(options.cwd, p);
    const before = matched;
    const skippedBefore = result.skipped.length;
    let stat;
    try {
      stat = statSync(absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      result.skipped.push({ path: absolute, reason: code === 'ENOENT' || code === 'ENOTDIR' ? 'no such file or folder' : `cannot read: ${describeFsError(error)}` });
      if (!context) result.unmatched.push(p);
      continue;
    }
    if (stat.isDirectory() && existsSync(path.join(absolute, 'manifest.json')) && path.basename(absolute) === 'cdk.out') addAssembly(absolute);
    else if (stat.isDirectory()) walk(absolute, new Set(), ancestorGitignores(absolute, matchers));
    else addFile(absolute, true);
    if (context || matched > before) continue;
    // A named file that is never a template is skipped with its reason, not a typo.
    if (!stat.isDirectory() && result.skipped.length > skippedBefore) continue;
    result.unmatched.push(p);
    if (result.skipped.length === skippedBefore) result.skipped.push({ path: absolute, reason: 'holds no template, serverless.yml, Terraform or JavaScript/TypeScript file' });
  }
  for (const given of options.cdkOut ?? []) {
    const absolute = path.resolve(options.cwd, given);
    if (!existsSync(path.join(absolute, 'manifest.json'))) throw new UsageError(`--cdk-out ${given} is not a CDK cloud assembly (no manifest.json); run \`cdk synth\` first`);
    addAssembly(absolute);
  }
  return result;
}

/**
 * What pip installed into a folder (`pip install -t`, the usual way to vendor a Lambda layer or
 * function's dependencies): the names its `.dist-info`/`.egg-info` records list, and the records
 * themselves. They are installed packages, as `node_modules` and `site-packages` are, not the
 * project's code: a vendored botocore alone is thousands of Python and JSON files. The project's own
 * files beside them (a handler installed next to its dependencies) are not in any record and are read.
 */
function installedPackages(dir: string, entries: Dirent[]): Set<string> | undefined {
  let names: Set<string> | undefined;
  for (const entry of entries) {
    if (!/\.(dist-info|egg-info)$/.test(entry.name)) continue;
    names ??= new Set();
    names.add(entry.name);
    const record = readSmallText(path.join(dir, entry.name, 'RECORD')) ?? readSmallText(path.join(dir, entry.name, 'top_level.txt'));
    for (const line of record?.split('\n') ?? []) {
      // RECORD lines are `path,hash,size`; top_level.txt lines are module names.
      const first = line.split(',')[0]!.trim().split('/')[0]!;
      if (first && first !== '..' && !first.startsWith('.')) names.add(first);
    }
  }
  return names;
}

function readSmallText(file: string): string | undefined {
  try {
    return statSync(file).size <= 4 * 1024 * 1024 ? readUtf8(file) : undefined;
  } catch {
    return undefined;
  }
}

interface GitignoreScope {
  base: string;
  matcher: Ignore;
}

/**
 * The matchers of one walk, by `.gitignore` text. A repository of examples repeats the same few
 * files (serverless-patterns: 417 files, 187 different), and a matcher's answers depend only on its
 * rules and the path relative to its folder, so one matcher (and its cache of answers) serves every
 * copy. Compiling the rules and testing paths against them is most of what discovery costs there.
 */
type GitignoreMatchers = Map<string, Ignore>;

function withGitignore(dir: string, scopes: GitignoreScope[], matchers: GitignoreMatchers): GitignoreScope[] {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = readUtf8(file);
  } catch {
    return scopes;
  }
  let matcher = matchers.get(text);
  if (!matcher) matchers.set(text, (matcher = ignore().add(text)));
  return [...scopes, { base: dir, matcher }];
}

/**
 * `absolute` relative to `base`, with `/` separators. The walk builds every path by joining names
 * onto a scope's folder, so slicing off the prefix is the common case; `path.relative` (which
 * resolves both paths) only for the rest. A walk tests about 10,000 paths against 1–3 scopes.
 */
function relativeBelow(base: string, absolute: string): string {
  const prefix = base.endsWith(path.sep) ? base : base + path.sep;
  const relative = absolute.startsWith(prefix) ? absolute.slice(prefix.length) : path.relative(base, absolute);
  return path.sep === '/' ? relative : toPosix(relative);
}

/** `.gitignore` files between the repository root and a folder linted from below the root. */
function ancestorGitignores(dir: string, matchers: GitignoreMatchers): GitignoreScope[] {
  const chain: string[] = [];
  let current = path.dirname(dir);
  while (true) {
    chain.unshift(current);
    if (existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) return [];
    current = parent;
  }
  return chain.reduce<GitignoreScope[]>((scopes, folder) => withGitignore(folder, scopes, matchers), []);
}

function isGitIgnored(scopes: GitignoreScope[], absolute: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const relative = relativeBelow(scope.base, absolute);
    if (!relative || relative.startsWith('..')) continue;
    if (scope.matcher.ignores(isDir ? `${relative}/` : relative)) return true;
  }
  return false;
}

/** A path with symbolic links resolved, or the path itself when it cannot be resolved (gone, unreadable). */
export function realOrSelf(file: string): string {
  try {
    return realPath(file);
  } catch {
    return file;
  }
}

/**
 * One realpath(3) call: Node's JavaScript `realpathSync` lstats every component of the path. The
 * JavaScript one stays the fallback for what the native call refuses (some Windows drives). The walk
 * calls it only for the folders it starts from and for linked entries; a plain entry's real path is
 * its parent's plus its name.
 */
function realPath(file: string): string {
  try {
    return realpathSync.native(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    return realpathSync(file);
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOENT':
      return 'does not exist';
    case 'EISDIR':
      return 'is a folder';
    default:
      return code ?? (error as Error).message;
  }
}

/** The git work tree that holds `start`, used as the root for repository-relative paths. */
export function findProjectRoot(start: string): string | undefined {
  let current = start;
  while (true) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
