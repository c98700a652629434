import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'catch-all method settings, HTTP default route settings, deployment limits, unknown settings',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Settings: { Type: CommaDelimitedList }
        Globals:
          Api:
            MethodSettings:
              - { ResourcePath: '/*', HttpMethod: '*', ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }
          HttpApi:
            DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 50 }
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              Events:
                Get: { Type: Api, Properties: { Path: /, Method: get } }
                Post: { Type: HttpApi }
          Stage: { Type: AWS::ApiGateway::Stage, Properties: { RestApiId: abc, MethodSettings: !Ref Settings } }
          Deployment:
            Type: AWS::ApiGateway::Deployment
            Properties: { RestApiId: abc, StageName: v1, StageDescription: { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5 } }
      `,
    },
  ],
  invalid: [
    {
      name: 'no throttling, per-route only, and one limit of two',
      template: `
        Resources:
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: abc
              MethodSettings:
                - { ResourcePath: '/orders', HttpMethod: POST, ThrottlingRateLimit: 10, ThrottlingBurstLimit: 5 }
          Http:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              ApiId: abc
              DefaultRouteSettings: { ThrottlingBurstLimit: 5 }
          Logged:
            Type: AWS::ApiGatewayV2::Stage
            Properties:
              ApiId: abc
              DefaultRouteSettings: { DetailedMetricsEnabled: true }
      `,
      errors: [
        { messageId: 'noThrottling', line: 2, column: 3, severity: 'warning', messageIncludes: ['REST API stage Stage', 'ResourcePath "/*"'] },
        { messageId: 'partialThrottling', line: 12, column: 29, messageIncludes: ['sets a burst limit but not a rate limit'] },
        { messageId: 'noThrottling', line: 13, column: 3, messageIncludes: ['The API stage Logged'] },
      ],
    },
  ],
});
