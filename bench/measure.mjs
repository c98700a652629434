/**
 * Runs a Node command `runs` times and reports its median and best wall time, the median CPU time
 * (all threads) and peak RSS the preloaded `report-rss.mjs` prints on exit, and the phase times the CLI prints with
 * `SLS_LINT_TIMING=1` (each phase's samples, one per run) with the peak RSS each phase ended at.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const preload = path.join(path.dirname(fileURLToPath(import.meta.url)), 'report-rss.mjs');

/** @param {string[]} args @param {{ runs: number, label: string, env?: Record<string, string> }} options */
export function measure(args, { runs, label, env = {} }) {
  const samples = [];
  const cpus = [];
  const phases = new Map();
  const phasePeaks = new Map();
  let rss = 0;
  let status = 0;
  let stderr = '';
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--import', preload, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024 });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.error) throw child.error;
    status = child.status;
    if (child.status !== 0 && child.status !== 1) throw new Error(`${label} exited with ${child.status}:\n${child.stderr}`);
    stderr = child.stderr;
    const match = /SLS_LINT_BENCH_MAXRSS=(\d+)/.exec(child.stderr);
    rss = Math.max(rss, match ? Number(match[1]) * 1024 : 0);
    const cpu = /SLS_LINT_BENCH_CPU=(\d+)/.exec(child.stderr);
    if (cpu) cpus.push(Number(cpu[1]) / 1e6);
    for (const [, phase, ms] of child.stderr.matchAll(/^sls-lint timing: (.+?) (\d+(?:\.\d+)?) ms$/gm)) {
      phases.set(phase, [...(phases.get(phase) ?? []), Number(ms)]);
    }
    for (const [, phase, mib] of child.stderr.matchAll(/^sls-lint memory: peak RSS after (.+?) (\d+) MiB$/gm)) {
      phasePeaks.set(phase, Math.max(phasePeaks.get(phase) ?? 0, Number(mib)));
    }
    samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { label, median: samples[Math.floor(samples.length / 2)], best: samples[0], cpu: cpus[Math.floor(cpus.length / 2)] ?? NaN, rss, status, phases, phasePeaks, stderr };
}
