/**
 * Benchmark on a real folder (`npm run bench -- --corpus ~/src/serverless-patterns`): the whole CLI
 * over it, next to baselines measured in the same run on the same files — Node's start-up, and a
 * bare Node process that reads every template sls-lint reads and parses it with `yaml` (the floor
 * for any linter that reads YAML). Prints time, files per second and peak memory, and the time of
 * each phase as the CLI measures it (`SLS_LINT_TIMING=1`), on one thread and on a thread per core
 * (`--concurrency 1` and `--concurrency <cores>`), and checks that both print the same report.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { measure } from './measure.mjs';

/**
 * @param {{ folder: string, runs: number, here: string, cli: string, extraArgs: string[] }} options
 */
export function benchCorpus({ folder, runs, here, cli, extraArgs }) {
  const work = mkdtempSync(path.join(tmpdir(), 'sls-lint-corpus-'));
  const output = path.join(work, 'report.json');
  try {
    const node = measure(['-e', ''], { runs, label: 'node start-up' });
    const baseline = measure([path.join(here, 'baseline-parse.mjs'), folder, '--real'], { runs, label: 'baseline parse' });
    const lint = measure([cli, folder, '--format', 'json', '--output', output, '--concurrency', '1', ...extraArgs], { runs, label: 'sls-lint', env: { SLS_LINT_TIMING: '1' } });
    const single = readFileSync(output, 'utf8');
    const cores = availableParallelism();
    const pooled = measure([cli, folder, '--format', 'json', '--output', output, '--concurrency', String(Math.max(2, cores)), ...extraArgs], { runs, label: 'sls-lint --concurrency <cores>', env: { SLS_LINT_TIMING: '1' } });
    const sameReport = readFileSync(output, 'utf8') === single;
    if (!sameReport) process.exitCode = 1;
    const report = JSON.parse(single);
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
    console.log(row('sls-lint, 1 thread', lint, files, 'files'));
    console.log(row(`sls-lint, ${Math.max(2, cores)} threads (${cores} cores)`, pooled, files, 'files'));
    console.log(`  ratio sls-lint / baseline parse: ${(lint.median / baseline.median).toFixed(2)}x on 1 thread, ${(pooled.median / baseline.median).toFixed(2)}x on ${Math.max(2, cores)}`);
    console.log(`  ${Math.max(2, cores)} threads / 1 thread: ${(pooled.median / lint.median).toFixed(2)}x the time, ${(pooled.cpu / lint.cpu).toFixed(2)}x the CPU; same report: ${sameReport ? 'yes' : 'NO'}`);
    const counts = [...pooled.stderr.matchAll(/^sls-lint timing: (units[^:]*): (\d+)$/gm)].map((m) => `${m[2]} ${m[1]}`);
    if (counts.length) console.log(`  ${counts.join(', ')}`);
    if (lint.phases.size) {
      console.log('  phases on 1 thread (median over runs; files/s is the files seen over the phase time; peak RSS when the phase ended):');
      console.log(`    ${'phase'.padEnd(28)} ${'ms'.padStart(7)}  ${'share'.padStart(5)}  ${'files/s'.padStart(8)}  peak RSS`);
      for (const [phase, samples] of lint.phases) {
        samples.sort((a, b) => a - b);
        const median = samples[Math.floor(samples.length / 2)];
        const peak = lint.phasePeaks.get(phase);
        console.log(`    ${phase.padEnd(28)} ${median.toFixed(0).padStart(7)}  ${((median / 1000 / lint.median) * 100).toFixed(0).padStart(4)}%  ${(files / (median / 1000)).toFixed(0).padStart(8)}  ${peak === undefined ? '' : `${String(peak).padStart(4)} MiB`}`);
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
