import { describe, expect, it } from 'vitest';
import { matchResource } from '../src/iam/arn-match.js';
import { allows, grantsOf } from '../src/iam/grants.js';
import { lambdaManagedPolicy } from '../src/iam/lambda-managed-policies.js';
import { SAM_POLICY_TEMPLATES } from '../src/iam/sam-policy-templates.js';
import { modelOf } from './support/rule-tester.js';

const TABLE = 'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${name:Orders}';

describe('matchResource', () => {
  it('matches like with like, and wildcards whatever the unknown parts are', () => {
    expect(matchResource(TABLE, TABLE)).toBe('yes');
    expect(matchResource('*', TABLE)).toBe('yes');
    expect(matchResource('arn:${AWS::Partition}:dynamodb:*:*:table/*', TABLE)).toBe('yes');
    expect(matchResource('arn:${AWS::Partition}:dynamodb:*:*:table/${name:Orders}/index/*', `${TABLE}/index/ByCustomer`)).toBe('yes');
  });
  it('says no only when no value of the unknown parts could match', () => {
    expect(matchResource(TABLE.replace('Orders', 'Audit'), TABLE)).toBe('no');
    expect(matchResource(TABLE, `${TABLE}/index/ByCustomer`)).toBe('no');
    expect(matchResource('arn:${AWS::Partition}:s3:::${name:Uploads}', 'arn:${AWS::Partition}:s3:::${name:Uploads}/${?key}')).toBe('no');
    expect(matchResource('arn:${AWS::Partition}:sqs:*:*:jobs', 'arn:${AWS::Partition}:sqs:*:*:orders')).toBe('no');
  });
  it('says maybe when an unknown part could be the other side', () => {
    expect(matchResource('arn:${AWS::Partition}:dynamodb:us-east-1:123456789012:table/orders', TABLE)).toBe('maybe');
    expect(matchResource('arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders', TABLE)).toBe('maybe');
    expect(matchResource('${?ImportValue}', TABLE)).toBe('maybe');
    expect(matchResource('arn:${AWS::Partition}:s3:::uploads/in/*', 'arn:${AWS::Partition}:s3:::uploads/${?key}')).toBe('maybe');
    expect(matchResource('arn:aws:secretsmanager:*:*:secret:db-AbCdEf', 'arn:aws:secretsmanager:*:*:secret:db-${?suffix}')).toBe('maybe');
  });
  it('treats a resource name matched by ? or a partial literal as unknown, not as a match', () => {
    expect(matchResource('arn:${AWS::Partition}:dynamodb:*:*:table/?', TABLE)).toBe('maybe');
    expect(matchResource('arn:${AWS::Partition}:dynamodb:*:*:table/orders-*', TABLE)).toBe('maybe');
  });
});

describe('known policies', () => {
  it('every SAM policy template uses exactly the parameters it declares', () => {
    for (const [name, template] of Object.entries(SAM_POLICY_TEMPLATES)) {
      const used = new Set(template.statements.flatMap((s) => s.resources.flatMap((r) => [...r.matchAll(/\$\{([A-Za-z]+)\}/g)].map((m) => m[1]))));
      expect([...used].sort(), name).toEqual([...template.parameters].sort());
      for (const s of template.statements) for (const a of s.actions) expect(a, name).toMatch(/^[a-z0-9-]+:[A-Za-z*]+$/);
    }
  });
  it('reads managed policies by ARN, service-role path and bare SAM name', () => {
    expect(lambdaManagedPolicy('arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole')?.name).toBe('AWSLambdaBasicExecutionRole');
    expect(lambdaManagedPolicy('arn:${AWS::Partition}:iam::aws:policy/AWSXRayDaemonWriteAccess')?.name).toBe('AWSXRayDaemonWriteAccess');
    expect(lambdaManagedPolicy('AWSLambdaSQSQueueExecutionRole')?.name).toBe('AWSLambdaSQSQueueExecutionRole');
    expect(lambdaManagedPolicy('arn:aws:iam::123456789012:policy/AWSLambdaBasicExecutionRole')).toBeUndefined();
    expect(lambdaManagedPolicy('AmazonDynamoDBFullAccess')).toBeUndefined();
  });
});

describe('grantsOf and allows', () => {
  const stack = modelOf({
    template: `
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Templates:
          Type: AWS::Serverless::Function
          Connectors:
            Write:
              Properties: { Destination: { Id: Audit }, Permissions: [Write] }
          Properties:
            Handler: a.handler
            Policies:
              - DynamoDBReadPolicy: { TableName: !Ref Orders }
              - SQSSendMessagePolicy: { QueueName: !GetAtt Jobs.QueueName }
              - SNSPublishMessagePolicy: { TopicName: !GetAtt Events.TopicName }
              - S3ReadPolicy: { BucketName: !Ref Uploads }
              - AWSSecretsManagerGetSecretValuePolicy: { SecretArn: !Ref Secret }
            DeadLetterQueue: { Type: SNS, TargetArn: !Ref Events }
        Bounded:
          Type: AWS::Serverless::Function
          Properties: { Handler: a.handler, PermissionsBoundary: arn:aws:iam::123456789012:policy/b, Policies: [AWSLambdaBasicExecutionRole] }
        Unknown:
          Type: AWS::Serverless::Function
          Properties: { Handler: a.handler, Policies: [{ AthenaQueryPolicy: { WorkGroupName: wg } }] }
        Orders: { Type: AWS::DynamoDB::Table }
        Audit: { Type: AWS::DynamoDB::Table }
        Jobs: { Type: AWS::SQS::Queue }
        Events: { Type: AWS::SNS::Topic }
        Uploads: { Type: AWS::S3::Bucket }
        Secret: { Type: AWS::SecretsManager::Secret }
    `,
  });
  const fn = (id: string) => stack.functions.find((f) => f.id === id)!;
  const arn = (service: string, rest: string) => `arn:\${AWS::Partition}:${service}:\${AWS::Region}:\${AWS::AccountId}:${rest}`;

  it('expands policy templates, connectors and what SAM generates', () => {
    const role = grantsOf(stack, fn('Templates'));
    expect(role.unknown).toBeUndefined();
    expect(allows(role, 'dynamodb:Query', arn('dynamodb', 'table/${name:Orders}/index/ByDate'))).toBe('allowed');
    expect(allows(role, 'dynamodb:PutItem', arn('dynamodb', 'table/${name:Orders}'))).toBe('not-allowed');
    expect(allows(role, 'dynamodb:PutItem', arn('dynamodb', 'table/${name:Audit}'))).toBe('allowed');
    expect(allows(role, 'sqs:SendMessage', arn('sqs', '${name:Jobs}'))).toBe('allowed');
    expect(allows(role, 'sns:Publish', arn('sns', '${name:Events}'))).toBe('allowed');
    expect(allows(role, 's3:GetObject', 'arn:${AWS::Partition}:s3:::${name:Uploads}/${?key}')).toBe('allowed');
    expect(allows(role, 's3:PutObject', 'arn:${AWS::Partition}:s3:::${name:Uploads}/${?key}')).toBe('not-allowed');
    expect(allows(role, 'secretsmanager:GetSecretValue', arn('secretsmanager', 'secret:${name:Secret}'))).toBe('allowed');
    expect(allows(role, 'logs:PutLogEvents', arn('logs', 'log-group:x'))).toBe('allowed');
    expect(allows(role, 'dynamodb:PutItem', undefined)).toBe('unknown');
    expect(allows(role, 'kinesis:PutRecord', undefined)).toBe('not-allowed');
  });
  it('a permissions boundary or a template it does not know leaves the grants unknown', () => {
    expect(grantsOf(stack, fn('Bounded')).unknown).toMatch(/permissions boundary/);
    expect(grantsOf(stack, fn('Unknown')).unknown).toMatch(/AthenaQueryPolicy/);
    expect(allows(grantsOf(stack, fn('Unknown')), 'kinesis:PutRecord', undefined)).toBe('unknown');
  });
});
