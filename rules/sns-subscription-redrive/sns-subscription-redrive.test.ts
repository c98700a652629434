import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'subscriptions with a redrive policy (also as a JSON string or behind a condition), other protocols, SAM events with one',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          ToFunction:
            Type: AWS::SNS::Subscription
            Properties: { Protocol: lambda, TopicArn: !Ref Topic, Endpoint: !GetAtt Fn.Arn, RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn } }
          ToQueue:
            Type: AWS::SNS::Subscription
            Properties: { Protocol: sqs, TopicArn: !Ref Topic, Endpoint: !GetAtt Dlq.Arn, RedrivePolicy: '{"deadLetterTargetArn": "arn:aws:sqs:us-east-1:123456789012:dlq"}' }
          Conditional:
            Type: AWS::SNS::Subscription
            Properties: { Protocol: sqs, TopicArn: !Ref Topic, Endpoint: !GetAtt Dlq.Arn, RedrivePolicy: !If [IsProd, { deadLetterTargetArn: !GetAtt Dlq.Arn }, !Ref AWS::NoValue] }
          ToEmail:
            Type: AWS::SNS::Subscription
            Properties: { Protocol: email, TopicArn: !Ref Topic, Endpoint: ops@example.com }
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Alerts:
                  Type: SNS
                  Properties: { Topic: !Ref Topic, RedrivePolicy: { deadLetterTargetArn: !GetAtt Dlq.Arn } }
          Topic: { Type: AWS::SNS::Topic }
          Dlq: { Type: AWS::SQS::Queue }
      `,
    },
  ],
  invalid: [
    {
      name: 'a subscription without one, an inline topic subscription, and a SAM SNS event',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          ToFunction:
            Type: AWS::SNS::Subscription
            Properties: { Protocol: lambda, TopicArn: !Ref Topic, Endpoint: !GetAtt Fn.Arn }
          Topic:
            Type: AWS::SNS::Topic
            Properties:
              Subscription:
                - { Protocol: sqs, Endpoint: !GetAtt Queue.Arn }
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Alerts: { Type: SNS, Properties: { Topic: !Ref Topic } }
          Queue: { Type: AWS::SQS::Queue }
      `,
      errors: [
        { messageId: 'withoutRedrive', line: 3, column: 3, severity: 'warning', messageIncludes: ['SNS subscription ToFunction (lambda)'] },
        { messageId: 'inline', line: 10, column: 11, messageIncludes: ['Topic Topic subscribes sqs endpoints inline'] },
        { messageId: 'samEvent', line: 16, column: 9, messageIncludes: ['SNS event Alerts of function Fn'] },
      ],
    },
  ],
});
