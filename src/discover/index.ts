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

export type FileKind = 'template-candidate' | 'source';

export interface DiscoveredFile {
  /** Absolute path as reached by the walk. */
  path: string;
  kind: FileKind;
  /** Named on the command line, rather than found inside a folder. */
  explicit: boolean;
}

export interface DiscoveryOptions {
  cwd: string;
  /** Folder that `ignores` globs are relative to (the config file's folder, or cwd). */
  ignoresBase: string;
  ignores: string[];
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  skipped: SkippedEntry[];
}

/** Folders that hold dependencies, VCS data or build output, never hand-written templates. */
const DEFAULT_IGNORED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', '.aws-sam', '.serverless', 'cdk.out', '.terraform', 'coverage', 'dist']);

const TEMPLATE_EXTENSIONS = new Set(['.yaml', '.yml', '.json', '.template']);
const SOURCE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

/** JSON/YAML files that are never CloudFormation (and some, like lock files, are large). */
const NEVER_TEMPLATES = /^(package(-lock)?\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|tsconfig(\..*)?\.json|jsconfig\.json|\.eslintrc(\..*)?|\.prettierrc(\..*)?|\.sls-lintrc(\..*)?|composer\.(json|lock)|manifest\.json|tree\.json|cdk\.json|\.pre-commit-(config|hooks)\.yaml)$/;

/** Serverless Framework configuration files. */
export const SERVERLESS_CONFIG = /^serverless\.(ya?ml|json|ts)$/;

export function classify(filePath: string): FileKind | undefined {
  const base = path.basename(filePath);
  const ext = path.extname(base).toLowerCase();
  // serverless.ts is configuration, not function code.
  if (SERVERLESS_CONFIG.test(base)) return 'template-candidate';
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
  const result: DiscoveryResult = { files: [], skipped: [] };
  const seen = new Set<string>();
  const isConfigIgnored = configIgnoreMatcher(options.ignores, options.ignoresBase);

  const addFile = (absolute: string, explicit: boolean) => {
    const kind = classify(absolute);
    if (!kind) return;
    // An unreadable file is still listed (under its own path): reading it later reports why it failed.
    const key = realOrSelf(absolute);
    if (seen.has(key)) return;
    seen.add(key);
    result.files.push({ path: absolute, kind, explicit });
  };

  const walk = (dir: string, ancestors: Set<string>, gitignores: GitignoreScope[]) => {
    let real: string;
    let entries: Dirent[];
    try {
      real = realpathSync(dir);
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      result.skipped.push({ path: dir, reason: `cannot read folder: ${describeFsError(error)}` });
      return;
    }
    if (ancestors.has(real)) {
      result.skipped.push({ path: dir, reason: 'symbolic link loop: it points back to a folder that contains it' });
      return;
    }
    const scopes = withGitignore(dir, gitignores);
    const inside = new Set(ancestors).add(real);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
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
      if (isDir && DEFAULT_IGNORED_DIRS.has(entry.name)) continue;
      if (isGitIgnored(scopes, absolute, isDir) || isConfigIgnored(absolute, isDir)) continue;
      if (isDir) walk(absolute, inside, scopes);
      else if (isFile) addFile(absolute, false);
    }
  };

  for (const given of paths) {
    const absolute = path.resolve(options.cwd, given);
    if (!existsSync(absolute)) throw new UsageError(`No such file or folder: ${given}`);
    let stat;
    try {
      stat = statSync(absolute);
    } catch (error) {
      result.skipped.push({ path: absolute, reason: `cannot read: ${describeFsError(error)}` });
      continue;
    }
    if (stat.isDirectory()) walk(absolute, new Set(), ancestorGitignores(absolute));
    else addFile(absolute, true);
  }
  return result;
}

interface GitignoreScope {
  base: string;
  matcher: Ignore;
}

function withGitignore(dir: string, scopes: GitignoreScope[]): GitignoreScope[] {
  const file = path.join(dir, '.gitignore');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return scopes;
  }
  return [...scopes, { base: dir, matcher: ignore().add(text) }];
}

/** `.gitignore` files between the repository root and a folder linted from below the root. */
function ancestorGitignores(dir: string): GitignoreScope[] {
  const chain: string[] = [];
  let current = path.dirname(dir);
  while (true) {
    chain.unshift(current);
    if (existsSync(path.join(current, '.git'))) break;
    const parent = path.dirname(current);
    if (parent === current) return [];
    current = parent;
  }
  return chain.reduce<GitignoreScope[]>((scopes, folder) => withGitignore(folder, scopes), []);
}

function isGitIgnored(scopes: GitignoreScope[], absolute: string, isDir: boolean): boolean {
  for (const scope of scopes) {
    const relative = toPosix(path.relative(scope.base, absolute));
    if (!relative || relative.startsWith('..')) continue;
    if (scope.matcher.ignores(isDir ? `${relative}/` : relative)) return true;
  }
  return false;
}

/** A path with symbolic links resolved, or the path itself when it cannot be resolved (gone, unreadable). */
export function realOrSelf(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return file;
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
