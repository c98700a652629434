// Preloaded into every benchmarked process: print its peak resident set size and the CPU time of
// all its threads (user + system, in microseconds) when it exits.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\nSLS_LINT_BENCH_MAXRSS=${usage.maxRSS}\nSLS_LINT_BENCH_CPU=${usage.userCPUTime + usage.systemCPUTime}\n`);
});
