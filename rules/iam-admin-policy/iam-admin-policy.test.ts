import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'scoped SAM policy template and the basic execution role',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: index.handler
              Runtime: nodejs20.x
              Policies:
                - AWSLambdaBasicExecutionRole
                - DynamoDBCrudPolicy:
                    TableName: !Ref Table
          Table:
            Type: AWS::DynamoDB::Table
      `,
    },
    {
      name: 'read-only AWS managed policies are not admin',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              ManagedPolicyArns:
                - arn:aws:iam::aws:policy/ReadOnlyAccess
                - !Sub arn:\${AWS::Partition}:iam::aws:policy/AmazonS3ReadOnlyAccess
      `,
    },
    {
      name: 'Lambda execution policies write on "*" but administer nothing; a FullAccess policy whose document grants no administration',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: index.handler
              Runtime: nodejs20.x
              Policies:
                - AWSLambdaSQSQueueExecutionRole
                - AWSLambdaVPCAccessExecutionRole
                - AWSXRayDaemonWriteAccess
                - AWSLambdaKinesisExecutionRole
                - AWSAppSyncInvokeFullAccess
      `,
    },
    {
      name: 'a customer managed policy that happens to be called FullAccess is not an AWS policy',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              ManagedPolicyArns:
                - arn:aws:iam::123456789012:policy/OrdersFullAccess
                - !Ref SharedPolicyArn
        Parameters:
          SharedPolicyArn:
            Type: String
      `,
    },
    {
      name: 'policy names in the allow option',
      options: { allow: ['AmazonSSMFullAccess'] },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Ops:
            Type: AWS::Serverless::Function
            Properties:
              Handler: index.handler
              Runtime: nodejs20.x
              Policies: AmazonSSMFullAccess
      `,
    },
    {
      name: 'SAM ignores Policies when Role is given',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: index.handler
              Runtime: nodejs20.x
              Role: arn:aws:iam::123456789012:role/existing
              Policies: AdministratorAccess
      `,
    },
  ],
  invalid: [
    {
      name: 'AdministratorAccess by name in SAM Policies',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: index.handler
              Runtime: nodejs20.x
              Policies:
                - AdministratorAccess
      `,
      errors: [{ messageId: 'accountAdmin', line: 9, column: 11, severity: 'error', messageIncludes: ['Function Fn', 'AdministratorAccess'] }],
    },
    {
      name: 'ARN through Sub, Join and a parameter default on a role used by a function',
      template: `
        Parameters:
          AdminPolicy:
            Type: String
            Default: arn:aws:iam::aws:policy/PowerUserAccess
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              ManagedPolicyArns:
                - !Sub arn:\${AWS::Partition}:iam::aws:policy/AdministratorAccess
                - !Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/IAMFullAccess']]
                - !Ref AdminPolicy
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Role: !GetAtt Role.Arn
      `,
      errors: [
        { messageId: 'accountAdmin', line: 10, column: 11, messageIncludes: ['Role Role', '(used by function Fn)'] },
        { messageId: 'accountAdmin', line: 11, column: 11, messageIncludes: ['IAMFullAccess', 'of IAM'] },
        { messageId: 'accountAdmin', line: 12, column: 11, messageIncludes: ['PowerUserAccess', 'assuming the Default of parameter AdminPolicy'] },
      ],
    },
    {
      name: 'service FullAccess policies are warnings, in JSON too',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Role": {
              "Type": "AWS::IAM::Role",
              "Properties": {
                "ManagedPolicyArns": ["arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess", "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess_v2"]
              }
            }
          }
        }
      `,
      errors: [
        { messageId: 'serviceAdmin', line: 6, column: 31, severity: 'warning', messageIncludes: ['administration of', 'dynamodb'] },
        { messageId: 'serviceAdmin', line: 6, column: 83, severity: 'warning', messageIncludes: ['AmazonDynamoDBFullAccess_v2'] },
      ],
    },
    {
      name: 'judged by what they grant: invoking any function, a service-wide power user, an administrator without FullAccess in its name',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: index.handler
              Runtime: nodejs20.x
              Policies:
                - AWSLambdaRole
                - AmazonCognitoPowerUser
                - AmazonAPIGatewayAdministrator
      `,
      errors: [
        { messageId: 'serviceAdmin', line: 9, column: 11, severity: 'warning', messageIncludes: ['AWSLambdaRole', 'lambda:InvokeFunction', "another identity's permissions"] },
        { messageId: 'serviceAdmin', line: 10, column: 11, messageIncludes: ['AmazonCognitoPowerUser', 'cognito-idp'] },
        { messageId: 'serviceAdmin', line: 11, column: 11, messageIncludes: ['AmazonAPIGatewayAdministrator', 'administration of apigateway'] },
      ],
    },
    {
      name: 'a FullAccess policy newer than the data is still judged by its name',
      template: `
        Resources:
          Role:
            Type: AWS::IAM::Role
            Properties:
              ManagedPolicyArns: [arn:aws:iam::aws:policy/AmazonSomeNewServiceFullAccess]
      `,
      errors: [{ messageId: 'serviceFullAccess', line: 5, column: 27, severity: 'warning' }],
    },
  ],
});
