/**
 * The pre-commit hook, installed the way pre-commit installs a node hook: pack the package, install
 * the tarball into a fresh prefix, and run the installed `sls-lint` on a list of changed files.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('pre-commit hook', () => {
  it('is declared for node, serially, over templates and sources', () => {
    const [hook] = parse(readFileSync(path.join(repo, '.pre-commit-hooks.yaml'), 'utf8')) as Record<string, unknown>[];
    expect(hook).toMatchObject({ id: 'sls-lint', language: 'node', entry: 'sls-lint', require_serial: true });
    const files = new RegExp(hook!.files as string);
    for (const f of ['template.yaml', 'stack.template.json', 'src/app.ts', 'handler.mjs', 'serverless.yml']) expect(files.test(f)).toBe(true);
    expect(files.test('README.md')).toBe(false);
  });

  it('installs from the packed tarball and lints the changed files with their project context', () => {
    const work = mkdtempSync(path.join(tmpdir(), 'sls-lint-hook-'));
    const npmEnv = { ...process.env, npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: repo, env: npmEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })) as { filename: string }[];
    const prefix = path.join(work, 'prefix');
    execFileSync('npm', ['install', '--prefix', prefix, '--prefer-offline', '--no-save', path.join(work, packed[0]!.filename)], { env: npmEnv, stdio: 'ignore' });
    const bin = path.join(prefix, 'node_modules', '.bin', 'sls-lint');

    const project = path.join(work, 'project');
    cpSync(path.join(repo, 'fixtures', 'sam-payments'), project, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: project });
    const run = spawnSync(bin, ['src/charge.mjs', 'src/fraud.mjs', '--format', 'json'], { cwd: project, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { findings: { file: string; ruleId: string }[] };
    expect(report.findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['src/charge.mjs client-in-handler', 'src/fraud.mjs heavy-import']);
    expect(run.status).toBe(0);
    expect(readdirSync(project).sort()).toEqual(readdirSync(path.join(repo, 'fixtures', 'sam-payments')).concat('.git').sort());
  }, 240_000);
});
