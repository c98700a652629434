import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'explicit actions and partial wildcards',
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
                      Action: [dynamodb:GetItem, dynamodb:PutItem, 's3:Get*', 'dynamodb:*Item', 'sqs:Send*']
                      Resource: !GetAtt Table.Arn
          Table: { Type: AWS::DynamoDB::Table }
      `,
    },
    {
      name: 'Deny statements may use wildcards and NotAction',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: guard
                  PolicyDocument:
                    Statement:
                      - Effect: Deny
                        Action: '*'
                        Resource: '*'
                        Condition: { Bool: { aws:SecureTransport: false } }
                      - Effect: Deny
                        NotAction: [s3:GetObject]
                        Resource: '*'
      `,
    },
    {
      name: 'an unknown effect or action is not guessed',
      template: `
        Parameters:
          Effect: { Type: String }
          Action: { Type: String }
        Resources:
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyDocument:
                Statement:
                  - Effect: !Ref Effect
                    Action: '*'
                    Resource: '*'
                  - Effect: Allow
                    Action: !Ref Action
                    Resource: '*'
      `,
    },
    {
      name: 'resource policies and trust policies are not identity policies',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              AssumeRolePolicyDocument:
                Statement: [{ Effect: Allow, Principal: { Service: lambda.amazonaws.com }, Action: 'sts:*' }]
          BucketPolicy:
            Type: AWS::S3::BucketPolicy
            Properties:
              PolicyDocument:
                Statement: [{ Effect: Allow, Principal: { AWS: arn:aws:iam::123456789012:root }, Action: 's3:*', Resource: '*' }]
      `,
    },
    {
      name: 'Effect is case-sensitive: "allow" is not Allow (IAM rejects it)',
      template: `
        Resources:
          Policy:
            Type: AWS::IAM::Policy
            Properties:
              PolicyDocument:
                Statement: [{ Effect: allow, Action: '*', Resource: '*' }]
      `,
    },
    {
      name: 'wildcards that only look like service wildcards',
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
                        Action: ['s3:*Object', 'sqs:*Message*', 'logs:Put*', 'ec2:Describe*']
                        Resource: '*'
      `,
    },
  ],
  invalid: [
    {
      name: '"*", "service:*" and NotAction with Allow, on a role used by a function',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              Policies:
                - PolicyName: broad
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: '*'
                        Resource: '*'
                      - Effect: Allow
                        Action: [sqs:SendMessage, 'DynamoDB:*']
                        Resource: '*'
                      - Effect: Allow
                        NotAction: iam:*
                        Resource: '*'
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Role: !GetAtt Role.Arn
      `,
      errors: [
        { messageId: 'allActionsEveryResource', line: 10, column: 25, severity: 'error', messageIncludes: ['Role Role', '(used by function Fn)', 'every action on every resource'] },
        { messageId: 'serviceWildcardEveryResource', line: 13, column: 43, severity: 'error', messageIncludes: ['every DynamoDB action', '"DynamoDB:*") on every resource'] },
        { messageId: 'notAction', line: 16, column: 28, severity: 'error' },
      ],
    },
    {
      name: 'SAM inline statements, statements behind Fn::If, standalone policies and JSON',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Policies:
                - Statement:
                    - !If
                      - IsProd
                      - { Effect: Allow, Action: 's3:GetObject', Resource: '*' }
                      - { Effect: Allow, Action: 's3:*', Resource: '*' }
          Extra:
            Type: AWS::IAM::ManagedPolicy
            Properties:
              PolicyDocument: '{"Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}'
      `,
      errors: [
        { messageId: 'serviceWildcardEveryResource', line: 12, column: 42, messageIncludes: ['Function Fn'] },
        { messageId: 'serviceWildcardEveryResource', line: 16, column: 23, messageIncludes: ['Managed policy Extra', 'every kms action'] },
      ],
    },
    {
      name: 'users, groups and role policies; conditions do not narrow the actions; parameter defaults are named',
      template: `
        Parameters:
          AdminAction: { Type: String, Default: 'sns:*' }
        Resources:
          User:
            Type: AWS::IAM::User
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement:
                      - Effect: Allow
                        Action: 'lambda:**'
                        Resource: '*'
                        Condition: { StringEquals: { aws:RequestedRegion: eu-west-1 } }
          Group:
            Type: AWS::IAM::Group
            Properties:
              Policies:
                - PolicyName: p
                  PolicyDocument:
                    Statement: [{ Effect: Allow, Action: !Ref AdminAction, Resource: '*' }]
          Inline:
            Type: AWS::IAM::RolePolicy
            Properties:
              RoleName: some-role
              PolicyName: p
              PolicyDocument:
                Statement: [{ Effect: Allow, NotAction: [iam:*, organizations:*], Resource: '*' }, { Effect: Allow, Action: 'iam:*', Resource: '*' }]
      `,
      errors: [
        { messageId: 'serviceWildcard', line: 12, column: 25, messageIncludes: ['User User allows every lambda action', 'List the lambda actions the code calls'] },
        { messageId: 'serviceWildcardEveryResource', line: 21, column: 50, severity: 'error', messageIncludes: ['Group Group allows every sns action', 'assuming the Default of parameter AdminAction = "sns:*"'] },
        { messageId: 'notAction', line: 28, column: 49, messageIncludes: ['Policy Inline uses NotAction', 'every action except the listed ones'] },
        { messageId: 'iamWildcard', line: 28, column: 117, severity: 'error', messageIncludes: ['Policy Inline allows every IAM action ("iam:*") on every resource', 'control of the whole account'] },
      ],
    },
    {
      name: 'a service wildcard on named resources, or on "*" of a service with nothing to scope (ssmmessages), stays a warning about the actions',
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
                        Action: 'sqs:*'
                        Resource: !GetAtt Queue.Arn
                      - Effect: Allow
                        Action: 'ssmmessages:*'
                        Resource: '*'
          Queue: { Type: AWS::SQS::Queue }
      `,
      errors: [
        { messageId: 'serviceWildcard', line: 10, column: 25, severity: 'warning', messageIncludes: ['every sqs action ("sqs:*"),'] },
        { messageId: 'serviceWildcard', line: 13, column: 25, severity: 'warning', messageIncludes: ['every ssmmessages action ("ssmmessages:*"),'] },
      ],
    },
  ],
});
