/**
 * One problem, one finding: when two IaC rules report the same subject and one speaks for the other
 * (`RuleMeta.speaksFor`), only that one reports — and only while it is enabled.
 */
import { describe, expect, it } from 'vitest';
import { checkStacks, type EnabledRule } from '../src/engine/check.js';
import type { Rule } from '../src/engine/rule.js';
import wildcardAction from '../rules/iam-wildcard-action/index.js';
import wildcardResource from '../rules/iam-wildcard-resource/index.js';
import { modelOf } from './support/rule-tester.js';

function enabled(...rules: Rule<any>[]): EnabledRule[] {
  return rules.map((rule) => ({ rule, level: rule.meta.defaultLevel, options: rule.defaultOptions, configured: false }));
}

async function findings(template: string, rules: Rule<any>[]): Promise<string[]> {
  const { findings: found } = await checkStacks({ stacks: [modelOf({ template })] }, enabled(...rules));
  return found
    .sort((a, b) => a.loc.line - b.loc.line || a.ruleId.localeCompare(b.ruleId))
    .map((f) => `${f.loc.line} ${f.ruleId}/${f.messageId} ${f.severity}`);
}

const statements = (list: string) => `
  Resources:
    Role:
      Type: AWS::IAM::Role
      Properties:
        Policies:
          - PolicyName: p
            PolicyDocument:
              Statement:
${list
  .trim()
  .split('\n')
  .map((line) => `                ${line.trim()}`)
  .join('\n')}
`;

describe('iam-wildcard-action speaks for iam-wildcard-resource on the same statement', () => {
  it('"*" on "*" and "sqs:*" on "*" give one finding each, by iam-wildcard-action', async () => {
    const template = statements(`
      - { Effect: Allow, Action: '*', Resource: '*' }
      - { Effect: Allow, Action: ['sqs:*', 'sqs:SendMessage'], Resource: '*' }
    `);
    expect(await findings(template, [wildcardAction, wildcardResource])).toEqual([
      '9 iam-wildcard-action/allActionsEveryResource error',
      '10 iam-wildcard-action/serviceWildcardEveryResource error',
    ]);
  });

  it('a scoped action beside the wildcard is a second problem and keeps its own finding', async () => {
    const template = statements(`
      - { Effect: Allow, Action: ['sqs:*', 'dynamodb:PutItem'], Resource: '*' }
    `);
    expect(await findings(template, [wildcardAction, wildcardResource])).toEqual([
      '9 iam-wildcard-action/serviceWildcardEveryResource error',
      '9 iam-wildcard-resource/wildcardResource error',
    ]);
  });

  it('findings on different statements are not merged', async () => {
    const template = statements(`
      - { Effect: Allow, Action: 'sqs:*', Resource: !GetAtt Queue.Arn }
      - { Effect: Allow, Action: 'sqs:SendMessage', Resource: '*' }
    `);
    expect(await findings(template, [wildcardAction, wildcardResource])).toEqual([
      '9 iam-wildcard-action/serviceWildcard warning',
      '10 iam-wildcard-resource/wildcardResource error',
    ]);
  });

  it('with iam-wildcard-action off, iam-wildcard-resource still reports the statement', async () => {
    const template = statements(`
      - { Effect: Allow, Action: '*', Resource: '*' }
    `);
    expect(await findings(template, [wildcardResource])).toEqual(['9 iam-wildcard-resource/wildcardResource error']);
  });
});
