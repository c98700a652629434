/** The JSON report: a versioned, documented contract (docs/formats.md). */
import { countBySeverity, handlerCoverage, type LintResult } from '../engine/result.js';
import { linkLanguage } from '../link/files.js';
import { fingerprints } from './fingerprint.js';
import type { FormatOptions } from './index.js';
import { rootRelativePaths } from './paths.js';

export const JSON_SCHEMA_VERSION = 1;

export function formatJson(result: LintResult, options: FormatOptions): string {
  const rel = rootRelativePaths(result.root);
  const prints = fingerprints(result.findings, (f) => rel(f.loc.file));
  const { errors, warnings } = countBySeverity(result.findings);
  const report = {
    schemaVersion: JSON_SCHEMA_VERSION,
    tool: { name: 'sls-lint', version: options.toolVersion },
    root: result.root,
    summary: {
      errors,
      warnings,
      suppressed: result.findings.filter((f) => f.suppressed).length,
      templates: result.stats.templates,
      // Of `templates`, Azure Functions apps (a host.json): read from configuration and code, not a template.
      azureApps: result.stats.azureApps ?? 0,
      functions: result.stats.functions,
      filesSeen: result.stats.filesSeen,
      handlers: handlerCoverage(result),
    },
    findings: result.findings.map((f, i) => ({
      ruleId: f.ruleId,
      messageId: f.messageId,
      severity: f.severity,
      message: f.message,
      file: rel(f.loc.file),
      line: f.loc.line,
      column: f.loc.column,
      endLine: f.loc.endLine,
      endColumn: f.loc.endColumn,
      ...(f.resource ? { resource: f.resource } : {}),
      fingerprint: prints[i],
      ...(f.suppressed ? { suppressed: { kind: f.suppressed.kind, ...(f.suppressed.justification ? { justification: f.suppressed.justification } : {}) } } : {}),
    })),
    handlers: result.handlers.map((h) => ({
      function: h.functionId,
      file: rel(h.loc.file),
      line: h.loc.line,
      column: h.loc.column,
      status: h.status,
      ...(h.source ? { source: rel(h.source), export: h.exportName, language: h.language ?? linkLanguage({ file: h.source }) } : { reason: h.reason, category: h.category ?? 'other' }),
    })),
    skipped: result.skipped.map((s) => ({ file: rel(s.path), reason: s.reason })),
    notices: result.notices.map((n) => ({ ...(n.path ? { file: rel(n.path) } : {}), message: n.message })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
