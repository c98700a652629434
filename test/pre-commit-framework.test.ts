/**
 * The hook under the real pre-commit framework, as a user meets it: a hook repository at a commit,
 * `pre-commit install --install-hooks` (pre-commit runs `npm install`, then `npm pack`, and takes the
 * tarball name from pack's standard output), then real `git commit`s in a project.
 *
 * Slow (pre-commit installs the package's dependencies from the npm registry or cache), and only
 * possible where `pre-commit` and `git` are installed: .ci/run installs Debian's pre-commit.
 */
import { execFileSync, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, existsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function installed(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}
const missing = ['pre-commit', 'git'].filter((command) => !installed(command));

/**
 * A user's environment: none of the npm_* variables `npm test` passes down (they would point npm
 * inside the hook's clone back at this repository), a private pre-commit home, a git identity.
 */
function userEnv(work: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return {
    ...env,
    PRE_COMMIT_HOME: path.join(work, 'pre-commit-home'),
    GIT_AUTHOR_NAME: 'Test User',
    GIT_AUTHOR_EMAIL: 'test@example.com',
    GIT_COMMITTER_NAME: 'Test User',
    GIT_COMMITTER_EMAIL: 'test@example.com',
    GIT_CONFIG_NOSYSTEM: '1',
    HOME: work,
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // The registry cache stays shared: a user's machine has one too, and it keeps the test fast.
    npm_config_cache: process.env.npm_config_cache ?? path.join(process.env.HOME ?? tmpdir(), '.npm'),
    NO_COLOR: '1',
  };
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: 'utf8' });
}

/** This working tree (uncommitted changes included) as a hook repository with one commit. */
function hookRepository(work: string, env: NodeJS.ProcessEnv): { url: string; rev: string } {
  const hook = path.join(work, 'hook-repo');
  mkdirSync(hook);
  const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: repo, encoding: 'utf8' }).split('\0');
  for (const file of listed.filter(Boolean)) {
    const from = path.join(repo, file);
    if (!existsSync(from) || !statSync(from).isFile()) continue;
    mkdirSync(path.dirname(path.join(hook, file)), { recursive: true });
    copyFileSync(from, path.join(hook, file));
  }
  execFileSync('git', ['init', '-q'], { cwd: hook, env });
  execFileSync('git', ['add', '-A'], { cwd: hook, env });
  execFileSync('git', ['commit', '-q', '-m', 'hook'], { cwd: hook, env });
  execFileSync('git', ['tag', 'v0.0.0-test'], { cwd: hook, env });
  return { url: hook, rev: 'v0.0.0-test' };
}

const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: src/
      Handler: app.handler
      Runtime: nodejs24.x
      Timeout: 10
      MemorySize: 256
      Tracing: Active
`;
const CLEAN_HANDLER = `export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify(event) });\n`;
// Split so that this test file itself does not look like it holds a credential.
const ACCESS_KEY_ID = ['AKIA', 'Q4ZT7N2WXRMB5KJP'].join('');
const LEAKY_HANDLER = `const accessKeyId = '${ACCESS_KEY_ID}';\nexport const handler = async () => ({ statusCode: 200, body: accessKeyId.length });\n`;

describe('pre-commit framework', () => {
  it.skipIf(missing.length > 0)(
    `installs the hook, blocks a commit with a finding and passes a clean one${missing.length ? ` (skipped: ${missing.join(' and ')} not installed)` : ''}`,
    () => {
      const work = mkdtempSync(path.join(tmpdir(), 'sls-lint-pre-commit-'));
      const env = userEnv(work);
      const hook = hookRepository(work, env);

      const project = path.join(work, 'project');
      mkdirSync(path.join(project, 'src'), { recursive: true });
      execFileSync('git', ['init', '-q'], { cwd: project, env });
      writeFileSync(path.join(project, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hook.url}\n    rev: ${hook.rev}\n    hooks:\n      - id: sls-lint\n`);
      const install = run('pre-commit', ['install', '--install-hooks'], project, env);
      expect(install.stdout + install.stderr, 'pre-commit install').not.toMatch(/error|ENOENT/i);
      expect(install.status).toBe(0);

      writeFileSync(path.join(project, 'template.yaml'), TEMPLATE);
      writeFileSync(path.join(project, 'src', 'app.mjs'), CLEAN_HANDLER);
      execFileSync('git', ['add', '-A'], { cwd: project, env });
      const clean = run('git', ['commit', '-m', 'clean'], project, env);
      // The hook ran on the files (not "(no files to check)Skipped") and passed.
      expect(clean.stdout + clean.stderr).toMatch(/sls-lint\.+Passed/);
      expect(clean.status).toBe(0);

      writeFileSync(path.join(project, 'src', 'app.mjs'), LEAKY_HANDLER);
      execFileSync('git', ['add', '-A'], { cwd: project, env });
      const blocked = run('git', ['commit', '-m', 'leak'], project, env);
      const output = blocked.stdout + blocked.stderr;
      expect(output).toMatch(/sls-lint\.+Failed/);
      expect(output).toContain('src/app.mjs');
      expect(output).toMatch(/error .*AWS access key ID.*hardcoded-secret/);
      expect(output).not.toContain(ACCESS_KEY_ID);
      expect(blocked.status).not.toBe(0);
      expect(execFileSync('git', ['log', '--format=%s'], { cwd: project, env, encoding: 'utf8' }).trim()).toBe('clean');
    },
    600_000,
  );
});
