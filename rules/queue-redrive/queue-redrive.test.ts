import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'a queue with a redrive policy (as a map, as a JSON string, to a queue outside the stack)',
      template: `
        Resources:
          Orders:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy: { deadLetterTargetArn: !GetAtt OrdersDlq.Arn, maxReceiveCount: 5 }
          Legacy:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy: '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:shared-dlq", "maxReceiveCount": 3}'
          Imported:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy: !ImportValue shared-redrive
          OrdersDlq:
            Type: AWS::SQS::Queue
      `,
    },
    {
      name: 'queues that are themselves dead-letter targets of functions, mappings, rules and subscriptions',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt FunctionFailures.Arn }
              EventInvokeConfig:
                DestinationConfig: { OnFailure: { Type: SQS, Destination: !GetAtt AsyncFailures.Arn } }
              Events:
                Stream:
                  Type: Kinesis
                  Properties:
                    Stream: !GetAtt S.Arn
                    StartingPosition: LATEST
                    DestinationConfig: { OnFailure: { Destination: !GetAtt StreamFailures.Arn } }
          Rule:
            Type: AWS::Events::Rule
            Properties:
              Targets: [{ Id: t, Arn: !GetAtt Fn.Arn, DeadLetterConfig: { Arn: !GetAtt RuleFailures.Arn } }]
          Subscription:
            Type: AWS::SNS::Subscription
            Properties:
              Protocol: sqs
              TopicArn: !Ref T
              Endpoint: !GetAtt Fn.Arn
              RedrivePolicy: { deadLetterTargetArn: !GetAtt DeliveryFailures.Arn }
          FunctionFailures: { Type: AWS::SQS::Queue }
          AsyncFailures: { Type: AWS::SQS::Queue }
          StreamFailures: { Type: AWS::SQS::Queue }
          RuleFailures: { Type: AWS::SQS::Queue }
          DeliveryFailures: { Type: AWS::SQS::Queue }
          S: { Type: AWS::Kinesis::Stream }
          T: { Type: AWS::SNS::Topic }
      `,
    },
    {
      name: 'queues that say they are dead-letter queues by name or by RedriveAllowPolicy',
      template: `
        Resources:
          OrdersDLQ: { Type: AWS::SQS::Queue }
          Parking:
            Type: AWS::SQS::Queue
            Properties: { QueueName: orders-dead-letter }
          Shared:
            Type: AWS::SQS::Queue
            Properties:
              RedriveAllowPolicy: { redrivePermission: allowAll }
      `,
    },
  ],
  invalid: [
    {
      name: 'a work queue with no redrive policy',
      template: `
        Resources:
          Orders:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: 60
          Notifications:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy: !Ref AWS::NoValue
      `,
      errors: [
        { messageId: 'missingRedrive', line: 2, column: 3, severity: 'warning', messageIncludes: ['Queue Orders'] },
        { messageId: 'missingRedrive', line: 6, column: 3, messageIncludes: ['Queue Notifications'] },
      ],
    },
    {
      name: 'JSON template',
      syntax: 'json',
      template: `
        { "Resources": { "Jobs": { "Type": "AWS::SQS::Queue", "Properties": { "QueueName": "jobs" } } } }
      `,
      errors: [{ messageId: 'missingRedrive', line: 1, column: 18 }],
    },
  ],
});
