import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig, type UserConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import { rules } from '../rules/index.js';
import { dedent } from './support/rule-tester.js';

const ADMIN_TEMPLATE = dedent(`
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Handler: index.handler
        Runtime: nodejs20.x
        Timeout: 10
        Policies: AdministratorAccess
`);

const onlyAdminPolicy = Object.fromEntries(rules.map((r) => [r.meta.name, r.meta.name === 'iam-admin-policy' ? 'error' : 'off'] as const));

function project(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-engine-'));
  mkdirSync(path.join(dir, '.git'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function run(dir: string, config: UserConfig = {}, extra: { paths?: string[]; reportUnused?: boolean } = {}) {
  const result = await lint({
    cwd: dir,
    paths: extra.paths ?? [],
    // Only iam-admin-policy runs, so these tests see the engine's behaviour and not other rules'.
    config: resolveConfig({ ...config, rules: { ...onlyAdminPolicy, ...config.rules } }, undefined, dir),
    reportUnusedDisableDirectives: extra.reportUnused ?? false,
  });
  const rel = (file: string) => path.relative(dir, file);
  return {
    result,
    lines: result.findings.filter((f) => !f.suppressed).map((f) => `${rel(f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.ruleId}/${f.messageId}`),
    suppressed: result.findings.filter((f) => f.suppressed).map((f) => `${rel(f.loc.file)}:${f.loc.line} ${f.ruleId} ${f.suppressed!.kind} ${f.suppressed!.justification ?? ''}`.trim()),
    skipped: result.skipped.map((s) => `${rel(s.path)}: ${s.reason}`),
  };
}

describe('one bad file never hides another', () => {
  it('reports each broken input once and still checks the good template', async () => {
    const dir = project({
      'good/template.yaml': ADMIN_TEMPLATE,
      'broken/template.yaml': 'Resources:\n  Fn:\n    Type: [unclosed\n',
      'broken-json/stack.template.json': '{ "Resources": { "Q": { "Type": "AWS::SQS::Queue" }, }',
      'binary/template.yaml': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3]),
      'jinja/template.yaml': 'Resources:\n  {{ cookiecutter.fn }}:\n    Type: AWS::Serverless::Function\n',
      'tags/template.yaml': 'Resources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: !Rain::S3 src\n      Policies: AdministratorAccess\n',
    });
    const { lines } = await run(dir);
    expect(lines).toEqual([
      'binary/template.yaml:1:1 parse-error/binary',
      'broken-json/stack.template.json:1:54 parse-error/syntax',
      'broken/template.yaml:4:1 parse-error/syntax',
      'good/template.yaml:9:17 iam-admin-policy/accountAdmin',
      'jinja/template.yaml:2:3 parse-error/syntax',
      'tags/template.yaml:5:16 parse-error/unknownTag',
      'tags/template.yaml:6:17 iam-admin-policy/accountAdmin',
    ]);
  });

  it('reports a template over maxFileSize instead of reading it', async () => {
    const dir = project({ 'template.yaml': ADMIN_TEMPLATE + `# ${'x'.repeat(2000)}\n` });
    const { result } = await run(dir, { maxFileSize: 1000 });
    expect(result.findings).toMatchObject([{ ruleId: 'parse-error', messageId: 'tooLarge' }]);
    expect(result.findings[0]!.message).toMatch(/above the 1000 B limit/);
  });

  it('leaves YAML and JSON that are not templates alone, even when broken', async () => {
    const dir = project({
      'docker-compose.yml': 'services:\n  web:\n    image: nginx\n',
      '.github/workflows/ci.yml': 'on: push\njobs:\n  build: [broken\n',
      'data.json': '{"not": "a template"',
      'package.json': '{"name": "p"}',
    });
    const { result } = await run(dir);
    expect(result.findings).toEqual([]);
    expect(result.stats.templates).toBe(0);
  });

  it('does not follow a symbolic link loop, and says so', async () => {
    const dir = project({ 'app/template.yaml': ADMIN_TEMPLATE });
    symlinkSync('..', path.join(dir, 'app', 'parent'));
    const { lines, skipped } = await run(dir);
    expect(lines).toEqual(['app/template.yaml:9:17 iam-admin-policy/accountAdmin']);
    expect(skipped).toEqual(['app/parent: symbolic link loop: it points back to a folder that contains it']);
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable template', async () => {
    const dir = project({ 'template.yaml': ADMIN_TEMPLATE });
    chmodSync(path.join(dir, 'template.yaml'), 0o000);
    const { lines } = await run(dir);
    expect(lines).toEqual(['template.yaml:1:1 parse-error/unreadable']);
  });

  it('lists a broken symbolic link as skipped rather than failing', async () => {
    const dir = project({ 'good/template.yaml': ADMIN_TEMPLATE });
    symlinkSync(path.join(dir, 'missing.yaml'), path.join(dir, 'template.yaml'));
    const { lines, skipped } = await run(dir);
    expect(lines).toEqual(['good/template.yaml:9:17 iam-admin-policy/accountAdmin']);
    expect(skipped).toEqual(['template.yaml: broken symbolic link: does not exist']);
  });

  it('lists a path that does not exist, or holds nothing to read, as unmatched, and still lints the others', async () => {
    const dir = project({ 'infra/template.yaml': ADMIN_TEMPLATE, 'empty/README.md': '# nothing here\n' });
    const { result, lines } = await run(dir, {}, { paths: ['nope', 'infra', 'empty'] });
    expect(lines).toEqual(['infra/template.yaml:9:17 iam-admin-policy/accountAdmin']);
    expect(result.unmatched).toEqual(['nope', 'empty']);
    expect(result.skipped.map((s) => `${path.relative(dir, s.path)}: ${s.reason}`)).toEqual([
      'nope: no such file or folder',
      'empty: holds no template, serverless.yml, Terraform or JavaScript/TypeScript file',
    ]);
  });

  it('does not count a named manifest or lock file as unmatched: it is skipped with its reason', async () => {
    const dir = project({ 'package.json': '{"name":"p"}', 'src/types.d.ts': 'export type A = string;\n' });
    const { result } = await run(dir, {}, { paths: ['package.json', 'src/types.d.ts'] });
    expect(result.unmatched).toEqual([]);
    expect(result.skipped.map((s) => path.relative(dir, s.path))).toEqual(['package.json', 'src/types.d.ts']);
  });
});

describe('which files are read', () => {
  it('honours .gitignore, default build folders and config ignores', async () => {
    const dir = project({
      '.gitignore': 'generated/\n',
      'generated/template.yaml': ADMIN_TEMPLATE,
      'node_modules/pkg/template.yaml': ADMIN_TEMPLATE,
      '.aws-sam/build/template.yaml': ADMIN_TEMPLATE,
      // A virtualenv under any name: cfn-lint and samtranslator install templates of their own.
      'env/pyvenv.cfg': 'home = /usr/bin\nversion = 3.12.3\n',
      'env/lib/python3.12/site-packages/samtranslator/template.yaml': ADMIN_TEMPLATE,
      '.tox/py312/template.yaml': ADMIN_TEMPLATE,
      'legacy/template.yaml': ADMIN_TEMPLATE,
      'services/api/template.yml': ADMIN_TEMPLATE,
    });
    const { lines } = await run(dir, { ignores: ['legacy/**'] });
    expect(lines).toEqual(['services/api/template.yml:9:17 iam-admin-policy/accountAdmin']);
  });

  it('applies each copy of the same .gitignore to its own folder only', async () => {
    // Anchored (`/build/`) and unanchored rules: the same text in two projects, a third without one.
    const gitignore = '/build/\nscratch.yaml\n';
    const dir = project({
      'a/.gitignore': gitignore,
      'a/build/template.yaml': ADMIN_TEMPLATE,
      'a/scratch.yaml': ADMIN_TEMPLATE,
      'a/template.yaml': ADMIN_TEMPLATE,
      'b/.gitignore': gitignore,
      'b/build/template.yaml': ADMIN_TEMPLATE,
      'b/nested/build/template.yaml': ADMIN_TEMPLATE,
      'c/build/template.yaml': ADMIN_TEMPLATE,
      'c/scratch.yaml': ADMIN_TEMPLATE,
    });
    const { lines } = await run(dir);
    expect(lines).toEqual([
      'a/template.yaml:9:17 iam-admin-policy/accountAdmin',
      'b/nested/build/template.yaml:9:17 iam-admin-policy/accountAdmin',
      'c/build/template.yaml:9:17 iam-admin-policy/accountAdmin',
      'c/scratch.yaml:9:17 iam-admin-policy/accountAdmin',
    ]);
  });

  it('does not read what pip installed beside the code (a vendored layer), but reads the code beside it', async () => {
    const handler = 'import boto3\n\ndef handler(event, context):\n    return boto3.client("s3").list_buckets()\n';
    const dir = project({
      // `pip install -r requirements.txt -t layer/python`: packages, their records, a single-module package.
      'layer/python/fakesdk/__init__.py': handler,
      'layer/python/fakesdk/data/template.yaml': ADMIN_TEMPLATE,
      'layer/python/fakesdk-1.0.dist-info/RECORD': 'fakesdk/__init__.py,sha256=x,10\nfakesdk/data/template.yaml,sha256=y,20\nsinglemod.py,sha256=z,5\nfakesdk-1.0.dist-info/RECORD,,\n',
      'layer/python/singlemod.py': handler,
      'layer/python/oldpkg/template.yaml': ADMIN_TEMPLATE,
      'layer/python/oldpkg.egg-info/top_level.txt': 'oldpkg\n',
      // The project's own code, installed next to its dependencies with `pip install -t .`.
      'layer/python/app.py': handler,
      'layer/python/template.yaml': ADMIN_TEMPLATE,
    });
    const { lines, result } = await run(dir);
    expect(lines).toEqual(['layer/python/template.yaml:9:17 iam-admin-policy/accountAdmin']);
    expect(result.stats.filesSeen).toBe(2);
  });

  it('reads a file named on the command line whatever its name or extension', async () => {
    const dir = project({ 'infra/orders-stack.yaml': ADMIN_TEMPLATE, 'infra/billing.cfn': ADMIN_TEMPLATE, 'infra/Stackfile': ADMIN_TEMPLATE, 'infra/broken.txt': 'Resources: [\n  Type: AWS::SQS::Queue\n', 'README.md': '# Orders: the service\n' });
    const { lines, result } = await run(dir, {}, { paths: ['infra/orders-stack.yaml', 'infra/billing.cfn', 'infra/Stackfile', 'infra/broken.txt', 'README.md'] });
    expect(lines).toEqual([
      'infra/Stackfile:9:17 iam-admin-policy/accountAdmin',
      'infra/billing.cfn:9:17 iam-admin-policy/accountAdmin',
      'infra/broken.txt:3:1 parse-error/syntax',
      'infra/orders-stack.yaml:9:17 iam-admin-policy/accountAdmin',
    ]);
    // A named file that is not a template is said, not reported as broken YAML.
    expect(result.notices.map((n) => `${path.relative(dir, n.path!)}: ${n.message}`)).toEqual(['README.md: not read: neither a template (no AWS resources in it) nor JavaScript/TypeScript']);
    // Inside a folder, only the known extensions are read.
    expect((await run(dir)).lines).toEqual(['infra/orders-stack.yaml:9:17 iam-admin-policy/accountAdmin']);
  });

  it('uses the git work tree as the root for repository-relative paths', async () => {
    const dir = project({ 'services/api/template.yaml': ADMIN_TEMPLATE });
    const { result } = await run(path.join(dir, 'services'));
    expect(result.root).toBe(dir);
  });
});

describe('suppressions', () => {
  const template = dedent(`
    Transform: AWS::Serverless-2016-10-31
    Resources:
      A:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: nodejs20.x
          # sls-lint-disable-next-line iam-admin-policy -- break-glass function, reviewed
          Policies: AdministratorAccess
      B:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: nodejs20.x
          Policies: AdministratorAccess # sls-lint-disable-line
      C:
        Type: AWS::Serverless::Function
        Metadata:
          sls-lint:
            ignore: [iam-admin-policy]
        Properties:
          Handler: index.handler
          Runtime: nodejs20.x
          Policies: AdministratorAccess
      D:
        Type: AWS::Serverless::Function
        Properties:
          Handler: index.handler
          Runtime: nodejs20.x
          # sls-lint-disable-next-line parse-error
          Policies: AdministratorAccess
  `);

  it('honours next-line and same-line directives and resource metadata, keeping the justification', async () => {
    const dir = project({ 'template.yaml': template });
    const { lines, suppressed } = await run(dir);
    expect(lines).toEqual(['template.yaml:31:17 iam-admin-policy/accountAdmin']);
    expect(suppressed).toEqual([
      'template.yaml:9 iam-admin-policy directive break-glass function, reviewed',
      'template.yaml:15 iam-admin-policy directive',
      'template.yaml:24 iam-admin-policy metadata',
    ]);
  });

  it('reports unused and unknown suppressions on request', async () => {
    const dir = project({
      'template.yaml': template + dedent(`
        E:
          Type: AWS::SQS::Queue
          Metadata:
            sls-lint:
              ignore: [iam-admin-policy, no-such-rule]
      `).replace(/^/gm, '  '),
    });
    const { lines } = await run(dir, {}, { reportUnused: true });
    expect(lines).toEqual([
      'template.yaml:30:9 unused-disable-directive/unused',
      'template.yaml:31:17 iam-admin-policy/accountAdmin',
      // One place, one rule: ordered by message id, so the order never depends on which was found first.
      'template.yaml:32:3 unused-disable-directive/unknownRule',
      'template.yaml:32:3 unused-disable-directive/unused',
    ]);
  });
});

describe('named files only (a pre-commit hook passing the changed files)', () => {
  // Split so that this test file itself does not look like it holds a credential.
  const accessKeyId = ['AKIA', 'V4KQ6ZT2WMXN7RPL'].join('');
  const files = {
    'template.yaml': dedent(`
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Worker:
          Type: AWS::Serverless::Function
          Properties:
            CodeUri: src/
            Handler: worker.handler
            Runtime: nodejs20.x
            Timeout: 10
            MemorySize: 256
            Tracing: Active
            Policies: AdministratorAccess
            Environment:
              Variables:
                LEGACY_KEY_ID: ${accessKeyId}
            Events:
              Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn, BatchSize: 1 } }
        Jobs:
          Type: AWS::SQS::Queue
          Properties:
            VisibilityTimeout: 60
            RedrivePolicy: { deadLetterTargetArn: arn:aws:sqs:us-east-1:123456789012:dlq, maxReceiveCount: 3 }
    `),
    'src/worker.mjs': "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async (event) => ({ batchItemFailures: [], client: new S3Client({}) });\n",
    'src/unrelated.mjs': "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => new S3Client({});\n",
    'other/template.yaml': ADMIN_TEMPLATE,
  };
  // Findings in a handler, in a template, in a template because of its handler's code (sqs-partial-batch),
  // and in a template from a rule that also reads code (hardcoded-secret).
  const about = ['iam-admin-policy', 'client-in-handler', 'sqs-partial-batch', 'hardcoded-secret'];
  const onlyThese = Object.fromEntries(rules.map((r) => [r.meta.name, about.includes(r.meta.name) ? r.meta.defaultLevel : 'off'] as const));
  const runOn = async (dir: string, paths: string[], contextFindings = false) => {
    const result = await lint({ cwd: dir, paths, contextFindings, config: resolveConfig({ rules: onlyThese }, undefined, dir) });
    return result.findings.map((f) => `${path.relative(dir, f.loc.file)} ${f.ruleId}`).sort();
  };

  it('a changed handler reports its own findings, checked in its template context, and none of the unchanged template', async () => {
    const dir = project(files);
    // Whatever rule found them, the template's secret and its IAM finding are both left out: the template did not change.
    expect(await runOn(dir, ['src/worker.mjs'])).toEqual(['src/worker.mjs client-in-handler']);
  });

  it('a changed template reports its own findings, the code-dependent ones judged with its handlers, and none of theirs', async () => {
    const dir = project(files);
    expect(await runOn(dir, ['template.yaml'])).toEqual(['template.yaml hardcoded-secret', 'template.yaml iam-admin-policy', 'template.yaml sqs-partial-batch']);
  });

  it('with --context-findings, a changed file also reports every finding of the files linked to it, and nothing else', async () => {
    const dir = project(files);
    const linkedTemplate = ['template.yaml hardcoded-secret', 'template.yaml iam-admin-policy', 'template.yaml sqs-partial-batch'];
    expect(await runOn(dir, ['src/worker.mjs'], true)).toEqual(['src/worker.mjs client-in-handler', ...linkedTemplate]);
    expect(await runOn(dir, ['template.yaml'], true)).toEqual(['src/worker.mjs client-in-handler', ...linkedTemplate]);
    expect(await runOn(dir, ['src/unrelated.mjs'], true)).toEqual(['src/unrelated.mjs client-in-handler']);
  });

  it('leaves out what could not be read in unrelated files, and keeps it for a folder', async () => {
    const dir = project({ ...files, 'other/serverless.ts': 'export default build();\n' });
    const notices = async (paths: string[]) =>
      (await lint({ cwd: dir, paths, config: resolveConfig({ rules: onlyThese }, undefined, dir) })).notices.map((n) => path.relative(dir, n.path ?? ''));
    expect(await notices(['src/worker.mjs'])).toEqual([]);
    expect(await notices(['.'])).toEqual(['other/serverless.ts']);
  });

  it('a folder is linted whole, as before', async () => {
    const dir = project(files);
    const whole = await runOn(dir, ['.']);
    expect(whole).toContain('other/template.yaml iam-admin-policy');
    expect(whole).toContain('template.yaml hardcoded-secret');
  });
});

describe('--cache', () => {
  const files = {
    'template.yaml': ADMIN_TEMPLATE,
    'src/index.mjs': "import _ from 'lodash';\nexport const handler = async () => _;\n",
  };
  const runCached = async (dir: string, rulesConfig: UserConfig['rules'] = {}, version = '1.0.0') =>
    lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: rulesConfig }, undefined, dir), cache: { version, location: path.join(dir, '.cache') } });

  it('serves an identical second run from the cache, and re-runs when a file, the config or the version changes', async () => {
    const dir = project(files);
    const first = await runCached(dir);
    expect(first.stats.fromCache).toBeUndefined();
    const second = await runCached(dir);
    expect(second.stats.fromCache).toBe(true);
    expect(second.findings).toEqual(first.findings);

    writeFileSync(path.join(dir, 'src', 'index.mjs'), "import get from 'lodash/get';\nexport const handler = async () => get;\n");
    const afterEdit = await runCached(dir);
    expect(afterEdit.stats.fromCache).toBeUndefined();
    expect(afterEdit.findings.length).toBe(first.findings.length - 1);

    expect((await runCached(dir, { 'iam-admin-policy': 'off' })).stats.fromCache).toBeUndefined();
    expect((await runCached(dir, {}, '1.0.1')).stats.fromCache).toBeUndefined();
  });

  it('keeps its file in node_modules/.cache when the project has node_modules, in the user cache folder otherwise', async () => {
    const userCache = mkdtempSync(path.join(tmpdir(), 'sls-lint-user-cache-'));
    const previous = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = userCache;
    try {
      const bare = project(files);
      await lint({ cwd: bare, paths: ['.'], config: resolveConfig({}, undefined, bare), cache: { version: '1.0.0' } });
      expect(readdirSync(bare).sort()).toEqual(['.git', 'src', 'template.yaml']);
      if (process.platform === 'linux') expect(readdirSync(path.join(userCache, 'sls-lint'))).toEqual([expect.stringMatching(new RegExp(`^${path.basename(bare)}-[0-9a-f]{12}$`))]);

      const withModules = project({ ...files, 'node_modules/.package-lock.json': '{}' });
      await lint({ cwd: withModules, paths: ['.'], config: resolveConfig({}, undefined, withModules), cache: { version: '1.0.0' } });
      expect(existsSync(path.join(withModules, 'node_modules', '.cache', 'sls-lint', 'result.json'))).toBe(true);
    } finally {
      if (previous === undefined) delete process.env.XDG_CACHE_HOME;
      else process.env.XDG_CACHE_HOME = previous;
    }
  });

  it('writes nothing without --cache', async () => {
    const dir = project(files);
    await lint({ cwd: dir, paths: ['.'], config: resolveConfig({}, undefined, dir) });
    expect(existsSync(path.join(dir, 'node_modules'))).toBe(false);
  });
});
