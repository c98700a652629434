/**
 * GitHub Actions workflow commands: one `::error`/`::warning` annotation per finding, for CI
 * without code scanning. Values are escaped as the runner expects (`%`, CR, LF; and `:`/`,` in
 * properties), so a message can never inject another command.
 */
import type { LintResult } from '../engine/result.js';
import type { FormatOptions } from './index.js';
import { rootRelativePaths } from './paths.js';

export function formatGithub(result: LintResult, options: FormatOptions): string {
  const rel = rootRelativePaths(result.root);
  const lines: string[] = [];
  for (const f of result.findings) {
    if (f.suppressed || (options.quiet && f.severity !== 'error')) continue;
    const properties = [
      `file=${escapeProperty(rel(f.loc.file))}`,
      `line=${f.loc.line}`,
      `endLine=${f.loc.endLine}`,
      `col=${f.loc.column}`,
      `endColumn=${f.loc.endColumn}`,
      `title=${escapeProperty(f.ruleId)}`,
    ].join(',');
    lines.push(`::${f.severity === 'error' ? 'error' : 'warning'} ${properties}::${escapeData(f.message)}`);
  }
  for (const s of result.skipped) lines.push(`::notice file=${escapeProperty(rel(s.path))},title=sls-lint::${escapeData(`Not checked: ${s.reason}`)}`);
  for (const n of result.notices) lines.push(`::notice ${n.path ? `file=${escapeProperty(rel(n.path))},` : ''}title=sls-lint::${escapeData(n.message)}`);
  return lines.length ? `${lines.join('\n')}\n` : '';
}

export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
