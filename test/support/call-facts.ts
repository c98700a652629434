/**
 * Hand-built AWS-call facts for the least-privilege rules: a template's functions are given the
 * calls their code would make, and `requirementsOf` answers from a small table (see
 * `mockRequirements`), so the rules are tested apart from the frontends.
 */
import { checkStacks } from '../../src/engine/check.js';
import type { Rule } from '../../src/engine/rule.js';
import type { CallRequirement } from '../../src/iam/call-actions.js';
import type { AwsCallFact, AwsCallTarget } from '../../src/source/facts.js';
import { modelOf, type ValidCase } from './rule-tester.js';

const loc = (line: number) => ({ file: '/project/src/app.js', line, column: 3, endLine: line, endColumn: 30 });

export type TargetValue = string | { env: string } | 'unknown';

/** `PutItem` on `{ env: 'TABLE' }` at line 12 of src/app.js. */
export function awsCall(service: string, operation: string, target: TargetValue | undefined, line = 10, extra: Partial<AwsCallFact> = {}): AwsCallFact {
  const parameter = PARAMETER[service] ?? 'Name';
  const targets: AwsCallTarget[] =
    target === undefined
      ? []
      : [{ parameter, loc: loc(line), value: target === 'unknown' ? { kind: 'unknown' } : typeof target === 'string' ? { kind: 'literal', value: target } : { kind: 'environment', name: target.env } }];
  return { service, operation, label: `${operation}Command`, targets, loc: loc(line), path: `calls/${line}`, ...extra };
}

const PARAMETER: Record<string, string> = { dynamodb: 'TableName', sqs: 'QueueUrl', sns: 'TopicArn', s3: 'Bucket', secretsmanager: 'SecretId', lambda: 'FunctionName', ssm: 'Name', events: 'EventBusName' };

/** What the tests' operations need, as `src/iam/call-actions.ts` is meant to answer. */
const TABLE: Record<string, (call: AwsCallFact) => CallRequirement[]> = {
  'dynamodb:PutItem': (c) => [{ action: 'dynamodb:PutItem', resourceType: 'table', target: c.targets[0] }],
  'dynamodb:GetItem': (c) => [{ action: 'dynamodb:GetItem', resourceType: 'table', target: c.targets[0] }],
  'dynamodb:DeleteItem': (c) => [{ action: 'dynamodb:DeleteItem', resourceType: 'table', target: c.targets[0] }],
  'dynamodb:Query': (c) => [{ action: 'dynamodb:Query', resourceType: c.index ? 'index' : 'table', target: c.targets[0], ...(c.index ? { resourceSuffix: `index/${c.index}` } : {}) }],
  'sqs:SendMessage': (c) => [{ action: 'sqs:SendMessage', resourceType: 'queue', target: c.targets[0] }],
  'sqs:DeleteMessage': (c) => [{ action: 'sqs:DeleteMessage', resourceType: 'queue', target: c.targets[0] }],
  'sns:Publish': (c) => [{ action: 'sns:Publish', resourceType: 'topic', target: c.targets[0] }],
  's3:GetObject': (c) => [{ action: 's3:GetObject', resourceType: 'object', target: c.targets[0], resourceSuffix: '/*' }],
  's3:PutObject': (c) => [{ action: 's3:PutObject', resourceType: 'object', target: c.targets[0], resourceSuffix: '/*' }],
  's3:ListBuckets': () => [{ action: 's3:ListAllMyBuckets' }],
  'secretsmanager:GetSecretValue': (c) => [{ action: 'secretsmanager:GetSecretValue', resourceType: 'secret', target: c.targets[0] }],
  'lambda:Invoke': (c) => [{ action: 'lambda:InvokeFunction', resourceType: 'function', target: c.targets[0] }],
};

export async function mockRequirements(call: AwsCallFact): Promise<CallRequirement[] | undefined> {
  return TABLE[`${call.service}:${call.operation}`]?.(call);
}

export interface CallsCase<Options> extends ValidCase<Options> {
  /** Function logical ID → the calls its handler makes; functions not named have unread code. */
  calls: Record<string, AwsCallFact[]>;
  /** Function logical ID → why its calls may be incomplete. */
  incomplete?: Record<string, string>;
}

export async function lintWithCalls<Options>(rule: Rule<Options>, testCase: CallsCase<Options>) {
  const stack = modelOf(testCase);
  for (const fn of stack.functions) {
    const calls = testCase.calls[fn.id];
    if (!calls) continue;
    fn.handlerLink = { status: 'linked', file: '/project/src/app.js', exportName: 'handler', via: 'source', language: 'javascript' };
    fn.handlerFacts = { reportsBatchItemFailures: undefined, awsCalls: calls, awsCallsIncomplete: testCase.incomplete?.[fn.id] };
  }
  const { findings, notices } = await checkStacks({ stacks: [stack] }, [
    { rule, level: rule.meta.defaultLevel, options: { ...rule.defaultOptions, ...testCase.options }, configured: false },
  ]);
  if (notices.length) throw new Error(notices.map((n) => n.message).join('\n'));
  return findings;
}
