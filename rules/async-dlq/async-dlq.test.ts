import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'async functions with a DLQ (SAM, from Globals too) or an on-failure destination',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt Dlq.Arn }
        Resources:
          FromGlobals:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Upload: { Type: S3, Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* } }
          WithDestination:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              DeadLetterQueue: !Ref AWS::NoValue
              EventInvokeConfig:
                DestinationConfig:
                  OnFailure: { Type: SQS }
              Events:
                Topic: { Type: SNS, Properties: { Topic: !Ref Topic } }
          ToTopic:
            Type: AWS::Serverless::Function
            Properties:
              Handler: c.handler
              EventInvokeConfig:
                MaximumRetryAttempts: 1
                DestinationConfig:
                  OnFailure: { Type: SNS, Destination: !Ref Topic }
              Events:
                Nightly: { Type: Schedule, Properties: { Schedule: rate(1 day) } }
          Dlq: { Type: AWS::SQS::Queue }
          Bucket: { Type: AWS::S3::Bucket }
          Topic: { Type: AWS::SNS::Topic }
      `,
    },
    {
      name: 'an on-failure destination from Globals.Function.EventInvokeConfig',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            EventInvokeConfig:
              DestinationConfig:
                OnFailure: { Type: SQS, Destination: !GetAtt Failures.Arn }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Fraud: { Type: EventBridgeRule, Properties: { Pattern: { source: [payments] } } }
          Failures: { Type: AWS::SQS::Queue }
      `,
    },
    {
      name: 'sync and polling sources need no DLQ: API, function URL, Cognito, SQS, streams, unknown event types',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Api:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              FunctionUrlConfig: { AuthType: AWS_IAM }
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
                Http: { Type: HttpApi }
                SignUp: { Type: Cognito, Properties: { UserPool: !Ref Pool, Trigger: PreSignUp } }
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
                Stream: { Type: Kinesis, Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST } }
                Table: { Type: DynamoDB, Properties: { Stream: !GetAtt T.StreamArn, StartingPosition: LATEST } }
          Idle:
            Type: AWS::Serverless::Function
            Properties:
              Handler: c.handler
              Events:
                Future: { Type: SomeFutureEventType }
          NoEvents:
            Type: AWS::Serverless::Function
            Properties:
              Handler: d.handler
          Jobs: { Type: AWS::SQS::Queue }
          S: { Type: AWS::Kinesis::Stream }
          T: { Type: AWS::DynamoDB::Table }
          Pool: { Type: AWS::Cognito::UserPool }
      `,
    },
    {
      name: 'plain CloudFormation with DeadLetterConfig, or an EventInvokeConfig resource (by Ref or by literal name)',
      template: `
        Resources:
          A:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig: { TargetArn: !GetAtt Dlq.Arn }
          B:
            Type: AWS::Lambda::Function
          BConfig:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: !Ref B
              Qualifier: $LATEST
              DestinationConfig: { OnFailure: { Destination: !GetAtt Dlq.Arn } }
          C:
            Type: AWS::Lambda::Function
            Properties:
              FunctionName: reorder
          CConfig:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: reorder
              Qualifier: $LATEST
              DestinationConfig: { OnFailure: { Destination: arn:aws:sns:us-east-1:123456789012:failures } }
          Rule:
            Type: AWS::Events::Rule
            Properties:
              ScheduleExpression: rate(1 hour)
              Targets: [{ Id: a, Arn: !GetAtt A.Arn }, { Id: b, Arn: !GetAtt B.Arn }, { Id: c, Arn: !GetAtt C.Arn }]
          Dlq: { Type: AWS::SQS::Queue }
      `,
    },
    {
      name: 'a dead-letter queue or destination behind a condition, or with an unknown target, is never reported missing',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          DlqArn: { Type: String }
        Conditions:
          IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
        Resources:
          Sam:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              DeadLetterQueue: !If [IsProd, { Type: SQS, TargetArn: !GetAtt Dlq.Arn }, !Ref AWS::NoValue]
              Events:
                Upload: { Type: S3, Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* } }
          SamConfig:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              EventInvokeConfig: !If [IsProd, { DestinationConfig: { OnFailure: { Type: SQS } } }, !Ref AWS::NoValue]
              Events:
                Topic: { Type: SNS, Properties: { Topic: !Ref Topic } }
          Plain:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig: !If [IsProd, { TargetArn: !GetAtt Dlq.Arn }, !Ref AWS::NoValue]
          Imported:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig: { TargetArn: !Ref DlqArn }
          Rule:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: { source: [orders] }
              Targets: [{ Id: p, Arn: !GetAtt Plain.Arn }, { Id: i, Arn: !GetAtt Imported.Arn }]
          Dlq: { Type: AWS::SQS::Queue }
          Bucket: { Type: AWS::S3::Bucket }
          Topic: { Type: AWS::SNS::Topic }
      `,
    },
    {
      name: 'permissions for other principals, or an unknown principal, say nothing about async invocation',
      template: `
        Parameters:
          Caller: { Type: String }
        Resources:
          Fn:
            Type: AWS::Lambda::Function
          FromSecrets:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: secretsmanager.amazonaws.com }
          FromParameter:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: !Ref Caller }
          FromApi:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: apigateway.amazonaws.com }
      `,
    },
    {
      name: 'JSON template with a DeadLetterConfig',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Fn": {
              "Type": "AWS::Lambda::Function",
              "Properties": { "DeadLetterConfig": { "TargetArn": { "Fn::GetAtt": ["Dlq", "Arn"] } } }
            },
            "Subscription": {
              "Type": "AWS::SNS::Subscription",
              "Properties": { "Protocol": "lambda", "TopicArn": { "Ref": "Topic" }, "Endpoint": { "Fn::GetAtt": ["Fn", "Arn"] } }
            },
            "Topic": { "Type": "AWS::SNS::Topic" },
            "Dlq": { "Type": "AWS::SQS::Queue" }
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'SAM S3, schedule and EventBridge sources without any destination',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Receipts:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Upload: { Type: S3, Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* } }
                Nightly: { Type: Schedule, Properties: { Schedule: rate(1 day) } }
          Alerts:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Events:
                Fraud: { Type: EventBridgeRule, Properties: { Pattern: { source: [x] } } }
          Bucket: { Type: AWS::S3::Bucket }
      `,
      errors: [
        {
          messageId: 'missingDestination',
          line: 3,
          column: 3,
          severity: 'warning',
          messageIncludes: ['Function Receipts', 'S3 (Upload), schedule (Nightly)', 'retries a failed event twice and then drops it', 'Add DeadLetterQueue or EventInvokeConfig.DestinationConfig.OnFailure'],
        },
        { messageId: 'missingDestination', line: 10, column: 3, messageIncludes: ['EventBridge (Fraud)'] },
      ],
    },
    {
      name: 'CloudWatch Logs, IoT and EventBridge Scheduler events; sync events of the same function are not listed',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
                Logs: { Type: CloudWatchLogs, Properties: { LogGroupName: app, FilterPattern: ERROR } }
                Device: { Type: IoTRule, Properties: { Sql: "SELECT * FROM 'topic'" } }
                Hourly: { Type: ScheduleV2, Properties: { ScheduleExpression: rate(1 hour) } }
      `,
      errors: [{ messageId: 'missingDestination', line: 3, column: 3, messageIncludes: ['by CloudWatch Logs (Logs), IoT rule (Device), EventBridge Scheduler (Hourly) but'] }],
    },
    {
      name: 'delivery DLQs of SNS and EventBridge are about reaching the function, not about the function failing',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              DeadLetterQueue: !Ref AWS::NoValue
              Events:
                Topic:
                  Type: SNS
                  Properties:
                    Topic: !Ref Topic
                    RedrivePolicy: { deadLetterTargetArn: !GetAtt Undelivered.Arn }
                Orders:
                  Type: EventBridgeRule
                  Properties:
                    Pattern: { source: [orders] }
                    DeadLetterConfig: { Arn: !GetAtt Undelivered.Arn }
          Topic: { Type: AWS::SNS::Topic }
          Undelivered: { Type: AWS::SQS::Queue }
      `,
      errors: [{ messageId: 'missingDestination', line: 3, column: 3, messageIncludes: ['SNS (Topic), EventBridge (Orders)'] }],
    },
    {
      name: 'plain CloudFormation: an SNS subscription, an EventBridge rule and an S3 permission',
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
          Subscription:
            Type: AWS::SNS::Subscription
            Properties: { Protocol: lambda, TopicArn: !Ref Topic, Endpoint: !GetAtt Fn.Arn }
          Other:
            Type: AWS::Lambda::Function
          Permission:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Other, Principal: s3.amazonaws.com, Action: lambda:InvokeFunction }
          Scheduled:
            Type: AWS::Lambda::Function
          Rule:
            Type: AWS::Events::Rule
            Properties:
              ScheduleExpression: cron(0 3 * * ? *)
              Targets: [{ Id: s, Arn: !GetAtt Scheduled.Arn, DeadLetterConfig: { Arn: !GetAtt Undelivered.Arn } }]
          Topic: { Type: AWS::SNS::Topic }
          Undelivered: { Type: AWS::SQS::Queue }
      `,
      errors: [
        { messageId: 'missingDestination', line: 2, column: 3, messageIncludes: ['SNS (Subscription)', 'Add DeadLetterConfig, or an AWS::Lambda::EventInvokeConfig with DestinationConfig.OnFailure'] },
        { messageId: 'missingDestination', line: 7, column: 3, messageIncludes: ['S3 (Permission)'] },
        { messageId: 'missingDestination', line: 12, column: 3, messageIncludes: ['schedule (Rule)'] },
      ],
    },
    {
      name: 'an EventInvokeConfig without an on-failure destination (only retries, or only on-success) does not count',
      template: `
        Resources:
          Retries:
            Type: AWS::Lambda::Function
          RetriesConfig:
            Type: AWS::Lambda::EventInvokeConfig
            Properties: { FunctionName: !Ref Retries, Qualifier: $LATEST, MaximumRetryAttempts: 0 }
          Success:
            Type: AWS::Lambda::Function
          SuccessConfig:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: !Ref Success
              Qualifier: $LATEST
              DestinationConfig: { OnSuccess: { Destination: !GetAtt Done.Arn } }
          Rule:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: { source: [orders] }
              Targets: [{ Id: r, Arn: !GetAtt Retries.Arn }, { Id: s, Arn: !GetAtt Success.Arn }]
          Done: { Type: AWS::SQS::Queue }
      `,
      errors: [
        { messageId: 'missingDestination', line: 2, column: 3, messageIncludes: ['Function Retries', 'EventBridge (Rule)'] },
        { messageId: 'missingDestination', line: 7, column: 3, messageIncludes: ['Function Success'] },
      ],
    },
    {
      name: 'JSON template: an S3 bucket notification',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Thumbnails": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 30 } },
            "Uploads": {
              "Type": "AWS::S3::Bucket",
              "Properties": {
                "NotificationConfiguration": {
                  "LambdaConfigurations": [{ "Event": "s3:ObjectCreated:*", "Function": { "Fn::GetAtt": ["Thumbnails", "Arn"] } }]
                }
              }
            }
          }
        }
      `,
      errors: [{ messageId: 'missingDestination', line: 3, column: 5, messageIncludes: ['Function Thumbnails', 'S3 (Uploads)'] }],
    },
  ],
});
