import { describe, expect, it } from 'vitest';
import { lintTemplate, testRule } from '../../test/support/rule-tester.js';
import rule from './index.js';
import { RUNTIMES } from './runtimes.js';

// Every case fixes the date it is evaluated on: no test depends on the real clock.
const today = '2026-11-23';

testRule(rule, {
  valid: [
    {
      name: 'current runtimes far from their deprecation date',
      options: { today },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: nodejs24.x
        Resources:
          A: { Type: AWS::Serverless::Function, Properties: { Handler: a.handler } }
          B: { Type: AWS::Serverless::Function, Properties: { Handler: b.handler, Runtime: python3.13 } }
          C: { Type: AWS::Lambda::Function, Properties: { Runtime: java21, Handler: c.Handler } }
          D: { Type: AWS::Lambda::Function, Properties: { Runtime: provided.al2023, Handler: bootstrap } }
          E: { Type: AWS::Lambda::Function, Properties: { Runtime: dotnet10, Handler: e } }
          F: { Type: AWS::Lambda::Function, Properties: { Runtime: ruby3.4, Handler: f.handler } }
      `,
    },
    {
      name: 'a runtime deprecated in 219 days is outside the default 180-day window',
      options: { today },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: python3.11, Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { Runtime: java17, Handler: b.Handler } }
      `,
    },
    {
      name: 'runtimes the table does not know (newer than it, or not scheduled) are not judged',
      options: { today },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs26.x, Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { Runtime: python3.15, Handler: b.handler } }
          C: { Type: AWS::Lambda::Function, Properties: { Runtime: NodeJS16.x, Handler: c.handler } }
      `,
    },
    {
      name: 'a runtime from a parameter without a Default, or from a condition, is unknown',
      options: { today },
      template: `
        Parameters:
          Rt: { Type: String }
          Old: { Type: String, Default: 'false' }
        Conditions:
          UseOld: !Equals [!Ref Old, 'true']
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: !Ref Rt, Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { Runtime: !If [UseOld, nodejs16.x, nodejs24.x], Handler: b.handler } }
      `,
    },
    {
      name: 'container-image functions have no managed runtime, even with a Runtime in Globals',
      options: { today },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: nodejs16.x
        Resources:
          A: { Type: AWS::Serverless::Function, Properties: { PackageType: Image, ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/a:1 } }
          B: { Type: AWS::Lambda::Function, Properties: { PackageType: Image, Code: { ImageUri: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/b:1 } } }
      `,
    },
    {
      name: 'no warning when warnDaysBefore is smaller than the time left',
      options: { today, warnDaysBefore: 30 },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x, Handler: a.handler } }
      `,
    },
    {
      name: 'judged as of an earlier date, a runtime deprecated since is still fine',
      options: { today: '2024-01-01', warnDaysBefore: 0 },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs16.x, Handler: a.handler } }
      `,
    },
  ],
  invalid: [
    {
      name: 'a deprecated runtime in SAM Globals: one finding on the Globals value, naming every function that inherits it',
      options: { today },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            Runtime: nodejs16.x
        Resources:
          A: { Type: AWS::Serverless::Function, Properties: { Handler: a.handler } }
          B: { Type: AWS::Serverless::Function, Properties: { Handler: b.handler } }
          C: { Type: AWS::Serverless::Function, Properties: { Handler: c.handler, Runtime: nodejs24.x } }
      `,
      errors: [
        {
          messageId: 'deprecated',
          line: 4,
          column: 14,
          severity: 'error',
          messageIncludes: [
            'Functions A, B run nodejs16.x, deprecated by AWS on 2024-06-12',
            'creating functions with it will be blocked from 2027-02-01, and updating them will be blocked from 2027-03-03',
            'Move to nodejs24.x.',
          ],
        },
      ],
    },
    {
      name: 'a deprecated runtime on a SAM function',
      options: { today },
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Worker:
            Type: AWS::Serverless::Function
            Properties:
              Handler: app.handler
              Runtime: python3.9
      `,
      errors: [
        {
          messageId: 'deprecated',
          line: 7,
          column: 16,
          severity: 'error',
          messageIncludes: ['Function Worker runs python3.9, deprecated by AWS on 2025-12-15', 'Move to python3.14.'],
        },
      ],
    },
    {
      name: 'plain AWS::Lambda::Function: creates and updates already blocked',
      options: { today },
      template: `
        Resources:
          Legacy:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: nodejs12.x
              Handler: index.handler
          Go:
            Type: AWS::Lambda::Function
            Properties:
              Runtime: go1.x
              Handler: main
      `,
      errors: [
        {
          messageId: 'deprecated',
          line: 5,
          column: 16,
          severity: 'error',
          messageIncludes: [
            'deprecated by AWS on 2023-03-31',
            'creating functions with it is blocked since 2023-03-31, and updating them is blocked since 2023-04-30, so a deployment that changes this function fails',
            'Move to nodejs24.x.',
          ],
        },
        {
          messageId: 'deprecated',
          line: 10,
          column: 16,
          messageIncludes: ['creating functions with it is blocked since 2024-02-08, and updating them will be blocked from 2027-03-03', 'Move to provided.al2023.'],
        },
      ],
    },
    {
      name: 'within the default 180-day window: a warning with the date',
      options: { today },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs22.x, Handler: a.handler } }
      `,
      errors: [
        {
          messageId: 'deprecatedSoon',
          line: 2,
          column: 60,
          severity: 'warning',
          messageIncludes: ['Function A runs nodejs22.x, which AWS deprecates on 2027-04-30 (in 158 days)', 'Plan the move to nodejs24.x.'],
        },
      ],
    },
    {
      name: 'a runtime from a parameter Default is reported with the assumption',
      options: { today },
      template: `
        Parameters:
          Rt: { Type: String, Default: python3.10 }
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: !Ref Rt, Handler: a.handler } }
      `,
      errors: [
        {
          messageId: 'deprecated',
          line: 4,
          column: 60,
          severity: 'error',
          messageIncludes: ['runs python3.10, deprecated by AWS on 2026-10-31', '(assuming the Default of parameter Rt = "python3.10")'],
        },
      ],
    },
    {
      name: 'a custom warnDaysBefore widens the window',
      options: { today, warnDaysBefore: 365 },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: python3.11, Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { Runtime: python3.12, Handler: b.handler } }
      `,
      errors: [{ messageId: 'deprecatedSoon', line: 2, column: 60, severity: 'warning', messageIncludes: ['deprecates on 2027-06-30 (in 219 days)'] }],
    },
    {
      name: 'the deprecation date itself counts as deprecated; the day before is a warning',
      options: { today: '2026-11-10' },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: dotnet8, Handler: a } }
      `,
      errors: [{ messageId: 'deprecated', line: 2, column: 60, severity: 'error', messageIncludes: ['deprecated by AWS on 2026-11-10', 'Move to dotnet10.'] }],
    },
    {
      name: 'one day before the deprecation date',
      options: { today: '2026-11-09' },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: dotnet8, Handler: a } }
      `,
      errors: [{ messageId: 'deprecatedSoon', line: 2, column: 60, severity: 'warning', messageIncludes: ['(in 1 day)'] }],
    },
    {
      name: 'a runtime without block dates, and a successor that is itself deprecated by then',
      options: { today: '2028-06-15', warnDaysBefore: 0 },
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: dotnet9, Handler: a } }
          B: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs24.x, Handler: b.handler } }
      `,
      errors: [
        { messageId: 'deprecated', line: 2, column: 60, messageIncludes: ['deprecated by AWS on 2026-11-10: it no longer gets security patches or support. Move to dotnet10.'] },
        {
          messageId: 'deprecated',
          line: 3,
          column: 60,
          messageIncludes: ['creating functions with it is blocked since 2028-06-01, and updating them will be blocked from 2028-07-01', 'Move to a runtime newer than nodejs24.x'],
        },
      ],
    },
    {
      name: 'JSON templates',
      syntax: 'json',
      options: { today },
      template: `
        {
          "Resources": {
            "A": { "Type": "AWS::Lambda::Function", "Properties": { "Runtime": "ruby3.2", "Handler": "a.handler" } }
          }
        }
      `,
      errors: [{ messageId: 'deprecated', line: 3, column: 72, messageIncludes: ['runs ruby3.2, deprecated by AWS on 2026-03-31', 'Move to ruby4.0.'] }],
    },
  ],
});

describe('eol-runtime data', () => {
  it('has one entry per runtime, real dates in order, and successors that are in the table', () => {
    const ids = RUNTIMES.map((r) => r.runtime);
    expect(new Set(ids).size).toBe(ids.length);
    const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d);
    for (const r of RUNTIMES) {
      for (const d of [r.deprecated, r.blockCreate, r.blockUpdate]) if (d) expect(isDate(d), `${r.runtime}: ${d}`).toBe(true);
      if (r.blockCreate && r.blockUpdate) expect(r.blockCreate <= r.blockUpdate, r.runtime).toBe(true);
      expect(ids, `${r.runtime} → ${r.successor}`).toContain(r.successor);
    }
  });

  it('keeps the dates checked against AWS', () => {
    const deprecated = Object.fromEntries(RUNTIMES.map((r) => [r.runtime, r.deprecated]));
    expect(deprecated).toMatchObject({
      'nodejs18.x': '2025-09-01',
      'python3.9': '2025-12-15',
      'nodejs22.x': '2027-04-30',
      'nodejs24.x': '2028-04-30',
      'python3.12': '2028-10-31',
      'python3.13': '2029-06-30',
    });
  });

  it('uses the current date when no date is given', async () => {
    // Whatever today is, nodejs12.x (deprecated 2023-03-31) is deprecated and nodejs26.x is unknown.
    const findings = await lintTemplate(rule, {
      name: 'clock',
      template: `
        Resources:
          A: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs12.x, Handler: a.handler } }
          B: { Type: AWS::Lambda::Function, Properties: { Runtime: nodejs26.x, Handler: b.handler } }
      `,
    });
    expect(findings.map((f) => f.messageId)).toEqual(['deprecated']);
  });
});
