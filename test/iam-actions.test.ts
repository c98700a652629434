import { describe, expect, it } from 'vitest';
import { expandAction } from '../src/iam/actions.js';

describe('expandAction', () => {
  it('knows actions that cannot be scoped to a resource', async () => {
    expect(await expandAction('xray:PutTraceSegments')).toEqual([{ action: 'xray:PutTraceSegments', accessLevel: 'Write', supportsResourceLevel: false }]);
  });

  it('matches case-insensitively and expands * and ? like IAM', async () => {
    expect((await expandAction('S3:getobject'))?.map((a) => a.action)).toEqual(['s3:GetObject']);
    const items = (await expandAction('dynamodb:*Item'))!.map((a) => a.action);
    expect(items).toContain('dynamodb:PutItem');
    expect(items).toContain('dynamodb:GetItem');
    expect(items.every((a) => a.endsWith('Item'))).toBe(true);
    expect((await expandAction('sqs:?endMessage'))?.map((a) => a.action)).toEqual(['sqs:SendMessage']);
    expect((await expandAction('sqs:*'))!.length).toBeGreaterThan(15);
  });

  it('returns undefined for services it does not know, and for malformed patterns', async () => {
    expect(await expandAction('notaservice:DoThing')).toBeUndefined();
    expect(await expandAction('*')).toBeUndefined();
    expect(await expandAction('s*:GetObject')).toBeUndefined();
  });
});
