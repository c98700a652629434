/**
 * CloudFormation and SAM templates → the application model.
 *
 * SAM is understood natively (Globals, event sources, DeadLetterQueue, EventInvokeConfig, Policies,
 * policy templates) rather than by running the SAM translator, so every value keeps the location
 * the user wrote it at.
 */
import { emptyStack } from './stack.js';
import {
  asList,
  entry,
  get,
  getPath,
  isMap,
  isScalar,
  isSeq,
  jsonValueAt,
  type Loc,
  type MapNode,
  type TNode,
} from '../parse/tree.js';
import { Evaluator } from './evaluate.js';
import type {
  ApiStageModel,
  Destination,
  FunctionCode,
  IacFormat,
  EnvironmentVariable,
  EventRuleModel,
  FunctionModel,
  InvocationType,
  ParameterModel,
  PolicyHolderKind,
  PolicyStatement,
  PolicyTemplateUse,
  QueueModel,
  ResourceLink,
  ResourceModel,
  Setting,
  StackModel,
  SubscriptionModel,
  Trigger,
  TriggerKind,
  Value,
} from './types.js';

export const SAM_TRANSFORM = 'AWS::Serverless-2016-10-31';

/** Lambda defaults for CloudFormation/SAM (Serverless Framework's timeout default differs). */
const LAMBDA_DEFAULTS = { timeout: 3, memorySize: 128, tracing: 'PassThrough' } as const;

interface EventSourceSpec {
  kind: TriggerKind;
  invocation: InvocationType;
  /** Property naming the invoking resource. */
  sourceProperty?: string;
  defaultBatchSize?: number;
}

/** SAM event source types, from the SAM specification. */
const SAM_EVENT_TYPES: Record<string, EventSourceSpec> = {
  Api: { kind: 'api', invocation: 'sync', sourceProperty: 'RestApiId' },
  HttpApi: { kind: 'http-api', invocation: 'sync', sourceProperty: 'ApiId' },
  SQS: { kind: 'sqs', invocation: 'poll', sourceProperty: 'Queue', defaultBatchSize: 10 },
  SNS: { kind: 'sns', invocation: 'async', sourceProperty: 'Topic' },
  S3: { kind: 's3', invocation: 'async', sourceProperty: 'Bucket' },
  Kinesis: { kind: 'kinesis', invocation: 'poll', sourceProperty: 'Stream', defaultBatchSize: 100 },
  DynamoDB: { kind: 'dynamodb-stream', invocation: 'poll', sourceProperty: 'Stream', defaultBatchSize: 100 },
  EventBridgeRule: { kind: 'eventbridge', invocation: 'async', sourceProperty: 'EventBusName' },
  CloudWatchEvent: { kind: 'eventbridge', invocation: 'async', sourceProperty: 'EventBusName' },
  Schedule: { kind: 'schedule', invocation: 'async' },
  ScheduleV2: { kind: 'scheduler', invocation: 'async' },
  CloudWatchLogs: { kind: 'cloudwatch-logs', invocation: 'async', sourceProperty: 'LogGroupName' },
  IoTRule: { kind: 'iot', invocation: 'async' },
  MSK: { kind: 'msk', invocation: 'poll', sourceProperty: 'Stream', defaultBatchSize: 100 },
  MQ: { kind: 'mq', invocation: 'poll', sourceProperty: 'Broker', defaultBatchSize: 100 },
  SelfManagedKafka: { kind: 'self-managed-kafka', invocation: 'poll', defaultBatchSize: 100 },
  DocumentDB: { kind: 'documentdb', invocation: 'poll', sourceProperty: 'Cluster', defaultBatchSize: 100 },
  Cognito: { kind: 'cognito', invocation: 'sync', sourceProperty: 'UserPool' },
  AlexaSkill: { kind: 'alexa', invocation: 'sync' },
  // Events of lowered formats that SAM has no event type for (serverless.yml `alb`, `websocket`).
  'sls-lint:ALB': { kind: 'alb', invocation: 'sync' },
  'sls-lint:WebSocket': { kind: 'api', invocation: 'sync' },
};

/** Service principals that invoke a function through a resource-based permission. */
const PERMISSION_PRINCIPALS: Record<string, { kind: TriggerKind; invocation: InvocationType }> = {
  's3.amazonaws.com': { kind: 's3', invocation: 'async' },
  'sns.amazonaws.com': { kind: 'sns', invocation: 'async' },
  'events.amazonaws.com': { kind: 'eventbridge', invocation: 'async' },
  'scheduler.amazonaws.com': { kind: 'scheduler', invocation: 'async' },
  'logs.amazonaws.com': { kind: 'cloudwatch-logs', invocation: 'async' },
  'iot.amazonaws.com': { kind: 'iot', invocation: 'async' },
  'apigateway.amazonaws.com': { kind: 'api', invocation: 'sync' },
  'elasticloadbalancing.amazonaws.com': { kind: 'alb', invocation: 'sync' },
  'cognito-idp.amazonaws.com': { kind: 'cognito', invocation: 'sync' },
};

const DEFAULT_BATCH_SIZE: Partial<Record<TriggerKind, number>> = {
  sqs: 10,
  kinesis: 100,
  'dynamodb-stream': 100,
  msk: 100,
  'self-managed-kafka': 100,
  mq: 100,
  documentdb: 100,
};

/** True when a parsed document is a CloudFormation or SAM template rather than some other YAML/JSON. */
export function isCloudFormationTemplate(root: TNode | undefined): root is MapNode {
  if (!isMap(root)) return false;
  if (get(root, 'AWSTemplateFormatVersion') !== undefined) return true;
  if (transforms(root).some((t) => t.startsWith('AWS::Serverless'))) return true;
  const resources = get(root, 'Resources');
  if (!isMap(resources)) return false;
  // One resource with a broken Type must not hide the whole template: any CloudFormation type counts.
  return resources.entries.some((e) => {
    const type = get(e.value, 'Type');
    return isScalar(type) && typeof type.value === 'string' && /^(AWS|Custom|Alexa)::[A-Za-z0-9]+/.test(type.value);
  });
}

function transforms(root: MapNode): string[] {
  return asList(get(root, 'Transform'))
    .filter(isScalar)
    .map((node) => String(node.value));
}

/** What a format that is lowered into a SAM/CloudFormation tree (serverless.yml, Terraform, CDK output) changes. */
export interface StackModelOptions {
  format?: IacFormat;
  /** The format's own Lambda defaults (the Serverless Framework's timeout is 6 s, its memory 1024 MB). */
  lambdaDefaults?: Partial<{ timeout: number; memorySize: number; tracing: string }>;
}

export function buildStackModel(root: MapNode, file: string, options: StackModelOptions = {}): StackModel {
  return new StackBuilder(root, file, options).build();
}

class StackBuilder {
  private readonly resources = new Map<string, ResourceModel>();
  private readonly parameters = new Map<string, ParameterModel>();
  private readonly evaluator: Evaluator;
  private readonly globals: MapNode | undefined;
  private readonly stack: StackModel;
  private readonly functionsById = new Map<string, FunctionModel>();
  /** Role logical ID → functions that run with it. */
  private readonly roleUsers = new Map<string, string[]>();

  private readonly defaults: { timeout: number; memorySize: number; tracing: string };

  constructor(
    private readonly root: MapNode,
    file: string,
    options: StackModelOptions,
  ) {
    this.defaults = { ...LAMBDA_DEFAULTS, ...options.lambdaDefaults };
    this.collectResources();
    this.collectParameters();
    this.evaluator = new Evaluator(root, this.parameters, new Set(this.resources.keys()));
    const globals = getPath(root, 'Globals', 'Function');
    this.globals = isMap(globals) ? globals : undefined;
    this.stack = emptyStack({
      format: options.format ?? (transforms(root).includes(SAM_TRANSFORM) ? 'sam' : 'cloudformation'),
      file,
      root,
      resources: this.resources,
      parameters: this.parameters,
    });
  }

  build(): StackModel {
    for (const resource of this.resources.values()) {
      if (resource.type === 'AWS::Serverless::Function' || resource.type === 'AWS::Lambda::Function') this.addFunction(resource);
    }
    for (const resource of this.resources.values()) {
      switch (resource.type) {
        case 'AWS::Lambda::EventSourceMapping':
          this.addEventSourceMapping(resource);
          break;
        case 'AWS::Lambda::EventInvokeConfig':
          this.addEventInvokeConfig(resource);
          break;
        case 'AWS::SQS::Queue':
          this.addQueue(resource);
          break;
        case 'AWS::SNS::Topic':
          this.addTopic(resource);
          break;
        case 'AWS::SNS::Subscription':
          this.addSubscription(resource);
          break;
        case 'AWS::Events::Rule':
          this.addEventRule(resource);
          break;
        case 'AWS::Scheduler::Schedule':
          this.addSchedule(resource);
          break;
        case 'AWS::S3::Bucket':
          this.addBucketNotifications(resource);
          break;
        case 'AWS::Logs::LogGroup':
          this.stack.logGroups.push({
            id: resource.id,
            loc: resource.loc,
            nameText: this.evaluator.renderString(get(resource.properties, 'LogGroupName'))?.text,
            retentionInDays: this.evaluator.number(get(resource.properties, 'RetentionInDays')),
          });
          break;
        case 'AWS::ApiGateway::Stage':
        case 'AWS::ApiGateway::Deployment':
        case 'AWS::ApiGatewayV2::Stage':
        case 'AWS::Serverless::Api':
        case 'AWS::Serverless::HttpApi':
          this.addApiStage(resource);
          break;
        case 'AWS::Lambda::Url':
          this.stack.functionUrls.push({ id: resource.id, loc: resource.loc, authType: this.evaluator.string(get(resource.properties, 'AuthType')) });
          break;
        default:
          break;
      }
    }
    // Permissions last: they only add a trigger the function does not already have from a more specific source.
    for (const resource of this.resources.values()) {
      if (resource.type === 'AWS::Lambda::Permission') this.addPermission(resource);
    }
    this.addImplicitApis();
    this.addIdentityPolicies();
    return this.stack;
  }

  // ── resources and parameters ────────────────────────────────────────────────────────────

  private collectResources(): void {
    const resources = get(this.root, 'Resources');
    if (!isMap(resources)) return;
    for (const e of resources.entries) {
      if (!isMap(e.value)) continue;
      const type = get(e.value, 'Type');
      const properties = get(e.value, 'Properties');
      const ignore = getPath(e.value, 'Metadata', 'sls-lint', 'ignore');
      const ignores = new Set(asList(ignore).filter(isScalar).map((n) => String(n.value)));
      this.resources.set(e.key, {
        id: e.key,
        type: isScalar(type) ? String(type.value) : '',
        loc: e.keyLoc,
        blockLoc: { ...e.keyLoc, endLine: e.value.loc.endLine, endColumn: e.value.loc.endColumn },
        node: e.value,
        properties: isMap(properties) ? properties : undefined,
        ignores,
        ignoresAll: ignores.has('all') || ignores.has('*'),
      });
    }
  }

  private collectParameters(): void {
    const parameters = get(this.root, 'Parameters');
    if (!isMap(parameters)) return;
    for (const e of parameters.entries) {
      const type = get(e.value, 'Type');
      const noEcho = get(e.value, 'NoEcho');
      this.parameters.set(e.key, {
        id: e.key,
        loc: e.keyLoc,
        type: isScalar(type) ? String(type.value) : undefined,
        defaultValue: get(e.value, 'Default'),
        noEcho: isScalar(noEcho) && String(noEcho.value).toLowerCase() === 'true',
      });
    }
  }

  // ── functions ───────────────────────────────────────────────────────────────────────────

  /** A SAM property, falling back to `Globals.Function`. */
  private samProperty(resource: ResourceModel, name: string): { node: TNode; source: 'resource' | 'globals' } | undefined {
    const own = get(resource.properties, name);
    if (own !== undefined && !this.evaluator.isNoValue(own)) return { node: own, source: 'resource' };
    if (resource.type !== 'AWS::Serverless::Function') return undefined;
    const inherited = get(this.globals, name);
    return inherited !== undefined ? { node: inherited, source: 'globals' } : undefined;
  }

  private setting<T>(
    resource: ResourceModel,
    name: string,
    read: (node: TNode) => Value<T> | undefined,
    defaultValue: T | undefined,
  ): Setting<T> {
    const found = this.samProperty(resource, name);
    const value = found ? read(found.node) : undefined;
    if (!found || !value) return { value: undefined, source: 'default', defaultValue, loc: resource.loc };
    return { value, source: found.source, defaultValue, loc: found.node.loc };
  }

  private addFunction(resource: ResourceModel): void {
    const sam = resource.type === 'AWS::Serverless::Function';
    const ev = this.evaluator;
    const str = (node: TNode) => ev.string(node);
    const tracing = sam
      ? this.setting(resource, 'Tracing', str, this.defaults.tracing)
      : this.nestedSetting(resource, ['TracingConfig', 'Mode'], this.defaults.tracing);

    const fn: FunctionModel = {
      id: resource.id,
      resource,
      loc: resource.loc,
      kind: sam ? 'sam' : 'lambda',
      runtime: this.setting(resource, 'Runtime', str, undefined),
      handler: ev.string(this.samProperty(resource, 'Handler')?.node),
      code: this.functionCode(resource, sam),
      build: this.buildMetadata(resource),
      timeout: this.setting(resource, 'Timeout', (n) => ev.number(n), this.defaults.timeout),
      memorySize: this.setting(resource, 'MemorySize', (n) => ev.number(n), this.defaults.memorySize),
      tracing,
      environment: this.environment(resource),
      role: undefined,
      triggers: [],
      logGroup: this.evaluator.link(this.samProperty(resource, 'LoggingConfig') && get(this.samProperty(resource, 'LoggingConfig')!.node, 'LogGroup')),
      functionName: (() => {
        const name = ev.string(get(resource.properties, 'FunctionName'));
        return name?.known ? name.value : undefined;
      })(),
    };

    const role = get(resource.properties, 'Role');
    if (role !== undefined && !ev.isNoValue(role)) {
      fn.role = ev.link(role);
      if (fn.role?.id) this.roleUsers.set(fn.role.id, [...(this.roleUsers.get(fn.role.id) ?? []), fn.id]);
    } else if (sam) {
      fn.role = { generated: true, loc: resource.loc };
    }

    const deadLetter = sam ? this.samProperty(resource, 'DeadLetterQueue') : this.samProperty(resource, 'DeadLetterConfig');
    const deadLetterDestination = deadLetter && this.destinationAt(deadLetter.node, ['TargetArn'], deadLetter.node.loc);
    if (deadLetterDestination) fn.deadLetter = deadLetterDestination;

    if (sam) {
      const invokeConfig = this.samProperty(resource, 'EventInvokeConfig');
      if (invokeConfig) this.applyEventInvokeConfig(fn, invokeConfig.node);
      this.addSamEvents(fn);
      const url = get(resource.properties, 'FunctionUrlConfig');
      if (isMap(url)) {
        this.stack.functionUrls.push({ id: resource.id, loc: entry(resource.properties, 'FunctionUrlConfig')!.keyLoc, authType: ev.string(get(url, 'AuthType')) });
        fn.triggers.push({ kind: 'function-url', invocation: 'sync', name: 'FunctionUrlConfig', loc: entry(resource.properties, 'FunctionUrlConfig')!.keyLoc, via: 'sam-event' });
      }
    }

    this.functionsById.set(fn.id, fn);
    this.stack.functions.push(fn);
  }

  private functionCode(resource: ResourceModel, sam: boolean): FunctionCode {
    const ev = this.evaluator;
    const packageType = ev.string(get(resource.properties, 'PackageType'));
    if (packageType?.known && packageType.value === 'Image') return { kind: 'image', loc: packageType.loc };
    if (sam) {
      const inline = get(resource.properties, 'InlineCode');
      if (inline !== undefined) return inlineCode(inline);
      const codeUri = this.samProperty(resource, 'CodeUri');
      if (!codeUri) return { kind: 'path', path: '.', loc: resource.loc };
      return this.codePath(codeUri.node);
    }
    const assetPath = this.evaluator.string(getPath(resource.node, 'Metadata', 'aws:asset:path'));
    const assetProperty = this.evaluator.string(getPath(resource.node, 'Metadata', 'aws:asset:property'));
    if (assetPath?.known && (!assetProperty || (assetProperty.known && assetProperty.value === 'Code'))) {
      return { kind: 'cdk-asset', path: assetPath.value, loc: assetPath.loc };
    }
    const code = get(resource.properties, 'Code');
    if (code === undefined) return { kind: 'unknown', reason: 'the function has no Code property', loc: resource.loc };
    if (isMap(code)) {
      const zipFile = get(code, 'ZipFile');
      if (zipFile !== undefined) return inlineCode(zipFile);
      if (get(code, 'ImageUri') !== undefined) return { kind: 'image', loc: code.loc };
      if (get(code, 'S3Bucket') !== undefined) return { kind: 's3', loc: code.loc };
    }
    return this.codePath(code);
  }

  /** `CodeUri: src/` (local) versus `s3://…` or `{Bucket, Key}` (already packaged). */
  private codePath(node: TNode): FunctionCode {
    if (isMap(node)) return { kind: 's3', loc: node.loc };
    const value = this.evaluator.string(node);
    if (!value?.known) return { kind: 'unknown', reason: value?.reason ? `the code location ${value.reason}` : 'the code location is only known at deploy time', loc: node.loc };
    if (/^s3:\/\//.test(value.value)) return { kind: 's3', loc: node.loc };
    return { kind: 'path', path: value.value, loc: node.loc };
  }

  private buildMetadata(resource: ResourceModel): FunctionModel['build'] {
    const method = this.evaluator.string(getPath(resource.node, 'Metadata', 'BuildMethod'));
    if (!method?.known) return undefined;
    const entryPoints = asList(getPath(resource.node, 'Metadata', 'BuildProperties', 'EntryPoints'))
      .map((node) => this.evaluator.string(node))
      .flatMap((value) => (value?.known ? [value.value] : []));
    return { method: method.value, entryPoints };
  }

  private nestedSetting(resource: ResourceModel, path: string[], defaultValue: string): Setting<string> {
    const node = getPath(resource.properties, ...path);
    const value = this.evaluator.string(node);
    if (!node || !value) return { value: undefined, source: 'default', defaultValue, loc: resource.loc };
    return { value, source: 'resource', defaultValue, loc: node.loc };
  }

  private environment(resource: ResourceModel): EnvironmentVariable[] {
    const byName = new Map<string, EnvironmentVariable>();
    const add = (variables: TNode | undefined, source: 'resource' | 'globals') => {
      if (!isMap(variables)) return;
      for (const e of variables.entries) byName.set(e.key, { name: e.key, nameLoc: e.keyLoc, value: e.value, source });
    };
    if (resource.type === 'AWS::Serverless::Function') add(getPath(this.globals, 'Environment', 'Variables'), 'globals');
    add(getPath(resource.properties, 'Environment', 'Variables'), 'resource');
    return [...byName.values()];
  }

  private destination(node: TNode, loc: Loc): Destination | undefined {
    const target = this.evaluator.link(node);
    if (!target) return undefined;
    if (target.id) this.stack.deadLetterTargets.add(target.id);
    return { target, loc };
  }

  /**
   * The destination at `path` under `node`, e.g. `DestinationConfig.OnFailure.Destination`. A step
   * written as `Fn::If` (or another intrinsic) may or may not configure one at deploy time: it gives
   * a destination whose target is unknown, so no rule reports it missing, and the resources named in
   * its branches still count as dead-letter targets.
   */
  private destinationAt(node: TNode | undefined, path: string[], loc: Loc): Destination | undefined {
    let current = node;
    for (const [index, key] of path.entries()) {
      if (current === undefined || this.evaluator.isNoValue(current)) return undefined;
      if (!isMap(current)) return this.conditionalDestination(current, path.slice(index));
      current = get(current, key);
    }
    if (current?.kind === 'fn' && current.name === 'Fn::If') return this.conditionalDestination(current, []);
    return current === undefined ? undefined : this.destination(current, loc);
  }

  private conditionalDestination(node: TNode, rest: string[]): Destination {
    const branches = node.kind === 'fn' && node.name === 'Fn::If' && isSeq(node.arg) ? node.arg.items.slice(1) : [];
    for (const branch of branches) this.destinationAt(branch, rest, branch.loc);
    return { target: { known: false, loc: node.loc }, loc: node.loc };
  }

  private applyEventInvokeConfig(fn: FunctionModel, config: TNode): void {
    const onFailure = getPath(config, 'DestinationConfig', 'OnFailure');
    if (isMap(onFailure)) {
      // SAM creates the queue or topic itself when only `Type: SQS|SNS` is given.
      fn.asyncOnFailure = this.destinationAt(onFailure, ['Destination'], onFailure.loc)
        ?? { target: { known: true, loc: onFailure.loc }, loc: onFailure.loc };
    } else {
      const conditional = this.destinationAt(config, ['DestinationConfig', 'OnFailure', 'Destination'], config.loc);
      if (conditional) fn.asyncOnFailure = conditional;
    }
    const retries = this.evaluator.number(get(config, 'MaximumRetryAttempts'));
    if (retries) fn.asyncMaximumRetryAttempts = retries;
  }

  private addSamEvents(fn: FunctionModel): void {
    const events = get(fn.resource.properties, 'Events');
    if (!isMap(events)) return;
    for (const e of events.entries) {
      const typeNode = get(e.value, 'Type');
      const type = isScalar(typeNode) ? String(typeNode.value) : '';
      const spec = SAM_EVENT_TYPES[type] ?? { kind: 'other' as const, invocation: 'unknown' as const };
      const properties = get(e.value, 'Properties');
      const props = isMap(properties) ? properties : undefined;
      const trigger: Trigger = { kind: spec.kind, invocation: spec.invocation, name: e.key, loc: e.keyLoc, via: 'sam-event' };
      const sourceNode = spec.sourceProperty ? get(props, spec.sourceProperty) : undefined;
      if (sourceNode !== undefined) {
        const source = this.evaluator.link(sourceNode);
        if (source) trigger.source = source;
      }
      if (spec.invocation === 'poll') this.applyPollerSettings(trigger, props, e.keyLoc);
      if (spec.kind === 'api' || spec.kind === 'http-api') {
        const integrationTimeout = this.evaluator.number(get(props, 'TimeoutInMillis'));
        if (integrationTimeout) trigger.integrationTimeoutMillis = integrationTimeout;
      }
      // Event-level dead-letter queues belong to the delivering service (SNS, EventBridge, Scheduler).
      for (const dlqPath of [['DeadLetterConfig', 'Arn'], ['RedrivePolicy', 'deadLetterTargetArn']]) {
        const dlq = getPath(props, ...dlqPath);
        const link = this.evaluator.link(dlq);
        if (link?.id) this.stack.deadLetterTargets.add(link.id);
      }
      // SAM creates the queue itself for `DeadLetterConfig: {Type: SQS}`; an intrinsic may set one at deploy time.
      const delivery = get(props, spec.kind === 'sns' ? 'RedrivePolicy' : 'DeadLetterConfig');
      if (delivery !== undefined && !this.evaluator.isNoValue(delivery)) {
        const target = isMap(delivery) ? this.evaluator.link(get(delivery, spec.kind === 'sns' ? 'deadLetterTargetArn' : 'Arn')) : undefined;
        trigger.deliveryDeadLetter = { target: target ?? { known: isMap(delivery), loc: delivery.loc }, loc: delivery.loc };
      }
      fn.triggers.push(trigger);
    }
  }

  /** Batch, partial-batch, retry and failure settings shared by SAM poller events and EventSourceMappings. */
  private applyPollerSettings(trigger: Trigger, props: MapNode | undefined, ownerLoc: Loc): void {
    const ev = this.evaluator;
    const batchNode = get(props, 'BatchSize');
    const batch = ev.number(batchNode);
    trigger.batchSize = batch && batchNode
      ? { value: batch, source: 'resource', defaultValue: DEFAULT_BATCH_SIZE[trigger.kind], loc: batchNode.loc }
      : { value: undefined, source: 'default', defaultValue: DEFAULT_BATCH_SIZE[trigger.kind], loc: ownerLoc };
    const responseTypes = get(props, 'FunctionResponseTypes');
    if (responseTypes !== undefined) {
      const values = asList(responseTypes).map((n) => ev.string(n));
      const unknown = values.find((v) => v && !v.known);
      trigger.reportBatchItemFailures = unknown
        ? { known: false, loc: responseTypes.loc, node: responseTypes, reason: 'FunctionResponseTypes is not known' }
        : { known: true, value: values.some((v) => v?.known && v.value === 'ReportBatchItemFailures'), loc: responseTypes.loc, node: responseTypes, assumptions: [] };
    }
    const onFailure = getPath(props, 'DestinationConfig', 'OnFailure');
    const destination = this.destinationAt(props, ['DestinationConfig', 'OnFailure', 'Destination'], onFailure?.loc ?? ownerLoc);
    if (destination) trigger.onFailure = destination;
    const retries = ev.number(get(props, 'MaximumRetryAttempts'));
    if (retries) trigger.maximumRetryAttempts = retries;
    const bisect = ev.boolean(get(props, 'BisectBatchOnFunctionError'));
    if (bisect) trigger.bisectBatchOnFunctionError = bisect;
    const age = ev.number(get(props, 'MaximumRecordAgeInSeconds'));
    if (age) trigger.maximumRecordAgeInSeconds = age;
  }

  /** The function a `FunctionName`/`Arn`/`Endpoint` property designates, if it is in this stack. */
  private functionFor(node: TNode | undefined): FunctionModel | undefined {
    if (node === undefined) return undefined;
    const id = this.evaluator.referencedResource(node);
    if (id) return this.functionsById.get(id);
    // A literal name or ARN matching a function's `FunctionName` also counts.
    const literal = this.evaluator.string(node);
    if (!literal?.known) return undefined;
    const name = literal.value.split(':function:').pop()!.split(':')[0];
    return this.stack.functions.find((fn) => {
      const fnName = this.evaluator.string(get(fn.resource.properties, 'FunctionName'));
      return fnName?.known && fnName.value === name;
    });
  }

  private addEventSourceMapping(resource: ResourceModel): void {
    const fn = this.functionFor(get(resource.properties, 'FunctionName'));
    if (!fn) return;
    const sourceNode = get(resource.properties, 'EventSourceArn');
    const source = this.evaluator.link(sourceNode);
    const kind = this.pollerKind(resource, source);
    const trigger: Trigger = { kind, invocation: 'poll', name: resource.id, loc: resource.loc, via: 'event-source-mapping' };
    if (source) trigger.source = source;
    this.applyPollerSettings(trigger, resource.properties, resource.loc);
    fn.triggers.push(trigger);
  }

  private pollerKind(resource: ResourceModel, source: ResourceLink | undefined): TriggerKind {
    if (get(resource.properties, 'SelfManagedEventSource') !== undefined) return 'self-managed-kafka';
    const targetType = source?.id ? this.resources.get(source.id)?.type : undefined;
    switch (targetType) {
      case 'AWS::SQS::Queue':
        return 'sqs';
      case 'AWS::Kinesis::Stream':
        return 'kinesis';
      case 'AWS::DynamoDB::Table':
      case 'AWS::DynamoDB::GlobalTable':
        return 'dynamodb-stream';
      case 'AWS::MSK::Cluster':
      case 'AWS::MSK::ServerlessCluster':
        return 'msk';
      case 'AWS::AmazonMQ::Broker':
        return 'mq';
      case 'AWS::DocDB::DBCluster':
        return 'documentdb';
      default:
        break;
    }
    const arn = source?.external ?? '';
    const service = /^arn:[^:]*:([^:]+):/.exec(arn)?.[1];
    switch (service) {
      case 'sqs':
        return 'sqs';
      case 'kinesis':
        return 'kinesis';
      case 'dynamodb':
        return 'dynamodb-stream';
      case 'kafka':
        return 'msk';
      case 'mq':
        return 'mq';
      case 'rds':
        return 'documentdb';
      default:
        return 'other';
    }
  }

  private addEventInvokeConfig(resource: ResourceModel): void {
    const fn = this.functionFor(get(resource.properties, 'FunctionName'));
    if (fn) this.applyEventInvokeConfig(fn, resource.properties!);
  }

  private addPermission(resource: ResourceModel): void {
    const props = resource.properties;
    this.stack.permissions.push({
      id: resource.id,
      loc: resource.loc,
      principal: this.evaluator.string(get(props, 'Principal')),
      scoped: ['SourceArn', 'SourceAccount', 'PrincipalOrgID'].some((key) => {
        const node = get(props, key);
        return node !== undefined && !this.evaluator.isNoValue(node);
      }),
      functionUrlAuthType: this.evaluator.string(get(props, 'FunctionUrlAuthType')),
    });
    const fn = this.functionFor(get(resource.properties, 'FunctionName'));
    const principal = this.evaluator.string(get(resource.properties, 'Principal'));
    if (!fn || !principal?.known) return;
    const spec = PERMISSION_PRINCIPALS[principal.value];
    if (!spec) return;
    // One events.amazonaws.com permission serves pattern rules and schedules alike.
    const sameSource = (kind: TriggerKind) => kind === spec.kind || (spec.kind === 'eventbridge' && kind === 'schedule');
    if (fn.triggers.some((t) => sameSource(t.kind))) return;
    const trigger: Trigger = { kind: spec.kind, invocation: spec.invocation, name: resource.id, loc: resource.loc, via: 'permission' };
    const source = this.evaluator.link(get(resource.properties, 'SourceArn'));
    if (source) trigger.source = source;
    fn.triggers.push(trigger);
  }

  // ── API Gateway stages ──────────────────────────────────────────────────────────────────

  private addApiStage(resource: ResourceModel): void {
    const props = resource.properties;
    // A lowered format names what created the API (`REST API for http events`) instead of a CloudFormation type.
    const origin = this.evaluator.string(getPath(resource.node, 'Metadata', 'SlsLintOrigin'));
    const declared = (fallback: string) => (origin?.known ? origin.value : fallback);
    const stage = { id: resource.id, loc: resource.loc, path: resource.node.path, declaredAs: declared(resource.type), origin: 'resource' as const };
    switch (resource.type) {
      case 'AWS::ApiGateway::Stage':
        this.stack.apiStages.push(this.restStage(stage, props));
        break;
      case 'AWS::ApiGateway::Deployment':
        // A deployment with `StageName` creates that stage itself, configured by `StageDescription`.
        if (get(props, 'StageName') !== undefined) {
          this.stack.apiStages.push(this.restStage({ ...stage, declaredAs: 'AWS::ApiGateway::Deployment StageName', origin: 'deployment' }, get(props, 'StageDescription')));
        }
        break;
      case 'AWS::Serverless::Api':
        this.stack.apiStages.push(this.restStage(stage, props, this.samGlobals('Api')));
        break;
      case 'AWS::ApiGatewayV2::Stage': {
        const apiIdNode = get(props, 'ApiId');
        const apiId = apiIdNode && this.evaluator.referencedResource(apiIdNode);
        const protocol = this.evaluator.string(get(this.resources.get(apiId ?? '')?.properties, 'ProtocolType'));
        const kind = protocol?.known ? (protocol.value === 'WEBSOCKET' ? 'websocket' : 'http') : 'unknown';
        this.stack.apiStages.push(this.httpStage({ ...stage, protocol: kind }, props));
        break;
      }
      case 'AWS::Serverless::HttpApi':
        this.stack.apiStages.push(this.httpStage({ ...stage, protocol: 'http' }, props, this.samGlobals('HttpApi')));
        break;
      default:
        break;
    }
  }

  private samGlobals(section: 'Api' | 'HttpApi'): MapNode | undefined {
    const node = getPath(this.root, 'Globals', section);
    return isMap(node) ? node : undefined;
  }

  /** SAM creates `ServerlessRestApi`/`ServerlessHttpApi` for events that name no API; `Globals` configure them. */
  private addImplicitApis(): void {
    for (const [eventType, id, section] of [['Api', 'ServerlessRestApi', 'Api'], ['HttpApi', 'ServerlessHttpApi', 'HttpApi']] as const) {
      const events = this.stack.functions
        .filter((fn) => fn.kind === 'sam')
        .flatMap((fn) => {
          const events = get(fn.resource.properties, 'Events');
          return isMap(events) ? events.entries : [];
        })
        .filter((e) => {
          const type = get(e.value, 'Type');
          return isScalar(type) && type.value === eventType && getPath(e.value, 'Properties', eventType === 'Api' ? 'RestApiId' : 'ApiId') === undefined;
        });
      if (!events.length || this.resources.has(id)) continue;
      const globals = this.samGlobals(section);
      const stage = {
        id,
        loc: entry(get(this.root, 'Globals'), section)?.keyLoc ?? events[0]!.keyLoc,
        path: globals?.path ?? events[0]!.value.path,
        declaredAs: `SAM implicit API (${section} events without ${eventType === 'Api' ? 'RestApiId' : 'ApiId'})`,
        origin: 'sam-implicit' as const,
      };
      this.stack.apiStages.push(eventType === 'Api' ? this.restStage(stage, undefined, globals) : this.httpStage({ ...stage, protocol: 'http' }, undefined, globals));
    }
  }

  /** A property of a SAM API, falling back to `Globals.Api`/`Globals.HttpApi`. */
  private apiProperty(own: TNode | undefined, globals: MapNode | undefined, name: string): TNode | undefined {
    const value = get(own, name);
    if (value !== undefined && !this.evaluator.isNoValue(value)) return value;
    return get(globals, name);
  }

  private restStage(stage: StageIdentity, props: TNode | undefined, globals?: MapNode): ApiStageModel {
    const ev = this.evaluator;
    const methodSettings = this.apiProperty(props, globals, 'MethodSettings');
    // Default throttling: a method setting for every resource and method, or a Deployment's StageDescription limits.
    const catchAll = asList(methodSettings).find((item) => {
      const resourcePath = ev.string(get(item, 'ResourcePath'));
      const method = ev.string(get(item, 'HttpMethod'));
      return resourcePath?.known && resourcePath.value === '/*' && method?.known && method.value === '*';
    });
    const throttleOwner = catchAll ?? (get(props, 'ThrottlingRateLimit') !== undefined || get(props, 'ThrottlingBurstLimit') !== undefined ? props : undefined);
    return {
      ...stage,
      protocol: 'rest',
      accessLog: this.accessLog(this.apiProperty(props, globals, 'AccessLogSetting')),
      tracing: ev.boolean(this.apiProperty(props, globals, 'TracingEnabled')),
      throttling:
        methodSettings !== undefined && !isSeq(methodSettings) && !ev.isNoValue(methodSettings)
          ? unknownLimits(methodSettings, 'MethodSettings is not a list')
          : throttleOwner && this.limits(throttleOwner),
    };
  }

  private httpStage(stage: StageIdentity & { protocol: ApiStageModel['protocol'] }, props: TNode | undefined, globals?: MapNode): ApiStageModel {
    const routeSettings = this.apiProperty(props, globals, 'DefaultRouteSettings');
    const hasLimits = get(routeSettings, 'ThrottlingRateLimit') !== undefined || get(routeSettings, 'ThrottlingBurstLimit') !== undefined;
    return {
      ...stage,
      accessLog: this.accessLog(this.apiProperty(props, globals, 'AccessLogSettings')),
      tracing: undefined,
      throttling:
        routeSettings !== undefined && !isMap(routeSettings) && !this.evaluator.isNoValue(routeSettings)
          ? unknownLimits(routeSettings, 'DefaultRouteSettings is not a map')
          : hasLimits ? this.limits(routeSettings!) : undefined,
    };
  }

  /** The access log destination: a link, unknown when the setting is an intrinsic, undefined when unset. */
  private accessLog(setting: TNode | undefined): ResourceLink | undefined {
    if (setting === undefined || this.evaluator.isNoValue(setting)) return undefined;
    return isMap(setting) ? this.evaluator.link(get(setting, 'DestinationArn')) : { known: false, loc: setting.loc };
  }

  private limits(owner: TNode): ApiStageModel['throttling'] {
    return { rateLimit: this.evaluator.number(get(owner, 'ThrottlingRateLimit')), burstLimit: this.evaluator.number(get(owner, 'ThrottlingBurstLimit')), loc: owner.loc };
  }

  // ── messaging resources ─────────────────────────────────────────────────────────────────

  private addQueue(resource: ResourceModel): void {
    const ev = this.evaluator;
    const props = resource.properties;
    const visibility = get(props, 'VisibilityTimeout');
    const visibilityValue = ev.number(visibility);
    const redrive = get(props, 'RedrivePolicy');
    const redriveDoc = parseJsonProperty(redrive);
    const queue: QueueModel = {
      id: resource.id,
      resource,
      loc: resource.loc,
      queueName: ev.string(get(props, 'QueueName')),
      fifo: ev.boolean(get(props, 'FifoQueue'))?.known === true && (ev.boolean(get(props, 'FifoQueue')) as { value: boolean }).value,
      visibilityTimeout: visibility && visibilityValue
        ? { value: visibilityValue, source: 'resource', defaultValue: 30, loc: visibility.loc }
        : { value: undefined, source: 'default', defaultValue: 30, loc: resource.loc },
      redrivePolicy: redrive !== undefined && !ev.isNoValue(redrive) ? redrive : undefined,
      deadLetterTarget: undefined,
      hasRedriveAllowPolicy: get(props, 'RedriveAllowPolicy') !== undefined,
    };
    const target = redriveDoc ? ev.link(get(redriveDoc, 'deadLetterTargetArn')) : undefined;
    if (target) {
      queue.deadLetterTarget = target;
      if (target.id) this.stack.deadLetterTargets.add(target.id);
    } else if (queue.redrivePolicy && !redriveDoc) {
      // A conditional redrive policy: the queues in its branches are dead-letter queues all the same.
      this.destinationAt(queue.redrivePolicy, ['deadLetterTargetArn'], queue.redrivePolicy.loc);
    }
    this.stack.queues.push(queue);
  }

  private addTopic(resource: ResourceModel): void {
    this.stack.topics.push({ id: resource.id, resource, loc: resource.loc });
    for (const item of asList(get(resource.properties, 'Subscription'))) {
      if (!isMap(item)) continue;
      const subscription: SubscriptionModel = {
        id: resource.id,
        loc: item.loc,
        protocol: this.evaluator.string(get(item, 'Protocol')),
        topic: { id: resource.id, known: true, loc: resource.loc },
        endpoint: this.evaluator.link(get(item, 'Endpoint')),
        redriveTarget: undefined,
        inline: true,
      };
      this.stack.subscriptions.push(subscription);
      this.linkSubscription(subscription, resource.id);
    }
  }

  private addSubscription(resource: ResourceModel): void {
    const props = resource.properties;
    const redriveNode = get(props, 'RedrivePolicy');
    const redrive = parseJsonProperty(redriveNode);
    const subscription: SubscriptionModel = {
      id: resource.id,
      loc: resource.loc,
      protocol: this.evaluator.string(get(props, 'Protocol')),
      topic: this.evaluator.link(get(props, 'TopicArn')),
      endpoint: this.evaluator.link(get(props, 'Endpoint')),
      // A redrive policy written as an intrinsic (`!If`, a parameter) is there, with an unknown target.
      redriveTarget: redrive
        ? this.evaluator.link(get(redrive, 'deadLetterTargetArn'))
        : redriveNode !== undefined && !this.evaluator.isNoValue(redriveNode)
          ? { known: false, loc: redriveNode.loc }
          : undefined,
      inline: false,
    };
    if (subscription.redriveTarget?.id) this.stack.deadLetterTargets.add(subscription.redriveTarget.id);
    this.stack.subscriptions.push(subscription);
    this.linkSubscription(subscription, resource.id);
  }

  private linkSubscription(subscription: SubscriptionModel, name: string): void {
    if (!subscription.protocol?.known || subscription.protocol.value !== 'lambda' || !subscription.endpoint?.id) return;
    const fn = this.functionsById.get(subscription.endpoint.id);
    if (!fn) return;
    const trigger: Trigger = { kind: 'sns', invocation: 'async', name, loc: subscription.loc, via: 'sns-subscription' };
    if (subscription.topic) trigger.source = subscription.topic;
    fn.triggers.push(trigger);
  }

  private addEventRule(resource: ResourceModel): void {
    const props = resource.properties;
    const rule: EventRuleModel = {
      id: resource.id,
      loc: resource.loc,
      kind: get(props, 'ScheduleExpression') !== undefined ? 'schedule' : 'pattern',
      targets: [],
    };
    for (const item of asList(get(props, 'Targets'))) {
      if (!isMap(item)) continue;
      const target = this.evaluator.link(get(item, 'Arn'));
      if (!target) continue;
      const deadLetter = this.destinationAt(item, ['DeadLetterConfig', 'Arn'], item.loc)?.target;
      const targetId = this.evaluator.string(get(item, 'Id'));
      rule.targets.push({ id: targetId?.known ? targetId.value : undefined, loc: item.loc, target, deadLetter });
      const fn = target.id ? this.functionsById.get(target.id) : undefined;
      if (fn) {
        fn.triggers.push({
          kind: rule.kind === 'schedule' ? 'schedule' : 'eventbridge',
          invocation: 'async',
          name: resource.id,
          loc: resource.loc,
          via: 'events-rule',
          source: { id: resource.id, known: true, loc: resource.loc },
        });
      }
    }
    this.stack.eventRules.push(rule);
  }

  private addSchedule(resource: ResourceModel): void {
    const target = get(resource.properties, 'Target');
    const deadLetter = this.evaluator.link(getPath(target, 'DeadLetterConfig', 'Arn'));
    if (deadLetter?.id) this.stack.deadLetterTargets.add(deadLetter.id);
    const fn = this.functionFor(get(target, 'Arn'));
    if (fn) {
      fn.triggers.push({ kind: 'scheduler', invocation: 'async', name: resource.id, loc: resource.loc, via: 'events-rule', source: { id: resource.id, known: true, loc: resource.loc } });
    }
  }

  private addBucketNotifications(resource: ResourceModel): void {
    for (const item of asList(getPath(resource.properties, 'NotificationConfiguration', 'LambdaConfigurations'))) {
      const fn = this.functionFor(get(item, 'Function'));
      if (!fn || fn.triggers.some((t) => t.via === 's3-notification' && t.source?.id === resource.id)) continue;
      fn.triggers.push({ kind: 's3', invocation: 'async', name: resource.id, loc: item.loc, via: 's3-notification', source: { id: resource.id, known: true, loc: resource.loc } });
    }
  }

  // ── IAM ─────────────────────────────────────────────────────────────────────────────────

  private addIdentityPolicies(): void {
    for (const resource of this.resources.values()) {
      const props = resource.properties;
      switch (resource.type) {
        case 'AWS::IAM::Role':
        case 'AWS::IAM::User':
        case 'AWS::IAM::Group': {
          const kind: PolicyHolderKind = resource.type === 'AWS::IAM::Role' ? 'role' : resource.type === 'AWS::IAM::User' ? 'user' : 'group';
          const functions = kind === 'role' ? (this.roleUsers.get(resource.id) ?? []) : [];
          for (const policy of asList(get(props, 'Policies'))) {
            this.addPolicyDocument(get(policy, 'PolicyDocument'), { id: resource.id, kind }, functions);
          }
          for (const arn of asList(get(props, 'ManagedPolicyArns'))) this.addManagedPolicy(arn, { id: resource.id, kind }, functions);
          break;
        }
        case 'AWS::IAM::Policy':
        case 'AWS::IAM::ManagedPolicy':
        case 'AWS::IAM::RolePolicy': {
          const kind: PolicyHolderKind = resource.type === 'AWS::IAM::ManagedPolicy' ? 'managed-policy' : 'policy';
          const roles = resource.type === 'AWS::IAM::RolePolicy' ? asList(get(props, 'RoleName')) : asList(get(props, 'Roles'));
          const functions = roles.flatMap((role) => {
            const id = this.evaluator.referencedResource(role);
            return id ? (this.roleUsers.get(id) ?? []) : [];
          });
          this.addPolicyDocument(get(props, 'PolicyDocument'), { id: resource.id, kind }, functions);
          break;
        }
        case 'AWS::Serverless::Function':
          if (get(props, 'Role') === undefined) this.addSamPolicies(resource);
          break;
        default:
          break;
      }
    }
  }

  private addSamPolicies(resource: ResourceModel): void {
    const holder = { id: resource.id, kind: 'sam-function' as const };
    const functions = [resource.id];
    for (const item of asList(get(resource.properties, 'Policies'))) {
      for (const policy of this.branches(item)) {
        if (isMap(policy) && get(policy, 'Statement') !== undefined) {
          this.addPolicyDocument(policy, holder, functions);
        } else if (isMap(policy) && policy.entries.length === 1) {
          this.addPolicyTemplate(policy, resource.id);
        } else if (!isMap(policy)) {
          this.addManagedPolicy(policy, holder, functions);
        }
      }
    }
  }

  private addPolicyTemplate(policy: MapNode, functionId: string): void {
    const only = policy.entries[0]!;
    const use: PolicyTemplateUse = { name: only.key, loc: only.keyLoc, parameters: [], functionId };
    if (isMap(only.value)) {
      for (const e of only.value.entries) {
        const value = this.evaluator.string(e.value);
        if (value) use.parameters.push({ name: e.key, value, loc: e.value.loc });
      }
    }
    this.stack.policyTemplates.push(use);
  }

  private addManagedPolicy(node: TNode, holder: { id: string; kind: PolicyHolderKind }, functions: string[]): void {
    for (const branch of this.branches(node)) {
      const rendered = this.evaluator.renderString(branch);
      if (!rendered) continue;
      const literalName = /(?:^|:policy\/(?:[^$]*\/)?)([A-Za-z0-9+=,.@_-]+)$/.exec(rendered.text)?.[1];
      const arn: Value<string> = rendered.complete
        ? { known: true, value: rendered.text, loc: branch.loc, node: branch, assumptions: rendered.assumptions }
        : { known: false, loc: branch.loc, node: branch, reason: 'depends on deploy-time values' };
      const awsManaged = /:iam::aws:policy\//.test(rendered.text) || (holder.kind === 'sam-function' && rendered.complete && !rendered.text.startsWith('arn:'));
      this.stack.managedPolicies.push({ arn, text: rendered.text, policyName: literalName, awsManaged, holder, functions });
    }
  }

  private addPolicyDocument(document: TNode | undefined, holder: { id: string; kind: PolicyHolderKind }, functions: string[]): void {
    const doc = parseJsonProperty(document);
    if (!doc) return;
    for (const item of asList(get(doc, 'Statement'))) {
      for (const statement of this.branches(item)) {
        if (isMap(statement)) this.stack.statements.push(this.statement(statement, holder, functions));
      }
    }
  }

  private statement(node: MapNode, holder: { id: string; kind: PolicyHolderKind }, functions: string[]): PolicyStatement {
    const pick = (a: string, b: string) => (entry(node, a) ? a : entry(node, b) ? b : undefined);
    const actionKey = pick('Action', 'NotAction') as PolicyStatement['actionKey'];
    const resourceKey = pick('Resource', 'NotResource') as PolicyStatement['resourceKey'];
    const values = (key: string | undefined): Value<string>[] =>
      key === undefined
        ? []
        : asList(get(node, key))
            .flatMap((item) => this.branches(item))
            .map((item) => this.evaluator.string(item))
            .filter((v): v is Value<string> => v !== undefined);
    return {
      loc: node.loc,
      node,
      effect: this.evaluator.string(get(node, 'Effect')),
      actionKey,
      actions: values(actionKey),
      actionsLoc: actionKey ? get(node, actionKey)!.loc : undefined,
      resourceKey,
      resources: values(resourceKey),
      resourceTexts:
        resourceKey === undefined
          ? []
          : asList(get(node, resourceKey))
              .flatMap((item) => this.branches(item))
              .map((item) => this.evaluator.renderString(item)?.text)
              .filter((text): text is string => text !== undefined),
      hasCondition: get(node, 'Condition') !== undefined,
      holder,
      functions,
    };
  }

  /**
   * Both branches of an `Fn::If`: each is written in the template and deployed under some
   * condition, so a literal wildcard in either is real. `AWS::NoValue` branches drop out.
   */
  private branches(node: TNode): TNode[] {
    if (node.kind === 'fn' && node.name === 'Fn::If' && isSeq(node.arg) && node.arg.items.length === 3) {
      return node.arg.items.slice(1).flatMap((branch) => this.branches(branch));
    }
    return this.evaluator.isNoValue(node) ? [] : [node];
  }
}

type StageIdentity = Pick<ApiStageModel, 'id' | 'loc' | 'path' | 'declaredAs' | 'origin'>;

/** Throttling settings written as an intrinsic: they may set limits, so no rule judges them. */
function unknownLimits(node: TNode, reason: string): ApiStageModel['throttling'] {
  return { rateLimit: { known: false, loc: node.loc, reason }, burstLimit: undefined, loc: node.loc };
}

/** `RedrivePolicy` and policy documents may be written as a JSON string; read them as a map either way. */
function parseJsonProperty(node: TNode | undefined): MapNode | undefined {
  if (isMap(node)) return node;
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(node.value);
    return jsonValueAt(parsed, node.loc, node.path) as MapNode | undefined;
  } catch {
    return undefined;
  }
}

/** Inline code keeps its text when it is written as one string (not built with `!Sub` or `!Join`). */
function inlineCode(node: TNode): FunctionCode {
  return isScalar(node) && typeof node.value === 'string' ? { kind: 'inline', loc: node.loc, text: node.value } : { kind: 'inline', loc: node.loc };
}
