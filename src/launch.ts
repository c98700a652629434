/**
 * What bin/sls-lint.js runs: the bundled CLI (dist/bundle/cli.js), loaded through V8's code cache.
 * Node 20 compiles an ES module afresh on every run, about 60 ms for the CLI's 1.4 MB; the bundle
 * is CommonJS so that it goes through the same cache as the TypeScript compiler (see
 * source/compile-cache.ts). Only meaningful inside dist/bundle/, where cli.js is that bundle.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileCacheDir, requireWithCodeCache } from './source/compile-cache.js';
import { setV8Flags } from './source/v8-flags.js';

interface Cli {
  main: (argv: string[]) => Promise<number>;
  analysedFiles: () => boolean;
}

export function loadCli(): Pick<Cli, 'main'> {
  // Before anything is compiled or read from the code cache (see source/v8-flags.ts).
  setV8Flags();
  const bundle = path.join(path.dirname(fileURLToPath(import.meta.url)), 'cli.js');
  // The bundle's cache is kept from a run that analysed files, not from `--version`, `--help`, a usage error or a `--cache` hit.
  const cli: Cli = requireWithCodeCache(bundle, compileCacheDir(), { worthWriting: () => cli.analysedFiles() }) as Cli;
  return cli;
}
