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
          Dlq: { Type: AWS::SQS::Queue }
          Bucket: { Type: AWS::S3::Bucket }
          Topic: { Type: AWS::SNS::Topic }
      `,
    },
    {
      name: 'sync and polling sources need no DLQ: API, function URL, SQS, streams',
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
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
                Stream: { Type: Kinesis, Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST } }
          Idle:
            Type: AWS::Serverless::Function
            Properties:
              Handler: c.handler
              Events:
                Future: { Type: SomeFutureEventType }
          Jobs: { Type: AWS::SQS::Queue }
          S: { Type: AWS::Kinesis::Stream }
      `,
    },
    {
      name: 'plain CloudFormation with DeadLetterConfig, or an EventInvokeConfig resource',
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
          Rule:
            Type: AWS::Events::Rule
            Properties:
              ScheduleExpression: rate(1 hour)
              Targets: [{ Id: a, Arn: !GetAtt A.Arn }, { Id: b, Arn: !GetAtt B.Arn }]
          Dlq: { Type: AWS::SQS::Queue }
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
        { messageId: 'missingDestination', line: 3, column: 3, severity: 'warning', messageIncludes: ['Function Receipts', 'S3 (Upload), schedule (Nightly)'] },
        { messageId: 'missingDestination', line: 10, column: 3, messageIncludes: ['EventBridge (Fraud)'] },
      ],
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
          Topic: { Type: AWS::SNS::Topic }
      `,
      errors: [
        { messageId: 'missingDestination', line: 2, column: 3, messageIncludes: ['SNS (Subscription)'] },
        { messageId: 'missingDestination', line: 7, column: 3, messageIncludes: ['S3 (Permission)'] },
      ],
    },
  ],
});
