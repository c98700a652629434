/** ESLint-style report: findings grouped by file (errors first), aligned columns, a summary line with counts per rule family. */
import path from 'node:path';
import { Chalk } from 'chalk';
import { countBySeverity, handlerCoverage, type Finding, type HandlerCoverage, type LintResult } from '../engine/result.js';
import type { UnreadCategory } from '../model/types.js';
import { toPosix } from '../discover/index.js';
import { countByFamily } from './families.js';
import type { FormatOptions } from './index.js';

export function formatStylish(result: LintResult, options: FormatOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const visible = result.findings.filter((f) => !f.suppressed && (!options.quiet || f.severity === 'error'));
  const byFile = new Map<string, Finding[]>();
  for (const finding of visible) {
    const list = byFile.get(finding.loc.file) ?? [];
    list.push(finding);
    byFile.set(finding.loc.file, list);
  }

  const out: string[] = [];
  for (const [file, inFile] of byFile) {
    // Errors first: the reader meets what fails the build before the advice. The sort is stable, so each keeps its line order.
    const findings = [...inFile].sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
    out.push('', c.underline(toPosix(path.relative(result.cwd, file)) || path.basename(file)));
    const rows = findings.map((f) => [`${f.loc.line}:${f.loc.column}`, f.severity, f.message, f.ruleId] as const);
    const positionWidth = Math.max(...rows.map((r) => r[0].length));
    for (const [position, severity, message, ruleId] of rows) {
      const label = severity === 'error' ? c.red('error  ') : c.yellow('warning');
      out.push(`  ${c.dim(position.padEnd(positionWidth))}  ${label}  ${message}  ${c.dim(ruleId)}`);
    }
  }

  const { errors, warnings } = countBySeverity(visible);
  const total = errors + warnings;
  const { templates, functions, azureApps = 0 } = result.stats;
  // An Azure Functions app is read from host.json and code, not from a template: counted as an app.
  const templateCount = templates - azureApps;
  const scope = [
    ...(templateCount || !azureApps ? [`${templateCount} template${templateCount === 1 ? '' : 's'}`] : []),
    ...(azureApps ? [`${azureApps} Azure Functions app${azureApps === 1 ? '' : 's'}`] : []),
    `${functions} function${functions === 1 ? '' : 's'}`,
  ].join(', ');
  if (total > 0) {
    const colour = errors > 0 ? c.red.bold : c.yellow.bold;
    out.push('', colour(`✖ ${total} problem${total === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'})`) + c.dim(` in ${scope}`));
    out.push(`  ${countByFamily(visible, result.rules).map(({ label, count }) => `${count} ${label}`).join(' · ')}`);
  } else {
    out.push(c.dim(`✔ no problems (${scope})`));
  }
  const suppressed = result.findings.filter((f) => f.suppressed).length;
  if (suppressed) out.push(c.dim(`  ${suppressed} suppressed`));

  const coverage = handlerCoverage(result);
  if (coverage.total || coverage.cdkAppsNotSynthesized) {
    out.push(c.dim(`  ${coverageLine(coverage)}`));
    // Each handler that should have been read and was not, with why; the categories above cover the rest.
    for (const h of result.handlers.filter((h) => h.status === 'not-linked')) {
      out.push(c.dim(`    ${h.functionId} (${toPosix(path.relative(result.cwd, h.loc.file))}:${h.loc.line}): ${h.reason}`));
    }
  }

  if (result.skipped.length || result.notices.length) {
    out.push('', c.dim('Not checked:'));
    for (const s of result.skipped) out.push(c.dim(`  ${toPosix(path.relative(result.cwd, s.path))}: ${s.reason}`));
    for (const n of result.notices) out.push(c.dim(`  ${n.path ? `${toPosix(path.relative(result.cwd, n.path))}: ` : ''}${n.message}`));
  }
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

/** Singular and plural, in the order the summary lists them. */
const UNREAD_LABELS: [UnreadCategory, string, string][] = [
  ['runtime-not-analysed', 'with a runtime not analysed yet', 'with a runtime not analysed yet'],
  ['prebuilt-package', 'prebuilt package', 'prebuilt packages'],
  ['container-image', 'container image', 'container images'],
  ['inline-code', 'inline code', 'inline code'],
  ['missing-file', 'missing file', 'missing files'],
  ['export-not-found', 'export not found', 'exports not found'],
  ['other', 'other', 'other'],
];

/** `12 of 14 handlers linked to source (9 JavaScript/TypeScript, 3 Python); not read: 2 container images`. */
export function coverageLine(coverage: HandlerCoverage): string {
  const { total, linked, linkedByLanguage, notRead, cdkAppsNotSynthesized } = coverage;
  let line = `${linked} of ${total} handler${total === 1 ? '' : 's'} linked to source`;
  // JavaScript-only runs read as they always have; the split is news once Python is read too.
  if (linkedByLanguage.python) {
    const parts = [linkedByLanguage.javascript ? `${linkedByLanguage.javascript} JavaScript/TypeScript` : '', `${linkedByLanguage.python} Python`].filter(Boolean);
    line += ` (${parts.join(', ')})`;
  }
  const unread = UNREAD_LABELS.filter(([category]) => notRead[category]).map(([category, one, many]) => `${notRead[category]} ${notRead[category] === 1 ? one : many}`);
  if (cdkAppsNotSynthesized) unread.push(`${cdkAppsNotSynthesized} CDK app${cdkAppsNotSynthesized === 1 ? '' : 's'} without synth output`);
  if (!total) return `not read: ${unread.join(', ')}`;
  return unread.length ? `${line}; not read: ${unread.join(', ')}` : line;
}
