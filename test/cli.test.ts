import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { main, type CliIo } from '../src/cli.js';
import { validateSarif } from './support/sarif-schema.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(repo, 'examples', 'orders');
const secretsFixture = path.join(repo, 'fixtures', 'cfn-json-notifications');

async function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; tty?: boolean } = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    cwd: options.cwd ?? repo,
    env: options.env ?? {},
    stdoutIsTTY: options.tty ?? false,
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('exit codes', () => {
  it('exits 1 on error-level findings and 0 when there are none', async () => {
    expect((await cli([example])).code).toBe(1);
    // Judged as of a fixed date: the fixture's runtime must not turn into a finding as the calendar moves.
    const pinned = path.join(mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-')), 'pinned.json');
    writeFileSync(pinned, JSON.stringify({ rules: { 'eol-runtime': ['error', { today: '2026-11-23' }] } }));
    expect((await cli([path.join(repo, 'fixtures', 'lookalikes'), '--config', pinned])).code).toBe(0);
  });

  it('exits 1 when warnings exceed --max-warnings, 0 when they do not', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-'));
    writeFileSync(path.join(dir, 'template.yaml'), 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler\n');
    const unlimited = await cli([dir]);
    expect(unlimited.code).toBe(0);
    expect(unlimited.stdout).toMatch(/warning/);
    expect((await cli([dir, '--max-warnings', '0'])).code).toBe(1);
    expect((await cli([dir, '--max-warnings', '0'])).stderr).toMatch(/too many warnings \(maximum: 0\)/);
    expect((await cli([dir, '--max-warnings', '100'])).code).toBe(0);
  });

  it.each([
    [['--format', 'xml'], /Unknown format "xml". Use one of: stylish, json, sarif, github/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['--max-warnings', 'many'], /--max-warnings takes a whole number/],
    [['no/such/path'], /No files matching the pattern "no\/such\/path" were found: no such file or folder/],
    [['--config', 'missing.json'], /Cannot load the configuration missing.json/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const { code, stderr, stdout } = await cli(args as string[]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(stdout).toBe('');
  });

  it('exits 2 on a path that holds nothing to lint, and prints no report that would read as a pass', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-'));
    mkdirSync(path.join(dir, 'empty'));
    const { code, stdout, stderr } = await cli(['empty'], { cwd: dir });
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/No files matching the pattern "empty" were found: holds no template/);
    expect(stderr).toMatch(/--no-error-on-unmatched-pattern/);
    const allowed = await cli(['empty', '--no-error-on-unmatched-pattern'], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toBe('');
    expect(allowed.stdout).toMatch(/Not checked:\n.*empty: holds no template/);
  });

  it('lints the paths that exist when one among several is missing, reports it, and exits 2', async () => {
    const { code, stdout, stderr } = await cli([example, 'exmaples/orders', '--format', 'json']);
    expect(code).toBe(2);
    const report = JSON.parse(stdout) as { findings: unknown[]; skipped: { file: string; reason: string }[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.skipped).toContainEqual({ file: 'exmaples/orders', reason: 'no such file or folder' });
    expect(stderr).toMatch(/No files matching the pattern "exmaples\/orders" were found: no such file or folder/);
    // The findings still decide the exit code when the user allows unmatched paths.
    expect((await cli([example, 'exmaples/orders', '--no-error-on-unmatched-pattern'])).code).toBe(1);
  });

  it.each([
    ['a mapping value after a scalar', 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: index.handler: bad\n', 5, 16],
    ['a reserved character', 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: @bad\n', 5, 13],
    ['text after a quoted value', 'Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Handler: "a" b\n', 5, 20],
    ['CRLF line ends', 'Resources:\r\n  Fn:\r\n    Type: AWS::Lambda::Function\r\n    Properties:\r\n      Handler: index.handler: bad\r\n', 5, 16],
    ['a byte order mark', '\ufeffResources: {Fn: {Type: AWS::Lambda::Function, Properties: {Code: @bad}}}\n', 1, 66],
  ])('reports a YAML syntax error (%s) at the line and column of the error', async (_name, text, line, column) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-'));
    writeFileSync(path.join(dir, 'template.yaml'), text);
    const { stdout } = await cli(['template.yaml', '--format', 'json'], { cwd: dir });
    const [finding] = (JSON.parse(stdout) as { findings: { ruleId: string; line: number; column: number }[] }).findings;
    expect(finding).toMatchObject({ ruleId: 'parse-error', line, column });
  });

  it('exits 2 for an unknown rule in the configuration', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-'));
    writeFileSync(path.join(dir, 'package.json'), '{"name": "p"}');
    writeFileSync(path.join(dir, '.sls-lintrc.json'), '{"rules": {"no-such-rule": "error"}}');
    const { code, stderr } = await cli(['.'], { cwd: dir });
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown rule "no-such-rule"/);
  });

  it('uses the configuration nearest to each linted path, up to the repository root', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const queue = 'Resources:\n  Jobs:\n    Type: AWS::SQS::Queue\n';
    for (const service of ['orders', 'billing', 'shipping']) {
      mkdirSync(path.join(dir, 'services', service), { recursive: true });
      writeFileSync(path.join(dir, 'services', service, 'template.yaml'), queue);
      // A monorepo package: its package.json must not stop the search for the root configuration.
      writeFileSync(path.join(dir, 'services', service, 'package.json'), `{"name": "${service}"}`);
    }
    writeFileSync(path.join(dir, '.sls-lintrc.yaml'), 'rules:\n  queue-redrive: error\n');
    writeFileSync(path.join(dir, 'services', 'orders', '.sls-lintrc.yaml'), 'rules:\n  queue-redrive: off\n');
    const levels = async (args: string[]) => {
      const { stdout } = await cli([...args, '--format', 'json'], { cwd: dir });
      return (JSON.parse(stdout) as { findings: { file: string; ruleId: string; severity: string }[] }).findings.map((f) => `${f.file} ${f.ruleId} ${f.severity}`);
    };
    expect(await levels(['services/orders'])).toEqual([]);
    expect(await levels(['services/orders/template.yaml'])).toEqual([]);
    expect(await levels(['services/orders', 'services/billing'])).toEqual(['services/billing/template.yaml queue-redrive error']);
    expect(await levels(['services/shipping'])).toEqual(['services/shipping/template.yaml queue-redrive error']);
    // From inside the service, the same configuration applies.
    const inside = await cli(['.', '--format', 'json'], { cwd: path.join(dir, 'services', 'orders') });
    expect(JSON.parse(inside.stdout).findings).toEqual([]);

    const printed = async (file: string) => JSON.parse((await cli(['--print-config', file], { cwd: dir })).stdout) as { configFile: string; rules: Record<string, unknown> };
    expect(await printed('services/orders/template.yaml')).toMatchObject({ configFile: path.join(dir, 'services', 'orders', '.sls-lintrc.yaml'), rules: { 'queue-redrive': 'off' } });
    expect(await printed('services/billing/template.yaml')).toMatchObject({ configFile: path.join(dir, '.sls-lintrc.yaml'), rules: { 'queue-redrive': ['error', {}] } });
  });

  it('exits 2 for an unknown --preset', async () => {
    const { code, stderr } = await cli([example, '--preset', 'strict']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Unknown preset "strict" given to --preset/);
  });

  it('prints the configuration that applies to a file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-'));
    writeFileSync(path.join(dir, 'package.json'), '{"name": "p"}');
    writeFileSync(path.join(dir, '.sls-lintrc.yaml'), 'rules:\n  queue-redrive: off\n  iam-admin-policy: [warn, { allow: [AmazonSSMFullAccess] }]\nignores: ["legacy/**"]\n');
    const printed = await cli(['--print-config', 'legacy/template.yaml'], { cwd: dir });
    expect(printed.code).toBe(0);
    const config = JSON.parse(printed.stdout);
    expect(config).toMatchObject({ configFile: path.join(dir, '.sls-lintrc.yaml'), ignored: true, ignores: ['legacy/**'] });
    expect(config.rules['queue-redrive']).toBe('off');
    expect(config.rules['iam-admin-policy']).toEqual(['warn', { allow: ['AmazonSSMFullAccess'] }]);
    expect(config.rules['parse-error']).toBe('error');
    expect(config.rules['function-tracing']).toBe('off');
    expect(config.preset).toEqual({ name: 'recommended', from: 'default' });
    expect(config.levelFrom['queue-redrive']).toBe(`"rules" in ${path.join(dir, '.sls-lintrc.yaml')}`);
    expect(config.levelFrom['function-tracing']).toBe('not in preset recommended (default); in preset all');
    const all = JSON.parse((await cli(['--print-config', 'template.yaml', '--preset', 'all'], { cwd: dir })).stdout);
    expect(all.rules['function-tracing']).toEqual(['warn', {}]);
    expect(all.levelFrom['function-tracing']).toBe('preset all (--preset)');
    expect(all.rules['queue-redrive']).toBe('off');
    expect(JSON.parse((await cli(['--print-config', 'template.yaml'], { cwd: dir })).stdout).ignored).toBe(false);
  });

  it('prints help and version', async () => {
    const help = (await cli(['--help'])).stdout;
    expect(help).toMatch(/Usage: sls-lint/);
    // What sls-lint reads today, and every option it accepts.
    for (const format of ['SAM', 'CloudFormation', 'serverless.yml', 'CDK', 'Terraform', 'JavaScript and TypeScript']) expect(help).toContain(format);
    expect(help).not.toMatch(/\bsoon\b/);
    const source = readFileSync(path.join(repo, 'src', 'cli.ts'), 'utf8');
    const options = [...source.slice(source.indexOf('options: {')).matchAll(/^\s+'?([a-z-]+)'?: \{ type:/gm)].map((m) => m[1]!);
    expect(options.length).toBeGreaterThan(10);
    for (const option of options.filter((o) => o !== 'no-color')) expect(help, option).toContain(`--${option}`);
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { version: string };
    expect((await cli(['--version'])).stdout.trim()).toBe(pkg.version);
  });
});

describe('output', () => {
  it('stylish: grouped by file with a summary, no colour unless asked', async () => {
    const { stdout } = await cli([example]);
    expect(stdout).toContain('examples/orders/template.yaml');
    expect(stdout).toMatch(/^\s+\d+:\d+\s+(error|warning)\s+.+\s+[a-z-]+$/m);
    expect(stdout).toMatch(/✖ \d+ problems? \(\d+ errors?, \d+ warnings?\)/);
    expect(stdout).not.toMatch(/\x1b\[/);
    expect((await cli([example], { env: { FORCE_COLOR: '1' } })).stdout).toMatch(/\x1b\[/);
    expect((await cli([example], { tty: true })).stdout).toMatch(/\x1b\[/);
    expect((await cli([example], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\x1b\[/);
  });

  it('--quiet keeps errors only', async () => {
    const { stdout } = await cli([example, '--quiet']);
    expect(stdout).toMatch(/error/);
    expect(stdout).not.toMatch(/^\s+\d+:\d+\s+warning/m);
  });

  it('json: a stable, documented shape with repository-relative paths', async () => {
    const { stdout } = await cli([example, '--format', 'json']);
    const report = JSON.parse(stdout) as { findings: { file: string; line: number; column: number; ruleId: string }[] };
    expect(report.findings.length).toBeGreaterThan(5);
    // The example's first findings are in its handler code, the rest in its template.
    expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['examples/orders/loyalty/points.py', 'examples/orders/src/charge-payment.mjs', 'examples/orders/src/create-order.mjs', 'examples/orders/src/lib/payments.mjs', 'examples/orders/src/nightly-report.mjs', 'examples/orders/template.yaml']);
  });

  it('sarif: valid SARIF 2.1.0 written to --output, nothing on stdout', async () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), 'sls-lint-cli-')), 'nested', 'report.sarif');
    const { code, stdout } = await cli([example, '--format', 'sarif', '--output', out]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    const log = JSON.parse(readFileSync(out, 'utf8'));
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results.length).toBeGreaterThan(5);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toMatchObject({ uri: 'examples/orders/loyalty/points.py', uriBaseId: '%SRCROOT%' });
  });
});

describe('secrets never leave masked', () => {
  const secrets = ['AKIAZ7QX4M2WPLMN3KQR', 's3cure-Notify-99', 'mailer-Pa55w0rd-2024', 'Tr0ub4dor-and-3-horses', '7Hq2Rv9Lm4Xc8Tp3Wn6Zb1Ky'];
  it.each(['stylish', 'json', 'sarif'])('%s output contains no secret value', async (format) => {
    for (const target of [secretsFixture, example]) {
      const { stdout } = await cli([target, '--format', format]);
      expect(stdout).toMatch(/hardcoded-secret/);
      for (const secret of secrets) expect(stdout).not.toContain(secret);
    }
  });
});

describe('read-only', () => {
  it('writes nothing into the linted tree', async () => {
    const before = execFileSync('git', ['status', '--porcelain', '--', 'examples', 'fixtures'], { cwd: repo, encoding: 'utf8' });
    await cli([example, '--format', 'sarif']);
    await cli([path.join(repo, 'fixtures')]);
    expect(execFileSync('git', ['status', '--porcelain', '--', 'examples', 'fixtures'], { cwd: repo, encoding: 'utf8' })).toBe(before);
  });
});

describe('the installed binary', () => {
  beforeAll(() => {
    if (!existsSync(path.join(repo, 'dist', 'bundle', 'cli.js'))) execFileSync('npm', ['run', 'build'], { cwd: repo });
  });

  it('runs as a separate process with the same exit codes', () => {
    const bin = path.join(repo, 'bin', 'sls-lint.js');
    const run = spawnSync(process.execPath, [bin, 'examples/orders', '--format', 'json'], { cwd: repo, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout).findings.length).toBeGreaterThan(5);
    const usage = spawnSync(process.execPath, [bin, '--format', 'nope'], { cwd: repo, encoding: 'utf8' });
    expect(usage.status).toBe(2);
    mkdirSync(path.join(tmpdir(), 'sls-lint-empty'), { recursive: true });
    // A folder with nothing to lint is not a pass (ESLint's convention).
    const empty = spawnSync(process.execPath, [bin], { cwd: path.join(tmpdir(), 'sls-lint-empty'), encoding: 'utf8' });
    expect(empty.stderr).toMatch(/No files matching the pattern "." were found/);
    expect(empty.status).toBe(2);
  });

  it('keeps the code cache of the bundle from a run that lints, not from --version, --help or a path that matched nothing', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cc-'));
    const bin = path.join(repo, 'bin', 'sls-lint.js');
    const env = { ...process.env, SLS_LINT_COMPILE_CACHE: cacheDir };
    for (const args of [['--version'], ['--help'], ['--format', 'nope'], ['no-such-folder']]) spawnSync(process.execPath, [bin, ...args], { cwd: repo, env });
    expect(readdirSync(cacheDir)).toEqual([]);
    spawnSync(process.execPath, [bin, 'fixtures/python-sam-orders'], { cwd: repo, env });
    expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^cli\.js-/)]);
  });

  it("honours cosmiconfig's meta config in the folder it runs from (.config/config.json)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-meta-'));
    mkdirSync(path.join(dir, '.git'));
    mkdirSync(path.join(dir, '.config'));
    writeFileSync(path.join(dir, '.config', 'config.json'), JSON.stringify({ 'sls-lint': { rules: { 'iam-admin-policy': 'off' } } }));
    writeFileSync(path.join(dir, 'template.yaml'), 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n');
    const run = spawnSync(process.execPath, [path.join(repo, 'bin', 'sls-lint.js'), '--print-config', 'template.yaml'], { cwd: dir, encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const printed = JSON.parse(run.stdout) as { configFile: string; rules: Record<string, unknown> };
    expect(printed.configFile).toBe(path.join(realpathSync(dir), '.config', 'config.json'));
    expect(printed.rules['iam-admin-policy']).toBe('off');
  });

  it('writes code caches that the next run accepts, when the run reads Python as well as JavaScript', () => {
    // V8 rejects a cache made under other flags: the CLI sets its one flag before it compiles anything.
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cc-'));
    const run = () => spawnSync(process.execPath, [path.join(repo, 'bin', 'sls-lint.js'), 'examples/orders'], { cwd: repo, env: { ...process.env, SLS_LINT_COMPILE_CACHE: cacheDir } });
    run();
    const written = () => readdirSync(cacheDir).map((name) => `${name} ${statSync(path.join(cacheDir, name)).mtimeMs}`).sort();
    const first = written();
    expect(first).toHaveLength(2);
    run();
    expect(written()).toEqual(first);
  });

  it('reads code with the minified compiler the build writes beside the bundle', () => {
    const cacheDir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cc-'));
    const run = spawnSync(process.execPath, [path.join(repo, 'bin', 'sls-lint.js'), 'examples/orders', '--format', 'json'], { cwd: repo, encoding: 'utf8', env: { ...process.env, SLS_LINT_COMPILE_CACHE: cacheDir } });
    expect(run.status).toBe(1);
    // The compile cache is written for the file that was loaded.
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('typescript'))).toEqual([expect.stringMatching(/^typescript-\d+\.min\.js-/)]);
  });
});

describe('sls-lint policy', () => {
  it('prints each function\'s least-privilege policy in its format, with templates where one fits and a comment where a resource is unknown', async () => {
    const sam = await cli(['policy', 'fixtures/sam-least-privilege']);
    expect(sam.code).toBe(0);
    expect(sam.stdout).toContain('# CreateOrderFunction (fixtures/sam-least-privilege/template.yaml:18)');
    expect(sam.stdout).toContain('  - DynamoDBWritePolicy: { TableName: !Ref OrdersTable }\n  - SQSSendMessagePolicy: { QueueName: !GetAtt JobsQueue.QueueName }\n');
    expect(sam.stdout).toContain('  - DynamoDBReadPolicy: { TableName: !Ref OrdersTable }\n');
    const serverless = await cli(['policy', 'fixtures/serverless-orders']);
    expect(serverless.stdout).toContain('- Effect: Allow\n  Action: [dynamodb:PutItem]\n  Resource: "*"  # resource not known statically: the table in TABLE_NAME\n');
    const json = await cli(['policy', '--format', 'json', 'examples/orders']);
    const loyalty = (JSON.parse(json.stdout) as { functionId: string; statements: { actions: string[]; template?: string }[] }[]).find((p) => p.functionId === 'LoyaltyPointsFunction')!;
    expect(loyalty.statements).toEqual([
      expect.objectContaining({ actions: ['dynamodb:PutItem'], template: 'DynamoDBWritePolicy: { TableName: loyalty-ledger }' }),
      expect.objectContaining({ actions: ['dynamodb:UpdateItem'], template: 'DynamoDBWritePolicy: { TableName: loyalty-balances }' }),
    ]);
    expect((await cli(['policy', '--format', 'sarif', 'examples/orders'])).code).toBe(2);
  });

  it('writes a CDK app\u2019s policy in the app\u2019s own language', async () => {
    const python = await cli(['policy', 'fixtures/cdk-app-python']);
    expect(python.stdout).toContain('# Intake (fixtures/cdk-app-python/stacks/orders_stack.py:43)');
    expect(python.stdout).toContain('fn.add_to_role_policy(iam.PolicyStatement(actions=["dynamodb:PutItem"], resources=["*"]))  # resource not known statically: the table in TABLE_NAME\n');
    expect(python.stdout).not.toContain('addToRolePolicy');
    const typescript = await cli(['policy', 'fixtures/cdk-app-orders']);
    expect(typescript.stdout).toContain("fn.addToRolePolicy(new PolicyStatement({ actions: [");
    expect(typescript.stdout).not.toContain('add_to_role_policy');
  });
});
