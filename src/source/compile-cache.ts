/**
 * The TypeScript compiler module (9 MB of JavaScript) with V8's code cache: compiling it is most of
 * the cost of loading it (about 0.3 s, on every run that reads code), and V8 can skip that with
 * the code it compiled on an earlier run. Node 22 has `module.enableCompileCache()`; Node 20,
 * which sls-lint supports, has only `vm.Script`'s `cachedData`, so this does the same for one file.
 *
 * The cache lives outside the user's project, in a folder of the user's own under the system's
 * temporary folder (`SLS_LINT_COMPILE_CACHE=<dir>` moves it, `=off` turns it off). V8 checks the
 * data against the source and its own version and flags, and rejects what does not match; a folder
 * that is not the user's own is never read. Any failure falls back to a plain `require`.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { readUtf8 } from '../parse/decode.js';
import { isMainThread } from 'node:worker_threads';

export function compileCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const setting = env.SLS_LINT_COMPILE_CACHE;
  if (setting === 'off' || setting === '0' || setting === 'false') return undefined;
  if (setting) return path.resolve(setting);
  return path.join(tmpdir(), `sls-lint-compile-cache-${process.getuid?.() ?? 'user'}`);
}

export interface CodeCacheOptions {
  /** The module `file` is a build of (the minified compiler stands for ts-morph's): registered under that path too, so requiring either gives this one copy. */
  standsFor?: string;
  /**
   * Asked at exit, before a missing cache is written: whether this run used the module enough to be
   * worth keeping. The cache holds only the functions the run compiled, and V8 compiles the others
   * afresh on every later run that accepts it, so a cache written by `--version` costs every later
   * run of the CLI about 30 ms.
   */
  worthWriting?: () => boolean;
}

/** `require(file)` for a CommonJS module, compiled from the code cache in `cacheDir` when it holds a valid one. */
export function requireWithCodeCache(file: string, cacheDir: string | undefined, options: CodeCacheOptions = {}): unknown {
  const require = createRequire(file);
  const exports = cacheDir === undefined || require.cache[file] ? require(file) : requireCompiled(file, cacheDir, options.worthWriting);
  // The path it stands for only if nothing is loaded from there yet: one copy, whichever came first.
  if (options.standsFor !== undefined) require.cache[options.standsFor] ??= require.cache[file];
  return exports;
}

function requireCompiled(file: string, cacheDir: string, worthWriting: (() => boolean) | undefined): unknown {
  let loaded: { exports: unknown; script: vm.Script; cacheFile: string; hadCache: boolean };
  try {
    loaded = compileWithCache(file, cacheDir);
  } catch {
    return createRequire(file)(file);
  }
  if (!loaded.hadCache && isMainThread) {
    // Written once the run has used the module, so the functions it compiled lazily are in it too.
    process.once('exit', () => {
      if (worthWriting?.() !== false) writeCache(loaded.cacheFile, loaded.script, file);
    });
  }
  return loaded.exports;
}

function compileWithCache(file: string, cacheDir: string) {
  const stat = statSync(file);
  const cacheFile = path.join(cacheDir, `${path.basename(file)}-${stat.size}-${Math.trunc(stat.mtimeMs)}-${process.version}-${process.arch}.v8cache`);
  const cachedData = readOwnCache(cacheDir, cacheFile);
  const script = new vm.Script(Module.wrap(readUtf8(file)), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  const module = new Module(file);
  module.filename = file;
  // Registered as `require` would, so ts-morph (or a test) requiring the same file gets this one copy.
  const require = createRequire(file);
  require.cache[file] = module;
  try {
    wrapper.call(module.exports, module.exports, require, module, file, path.dirname(file));
  } catch (error) {
    delete require.cache[file];
    throw error;
  }
  module.loaded = true;
  return { exports: module.exports, script, cacheFile, hadCache: cachedData !== undefined && !script.cachedDataRejected };
}

/** The cached code, if the folder is this user's own and the file is there. */
function readOwnCache(cacheDir: string, cacheFile: string): Buffer | undefined {
  try {
    const dir = statSync(cacheDir);
    if (!dir.isDirectory() || (process.getuid && dir.uid !== process.getuid())) return undefined;
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

function writeCache(cacheFile: string, script: vm.Script, source: string): void {
  try {
    mkdirSync(path.dirname(cacheFile), { recursive: true, mode: 0o700 });
    const temporary = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    renameSync(temporary, cacheFile);
    // The same file's caches for other builds (an upgrade, another checkout) would pile up otherwise.
    const prefix = `${path.basename(source)}-`;
    for (const name of readdirSync(path.dirname(cacheFile))) {
      if (name.startsWith(prefix) && name.endsWith('.v8cache') && name !== path.basename(cacheFile)) rmSync(path.join(path.dirname(cacheFile), name), { force: true });
    }
  } catch {
    // A cache that cannot be written costs the next run its compile time, nothing more.
  }
}
