/**
 * Templates that parse but have the wrong shape everywhere the model looks. No rule may throw (a
 * rule failure becomes a notice, which this test forbids) and the run must finish.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';

const shapes = ['null', '42', 'true', '"text"', '[]', '[1, "a", null]', '{}', '{ a: { b: [1] } }', '!Ref Missing', '!GetAtt [A]', '!Sub [1, 2]', '!If [C]', '!Join [1]', '!Select [x, y]', '!FindInMap [M]'];

const properties = [
  'Handler', 'Runtime', 'CodeUri', 'InlineCode', 'Timeout', 'MemorySize', 'Tracing', 'TracingConfig', 'Role', 'Policies', 'Environment',
  'Events', 'DeadLetterQueue', 'DeadLetterConfig', 'EventInvokeConfig', 'FunctionUrlConfig', 'LoggingConfig', 'PackageType', 'Code', 'FunctionName',
  'VisibilityTimeout', 'RedrivePolicy', 'RedriveAllowPolicy', 'QueueName', 'FifoQueue', 'Subscription', 'Targets', 'ScheduleExpression',
  'EventSourceArn', 'BatchSize', 'FunctionResponseTypes', 'DestinationConfig', 'MaximumRetryAttempts', 'Principal', 'SourceArn', 'PolicyDocument',
  'ManagedPolicyArns', 'Roles', 'NotificationConfiguration', 'Target', 'LogGroupName', 'RetentionInDays', 'AuthType', 'Protocol', 'Endpoint', 'TopicArn',
];
const types = [
  'AWS::Serverless::Function', 'AWS::Lambda::Function', 'AWS::SQS::Queue', 'AWS::SNS::Topic', 'AWS::SNS::Subscription', 'AWS::Events::Rule',
  'AWS::Lambda::EventSourceMapping', 'AWS::Lambda::EventInvokeConfig', 'AWS::Lambda::Permission', 'AWS::IAM::Role', 'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy', 'AWS::S3::Bucket', 'AWS::Scheduler::Schedule', 'AWS::Logs::LogGroup', 'AWS::Lambda::Url', 'AWS::RDS::DBInstance',
];

describe('templates with the wrong shape everywhere', () => {
  it('never make a rule throw', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-robust-'));
    mkdirSync(path.join(dir, '.git'));
    let count = 0;
    for (const [i, shape] of shapes.entries()) {
      const resources = types.map((type, t) => {
        const props = properties.map((p) => `      ${p}: ${shape}`).join('\n');
        return `  R${t}:\n    Type: ${type}\n    Metadata: ${shape}\n    Properties:\n${props}`;
      });
      const whole = [
        'AWSTemplateFormatVersion: "2010-09-09"',
        'Transform: AWS::Serverless-2016-10-31',
        `Parameters: ${shape === '{}' ? '{ P: 1 }' : shape}`,
        `Globals: { Function: ${shape} }`,
        'Resources:',
        ...resources,
        `  Odd: ${shape}`,
      ].join('\n');
      writeFileSync(path.join(dir, `t${i}.template.yaml`), `${whole}\n`);
      // The same shapes one level down, inside SAM events and policies.
      const nested = [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties:',
        '      Handler: a.handler',
        `      Policies: [${shape}, { Statement: ${shape} }, { Statement: [${shape}] }, { DynamoDBCrudPolicy: ${shape} }]`,
        `      Environment: { Variables: ${shape} }`,
        '      Events:',
        ...['Api', 'SQS', 'SNS', 'Kinesis', 'DynamoDB', 'EventBridgeRule', 'Schedule', 'S3'].map((type) => `        E${type}: { Type: ${type}, Properties: ${shape} }`),
        `        Weird: ${shape}`,
      ].join('\n');
      writeFileSync(path.join(dir, `n${i}.template.yaml`), `${nested}\n`);
      count += 2;
    }
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({}, undefined, dir) });
    expect(result.notices).toEqual([]);
    expect(result.stats.templates).toBe(count);
  }, 60_000);
});

describe('source files that are broken or strange', () => {
  it('never make a source rule throw, and say which handlers could not be followed', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-robust-src-'));
    mkdirSync(path.join(dir, '.git'));
    mkdirSync(path.join(dir, 'src', 'dir-import'), { recursive: true });
    const files: Record<string, string | Buffer> = {
      'src/syntax.mjs': 'export const handler = async (event) => { for (const r of event.Records { new S3Client( ',
      'src/binary.js': Buffer.from([0, 1, 2, 3, 0xff, 0xfe, 0, 0x41]),
      'src/number.mjs': 'export const handler = 5;\n',
      'src/cycle-a.mjs': "import { b } from './cycle-b.mjs';\nexport const a = () => b();\nexport const handler = async () => a();\n",
      'src/cycle-b.mjs': "import { a } from './cycle-a.mjs';\nexport const b = () => a();\n",
      'src/self.mjs': "export { handler } from './self.mjs';\n",
      'src/dir.mjs': "import x from './dir-import';\nimport y from './missing.mjs';\nimport z from '../../../../../etc/passwd';\nexport const handler = async () => [x, y, z];\n",
      'src/deep.mjs': `export const handler = async () => ${'['.repeat(2000)}${']'.repeat(2000)};\n`,
      'src/types.ts': "import type { SQSHandler } from 'aws-lambda';\nexport const handler: SQSHandler = async (event) => { for (const r of event.Records) await (globalThis as any).send(r); };\n",
    };
    for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
    const handlers = Object.keys(files).map((f, i) => `  F${i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: src/\n      Runtime: nodejs20.x\n      Handler: ${path.basename(f).replace(/\.[^.]+$/, '')}.handler\n      Events:\n        Q: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:q } }`);
    writeFileSync(path.join(dir, 'template.yaml'), ['Transform: AWS::Serverless-2016-10-31', 'Resources:', ...handlers].join('\n') + '\n');
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({}, undefined, dir) });
    // Pathological nesting exhausts the parser's stack: that file is reported, nothing else is lost.
    expect(result.notices).toEqual([{ message: expect.stringMatching(/^could not read or parse this source file, so it was not checked: /), path: path.join(dir, 'src', 'deep.mjs') }]);
    const byFunction = Object.fromEntries(result.handlers.map((h) => [h.functionId, h.status === 'linked' ? 'linked' : h.reason]));
    expect(byFunction.F2).toMatch(/no export "handler" that sls-lint can follow/);
    expect(byFunction.F5).toMatch(/no export "handler"/);
    expect(byFunction.F3).toBe('linked');
    expect(byFunction.F8).toBe('linked');
  }, 60_000);
});
