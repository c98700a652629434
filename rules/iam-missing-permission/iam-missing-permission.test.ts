import { describe, expect, it, vi } from 'vitest';
import { awsCall, lintWithCalls, type CallsCase } from '../../test/support/call-facts.js';
import rule from './index.js';

vi.mock('../../src/iam/call-actions.js', async () => ({ requirementsOf: (await import('../../test/support/call-facts.js')).mockRequirements }));

const sam = (policies: string, extra = '') => `
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Handler: app.handler
        Runtime: nodejs20.x
        Environment:
          Variables:
            TABLE: !Ref Orders
            QUEUE_URL: !Ref Jobs
            TOPIC: !Ref Events
            BUCKET: !Ref Uploads
        Policies:
${policies.replace(/^/gm, '          ')}
${extra.replace(/^/gm, '    ')}
    Orders: { Type: AWS::DynamoDB::Table }
    Jobs: { Type: AWS::SQS::Queue }
    Other: { Type: AWS::SQS::Queue }
    Events: { Type: AWS::SNS::Topic }
    Uploads: { Type: AWS::S3::Bucket }
`;

const putOrder = awsCall('dynamodb', 'PutItem', { env: 'TABLE' }, 12);

const valid: CallsCase<Record<string, never>>[] = [
  {
    name: 'a SAM policy template grants the call on the table the environment names',
    template: sam('- DynamoDBCrudPolicy: { TableName: !Ref Orders }'),
    calls: { Fn: [putOrder, awsCall('dynamodb', 'GetItem', { env: 'TABLE' }, 14)] },
  },
  {
    name: 'a GSI query with the index ARN granted (statement), and one through a read template',
    template: sam("- Statement: [{ Effect: Allow, Action: dynamodb:Query, Resource: !Sub '${Orders.Arn}/index/*' }]\n- DynamoDBReadPolicy: { TableName: !Ref Orders }"),
    calls: { Fn: [awsCall('dynamodb', 'Query', { env: 'TABLE' }, 12, { index: 'ByCustomer' })] },
  },
  {
    name: 'a KMS-encrypted queue: sqs:SendMessage is what the role must grant (key permissions are the key policy\'s concern)',
    template: sam('- SQSSendMessagePolicy: { QueueName: !GetAtt Jobs.QueueName }', 'Key: { Type: AWS::KMS::Key }'),
    calls: { Fn: [awsCall('sqs', 'SendMessage', { env: 'QUEUE_URL' })] },
  },
  {
    name: 'a permission granted through a connector',
    template: sam(
      '- Statement: []',
      'Conn:\n  Type: AWS::Serverless::Connector\n  Properties:\n    Source: { Id: Fn }\n    Destination: { Id: Orders }\n    Permissions: [Write]',
    ),
    calls: { Fn: [putOrder] },
  },
  {
    name: 'a managed policy sls-lint does not know: silent',
    template: sam('- AmazonDynamoDBFullAccess'),
    calls: { Fn: [putOrder] },
  },
  {
    name: 'a Condition on a statement: silent',
    template: sam("- Statement: [{ Effect: Allow, Action: sqs:SendMessage, Resource: '*', Condition: { StringEquals: { aws:ResourceTag/app: x } } }]"),
    calls: { Fn: [putOrder] },
  },
  {
    name: 'a resource the code computes, and the action is granted on some resource: silent',
    template: sam('- DynamoDBCrudPolicy: { TableName: !Ref Orders }'),
    calls: { Fn: [awsCall('dynamodb', 'PutItem', 'unknown')] },
  },
  {
    name: 'a literal table name against a grant on a table whose name is generated: cannot be told',
    template: sam('- DynamoDBCrudPolicy: { TableName: !Ref Orders }'),
    calls: { Fn: [awsCall('dynamodb', 'PutItem', 'orders-prod')] },
  },
  {
    name: 'an operation sls-lint does not know',
    template: sam('- Statement: []'),
    calls: { Fn: [awsCall('dynamodb', 'TransactWriteItems', { env: 'TABLE' })] },
  },
  {
    name: 'wildcards and case: dynamodb:*, DynamoDB:putitem, Put*, a table pattern',
    template: sam(
      "- Statement:\n  - { Effect: Allow, Action: 'DynamoDB:putitem', Resource: !GetAtt Orders.Arn }\n  - { Effect: Allow, Action: 'sns:*', Resource: '*' }\n  - { Effect: Allow, Action: 's3:Get*', Resource: 'arn:aws:s3:::*/*' }\n  - { Effect: Allow, Action: 'sqs:Send?essage', Resource: !Sub 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Jobs.QueueName}' }",
    ),
    calls: { Fn: [putOrder, awsCall('sns', 'Publish', { env: 'TOPIC' }, 13), awsCall('s3', 'GetObject', { env: 'BUCKET' }, 14), awsCall('sqs', 'SendMessage', { env: 'QUEUE_URL' }, 15)] },
  },
  {
    name: 'SAM grants what it generates: the SQS poller policy for an SQS event',
    template: `
      Transform: AWS::Serverless-2016-10-31
      Resources:
        Fn:
          Type: AWS::Serverless::Function
          Properties:
            Handler: app.handler
            Runtime: nodejs20.x
            Environment: { Variables: { QUEUE_URL: !Ref Jobs } }
            Events:
              Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
        Jobs: { Type: AWS::SQS::Queue }
    `,
    calls: { Fn: [awsCall('sqs', 'DeleteMessage', { env: 'QUEUE_URL' })] },
  },
  {
    name: 'a role outside the template, and a Deny that may apply',
    template: `
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties: { Handler: app.handler, Runtime: nodejs20.x, Role: 'arn:aws:iam::123456789012:role/ops' }
        Fn2:
          Type: AWS::Lambda::Function
          Properties: { Handler: app.handler, Runtime: nodejs20.x, Role: !GetAtt Role.Arn }
        Role:
          Type: AWS::IAM::Role
          Properties:
            Policies:
              - PolicyName: p
                PolicyDocument:
                  Statement:
                    - { Effect: Allow, Action: 'dynamodb:*', Resource: '*' }
                    - { Effect: Deny, Action: 'dynamodb:PutItem', Resource: !Ref TableArn }
      Parameters:
        TableArn: { Type: String }
    `,
    calls: { Fn: [awsCall('dynamodb', 'PutItem', 'orders')], Fn2: [awsCall('dynamodb', 'PutItem', 'orders')] },
  },
  {
    name: 'a policy attached to a role sls-lint cannot name may grant it',
    template: `
      Parameters:
        RoleName: { Type: String }
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties: { Handler: app.handler, Runtime: nodejs20.x, Role: !GetAtt Role.Arn }
        Role:
          Type: AWS::IAM::Role
          Properties: { AssumeRolePolicyDocument: {} }
        Extra:
          Type: AWS::IAM::Policy
          Properties:
            Roles: [!ImportValue shared-role]
            PolicyDocument: { Statement: [{ Effect: Allow, Action: 'dynamodb:*', Resource: '*' }] }
    `,
    calls: { Fn: [awsCall('dynamodb', 'PutItem', 'orders')] },
  },
  {
    name: 'a secret named in the code, granted by its name with the random suffix as a wildcard',
    template: sam("- Statement: [{ Effect: Allow, Action: secretsmanager:GetSecretValue, Resource: !Sub 'arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:prod/db-*' }]"),
    calls: { Fn: [awsCall('secretsmanager', 'GetSecretValue', 'prod/db')] },
  },
  {
    name: 'the provider role of serverless.yml grants the table by its CloudFormation ARN',
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
                Action: [dynamodb:PutItem]
                Resource: { "Fn::GetAtt": [OrdersTable, Arn] }
      functions:
        create:
          handler: src/app.handler
      resources:
        Resources:
          OrdersTable: { Type: AWS::DynamoDB::Table }
    `,
    calls: { create: [putOrder] },
  },
  {
    name: 'Terraform: a role policy attached by the role\'s literal name, on the table\'s arn',
    format: 'terraform',
    template: `
      resource "aws_lambda_function" "orders" {
        function_name = "orders"
        handler       = "app.handler"
        runtime       = "nodejs20.x"
        role          = aws_iam_role.orders.arn
        filename      = "app.zip"
        environment {
          variables = { TABLE = aws_dynamodb_table.orders.name }
        }
      }
      resource "aws_iam_role" "orders" {
        name = "orders-role"
        assume_role_policy = "{}"
      }
      resource "aws_iam_role_policy" "orders" {
        role = aws_iam_role.orders.name
        policy = jsonencode({
          Statement = [{ Effect = "Allow", Action = ["dynamodb:PutItem"], Resource = [aws_dynamodb_table.orders.arn] }]
        })
      }
      resource "aws_dynamodb_table" "orders" {
        hash_key = "id"
      }
    `,
    calls: { 'aws_lambda_function.orders': [putOrder] },
  },
];

interface Invalid extends CallsCase<Record<string, never>> {
  errors: { line: number; messageIncludes: string[] }[];
}

const invalid: Invalid[] = [
  {
    name: 'a read template and a write call: the fix is the narrowest template that covers it',
    template: sam('- DynamoDBReadPolicy: { TableName: !Ref Orders }'),
    calls: { Fn: [putOrder, awsCall('dynamodb', 'GetItem', { env: 'TABLE' }, 14)] },
    errors: [{ line: 12, messageIncludes: ['PutItemCommand needs dynamodb:PutItem on table Orders', 'the role SAM generates for Fn', 'AccessDenied', 'DynamoDBWritePolicy: { TableName: !Ref Orders } to the Policies of Fn'] }],
  },
  {
    name: 'a role that grants one queue, and code that sends to another',
    template: `
      Resources:
        Fn:
          Type: AWS::Lambda::Function
          Properties:
            Handler: app.handler
            Runtime: nodejs20.x
            Role: !GetAtt Role.Arn
            Environment: { Variables: { QUEUE_URL: !Ref Other } }
        Role:
          Type: AWS::IAM::Role
          Properties:
            ManagedPolicyArns: [!Sub 'arn:\${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']
            Policies:
              - PolicyName: p
                PolicyDocument:
                  Statement: [{ Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Jobs.Arn }]
        Jobs: { Type: AWS::SQS::Queue }
        Other: { Type: AWS::SQS::Queue }
    `,
    calls: { Fn: [awsCall('sqs', 'SendMessage', { env: 'QUEUE_URL' }, 20)] },
    errors: [
      {
        line: 20,
        messageIncludes: [
          'sqs:SendMessage on queue Other',
          'role Role does not allow',
          // The grant that names the other queue is pointed at, so the fix can be there: one problem, one finding.
          'The role grants sqs:SendMessage on another resource through the statement at line',
          'Otherwise add { Effect: Allow, Action: sqs:SendMessage, Resource: !GetAtt Other.Arn } to a policy of role Role',
        ],
      },
    ],
  },
  {
    name: 'a resource the code computes, and an action the role grants on no resource at all',
    template: sam('- DynamoDBCrudPolicy: { TableName: !Ref Orders }'),
    calls: { Fn: [awsCall('secretsmanager', 'GetSecretValue', 'unknown', 30)] },
    errors: [{ line: 30, messageIncludes: ['secretsmanager:GetSecretValue on its secret', '<the ARN of its secret>'] }],
  },
  {
    name: 'objects of a bucket granted on the bucket only',
    template: sam("- Statement: [{ Effect: Allow, Action: ['s3:GetObject'], Resource: !GetAtt Uploads.Arn }]"),
    calls: { Fn: [awsCall('s3', 'GetObject', { env: 'BUCKET' }, 16)] },
    errors: [{ line: 16, messageIncludes: ['s3:GetObject on object Uploads', 'S3ReadPolicy: { BucketName: !Ref Uploads }'] }],
  },
  {
    name: 'a helper module shared by two functions: one finding for the call site',
    template: `
      Transform: AWS::Serverless-2016-10-31
      Globals:
        Function:
          Environment: { Variables: { TOPIC: !Ref Events } }
      Resources:
        A: { Type: AWS::Serverless::Function, Properties: { Handler: app.handler, Runtime: nodejs20.x } }
        B: { Type: AWS::Serverless::Function, Properties: { Handler: app.other, Runtime: nodejs20.x } }
        Events: { Type: AWS::SNS::Topic }
    `,
    calls: { A: [awsCall('sns', 'Publish', { env: 'TOPIC' }, 40)], B: [awsCall('sns', 'Publish', { env: 'TOPIC' }, 40)] },
    errors: [{ line: 40, messageIncludes: ['sns:Publish on topic Events', 'SNSPublishMessagePolicy: { TopicName: !GetAtt Events.TopicName }', 'B runs this code too'] }],
  },
  {
    name: 'serverless.yml: the fix goes to provider.iam.role.statements',
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
                Action: [dynamodb:GetItem]
                Resource: { "Fn::GetAtt": [OrdersTable, Arn] }
      functions:
        create:
          handler: src/app.handler
      resources:
        Resources:
          OrdersTable: { Type: AWS::DynamoDB::Table }
    `,
    calls: { create: [putOrder] },
    errors: [{ line: 12, messageIncludes: ['the provider role (provider.iam.role)', '{ Effect: Allow, Action: dynamodb:PutItem, Resource: { "Fn::GetAtt": [OrdersTable, Arn] } } to provider.iam.role.statements'] }],
  },
  {
    name: 'Terraform: the fix is a statement block of the policy document',
    format: 'terraform',
    template: `
      resource "aws_lambda_function" "orders" {
        function_name = "orders"
        handler       = "app.handler"
        runtime       = "nodejs20.x"
        role          = aws_iam_role.orders.arn
        filename      = "app.zip"
        environment {
          variables = { QUEUE_URL = aws_sqs_queue.jobs.url }
        }
      }
      resource "aws_iam_role" "orders" {
        assume_role_policy = "{}"
      }
      resource "aws_iam_role_policy_attachment" "logs" {
        role       = aws_iam_role.orders.name
        policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
      }
      resource "aws_sqs_queue" "jobs" {}
    `,
    calls: { 'aws_lambda_function.orders': [awsCall('sqs', 'SendMessage', { env: 'QUEUE_URL' }, 8)] },
    errors: [{ line: 8, messageIncludes: ['sqs:SendMessage on queue aws_sqs_queue.jobs', 'role aws_iam_role.orders', 'statement { actions = ["sqs:SendMessage"] resources = [aws_sqs_queue.jobs.arn] }'] }],
  },
];

describe(rule.meta.name, () => {
  describe('valid', () => {
    for (const c of valid) {
      it(c.name, async () => {
        const findings = await lintWithCalls(rule, c);
        expect(findings.map((f) => `${f.loc.line} ${f.message}`)).toEqual([]);
      });
    }
  });
  describe('invalid', () => {
    for (const c of invalid) {
      it(c.name, async () => {
        const findings = await lintWithCalls(rule, c);
        expect(findings.map((f) => f.loc.line)).toEqual(c.errors.map((e) => e.line));
        c.errors.forEach((e, i) => {
          for (const part of e.messageIncludes) expect(findings[i]!.message).toContain(part);
        });
        for (const f of findings) expect(f.loc.file).toBe('/project/src/app.js');
      });
    }
  });
});
