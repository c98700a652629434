import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'access logs on a SAM Api, an HttpApi, the implicit API through Globals, and plain stages',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          LogArn: { Type: String }
        Globals:
          Api:
            AccessLogSetting: { DestinationArn: !GetAtt Logs.Arn, Format: '$context.requestId' }
        Resources:
          Logs: { Type: AWS::Logs::LogGroup }
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
          Http:
            Type: AWS::Serverless::HttpApi
            Properties:
              AccessLogSettings: { DestinationArn: !Ref LogArn, Format: '$context.requestId' }
          Rest:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: abc
              AccessLogSetting: { DestinationArn: !GetAtt Logs.Arn }
          V2:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              ApiId: abc
              AccessLogSettings: !If [Prod, { DestinationArn: !GetAtt Logs.Arn }, !Ref AWS::NoValue]
      `,
    },
    {
      name: 'a deployment without StageName creates no stage, and a template without APIs has nothing to check',
      template: `
        Resources:
          Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: abc } }
          Queue: { Type: AWS::SQS::Queue }
      `,
    },
  ],
  invalid: [
    {
      name: 'the implicit SAM REST and HTTP APIs, a SAM Api, stages and a deployment with StageName',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
                Post: { Type: HttpApi }
          Api: { Type: AWS::Serverless::Api, Properties: { StageName: prod } }
          Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: !Ref Api } }
          Socket: { Type: AWS::ApiGatewayV2::Api, Properties: { ProtocolType: WEBSOCKET } }
          SocketStage: { Type: AWS::ApiGatewayV2::Stage, Properties: { ApiId: !Ref Socket } }
          Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: !Ref Api, StageName: v1 } }
      `,
      errors: [
        { messageId: 'noAccessLog', line: 8, column: 9, severity: 'warning', messageIncludes: ['REST API stage ServerlessRestApi', 'SAM implicit API', 'Globals.Api.AccessLogSetting'] },
        { messageId: 'noAccessLog', line: 9, column: 9, messageIncludes: ['HTTP API stage ServerlessHttpApi', 'Globals.HttpApi.AccessLogSettings'] },
        { messageId: 'noAccessLog', line: 10, column: 3, messageIncludes: ['REST API stage Api (AWS::Serverless::Api)', 'AccessLogSetting: { DestinationArn, Format }'] },
        { messageId: 'noAccessLog', line: 11, column: 3, messageIncludes: ['REST API stage Stage'] },
        { messageId: 'noAccessLog', line: 13, column: 3, messageIncludes: ['WebSocket API stage SocketStage', 'AccessLogSettings'] },
        { messageId: 'noAccessLog', line: 14, column: 3, messageIncludes: ['Deployment StageName'] },
      ],
    },
    {
      name: 'the implicit API is located at Globals.Api when Globals configure it without logging',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Api:
            TracingEnabled: true
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
      `,
      errors: [{ messageId: 'noAccessLog', line: 3, column: 3 }],
    },
  ],
});
