import { createRule, docsUrl } from '../../src/engine/rule.js';
import { ACCESS_LEVELS, actionPatternRegExp, everyActionHasScopable, expandAction, isWholeWildcard, type ActionFacts } from '../../src/iam/actions.js';
import { describeFunctions, describeHolder } from '../../src/iam/describe.js';
import { wildcardRequired } from '../../src/iam/statement.js';
import { resourceReference } from '../../src/iam/fix-hint.js';
import { actionMatches } from '../../src/iam/grants.js';
import { functionNeeds } from '../../src/iam/least-privilege.js';
import { get } from '../../src/parse/tree.js';
import type { Assumption, IacFormat, PolicyStatement, StackModel } from '../../src/model/types.js';

export const ruleName = 'iam-wildcard-resource';

/**
 * Low-risk actions that AWS's own managed policies for Lambda grant on "*" (AWSLambdaBasicExecutionRole,
 * AWSLambdaVPCAccessExecutionRole) and that templates commonly copy; flagging them is noise.
 */
const DEFAULT_ALLOWED_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'cloudwatch:PutMetricData',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

/**
 * Actions that read the data a resource holds (an object, a secret, a parameter, an item, a
 * plaintext), so `Resource: "*"` lets a function read every such resource in the account. Checked
 * in statements that a function's role receives; stream and queue pollers (`sqs:ReceiveMessage`,
 * `kinesis:GetRecords`), which AWS's own Lambda policies grant on "*", are not in the list.
 */
const DEFAULT_DATA_READ_ACTIONS = [
  's3:GetObject',
  's3:GetObjectVersion',
  'secretsmanager:GetSecretValue',
  'ssm:GetParameter',
  'ssm:GetParameters',
  'ssm:GetParametersByPath',
  'kms:Decrypt',
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:PartiQLSelect',
];

/** sns:Publish to a phone number names no topic: the one case where "*" is what the code needs. */
const SMS_NOTE =
  ' If it sends SMS to phone numbers, which have no ARN, keep "*" and deny sns:Publish on topic ARNs (Effect: Deny, Resource: "arn:aws:sns:*:*:*") so that it can publish SMS only.';

/**
 * How to name a resource of the template in a statement, per IAM service prefix and per format: the
 * fix the message suggests is written the way the user's file writes it.
 */
const ARN_OF_SERVICE: Record<string, { types: string[]; arn: 'Arn' | 'Ref'; objects?: boolean }> = {
  dynamodb: { types: ['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable'], arn: 'Arn' },
  sqs: { types: ['AWS::SQS::Queue'], arn: 'Arn' },
  sns: { types: ['AWS::SNS::Topic'], arn: 'Ref' },
  s3: { types: ['AWS::S3::Bucket'], arn: 'Arn', objects: true },
  kinesis: { types: ['AWS::Kinesis::Stream'], arn: 'Arn' },
  events: { types: ['AWS::Events::EventBus'], arn: 'Arn' },
  lambda: { types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'], arn: 'Arn' },
  states: { types: ['AWS::StepFunctions::StateMachine', 'AWS::Serverless::StateMachine'], arn: 'Ref' },
  secretsmanager: { types: ['AWS::SecretsManager::Secret'], arn: 'Ref' },
  kms: { types: ['AWS::KMS::Key'], arn: 'Arn' },
};

function arnReference(format: IacFormat, id: string, kind: 'Arn' | 'Ref', objects: boolean): string {
  switch (format) {
    case 'terraform':
      // Every Terraform resource exports its ARN as `.arn`.
      return objects ? `${id}.arn and "\${${id}.arn}/*"` : `${id}.arn`;
    case 'serverless':
      // serverless.yml statements take CloudFormation's long form; the short tags are not everywhere supported.
      return (kind === 'Ref' ? `{ Ref: ${id} }` : `{ "Fn::GetAtt": [${id}, Arn] }`) + (objects ? ` and { "Fn::Join": ["", [{ "Fn::GetAtt": [${id}, Arn] }, "/*"]] }` : '');
    default:
      return (kind === 'Ref' ? `!Ref ${id}` : `!GetAtt ${id}.Arn`) + (objects ? ` and !Sub "\${${id}.Arn}/*"` : '');
  }
}

/** SAM policy template parameters, and how to pass a resource of the template to each. */
const TEMPLATE_PARAMETER: Record<string, { types: string[]; value: (id: string) => string }> = {
  TableName: { types: ['AWS::DynamoDB::Table', 'AWS::Serverless::SimpleTable'], value: (id) => `!Ref ${id}` },
  BucketName: { types: ['AWS::S3::Bucket'], value: (id) => `!Ref ${id}` },
  QueueName: { types: ['AWS::SQS::Queue'], value: (id) => `!GetAtt ${id}.QueueName` },
  TopicName: { types: ['AWS::SNS::Topic'], value: (id) => `!GetAtt ${id}.TopicName` },
  StreamName: { types: ['AWS::Kinesis::Stream'], value: (id) => `!Ref ${id}` },
  FunctionName: { types: ['AWS::Lambda::Function', 'AWS::Serverless::Function'], value: (id) => `!Ref ${id}` },
  EventBusName: { types: ['AWS::Events::EventBus'], value: (id) => `!Ref ${id}` },
};

function firstOfType(stack: StackModel, types: string[]): string | undefined {
  // serverless.yml functions are named by their key, not by the logical ID a statement would reference.
  const generated = stack.format === 'serverless' ? new Set(stack.functions.map((f) => f.id)) : new Set<string>();
  for (const resource of stack.resources.values()) if (types.includes(resource.type) && !generated.has(resource.id)) return resource.id;
  return undefined;
}

/**
 * A resource of the user's own template that the actions work on, written in the template's format;
 * else the ARN format the IAM data gives for the first action's resource type.
 */
function resourceExample(stack: StackModel, actions: ActionFacts[]): string {
  for (const { action } of actions) {
    const service = ARN_OF_SERVICE[action.slice(0, action.indexOf(':'))];
    const id = service && firstOfType(stack, service.types);
    if (service && id) return arnReference(stack.format, id, service.arn, service.objects === true);
  }
  const format = actions.find((a) => a.resourceArns.length)?.resourceArns[0];
  return format ? `an ARN of the form ${arnPattern(format)}` : 'their ARNs';
}

/** `arn:${Partition}:events:${Region}:${Account}:event-bus/${EventBusName}` → `arn:aws:events:<region>:<account>:event-bus/<EventBusName>`. */
function arnPattern(format: string): string {
  return format.replace(/\$\{([^}]+)\}/g, (_, name: string) => (name === 'Partition' ? 'aws' : name === 'Region' ? '<region>' : name === 'Account' ? '<account>' : `<${name}>`));
}

function templateParameterExample(stack: StackModel, parameter: string): string {
  const known = TEMPLATE_PARAMETER[parameter];
  const id = known && firstOfType(stack, known.types);
  return known && id ? known.value(id) : '!Ref Table';
}

export interface Options {
  /** Access levels whose actions must be scoped to resources. */
  accessLevels: string[];
  /** Actions accepted on "*" (case-insensitive, `*` and `?` wildcards), replacing the default list. */
  allowedActions: string[];
  /** Data-reading actions that must not be granted on "*" to a function's role (exact names). */
  dataReadActions: string[];
}

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'iam',
    reads: 'iac',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'Write and permission actions must be scoped to resources, not "*"',
      full:
        'An Allow statement with `Resource: "*"` lets its write and permission-management actions act on every resource of that type in the account — every table, bucket, queue — when the function needs one or two. Only actions that support resource-level permissions are considered (per AWS IAM data), so `Resource: "*"` for actions such as `xray:PutTraceSegments` that cannot be scoped is not flagged. SAM policy templates given `"*"` as their resource name are the same problem.',
      help:
        'Name the resources: `Resource: !GetAtt OrdersTable.Arn`, `!Sub "${Bucket.Arn}/*"`, `!Ref Topic`. For SAM policy templates pass the resource name: `DynamoDBCrudPolicy: {TableName: !Ref OrdersTable}`.',
    },
    tags: ['security', 'iam', 'least-privilege'],
    precision: 'high',
    securitySeverity: '7.0',
    messages: {
      wildcardResource:
        '{{holder}} allows {{actions}} on every resource ("*"){{functions}}, though {{they}} can be scoped to specific resources. Name the resources the code uses, e.g. {{example}}.{{note}}',
      notResource:
        '{{holder}} allows {{actions}} on every resource except the ones under NotResource{{functions}}, including resources created later. Name the resources the code uses with Resource instead, e.g. {{example}}.',
      wildcardDataRead:
        '{{holder}} allows {{actions}} on every resource ("*"){{functions}}, so the function can read every {{what}} in the account. {{reads}}',
      policyTemplateWildcard:
        'SAM policy template {{template}} is given "*" as {{parameter}} for function {{fn}}, which grants its actions on every such resource in the account. Pass the resource the function uses, e.g. {{parameter}}: {{example}}.',
    },
    schema: {
      type: 'object',
      properties: {
        accessLevels: { type: 'array', items: { enum: [...ACCESS_LEVELS] }, minItems: 1, uniqueItems: true },
        allowedActions: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$' }, uniqueItems: true },
        dataReadActions: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9_-]+$' }, uniqueItems: true },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { accessLevels: ['Write', 'Permissions management'], allowedActions: DEFAULT_ALLOWED_ACTIONS, dataReadActions: DEFAULT_DATA_READ_ACTIONS },
  async check({ stack, options, report }) {
    const allowed = options.allowedActions.map(actionPatternRegExp);
    for (const statement of stack.statements) {
      if (!statement.effect?.known || statement.effect.value !== 'Allow' || statement.actionKey !== 'Action') continue;
      // A condition (aws:ResourceTag, aws:SourceArn, …) often scopes a "*" statement: do not guess.
      if (statement.hasCondition) continue;
      const notResource = statement.resourceKey === 'NotResource' ? get(statement.node, 'NotResource') : undefined;
      const star = statement.resources.find((r) => r.known && r.value === '*');
      if (!notResource && !star?.known) continue;
      const scopable = await scopableActions(stack, statement, options.accessLevels, allowed);
      if (scopable.kind === 'listed' && scopable.actions.length === 0) {
        if (star?.known && !notResource) await reportDataReads(stack, statement, star, options.dataReadActions, report);
        continue;
      }
      const data = {
        holder: describeHolder(statement.holder),
        functions: describeFunctions(statement.holder, statement.functions),
        ...describeScopable(scopable),
        example: scopable.kind === 'every' ? 'their ARNs' : resourceExample(stack, scopable.actions),
        note: scopable.kind === 'listed' && scopable.actions.some((a) => a.action === 'sns:Publish') ? SMS_NOTE : '',
      };
      if (notResource) {
        report({ messageId: 'notResource', node: notResource, data, assumptions: scopable.assumptions });
      } else if (star?.known) {
        // Every action named comes from "*" or "<service>:*": iam-wildcard-action's finding on this
        // statement says it all (see its speaksFor); when that rule is off, this one speaks.
        const subject = scopable.fromWholeWildcards ? { subject: statement.node } : {};
        report({ messageId: 'wildcardResource', node: star.node!, data, assumptions: [...star.assumptions, ...scopable.assumptions], ...subject });
      }
    }
    for (const use of stack.policyTemplates) {
      for (const parameter of use.parameters) {
        if (parameter.value.known && parameter.value.value === '*') {
          report({
            messageId: 'policyTemplateWildcard',
            node: parameter.value.node!,
            data: { template: use.name, parameter: parameter.name, fn: use.functionId, example: templateParameterExample(stack, parameter.name) },
            assumptions: parameter.value.assumptions,
          });
        }
      }
    }
  },
});

const WHAT_IS_READ: Record<string, string> = { s3: 'object', secretsmanager: 'secret', ssm: 'parameter', kms: 'KMS-encrypted value', dynamodb: 'table' };

/**
 * Data-reading actions on "*" in a statement a function's role receives: named with the resources the
 * code reads, when its calls name them.
 */
async function reportDataReads(
  stack: StackModel,
  statement: PolicyStatement,
  star: Extract<PolicyStatement['resources'][number], { known: true }>,
  dataReadActions: string[],
  report: Parameters<NonNullable<Parameters<typeof createRule>[0]['check']>>[0]['report'],
): Promise<void> {
  if (!statement.functions.length || !dataReadActions.length) return;
  const granted = new Map<string, string>();
  for (const action of statement.actions) {
    if (!action.known || action.value === '*') continue;
    for (const read of dataReadActions) if (actionMatches(action.value, read) && !wildcardRequiredFor(stack, statement, read)) granted.set(read.toLowerCase(), read);
  }
  if (!granted.size) return;
  const reads = new Set<string>();
  let unknownReads = false;
  for (const fn of stack.functions.filter((f) => statement.functions.includes(f.id))) {
    const needs = await functionNeeds(stack, fn);
    for (const call of needs?.calls ?? []) {
      for (const judged of call.requirements ?? []) {
        if (!granted.has(judged.requirement.action.toLowerCase())) continue;
        if (judged.target.resource) reads.add(resourceReference(stack, { action: judged.requirement.action, target: judged.target, suffix: judged.suffix }));
        else unknownReads = true;
      }
    }
  }
  const actions = [...granted.values()];
  const services = [...new Set(actions.map((a) => a.slice(0, a.indexOf(':'))))];
  const readsText = reads.size
    ? `Its code reads ${[...reads].join(', ')}${unknownReads ? ' and resources it names at run time' : ''}: name ${reads.size > 1 || unknownReads ? 'them' : 'it'} instead.`
    : `Name the resources the code reads, e.g. ${resourceExample(stack, await Promise.all(actions.map(async (a) => (await expandAction(a))?.[0])).then((f) => f.filter((x): x is ActionFacts => x !== undefined)))}.`;
  report({
    messageId: 'wildcardDataRead',
    node: star.node!,
    data: {
      holder: describeHolder(statement.holder),
      functions: describeFunctions(statement.holder, statement.functions),
      actions: actions.slice(0, 3).join(', ') + (actions.length > 3 ? ` and ${actions.length - 3} more` : ''),
      what: services.map((s) => WHAT_IS_READ[s] ?? 'resource').join(', '),
      reads: readsText,
    },
    assumptions: star.assumptions,
  });
}

function wildcardRequiredFor(stack: StackModel, statement: PolicyStatement, action: string): boolean {
  return wildcardRequired(stack, statement, { action, accessLevel: 'Read', supportsResourceLevel: true, resourceArns: [] }) !== undefined;
}

function describeScopable(scopable: Scopable): { actions: string; they: string } {
  if (scopable.kind === 'every') return { actions: 'every action ("*")', they: 'most of them' };
  const shown = scopable.actions.slice(0, 3).map((a) => `${a.action} (${a.accessLevel})`);
  const more = scopable.actions.length > 3 ? ` and ${scopable.actions.length - 3} more` : '';
  return { actions: shown.join(', ') + more, they: scopable.actions.length === 1 ? 'it' : 'they' };
}

/** What the message names (a few concrete actions, or "every action" for `"*"`), and the parameter defaults it rests on. */
type Scopable = ({ kind: 'every' } | { kind: 'listed'; actions: ActionFacts[] }) & {
  assumptions: Assumption[];
  /** Every action named is granted by `"*"` or a `"<service>:*"` pattern. */
  fromWholeWildcards: boolean;
};

async function scopableActions(stack: StackModel, statement: PolicyStatement, accessLevels: string[], allowed: RegExp[]): Promise<Scopable> {
  const found = new Map<string, ActionFacts>();
  const assumptions: Assumption[] = [];
  const grantedByWholeWildcard = new Set<string>();
  for (const action of statement.actions) {
    if (!action.known) continue;
    if (action.value === '*') {
      if (everyActionHasScopable(accessLevels)) return { kind: 'every', assumptions: action.assumptions, fromWholeWildcards: true };
      continue;
    }
    let contributes = false;
    for (const facts of (await expandAction(action.value)) ?? []) {
      if (!facts.supportsResourceLevel || !accessLevels.includes(facts.accessLevel)) continue;
      if (allowed.some((pattern) => pattern.test(facts.action))) continue;
      if (statement.resourceKey === 'Resource' && wildcardRequired(stack, statement, facts)) continue;
      found.set(facts.action, facts);
      if (isWholeWildcard(action.value)) grantedByWholeWildcard.add(facts.action);
      contributes = true;
    }
    if (contributes) assumptions.push(...action.assumptions);
  }
  const fromWholeWildcards = [...found.keys()].every((action) => grantedByWholeWildcard.has(action));
  return { kind: 'listed', actions: [...found.values()], assumptions, fromWholeWildcards };
}
