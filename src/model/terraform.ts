/**
 * Terraform (`*.tf`) → the application model.
 *
 * Each folder of `.tf` files is one module. Its `aws_*` resources are lowered into the
 * CloudFormation tree they correspond to (`aws_lambda_function` → `AWS::Lambda::Function`, a
 * `data "aws_iam_policy_document"` → the policy document it renders, an `aws_cloudwatch_event_target`
 * → a target of its rule), with every node located in the `.tf` file, and built by the same adapter
 * as a template. Resources are named by their address (`aws_lambda_function.orders`).
 *
 * Values: literals and `jsonencode(…)` are read; `var.x` takes the variable's `default`, and a
 * finding that relies on it says so; references to another resource's literal attribute (a function
 * name) resolve; computed attributes (`.arn`) link the two resources. Operators, conditionals, `for`
 * expressions and the built-in functions modules decide with (`try`, `lookup`, `merge`, `length`…,
 * see terraform-values.ts) are evaluated where their inputs are known. Everything else is unknown.
 *
 * Instances: a resource or module call with a known `count` or `for_each` is one instance per
 * index or key (`aws_sqs_queue.dlq["orders"]`, `module.x[0]`), read with `count.index`, `each.key`
 * and `each.value` bound; a known empty one deploys nothing. A `dynamic` block is one block per
 * element of its collection. An unknown collection is never guessed at: the resource stays one
 * instance, addressed as written, in which `each` and `count` are unknown, and a dynamic block
 * is kept once with an unknown iterator, since it may exist.
 *
 * Modules: a `module` whose `source` is a folder of the same repository (`./modules/sqs`, `../../`)
 * is read as part of the app. Its resources are addressed `module.x.aws_sqs_queue.this` and located
 * in the module's own files; its `var.*` take the call's arguments (lowered where the call is
 * written), else their defaults as assumptions; `module.x.out` in the caller is the child's `output`
 * value. A folder already being read (a cycle) or nesting deeper than MAX_MODULE_DEPTH is not read
 * again, and a registry or git module is named and skipped: the run says so.
 */
import path from 'node:path';
import { isScalar, type Loc, type MapEntry, type MapNode, type TNode } from '../parse/tree.js';
import type { HclAttribute, HclBlock, HclBody, HclExpr, HclFile, HclStep } from '../parse/hcl.js';
import { parseYamlOrJson } from '../parse/yaml-json.js';
import { buildStackModel } from './cloudformation.js';
import { fn, getAtt, map, onFailureConfig, ref, resource, scalar, seq, unknownValue } from './lower.js';
import { binary, builtin, elements, forEachKeys, Missing, truth, unary } from './terraform-values.js';
import type { StackModel } from './types.js';

export interface TerraformModule {
  /** The module's folder. */
  dir: string;
  files: { file: string; hcl: HclFile }[];
  /** Reads the `.tf` files of a local module's folder; without it local modules are named and skipped. */
  readModule?: (dir: string) => { files: TerraformModule['files'] } | { problem: string };
}

export interface TerraformResult {
  stack: StackModel | undefined;
  notices: { message: string; loc: Loc }[];
}

interface Declared {
  type: string;
  name: string;
  address: string;
  block: HclBlock;
  data: boolean;
}

/** What an expression can name beyond the module's own declarations: `each`, `count`, a dynamic block's iterator, a `for` variable. */
interface Scope {
  each?: { key: TNode; value: TNode };
  count?: number;
  names?: ReadonlyMap<string, TNode>;
}

const NO_SCOPE: Scope = {};

/**
 * One instance of a resource or module call: `[0]` of a known `count`, `["sqs"]` of a known
 * `for_each`, or '' for a block without either, or whose collection is unknown (then `each` and
 * `count.index` are unknown in it, and nothing is guessed).
 */
interface Instance {
  suffix: string;
  key: string | number | undefined;
  scope: Scope;
}

const MAX_DEPTH = 20;
/** Module calls nested deeper than this are not followed (Terraform has no limit; real apps nest two or three). */
export const MAX_MODULE_DEPTH = 8;
/** More instances of one block than this are read as one unknown instance: a linter must not multiply a `count = 100000`. */
export const MAX_INSTANCES = 256;
/** Arguments of a module call that configure the call rather than bind a variable. */
export const MODULE_META_ARGUMENTS = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

export function buildTerraformStack(module: TerraformModule): TerraformResult {
  const shared: SharedLowering = { notices: [], parameters: [], resources: [], hasAwsResources: false, rootDir: path.resolve(module.dir), readModule: module.readModule };
  const lowering = new TerraformLowering(module, shared, '', undefined, [path.resolve(module.dir)]);
  lowering.lowerModule();
  if (!shared.hasAwsResources) return { stack: undefined, notices: shared.notices };
  const rootLoc = module.files[0]!.hcl.body.loc;
  const root: MapNode = {
    kind: 'map',
    entries: [
      { key: 'Parameters', keyLoc: rootLoc, value: { kind: 'map', entries: shared.parameters, loc: rootLoc, path: 'variables' } },
      { key: 'Resources', keyLoc: rootLoc, value: { kind: 'map', entries: shared.resources, loc: rootLoc, path: 'resources' } },
    ],
    loc: rootLoc,
    path: '',
  };
  const file = module.files[0]!.file;
  return { stack: buildStackModel(root, file, { format: 'terraform' }), notices: shared.notices };
}

/** The sources of a folder's local module calls, as folders: what `readModule` will be asked for. */
export function localModuleDirs(module: Pick<TerraformModule, 'dir' | 'files'>): string[] {
  const dirs: string[] = [];
  for (const { hcl } of module.files) {
    for (const block of hcl.body.blocks) {
      const source = block.type === 'module' ? attr(block.body, 'source') : undefined;
      if (source?.expr.kind === 'literal' && isLocalSource(source.expr.value)) dirs.push(path.resolve(module.dir, String(source.expr.value)));
    }
  }
  return dirs;
}

/** Terraform reads a source as a local path only when it begins with `./` or `../`. */
export function isLocalSource(source: unknown): source is string {
  return typeof source === 'string' && (source.startsWith('./') || source.startsWith('../') || source === '.' || source === '..');
}

/** What every module of one run lowers into: one stack. */
interface SharedLowering {
  notices: { message: string; loc: Loc }[];
  parameters: MapEntry[];
  resources: MapEntry[];
  hasAwsResources: boolean;
  rootDir: string;
  readModule: TerraformModule['readModule'];
}

/** A module call's arguments, lowered in the caller's scope (its `each`, `count`) when a variable is read. */
interface ModuleInputs {
  caller: TerraformLowering;
  name: string;
  args: Map<string, HclExpr>;
  scope: Scope;
}

class TerraformLowering {
  private readonly declared = new Map<string, Declared>();
  private readonly variables = new Map<string, HclBlock>();
  private readonly locals = new Map<string, HclAttribute>();
  private readonly outputs = new Map<string, HclAttribute>();
  /** Module calls by name: one child per instance of the call. */
  private readonly children = new Map<string, { key: string | number | undefined; child: TerraformLowering }[]>();
  private readonly resolving = new Set<string>();
  private readonly instanceCache = new Map<Declared, Instance[]>();
  /** The scope a body copy is read in: a resource instance's, or a dynamic block instance's. */
  private readonly bodyScopes = new WeakMap<HclBody, Scope>();
  private readonly rootLoc: Loc;
  private readonly dir: string;

  constructor(
    module: Pick<TerraformModule, 'dir' | 'files'>,
    private readonly shared: SharedLowering,
    /** `module.x.` for a module's resources, '' for the root. */
    private readonly prefix: string,
    private readonly inputs: ModuleInputs | undefined,
    /** Folders being read, outermost first: a call back into one of them is a cycle. */
    private readonly ancestors: string[],
  ) {
    this.dir = path.resolve(module.dir);
    this.rootLoc = module.files[0]!.hcl.body.loc;
    const calls: HclBlock[] = [];
    for (const { hcl } of module.files) {
      for (const block of hcl.body.blocks) {
        const [first, second] = block.labels.map((l) => l.value);
        if ((block.type === 'resource' || block.type === 'data') && first && second) {
          const address = block.type === 'data' ? `data.${first}.${second}` : `${first}.${second}`;
          this.declared.set(address, { type: first, name: second, address, block, data: block.type === 'data' });
        } else if (block.type === 'variable' && first) {
          this.variables.set(first, block);
        } else if (block.type === 'locals') {
          for (const attribute of block.body.attributes) this.locals.set(attribute.name, attribute);
        } else if (block.type === 'output' && first) {
          const value = attr(block.body, 'value');
          if (value) this.outputs.set(first, value);
        } else if (block.type === 'module' && first) {
          calls.push(block);
        }
      }
    }
    // After the caller's own declarations: a child's variables are lowered in this scope.
    for (const call of calls) this.readModuleCall(call);
  }

  private notice(message: string, loc: Loc): void {
    this.shared.notices.push({ message, loc });
  }

  private readModuleCall(block: HclBlock): void {
    const name = block.labels[0]!.value;
    const source = attr(block.body, 'source');
    const value = source?.expr.kind === 'literal' ? source.expr.value : undefined;
    const from = value !== undefined ? ` (source ${String(value)})` : '';
    const skipped = (why: string) => this.notice(`module ${this.prefix}${name}${from} is not read: ${why}`, block.typeLoc);
    if (!isLocalSource(value) || !this.shared.readModule) return skipped('only the resources of this folder are checked');
    const dir = path.resolve(this.dir, value);
    if (this.ancestors.includes(dir)) return skipped('it calls a module that is already being read (a cycle)');
    if (this.ancestors.length > MAX_MODULE_DEPTH) return skipped(`modules nested more than ${MAX_MODULE_DEPTH} deep are not followed`);
    const read = this.shared.readModule(dir);
    if ('problem' in read) return skipped(read.problem);
    if (!read.files.length) return skipped('its folder has no readable .tf files');
    const args = new Map(block.body.attributes.filter((a) => !MODULE_META_ARGUMENTS.has(a.name)).map((a) => [a.name, a.expr]));
    const instances = this.instancesOf(block.body, NO_SCOPE);
    this.children.set(
      name,
      instances.map((instance) => ({
        key: instance.key,
        child: new TerraformLowering({ dir, files: read.files }, this.shared, `${this.prefix}module.${name}${instance.suffix}.`, { caller: this, name, args, scope: instance.scope }, [...this.ancestors, dir]),
      })),
    );
  }

  lowerModule(): void {
    const resources = [...this.declared.values()].filter((d) => !d.data);
    for (const d of resources) {
      for (const instance of this.instances(d)) this.lowerResource(d, instance);
    }
    for (const instances of this.children.values()) for (const { child } of instances) child.lowerModule();
  }

  // ── instances ───────────────────────────────────────────────────────────────────────────

  /** A resource's instances, each once: references to it and its own lowering agree on them. */
  private instances(d: Declared): Instance[] {
    const cached = this.instanceCache.get(d);
    if (cached) return cached;
    const key = `instances:${d.address}`;
    if (this.resolving.has(key)) return [{ suffix: '', key: undefined, scope: NO_SCOPE }];
    this.resolving.add(key);
    try {
      const instances = this.instancesOf(d.block.body, NO_SCOPE);
      this.instanceCache.set(d, instances);
      return instances;
    } finally {
      this.resolving.delete(key);
    }
  }

  /** The instances a block's `count` or `for_each` makes, read in `scope`; one unknown instance when they are not known. */
  private instancesOf(body: HclBody, scope: Scope): Instance[] {
    const unknown: Instance[] = [{ suffix: '', key: undefined, scope }];
    const count = attr(body, 'count');
    if (count) {
      const value = this.known(this.lower(count.expr, 0, 'count', scope));
      const n = isScalar(value) ? Number(value.value) : NaN;
      if (!isScalar(value) || value.value === null || value.value === '' || !Number.isInteger(n) || n < 0 || n > MAX_INSTANCES) return unknown;
      return Array.from({ length: n }, (_, i) => ({ suffix: `[${i}]`, key: i, scope: { ...scope, count: i } }));
    }
    const forEach = attr(body, 'for_each');
    if (forEach) {
      const keys = forEachKeys(this.lower(forEach.expr, 0, 'for_each', scope), this.deref);
      if (!keys || keys.length > MAX_INSTANCES) return unknown;
      return keys.map(({ key, value, keyLoc }) => ({ suffix: `[${JSON.stringify(key)}]`, key, scope: { ...scope, each: { key: scalar(key, keyLoc, ''), value } } }));
    }
    return unknown;
  }

  /** `body` to be read in `scope`: a copy that remembers it, as the body of each instance is one. */
  private scoped(body: HclBody, scope: Scope): HclBody {
    if (scope === NO_SCOPE) return body;
    const copy = { ...body };
    this.bodyScopes.set(copy, scope);
    return copy;
  }

  private scopeOf(body: HclBody): Scope {
    return this.bodyScopes.get(body) ?? NO_SCOPE;
  }

  /**
   * A body's nested blocks as Terraform builds them: a `dynamic "x"` block becomes one `x` block per
   * element of its `for_each` (none for an empty one), its `content` read with the iterator bound.
   * When the collection is unknown the block may exist: it is kept once, with an unknown iterator.
   */
  private blocks(body: HclBody): HclBlock[] {
    const scope = this.scopeOf(body);
    const blocks: HclBlock[] = [];
    for (const block of body.blocks) {
      const label = block.labels[0];
      if (block.type !== 'dynamic' || !label) {
        blocks.push({ ...block, body: this.scoped(block.body, scope) });
        continue;
      }
      const content = block.body.blocks.find((b) => b.type === 'content');
      if (!content) continue;
      const iterator = attr(block.body, 'iterator')?.expr;
      const name = iterator?.kind === 'traversal' && iterator.steps.length === 0 ? iterator.root : label.value;
      const forEach = attr(block.body, 'for_each');
      const collection = forEach ? this.lower(forEach.expr, 0, 'for_each', scope) : undefined;
      const items = collection ? elements(collection, this.deref) : undefined;
      const bound = items?.map(([key, value]) => map([['key', key], ['value', value]], content.loc, '')) ?? [unknownValue(name, content.loc, '')];
      for (const value of bound) {
        const names = new Map(scope.names);
        names.set(name, value);
        blocks.push({ type: label.value, typeLoc: block.typeLoc, labels: [], body: this.scoped(content.body, { ...scope, names }), loc: content.loc });
      }
    }
    return blocks;
  }

  // ── resources ───────────────────────────────────────────────────────────────────────────

  private add(d: Declared, instance: Instance, type: string, properties: [string, TNode | undefined, Loc?][]): void {
    this.shared.hasAwsResources = true;
    const block = d.block;
    const header = { ...block.typeLoc, endLine: block.labels.at(-1)!.loc.endLine, endColumn: block.labels.at(-1)!.loc.endColumn };
    const path = `resource/${this.prefix}${d.type}/${d.name}${instance.suffix}`;
    this.shared.resources.push({ key: this.prefix + d.address + instance.suffix, keyLoc: header, value: resource(type, map(properties, block.body.loc, path), block.loc, path) });
  }

  private lowerResource(d: Declared, instance: Instance): void {
    const body = this.scoped(d.block.body, instance.scope);
    const v = (name: string) => this.attribute(body, name);
    const nested = (name: string) => this.blocks(body).find((b) => b.type === name);
    const nestedValue = (block: string, name: string) => {
      const b = nested(block);
      return b ? this.attribute(b.body, name) : undefined;
    };
    switch (d.type) {
      case 'aws_lambda_function': {
        const environment = nested('environment');
        const variables = environment ? this.attribute(environment.body, 'variables') : undefined;
        const tracing = nestedValue('tracing_config', 'mode');
        const deadLetter = nestedValue('dead_letter_config', 'target_arn');
        const logGroup = nestedValue('logging_config', 'log_group');
        this.add(d, instance, 'AWS::Lambda::Function', [
          ['FunctionName', v('function_name')],
          ['Handler', v('handler')],
          ['Runtime', v('runtime')],
          ['Timeout', v('timeout')],
          ['MemorySize', v('memory_size')],
          ['Role', v('role')],
          ['PackageType', v('package_type')],
          ['Code', this.functionCode(body)],
          ['Environment', variables ? map([['Variables', variables]], variables.loc, variables.path) : undefined],
          ['TracingConfig', tracing ? map([['Mode', tracing]], tracing.loc, tracing.path) : undefined],
          ['DeadLetterConfig', deadLetter ? map([['TargetArn', deadLetter]], deadLetter.loc, deadLetter.path) : undefined],
          ['LoggingConfig', logGroup ? map([['LogGroup', logGroup]], logGroup.loc, logGroup.path) : undefined],
        ]);
        break;
      }
      case 'aws_lambda_event_source_mapping': {
        const destinationConfig = nested('destination_config');
        const onFailure = destinationConfig && this.blocks(destinationConfig.body).find((b) => b.type === 'on_failure');
        const destination = onFailure ? this.attribute(onFailure.body, 'destination_arn') : undefined;
        this.add(d, instance, 'AWS::Lambda::EventSourceMapping', [
          ['FunctionName', v('function_name')],
          ['EventSourceArn', v('event_source_arn')],
          ['BatchSize', v('batch_size')],
          ['FunctionResponseTypes', v('function_response_types')],
          ['MaximumRetryAttempts', v('maximum_retry_attempts')],
          ['BisectBatchOnFunctionError', v('bisect_batch_on_function_error')],
          ['MaximumRecordAgeInSeconds', v('maximum_record_age_in_seconds')],
          ['SelfManagedEventSource', nested('self_managed_event_source') ? scalar('self-managed', d.block.loc, '') : undefined],
          ['DestinationConfig', destination ? onFailureConfig(destination) : undefined],
        ]);
        break;
      }
      case 'aws_lambda_function_event_invoke_config': {
        const destinationConfig = nested('destination_config');
        const onFailure = destinationConfig && this.blocks(destinationConfig.body).find((b) => b.type === 'on_failure');
        const destination = onFailure ? this.attribute(onFailure.body, 'destination') : undefined;
        this.add(d, instance, 'AWS::Lambda::EventInvokeConfig', [
          ['FunctionName', v('function_name')],
          ['MaximumRetryAttempts', v('maximum_retry_attempts')],
          ['DestinationConfig', destination ? onFailureConfig(destination) : undefined],
        ]);
        break;
      }
      case 'aws_lambda_permission':
        this.add(d, instance, 'AWS::Lambda::Permission', [
          ['FunctionName', v('function_name')],
          ['Principal', v('principal')],
          ['SourceArn', v('source_arn')],
          ['SourceAccount', v('source_account')],
          ['PrincipalOrgID', v('principal_org_id')],
          ['FunctionUrlAuthType', v('function_url_auth_type')],
        ]);
        break;
      case 'aws_lambda_function_url':
        this.add(d, instance, 'AWS::Lambda::Url', [['TargetFunctionArn', v('function_name')], ['AuthType', v('authorization_type')]]);
        break;
      case 'aws_iam_role': {
        const inline = this.blocks(body)
          .filter((b) => b.type === 'inline_policy')
          .map((b) => this.attribute(b.body, 'policy'))
          .filter((p): p is TNode => p !== undefined)
          .map((policy) => map([['PolicyDocument', policy]], policy.loc, policy.path));
        const attached = this.attachedManagedPolicies(d.address);
        const declaredArns = v('managed_policy_arns');
        const arns = [...(declaredArns?.kind === 'seq' ? declaredArns.items : declaredArns ? [declaredArns] : []), ...attached];
        this.add(d, instance, 'AWS::IAM::Role', [
          ['AssumeRolePolicyDocument', v('assume_role_policy')],
          ['Policies', inline.length ? seq(inline, d.block.loc, '') : undefined],
          ['ManagedPolicyArns', arns.length ? seq(arns, d.block.loc, '') : undefined],
          // A policy attached by `role = aws_iam_role.x.name` names the role by this literal.
          ['RoleName', v('name')],
          ['PermissionsBoundary', v('permissions_boundary')],
        ]);
        break;
      }
      // Password-holding resources: only the password is lowered, for hardcoded-secret.
      case 'aws_db_instance':
        this.add(d, instance, 'AWS::RDS::DBInstance', [['MasterUserPassword', v('password')]]);
        break;
      case 'aws_rds_cluster':
        this.add(d, instance, 'AWS::RDS::DBCluster', [['MasterUserPassword', v('master_password')]]);
        break;
      case 'aws_docdb_cluster':
        this.add(d, instance, 'AWS::DocDB::DBCluster', [['MasterUserPassword', v('master_password')]]);
        break;
      case 'aws_redshift_cluster':
        this.add(d, instance, 'AWS::Redshift::Cluster', [['MasterUserPassword', v('master_password')]]);
        break;
      case 'aws_directory_service_directory':
        this.add(d, instance, 'AWS::DirectoryService::MicrosoftAD', [['Password', v('password')]]);
        break;
      case 'aws_elasticache_replication_group':
        this.add(d, instance, 'AWS::ElastiCache::ReplicationGroup', [['AuthToken', v('auth_token')]]);
        break;
      case 'aws_mq_broker': {
        const users = this.blocks(body).filter((b) => b.type === 'user').map((b) => map([['Username', this.attribute(b.body, 'username')], ['Password', this.attribute(b.body, 'password')]], b.loc, ''));
        this.add(d, instance, 'AWS::AmazonMQ::Broker', [['Users', users.length ? seq(users, d.block.loc, '') : undefined]]);
        break;
      }
      case 'aws_iam_role_policy':
        this.add(d, instance, 'AWS::IAM::RolePolicy', [['RoleName', v('role')], ['PolicyDocument', v('policy')]]);
        break;
      case 'aws_iam_policy':
        this.add(d, instance, 'AWS::IAM::ManagedPolicy', [['PolicyDocument', v('policy')], ['Roles', this.rolesAttachedTo(d.address)]]);
        break;
      case 'aws_iam_user_policy':
      case 'aws_iam_group_policy':
        this.add(d, instance, 'AWS::IAM::Policy', [['PolicyDocument', v('policy')]]);
        break;
      case 'aws_sqs_queue':
        this.add(d, instance, 'AWS::SQS::Queue', [
          ['QueueName', v('name')],
          ['FifoQueue', v('fifo_queue')],
          ['VisibilityTimeout', v('visibility_timeout_seconds')],
          ['RedrivePolicy', v('redrive_policy') ?? this.queueCompanion(d.address, 'aws_sqs_queue_redrive_policy', 'redrive_policy')],
          ['RedriveAllowPolicy', v('redrive_allow_policy') ?? this.queueCompanion(d.address, 'aws_sqs_queue_redrive_allow_policy', 'redrive_allow_policy')],
        ]);
        break;
      case 'aws_sns_topic':
        this.add(d, instance, 'AWS::SNS::Topic', [['TopicName', v('name')]]);
        break;
      case 'aws_sns_topic_subscription':
        this.add(d, instance, 'AWS::SNS::Subscription', [
          ['TopicArn', v('topic_arn')],
          ['Protocol', v('protocol')],
          ['Endpoint', v('endpoint')],
          ['RedrivePolicy', v('redrive_policy')],
        ]);
        break;
      case 'aws_cloudwatch_event_rule':
        this.add(d, instance, 'AWS::Events::Rule', [
          ['ScheduleExpression', v('schedule_expression')],
          ['EventPattern', v('event_pattern')],
          ['Targets', this.eventTargets(d.address)],
        ]);
        break;
      case 'aws_scheduler_schedule': {
        const target = nested('target');
        const dlq = target && this.blocks(target.body).find((b) => b.type === 'dead_letter_config');
        const dlqArn = dlq ? this.attribute(dlq.body, 'arn') : undefined;
        this.add(d, instance, 'AWS::Scheduler::Schedule', [
          [
            'Target',
            target
              ? map([['Arn', this.attribute(target.body, 'arn')], ['DeadLetterConfig', dlqArn ? map([['Arn', dlqArn]], dlqArn.loc, dlqArn.path) : undefined]], target.loc, '')
              : undefined,
          ],
        ]);
        break;
      }
      case 'aws_cloudwatch_log_group':
        this.add(d, instance, 'AWS::Logs::LogGroup', [['LogGroupName', v('name')], ['RetentionInDays', v('retention_in_days')]]);
        break;
      case 'aws_s3_bucket_notification': {
        const functions = this.blocks(body)
          .filter((b) => b.type === 'lambda_function')
          .map((b) => map([['Function', this.attribute(b.body, 'lambda_function_arn')]], b.loc, ''));
        this.add(d, instance, 'AWS::S3::Bucket', [['NotificationConfiguration', map([['LambdaConfigurations', seq(functions, d.block.loc, '')]], d.block.loc, '')]]);
        break;
      }
      case 'aws_api_gateway_stage': {
        const accessLog = nestedValue('access_log_settings', 'destination_arn');
        this.add(d, instance, 'AWS::ApiGateway::Stage', [
          ['TracingEnabled', v('xray_tracing_enabled')],
          ['AccessLogSetting', accessLog ? map([['DestinationArn', accessLog]], accessLog.loc, accessLog.path) : undefined],
          ['MethodSettings', this.methodSettings(d)],
        ]);
        break;
      }
      case 'aws_apigatewayv2_api':
        this.add(d, instance, 'AWS::ApiGatewayV2::Api', [['ProtocolType', v('protocol_type')]]);
        break;
      case 'aws_apigatewayv2_stage': {
        const accessLog = nestedValue('access_log_settings', 'destination_arn');
        const route = nested('default_route_settings');
        this.add(d, instance, 'AWS::ApiGatewayV2::Stage', [
          ['ApiId', v('api_id')],
          ['AccessLogSettings', accessLog ? map([['DestinationArn', accessLog]], accessLog.loc, accessLog.path) : undefined],
          [
            'DefaultRouteSettings',
            route
              ? map(
                  [
                    ['ThrottlingRateLimit', this.attribute(route.body, 'throttling_rate_limit')],
                    ['ThrottlingBurstLimit', this.attribute(route.body, 'throttling_burst_limit')],
                  ],
                  route.loc,
                  '',
                )
              : undefined,
          ],
        ]);
        break;
      }
      case 'aws_dynamodb_table':
        this.add(d, instance, 'AWS::DynamoDB::Table', [['TableName', v('name')]]);
        break;
      case 'aws_kinesis_stream':
        this.add(d, instance, 'AWS::Kinesis::Stream', []);
        break;
      default:
        if (d.type.startsWith('aws_')) this.shared.hasAwsResources = true;
        break;
    }
  }

  /**
   * `filename = data.archive_file.x.output_path` → the archive's `source_dir`/`source_file`; a
   * prebuilt zip cannot be read. `s3_key = aws_s3_object.x.key` whose object uploads an archive
   * (HashiCorp's own tutorial layout) leads to the archive the same way.
   */
  private functionCode(body: HclBody): TNode | undefined {
    const scope = this.scopeOf(body);
    // An argument whose value is null is not set: a module's `s3_bucket = local.s3_bucket` that comes out null is no S3 package.
    const set = (name: string) => {
      const a = attr(body, name);
      const value = a && this.lower(a.expr, 0, '', scope);
      return a && value && !(isScalar(value) && value.value === null) ? { a, value } : undefined;
    };
    const image = set('image_uri');
    if (image) return map([['ImageUri', image.value]], image.a.loc, '');
    const bucket = set('s3_bucket');
    if (bucket) {
      const uploaded = this.uploadedArchive(attr(body, 's3_key')?.expr);
      return uploaded ? this.archiveCode(uploaded, bucket.a.expr.loc) : map([['S3Bucket', bucket.value]], bucket.a.loc, '');
    }
    const filename = set('filename');
    if (!filename) return undefined;
    const expr = filename.a.expr;
    let archive: Declared | undefined;
    if (expr.kind === 'traversal' && expr.root === 'data' && expr.steps[0]?.kind === 'attr' && expr.steps[0].name === 'archive_file' && expr.steps[1]?.kind === 'attr') {
      archive = this.declared.get(`data.archive_file.${expr.steps[1].name}`);
    } else {
      // `filename = "lambda.zip"` is often the output_path of an archive_file declared next to it.
      const zip = this.pathValue(expr, scope);
      archive = zip === undefined ? undefined : this.ofType('archive_file').find((d) => d.data && this.pathValue(attr(d.block.body, 'output_path')?.expr) === zip);
      if (!archive) return unknownValue(`a prebuilt package (${zip ?? describeExpr(expr)}) that sls-lint does not unpack`, expr.loc, '');
    }
    return archive ? this.archiveCode(archive, expr.loc) : unknownValue('an archive whose source is computed', expr.loc, '');
  }

  /** `aws_s3_object.x.key` (or the older `aws_s3_bucket_object`) → the `archive_file` the object's `source` is. */
  private uploadedArchive(key: HclExpr | undefined): Declared | undefined {
    const object = this.declared.get(referencedAddress(key) ?? '');
    if (!object || !['aws_s3_object', 'aws_s3_bucket_object'].includes(object.type)) return undefined;
    const source = referencedAddress(attr(object.block.body, 'source')?.expr);
    const archive = source ? this.declared.get(source) : undefined;
    return archive?.data && archive.type === 'archive_file' ? archive : undefined;
  }

  /**
   * What an `archive_file` zips: `source_dir`, `source_file`, or the file one `source { content =
   * file(…) }` reads. Code written into `source { content = <<-PY … }` is inline code, as `ZipFile` is.
   */
  private archiveCode(archive: Declared, loc: Loc): TNode {
    const body = archive.block.body;
    const direct = attr(body, 'source_dir') ?? attr(body, 'source_file');
    if (direct) {
      const value = this.pathValue(direct.expr);
      return value === undefined ? unknownValue('an archive whose source is computed', loc, '') : scalar(value, direct.expr.loc, '');
    }
    const contents = body.blocks.filter((b) => b.type === 'source').map((b) => attr(b.body, 'content'));
    const only = contents.length === 1 ? contents[0]?.expr : undefined;
    if (only?.kind === 'call' && only.name === 'file' && only.args.length === 1) {
      const value = this.pathValue(only.args[0]!);
      return value === undefined ? unknownValue('an archive whose source is computed', loc, '') : scalar(path.dirname(value), only.loc, '');
    }
    const written = contents.find((c) => c && (c.expr.kind === 'template' || c.expr.kind === 'literal'));
    if (written) return map([['ZipFile', this.lower(written.expr, 0)]], written.loc, '');
    return unknownValue('an archive whose source is computed', loc, '');
  }

  /** A path written as a literal or with `${path.module}`, normalised; undefined when computed. */
  private pathValue(expr: HclExpr | undefined, scope = NO_SCOPE): string | undefined {
    if (!expr) return undefined;
    const value = this.lower(expr, 0, '', scope);
    return isScalar(value) && typeof value.value === 'string' ? modulePath(value.value) : undefined;
  }

  /** Roles an `aws_iam_policy` is attached to by `aws_iam_role_policy_attachment`. */
  private rolesAttachedTo(policyAddress: string): TNode | undefined {
    const roles = this.attachments()
      .filter((a) => a.policy === policyAddress)
      .map((a) => a.role)
      .filter((r): r is TNode => r !== undefined);
    return roles.length ? seq(roles, this.rootLoc, '') : undefined;
  }

  /** AWS managed (or external) policy ARNs attached to a role by `aws_iam_role_policy_attachment`. */
  private attachedManagedPolicies(roleAddress: string): TNode[] {
    return this.attachments()
      .filter((a) => a.policy === undefined && a.roleAddress === roleAddress && a.arn)
      .map((a) => a.arn!);
  }

  private attachmentCache: { role: TNode | undefined; roleAddress: string | undefined; policy: string | undefined; arn: TNode | undefined }[] | undefined;
  private attachments() {
    this.attachmentCache ??= this.ofType('aws_iam_role_policy_attachment', 'aws_iam_policy_attachment')
      .flatMap((d) => this.instances(d).map((instance) => ({ d, scope: instance.scope })))
      .flatMap(({ d, scope }) => {
        const roleAttr = attr(d.block.body, 'role') ?? attr(d.block.body, 'roles');
        const arnAttr = attr(d.block.body, 'policy_arn');
        const policy = arnAttr && referencedAddress(arnAttr.expr);
        const roleExprs = roleAttr?.expr.kind === 'tuple' ? roleAttr.expr.items : roleAttr ? [roleAttr.expr] : [];
        return roleExprs.map((roleExpr) => ({
          role: this.lower(roleExpr, 0, '', scope),
          roleAddress: referencedAddress(roleExpr),
          policy: policy && this.declared.get(policy)?.type === 'aws_iam_policy' ? policy : undefined,
          arn: arnAttr ? this.lower(arnAttr.expr, 0, '', scope) : undefined,
        }));
      });
    return this.attachmentCache;
  }

  /** A setting of the queue written in a resource of its own (`aws_sqs_queue_redrive_policy`, `…_redrive_allow_policy`). */
  private queueCompanion(queueAddress: string, type: string, attribute: string): TNode | undefined {
    const d = this.ofType(type).find((x) => referencedAddress(attr(x.block.body, 'queue_url')?.expr) === queueAddress);
    return d ? this.attribute(d.block.body, attribute) : undefined;
  }

  /** Declared resources and data sources of these types, in the order they are written. */
  private ofType(...types: string[]): Declared[] {
    return [...this.declared.values()].filter((d) => types.includes(d.type));
  }

  /** `aws_cloudwatch_event_target`s of a rule, as the rule's `Targets`. */
  private eventTargets(ruleAddress: string): TNode | undefined {
    const targets = this.ofType('aws_cloudwatch_event_target')
      .filter((d) => referencedAddress(attr(d.block.body, 'rule')?.expr) === ruleAddress)
      .flatMap((d) => this.instances(d).map((instance) => ({ d, instance, body: this.scoped(d.block.body, instance.scope) })))
      .map(({ d, instance, body }) => {
        const dlq = this.blocks(body).find((b) => b.type === 'dead_letter_config');
        const dlqArn = dlq ? this.attribute(dlq.body, 'arn') : undefined;
        return map(
          [
            ['Id', this.attribute(body, 'target_id') ?? scalar(d.name + instance.suffix, d.block.typeLoc, '')],
            ['Arn', this.attribute(body, 'arn')],
            ['DeadLetterConfig', dlqArn ? map([['Arn', dlqArn]], dlqArn.loc, dlqArn.path) : undefined],
          ],
          d.block.loc,
          `resource/${d.type}/${d.name}${instance.suffix}`,
        );
      });
    return targets.length ? seq(targets, this.rootLoc, '') : undefined;
  }

  /** `aws_api_gateway_method_settings` for every method (`*​/*`) of this stage, as the stage's catch-all method setting. */
  private methodSettings(stage: Declared): TNode | undefined {
    const stageName = attr(stage.block.body, 'stage_name');
    const settings = this.ofType('aws_api_gateway_method_settings')
      .filter((d) => {
        const expr = attr(d.block.body, 'stage_name')?.expr;
        if (referencedAddress(expr) === stage.address) return true;
        return expr?.kind === 'literal' && stageName?.expr.kind === 'literal' && expr.value === stageName.expr.value;
      })
      .map((d) => {
        const path = this.lower(attr(d.block.body, 'method_path')?.expr ?? { kind: 'literal', value: null, loc: d.block.loc }, 0);
        const catchAll = isScalar(path) && path.value === '*/*';
        const s = d.block.body.blocks.find((b) => b.type === 'settings');
        return map(
          [
            ['ResourcePath', scalar(catchAll ? '/*' : String(isScalar(path) ? path.value : ''), d.block.loc, '')],
            ['HttpMethod', scalar(catchAll ? '*' : 'GET', d.block.loc, '')],
            ['ThrottlingRateLimit', s ? this.attribute(s.body, 'throttling_rate_limit') : undefined],
            ['ThrottlingBurstLimit', s ? this.attribute(s.body, 'throttling_burst_limit') : undefined],
          ],
          s?.loc ?? d.block.loc,
          `resource/${d.type}/${d.name}`,
        );
      });
    return settings.length ? seq(settings, stage.block.loc, '') : undefined;
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────

  /** An attribute's value, read in its body's scope. A null value is Terraform's "not set", so it is left out. */
  private attribute(body: HclBody, name: string): TNode | undefined {
    const a = attr(body, name);
    if (!a) return undefined;
    const value = this.lower(a.expr, 0, `${name}`, this.scopeOf(body));
    return isScalar(value) && value.value === null ? undefined : value;
  }

  /** An expression's value; one Terraform would reject (an attribute a known object lacks) is unknown. */
  private lower(expr: HclExpr, depth: number, path = '', scope: Scope = NO_SCOPE): TNode {
    try {
      return this.evaluate(expr, depth, path, scope);
    } catch (error) {
      if (error instanceof Missing) return unknownValue(describeExpr(expr), expr.loc, path);
      throw error;
    }
  }

  /**
   * A variable's default, for deciding what is deployed (a `count`, a condition). Values keep the
   * reference to the default, so a finding built on one still says it assumed it.
   */
  private readonly deref = (node: TNode): TNode => {
    if (node.kind !== 'fn' || node.name !== 'Ref' || !isScalar(node.arg)) return node;
    const name = String(node.arg.value);
    const parameter = name.startsWith('var:') ? this.shared.parameters.find((p) => p.key === name)?.value : undefined;
    const fallback = parameter?.kind === 'map' ? parameter.entries.find((e) => e.key === 'Default')?.value : undefined;
    return fallback ?? node;
  };

  private known(node: TNode): TNode {
    return this.deref(node);
  }

  /** Like lower, but a missing attribute, key or instance throws Missing, for `try(…)` to catch. */
  private evaluate(expr: HclExpr, depth: number, path: string, scope: Scope): TNode {
    if (depth > MAX_DEPTH) return unknownValue('expression', expr.loc, path);
    const next = depth + 1;
    switch (expr.kind) {
      case 'literal':
        return scalar(expr.value, expr.loc, path);
      case 'parens':
        return this.evaluate(expr.expr, next, path, scope);
      case 'tuple':
        return seq(expr.items.map((item, i) => this.evaluate(item, next, `${path}/${i}`, scope)), expr.loc, path);
      case 'object': {
        const entries: MapEntry[] = [];
        for (const item of expr.items) {
          const key = item.keyName ?? this.objectKey(item.key, next, path, scope);
          if (key === undefined) continue;
          entries.push({ key, keyLoc: item.key.loc, value: this.evaluate(item.value, next, `${path}/${key}`, scope) });
        }
        return { kind: 'map', entries, loc: expr.loc, path };
      }
      case 'template':
        return this.template(expr, depth, path, scope);
      case 'traversal':
        return this.traversal(expr, depth, path, scope);
      case 'relative':
        return this.steps(this.evaluate(expr.source, next, path, scope), expr.steps, expr, next, path, scope);
      case 'call':
        return this.call(expr, depth, path, scope);
      case 'conditional': {
        const condition = truth(this.evaluate(expr.condition, next, path, scope), this.deref);
        if (condition !== undefined) return this.evaluate(condition ? expr.then : expr.else, next, path, scope);
        // Undecided: both branches are written and one is deployed. IAM rules read both, others see an unknown value.
        return fn('Fn::If', seq([scalar('terraform-condition', expr.condition.loc, path), this.lower(expr.then, next, path, scope), this.lower(expr.else, next, path, scope)], expr.loc, path), expr.loc, path);
      }
      case 'binary': {
        const left = this.evaluate(expr.left, next, path, scope);
        let right: TNode;
        try {
          right = this.evaluate(expr.right, next, path, scope);
        } catch (error) {
          // `x != null && x.enabled`: a side that fails does not matter when the other decides.
          const decided = expr.op === '&&' ? false : expr.op === '||' ? true : undefined;
          if (!(error instanceof Missing) || decided === undefined || truth(left, this.deref) !== decided) throw error;
          return scalar(decided, expr.loc, path);
        }
        return binary(expr.op, left, right, this.deref, expr.loc, path);
      }
      case 'unary':
        return unary(expr.op, this.evaluate(expr.operand, next, path, scope), this.deref, expr.loc, path);
      case 'for':
        return this.forExpression(expr, next, path, scope);
    }
  }

  /** `(var.name) = …`, `"${each.key}" = …`: an object key computed to a known string. */
  private objectKey(key: HclExpr, depth: number, path: string, scope: Scope): string | undefined {
    const value = this.known(this.evaluate(key, depth, path, scope));
    return isScalar(value) && value.value !== null ? String(value.value) : undefined;
  }

  private call(expr: Extract<HclExpr, { kind: 'call' }>, depth: number, path: string, scope: Scope): TNode {
    const next = depth + 1;
    if (expr.expandFinal) return unknownValue(`${expr.name}()`, expr.loc, path);
    if (expr.name === 'try') {
      // The first argument that Terraform can evaluate; an unknown one is the (unknown) result.
      for (const [i, arg] of expr.args.entries()) {
        try {
          return this.evaluate(arg, next, path, scope);
        } catch (error) {
          if (!(error instanceof Missing) || i === expr.args.length - 1) throw error;
        }
      }
      return unknownValue('try()', expr.loc, path);
    }
    if (expr.name === 'can' && expr.args.length === 1) {
      try {
        const value = this.evaluate(expr.args[0]!, next, path, scope);
        const unknown = value.kind === 'fn' && value.name !== 'Ref' && value.name !== 'Fn::GetAtt';
        return unknown ? unknownValue('can()', expr.loc, path) : scalar(true, expr.loc, path);
      } catch (error) {
        if (error instanceof Missing) return scalar(false, expr.loc, path);
        throw error;
      }
    }
    const args = expr.args.map((arg) => this.evaluate(arg, next, path, scope));
    return builtin(expr.name, args, this.deref, expr.loc, path) ?? unknownValue(`${expr.name}()`, expr.loc, path);
  }

  /** `[for v in c : x if p]` and `{for k, v in c : k => v}` over a known collection; unknown if it or a condition or key is. */
  private forExpression(expr: Extract<HclExpr, { kind: 'for' }>, depth: number, path: string, scope: Scope): TNode {
    const f = expr.parsed;
    const unknown = () => unknownValue('a for expression', expr.loc, path);
    if (!f || f.grouping) return unknown();
    const items = elements(this.evaluate(f.collection, depth, path, scope), this.deref);
    if (!items) return unknown();
    const entries: MapEntry[] = [];
    const list: TNode[] = [];
    for (const [key, value] of items) {
      const names = new Map(scope.names);
      if (f.keyVar) names.set(f.keyVar, key);
      names.set(f.valueVar, value);
      const inner: Scope = { ...scope, names };
      if (f.condition) {
        const keep = truth(this.evaluate(f.condition, depth, path, inner), this.deref);
        if (keep === undefined) return unknown();
        if (!keep) continue;
      }
      const result = this.evaluate(f.value, depth, path, inner);
      if (!f.key) {
        list.push(result);
        continue;
      }
      const name = this.objectKey(f.key, depth, path, inner);
      if (name === undefined) return unknown();
      entries.push({ key: name, keyLoc: key.loc, value: result });
    }
    return f.object ? { kind: 'map', entries, loc: expr.loc, path } : seq(list, expr.loc, path);
  }

  /** `"${var.env}-orders"` → a `Fn::Sub` whose parts are literal, assumed (variables) or unknown. */
  private template(expr: Extract<HclExpr, { kind: 'template' }>, depth: number, path: string, scope: Scope): TNode {
    if (expr.heredoc && expr.parts.every((p) => p.kind === 'text')) {
      const text = expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('\n');
      return this.jsonDocument(text, expr, path) ?? scalar(text, expr.loc, path);
    }
    let template = '';
    let complete = true;
    for (const part of expr.parts) {
      if (part.kind === 'text') {
        template += part.value.replace(/\$\{/g, '${!');
      } else if (part.kind === 'directive') {
        complete = false;
        template += '${directive}';
      } else {
        const value = this.evaluate(part.expr, depth + 1, path, scope);
        if (isScalar(value) && value.value !== null) template += String(value.value).replace(/\$\{/g, '${!');
        else if (value.kind === 'fn' && value.name === 'Ref' && isScalar(value.arg)) template += '${' + String(value.arg.value) + '}';
        else template += '${' + describeExpr(part.expr) + '}';
      }
    }
    if (complete && !template.includes('${')) return scalar(template, expr.loc, path);
    return fn('Fn::Sub', scalar(template, expr.loc, path), expr.loc, path);
  }

  /** A heredoc JSON policy becomes a document whose positions are those in the `.tf` file. */
  private jsonDocument(text: string, expr: Extract<HclExpr, { kind: 'template' }>, path: string): TNode | undefined {
    const trimmed = text.trim();
    if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) return undefined;
    const first = expr.parts.find((p) => p.kind === 'text');
    if (!first) return undefined;
    const parsed = parseYamlOrJson(text, first.loc.file, 'json');
    if (parsed.diagnostics.some((d) => d.fatal) || !parsed.root) return undefined;
    return shift(parsed.root, first.loc.line - 1, first.loc.column - 1, path);
  }

  private traversal(expr: Extract<HclExpr, { kind: 'traversal' }>, depth: number, path: string, scope: Scope): TNode {
    const { root, steps } = expr;
    const first = steps[0]?.kind === 'attr' ? steps[0].name : undefined;
    const unknown = () => unknownValue(describeExpr(expr), expr.loc, path);
    const named = scope.names?.get(root);
    if (named) return this.steps(named, steps, expr, depth, path, scope);
    if (root === 'each') return scope.each && (first === 'key' || first === 'value') ? this.steps(scope.each[first], steps.slice(1), expr, depth, path, scope) : unknown();
    if (root === 'count') return first === 'index' && scope.count !== undefined ? scalar(scope.count, expr.loc, path) : unknown();
    if (root === 'var' && first) return this.steps(this.variable(first, expr, depth, path), steps.slice(1), expr, depth, path, scope);
    if (root === 'module' && first) return this.moduleOutput(first, steps.slice(1), expr, depth, path, scope);
    if (root === 'local' && first) {
      const local = this.locals.get(first);
      const key = `local.${first}`;
      if (!local || this.resolving.has(key)) return unknown();
      this.resolving.add(key);
      let value: TNode;
      try {
        value = this.evaluate(local.expr, depth + 1, path, NO_SCOPE);
      } finally {
        this.resolving.delete(key);
      }
      if (steps.length === 1 && isScalar(value)) return { ...value, loc: expr.loc };
      return this.steps(value, steps.slice(1), expr, depth, path, scope);
    }
    if (root === 'path') return scalar(first === 'module' ? folderFromRoot(this.shared.rootDir, this.dir) : '.', expr.loc, path);
    return this.reference(expr, depth, path, scope);
  }

  /**
   * `.name` and `[key]` after a value. On a known object or list, one it does not have is an error
   * in Terraform (Missing, for `try` to catch); on an unknown value the result is unknown.
   */
  private steps(value: TNode, steps: HclStep[], expr: HclExpr, depth: number, path: string, scope: Scope): TNode {
    let node = value;
    for (const step of steps) {
      const current = this.known(node);
      if (step.kind === 'splat' || current.kind === 'fn') return unknownValue(describeExpr(expr), expr.loc, path);
      let key: string | number;
      if (step.kind === 'attr') key = step.name;
      else {
        const k = this.known(this.evaluate(step.key, depth + 1, path, scope));
        if (!isScalar(k) || (typeof k.value !== 'string' && typeof k.value !== 'number')) return unknownValue(describeExpr(expr), expr.loc, path);
        key = k.value;
      }
      let found: TNode | undefined;
      if (current.kind === 'map') found = current.entries.find((e) => e.key === String(key))?.value;
      else if (current.kind === 'seq' && step.kind === 'index') found = current.items[Number(key)];
      if (!found) throw new Missing(`${describeExpr(expr)}: no ${String(key)}`);
      node = found;
    }
    return node;
  }

  /**
   * Which instance of a resource or module call a reference names: the one its `[key]` picks, the
   * only one of a block without `count`/`for_each` (or with an unknown one). Undefined when it
   * cannot be told; Missing when the instance does not exist.
   */
  private pick<T extends { key: string | number | undefined }>(instances: T[], steps: HclStep[], what: string, depth: number, path: string, scope: Scope): { instance: T; rest: HclStep[] } | undefined {
    const [step, ...rest] = steps;
    const only = instances.length === 1 && instances[0]!.key === undefined ? instances[0] : undefined;
    // An unknown count or for_each: today's single instance, whatever key is written.
    if (only) return { instance: only, rest: step?.kind === 'index' ? rest : steps };
    if (step?.kind !== 'index') return undefined;
    const key = this.known(this.evaluate(step.key, depth + 1, path, scope));
    if (!isScalar(key) || key.value === null) return undefined;
    const instance = instances.find((i) => String(i.key) === String(key.value));
    if (!instance) throw new Missing(`${what}[${String(key.value)}] does not exist`);
    return { instance, rest };
  }

  /** `aws_sqs_queue.dlq[0].arn`, `data.aws_iam_policy_document.x.json`: another resource's attribute. */
  private reference(expr: Extract<HclExpr, { kind: 'traversal' }>, depth: number, path: string, scope: Scope): TNode {
    const names = attrNames(expr);
    const unknown = () => unknownValue(describeExpr(expr), expr.loc, path);
    const address = expr.root === 'data' ? (names.length >= 2 ? `data.${names[0]}.${names[1]}` : undefined) : names[0] ? `${expr.root}.${names[0]}` : undefined;
    const target = address ? this.declared.get(address) : undefined;
    if (!target) return unknown();
    const picked = this.pick(this.instances(target), expr.steps.slice(target.data ? 2 : 1), address!, depth, path, scope);
    if (!picked) return unknown();
    const { instance, rest } = picked;
    // `aws_sqs_queue.this[*].arn` of an unknown count: the resource, as before instances were read.
    const attribute = rest[0]?.kind === 'attr' ? rest[0].name : undefined;
    const id = this.prefix + address! + instance.suffix;
    if (target.type === 'aws_iam_policy_document' && attribute === 'json') return this.policyDocument(target, instance.scope);
    // An archive's output_path is the path written for it, so `local.filename` set from it still leads to its source.
    if (target.type === 'archive_file' && attribute === 'output_path') {
      const written = attr(target.block.body, 'output_path');
      const value = written && this.lower(written.expr, depth + 1, path, instance.scope);
      return value && isScalar(value) ? { ...value, loc: expr.loc } : unknown();
    }
    if (target.data) return unknown();
    // A literal attribute of another resource (a function's name) is known; computed ones (arn, id) link,
    // and so does a role's or policy's name, which is how a policy or attachment names its role.
    const literal = attribute ? attr(target.block.body, attribute) : undefined;
    const linksByName = attribute === 'name' && (target.type === 'aws_iam_role' || target.type === 'aws_iam_policy');
    if (literal && !linksByName && !['arn', 'id', 'invoke_arn', 'qualified_arn', 'url'].includes(attribute!) && !this.resolving.has(id)) {
      this.resolving.add(id);
      try {
        const value = this.lower(literal.expr, depth + 1, path, instance.scope);
        if (isScalar(value)) return { ...value, loc: expr.loc };
      } finally {
        this.resolving.delete(id);
      }
    }
    if (attribute === undefined || attribute === 'id' || attribute === 'name') return ref(id, expr.loc, path);
    return getAtt(id, cfnAttribute(attribute), expr.loc, path);
  }

  /** `module.x.queue_arn`, `module.x["a"].queue_arn` → the child's `output "queue_arn"` value, lowered in the child. */
  private moduleOutput(name: string, steps: HclStep[], expr: HclExpr, depth: number, path: string, scope: Scope): TNode {
    const unknown = () => unknownValue(describeExpr(expr), expr.loc, path);
    const calls = this.children.get(name);
    const picked = calls ? this.pick(calls, steps, `module.${name}`, depth, path, scope) : undefined;
    if (!picked) return unknown();
    const { instance, rest } = picked;
    const output = rest[0]?.kind === 'attr' ? rest[0].name : undefined;
    const value = output ? instance.child.outputs.get(output) : undefined;
    const key = `module.${name}[${String(instance.key)}].${output}`;
    if (!value || this.resolving.has(key)) return unknown();
    this.resolving.add(key);
    let lowered: TNode;
    try {
      lowered = instance.child.evaluate(value.expr, depth + 1, path, NO_SCOPE);
    } finally {
      this.resolving.delete(key);
    }
    if (rest.length === 1 && isScalar(lowered)) return { ...lowered, loc: expr.loc };
    return this.steps(lowered, rest.slice(1), expr, depth, path, scope);
  }

  /**
   * `var.timeout` → in a module, the call's argument; else its `default`, recorded as an
   * assumption; without either it is unknown. A default list or object is read as written.
   */
  private variable(name: string, expr: HclExpr, depth: number, path: string): TNode {
    const passed = this.inputs?.args.get(name);
    if (passed && this.inputs) {
      const key = `var.${name}`;
      if (this.resolving.has(key)) return unknownValue(`var.${name}`, expr.loc, path);
      this.resolving.add(key);
      try {
        return this.inputs.caller.evaluate(passed, depth + 1, path, this.inputs.scope);
      } finally {
        this.resolving.delete(key);
      }
    }
    const block = this.variables.get(name);
    const fallback = block && attr(block.body, 'default');
    // A module's `default = null` that its call does not set is unset, a fact; a root variable may still come from a .tfvars.
    if (this.inputs && fallback?.expr.kind === 'literal' && fallback.expr.value === null) return scalar(null, expr.loc, path);
    if (fallback && (fallback.expr.kind === 'object' || fallback.expr.kind === 'tuple')) return this.lower(fallback.expr, depth + 1, path);
    if (!fallback || fallback.expr.kind !== 'literal' || fallback.expr.value === null) return unknownValue(`${this.prefix}var.${name}`, expr.loc, path);
    const parameter = `var:${this.prefix}${name}`;
    if (!this.shared.parameters.some((p) => p.key === parameter)) {
      const value = scalar(fallback.expr.value, fallback.expr.loc, `variables/${name}`);
      this.shared.parameters.push({ key: parameter, keyLoc: block.labels[0]!.loc, value: map([['Type', scalar('String', block.loc, '')], ['Default', value]], block.loc, `variables/${name}`) });
    }
    return ref(parameter, expr.loc, path);
  }

  /** A statement's `principals { type = "Service", identifiers = [...] }` blocks as CloudFormation's `Principal` map. */
  private principals(statement: HclBlock): TNode | undefined {
    const blocks = this.blocks(statement.body).filter((b) => b.type === 'principals');
    const entries: [string, TNode | undefined][] = [];
    for (const block of blocks) {
      const type = this.attribute(block.body, 'type');
      if (!type || type.kind !== 'scalar' || typeof type.value !== 'string') return scalar('unknown', block.loc, '');
      entries.push([type.value, this.attribute(block.body, 'identifiers')]);
    }
    return entries.length ? map(entries, statement.loc, '') : undefined;
  }

  /** `data "aws_iam_policy_document"`: each `statement` block becomes a statement located in the `.tf` file. */
  private policyDocument(d: Declared, scope: Scope): TNode {
    const statements = this.blocks(this.scoped(d.block.body, scope))
      .filter((b) => b.type === 'statement')
      .map((b) => {
        const list = (name: string) => this.attribute(b.body, name);
        const effect = this.attribute(b.body, 'effect') ?? scalar('Allow', b.typeLoc, '');
        return map(
          [
            ['Sid', this.attribute(b.body, 'sid')],
            ['Effect', effect],
            ['Action', list('actions')],
            ['NotAction', list('not_actions')],
            ['Resource', list('resources')],
            ['NotResource', list('not_resources')],
            ['Principal', this.principals(b)],
            ['Condition', this.blocks(b.body).some((c) => c.type === 'condition') ? scalar('condition', b.loc, '') : undefined],
          ],
          b.loc,
          `data/aws_iam_policy_document/${d.name}/statement`,
        );
      });
    return map([['Statement', seq(statements, d.block.loc, '')]], d.block.loc, `data/aws_iam_policy_document/${d.name}`);
  }
}

export function attr(body: HclBody, name: string): HclAttribute | undefined {
  return body.attributes.find((a) => a.name === name);
}

/** The attribute names of a traversal; an index (`aws_sqs_queue.this[0].arn`, a `count` instance) is passed over. */
export function attrNames(expr: Extract<HclExpr, { kind: 'traversal' }>): string[] {
  const names: string[] = [];
  for (const step of expr.steps) {
    if (step.kind === 'index') continue;
    if (step.kind !== 'attr') break;
    names.push(step.name);
  }
  return names;
}

/** The resource address an expression refers to: `aws_iam_role.worker.name` → `aws_iam_role.worker`. */
function referencedAddress(expr: HclExpr | undefined): string | undefined {
  if (expr?.kind !== 'traversal') return undefined;
  const names = attrNames(expr);
  if (expr.root === 'data') return names.length >= 2 ? `data.${names[0]}.${names[1]}` : undefined;
  if (['var', 'local', 'module', 'path', 'each', 'count', 'self'].includes(expr.root)) return undefined;
  return names[0] ? `${expr.root}.${names[0]}` : undefined;
}

function describeExpr(expr: HclExpr): string {
  if (expr.kind === 'traversal') return [expr.root, ...attrNames(expr)].join('.');
  if (expr.kind === 'call') return `${expr.name}()`;
  return 'a computed value';
}

/** Terraform attribute → the CloudFormation `GetAtt` name the adapter reads (`stream_arn` → `StreamArn`). */
function cfnAttribute(attribute: string): string {
  return attribute.split('_').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}

/** `path.module` of a module read from the root's folder: paths are resolved from the root, as the handler linker does. */
function folderFromRoot(rootDir: string, dir: string): string {
  return path.relative(rootDir, dir) || '.';
}

/** `${path.module}/src` was lowered to `./src`. */
function modulePath(value: string): string {
  return path.normalize(value).replace(/^\.\//, '') || '.';
}

function shift(node: TNode, lines: number, columns: number, path: string): TNode {
  const move = (loc: Loc): Loc => ({
    ...loc,
    line: loc.line + lines,
    endLine: loc.endLine + lines,
    column: loc.line === 1 ? loc.column + columns : loc.column,
    endColumn: loc.endLine === 1 ? loc.endColumn + columns : loc.endColumn,
  });
  switch (node.kind) {
    case 'scalar':
      return { ...node, loc: move(node.loc), path: `${path}${node.path}` };
    case 'seq':
      return { ...node, loc: move(node.loc), path: `${path}${node.path}`, items: node.items.map((i) => shift(i, lines, columns, path)) };
    case 'map':
      return { ...node, loc: move(node.loc), path: `${path}${node.path}`, entries: node.entries.map((e) => ({ ...e, keyLoc: move(e.keyLoc), value: shift(e.value, lines, columns, path) })) };
    case 'fn':
      return { ...node, loc: move(node.loc), path: `${path}${node.path}`, arg: shift(node.arg, lines, columns, path) };
  }
}

