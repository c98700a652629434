import type { PolicyStatement, ResourceModel, StackModel } from '../model/types.js';
import { get, isMap, isScalar, isSeq, type TNode } from '../parse/tree.js';
import { actionPatternRegExp, type ActionFacts } from './actions.js';

/**
 * An Allow statement whose `Resource` is literally `"*"` and that no `Condition` narrows: what it
 * allows, it allows on every resource. With a condition (aws:ResourceTag, aws:SourceArn, …) the
 * scope is not known, and neither IAM rule claims it.
 */
export function allowsOnEveryResource(statement: PolicyStatement): boolean {
  if (!statement.effect?.known || statement.effect.value !== 'Allow' || statement.hasCondition) return false;
  return statement.resourceKey === 'Resource' && statement.resources.some((r) => r.known && r.value === '*');
}

/**
 * Service principals whose role AWS documents as needing an action on `Resource: "*"`, because the
 * service calls it on something that has no ARN. Checked 2026-12-04 against the AWS documentation.
 */
const SERVICE_ROLE_WILDCARDS: Record<string, { actions: string[]; why: string }> = {
  // Amazon Cognito user pools: the SMS role (SmsConfiguration.SnsCallerArn) publishes to phone numbers.
  'cognito-idp.amazonaws.com': { actions: ['sns:Publish'], why: 'Cognito publishes SMS messages to phone numbers, which have no ARN' },
};

/**
 * Why `Resource: "*"` is what AWS requires for this action in this statement, or undefined:
 * - the statement's role can be assumed only by services that call the action on something with no
 *   ARN (a Cognito user pool's SMS role publishes to phone numbers);
 * - a Deny for the action, on the same holder or the same functions, covers every ARN the IAM data
 *   says the action can name, so the Allow grants only calls that name no resource (an SMS-only
 *   publisher that denies `arn:aws:sns:*:*:*`).
 */
export function wildcardRequired(stack: StackModel, statement: PolicyStatement, facts: ActionFacts): string | undefined {
  const services = statement.holder.kind === 'role' ? trustedServices(stack.resources.get(statement.holder.id)) : undefined;
  if (services?.length && services.every((service) => SERVICE_ROLE_WILDCARDS[service]?.actions.some((a) => a.toLowerCase() === facts.action.toLowerCase()))) {
    return SERVICE_ROLE_WILDCARDS[services[0]!]!.why;
  }
  if (facts.resourceArns.length === 0) return undefined;
  for (const deny of stack.statements) {
    if (deny === statement || !deniesEveryArn(deny, facts)) continue;
    const sameHolder = deny.holder.id === statement.holder.id;
    const sameFunctions = statement.functions.length > 0 && statement.functions.every((fn) => deny.functions.includes(fn));
    if (sameHolder || sameFunctions) return `a Deny at line ${deny.loc.line} takes every ARN of ${facts.action} out of it`;
  }
  return undefined;
}

function deniesEveryArn(deny: PolicyStatement, facts: ActionFacts): boolean {
  if (!deny.effect?.known || deny.effect.value !== 'Deny' || deny.hasCondition) return false;
  if (deny.actionKey !== 'Action' || deny.resourceKey !== 'Resource') return false;
  if (!deny.actions.some((a) => a.known && (a.value === '*' || actionPatternRegExp(a.value).test(facts.action)))) return false;
  const patterns = deny.resourceTexts.map(arnPatternRegExp);
  return facts.resourceArns.every((format) => patterns.some((pattern) => pattern.test(sampleArn(format))));
}

/** An ARN format from the IAM data with every variable filled in, as a resource of that type would read. */
function sampleArn(format: string): string {
  const samples: Record<string, string> = { Partition: 'aws', Region: 'us-east-1', Account: '123456789012' };
  return format.replace(/\$\{([^}]+)\}/g, (_, name: string) => samples[name] ?? 'example');
}

/**
 * `*` and `?` as IAM matches them in a Resource. `${AWS::Partition}` matches any partition (a stack
 * lives in one); any other part not known before deployment, `${AWS::Region}` included (other
 * regions stay allowed), matches nothing, so it never widens a Deny.
 */
function arnPatternRegExp(pattern: string): RegExp {
  const source = pattern
    .split(/(\$\{[^}]*\}|\*|\?)/)
    .map((part) =>
      part === '*' || part === '${AWS::Partition}' ? '.*' : part.startsWith('${') ? '(?!)' : part === '?' ? '.' : part.replace(/[.+^$()|[\]\\{}]/g, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`);
}

/** The service principals that may assume a role, when only services may; undefined when anyone else may, or it is not known. */
function trustedServices(role: ResourceModel | undefined): string[] | undefined {
  if (!role || role.type !== 'AWS::IAM::Role') return undefined;
  const statements = get(get(role.properties, 'AssumeRolePolicyDocument'), 'Statement');
  const services: string[] = [];
  for (const statement of isSeq(statements) ? statements.items : statements ? [statements] : []) {
    if (scalarText(get(statement, 'Effect')) !== 'Allow') continue;
    const principal = get(statement, 'Principal');
    if (!isMap(principal) || principal.entries.length !== 1 || principal.entries[0]!.key !== 'Service') return undefined;
    const value = principal.entries[0]!.value;
    for (const item of isSeq(value) ? value.items : [value]) {
      const text = scalarText(item);
      if (text === undefined) return undefined;
      services.push(text);
    }
  }
  return services.length ? services : undefined;
}

function scalarText(node: TNode | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}
