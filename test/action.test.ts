/**
 * The GitHub Action, run the way a workflow runs it: action.yml's lint step, its `${{ inputs.* }}`
 * filled from the inputs' defaults and the workflow's `with:`, executed by bash in the workspace with
 * the variables GitHub sets (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_WORKSPACE, ...). It runs the
 * built entry script, so `npm test` (which builds first) is the way to run it.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { splitPaths } from '../src/action/index.js';
import { MAX_UNLINKED, renderJobSummary, type JsonReport } from '../src/action/summary.js';
import { validateSarif } from './support/sarif-schema.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

interface ActionStep {
  id?: string;
  name: string;
  if?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
const action = parse(readFileSync(path.join(repo, 'action.yml'), 'utf8')) as {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: ActionStep[] };
};

/** Runs the action's lint step as the runner would, in a fresh workspace holding `files`. */
function runLintStep(files: Record<string, string> | string, withInputs: Record<string, string> = {}) {
  const workspace = mkdtempSync(path.join(tmpdir(), 'sls-lint-action-'));
  if (typeof files === 'string') cpSync(files, workspace, { recursive: true });
  else
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(workspace, name)), { recursive: true });
      writeFileSync(path.join(workspace, name), text);
    }
  const runnerTemp = mkdtempSync(path.join(tmpdir(), 'sls-lint-runner-'));
  const summary = path.join(runnerTemp, 'step_summary.md');
  const output = path.join(runnerTemp, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, input.default ?? ''])), ...withInputs };
  const expand = (value: string) => value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? '');
  const step = action.runs.steps.find((s) => s.id === 'lint')!;
  const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, expand(value)]));
  const result = spawnSync('bash', ['-e', '-c', expand(step.run!)], {
    cwd: path.resolve(workspace, expand(step['working-directory'] ?? '.')),
    encoding: 'utf8',
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: repo,
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_SHA: '0123abcd',
      RUNNER_TEMP: runnerTemp,
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, summary: readFileSync(summary, 'utf8'), outputs, workspace };
}

describe('action.yml', () => {
  it('declares the inputs a workflow sets, and uploads SARIF only when asked, even after failing findings', () => {
    expect(Object.keys(action.inputs)).toEqual(expect.arrayContaining(['paths', 'config', 'preset', 'format', 'upload-sarif']));
    expect(action.runs.using).toBe('composite');
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'))!;
    expect(upload.if).toMatch(/always\(\)/);
    expect(upload.if).toMatch(/inputs\.upload-sarif == 'true'/);
    expect(upload.with?.sarif_file).toBe('${{ steps.lint.outputs.sarif-file }}');
    // Every input the lint step passes on is one the action declares.
    const lint = action.runs.steps.find((s) => s.id === 'lint')!;
    for (const value of Object.values(lint.env ?? {})) expect(Object.keys(action.inputs)).toContain(/inputs\.([\w-]+)/.exec(value)![1]);
  });

  it('lints the workspace: annotations in the log, SARIF, outputs, and a job summary with links, counts and the diagram', () => {
    const run = runLintStep(path.join(repo, 'examples', 'orders'), { 'upload-sarif': 'true' });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^::error file=template\.yaml,line=\d+/m);
    expect(Number(run.outputs.errors)).toBeGreaterThan(0);
    expect(Number(run.outputs.warnings)).toBeGreaterThan(0);
    const sarif = JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8'));
    expect(validateSarif(sarif)).toEqual([]);
    expect(run.summary).toMatch(new RegExp(`^## sls-lint: ${run.outputs.errors} errors, ${run.outputs.warnings} warnings$`, 'm'));
    expect(run.summary).toMatch(/preset `recommended`/);
    expect(run.summary).toMatch(/^\| \[`function-timeout`\]\(https:\/\/github\.com\/sls-lint\/sls-lint\/blob\/main\/docs\/rules\/function-timeout\.md\) \| timeouts and DLQs \| 2 \| 1 \|$/m);
    expect(run.summary).toMatch(/\[template\.yaml:(\d+)\]\(https:\/\/github\.com\/acme\/shop\/blob\/0123abcd\/template\.yaml#L\1\)/);
    expect(run.summary).toMatch(/\[src\/charge-payment\.mjs:(\d+)\]\(https:\/\/github\.com\/acme\/shop\/blob\/0123abcd\/src\/charge-payment\.mjs#L\1\)/);
    // Errors come first among the top findings.
    const severities = [...run.summary.matchAll(/^\| (🔴 error|🟡 warning) \|/gm)].map((m) => m[1]);
    expect(severities.indexOf('🟡 warning')).toBeGreaterThan(severities.lastIndexOf('🔴 error'));
    expect(run.summary).toMatch(/```mermaid\nflowchart LR\n[\s\S]*λ FulfilOrderFunction[\s\S]*```/);
    expect(run.summary).not.toMatch(/could not be linked/);
  });

  it('lists the handlers it could not link, and why, and honours preset, format and fail-on', () => {
    const template = [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Resources:',
      '  Worker:',
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      Runtime: nodejs24.x',
      '      Handler: index.handler',
      '      CodeUri: build/worker/',
      '      Timeout: 10',
      '',
    ].join('\n');
    const quiet = runLintStep({ 'infra/template.yaml': template }, { format: 'json', paths: 'infra' });
    expect(quiet.code).toBe(0);
    expect(JSON.parse(quiet.stdout).findings).toEqual([]);
    expect(quiet.summary).toMatch(/^## sls-lint: no problems$/m);
    expect(quiet.summary).toMatch(/### Handlers that could not be linked[\s\S]*\| Worker \| \[infra\/template\.yaml:4\]\(https:\/\/github\.com\/acme\/shop\/blob\/0123abcd\/infra\/template\.yaml#L4\) \| [^|]*build\/worker[^|]* \|/);

    const all = runLintStep({ 'infra/template.yaml': template }, { preset: 'all', 'fail-on': 'warning', paths: 'infra' });
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^::warning file=infra\/template\.yaml,.*title=function-tracing::/m);
    expect(all.summary).toMatch(/preset `all`/);
    expect(all.outputs['sarif-file']).toBeUndefined();
  });

  it('says what is wrong with an input, on the run page, and exits 2', () => {
    const run = runLintStep({ 'template.yaml': 'Resources: {}\n' }, { preset: 'strict' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error title=sls-lint::Unknown preset "strict" given to --preset/m);
    expect(runLintStep({ 'template.yaml': 'Resources: {}\n' }, { 'fail-on': 'sometimes' }).stdout).toMatch(/"fail-on" input takes error, warning or never/);
  });

  it('splits paths given on one line or one per line', () => {
    expect(splitPaths('infra  services/api')).toEqual(['infra', 'services/api']);
    expect(splitPaths('infra\nservices/my api\n')).toEqual(['infra', 'services/my api']);
    expect(splitPaths('')).toEqual([]);
  });
});

describe('job summary', () => {
  const result = { root: '/ws', cwd: '/ws', findings: [], skipped: [], notices: [], handlers: [], rules: [], stats: { filesSeen: 0, templates: 1, functions: 40, bytesRead: 0 } };
  const report = (overrides: Partial<JsonReport>): JsonReport => ({
    root: '/ws',
    summary: { errors: 0, warnings: 0, suppressed: 0, templates: 1, functions: 40 },
    findings: [],
    handlers: [],
    ...overrides,
  });
  const context = { workspace: '/ws', blobBase: 'https://github.com/acme/shop/blob/abc', preset: 'recommended' };

  it('keeps a message inside its table cell and renders no HTML from it', () => {
    const text = renderJobSummary(
      report({ summary: { errors: 1, warnings: 0, suppressed: 0, templates: 1, functions: 1 }, findings: [{ ruleId: 'x', severity: 'error', message: 'a | b <img src=x>\nc', file: 'outside/../../etc/t.yaml', line: 3, column: 1 }] }),
      result,
      context,
    );
    expect(text).toContain('| a \\| b &lt;img src=x&gt; c |');
    // A file outside the workspace gets no link.
    expect(text).toContain('| 🔴 error | outside/../../etc/t.yaml:3 |');
  });

  it('lists at most MAX_UNLINKED handlers it could not link, and says how many more there are', () => {
    const handlers = Array.from({ length: MAX_UNLINKED + 5 }, (_, i) => ({ function: `Fn${i}`, file: 'template.yaml', line: i + 1, status: 'not-linked', reason: 'CodeUri dist/ does not exist' }));
    const text = renderJobSummary(report({ handlers }), result, context);
    expect(text.match(/^\| Fn\d+ \|/gm)).toHaveLength(MAX_UNLINKED);
    expect(text).toContain('5 more: the JSON report');
    expect(text).toContain('0 of 35 handlers linked to source');
  });
});
