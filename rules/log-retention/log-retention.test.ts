import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'log groups declared with retention: by !Sub, by !Join, by literal FunctionName, through LoggingConfig; unknown retention',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Days: { Type: Number }
        Resources:
          A: { Type: AWS::Serverless::Function, Properties: { Handler: a.handler } }
          ALogs:
            Type: AWS::Logs::LogGroup
            Properties: { LogGroupName: !Sub '/aws/lambda/\${A}', RetentionInDays: 30 }
          B: { Type: AWS::Lambda::Function, Properties: { FunctionName: orders-b } }
          BLogs:
            Type: AWS::Logs::LogGroup
            Properties: { LogGroupName: /aws/lambda/orders-b, RetentionInDays: !Ref Days }
          C: { Type: AWS::Lambda::Function }
          CLogs:
            Type: AWS::Logs::LogGroup
            Properties: { LogGroupName: !Join ['', ['/aws/lambda/', !Ref C]], RetentionInDays: 14 }
          D:
            Type: AWS::Serverless::Function
            Properties: { Handler: d.handler, LoggingConfig: { LogGroup: !Ref Shared } }
          Shared:
            Type: AWS::Logs::LogGroup
            Properties: { RetentionInDays: 7 }
          E:
            Type: AWS::Serverless::Function
            Properties: { Handler: e.handler, LoggingConfig: { LogGroup: !ImportValue shared-logs } }
      `,
    },
  ],
  invalid: [
    {
      name: 'no declared log group, and a declared one without retention',
      template: `
        Resources:
          Orphan: { Type: AWS::Lambda::Function, Properties: { FunctionName: orders-orphan } }
          Kept: { Type: AWS::Lambda::Function }
          KeptLogs:
            Type: AWS::Logs::LogGroup
            Properties: { LogGroupName: !Sub '/aws/lambda/\${Kept}' }
      `,
      errors: [
        { messageId: 'noLogGroup', line: 2, column: 3, severity: 'warning', messageIncludes: ['Function Orphan', '/aws/lambda/orders-orphan'] },
        { messageId: 'noRetention', line: 4, column: 3, messageIncludes: ['Log group KeptLogs of function Kept'] },
      ],
    },
  ],
});
