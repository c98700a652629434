import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'bounded retries and an on-failure destination (by retries, by record age, or by zero retries)',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Kinesis:
                  Type: Kinesis
                  Properties:
                    Stream: !GetAtt S.Arn
                    StartingPosition: LATEST
                    MaximumRetryAttempts: 3
                    BisectBatchOnFunctionError: true
                    DestinationConfig: { OnFailure: { Destination: !GetAtt Failures.Arn } }
                Dynamo:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt T.StreamArn
                    StartingPosition: LATEST
                    MaximumRetryAttempts: -1
                    MaximumRecordAgeInSeconds: 3600
                    DestinationConfig: { OnFailure: { Destination: arn:aws:sns:us-east-1:123456789012:failures } }
                Once:
                  Type: Kinesis
                  Properties:
                    Stream: !GetAtt S.Arn
                    StartingPosition: TRIM_HORIZON
                    MaximumRetryAttempts: 0
                    DestinationConfig: { OnFailure: { Destination: !GetAtt Failures.Arn } }
          S: { Type: AWS::Kinesis::Stream }
          T: { Type: AWS::DynamoDB::Table }
          Failures: { Type: AWS::SQS::Queue }
      `,
    },
    {
      name: 'SQS, Kafka and MQ sources are not streams for this rule; unknown retry values are not guessed',
      template: `
        Parameters:
          Retries: { Type: Number }
        Resources:
          Fn: { Type: AWS::Lambda::Function }
          Queue:
            Type: AWS::Lambda::EventSourceMapping
            Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Q.Arn }
          Kafka:
            Type: AWS::Lambda::EventSourceMapping
            Properties: { FunctionName: !Ref Fn, EventSourceArn: arn:aws:kafka:us-east-1:123456789012:cluster/c/1, Topics: [orders] }
          Broker:
            Type: AWS::Lambda::EventSourceMapping
            Properties: { FunctionName: !Ref Fn, EventSourceArn: arn:aws:mq:us-east-1:123456789012:broker:b:1, Queues: [jobs] }
          Stream:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: !GetAtt S.Arn
              StartingPosition: LATEST
              MaximumRetryAttempts: !Ref Retries
              DestinationConfig: { OnFailure: { Destination: !GetAtt Q.Arn } }
          Q: { Type: AWS::SQS::Queue }
          S: { Type: AWS::Kinesis::Stream }
      `,
    },
    {
      name: 'an on-failure destination behind a condition counts as set when retries are bounded',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Conditions:
          IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Changes:
                  Type: DynamoDB
                  Properties:
                    Stream: !GetAtt T.StreamArn
                    StartingPosition: LATEST
                    MaximumRetryAttempts: 5
                    DestinationConfig: !If [IsProd, { OnFailure: { Destination: !GetAtt Q.Arn } }, !Ref AWS::NoValue]
          T: { Type: AWS::DynamoDB::Table }
          Q: { Type: AWS::SQS::Queue }
      `,
    },
    {
      name: 'plain CloudFormation with retries from a parameter Default and a destination',
      template: `
        Parameters:
          Retries: { Type: Number, Default: 2 }
        Resources:
          Fn: { Type: AWS::Lambda::Function }
          Ledger:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !GetAtt Fn.Arn
              EventSourceArn: arn:aws:kinesis:us-east-1:123456789012:stream/ledger
              StartingPosition: LATEST
              MaximumRetryAttempts: !Ref Retries
              BisectBatchOnFunctionError: true
              DestinationConfig: { OnFailure: { Destination: arn:aws:s3:::ledger-failures } }
      `,
    },
    {
      name: 'JSON template with bounded retries and a destination',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Fn": { "Type": "AWS::Lambda::Function" },
            "Mapping": {
              "Type": "AWS::Lambda::EventSourceMapping",
              "Properties": {
                "FunctionName": { "Ref": "Fn" },
                "EventSourceArn": { "Fn::GetAtt": ["Table", "StreamArn"] },
                "StartingPosition": "LATEST",
                "MaximumRecordAgeInSeconds": 600,
                "DestinationConfig": { "OnFailure": { "Destination": { "Fn::GetAtt": ["Failures", "Arn"] } } }
              }
            },
            "Table": { "Type": "AWS::DynamoDB::Table" },
            "Failures": { "Type": "AWS::SQS::Queue" }
          }
        }
      `,
    },
  ],
  invalid: [
    {
      name: 'each failure-handling gap has its own message and severity, at the event key',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Nothing:
                  Type: DynamoDB
                  Properties: { Stream: !GetAtt T.StreamArn, StartingPosition: LATEST }
                Unbounded:
                  Type: Kinesis
                  Properties:
                    Stream: !GetAtt S.Arn
                    StartingPosition: LATEST
                    MaximumRetryAttempts: -1
                    DestinationConfig: { OnFailure: { Destination: !GetAtt Q.Arn } }
                NoDestination:
                  Type: Kinesis
                  Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST, MaximumRetryAttempts: 2 }
          T: { Type: AWS::DynamoDB::Table }
          S: { Type: AWS::Kinesis::Stream }
          Q: { Type: AWS::SQS::Queue }
      `,
      errors: [
        {
          messageId: 'noFailureHandling',
          line: 8,
          column: 9,
          severity: 'error',
          messageIncludes: ['DynamoDB stream source Nothing of function Fn', 'until it expires (24 hours)', 'blocking its shard', 'MaximumRetryAttempts, BisectBatchOnFunctionError: true and DestinationConfig.OnFailure'],
        },
        { messageId: 'unboundedRetries', line: 11, column: 9, severity: 'error', messageIncludes: ['Kinesis source Unbounded', '24 hours to 365 days'] },
        { messageId: 'missingOnFailure', line: 18, column: 9, severity: 'warning', messageIncludes: ['Kinesis source NoDestination', 'discarded'] },
      ],
    },
    {
      name: 'plain CloudFormation event source mapping from a table stream',
      template: `
        Resources:
          Fn: { Type: AWS::Lambda::Function }
          Changes:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !GetAtt Fn.Arn
              EventSourceArn: !GetAtt Table.StreamArn
              StartingPosition: TRIM_HORIZON
          Table: { Type: AWS::DynamoDB::Table }
      `,
      errors: [{ messageId: 'noFailureHandling', line: 3, column: 3, messageIncludes: ['DynamoDB stream source Changes of function Fn'] }],
    },
    {
      name: 'unbounded retries through a parameter Default say so; both bounds at -1 are unbounded',
      template: `
        Parameters:
          Retries: { Type: Number, Default: -1 }
        Resources:
          Fn: { Type: AWS::Lambda::Function }
          Orders:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: arn:aws:kinesis:us-east-1:123456789012:stream/orders
              StartingPosition: LATEST
              MaximumRetryAttempts: !Ref Retries
          Payments:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: arn:aws:kinesis:us-east-1:123456789012:stream/payments
              StartingPosition: LATEST
              MaximumRetryAttempts: -1
              MaximumRecordAgeInSeconds: -1
              DestinationConfig: { OnFailure: { Destination: arn:aws:sqs:us-east-1:123456789012:payments-failures } }
      `,
      errors: [
        { messageId: 'noFailureHandling', line: 5, column: 3, messageIncludes: ['Kinesis source Orders', 'assuming the Default of parameter Retries = -1'] },
        { messageId: 'unboundedRetries', line: 12, column: 3, messageIncludes: ['Kinesis source Payments'] },
      ],
    },
    {
      name: 'the known part is still reported: no destination with unknown retries, unbounded retries with a conditional destination',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Retries: { Type: Number }
        Conditions:
          IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Tuned:
                  Type: Kinesis
                  Properties: { Stream: !GetAtt S.Arn, StartingPosition: LATEST, MaximumRetryAttempts: !Ref Retries }
                Conditional:
                  Type: Kinesis
                  Properties:
                    Stream: !GetAtt S.Arn
                    StartingPosition: LATEST
                    DestinationConfig:
                      OnFailure: !If [IsProd, { Destination: !GetAtt Q.Arn }, !Ref AWS::NoValue]
          S: { Type: AWS::Kinesis::Stream }
          Q: { Type: AWS::SQS::Queue }
      `,
      errors: [
        { messageId: 'missingOnFailure', line: 12, column: 9, severity: 'warning', messageIncludes: ['Kinesis source Tuned'] },
        { messageId: 'unboundedRetries', line: 15, column: 9, severity: 'error', messageIncludes: ['Kinesis source Conditional'] },
      ],
    },
    {
      name: 'JSON template: a DynamoDB stream mapping without failure handling',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Fn": { "Type": "AWS::Lambda::Function" },
            "Audit": {
              "Type": "AWS::Lambda::EventSourceMapping",
              "Properties": {
                "FunctionName": { "Ref": "Fn" },
                "EventSourceArn": { "Fn::GetAtt": ["Table", "StreamArn"] },
                "StartingPosition": "TRIM_HORIZON"
              }
            },
            "Table": { "Type": "AWS::DynamoDB::Table" }
          }
        }
      `,
      errors: [{ messageId: 'noFailureHandling', line: 4, column: 5, messageIncludes: ['DynamoDB stream source Audit'] }],
    },
  ],
});
