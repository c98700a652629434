/** serverless.yml → the application model: defaults, variables, events, roles and resources, located in serverless.yml. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { describeAssumptions } from '../src/model/evaluate.js';
import { buildServerlessStack, normalizedName } from '../src/model/serverless.js';
import type { StackModel } from '../src/model/types.js';
import { parseServerlessTs } from '../src/parse/ts-object.js';
import { parseYamlOrJson } from '../src/parse/yaml-json.js';
import type { MapNode } from '../src/parse/tree.js';
import { dedent, modelOf } from './support/rule-tester.js';

const model = (template: string): StackModel => modelOf({ template, format: 'serverless' });

describe('serverless.yml model', () => {
  it('applies the framework defaults (6 s, 1024 MB) and provider settings as inherited ones', () => {
    const stack = model(`
      service: s
      provider:
        name: aws
        runtime: nodejs22.x
        memorySize: 256
      functions:
        a:
          handler: a.handler
        b:
          handler: b.handler
          timeout: 20
    `);
    const [a, b] = stack.functions;
    expect(stack.format).toBe('serverless');
    expect(a!.id).toBe('a');
    expect(a!.loc.line).toBe(7);
    expect(a!.timeout).toMatchObject({ source: 'default', defaultValue: 6 });
    expect(a!.memorySize).toMatchObject({ source: 'globals', value: { known: true, value: 256 } });
    expect(a!.memorySize.loc.line).toBe(5);
    expect(b!.timeout.value).toMatchObject({ known: true, value: 20 });
    expect(b!.timeout.loc).toMatchObject({ line: 11, column: 14 });
    expect(a!.runtime.value).toMatchObject({ known: true, value: 'nodejs22.x' });
    expect(a!.code).toMatchObject({ kind: 'path', path: '.' });
  });

  it('resolves self, sls and file variables; fallbacks of opt/env are assumptions; ssm and cf stay unknown', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-vars-'));
    writeFileSync(path.join(dir, 'limits.yml'), 'prod:\n  timeout: 25\n');
    const file = path.join(dir, 'serverless.yml');
    const text = dedent(`
      service: s
      custom:
        limits: \${file(./limits.yml):prod}
        memory: 2048
        stage: \${opt:stage, 'dev'}
      provider:
        name: aws
        stage: \${self:custom.stage}
        memorySize: \${self:custom.memory}
        environment:
          TABLE: orders-\${sls:stage}
          KEY: \${ssm:/orders/key}
          REGION: \${env:AWS_REGION, 'eu-west-1'}
          AWS_FORMAT: !Sub 'arn:\${AWS::Partition}:s3:::\${self:custom.stage}-bucket'
      functions:
        a:
          handler: a.handler
          timeout: \${self:custom.limits.timeout}
          reservedConcurrency: \${cf:other.Concurrency}
    `);
    writeFileSync(file, text);
    const parsed = parseYamlOrJson(text, file, 'yaml');
    const { stack, problems } = buildServerlessStack(parsed.root as MapNode, file);
    expect(problems).toEqual([]);
    const fn = stack!.functions[0]!;
    expect(fn.timeout.value).toMatchObject({ known: true, value: 25 });
    expect(fn.timeout.value!.loc.line).toBe(18);
    expect(fn.memorySize.value).toMatchObject({ known: true, value: 2048 });
    const env = new Map(fn.environment.map((v) => [v.name, v.value]));
    const evaluate = (name: string) => {
      const node = env.get(name)!;
      if (node.kind === 'scalar') return { known: true, value: node.value };
      return node;
    };
    expect(evaluate('KEY')).toMatchObject({ kind: 'fn', name: 'Fn::Sub' });
    // `orders-${sls:stage}` → provider.stage → custom.stage → the opt fallback, an assumption.
    const table = env.get('TABLE')!;
    expect(table).toMatchObject({ kind: 'fn', name: 'Fn::Sub' });
    const subText = (table as { arg: { value: string } }).arg.value;
    expect(subText).toBe('orders-${opt:stage}');
    expect(stack!.parameters.get('opt:stage')?.defaultValue).toMatchObject({ value: 'dev' });
    expect(stack!.parameters.get('env:AWS_REGION')?.defaultValue).toMatchObject({ value: 'eu-west-1' });
    // CloudFormation's own `${AWS::Partition}` inside !Sub is left to CloudFormation.
    expect((env.get('AWS_FORMAT') as { arg: { value: string } }).arg.value).toContain('${AWS::Partition}');
  });

  it('says which fallback a finding assumed', () => {
    expect(describeAssumptions([{ parameter: 'opt:stage', value: 'dev', loc: { file: 'f', line: 1, column: 1, endLine: 1, endColumn: 1 } }])).toBe(
      ' (assuming ${opt:stage} = "dev", the fallback written with it)',
    );
  });

  it('reports a ${file()} that does not parse, and keeps modelling the rest', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-vars-'));
    writeFileSync(path.join(dir, 'broken.yml'), 'a: [1,\n');
    const file = path.join(dir, 'serverless.yml');
    const text = 'service: s\nprovider:\n  name: aws\n  timeout: ${file(./broken.yml):a}\nfunctions:\n  a:\n    handler: a.handler\n';
    const { stack, problems } = buildServerlessStack(parseYamlOrJson(text, file, 'yaml').root as MapNode, file);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/broken\.yml .*does not parse/);
    expect(problems[0]!.loc.line).toBe(4);
    expect(stack!.functions[0]!.timeout.value).toMatchObject({ known: false });
  });

  it('lowers events to triggers located at their list item', () => {
    const stack = model(`
      service: s
      provider:
        name: aws
      functions:
        worker:
          handler: w.handler
          events:
            - sqs:
                arn: !GetAtt Jobs.Arn
                batchSize: 25
                functionResponseType: ReportBatchItemFailures
            - stream:
                type: dynamodb
                arn: !GetAtt Table.StreamArn
                maximumRetryAttempts: 2
                destinations:
                  onFailure: arn:aws:sqs:eu-west-1:123456789012:failed
            - sns:
                arn: arn:aws:sns:eu-west-1:123456789012:orders
                redrivePolicy:
                  deadLetterTargetRef: SnsDlq
            - eventBridge:
                pattern: { source: [orders] }
                deadLetterQueueArn: !GetAtt EventsDlq.Arn
            - schedule: rate(5 minutes)
            - http: GET /a
            - httpApi: '*'
            - alb: { listenerArn: x, priority: 1, conditions: { path: /a } }
            - websocket: $connect
            - somethingNew: {}
      resources:
        Resources:
          Jobs: { Type: AWS::SQS::Queue }
          SnsDlq: { Type: AWS::SQS::Queue }
          EventsDlq: { Type: AWS::SQS::Queue }
          Table: { Type: AWS::DynamoDB::Table }
    `);
    const triggers = stack.functions[0]!.triggers;
    expect(triggers.map((t) => [t.kind, t.invocation, t.name, t.loc.line])).toEqual([
      ['sqs', 'poll', 'sqs', 8],
      ['dynamodb-stream', 'poll', 'stream', 12],
      ['sns', 'async', 'sns', 18],
      ['eventbridge', 'async', 'eventBridge', 22],
      ['schedule', 'async', 'schedule', 25],
      ['api', 'sync', 'http', 26],
      ['http-api', 'sync', 'httpApi', 27],
      ['alb', 'sync', 'alb', 28],
      ['api', 'sync', 'websocket', 29],
      ['other', 'unknown', 'somethingNew', 30],
    ]);
    const [sqs, stream, sns, bridge] = triggers;
    expect(sqs!.source).toMatchObject({ id: 'Jobs' });
    expect(sqs!.batchSize?.value).toMatchObject({ value: 25 });
    expect(sqs!.reportBatchItemFailures).toMatchObject({ known: true, value: true });
    expect(stream!.onFailure?.target).toMatchObject({ external: 'arn:aws:sqs:eu-west-1:123456789012:failed' });
    expect(stream!.maximumRetryAttempts).toMatchObject({ value: 2 });
    expect(sns!.deliveryDeadLetter?.target).toMatchObject({ id: 'SnsDlq' });
    expect(bridge!.deliveryDeadLetter?.target).toMatchObject({ id: 'EventsDlq' });
    expect(stack.deadLetterTargets).toEqual(new Set(['SnsDlq', 'EventsDlq']));
    expect(stack.apiStages.map((s) => [s.id, s.protocol, s.declaredAs])).toEqual([
      ['ApiGatewayRestApi', 'rest', 'REST API for http events'],
      ['HttpApi', 'http', 'HTTP API for httpApi events'],
      ['WebsocketsDeploymentStage', 'websocket', 'WebSocket API for websocket events'],
    ]);
  });

  it('gives functions the shared role, per-function roles (serverless-iam-roles-per-function) or their own', () => {
    const stack = model(`
      service: s
      provider:
        name: aws
        iam:
          role:
            statements:
              - { Effect: Allow, Action: 's3:GetObject', Resource: '*' }
            managedPolicies:
              - arn:aws:iam::aws:policy/AdministratorAccess
      functions:
        shared:
          handler: a.handler
        own:
          handler: b.handler
          iamRoleStatements:
            - { Effect: Allow, Action: 'sqs:*', Resource: '*' }
        byArn:
          handler: c.handler
          role: arn:aws:iam::123456789012:role/existing
        byName:
          handler: d.handler
          role: CustomRole
      resources:
        Resources:
          CustomRole: { Type: AWS::IAM::Role, Properties: { AssumeRolePolicyDocument: {} } }
    `);
    expect(stack.statements.map((s) => [s.holder.id, s.loc.line, s.functions])).toEqual([
      ['IamRoleLambdaExecution', 7, ['shared']],
      ['OwnIamRoleLambdaExecution', 16, ['own']],
    ]);
    expect(stack.managedPolicies.map((m) => [m.policyName, m.functions])).toEqual([['AdministratorAccess', ['shared']]]);
    const roles = Object.fromEntries(stack.functions.map((f) => [f.id, f.role && 'id' in f.role ? f.role.id : f.role && 'external' in f.role ? f.role.external : undefined]));
    expect(roles).toEqual({ shared: 'IamRoleLambdaExecution', own: 'OwnIamRoleLambdaExecution', byArn: 'arn:aws:iam::123456789012:role/existing', byName: 'CustomRole' });
  });

  it('maps references to generated function IDs in resources back to the function', () => {
    const stack = model(`
      service: s
      provider: { name: aws }
      functions:
        process-order:
          handler: a.handler
      resources:
        Resources:
          Rule:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: { source: [x] }
              Targets:
                - Id: t
                  Arn: !GetAtt ProcessDashorderLambdaFunction.Arn
    `);
    expect(normalizedName('process-order')).toBe('ProcessDashorder');
    expect(stack.functions[0]!.triggers).toMatchObject([{ kind: 'eventbridge', via: 'events-rule', name: 'Rule' }]);
  });

  it('declares the log group the framework creates, with provider or function retention', () => {
    const stack = model(`
      service: s
      provider: { name: aws, logRetentionInDays: 14 }
      functions:
        a: { handler: a.handler }
        b: { handler: b.handler, logRetentionInDays: 90 }
        c: { handler: c.handler, disableLogs: true }
    `);
    expect(stack.logGroups.map((g) => [g.nameText, g.retentionInDays && g.retentionInDays.known ? g.retentionInDays.value : undefined])).toEqual([
      ['/aws/lambda/${a}', 14],
      ['/aws/lambda/${b}', 90],
    ]);
  });

  it('skips a provider other than AWS with the reason', () => {
    const parsed = parseYamlOrJson('service: s\nprovider:\n  name: azure\nfunctions:\n  a: { handler: a.handler }\n', '/p/serverless.yml', 'yaml');
    const result = buildServerlessStack(parsed.root as MapNode, '/p/serverless.yml');
    expect(result.stack).toBeUndefined();
    expect(result.problems[0]).toMatchObject({ message: 'provider azure is not supported yet (AWS only)', loc: { line: 3, column: 9 } });
  });
});

describe('serverless.ts', () => {
  it('reads an exported object literal with positions; code values are unknown', () => {
    const text = [
      "import type { AWS } from '@serverless/typescript';",
      "import { hello } from './src/functions';",
      'const serverlessConfiguration: AWS = {',
      "  service: 'orders',",
      "  provider: { name: 'aws', runtime: 'nodejs22.x', timeout: 12 },",
      '  functions: { hello, report: { handler: `src/report.handler`, memorySize: Number(process.env.MEM) } },',
      '};',
      'module.exports = serverlessConfiguration;',
    ].join('\n');
    const result = parseServerlessTs(ts, text, '/p/serverless.ts');
    expect(result.root).toBeDefined();
    const { stack } = buildServerlessStack(result.root!, '/p/serverless.ts');
    // `hello` is imported: its definition is only known by running the code.
    expect(stack!.functions.map((f) => f.id)).toEqual(['report']);
    const report = stack!.functions[0]!;
    expect(report.handler).toMatchObject({ known: true, value: 'src/report.handler' });
    expect(report.memorySize.value).toMatchObject({ known: false });
    expect(report.timeout.value).toMatchObject({ known: true, value: 12 });
    expect(report.timeout.loc).toMatchObject({ line: 5, column: 60 });
  });

  it('skips a configuration built by code, saying why', () => {
    const result = parseServerlessTs(ts, "export default buildConfig({ service: 'x' });", '/p/serverless.ts');
    expect(result.root).toBeUndefined();
    expect(result.reason).toMatch(/does not export an object literal/);
  });
});
