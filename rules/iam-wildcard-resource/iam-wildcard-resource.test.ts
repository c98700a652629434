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
      name: 'read and list actions on "*" by default; scoped resources; conditions; Deny',
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
      name: 'allowed actions can be replaced through options',
      options: { allowedActions: ['events:PutEvents'] },
      template: `
        Resources:
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyDocument:
                Statement: [{ Effect: Allow, Action: events:PutEvents, Resource: '*' }]
      `,
    },
  ],
  invalid: [
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
        { messageId: 'wildcardResource', line: 17, column: 27, messageIncludes: ['every action (all levels)'] },
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
        { messageId: 'notResource', line: 10, column: 69 },
        { messageId: 'policyTemplateWildcard', line: 12, column: 24, messageIncludes: ['DynamoDBCrudPolicy', 'TableName', 'function Fn'] },
      ],
    },
  ],
});
