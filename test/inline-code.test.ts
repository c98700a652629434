/**
 * Inline code (SAM InlineCode, Code.ZipFile) is read as the function's source, and its findings
 * land on the template lines the code is written on.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import { dedent } from './support/rule-tester.js';

async function lintTemplate(name: string, text: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-inline-'));
  writeFileSync(path.join(dir, name), text);
  const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: { 'client-in-handler': 'warn', 'hardcoded-secret': 'error' } }, undefined, dir) });
  return {
    findings: result.findings.filter((f) => f.ruleId === 'client-in-handler' || f.ruleId === 'hardcoded-secret').map((f) => `${path.basename(f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.ruleId}${f.suppressed ? ' (suppressed)' : ''}`),
    handlers: result.handlers.map((h) => ({ status: h.status, reason: h.reason })),
    notices: result.notices.map((n) => n.message),
  };
}

describe('inline code', () => {
  it('a ZipFile in a JSON template cannot be placed line by line: its findings point at the string', async () => {
    const template = {
      Resources: {
        Fn: {
          Type: 'AWS::Lambda::Function',
          Properties: {
            Runtime: 'nodejs20.x',
            Handler: 'index.handler',
            Role: 'arn:aws:iam::123456789012:role/r',
            Code: { ZipFile: "const { SQSClient } = require('@aws-sdk/client-sqs');\nexports.handler = async () => new SQSClient({});\n" },
          },
        },
      },
    };
    const text = JSON.stringify(template, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"ZipFile"')) + 1;
    const { findings, handlers } = await lintTemplate('template.json', text);
    expect(handlers).toEqual([{ status: 'linked', reason: undefined }]);
    expect(findings).toEqual([`template.json:${line}:22 client-in-handler`]);
  });

  it('Python inline code in a block scalar: findings on the template lines, suppression comments honoured', async () => {
    const { findings, handlers } = await lintTemplate(
      'template.yaml',
      dedent(`
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: python3.12
              Handler: index.lambda_handler
              InlineCode: |
                import boto3

                def lambda_handler(event, context):
                    s3 = boto3.client("s3")
                    # sls-lint-disable-next-line client-in-handler -- runs once a day
                    sqs = boto3.client("sqs")
                    return s3, sqs
      `),
    );
    expect(handlers).toEqual([{ status: 'linked', reason: undefined }]);
    expect(findings).toEqual(['template.yaml:12:18 client-in-handler', 'template.yaml:14:19 client-in-handler (suppressed)']);
  });

  it('code built with !Sub is not read, and says why; a runtime that is not read says so', async () => {
    const { findings, handlers } = await lintTemplate(
      'template.yaml',
      dedent(`
        Resources:
          Built:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: nodejs20.x
              Handler: index.handler
              Role: arn:aws:iam::123456789012:role/r
              Code:
                ZipFile: !Sub "exports.handler = async () => '\${AWS::Region}';"
          Ruby:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: ruby3.3
              Handler: index.handler
              InlineCode: "def handler(event:, context:) end"
      `),
    );
    expect(findings).toEqual([]);
    expect(handlers.map((h) => h.reason)).toEqual([
      'the inline code is built with an intrinsic function (!Sub, !Join), so its text is not known',
      'the code is inline in the template, for runtime ruby3.3',
    ]);
  });

  it('a syntax error in inline code is named with the template, and the template is still checked', async () => {
    const { notices, findings } = await lintTemplate(
      'template.yaml',
      dedent(`
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Fn:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: nodejs20.x
              Handler: index.handler
              Environment:
                Variables:
                  API_TOKEN: ghp_abcdefghijklmnopqrstuvwxyz0123456789
              InlineCode: |
                exports.handler = async () => {
                  const x = ;
                };
      `),
    );
    expect(findings).toContain('template.yaml:10:22 hardcoded-secret');
    expect(notices.join('\n')).not.toContain('#Fn.inline');
  });
});
