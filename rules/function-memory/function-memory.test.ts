import { testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';

testRule(rule, {
  valid: [
    {
      name: 'memory set on the function, in Globals, or through a parameter',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          Memory: { Type: Number }
        Globals:
          Function:
            MemorySize: 512
        Resources:
          A: { Type: AWS::Serverless::Function, Properties: { Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { MemorySize: !Ref Memory } }
      `,
    },
  ],
  invalid: [
    {
      name: 'no MemorySize anywhere (Globals do not apply to plain Lambda functions)',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            MemorySize: 512
        Resources:
          Plain: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs20.x } }
      `,
      errors: [{ messageId: 'defaultMemory', line: 6, column: 3, severity: 'warning', messageIncludes: ['Function Plain', '128 MB'] }],
    },
  ],
});
