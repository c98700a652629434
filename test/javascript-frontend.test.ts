/**
 * The JavaScript/TypeScript frontend's facts, read directly: what the source rules judge.
 */
import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { JavaScriptFrontend } from '../src/source/javascript/frontend.js';

const factsOf = (file: string, text: string) => new JavaScriptFrontend(ts).handlersInText(file, text);

describe('consumerEvidence', () => {
  it('names the type or the iteration that shows a handler consumes records, and nothing for an API handler', () => {
    const [typed] = factsOf('/p/src/typed.ts', "import type { SQSEvent } from 'aws-lambda';\nexport const handler = async (event: SQSEvent) => event;");
    const [iterating] = factsOf('/p/src/loop.js', 'exports.handler = async (e) => { for (const r of e.Records) console.log(r); };');
    const [api] = factsOf('/p/src/api.js', 'exports.handler = async (event) => ({ statusCode: 200, body: event.body });');
    expect(typed?.consumerEvidence).toBe('its type SQSEvent');
    expect(iterating?.consumerEvidence).toBe('it iterates e.Records');
    expect(api?.consumerEvidence).toBeUndefined();
  });
});

describe('constructions', () => {
  it('records imported callables in per-invocation code with where they come from, memoisation and per-call configuration', () => {
    const [facts] = factsOf(
      '/p/src/index.mjs',
      [
        "import AWS from 'aws-sdk';",
        "import { S3Client } from '@aws-sdk/client-s3';",
        'let cached;',
        'const atLoad = new S3Client({});',
        'export const handler = async (event) => {',
        '  const docs = new AWS.DynamoDB.DocumentClient();',
        '  cached ??= new S3Client({});',
        '  const tenant = new S3Client({ region: event.region });',
        '  return [docs, cached, tenant, atLoad];',
        '};',
      ].join('\n'),
    );
    const seen = facts!.constructions.map((c) => ({ line: c.loc.line, module: c.module, name: c.name, memoised: c.memoised, perCall: c.configuredFromInvocation, entry: c.within.isEntry }));
    expect(seen).toEqual([
      { line: 6, module: 'aws-sdk', name: 'default.DynamoDB.DocumentClient', memoised: false, perCall: false, entry: true },
      { line: 7, module: '@aws-sdk/client-s3', name: 'S3Client', memoised: true, perCall: false, entry: true },
      { line: 8, module: '@aws-sdk/client-s3', name: 'S3Client', memoised: false, perCall: true, entry: true },
    ]);
  });
});
