import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'a queue with a redrive policy (as a map, as a JSON string, to a queue outside the stack, imported)',
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
      name: 'a redrive policy behind a condition counts, and so does the queue its branch names',
      template: `
        Conditions:
          IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
        Resources:
          Orders:
            Type: AWS::SQS::Queue
            Properties:
              RedrivePolicy: !If [IsProd, { deadLetterTargetArn: !GetAtt Parking.Arn, maxReceiveCount: 5 }, !Ref AWS::NoValue]
          Parking:
            Type: AWS::SQS::Queue
      `,
    },
    {
      name: 'queues that are themselves dead-letter targets of functions, mappings, rules and subscriptions (SAM)',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            DeadLetterQueue: { Type: SQS, TargetArn: !GetAtt GlobalFailures.Arn }
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
                Topic:
                  Type: SNS
                  Properties:
                    Topic: !Ref T
                    RedrivePolicy: { deadLetterTargetArn: !GetAtt EventDeliveryFailures.Arn }
          Other:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
          Rule:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: { source: [orders] }
              Targets: [{ Id: t, Arn: !GetAtt Fn.Arn, DeadLetterConfig: { Arn: !GetAtt RuleFailures.Arn } }]
          Subscription:
            Type: AWS::SNS::Subscription
            Properties:
              Protocol: lambda
              TopicArn: !Ref T
              Endpoint: !GetAtt Fn.Arn
              RedrivePolicy: { deadLetterTargetArn: !GetAtt DeliveryFailures.Arn }
          GlobalFailures: { Type: AWS::SQS::Queue }
          FunctionFailures: { Type: AWS::SQS::Queue }
          AsyncFailures: { Type: AWS::SQS::Queue }
          StreamFailures: { Type: AWS::SQS::Queue }
          EventDeliveryFailures: { Type: AWS::SQS::Queue }
          RuleFailures: { Type: AWS::SQS::Queue }
          DeliveryFailures: { Type: AWS::SQS::Queue }
          S: { Type: AWS::Kinesis::Stream }
          T: { Type: AWS::SNS::Topic }
      `,
    },
    {
      name: 'queues that are dead-letter targets in plain CloudFormation: DeadLetterConfig, EventInvokeConfig, mappings, Scheduler',
      template: `
        Conditions:
          IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig: { TargetArn: !GetAtt Failed.Arn }
          Conditional:
            Type: AWS::Lambda::Function
            Properties:
              DeadLetterConfig: !If [IsProd, { TargetArn: !GetAtt MaybeFailed.Arn }, !Ref AWS::NoValue]
          InvokeConfig:
            Type: AWS::Lambda::EventInvokeConfig
            Properties:
              FunctionName: !Ref Fn
              Qualifier: $LATEST
              DestinationConfig: { OnFailure: { Destination: !GetAtt AsyncFailed.Arn } }
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: !GetAtt Table.StreamArn
              StartingPosition: LATEST
              DestinationConfig: { OnFailure: { Destination: !GetAtt Poison.Arn } }
          Schedule:
            Type: AWS::Scheduler::Schedule
            Properties:
              ScheduleExpression: rate(1 hour)
              FlexibleTimeWindow: { Mode: 'OFF' }
              Target:
                Arn: !GetAtt Fn.Arn
                RoleArn: arn:aws:iam::123456789012:role/scheduler
                DeadLetterConfig: { Arn: !GetAtt Missed.Arn }
          Failed: { Type: AWS::SQS::Queue }
          MaybeFailed: { Type: AWS::SQS::Queue }
          AsyncFailed: { Type: AWS::SQS::Queue }
          Poison: { Type: AWS::SQS::Queue }
          Missed: { Type: AWS::SQS::Queue }
          Table: { Type: AWS::DynamoDB::Table }
      `,
    },
    {
      name: 'queues that say they are dead-letter queues by logical ID, by name (literal, Sub or parameter Default) or by RedriveAllowPolicy',
      template: `
        Parameters:
          ParkingName: { Type: String, Default: billing-dlq }
        Resources:
          OrdersDLQ: { Type: AWS::SQS::Queue }
          ShippingDeadLetterQueue: { Type: AWS::SQS::Queue }
          Parking:
            Type: AWS::SQS::Queue
            Properties: { QueueName: orders-dead-letter }
          StackScoped:
            Type: AWS::SQS::Queue
            Properties: { QueueName: !Sub '\${AWS::StackName}-payments-dlq.fifo', FifoQueue: true }
          FromParameter:
            Type: AWS::SQS::Queue
            Properties: { QueueName: !Ref ParkingName }
          Shared:
            Type: AWS::SQS::Queue
            Properties:
              RedriveAllowPolicy: { redrivePermission: allowAll }
      `,
    },
    {
      name: 'JSON template with a redrive policy and its dead-letter queue',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Jobs": {
              "Type": "AWS::SQS::Queue",
              "Properties": { "RedrivePolicy": { "deadLetterTargetArn": { "Fn::GetAtt": ["Parking", "Arn"] }, "maxReceiveCount": 5 } }
            },
            "Parking": { "Type": "AWS::SQS::Queue" }
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'a work queue with no redrive policy, and one whose redrive policy is removed',
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
        {
          messageId: 'missingRedrive',
          line: 2,
          column: 3,
          severity: 'warning',
          messageIncludes: ['Queue Orders', '4 days by default', 'costing an invocation', 'deadLetterTargetArn: !GetAtt OrdersDLQ.Arn, maxReceiveCount: 5'],
        },
        { messageId: 'missingRedrive', line: 6, column: 3, messageIncludes: ['Queue Notifications'] },
      ],
    },
    {
      name: 'a queue that feeds a SAM function, a FIFO queue, and a queue subscribed to a topic are work queues',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
          Jobs:
            Type: AWS::SQS::Queue
          Ledger:
            Type: AWS::SQS::Queue
            Properties: { FifoQueue: true, QueueName: ledger.fifo }
          Fanout:
            Type: AWS::SQS::Queue
          Subscription:
            Type: AWS::SNS::Subscription
            Properties: { Protocol: sqs, TopicArn: !Ref Topic, Endpoint: !GetAtt Fanout.Arn }
          Topic: { Type: AWS::SNS::Topic }
      `,
      errors: [
        { messageId: 'missingRedrive', line: 9, column: 3, messageIncludes: ['Queue Jobs'] },
        { messageId: 'missingRedrive', line: 11, column: 3, messageIncludes: ['Queue Ledger'] },
        { messageId: 'missingRedrive', line: 14, column: 3, messageIncludes: ['Queue Fanout'] },
      ],
    },
    {
      name: 'names are only trusted when they say dead letter: an unknown or unrelated name is no excuse',
      template: `
        Parameters:
          QueueName: { Type: String }
        Resources:
          Orders:
            Type: AWS::SQS::Queue
            Properties: { QueueName: !Ref QueueName }
          Payments:
            Type: AWS::SQS::Queue
            Properties: { QueueName: !Sub '\${AWS::StackName}-payments' }
          Dispatch:
            Type: AWS::SQS::Queue
            Properties: { QueueName: !Sub ['\${DlqPrefix}-dispatch', { DlqPrefix: !Ref AWS::StackName }] }
      `,
      errors: [
        { messageId: 'missingRedrive', line: 4, column: 3, messageIncludes: ['Queue Orders'] },
        { messageId: 'missingRedrive', line: 7, column: 3, messageIncludes: ['Queue Payments'] },
        { messageId: 'missingRedrive', line: 10, column: 3, messageIncludes: ['Queue Dispatch'] },
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
