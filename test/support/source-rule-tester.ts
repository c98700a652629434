/**
 * Tester for source rules: each case is a small project (its files as plain data) with a SAM
 * template that links `Handler` to it, run through the whole engine with only the rule under test.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../../rules/index.js';
import { resolveConfig } from '../../src/config/index.js';
import type { Rule } from '../../src/engine/rule.js';
import { lint } from '../../src/engine/run.js';
import { dedent } from './rule-tester.js';

/** The handler and runtime of a test function, per language. */
export const NODE = { handler: 'index.handler', runtime: 'nodejs20.x' };
export const PYTHON = { handler: 'app.lambda_handler', runtime: 'python3.12' };

export interface SourceCase<Options> {
  name: string;
  /** Project files, path → content (dedented). */
  files: Record<string, string>;
  /** Default `index.handler`. */
  handler?: string;
  /** Default `nodejs20.x`. */
  runtime?: string;
  /** A whole template.yaml instead of the generated one (its function should be linked to the files). */
  template?: string;
  options?: Partial<Options>;
}

export interface SourceInvalidCase<Options> extends SourceCase<Options> {
  errors: { file: string; line: number; column: number; messageIncludes?: string[] }[];
}

export async function lintProject<Options>(rule: Rule<Options>, testCase: SourceCase<Options>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-source-'));
  const files = {
    'template.yaml': testCase.template ?? `Transform: AWS::Serverless-2016-10-31\nResources:\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      CodeUri: .\n      Runtime: ${testCase.runtime ?? 'nodejs20.x'}\n      Handler: ${testCase.handler ?? 'index.handler'}\n`,
    ...testCase.files,
  };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), dedent(content));
  }
  const only = Object.fromEntries(rules.map((r) => [r.meta.name, r.meta.name === rule.meta.name ? (testCase.options ? [r.meta.defaultLevel, testCase.options] : r.meta.defaultLevel) : 'off']));
  const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: only }, undefined, dir) });
  if (result.notices.length) throw new Error(result.notices.map((n) => n.message).join('\n'));
  const handler = result.handlers[0];
  return { dir, findings: result.findings.filter((f) => f.ruleId === rule.meta.name), handler };
}

export function testSourceRule<Options>(rule: Rule<Options>, cases: { valid: SourceCase<Options>[]; invalid: SourceInvalidCase<Options>[] }): void {
  describe(rule.meta.name, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, async () => {
          const { findings, handler } = await lintProject(rule, c);
          expect(handler?.status, handler?.reason).toBe('linked');
          expect(findings.map((f) => `${f.loc.line}:${f.loc.column} ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, async () => {
          const { dir, findings } = await lintProject(rule, c);
          const actual = findings.map((f) => ({ file: path.relative(dir, f.loc.file), line: f.loc.line, column: f.loc.column, message: f.message }));
          expect(actual.map(({ file, line, column }) => ({ file, line, column }))).toEqual(c.errors.map(({ file, line, column }) => ({ file, line, column })));
          c.errors.forEach((e, i) => {
            for (const part of e.messageIncludes ?? []) expect(actual[i]!.message).toContain(part);
          });
        });
      }
    });
  });
}
