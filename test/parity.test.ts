/**
 * Cross-format parity: fixtures/parity holds one application written in every IaC format sls-lint
 * reads. Each must give the same (rule, part of the application) findings and link the same
 * handlers: a rule is written once, against the model, and must not depend on the format.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { lint } from '../src/engine/run.js';
import type { LintResult } from '../src/engine/result.js';
import { loadPinnedConfig } from './support/pinned-config.js';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'parity');
/** For each format's file: which resource is which part of the application. */
const entities = JSON.parse(readFileSync(path.join(dir, 'entities.json'), 'utf8')) as Record<string, Record<string, string>>;
const REFERENCE = 'template.yaml';

let result: LintResult | undefined;
async function run(): Promise<LintResult> {
  if (!result) {
    result = await lint({ cwd: dir, paths: ['.'], config: await loadPinnedConfig(dir, { preset: 'all' }) });
  }
  return result;
}

/**
 * The folder holds the CDK app's code and its synthesized cdk.out: linting the folder reads the
 * code (and leaves out the templates of the stacks it modelled), so cdk.out is linted on its own.
 */
let synthResult: LintResult | undefined;
async function runSynth(): Promise<LintResult> {
  if (!synthResult) {
    synthResult = await lint({ cwd: dir, paths: ['cdk.out'], config: await loadPinnedConfig(dir, { preset: 'all' }) });
  }
  return synthResult;
}

const runFor = (file: string) => (file.startsWith('cdk.out/') ? runSynth() : run());

async function findingsOf(file: string): Promise<string[]> {
  const { findings } = await runFor(file);
  const names = entities[file]!;
  return findings
    .filter((f) => path.relative(dir, f.loc.file) === file)
    .map((f) => {
      const entity = f.resource === undefined ? '(no resource)' : (names[f.resource] ?? `(unmapped ${f.resource})`);
      return `${f.ruleId} ${entity}`;
    })
    .sort();
}

describe('cross-format parity (fixtures/parity)', () => {
  it('the reference format has the deliberate findings', async () => {
    expect(await findingsOf(REFERENCE)).toEqual([
      'eol-runtime worker',
      'function-timeout queue',
      'function-tracing api',
      'function-tracing worker',
      'hardcoded-secret api',
      // sqs:* on Resource "*": one finding, by iam-wildcard-action, that names both halves.
      'iam-wildcard-action worker-role',
      'queue-redrive queue',
      'sqs-partial-batch worker',
    ]);
  });

  for (const file of Object.keys(entities).filter((f) => f !== REFERENCE)) {
    it(`${file} gives the same (rule, resource) findings as ${REFERENCE}`, async () => {
      expect(await findingsOf(file)).toEqual(await findingsOf(REFERENCE));
    });
  }

  it('every format links the api and the worker to their source', async () => {
    for (const file of Object.keys(entities)) {
      const { handlers } = await runFor(file);
      const linked = handlers
        .filter((h) => path.relative(dir, h.loc.file) === file)
        .map((h) => `${entities[file]![h.functionId]} → ${h.source ? path.relative(dir, h.source) : h.reason}`)
        .sort();
      expect(linked, file).toEqual(['api → src/api.ts', 'worker → src/worker.ts']);
    }
  });

  it('the handler findings are reported once, for every format that runs the worker', async () => {
    const { findings } = await run();
    const code = findings.filter((f) => f.loc.file.endsWith(path.join('src', 'worker.ts')));
    expect(code.map((f) => f.ruleId).sort()).toEqual(['client-in-handler', 'idempotent-consumer']);
  });
});
