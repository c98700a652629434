/**
 * The one V8 flag sls-lint sets, and the rule for when it is set.
 *
 * V8 recompiles hot WebAssembly with its optimizing compiler in the background, and with its default
 * budget tree-sitter's functions qualify within the first Python file. That compile costs about
 * 0.1–0.3 s of CPU, which a run with a handful of Python files never earns back, and Node waits for it
 * before it exits. A larger budget leaves small runs on the baseline code and still optimizes the
 * parser in a run that parses hundreds of files. The flag is process-wide: the parser is the only
 * WebAssembly sls-lint runs.
 *
 * Only the CLI's own process sets it, first thing (src/launch.ts): V8 stamps a code cache with a hash
 * of all its flags and rejects a cache made under other flags, so a flag set partway through a run
 * (when the first Python file was parsed, as before) wrote caches that every later run rejected,
 * compiling the TypeScript compiler afresh each time (about 0.26 s). Set before anything is compiled,
 * every cache the CLI reads and writes is made under the same flags. A process that uses sls-lint as
 * a library (the ESLint plugin in an editor, `lint()`) keeps V8's defaults: the flags are its host's.
 */
import v8 from 'node:v8';

export function setV8Flags(): void {
  // V8 prints an error for a flag it does not know: only the engines of Node 20–24, which have this one.
  const major = Number(process.versions.v8.split('.')[0]);
  if (!(major >= 11 && major <= 13)) return;
  try {
    v8.setFlagsFromString('--wasm-tiering-budget=200000000');
  } catch {
    // Without it, the default budget: slower to start, nothing else.
  }
}
