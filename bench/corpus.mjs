/**
 * Benchmark on a real folder (`npm run bench -- --corpus ~/src/serverless-patterns`): the whole CLI
 * over it, next to baselines measured in the same run on the same files — Node's start-up, and a
 * bare Node process that reads every template sls-lint reads and parses it with `yaml` (the floor
 * for any linter that reads YAML). Prints time, files per second and peak memory, and the time of
 * each phase as the CLI measures it (`SLS_LINT_TIMING=1`).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * @param {{ folder: string, runs: number, here: string, cli: string, extraArgs: string[] }} options
 */
export function benchCorpus({ folder, runs, here, cli, extraArgs }) {
  const work = mkdtempSync(path.join(tmpdir(), 'sls-lint-corpus-'));
  const output = path.join(work, 'report.json');
  try {
    const node = measure(['-e', ''], runs, here);
    const baseline = measure([path.join(here, 'baseline-parse.mjs'), folder, '--real'], runs, here);
    const lint = measure([cli, folder, '--format', 'json', '--output', output, ...extraArgs], runs, here, { SLS_LINT_TIMING: '1' });
    const report = JSON.parse(readFileSync(output, 'utf8'));
    const summary = report.summary ?? {};
    const handlers = report.handlers ?? [];
    const linked = handlers.filter((h) => h.status === 'linked');
    const byLanguage = {};
    for (const h of linked) byLanguage[h.language ?? '?'] = (byLanguage[h.language ?? '?'] ?? 0) + 1;
    const files = summary.filesSeen ?? 0;
    const templatesParsed = Number(/SLS_LINT_BENCH_FILES=(\d+)/.exec(baseline.stderr)?.[1] ?? 0);

    console.log(`corpus: ${folder}`);
    console.log(`  ${files} files seen, ${summary.templates ?? '?'} templates/configs modelled, ${summary.functions ?? '?'} functions, ${linked.length} handlers linked (${Object.entries(byLanguage).map(([k, v]) => `${v} ${k}`).join(', ') || 'none'}), ${report.findings?.length ?? '?'} findings`);
    console.log(`  ${runs} runs each, median shown`);
    const row = (label, r, count, unit) =>
      `  ${label.padEnd(38)} ${r.median.toFixed(3).padStart(7)} s  ${count ? `${(count / r.median).toFixed(0).padStart(6)} ${unit}/s` : ''.padStart(6 + unit.length + 3)}  peak RSS ${(r.rss / 1024 / 1024).toFixed(0).padStart(4)} MiB`;
    console.log(row('node start-up', node, 0, 'files'));
    console.log(row(`baseline: yaml.parseDocument (${templatesParsed})`, baseline, templatesParsed, 'templates'));
    console.log(row('sls-lint (whole CLI)', lint, files, 'files'));
    console.log(`  ratio sls-lint / baseline parse: ${(lint.median / baseline.median).toFixed(2)}x`);
    if (lint.phases.size) {
      console.log('  phases (median over runs, ms):');
      for (const [phase, samples] of lint.phases) {
        samples.sort((a, b) => a - b);
        const median = samples[Math.floor(samples.length / 2)];
        console.log(`    ${phase.padEnd(24)} ${median.toFixed(0).padStart(7)}  ${((median / 1000 / lint.median) * 100).toFixed(0).padStart(3)}%`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function measure(args, runs, here, env = {}) {
  const preload = path.join(here, 'report-rss.mjs');
  const samples = [];
  const phases = new Map();
  let rss = 0;
  let stderr = '';
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--import', preload, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 256 * 1024 * 1024 });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.error) throw child.error;
    if (child.status !== 0 && child.status !== 1) throw new Error(`${args.join(' ')} exited with ${child.status}:\n${child.stderr}`);
    stderr = child.stderr;
    const match = /SLS_LINT_BENCH_MAXRSS=(\d+)/.exec(child.stderr);
    rss = Math.max(rss, match ? Number(match[1]) * 1024 : 0);
    for (const [, phase, ms] of child.stderr.matchAll(/^sls-lint timing: (.+?) (\d+(?:\.\d+)?) ms$/gm)) {
      phases.set(phase, [...(phases.get(phase) ?? []), Number(ms)]);
    }
    samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], rss, phases, stderr };
}
