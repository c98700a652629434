/**
 * Phase timings for the benchmark (`SLS_LINT_TIMING=1`, as ESLint's `TIMING=1`): each `lap` names
 * the phase that just ended with the time since the previous lap, and the CLI prints them to stderr
 * on exit. Off by default, and then free: nothing is recorded.
 */
import { performance } from 'node:perf_hooks';

const enabled = Boolean(process.env.SLS_LINT_TIMING);
const laps = new Map<string, number>();
// From the process start (performance.now() counts from it), so the first lap includes loading the modules.
let last = 0;

/** The process's peak resident memory when each phase last ended, in KiB: what the phase grew it to. */
const peaks = new Map<string, number>();

/** Records the time since the previous lap (or the process start) under `phase`; laps of one phase add up. */
export function lap(phase: string): void {
  if (!enabled) return;
  const now = performance.now();
  laps.set(phase, (laps.get(phase) ?? 0) + (now - last));
  peaks.set(phase, process.resourceUsage().maxRSS);
  last = now;
}

const counts = new Map<string, number>();

/** `sls-lint timing: <phase> <ms> ms` lines, one per phase in the order they first ended, then the counts. */
export function printTimings(write: (line: string) => void): void {
  if (!enabled) return;
  for (const [phase, ms] of laps) write(`sls-lint timing: ${phase} ${ms.toFixed(1)} ms\n`);
  for (const [phase, kib] of peaks) write(`sls-lint memory: peak RSS after ${phase} ${(kib / 1024).toFixed(0)} MiB\n`);
  for (const [name, n] of counts) write(`sls-lint timing: ${name}: ${n}\n`);
}

/** A count that explains the timings (units of work, units analysed again). */
export function count(name: string, n: number): void {
  if (enabled) counts.set(name, (counts.get(name) ?? 0) + n);
}

/** Adds `ms` to `phase` directly: time measured elsewhere (another thread, a wall clock around a pool). */
export function record(phase: string, ms: number): void {
  if (!enabled) return;
  laps.set(phase, (laps.get(phase) ?? 0) + ms);
}

/** Starts the next lap now: the time since the previous one (waiting for other threads) belongs to no phase. */
export function restartLap(): void {
  if (enabled) last = performance.now();
}

/** The laps recorded so far, cleared: a worker thread hands its phases to the main thread with each unit. */
export function takeLaps(): [string, number][] {
  const taken = [...laps];
  laps.clear();
  return taken;
}
