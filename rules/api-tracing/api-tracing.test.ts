import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'tracing in Globals.Api, on a stage, from a parameter without default; HTTP and WebSocket APIs are never checked',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Trace: { Type: String }
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
                Post: { Type: HttpApi }
          Api: { Type: AWS::Serverless::Api, Properties: { StageName: prod } }
          Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: abc, TracingEnabled: !Ref Trace } }
          V2: { Type: AWS::ApiGatewayV2::Stage, Properties: { ApiId: abc } }
          Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: abc, StageName: v1, StageDescription: { TracingEnabled: true } } }
      `,
    },
  ],
  invalid: [
    {
      name: 'untraced REST stages: implicit, explicit false (from a parameter default), a deployment stage',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Trace: { Type: String, Default: 'false' }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
          Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: abc, TracingEnabled: !Ref Trace } }
          Deployment: { Type: AWS::ApiGateway::Deployment, Properties: { RestApiId: abc, StageName: v1 } }
      `,
      errors: [
        { messageId: 'notTraced', line: 10, column: 9, severity: 'warning', messageIncludes: ['ServerlessRestApi', 'Globals.Api.TracingEnabled: true'] },
        { messageId: 'notTraced', line: 11, column: 88, messageIncludes: ['TracingEnabled is false', 'assuming the Default of parameter Trace'] },
        { messageId: 'notTraced', line: 12, column: 3, messageIncludes: ['StageDescription.TracingEnabled: true'] },
      ],
    },
  ],
});
