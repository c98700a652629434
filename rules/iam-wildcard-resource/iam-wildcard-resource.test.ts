import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'actions that cannot be scoped, and low-risk actions AWS grants on "*" itself',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Policies:
                - Statement:
                    - Effect: Allow
                      Action: [xray:PutTraceSegments, xray:PutTelemetryRecords, cloudwatch:PutMetricData]
                      Resource: '*'
                    - Effect: Allow
                      Action: [logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents, ec2:CreateNetworkInterface]
                      Resource: '*'
      `,
    },
    {
      name: 'read and list actions on "*" or NotResource by default; scoped resources; conditions; Deny',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - { Effect: Allow, Action: ['s3:Get*', 's3:List*', 'dynamodb:Query'], Resource: '*' }
                      - { Effect: Allow, Action: 'dynamodb:PutItem', Resource: !GetAtt Table.Arn }
                      - Effect: Allow
                        Action: ec2:TerminateInstances
                        Resource: '*'
                        Condition: { StringEquals: { aws:ResourceTag/team: orders } }
                      - { Effect: Deny, Action: 's3:DeleteObject', Resource: '*' }
                      - { Effect: Allow, Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secrets/*' }
                      - { Effect: Allow, Action: 'dynamodb:PutItem', Resource: ['*'], Condition: { StringEquals: { aws:ResourceTag/app: orders } } }
          Table: { Type: AWS::DynamoDB::Table }
      `,
    },
    {
      name: 'unknown services, unknown actions and scoped or partial SAM policy template names',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Action: { Type: String }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Policies:
                - Statement:
                    - { Effect: Allow, Action: ['notaservice:DoThing', !Ref Action], Resource: '*' }
                - DynamoDBCrudPolicy: { TableName: !Ref Table }
                - S3ReadPolicy: { BucketName: 'orders-*' }
          Table: { Type: AWS::DynamoDB::Table }
      `,
    },
    {
      name: 'allowed actions can be replaced through options, with wildcards',
      options: { allowedActions: ['events:PutEvents', 'sns:Publish*'] },
      template: `
        Resources:
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyDocument:
                Statement: [{ Effect: Allow, Action: [events:PutEvents, 'sns:Publish*'], Resource: '*' }]
      `,
    },
    {
      name: 'tagging actions are Tagging, not Write, though the data also marks them Write',
      template: `
        Resources:
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyDocument:
                Statement: [{ Effect: Allow, Action: [sqs:TagQueue, 's3:PutObjectTagging'], Resource: '*' }]
      `,
    },
    {
      name: 'resources that are not the literal "*": partial ARNs, unknown parameters',
      template: `
        Parameters:
          TableArn: { Type: String }
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - { Effect: Allow, Action: 's3:PutObject', Resource: 'arn:aws:s3:::uploads/*' }
                      - { Effect: Allow, Action: 'dynamodb:PutItem', Resource: 'arn:aws:dynamodb:*:*:table/orders-*' }
                      - { Effect: Allow, Action: 'dynamodb:DeleteItem', Resource: !Ref TableArn }
      `,
    },
    {
      name: 'service prefixes that are object keys in JavaScript are unknown services, not crashes',
      template: `
        Resources:
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyDocument:
                Statement: [{ Effect: Allow, Action: ['constructor:Put*', '__proto__:*', 'toString:Delete'], Resource: '*' }]
      `,
    },
    {
      name: 'partial names and unknown values given to SAM policy templates',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          QueueName: { Type: String }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Policies:
                - SQSSendMessagePolicy: { QueueName: !Ref QueueName }
                - S3CrudPolicy: { BucketName: 'uploads-*' }
                - DynamoDBCrudPolicy: { TableName: '*-orders' }
      `,
    },
    {
      name: 'wildcards AWS requires: a Cognito user pool SMS role, and an SMS-only publisher that denies every topic ARN',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          SmsRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: { Service: [cognito-idp.amazonaws.com] }
                    Action: sts:AssumeRole
              Policies:
                - PolicyName: sms
                  PolicyDocument:
                    Statement: [{ Effect: Allow, Action: sns:publish, Resource: '*' }]
          Publisher:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Policies:
                - Statement:
                    - { Effect: Deny, Action: [sns:Publish], Resource: !Sub 'arn:\${AWS::Partition}:sns:*:*:*' }
                    - { Effect: Allow, Action: [sns:Publish], Resource: '*' }
      `,
    },
    {
      name: 'a Terraform role trusted by Cognito through an aws_iam_policy_document',
      format: 'terraform',
      template: `
        data "aws_iam_policy_document" "trust" {
          statement {
            actions = ["sts:AssumeRole"]
            principals {
              type        = "Service"
              identifiers = ["cognito-idp.amazonaws.com"]
            }
          }
        }
        resource "aws_iam_role" "sms" {
          assume_role_policy = data.aws_iam_policy_document.trust.json
          inline_policy {
            name   = "sms"
            policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sns:Publish", Resource = "*" }] })
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'the fix is written in the format of the file: Terraform references',
      format: 'terraform',
      template: `
        resource "aws_sqs_queue" "orders" {
          name = "orders"
        }
        resource "aws_iam_role_policy" "worker" {
          role   = "worker"
          policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:SendMessage", Resource = "*" }] })
        }
      `,
      errors: [{ messageId: 'wildcardResource', line: 6, column: 97, messageIncludes: ['e.g. aws_sqs_queue.orders.arn.'] }],
    },
    {
      name: 'the fix is written in the format of the file: serverless.yml long-form references to its own resources',
      format: 'serverless',
      template: `
        service: orders
        provider:
          name: aws
          runtime: nodejs20.x
          iam:
            role:
              statements:
                - { Effect: Allow, Action: [dynamodb:PutItem], Resource: '*' }
        functions:
          create:
            handler: create.handler
        resources:
          Resources:
            OrdersTable:
              Type: AWS::DynamoDB::Table
      `,
      errors: [{ messageId: 'wildcardResource', line: 8, column: 66, messageIncludes: ['e.g. { "Fn::GetAtt": [OrdersTable, Arn] }.'] }],
    },
    {
      name: 'look-alikes of required wildcards: Cognito beside another principal, a Deny of one topic, a Deny on another role, another action',
      template: `
        Resources:
          SharedRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement:
                  - Effect: Allow
                    Principal: { Service: [cognito-idp.amazonaws.com, lambda.amazonaws.com] }
                    Action: sts:AssumeRole
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement: [{ Effect: Allow, Action: sns:Publish, Resource: '*' }]
          CognitoRole:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement: [{ Effect: Allow, Principal: { Service: cognito-idp.amazonaws.com }, Action: sts:AssumeRole }]
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - { Effect: Deny, Action: sns:Publish, Resource: arn:aws:sns:*:*:other-topic }
                      - { Effect: Allow, Action: [sns:Publish, sqs:SendMessage], Resource: '*' }
          OtherRole:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement: [{ Effect: Deny, Action: sns:Publish, Resource: 'arn:aws:sns:*:*:*' }]
          PublisherRole:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - { Effect: Deny, Action: sns:Publish, Resource: arn:aws:sns:*:*:orders }
                      - { Effect: Allow, Action: sns:Publish, Resource: '*' }
          RegionalRole:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - { Effect: Deny, Action: sns:Publish, Resource: !Sub 'arn:aws:sns:\${AWS::Region}:*:*' }
                      - { Effect: Allow, Action: sns:Publish, Resource: '*' }
      `,
      errors: [
        { messageId: 'wildcardResource', line: 13, column: 73, messageIncludes: ['sns:Publish (Write)', 'If it sends SMS to phone numbers'] },
        { messageId: 'wildcardResource', line: 24, column: 84, messageIncludes: ['Role CognitoRole allows sqs:SendMessage (Write) on every resource'] },
        { messageId: 'wildcardResource', line: 40, column: 65, messageIncludes: ['Role PublisherRole allows sns:Publish (Write)'] },
        { messageId: 'wildcardResource', line: 49, column: 65, messageIncludes: ['Role RegionalRole allows sns:Publish (Write)'] },
      ],
    },
    {
      name: 'write and permission actions on "*", expanded from patterns, with examples in the message',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: [sqs:SendMessage, sqs:GetQueueUrl]
                        Resource: '*'
                      - Effect: Allow
                        Action: ['dynamodb:*Item']
                        Resource: ['*']
                      - Effect: Allow
                        Action: '*'
                        Resource: '*'
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Role: !GetAtt Role.Arn
      `,
      errors: [
        { messageId: 'wildcardResource', line: 11, column: 27, severity: 'error', messageIncludes: ['Role Role allows sqs:SendMessage (Write) on every resource', 'it can be scoped', '(used by function Fn)'] },
        { messageId: 'wildcardResource', line: 14, column: 28, messageIncludes: ['dynamodb:BatchWriteItem (Write)', 'dynamodb:DeleteItem (Write)'] },
        { messageId: 'wildcardResource', line: 17, column: 27, messageIncludes: ['allows every action ("*") on every resource', 'most of them can be scoped'] },
      ],
    },
    {
      name: 'Read included through options, NotResource, and SAM policy templates given "*"',
      options: { accessLevels: ['Read', 'Write'] },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Policies:
                - Statement:
                    - { Effect: Allow, Action: 's3:GetObject', Resource: '*' }
                    - { Effect: Allow, Action: 's3:PutObject', NotResource: 'arn:aws:s3:::audit/*' }
                - DynamoDBCrudPolicy:
                    TableName: '*'
      `,
      errors: [
        { messageId: 'wildcardResource', line: 9, column: 66, messageIncludes: ['s3:GetObject (Read)'] },
        { messageId: 'notResource', line: 10, column: 69, messageIncludes: ['Function Fn allows s3:PutObject (Write) on every resource except the ones under NotResource'] },
        { messageId: 'policyTemplateWildcard', line: 12, column: 24, messageIncludes: ['DynamoDBCrudPolicy', 'TableName', 'function Fn'] },
      ],
    },
    {
      name: 'permission management, more than three actions, Fn::If and parameter defaults',
      template: `
        Parameters:
          Target: { Type: String, Default: '*' }
        Conditions:
          IsProd: !Equals [!Ref AWS::StackName, prod]
        Resources:
          Policy:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument:
                Statement:
                  - Effect: Allow
                    Action: ['s3:PutBucketPolicy']
                    Resource: !If [IsProd, !GetAtt Bucket.Arn, '*']
                  - Effect: Allow
                    Action: ['sqs:*']
                    Resource: !Ref Target
          Bucket: { Type: AWS::S3::Bucket }
      `,
      errors: [
        { messageId: 'wildcardResource', line: 13, column: 56, messageIncludes: ['Managed policy Policy allows s3:PutBucketPolicy (Permissions management) on every resource', 'e.g. !GetAtt Bucket.Arn and !Sub "${Bucket.Arn}/*"'] },
        {
          messageId: 'wildcardResource',
          line: 16,
          column: 23,
          messageIncludes: ['sqs:', ' more on every resource', 'e.g. an ARN of the form arn:aws:sqs:<region>:<account>:<QueueName>', 'assuming the Default of parameter Target = "*"'],
        },
      ],
    },
    {
      name: 'Tagging through options; SAM policy templates for buckets and queues given "*"',
      options: { accessLevels: ['Tagging'] },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Policies:
                - Statement: [{ Effect: Allow, Action: [sqs:SendMessage, sqs:TagQueue], Resource: '*' }]
                - S3CrudPolicy:
                    BucketName: '*'
                - SQSSendMessagePolicy: { QueueName: "*" }
          Jobs: { Type: AWS::SQS::Queue }
      `,
      errors: [
        { messageId: 'wildcardResource', line: 8, column: 91, messageIncludes: ['Function Fn allows sqs:TagQueue (Tagging) on every resource', 'it can be scoped', 'e.g. !GetAtt Jobs.Arn'] },
        { messageId: 'policyTemplateWildcard', line: 10, column: 25, messageIncludes: ['S3CrudPolicy', 'BucketName', 'e.g. BucketName: !Ref Table'] },
        { messageId: 'policyTemplateWildcard', line: 11, column: 46, messageIncludes: ['SQSSendMessagePolicy', 'QueueName', 'e.g. QueueName: !GetAtt Jobs.QueueName'] },
      ],
    },
  ],
});
