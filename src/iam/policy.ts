/**
 * `sls-lint policy`: the least-privilege policy each function's code needs, derived from its AWS
 * calls (`functionNeeds`) and written in the function's own format — SAM `Policies` (a policy
 * template where one covers the actions on one resource), a CloudFormation policy document,
 * serverless.yml `iam.role.statements`, a Terraform `aws_iam_policy_document`, or CDK
 * `addToRolePolicy` calls. A call whose resource is not known gets `"*"` with a comment saying so,
 * never a guess; a function whose calls may be incomplete says why.
 */
import path from 'node:path';
import type { StackModel } from '../model/types.js';
import { cdkRolePolicyStatement, resourceReference, narrowTemplate, type Needed } from './fix-hint.js';
import { functionNeeds } from './least-privilege.js';

export interface DerivedStatement {
  actions: string[];
  /** As the function's format writes a reference (`!GetAtt Jobs.Arn`, `aws_sqs_queue.jobs.arn`), or `"*"`. */
  resources: string[];
  /** Why the resource is `"*"` although the action names one: the call's target is not known statically. */
  unknown?: string;
  /** A SAM policy template that covers the statement (SAM only). */
  template?: string;
}

export interface DerivedPolicy {
  functionId: string;
  file: string;
  line: number;
  format: StackModel['format'];
  handler: string;
  statements: DerivedStatement[];
  /** Why the list may miss calls (a computed method name, a client handed to a package, …). */
  incomplete?: string;
}

export async function derivePolicies(stacks: StackModel[]): Promise<DerivedPolicy[]> {
  const policies: DerivedPolicy[] = [];
  for (const stack of stacks) {
    for (const fn of stack.functions) {
      const needs = await functionNeeds(stack, fn);
      if (!needs || fn.handlerLink?.status !== 'linked') continue;
      // One statement per resource (or per unknown target), its actions gathered.
      const byResource = new Map<string, { needed: Needed[]; unknown?: string }>();
      for (const { requirements } of needs.calls) {
        for (const judged of requirements ?? []) {
          const needed: Needed = { action: judged.requirement.action, target: judged.target, suffix: judged.suffix };
          const unknown = judged.target.arn === undefined ? judged.target.label : undefined;
          const reference = unknown ? '"*"' : resourceReference(stack, needed);
          const key = unknown ? `?${unknown}` : reference;
          const entry = byResource.get(key) ?? { needed: [], ...(unknown ? { unknown } : {}) };
          if (!entry.needed.some((n) => n.action === needed.action)) entry.needed.push(needed);
          byResource.set(key, entry);
        }
      }
      const statements: DerivedStatement[] = [];
      for (const [key, { needed, unknown }] of byResource) {
        const actions = needed.map((n) => n.action).sort();
        const statement: DerivedStatement = { actions, resources: [unknown ? '"*"' : key], ...(unknown ? { unknown } : {}) };
        const first = needed[0]!.target;
        if (fn.kind === 'sam' && !unknown && (first.resource || first.literal)) {
          const template = narrowTemplate(actions, first.resource, first.literal);
          if (template) statement.template = template;
        }
        statements.push(statement);
      }
      policies.push({
        functionId: fn.id,
        file: fn.loc.file,
        line: fn.loc.line,
        format: stack.format,
        handler: `${fn.handlerLink.file}:${fn.handlerLink.exportName}`,
        statements,
        ...(needs.incomplete ? { incomplete: needs.incomplete } : {}),
      });
    }
  }
  return policies;
}

/** The policies as text to paste, each in its function's format, with where it goes. */
export function formatPolicies(policies: DerivedPolicy[], cwd: string): string {
  if (!policies.length) return 'No function with linked handler code whose AWS calls sls-lint reads.\n';
  return policies.map((policy) => formatOne(policy, cwd)).join('\n');
}

function formatOne(policy: DerivedPolicy, cwd: string): string {
  const where = `${path.relative(cwd, policy.file) || policy.file}:${policy.line}`;
  // A CDK app in Python gets Python: its stack file says which language the app is written in.
  const python = policy.format === 'cdk' && policy.file.endsWith('.py');
  const comment = (policy.format === 'terraform' || policy.format === 'cdk') && !python ? '//' : '#';
  const lines = [`${comment} ${policy.functionId} (${where}), handler ${path.relative(cwd, policy.handler.split(':')[0]!)}`];
  if (policy.incomplete) lines.push(`${comment} may be incomplete: ${policy.incomplete}`);
  if (!policy.statements.length) {
    lines.push(`${comment} its code makes no AWS call that needs a permission`);
    return `${lines.join('\n')}\n`;
  }
  const note = (s: DerivedStatement) => (s.unknown ? `  ${comment} resource not known statically: ${s.unknown}` : '');
  switch (policy.format) {
    case 'terraform':
      lines.push(`data "aws_iam_policy_document" "${tfName(policy.functionId)}" {`);
      for (const s of policy.statements) {
        lines.push('  statement {', `    actions   = [${s.actions.map((a) => `"${a}"`).join(', ')}]`, `    resources = [${s.resources.join(', ')}]${note(s)}`, '  }');
      }
      lines.push('}');
      break;
    case 'serverless':
      // The provider role is shared: these are the function's entries, to merge into the list.
      lines.push(`${comment} entries for provider.iam.role.statements (or the function's iamRoleStatements):`);
      for (const s of policy.statements) {
        lines.push('- Effect: Allow', `  Action: [${s.actions.join(', ')}]`, `  Resource: ${s.resources.join(', ')}${note(s)}`);
      }
      break;
    case 'cdk':
      for (const s of policy.statements) {
        if (python) lines.push(`${cdkRolePolicyStatement(s.actions, s.resources.map(pythonCdkResource), 'python')}${note(s)}`);
        else lines.push(`${cdkRolePolicyStatement(s.actions, s.resources.map(cdkResource), 'typescript')};${note(s)}`);
      }
      break;
    case 'sam':
      lines.push('Policies:');
      for (const s of policy.statements) {
        if (s.template) lines.push(`  - ${s.template}`);
        else lines.push('  - Statement:', '      - Effect: Allow', `        Action: [${s.actions.join(', ')}]`, `        Resource: ${s.resources.join(', ')}${note(s)}`);
      }
      break;
    default:
      lines.push('PolicyDocument:', '  Version: "2012-10-17"', '  Statement:');
      for (const s of policy.statements) {
        lines.push('    - Effect: Allow', `      Action: [${s.actions.join(', ')}]`, `      Resource: ${s.resources.join(', ')}${note(s)}`);
      }
  }
  return `${lines.join('\n')}\n`;
}

/** CDK code names resources by their constructs, which the lowered template does not keep: say which. */
function cdkResource(reference: string): string {
  if (reference === '"*"') return "'*'";
  const logical = constructOf(reference);
  return logical ? `/* the ARN of ${logical} */` : reference.replace(/^"|"$/g, "'");
}

/** The same in Python, which has no inline comment: a placeholder string that names the construct. */
function pythonCdkResource(reference: string): string {
  if (reference === '"*"') return '"*"';
  const logical = constructOf(reference);
  return logical ? `"<the ARN of ${logical}>"` : `"${reference.replace(/^"|"$/g, '')}"`;
}

/** The logical ID a resource reference names (`!GetAtt Orders.Arn`, `${Orders}`), if any. */
function constructOf(reference: string): string | undefined {
  return /^!(?:GetAtt|Ref) ([A-Za-z0-9]+)/.exec(reference)?.[1] ?? /\$\{([A-Za-z0-9]+)/.exec(reference)?.[1];
}

function tfName(id: string): string {
  return id.replace(/[^A-Za-z0-9_]/g, '_').replace(/^_+|_+$/g, '') || 'function';
}

export function policiesAsJson(policies: DerivedPolicy[], cwd: string): string {
  return `${JSON.stringify(
    policies.map((p) => ({ ...p, file: path.relative(cwd, p.file) || p.file, handler: path.relative(cwd, p.handler) })),
    null,
    2,
  )}\n`;
}

