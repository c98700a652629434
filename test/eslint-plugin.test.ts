import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import tsParser from '@typescript-eslint/parser';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { Linter as Linter10 } from 'eslint';
import { Linter as Linter9 } from 'eslint-v9';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import plugin, { PLUGIN_RULES } from '../src/eslint/plugin.js';

RuleTester.afterAll = afterAll;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const tester = new RuleTester();
// The plugin's rules are plain ESLint rules; the tester's types expect typescript-eslint's own shape.
const rule = (name: string) => plugin.rules[name] as unknown as Parameters<typeof tester.run>[1];

tester.run('client-in-handler', rule('client-in-handler'), {
  valid: [
    { filename: 'handler.ts', code: "import { S3Client } from '@aws-sdk/client-s3';\nconst s3 = new S3Client({});\nexport const handler = async () => s3;" },
    { filename: 'handler.ts', code: "import { S3Client } from '@aws-sdk/client-s3';\nlet s3: S3Client | undefined;\nexport const handler = async () => (s3 ??= new S3Client({}));" },
    { filename: 'not-a-handler.ts', code: "import { S3Client } from '@aws-sdk/client-s3';\nexport function makeClient() { return new S3Client({}); }" },
  ],
  invalid: [
    {
      filename: 'handler.ts',
      code: "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => {\n  const s3 = new S3Client({});\n  return s3;\n};",
      errors: [{ messageId: 'perInvocation', line: 3, column: 14, endLine: 3, endColumn: 30 }],
    },
    {
      filename: 'consumer.ts',
      code: "import type { SQSEvent } from 'aws-lambda';\nimport { Pool } from 'pg';\nexport async function processOrders(event: SQSEvent) {\n  const pool = new Pool();\n  return [pool, event];\n}",
      errors: [{ messageId: 'perInvocation', line: 4, column: 16 }],
    },
  ],
});

tester.run('heavy-import', rule('heavy-import'), {
  valid: [{ filename: 'handler.ts', code: "import get from 'lodash/get';\nexport const handler = async (e: object) => get(e, 'a');" }],
  invalid: [
    {
      filename: 'handler.ts',
      code: "import _ from 'lodash';\nexport const handler = async (e: object) => _.get(e, 'a');",
      errors: [{ messageId: 'heavyImport', line: 1, column: 1 }],
    },
  ],
});

describe('ESLint 9 and 10, default parser and typescript-eslint parser', () => {
  const code = "const AWS = require('aws-sdk');\nexports.handler = async () => {\n  const sns = new AWS.SNS();\n  return sns;\n};\n";
  const cases = [
    ['ESLint 10', Linter10],
    ['ESLint 9', Linter9],
  ] as const;
  for (const [name, LinterClass] of cases) {
    for (const parser of ['default', 'typescript-eslint'] as const) {
      it(`${name} with the ${parser} parser reports through the recommended config`, () => {
        const linter = new LinterClass({ configType: 'flat' } as never);
        const config = [
          plugin.configs.recommended,
          ...(parser === 'typescript-eslint' ? [{ languageOptions: { parser: tsParser } }] : [{ languageOptions: { sourceType: 'commonjs' } }]),
        ];
        const messages = linter.verify(code, config as never, { filename: path.join(repo, 'handler.cjs') });
        expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual(['1:13 sls-lint/heavy-import', '3:15 sls-lint/client-in-handler']);
      });
    }
  }

  it('offers exactly the documented rules, all recommended', () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...PLUGIN_RULES].sort());
    expect(Object.keys(plugin.configs.recommended.rules).sort()).toEqual(PLUGIN_RULES.map((r) => `sls-lint/${r}`).sort());
  });

  it('recommends each rule at the level the CLI gives it, so a hard-coded key is an error in both', async () => {
    const cliLevels = resolveConfig({}, undefined, repo).enabled.filter((e) => (PLUGIN_RULES as readonly string[]).includes(e.rule.meta.name));
    expect(Object.fromEntries(cliLevels.map((e) => [`sls-lint/${e.rule.meta.name}`, e.level]))).toEqual(plugin.configs.recommended.rules);
    expect(plugin.configs.recommended.rules['sls-lint/hardcoded-secret']).toBe('error');

    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-plugin-'));
    const file = path.join(dir, 'handler.mjs');
    writeFileSync(file, `const accessKeyId = '${['AKIA', 'W3NQ7XZ2KRPL5MTB'].join('')}';\nexport const handler = async () => accessKeyId.length;\n`);
    const fromCli = (await lint({ cwd: dir, paths: [file], config: resolveConfig({}, undefined, dir) })).findings.map((f) => `${f.loc.line} ${f.ruleId} ${f.severity}`);
    const fromPlugin = new Linter10({ configType: 'flat', cwd: dir })
      .verify(readFileSync(file, 'utf8'), [plugin.configs.recommended] as never, { filename: file })
      .map((m) => `${m.line} ${m.ruleId!.replace('sls-lint/', '')} ${m.severity === 2 ? 'error' : 'warning'}`);
    expect(fromCli).toEqual(['1 hardcoded-secret error']);
    expect(fromPlugin).toEqual(fromCli);
  });
});

describe('the plugin and the CLI report the same findings', () => {
  const fixtures = ['sam-payments', 'ts-esbuild-inventory', 'no-template-handlers'];
  // idempotent-consumer knows a consumer from the template's triggers in the CLI but only from the
  // handler's types in the editor, so the two legitimately differ on untyped handlers.
  const codeOnlyRules: readonly string[] = PLUGIN_RULES.filter((r) => r !== 'idempotent-consumer');
  it.each(fixtures)('in the handler files of fixtures/%s', async (fixture) => {
    const dir = path.join(repo, 'fixtures', fixture);
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({}, undefined, dir) });
    const linkedFiles = result.handlers.filter((h) => h.status === 'linked').map((h) => h.source!);
    // Without a template, the CLI finds handlers by convention, as the plugin does: compare the files that hold one.
    const handlerFiles = linkedFiles.length ? linkedFiles : [path.join(dir, 'src', 'resize.ts'), path.join(dir, 'src', 'health.mjs')];
    const fromCli = result.findings
      .filter((f) => codeOnlyRules.includes(f.ruleId) && !f.suppressed && handlerFiles.includes(f.loc.file))
      .map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.ruleId}`);
    const linter = new Linter10({ configType: 'flat' });
    const fromPlugin = handlerFiles.flatMap((file) =>
      linter
        .verify(readFileSync(file, 'utf8'), [plugin.configs.recommended, { languageOptions: { parser: tsParser } }] as never, { filename: file })
        .filter((m) => codeOnlyRules.includes(m.ruleId!.replace('sls-lint/', '')))
        .map((m) => `${path.relative(dir, file)}:${m.line}:${m.column} ${m.ruleId!.replace('sls-lint/', '')}`),
    );
    expect(fromCli.length).toBeGreaterThan(0);
    expect(fromPlugin.sort()).toEqual(fromCli.sort());
  });
});

tester.run('idempotent-consumer', rule('idempotent-consumer'), {
  valid: [
    {
      filename: 'api.ts',
      code: "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';\nconst sns = new SNSClient({});\nexport const handler = async (event: { body: string }) => sns.send(new PublishCommand({ TopicArn: 'a', Message: event.body }));",
    },
  ],
  invalid: [
    {
      filename: 'consumer.ts',
      code: "import type { SQSHandler } from 'aws-lambda';\nimport { SNSClient, PublishCommand } from '@aws-sdk/client-sns';\nconst sns = new SNSClient({});\nexport const handler: SQSHandler = async (event) => {\n  for (const record of event.Records) await sns.send(new PublishCommand({ TopicArn: 'a', Message: record.body }));\n};",
      errors: [{ messageId: 'repeatedSideEffect', line: 5, column: 54 }],
    },
  ],
});
