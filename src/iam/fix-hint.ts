/**
 * The statement to add, written the way the function's own file writes permissions: a SAM policy
 * template (or statement) under the function's `Policies`, a statement in a CloudFormation role, an
 * `iam.role.statements` entry in serverless.yml, a `statement` block of a Terraform
 * `aws_iam_policy_document`, or a CDK `addToRolePolicy`.
 */
import type { FunctionModel, ResourceModel, StackModel } from '../model/types.js';
import { resourceKind } from './resources.js';
import { NARROW_TEMPLATES } from './sam-policy-templates.js';
import type { RoleGrants } from './grants.js';
import type { ResolvedTarget } from './targets.js';

export interface Needed {
  action: string;
  target: ResolvedTarget;
  /** The part after the resource's ARN: `/index/ByCustomer`, `/${?key}` (an object key). */
  suffix: string;
}

/** How a SAM policy template parameter takes a resource of the stack. */
const TEMPLATE_VALUE: Record<string, (id: string) => string> = {
  TableName: (id) => `!Ref ${id}`,
  BucketName: (id) => `!Ref ${id}`,
  QueueName: (id) => `!GetAtt ${id}.QueueName`,
  TopicName: (id) => `!GetAtt ${id}.TopicName`,
  FunctionName: (id) => `!Ref ${id}`,
  StateMachineName: (id) => `!GetAtt ${id}.Name`,
  EventBusName: (id) => `!Ref ${id}`,
};

/** Template parameters that take a resource's plain name, as a literal in the code may give it. */
const NAME_PARAMETERS = new Set(['TableName', 'BucketName', 'FunctionName']);

/**
 * The narrowest SAM policy template that grants every one of these actions on one resource: a
 * resource of the stack, or a plain name the code writes (`loyalty-ledger`).
 */
export function narrowTemplate(actions: string[], resource: ResourceModel | undefined, literalName?: string): string | undefined {
  const service = resourceKind(resource)?.service ?? (literalName ? actions[0]?.slice(0, actions[0].indexOf(':')) : undefined);
  if (!service || (!resource && !literalName)) return undefined;
  const lower = actions.map((a) => a.toLowerCase());
  const fits = NARROW_TEMPLATES.find((t) => t.service === service && lower.every((a) => t.actions.some((granted) => granted.toLowerCase() === a || (granted.endsWith('*') && a.startsWith(granted.slice(0, -1).toLowerCase())))));
  if (!fits) return undefined;
  if (resource) {
    const value = TEMPLATE_VALUE[fits.parameter];
    return value ? `${fits.template}: { ${fits.parameter}: ${value(resource.id)} }` : undefined;
  }
  return NAME_PARAMETERS.has(fits.parameter) && /^[A-Za-z0-9_.-]+$/.test(literalName!) ? `${fits.template}: { ${fits.parameter}: ${literalName} }` : undefined;
}

/** A resource reference in the file's format. */
export function resourceReference(stack: StackModel, needed: Needed): string {
  const { resource, arn } = needed.target;
  const suffix = needed.suffix.replace(/\$\{\?[^}]*\}/g, '*');
  const kind = resourceKind(resource);
  if (resource && kind) {
    const byRef = kind.ref === 'arn';
    switch (stack.format) {
      case 'terraform':
        return suffix ? `"\${${resource.id}.arn}${suffix}"` : `${resource.id}.arn`;
      case 'serverless': {
        const whole = byRef ? `{ Ref: ${resource.id} }` : `{ "Fn::GetAtt": [${resource.id}, Arn] }`;
        return suffix ? `{ "Fn::Join": ["", [${whole}, "${suffix}"]] }` : whole;
      }
      default:
        if (suffix) return `!Sub "\${${resource.id}${byRef ? '' : '.Arn'}}${suffix}"`;
        return byRef ? `!Ref ${resource.id}` : `!GetAtt ${resource.id}.Arn`;
    }
  }
  if (arn === '*') return '"*"';
  if (!arn) return `<the ARN of ${needed.target.label}>`;
  const text = (arn + '').replace(/\$\{\?[^}]*\}/g, '*');
  if (stack.format === 'sam' || stack.format === 'cloudformation') return text.includes('${') ? `!Sub "${text}"` : `"${text}"`;
  return `"${text.replace('${AWS::Partition}', 'aws').replace(/\$\{AWS::(Region|AccountId)\}/g, '*')}"`;
}

/** The fix for a function whose role lacks these actions, in its file's format. */
export function statementToAdd(stack: StackModel, fn: FunctionModel, role: RoleGrants, needed: Needed[]): string {
  const actions = [...new Set(needed.map((n) => n.action))];
  const resources = [...new Set(needed.map((n) => resourceReference(stack, n)))];
  const actionList = actions.length === 1 ? actions[0]! : `[${actions.join(', ')}]`;
  const resourceList = resources.length === 1 ? resources[0]! : `[${resources.join(', ')}]`;
  switch (stack.format) {
    case 'terraform':
      return `statement { actions = [${actions.map((a) => `"${a}"`).join(', ')}] resources = [${resources.join(', ')}] } to the policy document of ${role.roleId ?? 'its role'}`;
    case 'serverless': {
      const where = role.roleId && role.roleId !== 'IamRoleLambdaExecution' ? `the iamRoleStatements of function ${fn.id}` : 'provider.iam.role.statements';
      return `{ Effect: Allow, Action: ${actionList}, Resource: ${resourceList} } to ${where}`;
    }
    case 'cdk':
      return `${cdkRolePolicyStatement(actions, ['...'], 'typescript')} (or the resource construct's grant method) for ${fn.id}`;
    default: {
      if (role.roleId) return `{ Effect: Allow, Action: ${actionList}, Resource: ${resourceList} } to a policy of role ${role.roleId}`;
      const same = needed.length > 0 && needed.every((n) => n.target.resource === needed[0]!.target.resource && n.target.literal === needed[0]!.target.literal);
      const template = same ? narrowTemplate(actions, needed[0]!.target.resource, needed[0]!.target.literal) : undefined;
      return template ? `${template} to the Policies of ${fn.id}` : `- Statement: [{ Effect: Allow, Action: ${actionList}, Resource: ${resourceList} }] to the Policies of ${fn.id}`;
    }
  }
}

/**
 * A CDK statement that adds `actions` on `resources` (code, written as is) to a function's role, in
 * the app's language. The printed policies (iam/policy.ts) and the fix hints of Python apps
 * (model/cdk-python-spelling.ts) write it in Python.
 */
export function cdkRolePolicyStatement(actions: string[], resources: string[], language: 'typescript' | 'python'): string {
  if (language === 'python') return `fn.add_to_role_policy(iam.PolicyStatement(actions=[${actions.map((a) => `"${a}"`).join(', ')}], resources=[${resources.join(', ')}]))`;
  return `fn.addToRolePolicy(new PolicyStatement({ actions: [${actions.map((a) => `'${a}'`).join(', ')}], resources: [${resources.join(', ')}] }))`;
}
