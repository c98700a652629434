/**
 * The analysis spread over threads (src/engine/units.ts, src/engine/pool.ts) reports exactly what
 * one analysis of the whole run reports: the split into units, the rejoining of units whose
 * analyses touched the same file, and (through the built CLI) real worker threads.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { discover, type DiscoveredFile } from '../src/discover/index.js';
import { analyseTemplates } from '../src/engine/analyse.js';
import { analyseInUnits, autoConcurrency } from '../src/engine/pool.js';
import { splitIntoUnits } from '../src/engine/units.js';
import { dedent } from './support/rule-tester.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

function file(p: string, kind: DiscoveredFile['kind'] = 'template-candidate'): DiscoveredFile {
  return { path: p, kind, explicit: false };
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-pool-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

describe('splitIntoUnits', () => {
  it('splits a folder of projects into one unit per project, and keeps each project whole', () => {
    const files = [
      file('/r/patterns/a/template.yaml'),
      file('/r/patterns/a/src/app.js', 'source'),
      file('/r/patterns/a/src/lib/db.js', 'source'),
      file('/r/patterns/b/serverless.yml'),
      file('/r/patterns/b/handler.py', 'source'),
      file('/r/patterns/c/infra/main.tf', 'terraform'),
      file('/r/patterns/c/lambda/index.js', 'source'),
    ];
    const units = splitIntoUnits(files, []);
    expect(units.map((u) => [u.dir, u.files.map((f) => path.basename(f.path))])).toEqual([
      ['/r/patterns/a', ['template.yaml', 'app.js', 'db.js']],
      ['/r/patterns/b', ['serverless.yml', 'handler.py']],
      // infra/ is the only subfolder with a project file: c is one project whose code sits beside it.
      ['/r/patterns/c', ['main.tf', 'index.js']],
    ]);
  });

  it('gives the loose files of a split folder a unit of their own, and a CDK app its folder', () => {
    const files = [file('/r/stray.json'), file('/r/x/template.yaml'), file('/r/z/main.tf', 'terraform'), file('/r/y/lambda/index.ts', 'source')];
    const units = splitIntoUnits(files, [{ dir: '/r/y', entry: '/r/y/bin/app.ts' }]);
    expect(units.map((u) => [u.dir, u.files.length, u.cdkApps.length])).toEqual([
      ['/r', 1, 0],
      ['/r/x', 1, 0],
      ['/r/y', 1, 1],
      ['/r/z', 1, 0],
    ]);
  });

  it('keeps whole a project, with the projects inside it, and a folder of only two projects', () => {
    const nested = [file('/r/app/template.yaml'), file('/r/app/a/template.yaml'), file('/r/app/b/serverless.yml'), file('/r/app/c/main.tf', 'terraform')];
    expect(splitIntoUnits(nested, []).map((u) => [u.dir, u.files.length])).toEqual([['/r/app', 4]]);
    // An Azure app in code beside the Terraform that deploys it: one project, read together.
    const sideBySide = [file('/r/app/host.json'), file('/r/infra/main.tf', 'terraform'), file('/r/docs/x.js', 'source')];
    expect(splitIntoUnits(sideBySide, []).map((u) => [u.dir, u.files.length])).toEqual([['/r', 3]]);
  });

  it('splits code with no project file by folder, and keeps a folder of fewer than three whole', () => {
    const files = [file('/r/fns/a/index.js', 'source'), file('/r/fns/b/main.py', 'source'), file('/r/fns/c/index.js', 'source'), file('/r/fns/c/lib/x.js', 'source'), file('/r/other/d/index.js', 'source'), file('/r/other/e/index.js', 'source'), file('/r/tools/x.py', 'source')];
    expect(splitIntoUnits(files, []).map((u) => [u.dir, u.files.length])).toEqual([
      ['/r/fns/a', 1],
      ['/r/fns/b', 1],
      ['/r/fns/c', 2],
      ['/r/other', 2],
      ['/r/tools', 1],
    ]);
  });

  it('keeps the run order inside each unit', () => {
    const files = [file('/r/a/src/z.js', 'source'), file('/r/b/template.yaml'), file('/r/a/template.yaml'), file('/r/a/src/b.js', 'source'), file('/r/c/template.yaml')];
    expect(splitIntoUnits(files, []).map((u) => u.files.map((f) => f.path))).toEqual([['/r/a/src/z.js', '/r/a/template.yaml', '/r/a/src/b.js'], ['/r/b/template.yaml'], ['/r/c/template.yaml']]);
  });
});

const SAM = (codeUri: string, handler = 'app.handler') =>
  dedent(`
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Worker:
        Type: AWS::Serverless::Function
        Properties:
          CodeUri: ${codeUri}
          Handler: ${handler}
          Runtime: nodejs20.x
          Timeout: 10
          Events:
            Jobs:
              Type: SQS
              Properties:
                Queue: arn:aws:sqs:eu-west-1:123456789012:jobs
  `);

const PER_INVOCATION_CLIENT = dedent(`
  const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
  exports.handler = async (event) => {
    const client = new DynamoDBClient({});
    for (const record of event.Records) await client.send(new PutItemCommand({ TableName: 'jobs', Item: { id: { S: record.messageId } } }));
  };
`);

/** Everything a run reports, in the order the CLI prints it. */
async function bothWays(dir: string) {
  const config = await loadConfig({ cwd: dir, preset: 'all' });
  const { files, cdkApps = [] } = discover(['.'], { cwd: dir, ignoresBase: dir, ignores: [] });
  const templates = files.filter((f) => f.kind !== 'source');
  const sources = files.filter((f) => f.kind === 'source');
  const units = splitIntoUnits(files, cdkApps);
  const whole = await analyseTemplates(templates, config, true, sources, cdkApps, units.map((u) => u.dir));
  const split = await analyseInUnits(units, config, { concurrency: 1, reportUnused: true });
  const described = (a: { findings: { loc: { file: string; line: number; column: number }; ruleId: string; messageId: string; message: string }[]; handlers: { functionId: string; status: string }[]; notices: { message: string }[] }) => ({
    findings: a.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.ruleId}/${f.messageId} ${f.message}`).sort(),
    handlers: a.handlers.map((h) => `${h.functionId} ${h.status}`).sort(),
    notices: a.notices.map((n) => n.message).sort(),
  });
  return { units: units.length, reanalysed: split.reanalysed, whole: described(whole), split: described(split) };
}

describe('analyseInUnits', () => {
  it('analyses again, together, a project whose template links a handler in another project’s folder', async () => {
    const dir = project({
      'services/a/template.yaml': SAM('../b/src'),
      'services/b/template.yaml': SAM('src', 'other.handler'),
      'services/b/src/app.js': PER_INVOCATION_CLIENT,
      'services/b/src/other.js': 'exports.handler = async () => ({ statusCode: 200 });\n',
      'services/c/template.yaml': SAM('src'),
      'services/c/src/app.js': PER_INVOCATION_CLIENT,
    });
    const { units, reanalysed, whole, split } = await bothWays(dir);
    expect(units).toBe(3);
    // a and b read services/b/src/app.js: they are analysed again as one; c is left alone.
    expect(reanalysed).toBe(2);
    expect(whole.findings.some((f) => f.startsWith('services/b/src/app.js') && f.includes('client-in-handler'))).toBe(true);
    expect(split).toEqual(whole);
  });

  it('analyses again, together, Terraform folders that call one local module', async () => {
    const module = dedent(`
      variable "timeout" { default = 3 }
      resource "aws_lambda_function" "fn" {
        function_name = "worker"
        role          = "arn:aws:iam::123456789012:role/worker"
        handler       = "index.handler"
        runtime       = "nodejs20.x"
        filename      = "worker.zip"
        timeout       = var.timeout
      }
    `);
    const dir = project({
      'worker-module/main.tf': module,
      'dev/main.tf': 'module "worker" {\n  source  = "../worker-module"\n  timeout = 900\n}\n',
      'prod/main.tf': 'module "worker" {\n  source  = "../worker-module"\n  timeout = 30\n}\n',
    });
    const { reanalysed, whole, split } = await bothWays(dir);
    expect(reanalysed).toBeGreaterThan(0);
    expect(split).toEqual(whole);
  });

  it('gives every fixture project what one analysis of fixtures/ gives', async () => {
    const { units, whole, split } = await bothWays(path.join(repo, 'fixtures'));
    expect(units).toBeGreaterThan(10);
    expect(whole.findings.length).toBeGreaterThan(100);
    expect(split).toEqual(whole);
  }, 120_000);
});

describe('autoConcurrency', () => {
  it('leaves a core for the work V8 does beside each thread: one thread on 1 or 2 cores', () => {
    expect([1, 2, 4, 8].map((cores) => autoConcurrency(cores))).toEqual([1, 1, 3, 7]);
  });
});

describe('--concurrency (built CLI, real worker threads)', () => {
  it('prints the same report on 1 thread and on 3, for JSON and SARIF', () => {
    if (!existsSync(path.join(repo, 'dist', 'bundle', 'worker.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo });
    const bin = path.join(repo, 'bin', 'sls-lint.js');
    const run = (threads: string, format: string) => {
      const out = spawnSync(process.execPath, [bin, 'fixtures', '--preset', 'all', '--format', format, '--concurrency', threads], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', SLS_LINT_TIMING: '1' }, maxBuffer: 64 * 1024 * 1024 });
      expect(out.status, out.stderr).toBe(1);
      return out;
    };
    for (const format of ['json', 'sarif']) {
      const one = run('1', format);
      const three = run('3', format);
      expect(one.stderr).not.toContain('threads (wall clock)');
      expect(one.stderr).toMatch(/^sls-lint memory: peak RSS after parse and model [1-9]\d* MiB$/m);
      expect(three.stderr).toContain('analysis on 3 threads (wall clock)');
      expect(three.stdout).toBe(one.stdout);
    }
  }, 180_000);

  it('refuses a count that is not a whole number of threads', () => {
    const out = spawnSync(process.execPath, [path.join(repo, 'bin', 'sls-lint.js'), 'fixtures', '--concurrency', '0'], { cwd: repo, encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('--concurrency takes a whole number of threads');
  });
});
