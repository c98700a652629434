/**
 * `--cache`: a run over unchanged inputs returns the stored result without parsing anything.
 *
 * The key hashes everything a result depends on: the sls-lint version, the configuration file and
 * options, every discovered file's path and content (templates, handlers, the modules they import),
 * and the installed node_modules (heavy-import measures it). Any change re-runs everything: correct
 * first; finer-grained reuse can come later.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { DiscoveredFile } from '../discover/index.js';
import { readUtf8 } from '../parse/decode.js';
import type { LintResult } from './result.js';

const CACHE_FILE = 'result.json';
const FORMAT = 1;

/**
 * Where `--cache` keeps its file without `--cache-location`: node_modules/.cache/sls-lint, next to
 * other tools' caches, when the project has a node_modules folder; otherwise the user's cache folder
 * (one sub-folder per project), so that a project without one does not get a node_modules.
 */
export function defaultCacheLocation(root: string, env: NodeJS.ProcessEnv = process.env): string {
  if (existsSync(path.join(root, 'node_modules'))) return path.join(root, 'node_modules', '.cache', 'sls-lint');
  const project = `${path.basename(root) || 'root'}-${createHash('sha256').update(root).digest('hex').slice(0, 12)}`;
  return path.join(userCacheFolder(env), 'sls-lint', project);
}

function userCacheFolder(env: NodeJS.ProcessEnv): string {
  if (process.platform === 'win32') return env.LOCALAPPDATA ?? path.join(homedir(), 'AppData', 'Local');
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Caches');
  return env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(homedir(), '.cache');
}

export function cacheKey(parts: { version: string; configFile: string | undefined; options: unknown; files: DiscoveredFile[]; root: string }): string {
  const hash = createHash('sha256');
  hash.update(`${FORMAT}\0${parts.version}\0${JSON.stringify(parts.options)}\0`);
  if (parts.configFile) hash.update(`${parts.configFile}\0${contentOf(parts.configFile)}\0`);
  for (const file of [...parts.files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    hash.update(`${file.path}\0${file.kind}\0${file.explicit}\0`);
    hash.update(contentOf(file.path));
  }
  // npm rewrites this file on every install: a changed dependency tree changes measured import sizes.
  hash.update(`\0${mtimeOf(path.join(parts.root, 'node_modules', '.package-lock.json'))}`);
  return hash.digest('hex');
}

export function readCache(location: string, key: string): LintResult | undefined {
  try {
    const stored = JSON.parse(readUtf8(path.join(location, CACHE_FILE))) as { key: string; result: LintResult };
    return stored.key === key ? stored.result : undefined;
  } catch {
    return undefined;
  }
}

/** Best effort: a cache that cannot be written only costs speed next time. */
export function writeCache(location: string, key: string, result: LintResult): void {
  try {
    mkdirSync(location, { recursive: true });
    writeFileSync(path.join(location, CACHE_FILE), JSON.stringify({ key, result }));
  } catch {
    // ignored on purpose
  }
}

function contentOf(file: string): Buffer | string {
  try {
    return readFileSync(file);
  } catch (error) {
    return `unreadable:${(error as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}
