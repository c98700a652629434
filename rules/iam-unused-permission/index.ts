import { createRule, docsUrl } from '../../src/engine/rule.js';
import { expandAction, type ActionFacts } from '../../src/iam/actions.js';
import { matchResource } from '../../src/iam/arn-match.js';
import { actionMatches, literal, type Grant } from '../../src/iam/grants.js';
import { functionNeeds, type FunctionNeeds } from '../../src/iam/least-privilege.js';
import { NARROW_TEMPLATES } from '../../src/iam/sam-policy-templates.js';
import type { FunctionModel, PolicyStatement, StackModel, Value } from '../../src/model/types.js';
import { get, walk, type Loc } from '../../src/parse/tree.js';

export const ruleName = 'iam-unused-permission';

/** What the code needs, as the grants are judged against it: an action on a resource (undefined: not known). */
interface Use {
  action: string;
  arn: string | undefined;
}

const JUDGED_LEVELS = new Set(['Write', 'Permissions management']);

/**
 * Actions the Lambda service or a framework uses through the role without the code calling them:
 * logs, traces, VPC interfaces, event-source pollers, dead-letter queues and destinations, the keys
 * that encrypt environment variables and queues. A grant of one of them is never reported.
 */
const SERVICE_USED = [
  'logs:*', 'xray:*', 'ec2:*NetworkInterface*', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses', 'ec2:Describe*',
  'sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ChangeMessageVisibility*',
  'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:Describe*', 'kinesis:List*', 'kinesis:SubscribeToShard',
  'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams',
  'kms:Decrypt', 'kms:GenerateDataKey*', 'iam:PassRole', 'cloudwatch:PutMetricData',
];
/** Used by Lambda itself when the function has a dead-letter queue or async destinations. */
const DESTINATION_USED = ['sqs:SendMessage', 'sns:Publish', 'lambda:InvokeFunction', 'events:PutEvents'];

export default createRule({
  meta: {
    name: ruleName,
    family: 'iam',
    reads: 'iac+source',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'A function\'s role grants write or permission actions that its code never uses',
      full:
        'When sls-lint knows every AWS call a function\'s code makes (no dynamic method names, no SDK wrappers it does not read), a statement, SAM policy template or connector of its role that grants write, delete or permission-management actions no call uses is excess privilege: a compromised or buggy function can do more than it was written to do. Only the role\'s own grants are judged, and only when every function that runs with it has fully known calls. Read-only extras are not findings, and neither are the permissions that SAM, the framework or Lambda itself use (logs, pollers, dead-letter queues, destinations, VPC interfaces).',
      help:
        'Remove the actions the code does not call, or replace a SAM policy template or connector by the narrower one the message names (`DynamoDBReadPolicy` instead of `DynamoDBCrudPolicy`, `Permissions: [Read]`). If a tool outside the code uses the role (an operator, a script), suppress with the reason.',
    },
    tags: ['security', 'iam', 'least-privilege'],
    precision: 'medium',
    securitySeverity: '5.0',
    messages: {
      unusedAction:
        '{{holder}} grants {{action}}{{granted}}, which no call of {{fns}} uses ({{used}}). Remove it.',
      unusedTemplate:
        'SAM policy template {{template}} grants {{writes}}, which the code of function {{fn}} does not use (it {{uses}}): {{advice}}.',
      unusedConnector:
        'Connector {{connector}} grants {{permission}} access to {{destination}}, but the code of function {{fn}} only {{uses}}: {{advice}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  async check({ stack, report }) {
    const needs = new Map<string, FunctionNeeds | undefined>();
    for (const fn of stack.functions) needs.set(fn.id, await functionNeeds(stack, fn));
    const complete = (ids: string[]) => ids.length > 0 && ids.every((id) => {
      const n = needs.get(id);
      return n !== undefined && !n.role.unknown && !n.incomplete;
    });
    const uses = (ids: string[]) => ids.flatMap((id) => usesOf(needs.get(id)!));
    const describeUses = (used: Use[], services: string[]) => {
      const actions = [...new Set(used.filter((u) => services.includes(service(u.action))).map((u) => u.action))];
      return actions.length ? `the code calls ${actions.join(', ')}` : `the code makes no ${services.join('/')} call`;
    };

    // Statements: one finding per unused action item.
    const seen = new Set<PolicyStatement>();
    for (const fn of stack.functions) {
      const own = needs.get(fn.id);
      if (!own || own.role.unknown) continue;
      for (const grant of own.role.grants) {
        if (grant.origin.kind !== 'statement' || grant.effect !== 'Allow' || seen.has(grant.origin.statement)) continue;
        const statement = grant.origin.statement;
        seen.add(statement);
        if (!complete(statement.functions) || usedElsewhere(stack, statement)) continue;
        // A CDK grant method (`table.grantWriteData(fn)`) adds its actions as one set: no action of it can
        // be removed on its own, and there is no narrower write grant to suggest, so it is not judged by action.
        if (stack.format === 'cdk' && /^grant[A-Z]/.test(literal(get(statement.node, 'Sid')) ?? '')) continue;
        const used = uses(statement.functions);
        for (const item of statement.actions) {
          if (!item.known || item.value === '*') continue;
          const writes = (await expandAction(item.value))?.filter((a) => JUDGED_LEVELS.has(a.accessLevel)) ?? [];
          if (!writes.length || writes.some((a) => serviceUsed(a.action, statement.functions, stack))) continue;
          if (writes.some((a) => used.some((u) => u.action.toLowerCase() === a.action.toLowerCase() && resourceMayMatch(grant, u)))) continue;
          // Code that makes no call to the service at all may reach it through a library sls-lint
          // does not read (an ORM, a database driver): only a service the code is seen to use is judged.
          if (!used.some((u) => service(u.action) === service(item.value))) continue;
          report({
            messageId: 'unusedAction',
            node: item.node!,
            data: {
              holder: holderName(stack, statement),
              action: item.value,
              granted: isPattern(item) ? ` (${describeWrites(writes)})` : '',
              fns: functionList(statement.functions),
              used: describeUses(used, [service(item.value)]),
            },
            assumptions: item.assumptions,
          });
        }
      }
    }

    // SAM policy templates and connectors: judged as a whole, against the narrower one that would do.
    for (const fn of stack.functions) {
      const own = needs.get(fn.id);
      if (!own || !complete([fn.id]) || usedByOthers(stack, fn)) continue;
      const used = uses([fn.id]);
      for (const use of stack.policyTemplates) {
        if (use.functionId !== fn.id) continue;
        const grants = own.role.grants.filter((g) => g.origin.kind === 'policy-template' && g.origin.use === use);
        const narrow = NARROW_TEMPLATES.filter((t) => t.template === use.name)[0];
        if (!grants.length || !narrow) continue;
        const writes = await writeActions(grants.flatMap((g) => g.actions));
        if (!writes.length || writes.some((a) => serviceUsed(a.action, [fn.id], stack))) continue;
        const calls = callsThrough(grants, used);
        const writeCount = async (actions: string[]) => (await writeActions(actions)).length;
        let narrower: (typeof NARROW_TEMPLATES)[number] | undefined;
        for (const candidate of NARROW_TEMPLATES) {
          if (candidate.service !== narrow.service || candidate.parameter !== narrow.parameter || candidate.template === use.name) continue;
          if (!calls.every((c) => candidate.actions.some((a) => actionMatches(a, c.action)))) continue;
          if ((await writeCount(candidate.actions)) >= writes.length) continue;
          if (!narrower || (await writeCount(candidate.actions)) < (await writeCount(narrower.actions))) narrower = candidate;
        }
        if (calls.length && !narrower) continue;
        // The code calls the template's action on another resource, and the role allows it nowhere:
        // iam-missing-permission reports that call and points at this template, the one problem it is.
        const deniedElsewhere = own.calls.some((c) => c.requirements?.some((r) => r.decision === 'not-allowed' && writes.some((w) => w.action.toLowerCase() === r.requirement.action.toLowerCase())));
        if (!calls.length && deniedElsewhere) continue;
        if (!calls.length && !used.some((u) => service(u.action) === narrow.service)) continue;
        report({
          messageId: 'unusedTemplate',
          loc: use.loc,
          path: `${fn.resource.node.path}/Policies/${use.name}`,
          data: {
            template: use.name,
            writes: describeWrites(writes.filter((w) => !calls.some((c) => c.action.toLowerCase() === w.action.toLowerCase()))),
            fn: fn.id,
            uses: calls.length ? `calls ${[...new Set(calls.map((c) => c.action))].join(', ')} through it` : `makes no call it grants`,
            advice: calls.length
              ? `${narrower!.template} with the same ${narrow.parameter} covers every call`
              : `remove it, or give it the ${narrow.parameter} the code uses`,
          },
        });
      }
      const connectors = new Map<string, { grants: Grant[]; loc: Loc; permissions: string[]; destination: string }>();
      for (const grant of own.role.grants) {
        if (grant.origin.kind !== 'connector') continue;
        const entry = connectors.get(grant.origin.id) ?? { grants: [], loc: grant.origin.loc, permissions: grant.origin.permissions, destination: grant.origin.destination };
        entry.grants.push(grant);
        connectors.set(grant.origin.id, entry);
      }
      for (const [id, connector] of connectors) {
        if (!connector.permissions.includes('Write')) continue;
        const calls = callsThrough(connector.grants, used);
        const writes = await writeActions(connector.grants.flatMap((g) => g.actions));
        if (calls.some((c) => writes.some((w) => w.action.toLowerCase() === c.action.toLowerCase()))) continue;
        if (writes.some((a) => serviceUsed(a.action, [fn.id], stack))) continue;
        const destinationService = service(connector.grants[0]?.actions[0] ?? ':');
        if (!calls.length && !used.some((u) => service(u.action) === destinationService)) continue;
        const readOnly = connector.permissions.includes('Read') && calls.length > 0;
        report({
          messageId: 'unusedConnector',
          loc: connector.loc,
          path: `${fn.resource.node.path}/Connectors/${id}`,
          data: {
            connector: id,
            permission: connector.permissions.join(' and '),
            destination: connector.destination,
            fn: fn.id,
            uses: calls.length ? `reads it (${[...new Set(calls.map((c) => c.action))].join(', ')})` : 'makes no call to it',
            advice: readOnly ? 'Permissions: [Read] covers every call' : 'remove it, or point it at the resource the code uses',
          },
        });
      }
    }
  },
});

function service(action: string): string {
  return action.slice(0, action.indexOf(':')).toLowerCase();
}

function usesOf(needs: FunctionNeeds): Use[] {
  return needs.calls.flatMap((c) => (c.requirements ?? []).map((r) => ({ action: r.requirement.action, arn: r.target.arn })));
}

function resourceMayMatch(grant: Grant, use: Use): boolean {
  return use.arn === undefined || grant.resources.some((pattern) => matchResource(pattern, use.arn!) !== 'no');
}

/** The calls that may go through these grants. */
function callsThrough(grants: Grant[], used: Use[]): Use[] {
  return used.filter((u) => grants.some((g) => g.actions.some((a) => actionMatches(a, u.action)) && resourceMayMatch(g, u)));
}

async function writeActions(patterns: string[]): Promise<ActionFacts[]> {
  const found = new Map<string, ActionFacts>();
  for (const pattern of patterns) for (const facts of (await expandAction(pattern)) ?? []) if (JUDGED_LEVELS.has(facts.accessLevel)) found.set(facts.action, facts);
  return [...found.values()];
}

function describeWrites(writes: ActionFacts[]): string {
  const shown = writes.slice(0, 3).map((a) => a.action);
  return shown.join(', ') + (writes.length > 3 ? ` and ${writes.length - 3} more` : '');
}

function isPattern(item: Value<string>): boolean {
  return item.known && /[*?]/.test(item.value);
}

function functionList(ids: string[]): string {
  return ids.length === 1 ? `function ${ids[0]}` : `functions ${ids.join(', ')}`;
}

function holderName(stack: StackModel, statement: PolicyStatement): string {
  if (statement.holder.kind === 'sam-function') return `The Policies of function ${statement.holder.id}`;
  if (stack.format === 'serverless' && statement.holder.id === 'IamRoleLambdaExecution') return 'The provider role (provider.iam.role)';
  return `${statement.holder.kind === 'role' ? 'Role' : 'Policy'} ${statement.holder.id}`;
}

/** An action Lambda or the framework uses for a function with this configuration. */
function serviceUsed(action: string, functionIds: string[], stack: StackModel): boolean {
  if (SERVICE_USED.some((pattern) => actionMatches(pattern, action))) return true;
  const fns = stack.functions.filter((f) => functionIds.includes(f.id));
  // Event source mappings send failed batches to their on-failure destination with the function's role.
  const destinations = fns.some((f) => f.deadLetter || f.asyncOnFailure || f.triggers.some((t) => t.onFailure) || f.resource.properties?.entries.some((e) => e.key === 'EventInvokeConfig'));
  const invokeConfigs = [...stack.resources.values()].some((r) => r.type === 'AWS::Lambda::EventInvokeConfig');
  return (destinations || invokeConfigs) && DESTINATION_USED.some((pattern) => actionMatches(pattern, action));
}

/**
 * The role or policy is referenced by something other than the functions that run with it (a
 * state machine, a pipeline, an instance profile): whatever that uses it for is not in the code.
 */
function usedElsewhere(stack: StackModel, statement: PolicyStatement): boolean {
  const roleIds = new Set<string>();
  if (statement.holder.kind === 'role') roleIds.add(statement.holder.id);
  for (const fn of stack.functions.filter((f) => statement.functions.includes(f.id))) if (fn.role && 'id' in fn.role && fn.role.id) roleIds.add(fn.role.id);
  const policyTypes = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy', 'AWS::IAM::InstanceProfile']);
  for (const resource of stack.resources.values()) {
    if (policyTypes.has(resource.type) && resource.type !== 'AWS::IAM::InstanceProfile') continue;
    const isFunction = stack.functions.some((f) => f.resource === resource && statement.functions.includes(f.id));
    if (isFunction || roleIds.has(resource.id)) continue;
    let referenced = false;
    walk(resource.node, (node) => {
      if (node.kind !== 'fn' || referenced) return;
      const text = JSON.stringify(node.arg, (key, value: unknown) => (key === 'loc' || key === 'path' ? undefined : value));
      if ([...roleIds].some((id) => text.includes(`"${id}"`) || text.includes(`${id}.`) || text.includes(`\${${id}}`))) referenced = true;
    });
    if (referenced) return true;
  }
  return false;
}

/** A SAM function whose generated role another resource names (`!GetAtt FnRole.Arn`). */
function usedByOthers(stack: StackModel, fn: FunctionModel): boolean {
  const generatedRole = `${fn.id}Role`;
  for (const resource of stack.resources.values()) {
    if (resource === fn.resource) continue;
    let referenced = false;
    walk(resource.node, (node) => {
      if (node.kind === 'fn' && JSON.stringify(node.arg, (key, value: unknown) => (key === 'loc' || key === 'path' ? undefined : value)).includes(generatedRole)) referenced = true;
    });
    if (referenced) return true;
  }
  return false;
}

