/** What a run produces, independent of how it is reported. */
import type { SourceLanguage, StackModel, UnreadCategory } from '../model/types.js';
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
  /** A CDK app (its cdk.json) with no cloud assembly: none of its functions is known, so none is read. */
  category?: 'cdk-not-synthesized';
}

/** How one function's handler was linked to its source, for the run summary. */
export interface HandlerSummary {
  functionId: string;
  /** The function's logical ID in its template. */
  loc: Loc;
  status: 'linked' | 'not-linked' | 'not-applicable';
  source?: string;
  exportName?: string;
  /** Linked handlers: the language of `source`. */
  language?: SourceLanguage;
  reason?: string;
  /** Handlers not read: why, grouped for the summary. */
  category?: UnreadCategory;
}

/** Language families as the summary names them: JavaScript and TypeScript are read alike. */
export type LanguageFamily = 'javascript' | 'python';

/** How much of the code the run read, for the summary line and the JSON `summary.handlers`. */
export interface HandlerCoverage {
  /** Every function of every template read. */
  total: number;
  linked: number;
  linkedByLanguage: Record<LanguageFamily, number>;
  /** Functions whose code was not read, by why; every category present has a count above zero. */
  notRead: Partial<Record<UnreadCategory, number>>;
  /** CDK apps without a cloud assembly: their functions are not even counted in `total`. */
  cdkAppsNotSynthesized: number;
}

export function handlerCoverage(result: Pick<LintResult, 'handlers' | 'skipped'>): HandlerCoverage {
  const coverage: HandlerCoverage = { total: result.handlers.length, linked: 0, linkedByLanguage: { javascript: 0, python: 0 }, notRead: {}, cdkAppsNotSynthesized: 0 };
  for (const handler of result.handlers) {
    if (handler.status === 'linked') {
      coverage.linked++;
      coverage.linkedByLanguage[handler.language === 'python' ? 'python' : 'javascript']++;
    } else {
      const category = handler.category ?? 'other';
      coverage.notRead[category] = (coverage.notRead[category] ?? 0) + 1;
    }
  }
  coverage.cdkAppsNotSynthesized = result.skipped.filter((s) => s.category === 'cdk-not-synthesized').length;
  return coverage;
}

export interface LintStats {
  /** The result was served by `--cache` from an identical earlier run. */
  fromCache?: boolean;
  filesSeen: number;
  templates: number;
  /** Of `templates`, Azure Functions apps (a host.json with its function.json files and code). */
  azureApps?: number;
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
  /** Paths as given that are missing or hold nothing sls-lint reads (each also in `skipped`). */
  unmatched?: string[];
  notices: Notice[];
  handlers: HandlerSummary[];
  stats: LintStats;
  /** The models checked, only when the caller asked to keep them (`LintOptions.keepModels`). */
  stacks?: StackModel[];
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
