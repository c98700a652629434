/** Runs the enabled rules over the application model and turns their reports into findings. */
import { describeAssumptions } from '../model/evaluate.js';
import type { AppModel, ResourceModel, StackModel } from '../model/types.js';
import { getPath, isScalar, locContains, type Loc } from '../parse/tree.js';
import type { Finding, Notice } from './result.js';
import { formatMessage, knowsPlatform, type ReportDescriptor, type ReportedSeverity, type Rule, type RuleMeta } from './rule.js';

export interface EnabledRule {
  // Rules differ in their options type; the config layer has validated each against its schema.
  rule: Rule<any>;
  level: 'error' | 'warn';
  options: unknown;
  /** The user set the level explicitly, which overrides per-finding severities. */
  configured: boolean;
}

export async function checkStacks(app: AppModel, enabled: EnabledRule[]): Promise<{ findings: Finding[]; notices: Notice[] }> {
  const findings: Finding[] = [];
  const notices: Notice[] = [];
  for (const stack of app.stacks) {
    const reported: Reported[] = [];
    for (const entry of enabled) {
      if (!entry.rule.check || !knowsPlatform(entry.rule.meta, stack.platform)) continue;
      try {
        await entry.rule.check({
          app,
          stack,
          options: entry.options,
          report: (descriptor) => reported.push({ finding: toFinding(entry, stack, descriptor), rule: entry.rule.meta, subject: subjectKey(descriptor) }),
        });
      } catch (error) {
        // A rule bug must not cost the user the other rules' findings.
        notices.push({
          message: `rule ${entry.rule.meta.name} failed on this file and was skipped for it: ${(error as Error).message}`,
          path: stack.file,
        });
      }
    }
    findings.push(...oneFindingPerProblem(reported));
  }
  return { findings, notices };
}

interface Reported {
  finding: Finding;
  rule: RuleMeta;
  subject: string | undefined;
}

function subjectKey(descriptor: ReportDescriptor): string | undefined {
  const { subject } = descriptor;
  return subject && `${subject.loc.file}#${subject.path}#${subject.loc.line}:${subject.loc.column}`;
}

/** Drops a finding when another rule that speaks for it reported the same subject (see `RuleMeta.speaksFor`). */
function oneFindingPerProblem(reported: Reported[]): Finding[] {
  const speakers = new Map<string, Set<string>>();
  for (const { rule, subject } of reported) {
    if (!subject || !rule.speaksFor?.length) continue;
    let rules = speakers.get(subject);
    if (!rules) speakers.set(subject, (rules = new Set()));
    for (const name of rule.speaksFor) rules.add(name);
  }
  return reported.filter(({ rule, subject }) => !(subject && speakers.get(subject)?.has(rule.name))).map((r) => r.finding);
}

export function toFinding(entry: EnabledRule, stack: StackModel | undefined, descriptor: ReportDescriptor): Finding {
  const { meta } = entry.rule;
  const template = meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${meta.name} reported unknown messageId ${descriptor.messageId}`);
  const loc = descriptor.node?.loc ?? descriptor.loc;
  if (!loc) throw new Error(`rule ${meta.name} reported ${descriptor.messageId} without a location`);
  const levelSeverity: ReportedSeverity = entry.level === 'error' ? 'error' : 'warning';
  const logicalPath = descriptor.node?.path ?? descriptor.path;
  const resource = resourceAt(stack, loc, logicalPath);
  return {
    ruleId: meta.name,
    messageId: descriptor.messageId,
    severity: entry.configured ? levelSeverity : (descriptor.severity ?? levelSeverity),
    message: formatMessage(template, descriptor.data) + describeAssumptions(descriptor.assumptions ?? []) + constructSuffix(resource),
    loc,
    logicalPath: logicalPath ?? `${stack?.file ?? loc.file}#${loc.line}`,
    ...(resource ? { resource: resourceName(stack!, resource) } : {}),
  };
}

/**
 * The name a user knows the resource by. serverless.yml generates the execution roles: a statement
 * under `provider.iam.role` belongs to the provider, one under a function's `iamRoleStatements` to
 * that function, not to `IamRoleLambdaExecution`, which the file never names.
 */
function resourceName(stack: StackModel, resource: ResourceModel): string {
  if (stack.format !== 'serverless' || !resource.id.endsWith('IamRoleLambdaExecution')) return resource.id;
  if (resource.id === 'IamRoleLambdaExecution') return 'provider';
  const owner = stack.functions.find((fn) => fn.role && 'id' in fn.role && fn.role.id === resource.id);
  return owner?.id ?? resource.id;
}

/** The resource whose block holds the finding (its logical ID, serverless.yml function key or Terraform address). */
function resourceAt(stack: StackModel | undefined, loc: Loc, logicalPath: string | undefined): ResourceModel | undefined {
  if (!stack) return undefined;
  // A Terraform module called twice puts two resources at one place: the reported node says which.
  const named = logicalPath && stack.format === 'terraform'
    ? [...stack.resources.values()].find((r) => r.node.path && (logicalPath === r.node.path || logicalPath.startsWith(`${r.node.path}/`)) && locContains(r.blockLoc, loc))
    : undefined;
  if (named) return named;
  let found: ResourceModel | undefined;
  for (const resource of stack.resources.values()) {
    // Containment compares files too: a Terraform module's resources are spread over several.
    if (!locContains(resource.blockLoc, loc)) continue;
    // A finding at a resource's key is about that resource; lowered formats may declare two at one key
    // (a serverless.yml function and its log group): the first declared, the function, is meant.
    if (resource.loc.line === loc.line && resource.loc.column === loc.column) return resource;
    // Nested blocks: the innermost holds it. Two resources of one block (a Terraform module called twice): the first call's.
    if (!found || (locContains(found.blockLoc, resource.blockLoc) && !locContains(resource.blockLoc, found.blockLoc))) found = resource;
  }
  if (found) return found;
  // A CDK construct built inside the user's own construct: the place it is instantiated stands for it.
  const anchored = [...stack.resources.values()].filter((r) => r.alsoAt?.some((at) => locContains(at, loc)));
  return anchored.find((r) => logicalPath !== undefined && (logicalPath === r.node.path || logicalPath.startsWith(`${r.node.path}/`))) ?? anchored[0];
}

/**
 * CDK output: the finding is located in the synthesized template, which the user did not write; the
 * construct path (`OrdersStack/OrdersHandler`) says which construct in their code to change.
 */
function constructSuffix(resource: ResourceModel | undefined): string {
  const cdkPath = resource && getPath(resource.node, 'Metadata', 'aws:cdk:path');
  if (isScalar(cdkPath) && typeof cdkPath.value === 'string') return ` [construct ${cdkPath.value.replace(/\/(Resource|Default)$/, '')}]`;
  return '';
}
