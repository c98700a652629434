import { describe, expect, it, vi } from 'vitest';
import { awsCall, lintWithCalls, type CallsCase } from '../../test/support/call-facts.js';
import rule from './index.js';

vi.mock('../../src/iam/call-actions.js', async () => ({ requirementsOf: (await import('../../test/support/call-facts.js')).mockRequirements }));

const fn = (statement: string, extra = '') => `
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Handler: app.handler
        Runtime: nodejs20.x
        Environment: { Variables: { BUCKET: !Ref Uploads } }
        Policies:
          - Statement:
              - ${statement}
    Uploads: { Type: AWS::S3::Bucket }
${extra}
`;

const cases: { name: string; c: CallsCase<Record<string, never>>; expected: { line: number; column: number; includes: string[] }[] }[] = [
  {
    name: 'data reads on "*" in a function\'s role, with the resources its code reads',
    c: { template: fn("{ Effect: Allow, Action: ['s3:Get*', 'ssm:DescribeParameters'], Resource: '*' }"), calls: { Fn: [awsCall('s3', 'GetObject', { env: 'BUCKET' })] }, name: '' },
    expected: [{ line: 11, column: 89, includes: ['Function Fn allows s3:GetObject, s3:GetObjectVersion on every resource ("*"), so the function can read every object in the account', 'Its code reads !Sub "${Uploads.Arn}/*": name it instead.'] }],
  },
  {
    name: 'data reads on "*" whose code was not read: the template\'s own resources as the example',
    c: { template: fn("{ Effect: Allow, Action: [secretsmanager:GetSecretValue, 'ssm:GetParameter*'], Resource: '*' }"), calls: {}, name: '' },
    expected: [{ line: 11, column: 104, includes: ['secretsmanager:GetSecretValue, ssm:GetParameter, ssm:GetParameters and 1 more', 'every secret, parameter in the account', 'Name the resources the code reads'] }],
  },
  {
    name: 'not flagged: a role no function uses, poller reads, scoped reads, a Condition, and the option emptied',
    c: {
      template: fn(
        "{ Effect: Allow, Action: [sqs:ReceiveMessage, kinesis:GetRecords, ssm:DescribeParameters], Resource: '*' }\n              - { Effect: Allow, Action: s3:GetObject, Resource: !Sub '${Uploads.Arn}/*' }\n              - { Effect: Allow, Action: s3:GetObject, Resource: '*', Condition: { StringEquals: { s3:ExistingObjectTag/public: 'true' } } }",
        '    Role:\n      Type: AWS::IAM::Role\n      Properties:\n        Policies:\n          - PolicyName: p\n            PolicyDocument: { Statement: [{ Effect: Allow, Action: secretsmanager:GetSecretValue, Resource: "*" }] }',
      ),
      calls: {},
      name: '',
    },
    expected: [],
  },
  {
    name: 'the option can turn the reads off',
    c: { template: fn("{ Effect: Allow, Action: s3:GetObject, Resource: '*' }"), calls: {}, name: '', options: { dataReadActions: [] } as never },
    expected: [],
  },
];

describe('iam-wildcard-resource: data reads', () => {
  for (const { name, c, expected } of cases) {
    it(name, async () => {
      const findings = (await lintWithCalls(rule, c)).filter((f) => f.messageId === 'wildcardDataRead');
      expect(findings.map((f) => `${f.loc.line}:${f.loc.column}`)).toEqual(expected.map((e) => `${e.line}:${e.column}`));
      expected.forEach((e, i) => {
        for (const part of e.includes) expect(findings[i]!.message).toContain(part);
      });
    });
  }
});
