import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'scoped service permissions, account principals, IAM-authenticated URLs, unknown principals',
      template: `
        Parameters:
          Principal: { Type: String }
        Resources:
          S3Invoke:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: s3.amazonaws.com, SourceArn: !GetAtt Bucket.Arn, SourceAccount: !Ref AWS::AccountId }
          EventsInvoke:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: events.amazonaws.com, SourceArn: !GetAtt Rule.Arn }
          Partner:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '123456789012' }
          Unknown:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: !Ref Principal }
          Url:
            Type: AWS::Lambda::Url
            Properties: { TargetFunctionArn: !GetAtt Fn.Arn, AuthType: AWS_IAM }
          Fn: { Type: AWS::Lambda::Function }
          Bucket: { Type: AWS::S3::Bucket }
          Rule: { Type: AWS::Events::Rule }
      `,
    },
  ],
  invalid: [
    {
      name: 'an unscoped service permission, a public permission, and public function URLs (SAM and CloudFormation)',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          SnsInvoke:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: sns.amazonaws.com }
          Anyone:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunction, Principal: '*' }
          PublicUrlPermission:
            Type: AWS::Lambda::Permission
            Properties: { FunctionName: !Ref Fn, Action: lambda:InvokeFunctionUrl, Principal: '*', FunctionUrlAuthType: NONE }
          Url:
            Type: AWS::Lambda::Url
            Properties: { TargetFunctionArn: !GetAtt Fn.Arn, AuthType: NONE }
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Handler: a.handler
              FunctionUrlConfig: { AuthType: NONE }
      `,
      errors: [
        { messageId: 'unscopedService', line: 5, column: 84, severity: 'warning', messageIncludes: ['Permission SnsInvoke lets sns.amazonaws.com'] },
        { messageId: 'anyPrincipal', line: 8, column: 84, severity: 'error' },
        { messageId: 'publicUrl', line: 14, column: 64, messageIncludes: ['function URL of Url'] },
        { messageId: 'publicUrl', line: 19, column: 38, messageIncludes: ['function URL of Fn'] },
      ],
    },
  ],
});
