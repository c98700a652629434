/**
 * What a function's execution role allows, from every place a template grants it: inline statements
 * and policies attached to the role, SAM policy templates, SAM connectors, the AWS managed policies
 * SAM and the frameworks attach (known by their published contents), and the permissions SAM and
 * the Serverless Framework generate (logs, pollers, dead-letter queues, destinations).
 *
 * What cannot be read fully — an unknown managed policy, a permissions boundary, a Condition,
 * `NotAction`/`NotResource`, a role outside the stack, an action built from an intrinsic — makes the
 * grants `unknown`, with the reason: the least-privilege rules then say nothing rather than guess.
 */
import { Evaluator } from '../model/evaluate.js';
import type { FunctionModel, PolicyStatement, PolicyTemplateUse, StackModel } from '../model/types.js';
import { asList, get, getPath, isMap, isScalar, type Loc, type TNode } from '../parse/tree.js';
import { actionPatternRegExp } from './actions.js';
import { matchResource, type Match } from './arn-match.js';
import { lambdaManagedPolicy } from './lambda-managed-policies.js';
import { arnOf, normalisePartition, normaliseResourceText, referencedValue, resourceKind } from './resources.js';
import { SAM_POLICY_TEMPLATES, type TemplateStatement } from './sam-policy-templates.js';

export type GrantOrigin =
  | { kind: 'statement'; statement: PolicyStatement }
  | { kind: 'policy-template'; use: PolicyTemplateUse }
  | { kind: 'connector'; id: string; loc: Loc; permissions: string[]; destination: string }
  | { kind: 'managed-policy'; name: string }
  /** Granted by SAM or the framework on the user's behalf (logs, pollers, dead-letter queues). */
  | { kind: 'generated'; what: string };

export interface Grant {
  effect: 'Allow' | 'Deny';
  /** Action patterns as written (`dynamodb:*Item`). */
  actions: string[];
  /** Resource patterns in the spelling of `resources.ts`. */
  resources: string[];
  origin: GrantOrigin;
}

export interface RoleGrants {
  /** How messages name the role: `role OrdersRole`, `the role SAM generates for OrdersFunction`. */
  role: string;
  /** The role's logical ID, when it is a role resource of the stack. */
  roleId: string | undefined;
  grants: Grant[];
  /** Why the grants are only partly known; undefined when every grant is read. */
  unknown: string | undefined;
}

export type Decision = 'allowed' | 'not-allowed' | 'unknown';

const POLICY_TYPES = new Set(['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::RolePolicy']);

/** The grants of the role a function runs with. */
export function grantsOf(stack: StackModel, fn: FunctionModel): RoleGrants {
  const builder = new GrantsBuilder(stack, fn);
  return builder.build();
}

class GrantsBuilder {
  private readonly grants: Grant[] = [];
  private unknown: string | undefined;
  private readonly evaluator: Evaluator;

  constructor(
    private readonly stack: StackModel,
    private readonly fn: FunctionModel,
  ) {
    this.evaluator = new Evaluator(stack.root, stack.parameters, new Set(stack.resources.keys()));
  }

  private partly(reason: string): void {
    this.unknown ??= reason;
  }

  build(): RoleGrants {
    const { fn, stack } = this;
    let role = 'its role';
    let roleId: string | undefined;
    if (fn.role && 'generated' in fn.role) {
      role = `the role SAM generates for ${fn.id}`;
      if (get(fn.resource.properties, 'PermissionsBoundary') !== undefined) this.partly('its role has a permissions boundary');
      this.addSamGenerated();
    } else if (fn.role?.id && stack.resources.get(fn.role.id)?.type === 'AWS::IAM::Role') {
      roleId = fn.role.id;
      role = stack.format === 'serverless' && roleId === 'IamRoleLambdaExecution' ? 'the provider role (provider.iam.role)' : `role ${roleId}`;
      const resource = stack.resources.get(roleId)!;
      if (get(resource.properties, 'PermissionsBoundary') !== undefined) this.partly(`role ${roleId} has a permissions boundary`);
      if (stack.format === 'serverless') {
        this.addFrameworkGenerated();
        const plugins = asList(get(stack.root, 'sls-lint:plugins')).map(literal).filter((p): p is string => p !== undefined);
        const adding = plugins.find((p) => !/^serverless-(offline|python-requirements|esbuild|webpack|plugin-typescript|dotenv-plugin|prune-plugin|iam-roles-per-function|domain-manager|plugin-log-retention)/.test(p));
        if (get(stack.root, 'sls-lint:constructs') !== undefined) this.partly('Lift constructs grant permissions of their own');
        else if (adding) this.partly(`plugin ${adding} may add permissions`);
      }
    } else {
      this.partly(fn.role?.external ? `it runs with role ${fn.role.external}, defined outside this template` : 'its role is not one sls-lint can read');
    }

    for (const statement of stack.statements) {
      if (statement.functions.includes(fn.id)) this.addStatement(statement);
    }
    this.checkDocumentsReadable(roleId);
    if (roleId) this.addPoliciesAttachedByName(roleId);
    for (const attachment of stack.managedPolicies) {
      if (!attachment.functions.includes(fn.id)) continue;
      const stackPolicy = /^\$\{([^}.]+)\}$/.exec(attachment.text)?.[1];
      if (stackPolicy && stack.resources.get(stackPolicy)?.type === 'AWS::IAM::ManagedPolicy') {
        for (const statement of stack.statements) if (statement.holder.id === stackPolicy && !statement.functions.includes(fn.id)) this.addStatement(statement);
        continue;
      }
      const known = lambdaManagedPolicy(attachment.text);
      if (!known) {
        this.partly(`managed policy ${attachment.policyName ?? attachment.text} is attached, and sls-lint does not know its contents`);
        continue;
      }
      this.addKnown(known.statements, { kind: 'managed-policy', name: known.name });
    }
    for (const use of stack.policyTemplates) if (use.functionId === fn.id) this.addPolicyTemplate(use);
    this.addConnectors();
    this.checkUnattributedPolicies();
    return { role, roleId, grants: this.grants, unknown: this.unknown };
  }

  private addKnown(statements: TemplateStatement[], origin: GrantOrigin): void {
    for (const s of statements) this.grants.push({ effect: 'Allow', actions: s.actions, resources: s.resources.map(normalisePartition), origin });
  }

  private addStatement(statement: PolicyStatement): void {
    const where = `the statement at line ${statement.loc.line}`;
    if (!statement.effect?.known || (statement.effect.value !== 'Allow' && statement.effect.value !== 'Deny')) return this.partly(`${where} has an Effect sls-lint cannot read`);
    if (statement.actionKey !== 'Action') return this.partly(`${where} uses NotAction`);
    if (statement.resourceKey !== 'Resource') return this.partly(`${where} uses NotResource`);
    if (statement.hasCondition) return this.partly(`${where} has a Condition`);
    if (statement.actions.some((a) => !a.known)) return this.partly(`${where} has an action sls-lint cannot read`);
    this.grants.push({
      effect: statement.effect.value,
      actions: statement.actions.map((a) => (a as { value: string }).value),
      resources: statement.resourceTexts.map((text) => normaliseResourceText(this.stack, text)),
      origin: { kind: 'statement', statement },
    });
  }

  private addPolicyTemplate(use: PolicyTemplateUse): void {
    const definition = SAM_POLICY_TEMPLATES[use.name];
    if (!definition) return this.partly(`SAM policy template ${use.name} is not one sls-lint knows`);
    const values = new Map<string, string>();
    for (const parameter of definition.parameters) {
      const given = use.parameters.find((p) => p.name === parameter);
      if (!given) return this.partly(`SAM policy template ${use.name} is given no ${parameter}`);
      values.set(parameter, given.value.known ? given.value.value : (this.evaluator.renderString(given.value.node)?.text ?? '${?' + parameter + '}'));
    }
    for (const statement of definition.statements) {
      const resources = statement.resources.map((pattern) =>
        normaliseResourceText(this.stack, pattern.replace(/\$\{([A-Za-z]+)\}/g, (whole, name: string) => values.get(name) ?? whole)),
      );
      this.grants.push({ effect: 'Allow', actions: statement.actions, resources, origin: { kind: 'policy-template', use } });
    }
  }

  /** What SAM adds to the role it generates: logs, tracing, VPC, pollers, dead-letter queues, destinations. */
  private addSamGenerated(): void {
    const { fn } = this;
    const managed = (name: string, what: string) => {
      const known = lambdaManagedPolicy(name);
      if (known) this.addKnown(known.statements, { kind: 'generated', what });
    };
    managed('AWSLambdaBasicExecutionRole', 'SAM: logs');
    if (fn.tracing.value?.known && fn.tracing.value.value === 'Active') managed('AWSXRayDaemonWriteAccess', 'SAM: tracing');
    if (get(fn.resource.properties, 'VpcConfig') !== undefined || getPath(this.stack.root, 'Globals', 'Function', 'VpcConfig') !== undefined) managed('AWSLambdaVPCAccessExecutionRole', 'SAM: VPC access');
    for (const trigger of fn.triggers) {
      if (trigger.via !== 'sam-event') continue;
      if (trigger.kind === 'sqs') managed('AWSLambdaSQSQueueExecutionRole', 'SAM: SQS poller');
      else if (trigger.kind === 'kinesis') managed('AWSLambdaKinesisExecutionRole', 'SAM: Kinesis poller');
      else if (trigger.kind === 'dynamodb-stream') managed('AWSLambdaDynamoDBExecutionRole', 'SAM: DynamoDB stream poller');
      else if (['msk', 'mq', 'self-managed-kafka', 'documentdb'].includes(trigger.kind)) this.partly(`SAM attaches a policy for its ${trigger.kind} event that sls-lint does not model`);
    }
    const dlq = get(fn.resource.properties, 'DeadLetterQueue') ?? getPath(this.stack.root, 'Globals', 'Function', 'DeadLetterQueue');
    if (isMap(dlq)) this.addDestination(get(dlq, 'Type'), get(dlq, 'TargetArn'), 'SAM: dead-letter queue');
    const invoke = get(fn.resource.properties, 'EventInvokeConfig') ?? getPath(this.stack.root, 'Globals', 'Function', 'EventInvokeConfig');
    for (const which of ['OnSuccess', 'OnFailure']) {
      const destination = getPath(invoke, 'DestinationConfig', which);
      if (isMap(destination)) this.addDestination(get(destination, 'Type'), get(destination, 'Destination'), `SAM: ${which} destination`);
    }
  }

  private addDestination(typeNode: TNode | undefined, target: TNode | undefined, what: string): void {
    const type = isScalar(typeNode) ? String(typeNode.value) : undefined;
    const action = type === 'SQS' ? 'sqs:SendMessage' : type === 'SNS' ? 'sns:Publish' : type === 'Lambda' ? 'lambda:InvokeFunction' : type === 'EventBridge' ? 'events:PutEvents' : undefined;
    if (!action) return this.partly(`SAM grants its ${what} with a policy sls-lint does not model`);
    const referenced = referencedValue(this.stack, target);
    const arn = referenced ? arnOf(referenced.resource) : undefined;
    // A destination sls-lint cannot name is granted on it all the same: counted as granted anywhere, never as missing.
    this.grants.push({ effect: 'Allow', actions: [action], resources: [arn ?? '*'], origin: { kind: 'generated', what } });
  }

  /** The Serverless Framework's role: logs, the pollers of its events and VPC interfaces, on the resources it knows. */
  private addFrameworkGenerated(): void {
    const what = 'the Serverless Framework';
    this.addKnown([{ actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'logs:TagResource'], resources: ['*'] }], { kind: 'generated', what: `${what}: logs` });
    const kinds = new Set(this.fn.triggers.map((t) => t.kind));
    if (kinds.has('sqs')) this.addKnown([{ actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'], resources: ['*'] }], { kind: 'generated', what: `${what}: SQS poller` });
    if (kinds.has('kinesis')) this.addKnown([{ actions: ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard'], resources: ['*'] }], { kind: 'generated', what: `${what}: Kinesis poller` });
    if (kinds.has('dynamodb-stream')) this.addKnown([{ actions: ['dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:DescribeStream', 'dynamodb:ListStreams'], resources: ['*'] }], { kind: 'generated', what: `${what}: DynamoDB stream poller` });
    if (['msk', 'mq', 'self-managed-kafka', 'documentdb'].some((k) => kinds.has(k as never))) this.partly(`${what} grants its broker event permissions sls-lint does not model`);
    // With websocket events in the service, the framework lets its role post to the connections.
    const websockets = [...this.stack.resources.values()].some((r) => {
      const events = get(r.properties, 'Events');
      return isMap(events) && events.entries.some((e) => literal(get(e.value, 'Type')) === 'sls-lint:WebSocket');
    });
    if (websockets) this.addKnown([{ actions: ['execute-api:ManageConnections'], resources: ['*'] }], { kind: 'generated', what: `${what}: websocket connections` });
  }

  /**
   * Terraform's `aws_iam_role_policy { role = aws_iam_role.x.name }` names the role by a literal name
   * when the role sets one: the model links only references, so the name is matched here.
   */
  private addPoliciesAttachedByName(roleId: string): void {
    const roleName = literal(get(this.stack.resources.get(roleId)?.properties, 'RoleName'));
    if (!roleName) return;
    for (const resource of this.stack.resources.values()) {
      if (!POLICY_TYPES.has(resource.type)) continue;
      const names = [...asList(get(resource.properties, 'Roles')), ...asList(get(resource.properties, 'RoleName'))].map(literal);
      if (!names.includes(roleName)) continue;
      for (const statement of this.stack.statements) if (statement.holder.id === resource.id && !statement.functions.includes(this.fn.id)) this.addStatement(statement);
    }
  }

  /**
   * A policy document the model could not read (a Terraform heredoc with interpolations, a JSON
   * string built with `!Sub`) grants something: what, sls-lint does not know.
   */
  private checkDocumentsReadable(roleId: string | undefined): void {
    const documents: { node: TNode | undefined; where: string }[] = [];
    if (roleId) {
      const role = this.stack.resources.get(roleId)!;
      for (const policy of asList(get(role.properties, 'Policies'))) documents.push({ node: get(policy, 'PolicyDocument'), where: `a policy of role ${roleId}` });
      const roleName = literal(get(role.properties, 'RoleName'));
      for (const resource of this.stack.resources.values()) {
        if (!POLICY_TYPES.has(resource.type)) continue;
        const roles = [...asList(get(resource.properties, 'Roles')), ...asList(get(resource.properties, 'RoleName'))];
        if (roles.some((r) => referencedValue(this.stack, r)?.resource.id === roleId || (roleName !== undefined && literal(r) === roleName))) {
          documents.push({ node: get(resource.properties, 'PolicyDocument'), where: `policy ${resource.id}` });
        }
      }
      for (const arn of asList(get(role.properties, 'ManagedPolicyArns'))) {
        const policy = referencedValue(this.stack, arn)?.resource;
        if (policy?.type === 'AWS::IAM::ManagedPolicy') documents.push({ node: get(policy.properties, 'PolicyDocument'), where: `policy ${policy.id}` });
      }
    }
    for (const { node, where } of documents) if (node !== undefined && !readableDocument(node)) this.partly(`${where} has a document sls-lint cannot read`);
  }

  /** A policy of the stack attached to a role sls-lint cannot name may be attached to this one. */
  private checkUnattributedPolicies(): void {
    for (const resource of this.stack.resources.values()) {
      if (!POLICY_TYPES.has(resource.type)) continue;
      for (const role of [...asList(get(resource.properties, 'Roles')), ...asList(get(resource.properties, 'RoleName'))]) {
        if (literal(role) !== undefined || referencedValue(this.stack, role) || (role.kind === 'fn' && role.name === 'Ref' && isScalar(role.arg) && this.stack.resources.has(String(role.arg.value)))) continue;
        return this.partly(`policy ${resource.id} is attached to a role sls-lint cannot name`);
      }
    }
  }

  /** `AWS::Serverless::Connector` resources and `Connectors:` on a function, with this function as the source. */
  private addConnectors(): void {
    for (const resource of this.stack.resources.values()) {
      if (resource.type === 'AWS::Serverless::Connector') {
        const source = get(resource.properties, 'Source');
        const sourceId = literal(get(source, 'Id'));
        if (sourceId !== this.fn.id) {
          if (sourceId === undefined && source !== undefined) this.partly(`connector ${resource.id} has a source sls-lint cannot name`);
          continue;
        }
        this.addConnector(resource.id, resource.loc, resource.properties);
      }
    }
    const embedded = get(this.fn.resource.node, 'Connectors');
    if (isMap(embedded)) {
      for (const e of embedded.entries) this.addConnector(e.key, e.keyLoc, get(e.value, 'Properties'));
    }
  }

  private addConnector(id: string, loc: Loc, properties: TNode | undefined): void {
    const permissions = asList(get(properties, 'Permissions')).map(literal);
    if (permissions.some((p) => p !== 'Read' && p !== 'Write')) return this.partly(`connector ${id} has permissions sls-lint cannot read`);
    for (const destination of asList(get(properties, 'Destination'))) {
      const targetId = literal(get(destination, 'Id'));
      const target = targetId ? this.stack.resources.get(targetId) : undefined;
      const access = target && CONNECTOR_ACCESS[target.type];
      const arn = target && arnOf(target);
      if (!target || !access || !arn) {
        this.partly(`connector ${id} has a destination sls-lint does not model`);
        continue;
      }
      const actions = (permissions as ('Read' | 'Write')[]).flatMap((p) => access[p] ?? []);
      const resources = access.subresources ? [arn, ...access.subresources.map((s) => arn + s)] : [arn];
      this.grants.push({ effect: 'Allow', actions, resources, origin: { kind: 'connector', id, loc, permissions: permissions as string[], destination: target.id } });
    }
  }
}

function readableDocument(node: TNode): boolean {
  // A statement that is not written out (an intrinsic, a value the app computes) grants something unread.
  if (isMap(node)) return asList(get(node, 'Statement')).every(isMap);
  if (isScalar(node) && typeof node.value === 'string') {
    try {
      JSON.parse(node.value);
      return true;
    } catch {
      return false;
    }
  }
  return false;
}

/** A string scalar's value; undefined for anything else (an intrinsic, a number, a list). */
export function literal(node: TNode | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** What a connector from a Lambda function grants on each destination type (the SAM connector reference). */
const CONNECTOR_ACCESS: Record<string, { Read?: string[]; Write?: string[]; subresources?: string[] }> = {
  'AWS::DynamoDB::Table': {
    Read: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan', 'dynamodb:BatchGetItem', 'dynamodb:ConditionCheckItem', 'dynamodb:PartiQLSelect'],
    Write: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem', 'dynamodb:PartiQLDelete', 'dynamodb:PartiQLInsert', 'dynamodb:PartiQLUpdate'],
    subresources: ['/index/*'],
  },
  'AWS::SQS::Queue': { Read: ['sqs:ReceiveMessage', 'sqs:GetQueueAttributes'], Write: ['sqs:DeleteMessage', 'sqs:SendMessage', 'sqs:ChangeMessageVisibility', 'sqs:PurgeQueue'] },
  'AWS::SNS::Topic': { Write: ['sns:Publish'] },
  'AWS::S3::Bucket': {
    Read: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectLegalHold', 's3:GetObjectRetention', 's3:GetObjectTorrent', 's3:GetObjectVersion', 's3:GetObjectVersionAcl', 's3:GetObjectVersionForReplication', 's3:GetObjectVersionTorrent', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions', 's3:ListMultipartUploadParts'],
    Write: ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:DeleteObjectVersion', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:RestoreObject'],
    subresources: ['/*'],
  },
  'AWS::Lambda::Function': { Read: ['lambda:GetFunction'], Write: ['lambda:InvokeAsync', 'lambda:InvokeFunction'] },
  'AWS::Serverless::Function': { Read: ['lambda:GetFunction'], Write: ['lambda:InvokeAsync', 'lambda:InvokeFunction'] },
  'AWS::Events::EventBus': { Write: ['events:PutEvents'] },
  'AWS::StepFunctions::StateMachine': { Write: ['states:StartExecution', 'states:StartSyncExecution'] },
  'AWS::Serverless::StateMachine': { Write: ['states:StartExecution', 'states:StartSyncExecution'] },
};
CONNECTOR_ACCESS['AWS::Serverless::SimpleTable'] = CONNECTOR_ACCESS['AWS::DynamoDB::Table'];

/** `Action` patterns are matched case-insensitively, with `*` and `?`. */
export function actionMatches(pattern: string, action: string): boolean {
  if (pattern === '*') return true;
  if (!pattern.includes(':')) return false;
  return actionPatternRegExp(pattern).test(action);
}

/**
 * Whether the grants allow an action on a resource (an ARN in the spelling of `resources.ts`, `*`
 * for actions that name none, undefined when the call's resource is not known). With an unknown
 * resource the answer is `not-allowed` only when nothing grants the action at all.
 */
export function allows(role: RoleGrants, action: string, resource: string | undefined): Decision {
  if (role.unknown) return 'unknown';
  let best: Match = 'no';
  for (const grant of role.grants) {
    if (!grant.actions.some((pattern) => actionMatches(pattern, action))) continue;
    // An action that names no resource is matched by `"*"`; whether a narrower pattern
    // (`arn:aws:logs:*:*:*`) covers it is not for sls-lint to say.
    const match =
      resource === undefined ? 'maybe' : resource === '*' ? (grant.resources.some((pattern) => /^\*+$/.test(pattern)) ? 'yes' : 'maybe') : strongest(grant.resources.map((pattern) => matchResource(pattern, resource)));
    if (grant.effect === 'Deny') {
      // A Deny that may apply: whether the call fails is then not for this rule to say.
      if (match !== 'no') return 'unknown';
      continue;
    }
    if (match === 'yes') best = 'yes';
    else if (match === 'maybe' && best === 'no') best = 'maybe';
  }
  return best === 'yes' ? 'allowed' : best === 'maybe' ? 'unknown' : 'not-allowed';
}

function strongest(matches: Match[]): Match {
  return matches.includes('yes') ? 'yes' : matches.includes('maybe') ? 'maybe' : 'no';
}

export { resourceKind };
