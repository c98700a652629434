import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'bounded retries and an on-failure destination (retries or record age)',
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
                    MaximumRecordAgeInSeconds: 3600
                    DestinationConfig: { OnFailure: { Destination: arn:aws:sns:us-east-1:123456789012:failures } }
          S: { Type: AWS::Kinesis::Stream }
          T: { Type: AWS::DynamoDB::Table }
          Failures: { Type: AWS::SQS::Queue }
      `,
    },
    {
      name: 'SQS and Kafka sources are not streams for this rule; unknown retry values are not guessed',
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
            Properties: { FunctionName: !Ref Fn, EventSourceArn: arn:aws:kafka:us-east-1:123456789012:cluster/c/1 }
          Stream:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: !GetAtt S.Arn
              MaximumRetryAttempts: !Ref Retries
              DestinationConfig: { OnFailure: { Destination: !GetAtt Q.Arn } }
          Q: { Type: AWS::SQS::Queue }
          S: { Type: AWS::Kinesis::Stream }
      `,
    },
  ],
  invalid: [
    {
      name: 'each failure-handling gap has its own message, at the event key',
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
        { messageId: 'noFailureHandling', line: 8, column: 9, severity: 'error', messageIncludes: ['DynamoDB stream source Nothing of function Fn'] },
        { messageId: 'unboundedRetries', line: 11, column: 9, messageIncludes: ['Kinesis source Unbounded'] },
        { messageId: 'missingOnFailure', line: 18, column: 9 },
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
      errors: [{ messageId: 'noFailureHandling', line: 3, column: 3, messageIncludes: ['Changes'] }],
    },
  ],
});
