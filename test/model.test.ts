import { describe, expect, it } from 'vitest';
import { buildStackModel, isCloudFormationTemplate } from '../src/model/cloudformation.js';
import type { FunctionModel, StackModel } from '../src/model/types.js';
import { parseYamlOrJson } from '../src/parse/yaml-json.js';
import { dedent } from './support/rule-tester.js';

function model(text: string): StackModel {
  const { root } = parseYamlOrJson(dedent(text), '/p/template.yaml', 'yaml');
  if (!isCloudFormationTemplate(root)) throw new Error('not a template');
  return buildStackModel(root, '/p/template.yaml');
}

const fn = (stack: StackModel, id: string): FunctionModel => stack.functions.find((f) => f.id === id)!;

describe('template recognition', () => {
  it.each([
    ['AWSTemplateFormatVersion', 'AWSTemplateFormatVersion: "2010-09-09"\nResources: {}'],
    ['SAM transform only', 'Transform: AWS::Serverless-2016-10-31\nResources: {}'],
    ['SAM transform in a list', 'Transform: [AWS::LanguageExtensions, AWS::Serverless-2016-10-31]\nResources: {}'],
    ['only AWS:: resource types', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue'],
    ['one broken resource among AWS:: ones', 'Resources:\n  Q:\n    Type: AWS::SQS::Queue\n  Broken:\n    Type: { AWS::Serverless::Function: x }'],
  ])('recognises %s', (_name, text) => {
    expect(isCloudFormationTemplate(parseYamlOrJson(text, 'f', 'yaml').root)).toBe(true);
  });

  it.each([
    ['a docker-compose file', 'services:\n  web:\n    image: nginx'],
    ['a workflow', 'on: push\njobs: {}'],
    ['Resources of another tool', 'Resources:\n  thing:\n    Type: kubernetes'],
    ['an empty Resources map', 'Resources: {}'],
    ['a list', '- a\n- b'],
  ])('does not mistake %s for a template', (_name, text) => {
    expect(isCloudFormationTemplate(parseYamlOrJson(text, 'f', 'yaml').root)).toBe(false);
  });
});

describe('SAM functions', () => {
  const stack = model(`
    Transform: AWS::Serverless-2016-10-31
    Parameters:
      Timeout:
        Type: Number
        Default: 20
    Globals:
      Function:
        Runtime: nodejs20.x
        Timeout: !Ref Timeout
        Environment:
          Variables:
            STAGE: prod
            SHARED: globals
        DeadLetterQueue:
          Type: SQS
          TargetArn: !GetAtt Dlq.Arn
    Resources:
      Dlq:
        Type: AWS::SQS::Queue
      Queue:
        Type: AWS::SQS::Queue
      Api:
        Type: AWS::Serverless::Function
        Properties:
          Handler: src/api.handler
          CodeUri: .
          MemorySize: 512
          Tracing: Active
          Environment:
            Variables:
              SHARED: own
          Events:
            Get:
              Type: Api
              Properties: { Path: /x, Method: get }
            Http:
              Type: HttpApi
      Worker:
        Type: AWS::Serverless::Function
        Properties:
          Handler: worker.handler
          Timeout: 60
          Role: !GetAtt WorkerRole.Arn
          EventInvokeConfig:
            MaximumRetryAttempts: 0
            DestinationConfig:
              OnFailure:
                Type: SQS
          Events:
            Jobs:
              Type: SQS
              Properties:
                Queue: !GetAtt Queue.Arn
                BatchSize: 5
                FunctionResponseTypes: [ReportBatchItemFailures]
            Stream:
              Type: Kinesis
              Properties:
                Stream: arn:aws:kinesis:us-east-1:123456789012:stream/s
                StartingPosition: LATEST
                MaximumRetryAttempts: 3
                DestinationConfig:
                  OnFailure:
                    Destination: !GetAtt Dlq.Arn
            Nightly:
              Type: Schedule
              Properties: { Schedule: rate(1 day) }
            Upload:
              Type: S3
              Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* }
      WorkerRole:
        Type: AWS::IAM::Role
      Bucket:
        Type: AWS::S3::Bucket
  `);

  it('inherits Globals and records where each setting comes from', () => {
    const api = fn(stack, 'Api');
    expect(stack.format).toBe('sam');
    expect(api.runtime.source).toBe('globals');
    expect(api.runtime.value).toMatchObject({ known: true, value: 'nodejs20.x' });
    expect(api.timeout).toMatchObject({ source: 'globals', value: { known: true, value: 20, assumptions: [{ parameter: 'Timeout', value: 20 }] } });
    expect(api.memorySize).toMatchObject({ source: 'resource', value: { value: 512 } });
    expect(fn(stack, 'Worker').timeout).toMatchObject({ source: 'resource', value: { value: 60 }, loc: { line: 42 } });
    expect(api.tracing.value).toMatchObject({ value: 'Active' });
    expect(api.environment.map((v) => [v.name, v.source])).toEqual([['STAGE', 'globals'], ['SHARED', 'resource']]);
    expect(api.deadLetter?.target.id).toBe('Dlq');
    expect(stack.deadLetterTargets.has('Dlq')).toBe(true);
  });

  it('turns events into triggers with their invocation type and settings', () => {
    expect(fn(stack, 'Api').triggers.map((t) => [t.name, t.kind, t.invocation])).toEqual([
      ['Get', 'api', 'sync'],
      ['Http', 'http-api', 'sync'],
    ]);
    const worker = fn(stack, 'Worker');
    expect(worker.triggers.map((t) => [t.name, t.kind, t.invocation])).toEqual([
      ['Jobs', 'sqs', 'poll'],
      ['Stream', 'kinesis', 'poll'],
      ['Nightly', 'schedule', 'async'],
      ['Upload', 's3', 'async'],
    ]);
    const [jobs, streamTrigger] = worker.triggers;
    expect(jobs!.source?.id).toBe('Queue');
    expect(jobs!.batchSize).toMatchObject({ source: 'resource', value: { value: 5 } });
    expect(jobs!.reportBatchItemFailures).toMatchObject({ known: true, value: true });
    expect(jobs!.loc.line).toBe(50);
    expect(streamTrigger!.source).toMatchObject({ external: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' });
    expect(streamTrigger!.batchSize).toMatchObject({ source: 'default', defaultValue: 100 });
    expect(streamTrigger!.maximumRetryAttempts).toMatchObject({ value: 3 });
    expect(streamTrigger!.onFailure?.target.id).toBe('Dlq');
  });

  it('reads EventInvokeConfig, including an on-failure queue SAM creates itself', () => {
    const worker = fn(stack, 'Worker');
    expect(worker.asyncOnFailure).toBeDefined();
    expect(worker.asyncMaximumRetryAttempts).toMatchObject({ value: 0 });
    expect(worker.role).toMatchObject({ id: 'WorkerRole' });
    expect(fn(stack, 'Api').role).toMatchObject({ generated: true });
  });
});

describe('plain CloudFormation wiring', () => {
  const stack = model(`
    Resources:
      Fn:
        Type: AWS::Lambda::Function
        Properties:
          FunctionName: orders-fn
          Role: !GetAtt Role.Arn
          TracingConfig: { Mode: Active }
          DeadLetterConfig: { TargetArn: !GetAtt Dlq.Arn }
      Role:
        Type: AWS::IAM::Role
        Properties:
          Policies:
            - PolicyName: p
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: [sqs:ReceiveMessage, !If [IsProd, "s3:*", !Ref AWS::NoValue]]
                    Resource: "*"
      ExtraPolicy:
        Type: AWS::IAM::Policy
        Properties:
          Roles: [!Ref Role]
          PolicyDocument: '{"Statement": [{"Effect": "Deny", "NotAction": "s3:*", "Resource": "*"}]}'
      Mapping:
        Type: AWS::Lambda::EventSourceMapping
        Properties:
          FunctionName: !Ref Fn
          EventSourceArn: !GetAtt Table.StreamArn
          DestinationConfig: { OnFailure: { Destination: !GetAtt Dlq.Arn } }
      Table:
        Type: AWS::DynamoDB::Table
      Dlq:
        Type: AWS::SQS::Queue
      Queue:
        Type: AWS::SQS::Queue
        Properties:
          VisibilityTimeout: 120
          RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn, maxReceiveCount: 3 }
      Topic:
        Type: AWS::SNS::Topic
      Subscription:
        Type: AWS::SNS::Subscription
        Properties:
          Protocol: lambda
          TopicArn: !Ref Topic
          Endpoint: !GetAtt Fn.Arn
      Rule:
        Type: AWS::Events::Rule
        Properties:
          ScheduleExpression: rate(5 minutes)
          Targets:
            - Id: fn
              Arn: !GetAtt Fn.Arn
      S3Permission:
        Type: AWS::Lambda::Permission
        Properties:
          FunctionName: arn:aws:lambda:us-east-1:123456789012:function:orders-fn
          Principal: s3.amazonaws.com
          Action: lambda:InvokeFunction
      SnsPermission:
        Type: AWS::Lambda::Permission
        Properties:
          FunctionName: !Ref Fn
          Principal: sns.amazonaws.com
          Action: lambda:InvokeFunction
  `);

  it('links mappings, subscriptions, rules and permissions to the function', () => {
    const f = fn(stack, 'Fn');
    expect(f.kind).toBe('lambda');
    expect(f.timeout).toMatchObject({ source: 'default', defaultValue: 3, value: undefined, loc: { line: 2, column: 3 } });
    expect(f.tracing.value).toMatchObject({ value: 'Active' });
    expect(f.triggers.map((t) => [t.name, t.kind, t.invocation, t.via])).toEqual([
      ['Mapping', 'dynamodb-stream', 'poll', 'event-source-mapping'],
      ['Subscription', 'sns', 'async', 'sns-subscription'],
      ['Rule', 'schedule', 'async', 'events-rule'],
      // Literal function ARN matched through FunctionName; the SNS permission adds nothing new.
      ['S3Permission', 's3', 'async', 'permission'],
    ]);
    expect(f.triggers[0]!.onFailure?.target.id).toBe('Dlq');
  });

  it('collects statements with their holder and functions, expanding Fn::If branches', () => {
    expect(stack.statements).toHaveLength(2);
    const [inline, extra] = stack.statements;
    expect(inline!.holder).toEqual({ id: 'Role', kind: 'role' });
    expect(inline!.functions).toEqual(['Fn']);
    expect(inline!.actions.map((a) => (a.known ? a.value : '?'))).toEqual(['sqs:ReceiveMessage', 's3:*']);
    expect(inline!.resources.map((a) => (a.known ? a.value : '?'))).toEqual(['*']);
    expect(extra!.actionKey).toBe('NotAction');
    expect(extra!.effect).toMatchObject({ value: 'Deny' });
    expect(extra!.functions).toEqual(['Fn']);
  });

  it('reads queues and dead-letter targets', () => {
    const queue = stack.queues.find((q) => q.id === 'Queue')!;
    expect(queue.visibilityTimeout).toMatchObject({ source: 'resource', value: { value: 120 } });
    expect(queue.deadLetterTarget?.id).toBe('Dlq');
    const dlq = stack.queues.find((q) => q.id === 'Dlq')!;
    expect(dlq.visibilityTimeout).toMatchObject({ source: 'default', defaultValue: 30 });
    expect([...stack.deadLetterTargets]).toEqual(['Dlq']);
  });
});

describe('values the template does not determine', () => {
  it('stays unknown instead of guessing', () => {
    const stack = model(`
      Parameters:
        NoDefault: { Type: Number }
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Timeout: !Ref NoDefault
            MemorySize: !If [IsProd, 1024, 128]
            Runtime: !ImportValue shared-runtime
    `);
    const f = fn(stack, 'Fn');
    expect(f.timeout.value).toMatchObject({ known: false });
    expect(f.memorySize.value).toMatchObject({ known: false });
    expect(f.runtime.value).toMatchObject({ known: false });
    expect(f.timeout.source).toBe('resource');
  });

  it('keeps conditional dead-letter and on-failure settings as unknown destinations, and their queues as dead-letter targets', () => {
    const stack = model(`
      Transform: AWS::Serverless-2016-10-31
      Conditions:
        IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
      Resources:
        Sam:
          Type: AWS::Serverless::Function
          Properties:
            DeadLetterQueue: !If [IsProd, { Type: SQS, TargetArn: !GetAtt FnDlq.Arn }, !Ref AWS::NoValue]
            EventInvokeConfig:
              DestinationConfig: !If [IsProd, { OnFailure: { Type: SQS, Destination: !GetAtt AsyncDlq.Arn } }, !Ref AWS::NoValue]
            Events:
              Stream:
                Type: Kinesis
                Properties:
                  Stream: !GetAtt S.Arn
                  StartingPosition: LATEST
                  DestinationConfig:
                    OnFailure: !If [IsProd, { Destination: !GetAtt StreamDlq.Arn }, !Ref AWS::NoValue]
        Plain:
          Type: AWS::Lambda::Function
          Properties:
            DeadLetterConfig: !If [IsProd, { TargetArn: !GetAtt PlainDlq.Arn }, !Ref AWS::NoValue]
        Work:
          Type: AWS::SQS::Queue
          Properties:
            RedrivePolicy: !If [IsProd, { deadLetterTargetArn: !GetAtt WorkDlq.Arn, maxReceiveCount: 5 }, !Ref AWS::NoValue]
        Off:
          Type: AWS::Lambda::Function
          Properties:
            DeadLetterConfig: !Ref AWS::NoValue
        FnDlq: { Type: AWS::SQS::Queue }
        AsyncDlq: { Type: AWS::SQS::Queue }
        StreamDlq: { Type: AWS::SQS::Queue }
        PlainDlq: { Type: AWS::SQS::Queue }
        WorkDlq: { Type: AWS::SQS::Queue }
        S: { Type: AWS::Kinesis::Stream }
    `);
    const sam = fn(stack, 'Sam');
    expect(sam.deadLetter?.target).toMatchObject({ known: false });
    expect(sam.asyncOnFailure?.target).toMatchObject({ known: false });
    expect(sam.triggers[0]!.onFailure?.target).toMatchObject({ known: false });
    expect(fn(stack, 'Plain').deadLetter?.target).toMatchObject({ known: false });
    expect(fn(stack, 'Off').deadLetter).toBeUndefined();
    expect([...stack.deadLetterTargets].sort()).toEqual(['AsyncDlq', 'FnDlq', 'PlainDlq', 'StreamDlq', 'WorkDlq']);
  });

  it('treats AWS::NoValue as absent', () => {
    const stack = model(`
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Timeout: !Ref AWS::NoValue
    `);
    expect(fn(stack, 'Fn').timeout.source).toBe('default');
  });

  it('resolves Sub, Join, Select and FindInMap where the template fixes them', () => {
    const stack = model(`
      Mappings:
        Stage: { prod: { Timeout: 25 } }
      Parameters:
        Env: { Type: String, Default: prod }
      Resources:
        A:
          Type: AWS::Lambda::Function
          Properties:
            Timeout: !FindInMap [Stage, !Ref Env, Timeout]
            Handler: !Join ['.', [index, !Select [1, [a, handler]]]]
            Runtime: !Sub 'nodejs\${Version}.x'
    `);
    const a = fn(stack, 'A');
    expect(a.timeout.value).toMatchObject({ known: true, value: 25, assumptions: [{ parameter: 'Env' }] });
    expect(a.handler).toMatchObject({ known: true, value: 'index.handler' });
    expect(a.runtime.value).toMatchObject({ known: false });
  });
});

describe('every SAM event type', () => {
  const types: [string, string, string, number | undefined][] = [
    ['Api', 'api', 'sync', undefined],
    ['HttpApi', 'http-api', 'sync', undefined],
    ['SQS', 'sqs', 'poll', 10],
    ['SNS', 'sns', 'async', undefined],
    ['S3', 's3', 'async', undefined],
    ['Kinesis', 'kinesis', 'poll', 100],
    ['DynamoDB', 'dynamodb-stream', 'poll', 100],
    ['EventBridgeRule', 'eventbridge', 'async', undefined],
    ['CloudWatchEvent', 'eventbridge', 'async', undefined],
    ['Schedule', 'schedule', 'async', undefined],
    ['ScheduleV2', 'scheduler', 'async', undefined],
    ['CloudWatchLogs', 'cloudwatch-logs', 'async', undefined],
    ['IoTRule', 'iot', 'async', undefined],
    ['MSK', 'msk', 'poll', 100],
    ['MQ', 'mq', 'poll', 100],
    ['SelfManagedKafka', 'self-managed-kafka', 'poll', 100],
    ['DocumentDB', 'documentdb', 'poll', 100],
  ];
  const stack = model(`
    Transform: AWS::Serverless-2016-10-31
    Resources:
      Fn:
        Type: AWS::Serverless::Function
        Properties:
          Handler: a.handler
          Events:
${types.map(([type]) => `            E${type}: { Type: ${type} }`).join('\n')}
  `);

  it.each(types)('%s → %s, %s, default batch size %s', (type, kind, invocation, batch) => {
    const trigger = fn(stack, 'Fn').triggers.find((t) => t.name === `E${type}`)!;
    expect(trigger).toMatchObject({ kind, invocation, via: 'sam-event' });
    expect(trigger.batchSize?.defaultValue).toBe(batch);
  });
});
