import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseErrorMeta } from '../src/engine/builtin-rules.js';
import type { Finding, LintResult } from '../src/engine/result.js';
import { formatResult } from '../src/report/index.js';
import { MAX_SARIF_RESULTS } from '../src/report/sarif.js';
import adminPolicy from '../rules/iam-admin-policy/index.js';
import tracing from '../rules/function-tracing/index.js';
import heavyImport from '../rules/heavy-import/index.js';
import idempotentConsumer from '../rules/idempotent-consumer/index.js';
import partialBatch from '../rules/sqs-partial-batch/index.js';
import queueRedrive from '../rules/queue-redrive/index.js';
import { validateSarif } from './support/sarif-schema.js';

const root = mkdtempSync(path.join(tmpdir(), 'sls-lint-report-'));
const fileA = path.join(root, 'infra', 'my stack', 'tëmplate.yaml');
const fileB = path.join(root, 'b.yaml');
mkdirSync(path.dirname(fileA), { recursive: true });
writeFileSync(fileA, '');
writeFileSync(fileB, '');

const finding = (overrides: Partial<Finding> & { line?: number }): Finding => {
  const line = overrides.line ?? 3;
  return {
    ruleId: 'iam-admin-policy',
    messageId: 'accountAdmin',
    severity: 'error',
    message: 'Role R attaches AdministratorAccess.',
    loc: { file: fileA, line, column: 5, endLine: line, endColumn: 24 },
    logicalPath: '/Resources/R/Properties/ManagedPolicyArns/0',
    ...overrides,
  };
};

function result(findings: Finding[]): LintResult {
  return {
    root,
    cwd: root,
    findings,
    skipped: [{ path: path.join(root, 'loop'), reason: 'symbolic link loop' }],
    notices: [{ message: 'rule x failed', path: fileB }],
    rules: [adminPolicy.meta, parseErrorMeta],
    handlers: [],
    stats: { filesSeen: 3, templates: 2, functions: 4, bytesRead: 100 },
  };
}

const sample = result([
  finding({}),
  finding({ severity: 'warning', messageId: 'serviceFullAccess', message: 'Warn.', line: 9, logicalPath: '/Resources/R/x' }),
  finding({ loc: { file: fileB, line: 2, column: 1, endLine: 7, endColumn: 3 }, logicalPath: '/Resources/Q' }),
  finding({ loc: { file: fileB, line: 4, column: 3, endLine: 4, endColumn: 3 }, suppressed: { kind: 'directive', justification: 'reviewed', loc: { file: fileB, line: 3, column: 1, endLine: 3, endColumn: 9 } }, logicalPath: '/Resources/S' }),
]);
const options = { color: false, toolVersion: '1.2.3' };

describe('stylish', () => {
  it('groups by file, aligns columns, summarises, and lists what was not checked', () => {
    expect(formatResult(sample, 'stylish', options)).toBe(
      [
        'infra/my stack/tëmplate.yaml',
        '  3:5  error    Role R attaches AdministratorAccess.  iam-admin-policy',
        '  9:5  warning  Warn.  iam-admin-policy',
        '',
        'b.yaml',
        '  2:1  error    Role R attaches AdministratorAccess.  iam-admin-policy',
        '',
        '✖ 3 problems (2 errors, 1 warning) in 2 templates, 4 functions',
        '  3 IAM',
        '  1 suppressed',
        '',
        'Not checked:',
        '  loop: symbolic link loop',
        '  b.yaml: rule x failed',
        '',
      ].join('\n'),
    );
  });

  it('puts errors before warnings within a file and counts findings per rule family', () => {
    const mixed = result([
      finding({ ruleId: 'function-tracing', severity: 'warning', message: 'No tracing.', line: 2, logicalPath: '/Resources/F/t' }),
      finding({ ruleId: 'sqs-partial-batch', message: 'Batch.', line: 5, logicalPath: '/Resources/F/b' }),
      finding({ ruleId: 'heavy-import', severity: 'warning', message: 'Heavy.', line: 7, logicalPath: '/Resources/F/h' }),
      finding({ ruleId: 'queue-redrive', message: 'No DLQ.', line: 8, logicalPath: '/Resources/Q/r' }),
      finding({ ruleId: 'idempotent-consumer', severity: 'warning', message: 'Twice.', line: 9, logicalPath: '/Resources/F/i', suppressed: { kind: 'metadata', loc: { file: fileA, line: 9, column: 1, endLine: 9, endColumn: 2 } } }),
    ]);
    mixed.rules = [tracing.meta, partialBatch.meta, heavyImport.meta, queueRedrive.meta, idempotentConsumer.meta];
    const lines = formatResult(mixed, 'stylish', options).split('\n');
    expect(lines.slice(1, 5).map((line) => line.trim().split(/\s+/).slice(0, 2).join(' '))).toEqual(['5:5 error', '8:5 error', '2:5 warning', '7:5 warning']);
    // Families in the order of risk, suppressed findings not counted, families without findings left out.
    expect(lines).toContain('  1 cold start · 1 timeouts and DLQs · 1 idempotency · 1 best practice');
  });

  it('keeps errors only with quiet, and says when there is nothing to report', () => {
    expect(formatResult(sample, 'stylish', { ...options, quiet: true })).not.toContain('warning  Warn');
    expect(formatResult({ ...result([]), skipped: [], notices: [] }, 'stylish', options)).toBe('✔ no problems (2 templates, 4 functions)\n');
  });

  it('colours only when asked', () => {
    expect(formatResult(sample, 'stylish', options)).not.toMatch(/\x1b\[/);
    expect(formatResult(sample, 'stylish', { ...options, color: true })).toMatch(/\x1b\[31m/);
  });
});

describe('handler links', () => {
  const at = (line: number) => ({ file: fileB, line, column: 3, endLine: line, endColumn: 6 });
  const withHandlers: LintResult = {
    ...result([]),
    skipped: [],
    notices: [],
    handlers: [
      { functionId: 'Api', loc: at(4), status: 'linked', source: path.join(root, 'src', 'api.ts'), exportName: 'handler', language: 'typescript' },
      { functionId: 'Legacy', loc: at(9), status: 'not-linked', reason: 'CodeUri old does not exist', category: 'missing-file' },
      { functionId: 'Java', loc: at(14), status: 'not-applicable', reason: 'runtime java21 is not analysed yet (Node.js and Python only)', category: 'runtime-not-analysed' },
    ],
  };
  const mixed: LintResult = {
    ...withHandlers,
    skipped: [
      { path: path.join(root, 'infra', 'cdk.json'), reason: 'a CDK app without synthesized output in cdk.out', category: 'cdk-not-synthesized' },
      { path: path.join(root, 'loop'), reason: 'symbolic link loop' },
    ],
    handlers: [
      { functionId: 'Api', loc: at(4), status: 'linked', source: path.join(root, 'src', 'api.ts'), exportName: 'handler', language: 'typescript' },
      { functionId: 'Ui', loc: at(5), status: 'linked', source: path.join(root, 'src', 'ui.mjs'), exportName: 'handler', language: 'javascript' },
      { functionId: 'Orders', loc: at(6), status: 'linked', source: path.join(root, 'orders', 'app.py'), exportName: 'lambda_handler', language: 'python' },
      { functionId: 'Render', loc: at(7), status: 'not-applicable', reason: 'the function is a container image', category: 'container-image' },
      { functionId: 'Thumbs', loc: at(8), status: 'not-applicable', reason: 'the function is a container image', category: 'container-image' },
      { functionId: 'Cron', loc: at(9), status: 'not-applicable', reason: 'the code is inline in the template', category: 'inline-code' },
      { functionId: 'Jobs', loc: at(10), status: 'not-linked', reason: 'no jobs/run.py or jobs/run/__init__.py in src', category: 'missing-file' },
      { functionId: 'Sync', loc: at(11), status: 'not-linked', reason: 'app.js has no export "handler" that sls-lint can follow', category: 'export-not-found' },
    ],
  };

  it('stylish counts every function, says what was not read, and lists the handlers it could not link', () => {
    expect(formatResult(withHandlers, 'stylish', options)).toBe(
      [
        '✔ no problems (2 templates, 4 functions)',
        '  1 of 3 handlers linked to source; not read: 1 with a runtime not analysed yet, 1 missing file',
        '    Legacy (b.yaml:9): CodeUri old does not exist',
        '',
      ].join('\n'),
    );
  });

  it('stylish splits linked handlers by language once Python is read, and names unsynthesized CDK apps', () => {
    const text = formatResult(mixed, 'stylish', options);
    expect(text).toContain(
      '  3 of 8 handlers linked to source (2 JavaScript/TypeScript, 1 Python); not read: 2 container images, 1 inline code, 1 missing file, 1 export not found, 1 CDK app without synth output\n' +
        '    Jobs (b.yaml:10): no jobs/run.py or jobs/run/__init__.py in src\n' +
        '    Sync (b.yaml:11): app.js has no export "handler" that sls-lint can follow\n',
    );
    // Container images and inline code are counted, not listed one by one.
    expect(text).not.toContain('Render (');
  });

  it('stylish says nothing about handlers when there are no functions, and only what was not read when all are in unsynthesized CDK apps', () => {
    expect(formatResult({ ...withHandlers, handlers: [] }, 'stylish', options)).not.toContain('handler');
    expect(formatResult({ ...mixed, handlers: [] }, 'stylish', options)).toContain('✔ no problems (2 templates, 4 functions)\n  not read: 1 CDK app without synth output\n');
  });

  it('json carries every link with root-relative paths, its language or why it was not read', () => {
    expect(JSON.parse(formatResult(withHandlers, 'json', options)).handlers).toEqual([
      { function: 'Api', file: 'b.yaml', line: 4, column: 3, status: 'linked', source: 'src/api.ts', export: 'handler', language: 'typescript' },
      { function: 'Legacy', file: 'b.yaml', line: 9, column: 3, status: 'not-linked', reason: 'CodeUri old does not exist', category: 'missing-file' },
      { function: 'Java', file: 'b.yaml', line: 14, column: 3, status: 'not-applicable', reason: 'runtime java21 is not analysed yet (Node.js and Python only)', category: 'runtime-not-analysed' },
    ]);
  });

  it('json summarises the same counts as stylish', () => {
    expect(JSON.parse(formatResult(mixed, 'json', options)).summary.handlers).toEqual({
      total: 8,
      linked: 3,
      linkedByLanguage: { javascript: 2, python: 1 },
      notRead: { 'container-image': 2, 'inline-code': 1, 'missing-file': 1, 'export-not-found': 1 },
      cdkAppsNotSynthesized: 1,
    });
  });
});

describe('json', () => {
  it('counts Azure Functions apps among the templates', () => {
    const azure = { ...sample, stats: { ...sample.stats, templates: 3, azureApps: 2 } };
    expect(JSON.parse(formatResult(azure, 'json', options)).summary).toMatchObject({ templates: 3, azureApps: 2 });
  });

  it('has the documented shape with root-relative POSIX paths', () => {
    const report = JSON.parse(formatResult(sample, 'json', options));
    expect(report).toMatchObject({
      schemaVersion: 1,
      tool: { name: 'sls-lint', version: '1.2.3' },
      summary: { errors: 2, warnings: 1, suppressed: 1, templates: 2, azureApps: 0, functions: 4, filesSeen: 3, handlers: { total: 0, linked: 0, notRead: {} } },
      skipped: [{ file: 'loop', reason: 'symbolic link loop' }],
      notices: [{ file: 'b.yaml', message: 'rule x failed' }],
    });
    expect(report.findings[0]).toEqual({
      ruleId: 'iam-admin-policy',
      messageId: 'accountAdmin',
      severity: 'error',
      message: 'Role R attaches AdministratorAccess.',
      file: 'infra/my stack/tëmplate.yaml',
      line: 3,
      column: 5,
      endLine: 3,
      endColumn: 24,
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}:1$/),
    });
    expect(report.findings[3].suppressed).toEqual({ kind: 'directive', justification: 'reviewed' });
  });
});

describe('sarif', () => {
  const sarif = (r: LintResult) => JSON.parse(formatResult(r, 'sarif', options));

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validateSarif(sarif(sample))).toEqual([]);
  });

  it('carries what GitHub code scanning needs', () => {
    const run = sarif(sample).runs[0];
    expect(run.columnKind).toBe('utf16CodeUnits');
    expect(run.automationDetails).toEqual({ id: 'sls-lint/' });
    expect(run.originalUriBaseIds['%SRCROOT%'].uri).toMatch(/^file:\/\/.*\/$/);
    const rule = run.tool.driver.rules[run.results[0].ruleIndex];
    expect(rule).toMatchObject({ id: 'iam-admin-policy', helpUri: adminPolicy.meta.url, defaultConfiguration: { level: 'error' } });
    expect(rule.help.markdown).toBe(adminPolicy.meta.docs.help);
    expect(rule.help.text).not.toContain('`');
    expect(rule.properties['security-severity']).toBe('8.8');
    expect(run.results[0].locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'infra/my%20stack/t%C3%ABmplate.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 24 },
        },
      },
    ]);
    // An empty range still gets a one-character region.
    expect(run.results[3].locations[0].physicalLocation.region).toEqual({ startLine: 4, startColumn: 3, endLine: 4, endColumn: 4 });
    expect(run.results[3].suppressions).toEqual([{ kind: 'inSource', justification: 'reviewed' }]);
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(2);
  });

  it('keeps fingerprints when lines move and tells different findings apart', () => {
    const moved = sarif(result([finding({ line: 30 })])).runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    const original = sarif(result([finding({})])).runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    const other = sarif(result([finding({ logicalPath: '/Resources/Other' })])).runs[0].results[0].partialFingerprints.primaryLocationLineHash;
    expect(moved).toBe(original);
    expect(other).not.toBe(original);
  });

  it('keeps the most severe 25,000 results and says it truncated', () => {
    const many = Array.from({ length: MAX_SARIF_RESULTS + 10 }, (_, i) => finding({ severity: i % 2 ? 'error' : 'warning', logicalPath: `/p/${i}` }));
    const run = sarif(result(many)).runs[0];
    expect(run.results).toHaveLength(MAX_SARIF_RESULTS);
    expect(run.results.filter((r: { level: string }) => r.level === 'error')).toHaveLength((MAX_SARIF_RESULTS + 10) / 2);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/only the 25000 most severe/);
  });

  it('gives a truncated run the same fingerprints as the JSON report', () => {
    // Repeats of one structural path are told apart by an order-dependent counter; reordering for
    // truncation must not renumber them.
    const repeated = Array.from({ length: MAX_SARIF_RESULTS + 2 }, (_, i) => finding({ severity: i < 2 ? 'warning' : 'error', line: i + 1 }));
    const json = JSON.parse(formatResult(result(repeated), 'json', options)).findings as { line: number; fingerprint: string }[];
    const byLine = new Map(json.map((f) => [f.line, f.fingerprint]));
    const results = sarif(result(repeated)).runs[0].results as { locations: { physicalLocation: { region: { startLine: number } } }[]; partialFingerprints: { primaryLocationLineHash: string } }[];
    expect(results[0].locations[0].physicalLocation.region.startLine).toBe(3);
    for (const r of results) expect(r.partialFingerprints.primaryLocationLineHash).toBe(byLine.get(r.locations[0].physicalLocation.region.startLine));
  });
});

describe('github', () => {
  it('writes one escaped workflow command per finding, skips suppressed ones, and notes what was not checked', () => {
    const tricky = finding({ message: 'line one\nline two: 100% sure, really', loc: { file: path.join(root, 'a,b:c.yaml'), line: 2, column: 3, endLine: 2, endColumn: 9 } });
    const out = formatResult(
      {
        ...result([tricky, finding({ severity: 'warning', line: 5 }), finding({ line: 7, suppressed: { kind: 'metadata', loc: tricky.loc } })]),
        notices: [],
      },
      'github',
      options,
    );
    expect(out.split('\n')).toEqual([
      '::error file=a%2Cb%3Ac.yaml,line=2,endLine=2,col=3,endColumn=9,title=iam-admin-policy::line one%0Aline two: 100%25 sure, really',
      '::warning file=infra/my stack/tëmplate.yaml,line=5,endLine=5,col=5,endColumn=24,title=iam-admin-policy::Role R attaches AdministratorAccess.',
      '::notice file=loop,title=sls-lint::Not checked: symbolic link loop',
      '',
    ]);
  });

  it('keeps errors only with quiet', () => {
    const out = formatResult({ ...result([finding({ severity: 'warning' })]), skipped: [], notices: [] }, 'github', { ...options, quiet: true });
    expect(out).toBe('');
  });
});
