// Preloaded into every benchmarked process: print its peak resident set size when it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nSLS_LINT_BENCH_MAXRSS=${process.resourceUsage().maxRSS}\n`);
});
