import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'explicit timeouts within the API Gateway limits',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 30
        Resources:
          Rest:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 29
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
          Http:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Events:
                Get: { Type: HttpApi }
      `,
    },
    {
      name: 'function URLs and queues are not limited by API Gateway',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Batch:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 900
              FunctionUrlConfig: { AuthType: AWS_IAM }
      `,
    },
    {
      name: 'queue visibility at or above the function timeout, including the 30 s default',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 60
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
          Small:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: 30
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Defaulted.Arn } }
          Jobs:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: 360 }
          Defaulted:
            Type: AWS::SQS::Queue
      `,
    },
    {
      name: 'unknown timeouts and queues outside the stack are never guessed',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Timeout: { Type: Number }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: !Ref Timeout
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
          Conditional:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: !If [IsProd, 60, 10]
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
          External:
            Type: AWS::Serverless::Function
            Properties:
              Handler: c.handler
              Timeout: 120
              Events:
                Jobs: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:shared } }
          Queue:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: !Ref Timeout }
          Consumer:
            Type: AWS::Serverless::Function
            Properties:
              Handler: d.handler
              Timeout: 600
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Queue.Arn } }
      `,
    },
    {
      name: 'a raised REST API limit through options',
      options: { restApiTimeout: 60 },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 45
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
      `,
    },
  ],
  invalid: [
    {
      name: 'no timeout anywhere: a warning at the logical ID',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
      `,
      errors: [{ messageId: 'missingTimeout', line: 3, column: 3, severity: 'warning', messageIncludes: ['Function Fn', '3 s default'] }],
    },
    {
      name: 'a REST API function above 29 s, and an HTTP API function above 30 s through Globals',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 31
        Resources:
          Rest:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 60
              Events:
                Create: { Type: Api, Properties: { Path: /, Method: post } }
          Http:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Events:
                Read: { Type: HttpApi }
      `,
      errors: [
        { messageId: 'aboveApiLimit', line: 4, column: 14, severity: 'error', messageIncludes: ['Function Http', '31 s', 'HTTP API event Read', '30 s'] },
        { messageId: 'aboveApiLimit', line: 10, column: 16, messageIncludes: ['Function Rest', '60 s', 'REST API event Create', '29 s'] },
      ],
    },
    {
      name: 'a timeout over the Lambda maximum',
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 1200
      `,
      errors: [{ messageId: 'aboveMaximum', line: 5, column: 16 }],
    },
    {
      name: 'queue visibility below the consumer timeout: at the value, or at the queue when defaulted',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 45
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
                More: { Type: SQS, Properties: { Queue: !GetAtt Defaulted.Arn } }
          Jobs:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: 30
          Defaulted:
            Type: AWS::SQS::Queue
      `,
      errors: [
        { messageId: 'visibilityBelowTimeout', line: 14, column: 26, messageIncludes: ['Queue Jobs', '30 s', '45 s', 'Worker'] },
        { messageId: 'visibilityBelowTimeout', line: 15, column: 3, messageIncludes: ['Queue Defaulted', '30 s (the default)'] },
      ],
    },
    {
      name: 'plain CloudFormation: an event source mapping and a parameter default',
      template: `
        Parameters:
          WorkerTimeout:
            Type: Number
            Default: 120
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: !Ref WorkerTimeout
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: !GetAtt Queue.Arn
          Queue:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: 60
      `,
      errors: [{ messageId: 'visibilityBelowTimeout', line: 18, column: 26, messageIncludes: ['120 s', 'assuming the Default of parameter WorkerTimeout = 120'] }],
    },
    {
      name: 'JSON template without a timeout',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "nodejs20.x" } }
          }
        }
      `,
      errors: [{ messageId: 'missingTimeout', line: 3, column: 5 }],
    },
  ],
});
