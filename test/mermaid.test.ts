/** --format mermaid: the linked app as a flowchart, findings marked where they are, large apps capped. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { GraphFunction } from '../src/engine/graph.js';
import type { Finding, LintResult } from '../src/engine/result.js';
import { lint } from '../src/engine/run.js';
import { renderMermaid } from '../src/report/mermaid.js';
import { loadPinnedConfig } from './support/pinned-config.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

const loc = (file: string, line: number, endLine = line) => ({ file, line, column: 3, endLine, endColumn: 9 });
const fn = (id: string, line: number, extra: Partial<GraphFunction> = {}): GraphFunction => ({
  id,
  stack: '/app/template.yaml',
  loc: loc('/app/template.yaml', line),
  block: loc('/app/template.yaml', line, line + 9),
  source: undefined,
  triggers: [],
  failures: [],
  ...extra,
});
const finding = (ruleId: string, message: string, file: string, line: number, extra: Partial<Finding> = {}): Finding => ({
  ruleId,
  messageId: 'm',
  severity: 'warning',
  message,
  loc: loc(file, line),
  logicalPath: `/x/${line}`,
  ...extra,
});
const app = (functions: GraphFunction[], findings: Finding[]): LintResult => ({
  root: '/app',
  cwd: '/app',
  findings,
  skipped: [],
  notices: [],
  handlers: [],
  rules: [],
  stats: { filesSeen: 1, templates: 1, functions: functions.length, bytesRead: 1 },
  graph: { functions },
});
/** The label of the node whose label starts with `start`, and the class it is given. */
function node(chart: string, start: string): { label: string; cls: string | undefined } {
  const match = new RegExp(`^\\s+(n\\d+)[\\[(/]+"(${start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^"]*)"`, 'm').exec(chart);
  if (!match) throw new Error(`no node ${start} in\n${chart}`);
  return { label: match[2]!, cls: new RegExp(`^\\s+class ${match[1]} (\\w+)$`, 'm').exec(chart)?.[1] };
}

describe('mermaid', () => {
  it('draws the bundled example: functions by template, their triggers and DLQs, findings marked', async () => {
    const dir = path.join(repo, 'examples', 'orders');
    const chart = renderMermaid(await lint({ cwd: dir, paths: ['.'], config: await loadPinnedConfig(dir) }));
    expect(chart.split('\n')[0]).toBe('flowchart LR');
    expect(chart).toMatch(/subgraph n\d+\["examples\/orders\/template\.yaml"\]/);
    for (const id of ['CreateOrderFunction', 'FulfilOrderFunction', 'ReceiptFunction', 'AuditFunction', 'NightlyReportFunction', 'LoyaltyPointsFunction']) expect(chart).toContain(`λ ${id}`);
    expect(node(chart, 'λ FulfilOrderFunction')).toMatchObject({ cls: 'error' });
    // "dynamodb:*" on "*" is one problem, reported once by iam-wildcard-action.
    expect(node(chart, 'λ FulfilOrderFunction').label).toContain('iam-wildcard-action');
    // The Python consumer: its client on the function, the repeated effect on the queue's edge that feeds it.
    expect(node(chart, 'λ LoyaltyPointsFunction').label).toContain('client-in-handler');
    expect(chart).toMatch(/-->\|"PaidOrders ⚠ idempotent-consumer"\|/);
    expect(node(chart, 'SQS OrdersQueue')).toMatchObject({ cls: 'error' });
    expect(chart).toMatch(/-->\|"CreateOrder ⚠ function-timeout"\|/);
    expect(chart).toMatch(/-\.->\|"DLQ"\| n\d+/);
  });

  it('attaches a finding to the function it is in, whose handler it is in, or that it names, and to no other', () => {
    const chart = renderMermaid(
      app(
        [fn('OrdersFn', 10, { source: '/app/src/orders.mjs' }), fn('OrdersFnV2', 20), fn('ReportFn', 30)],
        [
          finding('client-in-handler', 'Client built on every invocation of function OrdersFnV2 (through db() in db.mjs).', '/app/src/lib/db.mjs', 4),
          finding('heavy-import', 'lodash is imported at module scope.', '/app/src/orders.mjs', 1),
          finding('function-memory', 'Function ReportFn uses the default memory.', '/app/template.yaml', 31, { severity: 'error' }),
          // In another template, at a line inside ReportFn's block here: not ReportFn's.
          finding('log-retention', 'Function Other has no log group.', '/app/other.yaml', 32),
        ],
      ),
    );
    expect(node(chart, 'λ OrdersFn<br/>')).toMatchObject({ cls: 'warning' });
    expect(node(chart, 'λ OrdersFn<br/>').label).toBe('λ OrdersFn<br/>⚠ heavy-import');
    expect(node(chart, 'λ OrdersFnV2').label).toBe('λ OrdersFnV2<br/>⚠ client-in-handler');
    expect(node(chart, 'λ ReportFn')).toEqual({ label: 'λ ReportFn<br/>⚠ function-memory', cls: 'error' });
    expect(chart).not.toContain('log-retention');
  });

  it('shares a queue between its consumers, shortens ARNs and escapes labels', () => {
    const queue = { kind: 'sqs' as const, name: 'Jobs', peer: 'JobsQueue', loc: loc('/app/template.yaml', 12) };
    const chart = renderMermaid(
      app(
        [
          fn('A', 10, { triggers: [queue] }),
          fn('B', 20, { triggers: [{ ...queue, name: 'Jobs"Again' }], failures: [{ kind: 'on-failure', name: 'OnFailure', peer: 'arn:aws:sqs:eu-west-1:123456789012:failed-jobs', loc: loc('/app/template.yaml', 25) }] }),
        ],
        [],
      ),
    );
    expect(chart.match(/SQS JobsQueue/g)).toHaveLength(1);
    expect(chart).toContain('"Jobs#quot;Again"');
    expect(chart).toContain('[/"failed-jobs"/]');
    expect(chart).not.toContain('123456789012');
  });

  it('stays readable for 50 functions: functions with findings first, the rest counted', () => {
    const functions = Array.from({ length: 50 }, (_, i) => fn(`Fn${i}`, 10 + i * 10));
    const findings = [finding('async-dlq', 'Function Fn49 has no DLQ.', '/app/template.yaml', 500)];
    const chart = renderMermaid(app(functions, findings), 40);
    expect(chart.match(/λ Fn\d+/g)).toHaveLength(40);
    expect(chart).toContain('λ Fn49<br/>⚠ async-dlq');
    expect(chart).toContain('"10 more functions without findings not drawn; see the report for their findings"');
    const busy = renderMermaid(app(functions, functions.map((f, i) => finding('async-dlq', `Function ${f.id} has no DLQ.`, '/app/template.yaml', f.loc.line + (i % 2)))), 40);
    expect(busy).toContain('"10 more functions (10 with findings) not drawn');
    expect(renderMermaid(app(functions, []), 60)).not.toContain('not drawn');
  });
});
