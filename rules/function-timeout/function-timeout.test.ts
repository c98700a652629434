import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'explicit timeouts at the API Gateway limits: 29 s for a REST API, 30 s for an HTTP API through Globals',
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
      name: 'function URLs, load balancers, asynchronous and polling sources are not limited by API Gateway',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Url:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 900
              FunctionUrlConfig: { AuthType: AWS_IAM }
          Nightly:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: 900
              Events:
                Run: { Type: Schedule, Properties: { Schedule: rate(1 day) } }
                Upload: { Type: S3, Properties: { Bucket: !Ref Bucket, Events: s3:ObjectCreated:* } }
                Changes: { Type: Kinesis, Properties: { Stream: !GetAtt Stream.Arn, StartingPosition: LATEST } }
          Target:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 300
          TargetPermission:
            Type: AWS::Lambda::Permission
            Properties:
              FunctionName: !GetAtt Target.Arn
              Action: lambda:InvokeFunction
              Principal: elasticloadbalancing.amazonaws.com
          Bucket: { Type: AWS::S3::Bucket }
          Stream: { Type: AWS::Kinesis::Stream }
      `,
    },
    {
      name: 'an API Gateway permission of unknown API type: 30 s may be an HTTP API, so only more is flagged',
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 30
          Invoke:
            Type: AWS::Lambda::Permission
            Properties:
              FunctionName: !Ref Fn
              Action: lambda:InvokeFunction
              Principal: apigateway.amazonaws.com
              SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${Api}/*
          Api:
            Type: AWS::ApiGatewayV2::Api
            Properties: { Name: api, ProtocolType: HTTP }
      `,
    },
    {
      name: 'the Lambda maximum itself, 900 s',
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 900
      `,
    },
    {
      name: 'queue visibility at least six times the function timeout, including the 30 s default and a parameter Default',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Visibility: { Type: Number, Default: 400 }
        Resources:
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 60
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
                Retries: { Type: SQS, Properties: { Queue: !GetAtt Retries.Arn } }
          Small:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: 5
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Defaulted.Arn } }
          Jobs:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: 360 }
          Retries:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: !Ref Visibility }
          Defaulted:
            Type: AWS::SQS::Queue
      `,
    },
    {
      name: 'a queue that only feeds no function, or feeds it through a non-queue source, is not compared',
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 120
          Idle:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: 10 }
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties:
              FunctionName: !Ref Fn
              EventSourceArn: !GetAtt Stream.Arn
              StartingPosition: LATEST
          Stream: { Type: AWS::Kinesis::Stream }
      `,
    },
    {
      name: 'unknown timeouts, unknown visibility and queues outside the stack are never guessed',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Timeout: { Type: Number }
        Conditions:
          IsProd: !Equals [!Ref AWS::AccountId, '123456789012']
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
          Imported:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: !ImportValue shared-timeout
              Events:
                Get: { Type: HttpApi }
          External:
            Type: AWS::Serverless::Function
            Properties:
              Handler: c.handler
              Timeout: 120
              Events:
                Jobs: { Type: SQS, Properties: { Queue: arn:aws:sqs:us-east-1:123456789012:shared } }
                Imported: { Type: SQS, Properties: { Queue: !ImportValue jobs-queue-arn } }
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
    {
      name: 'JSON template with explicit timeouts',
      syntax: 'json',
      template: `
        {
          "Resources": {
            "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Timeout": 20 } },
            "Mapping": {
              "Type": "AWS::Lambda::EventSourceMapping",
              "Properties": { "FunctionName": { "Ref": "Fn" }, "EventSourceArn": { "Fn::GetAtt": ["Queue", "Arn"] } }
            },
            "Queue": { "Type": "AWS::SQS::Queue", "Properties": { "VisibilityTimeout": 120 } }
          }
        }
      `,
    },
    {
      name: "an event's own TimeoutInMillis replaces the default limit; unknown, it is not judged",
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          IntegrationTimeout: { Type: Number }
        Resources:
          Raised:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 45
              Events:
                Report: { Type: Api, Properties: { Path: /report, Method: get, TimeoutInMillis: 60000 } }
          Unknown:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: 45
              Events:
                Report: { Type: HttpApi, Properties: { TimeoutInMillis: !Ref IntegrationTimeout } }
      `,
    },
  ],
  invalid: [
    {
      name: "a shorter TimeoutInMillis on the event is the limit",
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Quick:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 15
              Events:
                Lookup: { Type: HttpApi, Properties: { Path: /lookup, Method: get, TimeoutInMillis: 10000 } }
      `,
      errors: [{ messageId: 'aboveApiLimit', line: 7, column: 16, messageIncludes: ['HTTP API event Lookup, which gives up after 10 s'] }],
    },
    {
      name: 'visibility at or above the function timeout but below six times it: warnings, at the value or the queue',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Visibility: { Type: Number, Default: 90 }
        Resources:
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 60
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
                Retries: { Type: SQS, Properties: { Queue: !GetAtt Retries.Arn } }
          Small:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: 30
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Defaulted.Arn } }
          Jobs:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: 60 }
          Retries:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: !Ref Visibility }
          Defaulted:
            Type: AWS::SQS::Queue
      `,
      errors: [
        { messageId: 'visibilityBelowRecommended', line: 22, column: 38, severity: 'warning', messageIncludes: ['Queue Jobs', 'less than six times the 60 s timeout', 'at least 360 s'] },
        { messageId: 'visibilityBelowRecommended', line: 25, column: 38, severity: 'warning', messageIncludes: ['assuming the Default of parameter Visibility = 90'] },
        { messageId: 'visibilityBelowRecommended', line: 26, column: 3, severity: 'warning', messageIncludes: ['30 s (the default)', 'at least 180 s'] },
      ],
    },
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
      name: 'Globals.Function.Timeout does not reach plain AWS::Lambda::Function resources; AWS::NoValue is no timeout',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 10
        Resources:
          Sam:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
          Plain:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: nodejs20.x
          Removed:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: !Ref AWS::NoValue
      `,
      errors: [
        { messageId: 'missingTimeout', line: 10, column: 3, severity: 'warning', messageIncludes: ['Function Plain'] },
        { messageId: 'missingTimeout', line: 14, column: 3, severity: 'warning', messageIncludes: ['Function Removed'] },
      ],
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
      name: 'one Globals timeout inherited by two API functions: one finding per function, at the Globals value',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 60
        Resources:
          List:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
          Show:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Events:
                Get: { Type: Api, Properties: { Path: '/{id}', Method: get } }
          Background:
            Type: AWS::Serverless::Function
            Properties:
              Handler: c.handler
      `,
      errors: [
        { messageId: 'aboveApiLimit', line: 4, column: 14, messageIncludes: ['Function List'] },
        { messageId: 'aboveApiLimit', line: 4, column: 14, messageIncludes: ['Function Show'] },
      ],
    },
    {
      name: 'the strictest API limit wins when a function has both kinds of API event',
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
                Rest: { Type: Api, Properties: { Path: /, Method: get } }
                Http: { Type: HttpApi }
      `,
      errors: [{ messageId: 'aboveApiLimit', line: 7, column: 16, messageIncludes: ['HTTP API event Http', 'after 30 s'] }],
    },
    {
      name: 'a parameter Default above the REST API limit says it assumed the Default',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          ApiTimeout:
            Type: Number
            Default: 40
        Globals:
          Function:
            Timeout: !Ref ApiTimeout
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
      `,
      errors: [{ messageId: 'aboveApiLimit', line: 8, column: 14, messageIncludes: ['40 s', 'assuming the Default of parameter ApiTimeout = 40'] }],
    },
    {
      name: 'plain CloudFormation behind an API Gateway permission, above every API type limit',
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 31
          Invoke:
            Type: AWS::Lambda::Permission
            Properties:
              FunctionName: !GetAtt Fn.Arn
              Action: lambda:InvokeFunction
              Principal: apigateway.amazonaws.com
      `,
      errors: [{ messageId: 'aboveApiLimit', line: 5, column: 16, messageIncludes: ['API Gateway (permission Invoke)', 'after 30 s'] }],
    },
    {
      name: 'a timeout over the Lambda maximum, written on the function or inherited from Globals',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Timeout: 1800
        Resources:
          Sam:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
          Plain:
            Type: AWS::Lambda::Function
            Properties:
              Timeout: 1200
      `,
      errors: [
        { messageId: 'aboveMaximum', line: 4, column: 14, messageIncludes: ['Function Sam', '1800 s', 'at most 900 s'] },
        { messageId: 'aboveMaximum', line: 15, column: 16, messageIncludes: ['Function Plain', '1200 s'] },
      ],
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
        { messageId: 'visibilityBelowTimeout', line: 14, column: 26, messageIncludes: ['Queue Jobs', 'visibility timeout of 30 s', '45 s timeout of its consumer Worker'] },
        { messageId: 'visibilityBelowTimeout', line: 15, column: 3, messageIncludes: ['Queue Defaulted', '30 s (the default)'] },
      ],
    },
    {
      name: 'a queue feeding two functions is reported once, against the longest timeout',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fast:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Timeout: 40
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
          Slow:
            Type: AWS::Serverless::Function
            Properties:
              Handler: b.handler
              Timeout: 120
              Events:
                Jobs: { Type: SQS, Properties: { Queue: !GetAtt Jobs.Arn } }
          Jobs:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: 20 }
      `,
      errors: [{ messageId: 'visibilityBelowTimeout', line: 19, column: 38, messageIncludes: ['120 s timeout of its consumer Slow'] }],
    },
    {
      name: 'the 3 s default timeout still has to fit in a very short visibility timeout',
      template: `
        Resources:
          Fn:
            Type: AWS::Lambda::Function
          Mapping:
            Type: AWS::Lambda::EventSourceMapping
            Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Queue.Arn }
          Queue:
            Type: AWS::SQS::Queue
            Properties: { VisibilityTimeout: 2 }
      `,
      errors: [
        { messageId: 'missingTimeout', line: 2, column: 3, severity: 'warning' },
        { messageId: 'visibilityBelowTimeout', line: 9, column: 38, severity: 'error', messageIncludes: ['2 s', '3 s timeout of its consumer Fn'] },
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
      name: 'JSON template without a timeout, and one above the REST API limit',
      syntax: 'json',
      template: `
        {
          "Transform": "AWS::Serverless-2016-10-31",
          "Resources": {
            "Fn": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "nodejs20.x" } },
            "Api": {
              "Type": "AWS::Serverless::Function",
              "Properties": {
                "Handler": "a.handler",
                "Timeout": 35,
                "Events": { "Get": { "Type": "Api", "Properties": { "Path": "/", "Method": "get" } } }
              }
            }
          }
        }
      `,
      errors: [
        { messageId: 'missingTimeout', line: 4, column: 5 },
        { messageId: 'aboveApiLimit', line: 9, column: 20, messageIncludes: ['35 s'] },
      ],
    },
    {
      name: 'serverless.yml: the framework default is 6 s, and an http event caps the timeout at 29 s',
      format: 'serverless',
      template: `
        service: s
        provider:
          name: aws
        functions:
          api:
            handler: a.handler
          job:
            handler: b.handler
            timeout: 40
            events:
              - http: GET /
      `,
      errors: [
        { messageId: 'missingTimeout', line: 5, column: 3, messageIncludes: ['the 6 s default', 'timeout on the function (or provider.timeout)'] },
        { messageId: 'aboveApiLimit', line: 9, column: 14, messageIncludes: ['40 s timeout'] },
      ],
    },
  ],
});
