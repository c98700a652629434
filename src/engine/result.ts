/** What a run produces, independent of how it is reported. */
import type { Loc } from '../parse/tree.js';
import type { AppGraph } from './graph.js';
import type { ReportedSeverity, RuleMeta } from './rule.js';

export interface Suppression {
  kind: 'directive' | 'metadata';
  /** Text after `--` in a directive; absent for resource metadata. */
  justification?: string;
  /** Where the directive or metadata entry is written. */
  loc: Loc;
}

export interface Finding {
  ruleId: string;
  /** Which of the rule's messages this is; part of the JSON output contract. */
  messageId: string;
  severity: ReportedSeverity;
  /** Never contains a secret's value. */
  message: string;
  /** Absolute path in `loc.file`. */
  loc: Loc;
  /** Structural location (e.g. `/Resources/Fn/Properties/Timeout`) for fingerprints that survive moved lines. */
  logicalPath: string;
  /** The resource whose definition holds the finding: a logical ID, a serverless.yml function key, a Terraform address. */
  resource?: string;
  suppressed?: Suppression;
}

/** A file or folder left out of the run, and why; shown in the summary, never silently dropped. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

/** How one function's handler was linked to its source, for the run summary. */
export interface HandlerSummary {
  functionId: string;
  /** The function's logical ID in its template. */
  loc: Loc;
  status: 'linked' | 'not-linked' | 'not-applicable';
  source?: string;
  exportName?: string;
  reason?: string;
}

export interface LintStats {
  /** The result was served by `--cache` from an identical earlier run. */
  fromCache?: boolean;
  filesSeen: number;
  templates: number;
  functions: number;
  bytesRead: number;
}

/** Something the run could not do that is not a finding: a rule that failed on one stack, a folder it could not enter. */
export interface Notice {
  message: string;
  path?: string;
}

export interface LintResult {
  /** Project root: the git work tree that holds the first path, or the working directory. */
  root: string;
  cwd: string;
  findings: Finding[];
  skipped: SkippedEntry[];
  notices: Notice[];
  handlers: HandlerSummary[];
  stats: LintStats;
  /** Metadata of every rule that was enabled, in a stable order (SARIF `rules[]`). */
  rules: RuleMeta[];
  /** The linked application, for `--format mermaid` and the GitHub job summary. */
  graph?: AppGraph;
}

export function countBySeverity(findings: Finding[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const finding of findings) {
    if (finding.suppressed) continue;
    if (finding.severity === 'error') errors++;
    else warnings++;
  }
  return { errors, warnings };
}
