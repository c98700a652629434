import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'active tracing in SAM Globals, on a function, in CloudFormation, or unknown',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Mode: { Type: String }
        Globals:
          Function:
            Tracing: Active
        Resources:
          A: { Type: AWS::Serverless::Function, Properties: { Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { TracingConfig: { Mode: Active } } }
          C: { Type: AWS::Lambda::Function, Properties: { TracingConfig: { Mode: !Ref Mode } } }
      `,
    },
  ],
  invalid: [
    {
      name: 'no tracing, and PassThrough written out (from a parameter default)',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Mode: { Type: String, Default: PassThrough }
        Resources:
          A: { Type: AWS::Serverless::Function, Properties: { Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { TracingConfig: { Mode: !Ref Mode } } }
      `,
      errors: [
        { messageId: 'notActive', line: 5, column: 3, severity: 'warning', messageIncludes: ['Function A', 'Tracing: Active'] },
        { messageId: 'notActive', line: 6, column: 74, messageIncludes: ['(mode PassThrough)', 'TracingConfig: { Mode: Active }', 'assuming the Default of parameter Mode'] },
      ],
    },
  ],
});
