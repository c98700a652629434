/**
 * typescript-eslint-style tester for IaC rules: `valid` and `invalid` cases as plain data, each a
 * whole template run through the real parser and model, so a case fails if any stage regresses.
 */
import { describe, expect, it } from 'vitest';
import { checkStacks } from '../../src/engine/check.js';
import type { Rule } from '../../src/engine/rule.js';
import { buildStackModel, isCloudFormationTemplate } from '../../src/model/cloudformation.js';
import { buildServerlessStack, isServerlessConfig } from '../../src/model/serverless.js';
import { buildTerraformStack } from '../../src/model/terraform.js';
import type { StackModel } from '../../src/model/types.js';
import { parseHcl } from '../../src/parse/hcl.js';
import { parseYamlOrJson } from '../../src/parse/yaml-json.js';

export interface ValidCase<Options> {
  name: string;
  /** A whole template; leading indentation common to all lines is removed. */
  template: string;
  syntax?: 'yaml' | 'json';
  /** The format `template` is written in; CloudFormation/SAM by default. */
  format?: 'serverless' | 'terraform';
  options?: Partial<Options>;
}

export interface ExpectedError {
  messageId: string;
  line: number;
  column: number;
  severity?: 'error' | 'warning';
  /** Substrings the message must contain. */
  messageIncludes?: string[];
}

export interface InvalidCase<Options> extends ValidCase<Options> {
  errors: ExpectedError[];
}

export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

export function modelOf(testCase: Pick<ValidCase<unknown>, 'template' | 'syntax' | 'format'>): StackModel {
  if (testCase.format === 'terraform') {
    const hcl = parseHcl(dedent(testCase.template), '/project/main.tf');
    const { stack } = buildTerraformStack({ dir: '/project', files: [{ file: '/project/main.tf', hcl }] });
    if (!stack) throw new Error('test configuration has no AWS resources');
    return stack;
  }
  const serverless = testCase.format === 'serverless';
  const file = serverless ? '/project/serverless.yml' : `/project/template.${testCase.syntax === 'json' ? 'json' : 'yaml'}`;
  const parsed = parseYamlOrJson(dedent(testCase.template), file, testCase.syntax ?? 'yaml');
  const fatal = parsed.diagnostics.find((d) => d.fatal);
  if (fatal) throw new Error(`test template does not parse: ${fatal.message} at line ${fatal.loc?.line}`);
  if (serverless) {
    if (!isServerlessConfig(parsed.root)) throw new Error('test configuration is not recognised as serverless.yml');
    const { stack, problems } = buildServerlessStack(parsed.root, file);
    if (!stack || problems.length) throw new Error(`serverless.yml not modelled: ${problems.map((p) => p.message).join('; ')}`);
    return stack;
  }
  if (!isCloudFormationTemplate(parsed.root)) throw new Error('test template is not recognised as a CloudFormation/SAM template');
  return buildStackModel(parsed.root, file);
}

export async function lintTemplate<Options>(rule: Rule<Options>, testCase: ValidCase<Options>) {
  const stack = modelOf(testCase);
  const { findings, notices } = await checkStacks({ stacks: [stack] }, [
    { rule, level: rule.meta.defaultLevel, options: { ...rule.defaultOptions, ...testCase.options }, configured: false },
  ]);
  if (notices.length) throw new Error(notices.map((n) => n.message).join('\n'));
  return findings;
}

export function testRule<Options>(rule: Rule<Options>, cases: { valid: ValidCase<Options>[]; invalid: InvalidCase<Options>[] }): void {
  describe(rule.meta.name, () => {
    it('has every message used by its invalid cases', () => {
      for (const c of cases.invalid) for (const e of c.errors) expect(Object.keys(rule.meta.messages)).toContain(e.messageId);
    });
    describe('valid', () => {
      for (const c of cases.valid) {
        it(c.name, async () => {
          const findings = await lintTemplate(rule, c);
          expect(findings.map((f) => `${f.loc.line}:${f.loc.column} ${f.messageId}: ${f.message}`)).toEqual([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(c.name, async () => {
          const findings = await lintTemplate(rule, c);
          const actual = findings
            .map((f) => ({ messageId: f.messageId, line: f.loc.line, column: f.loc.column, severity: f.severity, message: f.message }))
            .sort((a, b) => a.line - b.line || a.column - b.column);
          const expected = [...c.errors].sort((a, b) => a.line - b.line || a.column - b.column);
          expect(actual.map(({ messageId, line, column }) => ({ messageId, line, column }))).toEqual(
            expected.map(({ messageId, line, column }) => ({ messageId, line, column })),
          );
          expected.forEach((e, i) => {
            if (e.severity) expect(actual[i]!.severity).toBe(e.severity);
            for (const part of e.messageIncludes ?? []) expect(actual[i]!.message).toContain(part);
          });
        });
      }
    });
  });
}
