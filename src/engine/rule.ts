/**
 * The rule contract.
 *
 * A rule is data plus one `check` function: metadata (cfn-lint's id, descriptions, source URL and
 * tags; SARIF's precision and security-severity), message templates keyed by id
 * (typescript-eslint), an options schema with defaults, and the check itself.
 */
import type { Loc, TNode } from '../parse/tree.js';
import type { AppModel, Assumption, FunctionModel, StackModel } from '../model/types.js';
import type { HandlerFacts, SourceFrontend } from '../source/facts.js';

export type RuleLevel = 'error' | 'warn' | 'off';
/** `recommended` (the default) holds the rules whose findings are defects; `all` adds the best-practice opinions. */
export type PresetName = 'recommended' | 'all';
export type ReportedSeverity = 'error' | 'warning';

export type RuleFamily =
  | 'cold-start'
  | 'clients'
  | 'iam'
  | 'secrets'
  | 'timeouts-and-dlq'
  | 'idempotency'
  | 'best-practice'
  | 'engine';

export interface RuleDocs {
  /** One line, no trailing period: SARIF `shortDescription`. */
  short: string;
  /** A paragraph: what is flagged and why it matters. SARIF `fullDescription`. */
  full: string;
  /** How to fix it, in Markdown. SARIF `help.markdown` (the plain-text `help.text` is derived). */
  help: string;
}

export interface RuleMeta {
  name: string;
  family: RuleFamily;
  /** What the rule reads; source rules also run in the ESLint plugin. */
  reads: 'iac' | 'source' | 'iac+source';
  defaultLevel: Exclude<RuleLevel, 'off'>;
  /**
   * The smallest preset that enables the rule; `recommended` when absent. Opinions a team may
   * reasonably not share belong to `all`, so the default run opens with defects only.
   */
  preset?: PresetName;
  docs: RuleDocs;
  /** The rule's documentation page. */
  url: string;
  tags: string[];
  /** SARIF `precision`: how often a finding is a true positive. */
  precision: 'very-high' | 'high' | 'medium' | 'low';
  /** CVSS-like score as a string ("8.0") for security rules; GitHub ranks alerts by it. */
  securitySeverity?: string;
  /** Message templates; `{{name}}` is replaced from the report's `data`. */
  messages: Record<string, string>;
  /** JSON Schema (draft-07) for the rule's options object. */
  schema?: Record<string, unknown>;
  /**
   * Rules whose finding this rule's finding already says when both report the same `subject` (an
   * IAM statement with `Action: "*"` on `Resource: "*"`): one problem gets one finding, and this
   * rule's message names the other aspect. The other rule still speaks when this one is off or
   * does not report that subject.
   */
  speaksFor?: string[];
  /**
   * Clouds besides AWS whose facts the rule knows. A rule without one never sees a stack or a
   * handler of that cloud: its AWS facts (limits, defaults, fixes) would not hold there.
   */
  platforms?: ('azure' | 'gcp')[];
}

/** Whether a rule knows the facts of a stack's or function's cloud (absent: AWS, which every rule knows). */
export function knowsPlatform(meta: RuleMeta, platform: 'azure' | 'gcp' | undefined): boolean {
  return platform === undefined || (meta.platforms ?? []).includes(platform);
}

export interface ReportDescriptor {
  messageId: string;
  data?: Record<string, string | number>;
  /** The node that holds the problem; its location and structural path are used. */
  node?: TNode;
  /** Where to point when there is no node (a missing property points at the resource's logical ID). */
  loc?: Loc;
  /** Structural path for fingerprints when `node` is not given, e.g. `Resources/Fn`. */
  path?: string;
  /** Parameter defaults the finding relies on; the message says so. */
  assumptions?: Assumption[];
  /**
   * The construct the problem is about when another rule may report the same problem from another
   * angle (the IAM statement whose action and resource are both wildcards); see `RuleMeta.speaksFor`.
   */
  subject?: TNode;
  /**
   * Severity for this particular finding when the user has not set the rule's level: lets one rule
   * carry an error (a deployment that fails) and a warning (a risky default) at once.
   */
  severity?: ReportedSeverity;
}

export type Report = (descriptor: ReportDescriptor) => void;

export interface RuleContext<Options> {
  app: AppModel;
  stack: StackModel;
  options: Options;
  report: Report;
}

/**
 * A handler to check, as the facts its language's frontend recorded: the same for every language,
 * so a source rule is written once.
 */
export interface SourceRuleContext<Options> {
  facts: HandlerFacts;
  /** What importing a package costs at cold start, measured where the handler's language installs it. */
  measureImport: SourceFrontend['measureImport'];
  /** The template functions that use this handler (empty when no template links it). */
  functions: FunctionModel[];
  /** How messages name the handler: `function OrdersFn, ReportFn`, or `handler resize in src/resize.ts` without a template. */
  handlerLabel: string;
  options: Options;
  report: Report;
}

export interface Rule<Options = Record<string, never>> {
  meta: RuleMeta;
  defaultOptions: Options;
  /** IaC rules: called once per stack (template) of the application model. */
  check?(context: RuleContext<Options>): void | Promise<void>;
  /**
   * Source rules: called once per handler, in the CLI and in the ESLint plugin alike. Synchronous,
   * because ESLint rules are.
   */
  checkSource?(context: SourceRuleContext<Options>): void;
}

const DOCS_BASE = 'https://github.com/sls-lint/sls-lint/blob/main/docs/rules/';

export function docsUrl(name: string): string {
  return `${DOCS_BASE}${name}.md`;
}

/** Identity helper that fixes the options type and fills in defaults shared by every rule. */
export function createRule<Options>(rule: Rule<Options>): Rule<Options> {
  return rule;
}

/**
 * How messages name a handler: the template functions that use it; without a template, its export
 * and file (`handler in lambda-fns/sqs.ts`, `handler resize in src/images.ts`), never "handler handler".
 */
export function handlerLabel(functions: FunctionModel[], handler: { exportName: string; file: string }): string {
  if (functions.length) return `function ${functions.map((f) => f.id).join(', ')}`;
  const named = handler.exportName === 'handler' ? 'handler' : `handler ${handler.exportName}`;
  const [folder, file] = handler.file.split(/[\\/]/).slice(-2);
  return `${named} in ${folder ? `${folder}/` : ''}${file}`;
}

export function formatMessage(template: string, data: Record<string, string | number> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (key in data ? String(data[key]) : whole));
}
