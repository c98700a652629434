import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'targets and SAM events with a dead-letter queue, including one SAM creates and one behind a condition',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Rule:
            Type: AWS::Events::Rule
            Properties:
              EventPattern: { source: [orders] }
              Targets:
                - Id: fn
                  Arn: !GetAtt Fn.Arn
                  DeadLetterConfig: { Arn: !GetAtt Dlq.Arn }
                - Id: maybe
                  Arn: !GetAtt Fn.Arn
                  DeadLetterConfig: !If [IsProd, { Arn: !GetAtt Dlq.Arn }, !Ref AWS::NoValue]
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Placed:
                  Type: EventBridgeRule
                  Properties: { Pattern: { source: [orders] }, DeadLetterConfig: { Type: SQS } }
                Nightly:
                  Type: Schedule
                  Properties: { Schedule: rate(1 day), DeadLetterConfig: { Arn: !GetAtt Dlq.Arn } }
                Queue:
                  Type: SQS
                  Properties: { Queue: !GetAtt Dlq.Arn }
          Dlq: { Type: AWS::SQS::Queue }
      `,
    },
  ],
  invalid: [
    {
      name: 'a rule target, a SAM EventBridge event and a ScheduleV2 event without one',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Rule:
            Type: AWS::Events::Rule
            Properties:
              ScheduleExpression: rate(5 minutes)
              Targets:
                - Id: cleanup
                  Arn: !GetAtt Fn.Arn
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Placed:
                  Type: EventBridgeRule
                  Properties: { Pattern: { source: [orders] } }
                Later:
                  Type: ScheduleV2
                  Properties: { ScheduleExpression: rate(1 hour) }
      `,
      errors: [
        { messageId: 'targetWithoutDlq', line: 8, column: 11, severity: 'warning', messageIncludes: ['Target cleanup of EventBridge rule Rule'] },
        { messageId: 'eventWithoutDlq', line: 15, column: 9, messageIncludes: ['EventBridge event Placed of function Fn'] },
        { messageId: 'eventWithoutDlq', line: 18, column: 9, messageIncludes: ['ScheduleV2 event Later'] },
      ],
    },
  ],
});
