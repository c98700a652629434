/**
 * The GitHub job summary (`$GITHUB_STEP_SUMMARY`): counts per rule and severity, the top findings
 * linked to their lines, the handlers that could not be linked and why, and a diagram of the app.
 * Built from the JSON report (the documented contract) plus the graph for the diagram.
 */
import path from 'node:path';
import type { LintResult } from '../engine/result.js';
import type { RuleMeta } from '../engine/rule.js';
import { FAMILY_LABELS } from '../report/families.js';
import { renderMermaid } from '../report/mermaid.js';

/** The fields of the JSON report (docs/formats.md) the summary reads. */
export interface JsonReport {
  root: string;
  summary: { errors: number; warnings: number; suppressed: number; templates: number; functions: number };
  findings: { ruleId: string; severity: 'error' | 'warning'; message: string; file: string; line: number; column: number; suppressed?: unknown }[];
  handlers: { function: string; file: string; line: number; status: string; reason?: string }[];
}

export interface SummaryContext {
  /** Where the repository is checked out (`GITHUB_WORKSPACE`); links are made for files inside it. */
  workspace: string | undefined;
  /** `GITHUB_SERVER_URL/GITHUB_REPOSITORY/blob/GITHUB_SHA`, when all three are set. */
  blobBase: string | undefined;
  preset: string;
}

export const TOP_FINDINGS = 15;
/** A corpus can have hundreds of unlinked handlers; the summary lists enough to see the pattern. */
export const MAX_UNLINKED = 30;

export function renderJobSummary(report: JsonReport, result: LintResult, context: SummaryContext): string {
  const metas = new Map<string, RuleMeta>(result.rules.map((meta) => [meta.name, meta]));
  const open = report.findings.filter((f) => !f.suppressed);
  const { errors, warnings, templates, functions, suppressed } = report.summary;
  const out: string[] = [];
  const verdict = errors + warnings === 0 ? 'no problems' : `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  out.push(`## sls-lint: ${verdict}`, '');
  const linked = report.handlers.filter((h) => h.status === 'linked').length;
  const notLinked = report.handlers.filter((h) => h.status === 'not-linked');
  out.push(
    `${plural(templates, 'template')}, ${plural(functions, 'function')}; ${linked} of ${linked + notLinked.length} handlers linked to source; preset \`${context.preset}\`${suppressed ? `; ${suppressed} suppressed` : ''}.`,
  );

  if (open.length) {
    out.push('', '### Findings by rule', '', '| rule | family | errors | warnings |', '|---|---|--:|--:|');
    const byRule = new Map<string, { errors: number; warnings: number }>();
    for (const f of open) {
      const counts = byRule.get(f.ruleId) ?? { errors: 0, warnings: 0 };
      if (f.severity === 'error') counts.errors++;
      else counts.warnings++;
      byRule.set(f.ruleId, counts);
    }
    const rows = [...byRule].sort(([a, x], [b, y]) => y.errors - x.errors || y.warnings - x.warnings || (a < b ? -1 : 1));
    for (const [ruleId, counts] of rows) {
      const meta = metas.get(ruleId);
      const name = meta ? `[\`${ruleId}\`](${meta.url})` : `\`${ruleId}\``;
      out.push(`| ${name} | ${meta ? FAMILY_LABELS[meta.family] : ''} | ${counts.errors} | ${counts.warnings} |`);
    }

    const top = [...open].sort((a, b) => Number(b.severity === 'error') - Number(a.severity === 'error')).slice(0, TOP_FINDINGS);
    out.push('', `### Top findings`, '', '| | where | finding | rule |', '|---|---|---|---|');
    for (const f of top) {
      const where = `${f.file}:${f.line}`;
      const link = linkTo(report.root, f.file, f.line, context);
      out.push(`| ${f.severity === 'error' ? '🔴 error' : '🟡 warning'} | ${link ? `[${cell(where)}](${link})` : cell(where)} | ${cell(shorten(f.message, 300))} | \`${f.ruleId}\` |`);
    }
    if (open.length > top.length) out.push('', `${open.length - top.length} more in the step's log (and in code scanning, with upload-sarif).`);
  }

  if (notLinked.length) {
    out.push('', '### Handlers that could not be linked', '', 'Their code was not checked: the source rules need to know which file a function runs.', '', '| function | declared in | why |', '|---|---|---|');
    for (const h of notLinked.slice(0, MAX_UNLINKED)) {
      const link = linkTo(report.root, h.file, h.line, context);
      const where = `${h.file}:${h.line}`;
      out.push(`| ${cell(h.function)} | ${link ? `[${cell(where)}](${link})` : cell(where)} | ${cell(h.reason ?? 'not linked')} |`);
    }
    if (notLinked.length > MAX_UNLINKED) out.push('', `${notLinked.length - MAX_UNLINKED} more: the JSON report (\`--format json\`) lists every handler.`);
  }

  if (result.graph?.functions.length) {
    out.push('', '### The app as sls-lint linked it', '', 'Red and amber mark the functions, resources and triggers with findings.', '', '```mermaid', renderMermaid(result), '```');
  }
  return `${out.join('\n')}\n`;
}

function linkTo(root: string, file: string, line: number, context: SummaryContext): string | undefined {
  if (!context.blobBase || !context.workspace) return undefined;
  const inRepo = path.relative(context.workspace, path.resolve(root, file)).split(path.sep).join('/');
  if (inRepo.startsWith('..') || path.isAbsolute(inRepo)) return undefined;
  return `${context.blobBase}/${inRepo.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

/** A table cell: pipes and line breaks would end it, and HTML would render. */
function cell(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/[\r\n]+/g, ' ');
}

function shorten(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1)}…`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
