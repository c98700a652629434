/**
 * SARIF 2.1.0 as GitHub code scanning ingests it: repository-relative URIs against %SRCROOT%,
 * 1-based regions with an exclusive end column in UTF-16 code units, rules with help in text and
 * Markdown, security-severity for security rules, and fingerprints that survive moved lines.
 */
import { pathToFileURL } from 'node:url';
import type { Finding, LintResult } from '../engine/result.js';
import type { RuleMeta } from '../engine/rule.js';
import { fingerprints } from './fingerprint.js';
import type { FormatOptions } from './index.js';
import { rootRelativePaths } from './paths.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/** GitHub rejects runs with more results than this. */
export const MAX_SARIF_RESULTS = 25_000;
const INFORMATION_URI = 'https://github.com/sls-lint/sls-lint';

export function formatSarif(result: LintResult, options: FormatOptions): string {
  const rel = rootRelativePaths(result.root);

  // Fingerprints come from the full, engine-ordered list so that they match the JSON report's even
  // when truncation below drops or reorders findings (their occurrence counters depend on order).
  const allPrints = fingerprints(result.findings, (f) => rel(f.loc.file));
  let kept = result.findings.map((finding, i) => ({ finding, print: allPrints[i] }));
  const notifications: object[] = [];
  if (kept.length > MAX_SARIF_RESULTS) {
    // Keep the most severe; suppressed findings go last since they change nothing for the build.
    const rank = (f: Finding) => (f.suppressed ? 2 : f.severity === 'error' ? 0 : 1);
    kept = kept.sort((a, b) => rank(a.finding) - rank(b.finding)).slice(0, MAX_SARIF_RESULTS);
    notifications.push({
      level: 'warning',
      message: { text: `sls-lint found ${result.findings.length} results; only the ${MAX_SARIF_RESULTS} most severe are in this file (GitHub code scanning accepts at most ${MAX_SARIF_RESULTS} per run).` },
    });
  }

  const findings = kept.map((k) => k.finding);
  const prints = kept.map((k) => k.print);
  const metas = rulesFor(result.rules, findings);
  const ruleIndex = new Map(metas.map((meta, i) => [meta.name, i]));

  const artifact = (file: string) => ({ uri: encodeUri(rel(file)), uriBaseId: '%SRCROOT%' });
  for (const skipped of result.skipped) {
    notifications.push({
      level: 'warning',
      message: { text: `Not checked: ${skipped.reason}` },
      locations: [{ physicalLocation: { artifactLocation: artifact(skipped.path) } }],
    });
  }
  for (const notice of result.notices) {
    notifications.push({
      level: 'warning',
      message: { text: notice.message },
      ...(notice.path ? { locations: [{ physicalLocation: { artifactLocation: artifact(notice.path) } }] } : {}),
    });
  }

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'sls-lint',
            version: options.toolVersion,
            semanticVersion: options.toolVersion,
            informationUri: INFORMATION_URI,
            rules: metas.map(describeRule),
          },
        },
        // The analysis category GitHub files the alerts under (upload-sarif's `category` overrides it).
        automationDetails: { id: 'sls-lint/' },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        originalUriBaseIds: { '%SRCROOT%': { uri: `${pathToFileURL(result.root).href.replace(/\/?$/, '/')}` } },
        columnKind: 'utf16CodeUnits',
        results: findings.map((finding, i) => ({
          ruleId: finding.ruleId,
          ruleIndex: ruleIndex.get(finding.ruleId)!,
          level: finding.severity === 'error' ? 'error' : 'warning',
          message: { text: finding.message },
          locations: [{ physicalLocation: { artifactLocation: artifact(finding.loc.file), region: region(finding) } }],
          partialFingerprints: { primaryLocationLineHash: prints[i] },
          ...(finding.suppressed
            ? { suppressions: [{ kind: 'inSource', ...(finding.suppressed.justification ? { justification: finding.suppressed.justification } : {}) }] }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** The enabled rules, plus a descriptor for any rule a finding names that is not among them. */
function rulesFor(rules: RuleMeta[], findings: Finding[]): RuleMeta[] {
  const out = [...rules];
  const known = new Set(rules.map((r) => r.name));
  for (const finding of findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    out.push({
      name: finding.ruleId,
      family: 'engine',
      reads: 'iac',
      defaultLevel: finding.severity === 'error' ? 'error' : 'warn',
      url: INFORMATION_URI,
      docs: { short: finding.ruleId, full: finding.ruleId, help: finding.ruleId },
      tags: [],
      precision: 'high',
      messages: {},
    });
  }
  return out;
}

function describeRule(meta: RuleMeta) {
  return {
    id: meta.name,
    name: toPascalCase(meta.name),
    shortDescription: { text: meta.docs.short },
    fullDescription: { text: meta.docs.full },
    help: { text: markdownToText(meta.docs.help), markdown: meta.docs.help },
    helpUri: meta.url,
    defaultConfiguration: { level: meta.defaultLevel === 'error' ? 'error' : 'warning' },
    properties: {
      tags: meta.tags,
      precision: meta.precision,
      ...(meta.securitySeverity ? { 'security-severity': meta.securitySeverity } : {}),
    },
  };
}

function region(finding: Finding) {
  const { line, column } = finding.loc;
  let { endLine, endColumn } = finding.loc;
  if (endLine < line || (endLine === line && endColumn <= column)) {
    endLine = line;
    endColumn = column + 1;
  }
  return { startLine: line, startColumn: column, endLine, endColumn };
}

function encodeUri(relativePath: string): string {
  return relativePath.split('/').map(encodeURIComponent).join('/');
}

function toPascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_m, _dash, ch: string) => ch.toUpperCase());
}

/** Plain text for SARIF `help.text`: keep words and URLs, drop Markdown punctuation. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[a-z]*\n?/g, '')
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/^#+\s*/gm, '')
    .trim();
}
