/** V8's code cache for the compiler module (src/source/compile-cache.ts), in fresh processes as a run uses it. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileCacheDir } from '../../src/source/compile-cache.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const built = pathToFileURL(path.join(repo, 'dist', 'src', 'source', 'compile-cache.js')).href;

/** Runs `body` in a fresh Node, with `requireWithCodeCache` imported from the build; its output, trimmed. */
function inFreshNode(body: string): string {
  const script = `const { requireWithCodeCache } = await import(${JSON.stringify(built)});\n${body}`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim();
}

/** A temporary folder with a CommonJS module `lib.cjs` of `source`, and where its cache would go. */
function moduleInTemp(source: string): { dir: string; module: string; cacheDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cc-'));
  const module = path.join(dir, 'lib.cjs');
  writeFileSync(module, source);
  return { dir, module, cacheDir: path.join(dir, 'cache') };
}

/** Loads `module` in a fresh Node. */
function load(module: string, cacheDir: string) {
  const output = inFreshNode(`const m = requireWithCodeCache(${JSON.stringify(module)}, ${JSON.stringify(cacheDir)});
    const again = (await import('node:module')).createRequire(${JSON.stringify(module)})(${JSON.stringify(module)});
    console.log(JSON.stringify({ answer: m.answer(), same: m === again }));`);
  return JSON.parse(output) as { answer: number; same: boolean };
}

describe('requireWithCodeCache', () => {
  it('runs the module, registers it as require would, and writes the cache on exit for the next run', () => {
    const { module, cacheDir } = moduleInTemp('const path = require("node:path");\nexports.answer = () => path.basename("/x/42").length * 21;\n');
    expect(load(module, cacheDir)).toEqual({ answer: 42, same: true });
    const [cacheFile] = readdirSync(cacheDir);
    expect(cacheFile).toMatch(/^lib\.cjs-.*\.v8cache$/);
    expect(load(module, cacheDir)).toEqual({ answer: 42, same: true });
    // Data V8 rejects (corrupt, or from another Node) is not used, and is written again.
    writeFileSync(path.join(cacheDir, cacheFile!), 'not a code cache');
    expect(load(module, cacheDir)).toEqual({ answer: 42, same: true });
    expect(readFileSync(path.join(cacheDir, cacheFile!)).toString()).not.toBe('not a code cache');
  });

  it("replaces the cache of the same file's earlier build, and leaves other files' caches alone", () => {
    const { module, cacheDir } = moduleInTemp('exports.answer = () => 42;\n');
    expect(load(module, cacheDir)).toEqual({ answer: 42, same: true });
    const [first] = readdirSync(cacheDir);
    writeFileSync(path.join(cacheDir, 'other.cjs-1-2-v20-x64.v8cache'), 'another file');
    // A new build: another size and time, so another cache file.
    writeFileSync(module, 'exports.answer = () => 40 + 2;\n');
    expect(load(module, cacheDir)).toEqual({ answer: 42, same: true });
    const files = readdirSync(cacheDir).sort();
    expect(files).toHaveLength(2);
    expect(files).toContain('other.cjs-1-2-v20-x64.v8cache');
    expect(files).not.toContain(first);
  });

  it('registers a build of a module under the path it stands for, so requiring either gives one copy', () => {
    const { dir, module: original, cacheDir } = moduleInTemp('exports.answer = () => 42;\n');
    const build = path.join(dir, 'lib.min.cjs');
    writeFileSync(build, 'exports.answer=()=>42;\n');
    for (const cache of [cacheDir, undefined]) {
      const output = inFreshNode(`const m = requireWithCodeCache(${JSON.stringify(build)}, ${cache === undefined ? 'undefined' : JSON.stringify(cache)}, { standsFor: ${JSON.stringify(original)} });
        const again = (await import('node:module')).createRequire(${JSON.stringify(original)})(${JSON.stringify(original)});
        console.log(m === again && m.answer() === 42);`);
      expect(output, `cache ${cache ?? 'off'}`).toBe('true');
    }
  });

  it('writes no cache when the run says it did not use the module enough', () => {
    const { module, cacheDir } = moduleInTemp('exports.answer = () => 42;\n');
    const run = (worth: boolean) => inFreshNode(`requireWithCodeCache(${JSON.stringify(module)}, ${JSON.stringify(cacheDir)}, { worthWriting: () => ${worth} });`);
    run(false);
    expect(existsSync(cacheDir)).toBe(false);
    run(true);
    expect(readdirSync(cacheDir)).toHaveLength(1);
  });

  it('keeps its cache out of the project, and can be moved or turned off', () => {
    expect(compileCacheDir({})).toContain(tmpdir());
    expect(compileCacheDir({ SLS_LINT_COMPILE_CACHE: 'off' })).toBeUndefined();
    expect(compileCacheDir({ SLS_LINT_COMPILE_CACHE: '/var/cache/x' })).toBe('/var/cache/x');
  });
});
