import { describe, expect, it, vi } from 'vitest';
import { awsCall, lintWithCalls, type CallsCase } from '../../test/support/call-facts.js';
import rule from './index.js';

vi.mock('../../src/iam/call-actions.js', async () => ({ requirementsOf: (await import('../../test/support/call-facts.js')).mockRequirements }));

const role = (statements: string, extra = '') => `
  Resources:
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        Handler: app.handler
        Runtime: nodejs20.x
        Role: !GetAtt Role.Arn
        Environment: { Variables: { TABLE: !Ref Orders, QUEUE_URL: !Ref Jobs } }
    Role:
      Type: AWS::IAM::Role
      Properties:
        ManagedPolicyArns: [arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]
        Policies:
          - PolicyName: app
            PolicyDocument:
              Statement:
${statements.replace(/^/gm, '                ')}
    Orders: { Type: AWS::DynamoDB::Table }
    Jobs: { Type: AWS::SQS::Queue }
${extra.replace(/^/gm, '    ')}
`;

const sam = (policies: string, extra = '') => `
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Fn:
      Type: AWS::Serverless::Function
${extra.replace(/^/gm, '      ')}
      Properties:
        Handler: app.handler
        Runtime: nodejs20.x
        Environment: { Variables: { TABLE: !Ref Orders, BUCKET: !Ref Uploads } }
        Policies:
${policies.replace(/^/gm, '          ')}
    Orders: { Type: AWS::DynamoDB::Table }
    Uploads: { Type: AWS::S3::Bucket }
`;

const get = awsCall('dynamodb', 'GetItem', { env: 'TABLE' }, 10);
const put = awsCall('dynamodb', 'PutItem', { env: 'TABLE' }, 11);
const table = "!GetAtt Orders.Arn";

const valid: CallsCase<Record<string, never>>[] = [
  {
    // One problem, one finding: iam-missing-permission reports the put and points at this template.
    name: 'a write template naming another table than the one the code writes, which no grant allows',
    template: sam('- DynamoDBWritePolicy: { TableName: !Ref Audit }').replace('    Uploads:', '    Audit: { Type: AWS::DynamoDB::Table }\n    Uploads:'),
    calls: { Fn: [put] },
  },
  {
    name: 'read-only extras are not findings; used writes are not either',
    template: role(`- { Effect: Allow, Action: [dynamodb:GetItem, dynamodb:Query, dynamodb:Scan, dynamodb:PutItem], Resource: ${table} }`),
    calls: { Fn: [get, put] },
  },
  {
    name: 'calls that may be incomplete: silent',
    template: role(`- { Effect: Allow, Action: [dynamodb:GetItem, dynamodb:DeleteItem], Resource: ${table} }`),
    calls: { Fn: [get] },
    incomplete: { Fn: 'a client is passed to code sls-lint does not read' },
  },
  {
    name: 'an operation sls-lint does not know makes the calls incomplete',
    template: role(`- { Effect: Allow, Action: [dynamodb:DeleteItem], Resource: ${table} }`),
    calls: { Fn: [awsCall('dynamodb', 'TransactWriteItems', { env: 'TABLE' })] },
  },
  {
    name: 'a role shared with a function whose code was not read',
    template: role(`- { Effect: Allow, Action: [dynamodb:DeleteItem], Resource: ${table} }`, 'Other:\n  Type: AWS::Lambda::Function\n  Properties: { Handler: other.handler, Runtime: python3.12, Role: !GetAtt Role.Arn }'),
    calls: { Fn: [get] },
  },
  {
    name: 'a role that a state machine also uses',
    template: role(`- { Effect: Allow, Action: [dynamodb:DeleteItem], Resource: ${table} }`, 'Machine:\n  Type: AWS::StepFunctions::StateMachine\n  Properties: { RoleArn: !GetAtt Role.Arn }'),
    calls: { Fn: [get] },
  },
  {
    name: 'what Lambda uses through the role: pollers, logs, dead-letter queues',
    template: role(
      "- { Effect: Allow, Action: [sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes], Resource: !GetAtt Jobs.Arn }\n- { Effect: Allow, Action: [logs:CreateLogStream, logs:PutLogEvents], Resource: '*' }\n- { Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Jobs.Arn }",
      'Mapping:\n  Type: AWS::Lambda::EventInvokeConfig\n  Properties: { FunctionName: !Ref Fn, Qualifier: $LATEST, DestinationConfig: { OnFailure: { Destination: !GetAtt Jobs.Arn } } }',
    ),
    calls: { Fn: [get] },
  },
  {
    name: 'a call whose table is not known may be the one granted',
    template: role(`- { Effect: Allow, Action: [dynamodb:PutItem], Resource: ${table} }`),
    calls: { Fn: [awsCall('dynamodb', 'PutItem', 'unknown')] },
  },
  {
    name: 'a CRUD template whose reads and writes are both used: no narrower template covers them',
    template: sam('- DynamoDBCrudPolicy: { TableName: !Ref Orders }\n- S3ReadPolicy: { BucketName: !Ref Uploads }'),
    calls: { Fn: [get, put] },
  },
  {
    name: 'a connector whose Write permission is used',
    template: sam('- AWSLambdaBasicExecutionRole', 'Connectors:\n  Conn:\n    Properties: { Destination: { Id: Orders }, Permissions: [Read, Write] }'),
    calls: { Fn: [get, put] },
  },
  {
    name: 'a service the code never calls: a driver or ORM may call it (and a template of it)',
    template: role("- { Effect: Allow, Action: [qldb:SendCommand, 'rds-data:ExecuteStatement'], Resource: '*' }"),
    calls: { Fn: [get] },
  },
  {
    name: 'a function with layers: their code runs with the role too',
    template: sam('- DynamoDBCrudPolicy: { TableName: !Ref Orders }', '').replace('        Handler: app.handler', '        Handler: app.handler\n        Layers: [arn:aws:lambda:us-east-1:123456789012:layer:telemetry:3]'),
    calls: { Fn: [get] },
  },
  {
    name: 'an on-failure destination of a stream event is sent to with the function\'s role',
    template: `
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: app.handler
            Runtime: nodejs20.x
            Environment: { Variables: { TABLE: !Ref Orders } }
            Policies:
              - SQSSendMessagePolicy: { QueueName: !GetAtt Failures.QueueName }
              - DynamoDBReadPolicy: { TableName: !Ref Orders }
            Events:
              Stream:
                Type: Kinesis
                Properties:
                  Stream: !GetAtt Stream.Arn
                  StartingPosition: LATEST
                  DestinationConfig: { OnFailure: { Destination: !GetAtt Failures.Arn } }
        Orders: { Type: AWS::DynamoDB::Table }
        Failures: { Type: AWS::SQS::Queue }
        Stream: { Type: AWS::Kinesis::Stream }
    `,
    calls: { Fn: [get, awsCall('sqs', 'SendMessage', 'https://sqs.us-east-1.amazonaws.com/123456789012/other', 12)] },
  },
  {
    name: 'a managed policy sls-lint does not know: the role is not judged',
    template: role(`- { Effect: Allow, Action: [dynamodb:DeleteItem], Resource: ${table} }`).replace('service-role/AWSLambdaBasicExecutionRole', 'AmazonS3FullAccess'),
    calls: { Fn: [get] },
  },
];

interface Invalid extends CallsCase<Record<string, never>> {
  errors: { line: number; column: number; messageId: string; messageIncludes: string[] }[];
}

const invalid: Invalid[] = [
  {
    name: 'an action item no call uses, and a scalar Action no call uses',
    template: role(`- Effect: Allow\n  Action: [dynamodb:GetItem, dynamodb:PutItem, dynamodb:DeleteItem]\n  Resource: ${table}\n- { Effect: Allow, Action: sqs:PurgeQueue, Resource: !GetAtt Jobs.Arn }`),
    calls: { Fn: [get, put, awsCall('sqs', 'SendMessage', { env: 'QUEUE_URL' }, 12)] },
    errors: [
      { line: 18, column: 62, messageId: 'unusedAction', messageIncludes: ['Role Role grants dynamodb:DeleteItem, which no call of function Fn uses (the code calls dynamodb:GetItem, dynamodb:PutItem). Remove it.'] },
      { line: 20, column: 42, messageId: 'unusedAction', messageIncludes: ['grants sqs:PurgeQueue', 'the code calls sqs:SendMessage'] },
    ],
  },
  {
    name: 'a wildcard action whose writes no call uses',
    template: role(`- { Effect: Allow, Action: ['dynamodb:*Item'], Resource: ${table} }`),
    calls: { Fn: [get] },
    errors: [{ line: 17, column: 43, messageId: 'unusedAction', messageIncludes: ['grants dynamodb:*Item (dynamodb:BatchWriteItem, dynamodb:DeleteItem, dynamodb:PutItem and 1 more)', 'the code calls dynamodb:GetItem'] }],
  },
  {
    name: 'a CRUD template used only to read, and one used only to write',
    template: sam('- DynamoDBCrudPolicy: { TableName: !Ref Orders }\n- S3CrudPolicy: { BucketName: !Ref Uploads }'),
    calls: { Fn: [get, awsCall('s3', 'PutObject', { env: 'BUCKET' }, 12)] },
    errors: [
      { line: 11, column: 11, messageId: 'unusedTemplate', messageIncludes: ['DynamoDBCrudPolicy grants', 'which the code of function Fn does not use (it calls dynamodb:GetItem through it)', 'DynamoDBReadPolicy with the same TableName covers every call'] },
      { line: 12, column: 11, messageId: 'unusedTemplate', messageIncludes: ['S3CrudPolicy', 'S3WritePolicy with the same BucketName'] },
    ],
  },
  {
    name: 'a write template no call goes through: it names another table than the code writes',
    template: sam('- DynamoDBWritePolicy: { TableName: !Ref Audit }\n- DynamoDBCrudPolicy: { TableName: !Ref Orders }').replace('    Uploads:', '    Audit: { Type: AWS::DynamoDB::Table }\n    Uploads:'),
    calls: { Fn: [get, put] },
    errors: [{ line: 11, column: 11, messageId: 'unusedTemplate', messageIncludes: ['makes no call it grants', 'remove it, or give it the TableName the code uses'] }],
  },
  {
    name: 'a connector with Write access whose function only reads',
    template: sam('- AWSLambdaBasicExecutionRole', 'Connectors:\n  Conn:\n    Properties: { Destination: { Id: Orders }, Permissions: [Read, Write] }'),
    calls: { Fn: [get] },
    errors: [{ line: 6, column: 7, messageId: 'unusedConnector', messageIncludes: ['Connector Conn grants Read and Write access to Orders', 'reads it (dynamodb:GetItem)', 'Permissions: [Read] covers every call'] }],
  },
  {
    name: 'serverless.yml: the provider role',
    format: 'serverless',
    template: `
      service: orders
      provider:
        name: aws
        runtime: nodejs20.x
        environment:
          TABLE: { Ref: OrdersTable }
        iam:
          role:
            statements:
              - Effect: Allow
                Action: [dynamodb:GetItem, dynamodb:DeleteItem]
                Resource: { "Fn::GetAtt": [OrdersTable, Arn] }
      functions:
        read:
          handler: src/app.handler
      resources:
        Resources:
          OrdersTable: { Type: AWS::DynamoDB::Table }
    `,
    calls: { read: [get] },
    errors: [{ line: 11, column: 38, messageId: 'unusedAction', messageIncludes: ['The provider role (provider.iam.role) grants dynamodb:DeleteItem, which no call of function read uses'] }],
  },
];

describe(rule.meta.name, () => {
  describe('valid', () => {
    for (const c of valid) {
      it(c.name, async () => {
        const findings = await lintWithCalls(rule, c);
        expect(findings.map((f) => `${f.loc.line}:${f.loc.column} ${f.message}`)).toEqual([]);
      });
    }
  });
  describe('invalid', () => {
    for (const c of invalid) {
      it(c.name, async () => {
        const findings = await lintWithCalls(rule, c);
        const sorted = [...findings].sort((a, b) => a.loc.line - b.loc.line || a.loc.column - b.loc.column);
        expect(sorted.map((f) => `${f.loc.line}:${f.loc.column} ${f.messageId}`)).toEqual(c.errors.map((e) => `${e.line}:${e.column} ${e.messageId}`));
        c.errors.forEach((e, i) => {
          for (const part of e.messageIncludes) expect(sorted[i]!.message).toContain(part);
        });
      });
    }
  });
});
