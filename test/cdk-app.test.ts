/** CDK apps read as code (src/model/cdk-app.ts): discovery from cdk.json, values, locations, handler links, cdk.out left out. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import { cdkAppEntry, readCdkApp, runtimeName } from '../src/model/cdk-app.js';
import { buildStackModel } from '../src/model/cloudformation.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cdk-app-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const CDK_JSON = JSON.stringify({ app: 'npx ts-node --prefer-ts-exts bin/app.ts' });
const ENTRY = "import { App } from 'aws-cdk-lib';\nimport { AppStack } from '../lib/app-stack';\n\nconst app = new App();\nnew AppStack(app, 'AppStack');\n";
const HANDLER = 'export const handler = async () => ({ ok: true });\n';

/** An app whose stack body is `body`, with the usual imports. */
function stackApp(body: string, extra: Record<string, string> = {}): string {
  const stack = [
    "import * as path from 'path';",
    "import { Duration, SecretValue, Stack, StackProps } from 'aws-cdk-lib';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    "import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';",
    "import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';",
    "import * as sqs from 'aws-cdk-lib/aws-sqs';",
    "import * as iam from 'aws-cdk-lib/aws-iam';",
    "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    "import { Construct } from 'constructs';",
    '',
    'export class AppStack extends Stack {',
    '  constructor(scope: Construct, id: string, props?: StackProps) {',
    '    super(scope, id, props);',
    body,
    '  }',
    '}',
    '',
  ].join('\n');
  return project({ 'cdk.json': CDK_JSON, 'bin/app.ts': ENTRY, 'lib/app-stack.ts': stack, 'lambda/index.ts': HANDLER, ...extra });
}

async function run(dir: string) {
  return lint({ cwd: dir, paths: ['.'], config: await loadConfig({ cwd: dir, preset: 'all' }) });
}

const where = (f: { loc: { file: string; line: number } }, dir: string) => `${path.relative(dir, f.loc.file)}:${f.loc.line}`;

const FN = (id: string, extra = '') =>
  `    new lambda.Function(this, '${id}', { runtime: lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler', timeout: Duration.seconds(10), memorySize: 256, tracing: lambda.Tracing.ACTIVE${extra} });`;

describe('cdk.json app commands', () => {
  it('finds the TypeScript or JavaScript entry of ts-node, tsx and node commands', () => {
    const dir = project({ 'bin/app.ts': '', 'bin/app.js': '' });
    for (const command of ['npx ts-node --prefer-ts-exts bin/app.ts', 'npx tsx bin/app.ts', 'node bin/app.js', 'npx ts-node bin/app.ts']) {
      expect(cdkAppEntry(command, dir), command).toEqual({ entry: path.join(dir, command.endsWith('.js') ? 'bin/app.js' : 'bin/app.ts') });
    }
  });

  it('says why a Java or missing entry is not read as code', () => {
    const dir = project({});
    expect(cdkAppEntry('python3 app.py', dir)).toMatchObject({ reason: expect.stringContaining('does not exist') });
    expect(cdkAppEntry('mvn -e -q compile exec:java', dir)).toMatchObject({ reason: expect.stringContaining('no TypeScript, JavaScript or Python') });
    expect(cdkAppEntry('npx ts-node bin/missing.ts', dir)).toMatchObject({ reason: expect.stringContaining('does not exist') });
    expect(cdkAppEntry(undefined, dir)).toMatchObject({ reason: expect.stringContaining('no `app`') });
  });

  it('maps Runtime members to runtime names, and leaves version-dependent ones unknown', () => {
    expect(runtimeName('NODEJS_20_X')).toBe('nodejs20.x');
    expect(runtimeName('PYTHON_3_12')).toBe('python3.12');
    expect(runtimeName('JAVA_21')).toBe('java21');
    expect(runtimeName('PROVIDED_AL2023')).toBe('provided.al2023');
    expect(runtimeName('NODEJS_LATEST')).toBeUndefined();
  });
});

describe('a CDK app read as code', () => {
  it('reports on the lines of the stack code, with the construct path, and links the handler', async () => {
    const dir = stackApp(
      [
        "    const queue = new sqs.Queue(this, 'Jobs', { visibilityTimeout: Duration.seconds(20) });",
        "    const worker = new lambda.Function(this, 'Worker', {",
        '      runtime: lambda.Runtime.NODEJS_16_X,',
        "      code: lambda.Code.fromAsset('lambda'),",
        "      handler: 'index.handler',",
        '      timeout: Duration.minutes(1),',
        '    });',
        '    worker.addEventSource(new SqsEventSource(queue));',
        "    worker.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));",
      ].join('\n'),
    );
    const result = await run(dir);
    const lines = result.findings.map((f) => `${where(f, dir)} ${f.ruleId}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'lib/app-stack.ts:14 queue-redrive',
        'lib/app-stack.ts:14 function-timeout',
        'lib/app-stack.ts:15 function-tracing',
        'lib/app-stack.ts:16 eol-runtime',
        'lib/app-stack.ts:21 sqs-partial-batch',
        'lib/app-stack.ts:22 iam-wildcard-action',
      ]),
    );
    const tracing = result.findings.find((f) => f.ruleId === 'function-tracing')!;
    expect(tracing.message).toContain('[construct AppStack/Worker]');
    expect(tracing.message).toContain('Tracing.ACTIVE');
    expect(result.handlers).toEqual([expect.objectContaining({ functionId: 'Worker', status: 'linked', source: path.join(dir, 'lambda/index.ts') })]);
    expect(result.skipped.filter((s) => s.category === 'cdk-not-synthesized')).toEqual([]);
  });

  it('reports a value passed to the app\'s own construct where it is passed, one hard-coded inside it inside, a missing one at the instantiation', async () => {
    const construct = [
      "import { Duration } from 'aws-cdk-lib';",
      "import * as lambda from 'aws-cdk-lib/aws-lambda';",
      "import { Construct } from 'constructs';",
      '',
      'export interface WorkerProps { timeout?: Duration; tracing?: lambda.Tracing }',
      '',
      'export class Worker extends Construct {',
      '  public readonly fn: lambda.Function;',
      '  constructor(scope: Construct, id: string, props: WorkerProps) {',
      '    super(scope, id);',
      "    this.fn = new lambda.Function(this, 'Function', {",
      '      runtime: lambda.Runtime.NODEJS_16_X,',
      "      code: lambda.Code.fromAsset(path.join(__dirname, '../lambda')),",
      "      handler: 'index.handler',",
      '      memorySize: 256,',
      '      timeout: props.timeout,',
      '      tracing: props.tracing,',
      '    });',
      '  }',
      '}',
      "import * as path from 'path';",
      '',
    ].join('\n');
    const dir = stackApp(
      [
        "    new Worker(this, 'Notify', {",
        '      timeout: Duration.seconds(900),',
        '    });',
        "    new Worker(this, 'Billing', { timeout: Duration.seconds(5), tracing: lambda.Tracing.ACTIVE });",
      ].join('\n'),
      { 'lib/worker.ts': construct },
    );
    writeFileSync(path.join(dir, 'lib/app-stack.ts'), `import { Worker } from './worker';\n${readStack(dir)}`);
    const result = await run(dir);
    const lines = result.findings.map((f) => `${where(f, dir)} ${f.ruleId}`).sort();
    // Tracing is chosen per instance (only Notify lacks it); the runtime once, inside the construct.
    expect(lines).toContain('lib/app-stack.ts:15 function-tracing');
    expect(lines.filter((l) => l.includes('function-tracing'))).toHaveLength(1);
    expect(lines.filter((l) => l.includes('eol-runtime'))).toEqual(['lib/worker.ts:12 eol-runtime']);
    const tracing = result.findings.find((f) => f.ruleId === 'function-tracing')!;
    expect(tracing.message).toContain('[construct AppStack/Notify/Function]');
    expect(result.handlers.map((h) => h.status)).toEqual(['linked', 'linked']);
  });

  it('never judges a value only known when the app runs, nor a default that depends on the CDK version', async () => {
    const dir = stackApp(
      [
        "    const timeout = this.node.tryGetContext('timeout');",
        "    const queue = new sqs.Queue(this, 'Jobs', { visibilityTimeout: Duration.seconds(10), deadLetterQueue: { queue: new sqs.Queue(this, 'Dlq'), maxReceiveCount: 3 } });",
        "    const worker = new NodejsFunction(this, 'Worker', { entry: 'lambda/batch.ts', timeout: Duration.seconds(timeout), memorySize: 256, tracing: lambda.Tracing.ACTIVE });",
        '    worker.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));',
        "    new lambda.Function(this, 'Latest', { runtime: lambda.Runtime.NODEJS_LATEST, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler', timeout: Duration.seconds(3), memorySize: 256, tracing: lambda.Tracing.ACTIVE });",
      ].join('\n'),
      { 'lambda/batch.ts': 'export const handler = async (event: { Records: { messageId: string }[] }) => {\n  const batchItemFailures: { itemIdentifier: string }[] = [];\n  for (const r of event.Records) if (!r.messageId) batchItemFailures.push({ itemIdentifier: r.messageId });\n  return { batchItemFailures };\n};\n' },
    );
    const result = await run(dir);
    // Unknown timeout: no visibility finding; NodejsFunction's default runtime and NODEJS_LATEST: no runtime finding; no log group facts: no retention finding.
    expect(result.findings.map((f) => `${where(f, dir)} ${f.ruleId}`)).toEqual([]);
  });

  it('lowers grants to the actions CDK grants, scoped to the construct, and a managed policy by name', () => {
    const dir = stackApp(
      [
        "    const table = new dynamodb.Table(this, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });",
        FN('Reader'),
        "    const reader = new lambda.Function(this, 'Writer', { runtime: lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler' });",
        '    table.grantReadWriteData(reader);',
        "    reader.role?.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AdministratorAccess'));",
      ].join('\n'),
    );
    const read = readCdkApp(ts, dir, path.join(dir, 'bin/app.ts'));
    const stack = buildStackModel(read.stacks[0]!.root, read.stacks[0]!.file, { format: 'cdk' });
    const grant = stack.statements.find((s) => s.functions.includes('Writer'))!;
    expect(grant.actions.map((a) => (a.known ? a.value : '?'))).toContain('dynamodb:PutItem');
    expect(grant.actions.map((a) => (a.known ? a.value : '?'))).not.toContain('dynamodb:*');
    expect(grant.resourceTexts[0]).toBe('${Orders.Arn}');
    expect(grant.loc.line).toBe(17);
    expect(stack.managedPolicies.filter((m) => m.functions.includes('Writer')).map((m) => m.policyName)).toEqual(['AWSLambdaBasicExecutionRole', 'AdministratorAccess']);
  });

  it('judges calls against the grants the code makes, and stays silent where a grant or policy is not read', async () => {
    const handler = [
      "import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';",
      "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
      'const ssm = new SSMClient({});',
      'const sqs = new SQSClient({});',
      'export const handler = async () => {',
      "  await ssm.send(new GetParameterCommand({ Name: 'orders-config' }));",
      '  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: "x" }));',
      '};',
      '',
    ].join('\n');
    const fn = (id: string, folder: string) =>
      `    const ${id} = new lambda.Function(this, '${id}', { runtime: lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('${folder}'), handler: 'index.handler', timeout: Duration.seconds(10), environment: { QUEUE_URL: queue.queueUrl } });`;
    const dir = stackApp(
      [
        "    const queue = new sqs.Queue(this, 'Jobs', { deadLetterQueue: { queue: new sqs.Queue(this, 'JobsDlq'), maxReceiveCount: 3 } });",
        "    const param = new ssm.StringParameter(this, 'Config', { parameterName: 'orders-config', stringValue: 'x' });",
        // Granted nothing: both calls fail.
        fn('bare', 'bare'),
        // The queue through a grant sls-lint reads, the parameter through one it has no table for: the
        // parameter is judged unknown, the queue allowed.
        fn('granted', 'granted'),
        '    queue.grantSendMessages(granted);',
        '    param.grantRead(granted);',
        // A policy whose document is built from JSON, attached with attachToRole: not read, so unknown.
        "    const role = new iam.Role(this, 'DocRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });",
        "    new lambda.Function(this, 'documented', { runtime: lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('documented'), handler: 'index.handler', timeout: Duration.seconds(10), role, environment: { QUEUE_URL: queue.queueUrl } });",
        "    const policy = new iam.Policy(this, 'DocPolicy', { document: iam.PolicyDocument.fromJson(JSON.parse('{}')) });",
        '    policy.attachToRole(role);',
      ].join('\n'),
      { 'bare/index.ts': handler, 'granted/index.ts': handler, 'documented/index.ts': handler },
    );
    writeFileSync(path.join(dir, 'lib/app-stack.ts'), readFileSync(path.join(dir, 'lib/app-stack.ts'), 'utf8').replace("import { Construct } from 'constructs';", "import { Construct } from 'constructs';\nimport * as ssm from 'aws-cdk-lib/aws-ssm';"));
    const result = await run(dir);
    const missing = result.findings.filter((f) => f.ruleId === 'iam-missing-permission').map((f) => `${where(f, dir)} ${f.message.split(',')[0]}`);
    expect(missing).toEqual([
      'bare/index.ts:6 GetParameterCommand needs ssm:GetParameter on parameter orders-config',
      'bare/index.ts:7 SendMessageCommand needs sqs:SendMessage on the queue in QUEUE_URL',
    ]);
  });

  it('judges a grant method as a whole (no finding for the actions it adds), and the actions the user lists one by one', async () => {
    const handler = [
      "import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';",
      'const db = new DynamoDBClient({});',
      'export const handler = async () => {',
      "  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));",
      '};',
      '',
    ].join('\n');
    const dir = stackApp(
      [
        "    const table = new dynamodb.Table(this, 'Orders', { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });",
        "    const writer = new lambda.Function(this, 'Writer', { runtime: lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler', timeout: Duration.seconds(10), environment: { TABLE: table.tableName } });",
        '    table.grantWriteData(writer);',
        "    writer.addToRolePolicy(new iam.PolicyStatement({ actions: ['dynamodb:DeleteTable'], resources: [table.tableArn] }));",
      ].join('\n'),
      { 'lambda/index.ts': handler },
    );
    const result = await run(dir);
    const unused = result.findings.filter((f) => f.ruleId === 'iam-unused-permission').map((f) => `${where(f, dir)} ${f.message.split(',')[0]}`);
    expect(unused).toEqual(['lib/app-stack.ts:17 Policy WriterServiceRoleDefaultPolicy grants dynamodb:DeleteTable']);
  });

  it('reads what addActions, addResources and addAllResources add to a statement after it is built, and leaves a statement with a later condition unjudged', async () => {
    const handler = [
      "import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';",
      'const db = new DynamoDBClient({});',
      'export const handler = async () => {',
      "  await db.send(new PutItemCommand({ TableName: process.env.TABLE, Item: {} }));",
      '};',
      '',
    ].join('\n');
    const fn = (id: string) =>
      `    const ${id} = new lambda.Function(this, '${id}', { runtime: lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('${id}'), handler: 'index.handler', timeout: Duration.seconds(10), environment: { TABLE: 'orders' } });`;
    const dir = stackApp(
      [
        // Actions added later, on the table: allowed.
        fn('added'),
        "    const put = new iam.PolicyStatement({ resources: ['arn:aws:dynamodb:eu-west-1:123456789012:table/orders'] });",
        "    put.addActions('dynamodb:PutItem');",
        '    added.addToRolePolicy(put);',
        // Resources added later, but not the table: the call is missing its permission.
        fn('elsewhere'),
        "    const other = new iam.PolicyStatement({ actions: ['dynamodb:PutItem'] });",
        "    other.addResources('arn:aws:dynamodb:eu-west-1:123456789012:table/audit');",
        '    elsewhere.addToRolePolicy(other);',
        // A condition added later may narrow the grant: not judged either way.
        fn('conditioned'),
        "    const narrowed = new iam.PolicyStatement({ actions: ['dynamodb:GetItem'] });",
        '    narrowed.addAllResources();',
        "    narrowed.addCondition('StringEquals', { 'aws:PrincipalTag/team': 'orders' });",
        '    conditioned.addToRolePolicy(narrowed);',
      ].join('\n'),
      { 'added/index.ts': handler, 'elsewhere/index.ts': handler, 'conditioned/index.ts': handler },
    );
    const result = await run(dir);
    const missing = result.findings.filter((f) => f.ruleId === 'iam-missing-permission').map((f) => `${where(f, dir)} ${f.message.split(',')[0]}`);
    expect(missing).toEqual(['elsewhere/index.ts:4 PutItemCommand needs dynamodb:PutItem on table orders']);
  });

  it('links a NodejsFunction without entry to <defining file>.<id>.ts, and a PythonFunction to its entry/index/handler', async () => {
    const dir = stackApp(
      [
        "    new NodejsFunction(this, 'audit', { runtime: lambda.Runtime.NODEJS_24_X });",
        "    new PythonFunction(this, 'Report', { entry: 'py', index: 'jobs/report.py', handler: 'run', runtime: lambda.Runtime.PYTHON_3_12 });",
      ].join('\n'),
      { 'lib/app-stack.audit.ts': HANDLER, 'py/jobs/report.py': 'def run(event, context):\n    return 1\n' },
    );
    writeFileSync(path.join(dir, 'lib/app-stack.ts'), `import { PythonFunction } from '@aws-cdk/aws-lambda-python-alpha';\n${readStack(dir)}`);
    const result = await run(dir);
    expect(result.handlers.map((h) => [h.functionId, h.source && path.relative(dir, h.source), h.exportName]).sort()).toEqual([
      ['Report', 'py/jobs/report.py', 'run'],
      ['audit', 'lib/app-stack.audit.ts', 'handler'],
    ]);
  });

  it('reads a JavaScript app written with require(), and a helper function across files', async () => {
    const dir = project({
      'cdk.json': JSON.stringify({ app: 'node bin/app.js' }),
      'bin/app.js': "const cdk = require('aws-cdk-lib');\nconst { AppStack } = require('../lib/app-stack');\nconst app = new cdk.App();\nnew AppStack(app, 'JsStack');\n",
      'lib/app-stack.js': [
        "const { Stack } = require('aws-cdk-lib');",
        "const { makeFunction } = require('./helpers');",
        'class AppStack extends Stack {',
        '  constructor(scope, id, props) {',
        '    super(scope, id, props);',
        "    makeFunction(this, 'Api', 'nodejs14');",
        '  }',
        '}',
        'module.exports = { AppStack };',
        '',
      ].join('\n'),
      'lib/helpers.js': [
        "const { aws_lambda: lambda, Duration } = require('aws-cdk-lib');",
        'function makeFunction(scope, id, flavour) {',
        "  return new lambda.Function(scope, id, { runtime: flavour === 'nodejs14' ? lambda.Runtime.NODEJS_14_X : lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler', timeout: Duration.seconds(5), memorySize: 256 });",
        '}',
        'module.exports = { makeFunction };',
        '',
      ].join('\n'),
      'lambda/index.js': 'exports.handler = async () => 1;\n',
    });
    const result = await run(dir);
    const lines = result.findings.map((f) => `${where(f, dir)} ${f.ruleId}`);
    // The runtime is chosen by the argument at the call; the missing tracing is reported at the call.
    expect(lines).toEqual(expect.arrayContaining(['lib/helpers.js:3 eol-runtime', 'lib/app-stack.js:6 function-tracing']));
    expect(result.handlers).toEqual([expect.objectContaining({ functionId: 'Api', status: 'linked' })]);
  });

  it('keeps look-alikes silent: a streaming integration with its own timeout, a failure queue fed by a GoFunction', async () => {
    const dir = stackApp(
      [
        "    const fn = new lambda.Function(this, 'Stream', { runtime: lambda.Runtime.NODEJS_24_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler', timeout: Duration.minutes(5), memorySize: 256, tracing: lambda.Tracing.ACTIVE });",
        "    const api = new apigw.RestApi(this, 'Api', { deployOptions: { tracingEnabled: true, throttlingRateLimit: 10, throttlingBurstLimit: 20, accessLogDestination: new apigw.LogGroupLogDestination(new logs.LogGroup(this, 'Access')) } });",
        "    api.root.addResource('chat').addMethod('POST', new apigw.LambdaIntegration(fn, { timeout: Duration.minutes(5) }));",
        "    const failures = new sqs.Queue(this, 'Failures');",
        "    const stream = new kinesis.Stream(this, 'Events');",
        "    const go = new GoFunction(this, 'Reader', { entry: 'cmd/reader', timeout: Duration.seconds(30), memorySize: 256, tracing: lambda.Tracing.ACTIVE });",
        '    go.addEventSource(new KinesisEventSource(stream, { startingPosition: lambda.StartingPosition.LATEST, retryAttempts: 2, bisectBatchOnError: true, onFailure: new SqsDlq(failures) }));',
      ].join('\n'),
    );
    const imports = [
      "import * as apigw from 'aws-cdk-lib/aws-apigateway';",
      "import * as logs from 'aws-cdk-lib/aws-logs';",
      "import * as kinesis from 'aws-cdk-lib/aws-kinesis';",
      "import { GoFunction } from '@aws-cdk/aws-lambda-go-alpha';",
      "import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';",
    ].join('\n');
    writeFileSync(path.join(dir, 'lib/app-stack.ts'), `${imports}\n${readStack(dir)}`);
    const result = await run(dir);
    expect(result.findings.map((f) => `${where(f, dir)} ${f.ruleId}`)).toEqual([]);
    expect(result.handlers.find((h) => h.functionId === 'Reader')).toMatchObject({ status: 'not-linked' });
  });

  it('reports a stack class instantiated twice (per stage) once per line', async () => {
    const dir = stackApp("    new lambda.Function(this, 'Worker', { runtime: lambda.Runtime.NODEJS_16_X, code: lambda.Code.fromAsset('lambda'), handler: 'index.handler', timeout: Duration.seconds(10), memorySize: 256, tracing: lambda.Tracing.ACTIVE });");
    writeFileSync(path.join(dir, 'bin/app.ts'), `${ENTRY}for (const stage of ['Dev', 'Prod']) new AppStack(app, \`App\${stage}\`);\n`);
    const result = await run(dir);
    expect(result.findings.map((f) => `${where(f, dir)} ${f.ruleId}`)).toEqual(['lib/app-stack.ts:14 eol-runtime']);
    expect(result.handlers).toHaveLength(3);
  });

  it('leaves out the synthesized template of a stack it modelled, and still reads one it did not', async () => {
    const dir = stackApp(FN('Worker'));
    const template = (fnId: string) => JSON.stringify({ Resources: { [fnId]: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs16.x', Handler: 'index.handler', Code: { S3Bucket: 'b', S3Key: 'k' } } } } });
    mkdirSync(path.join(dir, 'cdk.out'));
    writeFileSync(path.join(dir, 'cdk.out/manifest.json'), JSON.stringify({ version: '39.0.0', artifacts: { AppStack: { type: 'aws:cloudformation:stack', properties: { templateFile: 'AppStack.template.json' } }, Other: { type: 'aws:cloudformation:stack', properties: { templateFile: 'Other.template.json' } } } }));
    writeFileSync(path.join(dir, 'cdk.out/AppStack.template.json'), template('WorkerABC'));
    writeFileSync(path.join(dir, 'cdk.out/Other.template.json'), template('OtherDEF'));
    const result = await run(dir);
    const files = new Set(result.findings.filter((f) => f.ruleId === 'eol-runtime').map((f) => path.relative(dir, f.loc.file)));
    expect([...files]).toEqual(['cdk.out/Other.template.json']);
  });

  it('judges a modelled stack\u2019s cdk.out template only on what the code does not build (a custom resource CDK adds itself)', async () => {
    const dir = stackApp(FN('Worker'));
    const fn = (cdkPath: string, runtime: string) => ({ Type: 'AWS::Lambda::Function', Properties: { Runtime: runtime, Handler: 'index.handler', Code: { S3Bucket: 'b', S3Key: 'k' } }, Metadata: { 'aws:cdk:path': cdkPath } });
    mkdirSync(path.join(dir, 'cdk.out'));
    writeFileSync(path.join(dir, 'cdk.out/manifest.json'), JSON.stringify({ version: '39.0.0', artifacts: { AppStack: { type: 'aws:cloudformation:stack', displayName: 'AppStack', properties: { templateFile: 'AppStack.template.json' } } } }));
    writeFileSync(
      path.join(dir, 'cdk.out/AppStack.template.json'),
      JSON.stringify({ Resources: { WorkerABC: fn('AppStack/Worker/Resource', 'nodejs16.x'), ProviderFramework1234: fn('AppStack/Provider/framework-onEvent/Resource', 'nodejs16.x') } }),
    );
    const result = await run(dir);
    expect(result.findings.filter((f) => f.ruleId === 'eol-runtime').map((f) => `${path.relative(dir, f.loc.file)} ${f.resource}`)).toEqual(['cdk.out/AppStack.template.json ProviderFramework1234']);
    expect(result.handlers.map((h) => h.functionId).sort()).toEqual(['ProviderFramework1234', 'Worker']);
  });

  it('leaves out the synthesized templates of stacks inside a Stage, found in nested assemblies by their construct path', async () => {
    const dir = stackApp(FN('Worker'));
    writeFileSync(
      path.join(dir, 'bin/app.ts'),
      `${ENTRY}import { Stage } from 'aws-cdk-lib';\nfor (const name of ['Dev', 'Prod']) { const stage = new Stage(app, name); new AppStack(stage, 'Orders'); }\n`,
    );
    const template = JSON.stringify({ Resources: { WorkerABC: { Type: 'AWS::Lambda::Function', Properties: { Runtime: 'nodejs16.x', Handler: 'index.handler', Code: { S3Bucket: 'b', S3Key: 'k' } } } } });
    const stageAssembly = (stage: string) => ({ type: 'cdk:cloud-assembly', properties: { directoryName: `assembly-${stage}`, displayName: stage } });
    mkdirSync(path.join(dir, 'cdk.out'));
    writeFileSync(path.join(dir, 'cdk.out/manifest.json'), JSON.stringify({ version: '39.0.0', artifacts: { 'assembly-Dev': stageAssembly('Dev'), 'assembly-Prod': stageAssembly('Prod') } }));
    for (const stage of ['Dev', 'Prod']) {
      // CDK names a Stage's stack artifact by its path and a hash: only the manifest ties it to the code.
      const artifact = `${stage}Orders1A2B3C4D`;
      mkdirSync(path.join(dir, `cdk.out/assembly-${stage}`));
      writeFileSync(path.join(dir, `cdk.out/assembly-${stage}/manifest.json`), JSON.stringify({ version: '39.0.0', artifacts: { [artifact]: { type: 'aws:cloudformation:stack', displayName: `${stage}/Orders`, properties: { templateFile: `${artifact}.template.json` } } } }));
      writeFileSync(path.join(dir, `cdk.out/assembly-${stage}/${artifact}.template.json`), template);
    }
    const result = await run(dir);
    expect(result.findings.filter((f) => f.ruleId === 'eol-runtime').map((f) => path.relative(dir, f.loc.file))).toEqual([]);
    expect(result.handlers.filter((h) => h.functionId === 'Worker')).toHaveLength(3);
  });

  it('judges a synthesized template committed beside the app only on what the code does not build, known by the resources\u2019 aws:cdk:path', async () => {
    const dir = stackApp(FN('Worker'));
    const resource = (cdkPath?: string, runtime = 'nodejs16.x') => ({ Type: 'AWS::Lambda::Function', Properties: { Runtime: runtime, Handler: 'index.handler', Code: { S3Bucket: 'b', S3Key: 'k' } }, ...(cdkPath ? { Metadata: { 'aws:cdk:path': cdkPath } } : {}) });
    const synthesized = {
      Resources: {
        // Built by the code too (judged there, on its line): left out here.
        WorkerABC: resource('AppStack/Worker/Resource'),
        // Added by CDK itself, so only the template tells of it: still judged.
        CustomCDKBucketDeploymentXYZ: resource('AppStack/Custom::CDKBucketDeployment/Resource', 'python3.6'),
        CDKMetadata: { Type: 'AWS::CDK::Metadata', Properties: {}, Metadata: { 'aws:cdk:path': 'AppStack/CDKMetadata/Default' } },
      },
    };
    writeFileSync(path.join(dir, 'template.yaml'), JSON.stringify(synthesized));
    // Look-alikes read in full: a stack the app does not create, and a template without CDK paths.
    writeFileSync(path.join(dir, 'other.template.json'), JSON.stringify({ Resources: { OtherABC: resource('SomeOtherStack/Worker/Resource') } }));
    writeFileSync(path.join(dir, 'plain.template.json'), JSON.stringify({ Resources: { PlainFn: resource() } }));
    const result = await run(dir);
    const eol = result.findings.filter((f) => f.ruleId === 'eol-runtime').map((f) => `${path.relative(dir, f.loc.file)} ${f.resource}`).sort();
    expect(eol).toEqual(['other.template.json OtherABC', 'plain.template.json PlainFn', 'template.yaml CustomCDKBucketDeploymentXYZ']);
    expect(result.notices.find((n) => n.path === path.join(dir, 'template.yaml'))?.message).toBe('1 of its 3 resources are built by the code of CDK stack AppStack, and checked there, not in this synthesized copy');
    expect(result.handlers.filter((h) => h.functionId === 'WorkerABC')).toEqual([]);
  });

  it('turns code it cannot read into a notice, not a crash', async () => {
    const dir = stackApp('    new lambda.Function(this, ');
    const result = await run(dir);
    expect(result.findings.filter((f) => f.ruleId === 'parse-error')).toEqual([]);
    const missing = project({ 'cdk.json': CDK_JSON, 'bin/app.ts': "import { AppStack } from '../lib/nowhere';\nnew AppStack(new (require('aws-cdk-lib').App)(), 'S');\n" });
    const other = await run(missing);
    expect(other.notices.map((n) => n.message).join('\n')).toContain('creates no stack');
  });
});

function readStack(dir: string): string {
  return readFileSync(path.join(dir, 'lib/app-stack.ts'), 'utf8');
}
