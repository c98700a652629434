/**
 * Serverless Framework (`serverless.yml|yaml|json`, and `serverless.ts` written as an object
 * literal) → the application model.
 *
 * The configuration is lowered into the SAM/CloudFormation tree the framework would deploy —
 * functions, their events, the shared execution role, log groups, the APIs — with every node
 * located in serverless.yml, then built by the same adapter as a SAM template. So each rule is
 * written once, and a finding points at the line the user wrote (`- sqs:` item, `timeout: 30`).
 *
 * Framework defaults that differ from SAM's: timeout 6 s, memory 1024 MB. Logical IDs the framework
 * generates (`CreateOrderLambdaFunction`, `IamRoleLambdaExecution`) are what `resources.Resources`
 * refers to; references to a function's generated ID are mapped to the function's key.
 */
import { asList, entry, get, getPath, isMap, isScalar, isSeq, type Loc, type MapEntry, type MapNode, type TNode } from '../parse/tree.js';
import { buildStackModel } from './cloudformation.js';
import { fn, getAtt, map, onFailureConfig, ref, resource, scalar, seq, unknownValue } from './lower.js';
import { assumedParameters, VariableResolver } from './serverless-variables.js';
import type { StackModel } from './types.js';

export const SERVERLESS_DEFAULTS = { timeout: 6, memorySize: 1024 } as const;

export function isServerlessConfig(root: TNode | undefined): root is MapNode {
  return isMap(root) && get(root, 'service') !== undefined && (get(root, 'provider') !== undefined || get(root, 'functions') !== undefined);
}

export interface ServerlessResult {
  stack?: StackModel;
  /** Why the configuration was not modelled, or what could not be resolved in it. */
  problems: { message: string; loc: Loc }[];
}

export function buildServerlessStack(raw: MapNode, file: string): ServerlessResult {
  const providerName = getPath(raw, 'provider', 'name');
  if (isScalar(providerName) && typeof providerName.value === 'string' && !providerName.value.includes('${') && providerName.value !== 'aws') {
    return { problems: [{ message: `provider ${providerName.value} is not supported yet (AWS only)`, loc: providerName.loc }] };
  }
  const resolver = new VariableResolver(raw, file);
  const root = resolver.resolve(raw) as MapNode;
  const lowering = new ServerlessLowering(root);
  const lowered = lowering.lower();
  lowered.entries.unshift({ key: 'Parameters', keyLoc: root.loc, value: assumedParameters(resolver.assumed.values(), root.loc) });
  // Plugins and Lift constructs can add resources and permissions the lowering does not model: kept for the rules that must know.
  for (const key of ['plugins', 'constructs']) {
    const node = get(root, key);
    if (node !== undefined) lowered.entries.push({ key: `sls-lint:${key}`, keyLoc: node.loc, value: node });
  }
  const stack = buildStackModel(lowered, file, { format: 'serverless', lambdaDefaults: SERVERLESS_DEFAULTS });
  return { stack, problems: [...resolver.problems, ...lowering.problems] };
}

/** The framework's normalised name: first letter upper case, `-` → `Dash`, `_` → `Underscore`. */
export function normalizedName(name: string): string {
  const upper = name.charAt(0).toUpperCase() + name.slice(1);
  return upper.replace(/-/g, 'Dash').replace(/_/g, 'Underscore');
}

/** The logical ID the framework gives a function: `create-order` → `CreateDashorderLambdaFunction`. */
function generatedFunctionId(functionKey: string): string {
  return `${normalizedName(functionKey)}LambdaFunction`;
}

interface EventLowering {
  type: string;
  properties: [string, TNode | undefined, Loc?][];
}

const DEFAULT_ROLE = 'IamRoleLambdaExecution';

class ServerlessLowering {
  readonly problems: { message: string; loc: Loc }[] = [];
  private readonly resources: MapEntry[] = [];
  private readonly provider: MapNode | undefined;
  private readonly providerLoc: Loc;
  private readonly functions: MapEntry[];
  /** `CreateOrderLambdaFunction` → `createOrder`. */
  private readonly functionIds = new Map<string, string>();
  private readonly userResources: MapEntry[];
  private restApi: string | undefined;
  private httpApi: string | undefined;
  private websocketApi: string | undefined;

  constructor(private readonly root: MapNode) {
    const provider = get(root, 'provider');
    this.provider = isMap(provider) ? provider : undefined;
    this.providerLoc = entry(root, 'provider')?.keyLoc ?? root.loc;
    this.functions = asList(get(root, 'functions')).flatMap((node) => (isMap(node) ? node.entries : []));
    this.userResources = asList(get(root, 'resources')).flatMap((node) => {
      const resources = get(node, 'Resources');
      return isMap(resources) ? resources.entries : [];
    });
    const taken = new Set(this.userResources.map((e) => e.key));
    for (const f of this.functions) {
      const generated = generatedFunctionId(f.key);
      this.functionIds.set(generated, taken.has(f.key) ? generated : f.key);
    }
  }

  /** The resource ID a function is modelled under: its key, unless a resource in `resources` has that name. */
  private idOf(functionKey: string): string {
    return this.functionIds.get(generatedFunctionId(functionKey))!;
  }

  lower(): MapNode {
    const loc = this.root.loc;
    this.lowerApis();
    const roles = this.lowerDefaultRole();
    for (const f of this.functions) {
      if (isMap(f.value)) this.lowerFunction(f, roles);
      else this.problems.push({ message: `function ${f.key} is not written out here (imported or computed), so it is not checked`, loc: f.keyLoc });
    }
    for (const e of this.userResources) this.resources.push({ ...e, value: this.rewriteFunctionRefs(e.value) });
    return map(
      [
        ['Transform', scalar('AWS::Serverless-2016-10-31', loc, 'Transform')],
        ['Globals', map([['Function', this.globals()]], this.provider?.loc ?? loc, 'provider')],
        ['Resources', { kind: 'map', entries: this.resources, loc, path: 'Resources' }],
      ],
      loc,
      '',
    );
  }

  private add(id: string, keyLoc: Loc, value: MapNode): void {
    this.resources.push({ key: id, keyLoc, value });
  }

  // ── provider ────────────────────────────────────────────────────────────────────────────

  /** `provider` settings every function inherits, as SAM `Globals.Function`. */
  private globals(): MapNode {
    const p = this.provider;
    const loc = p?.loc ?? this.root.loc;
    const variables = get(p, 'environment');
    return map(
      [
        ['Runtime', get(p, 'runtime'), entry(p, 'runtime')?.keyLoc],
        ['Timeout', get(p, 'timeout'), entry(p, 'timeout')?.keyLoc],
        ['MemorySize', get(p, 'memorySize'), entry(p, 'memorySize')?.keyLoc],
        ['Tracing', tracingMode(getPath(p, 'tracing', 'lambda'))],
        ['Environment', isMap(variables) ? map([['Variables', variables]], variables.loc, variables.path) : undefined],
      ],
      loc,
      'provider',
    );
  }

  /**
   * The shared role the framework creates unless `provider.iam.role` (or v1/v2 `provider.role`)
   * names an existing one: `iam.role.statements`/`iamRoleStatements` and managed policies.
   */
  private lowerDefaultRole(): { defaultRole: TNode | undefined; statements: TNode[]; managed: TNode[] } {
    const p = this.provider;
    const iamRole = getPath(p, 'iam', 'role') ?? get(p, 'role');
    const statementsNode = getPath(iamRole, 'statements') ?? get(p, 'iamRoleStatements');
    const managedNode = getPath(iamRole, 'managedPolicies') ?? get(p, 'iamManagedPolicies');
    const statements = asList(statementsNode);
    const managed = asList(managedNode);
    if (iamRole !== undefined && !isMap(iamRole)) return { defaultRole: this.roleReference(iamRole), statements, managed };
    const keyLoc = entry(get(p, 'iam'), 'role')?.keyLoc ?? entry(p, 'iamRoleStatements')?.keyLoc ?? this.providerLoc;
    const loc = (iamRole ?? statementsNode ?? p ?? this.root).loc;
    this.add(DEFAULT_ROLE, keyLoc, this.roleResource(statements, managed, loc, 'provider/iam/role'));
    return { defaultRole: getAtt(DEFAULT_ROLE, 'Arn', loc, 'provider/iam/role'), statements, managed };
  }

  private roleResource(statements: TNode[], managed: TNode[], loc: Loc, path: string): MapNode {
    const policy = map([['PolicyDocument', map([['Statement', seq(statements, loc, `${path}/statements`)]], loc, path)]], loc, path);
    return resource(
      'AWS::IAM::Role',
      map(
        [
          ['Policies', statements.length ? seq([policy], loc, path) : undefined],
          ['ManagedPolicyArns', managed.length ? seq(managed, loc, `${path}/managedPolicies`) : undefined],
        ],
        loc,
        path,
      ),
      loc,
      path,
    );
  }

  /** `role: arn:…`, `role: !GetAtt MyRole.Arn`, or `role: MyRole` (a logical ID in `resources`). */
  private roleReference(node: TNode): TNode {
    if (isScalar(node) && typeof node.value === 'string' && !node.value.startsWith('arn:') && this.userResources.some((e) => e.key === node.value)) {
      return getAtt(node.value, 'Arn', node.loc, node.path);
    }
    return node;
  }

  // ── APIs ────────────────────────────────────────────────────────────────────────────────

  private lowerApis(): void {
    const events = this.functions.flatMap((f) => asList(get(f.value, 'events'))).filter(isMap);
    const has = (type: string) => events.some((e) => get(e, type) !== undefined);
    const p = this.provider;
    const logs = get(p, 'logs');
    const logsLoc = entry(p, 'logs')?.keyLoc ?? this.providerLoc;
    const origin = (what: string) => map([['SlsLintOrigin', scalar(what, this.providerLoc, 'provider')]], this.providerLoc, 'provider');
    const accessLog = (setting: TNode | undefined) =>
      setting !== undefined && !(isScalar(setting) && (setting.value === false || setting.value === 'false'))
        ? map([['DestinationArn', unknownValue('framework-created access log group', setting.loc, setting.path)]], setting.loc, setting.path)
        : undefined;

    if (has('http') && getPath(p, 'apiGateway', 'restApiId') === undefined) {
      this.restApi = 'ApiGatewayRestApi';
      const throttle = getPath(this.root, 'custom', 'apiGatewayThrottling');
      const methodSettings = isMap(throttle)
        ? seq(
            [
              map(
                [
                  ['ResourcePath', scalar('/*', throttle.loc, throttle.path)],
                  ['HttpMethod', scalar('*', throttle.loc, throttle.path)],
                  ['ThrottlingRateLimit', get(throttle, 'maxRequestsPerSecond')],
                  ['ThrottlingBurstLimit', get(throttle, 'maxConcurrentRequests')],
                ],
                throttle.loc,
                throttle.path,
              ),
            ],
            throttle.loc,
            throttle.path,
          )
        : undefined;
      const properties = map(
        [
          ['AccessLogSetting', accessLog(get(logs, 'restApi'))],
          ['TracingEnabled', getPath(p, 'tracing', 'apiGateway')],
          ['MethodSettings', methodSettings],
        ],
        this.providerLoc,
        'provider',
      );
      this.add(this.restApi, logsLoc, resource('AWS::Serverless::Api', properties, this.providerLoc, 'provider/apiGateway', origin('REST API for http events')));
    }
    if (has('httpApi') && getPath(p, 'httpApi', 'id') === undefined) {
      this.httpApi = 'HttpApi';
      const properties = map([['AccessLogSettings', accessLog(get(logs, 'httpApi'))]], this.providerLoc, 'provider');
      this.add(this.httpApi, logsLoc, resource('AWS::Serverless::HttpApi', properties, this.providerLoc, 'provider/httpApi', origin('HTTP API for httpApi events')));
    }
    if (has('websocket') && getPath(p, 'websocketsApiId') === undefined) {
      this.websocketApi = 'WebsocketsApi';
      const loc = this.providerLoc;
      this.add(this.websocketApi, loc, resource('AWS::ApiGatewayV2::Api', map([['ProtocolType', scalar('WEBSOCKET', loc, 'provider')]], loc, 'provider'), loc, 'provider/websocketsApi'));
      const stage = map(
        [
          ['ApiId', ref(this.websocketApi, loc, 'provider')],
          ['AccessLogSettings', accessLog(get(logs, 'websocket'))],
        ],
        loc,
        'provider',
      );
      this.add('WebsocketsDeploymentStage', logsLoc, resource('AWS::ApiGatewayV2::Stage', stage, loc, 'provider/websocketsStage', origin('WebSocket API for websocket events')));
    }
  }

  // ── functions ───────────────────────────────────────────────────────────────────────────

  private lowerFunction(f: MapEntry, roles: { defaultRole: TNode | undefined; statements: TNode[]; managed: TNode[] }): void {
    const node = f.value as MapNode;
    const id = this.idOf(f.key);
    const path = node.path;
    const at = (key: string) => entry(node, key)?.keyLoc;
    const variables = get(node, 'environment');

    let role: TNode | undefined = get(node, 'role') !== undefined ? this.roleReference(get(node, 'role')!) : undefined;
    const ownStatements = get(node, 'iamRoleStatements');
    if (!role && ownStatements !== undefined) {
      // serverless-iam-roles-per-function: the function gets a role of its own.
      const inherit = get(node, 'iamRoleStatementsInherit');
      const inherits = isScalar(inherit) && (inherit.value === true || inherit.value === 'true');
      const roleId = `${normalizedName(f.key)}IamRoleLambdaExecution`;
      const statements = [...asList(ownStatements), ...(inherits ? roles.statements : [])];
      this.add(roleId, at('iamRoleStatements')!, this.roleResource(statements, inherits ? roles.managed : [], ownStatements.loc, `${path}/iamRoleStatements`));
      role = getAtt(roleId, 'Arn', ownStatements.loc, `${path}/iamRoleStatements`);
    }
    role ??= roles.defaultRole;

    const image = get(node, 'image');
    const artifact = getPath(node, 'package', 'artifact');
    const properties = map(
      [
        ['Handler', get(node, 'handler'), at('handler')],
        ['Runtime', get(node, 'runtime'), at('runtime')],
        ['PackageType', image !== undefined ? scalar('Image', image.loc, image.path) : undefined],
        ['CodeUri', artifact !== undefined ? unknownValue('packaged artifact', artifact.loc, artifact.path) : undefined],
        ['FunctionName', get(node, 'name')],
        ['Timeout', get(node, 'timeout'), at('timeout')],
        ['MemorySize', get(node, 'memorySize'), at('memorySize')],
        ['Tracing', tracingMode(get(node, 'tracing'))],
        ['Environment', isMap(variables) ? map([['Variables', variables]], variables.loc, variables.path) : undefined],
        ['Role', role],
        ['DeadLetterQueue', this.onError(get(node, 'onError'))],
        ['EventInvokeConfig', this.eventInvokeConfig(node)],
        ['FunctionUrlConfig', this.functionUrl(get(node, 'url'))],
        ['Events', this.events(node)],
      ],
      node.loc,
      path,
    );
    this.add(id, f.keyLoc, resource('AWS::Serverless::Function', properties, node.loc, path));
    this.lowerLogGroup(f, id);
  }

  private onError(node: TNode | undefined): TNode | undefined {
    if (node === undefined) return undefined;
    const text = isScalar(node) ? String(node.value) : '';
    const type = text.includes(':sqs:') ? 'SQS' : 'SNS';
    return map([['Type', scalar(type, node.loc, node.path)], ['TargetArn', node]], node.loc, node.path);
  }

  private eventInvokeConfig(node: MapNode): TNode | undefined {
    const onFailure = getPath(node, 'destinations', 'onFailure');
    const retries = get(node, 'maximumRetryAttempts');
    if (onFailure === undefined && retries === undefined) return undefined;
    const destination = onFailure === undefined ? undefined : this.destinationTarget(isMap(onFailure) ? get(onFailure, 'arn') : onFailure) ?? onFailure;
    return map(
      [
        ['MaximumRetryAttempts', retries],
        [
          'DestinationConfig',
          destination && onFailure ? onFailureConfig(destination, onFailure) : undefined,
        ],
      ],
      node.loc,
      node.path,
    );
  }

  /** A destination is an ARN, a CloudFormation reference, or the name of another function of this service. */
  private destinationTarget(node: TNode | undefined): TNode | undefined {
    if (!isScalar(node) || typeof node.value !== 'string') return node;
    if (this.functions.some((f) => f.key === node.value)) return getAtt(this.idOf(node.value), 'Arn', node.loc, node.path);
    return node;
  }

  private functionUrl(node: TNode | undefined): TNode | undefined {
    if (node === undefined || (isScalar(node) && (node.value === false || node.value === 'false'))) return undefined;
    const authorizer = get(node, 'authorizer');
    const iam = isScalar(authorizer) && String(authorizer.value).toLowerCase() === 'aws_iam';
    return map([['AuthType', scalar(iam ? 'AWS_IAM' : 'NONE', authorizer?.loc ?? node.loc, node.path)]], node.loc, node.path);
  }

  /** The framework creates `/aws/lambda/<name>` for every function, with `logRetentionInDays` when set. */
  private lowerLogGroup(f: MapEntry, id: string): void {
    const disable = get(f.value, 'disableLogs');
    if (isScalar(disable) && (disable.value === true || disable.value === 'true')) return;
    const retention = get(f.value, 'logRetentionInDays') ?? get(this.provider, 'logRetentionInDays');
    const loc = f.keyLoc;
    const path = `${f.value.path}/logGroup`;
    const properties = map(
      [
        ['LogGroupName', fn('Fn::Sub', scalar('/aws/lambda/${' + id + '}', loc, path), loc, path)],
        ['RetentionInDays', retention],
      ],
      loc,
      path,
    );
    this.add(`${normalizedName(f.key)}LogGroup`, loc, resource('AWS::Logs::LogGroup', properties, loc, path));
  }

  // ── events ──────────────────────────────────────────────────────────────────────────────

  private events(node: MapNode): MapNode | undefined {
    const list = get(node, 'events');
    if (!isSeq(list)) return undefined;
    const counts = new Map<string, number>();
    const entries: MapEntry[] = [];
    for (const item of list.items) {
      if (!isMap(item) || item.entries.length === 0) continue;
      const { key: type, keyLoc, value } = item.entries[0]!;
      const lowered = this.event(type, value);
      if (!lowered) continue;
      const n = (counts.get(type) ?? 0) + 1;
      counts.set(type, n);
      const name = n === 1 ? type : `${type}#${n}`;
      const properties = map(lowered.properties, value.loc, value.path);
      entries.push({ key: name, keyLoc, value: map([['Type', scalar(lowered.type, keyLoc, item.path)], ['Properties', properties]], item.loc, item.path) });
    }
    return entries.length ? { kind: 'map', entries, loc: list.loc, path: list.path } : undefined;
  }

  private event(type: string, value: TNode): EventLowering | undefined {
    const str = isScalar(value) ? value : undefined;
    const prop = (key: string) => get(value, key);
    switch (type) {
      case 'http':
        return { type: 'Api', properties: [['RestApiId', this.restApi ? ref(this.restApi, value.loc, value.path) : getPath(this.provider, 'apiGateway', 'restApiId')]] };
      case 'httpApi':
        return { type: 'HttpApi', properties: [['ApiId', this.httpApi ? ref(this.httpApi, value.loc, value.path) : getPath(this.provider, 'httpApi', 'id')]] };
      case 'websocket':
        return { type: 'sls-lint:WebSocket', properties: [] };
      case 'alb':
        return { type: 'sls-lint:ALB', properties: [] };
      case 'sqs':
        return {
          type: 'SQS',
          properties: [
            ['Queue', str ?? prop('arn')],
            ['BatchSize', prop('batchSize')],
            ['FunctionResponseTypes', this.responseTypes(prop('functionResponseType'))],
          ],
        };
      case 'stream': {
        const arn = str ?? prop('arn');
        const streamType = prop('type');
        // A literal ARN names its service; a reference needs `type: dynamodb` (Kinesis is the framework's default).
        const dynamo = (isScalar(streamType) && streamType.value === 'dynamodb') || (isScalar(arn) && String(arn.value).includes(':dynamodb:'));
        const onFailure = getPath(value, 'destinations', 'onFailure');
        const failureTarget = isMap(onFailure) ? get(onFailure, 'arn') : onFailure;
        return {
          type: dynamo ? 'DynamoDB' : 'Kinesis',
          properties: [
            ['Stream', arn],
            ['BatchSize', prop('batchSize')],
            ['MaximumRetryAttempts', prop('maximumRetryAttempts')],
            ['BisectBatchOnFunctionError', prop('bisectBatchOnFunctionError')],
            ['MaximumRecordAgeInSeconds', prop('maximumRecordAgeInSeconds')],
            ['FunctionResponseTypes', this.responseTypes(prop('functionResponseType'))],
            ['DestinationConfig', onFailure && failureTarget ? onFailureConfig(failureTarget, onFailure) : undefined],
          ],
        };
      }
      case 'sns': {
        const topic = str ?? prop('arn') ?? prop('topicName');
        const redrive = prop('redrivePolicy');
        const target = get(redrive, 'deadLetterTargetArn') ?? get(redrive, 'deadLetterTargetRef') ?? get(redrive, 'deadLetterTargetImport');
        const targetNode = target && get(redrive, 'deadLetterTargetRef') === target && isScalar(target) ? getAtt(String(target.value), 'Arn', target.loc, target.path) : target;
        return {
          type: 'SNS',
          properties: [
            ['Topic', topic],
            ['RedrivePolicy', redrive ? map([['deadLetterTargetArn', targetNode ?? unknownValue('redrive target', redrive.loc, redrive.path)]], redrive.loc, redrive.path) : undefined],
          ],
        };
      }
      case 's3':
        return { type: 'S3', properties: [['Bucket', str ?? prop('bucket')]] };
      case 'schedule':
        return { type: 'Schedule', properties: [['Schedule', str ?? prop('rate')]] };
      case 'eventBridge':
        return {
          type: prop('schedule') !== undefined ? 'Schedule' : 'EventBridgeRule',
          properties: [
            ['EventBusName', prop('eventBus')],
            ['Pattern', prop('pattern')],
            ['DeadLetterConfig', prop('deadLetterQueueArn') ? map([['Arn', prop('deadLetterQueueArn')]], prop('deadLetterQueueArn')!.loc, value.path) : undefined],
          ],
        };
      case 'cloudwatchEvent':
        return { type: 'EventBridgeRule', properties: [['Pattern', prop('event')]] };
      case 'cloudwatchLog':
        return { type: 'CloudWatchLogs', properties: [['LogGroupName', str ?? prop('logGroup')]] };
      case 'iot':
        return { type: 'IoTRule', properties: [['Sql', prop('sql')]] };
      case 'cognitoUserPool':
        return { type: 'Cognito', properties: [] };
      case 'alexaSkill':
      case 'alexaSmartHome':
        return { type: 'AlexaSkill', properties: [] };
      case 'msk':
        return { type: 'MSK', properties: [['Stream', prop('arn')], ['BatchSize', prop('batchSize')]] };
      case 'kafka':
        return { type: 'SelfManagedKafka', properties: [['BatchSize', prop('batchSize')]] };
      case 'activemq':
      case 'rabbitmq':
        return { type: 'MQ', properties: [['Broker', prop('arn')], ['BatchSize', prop('batchSize')]] };
      default:
        // An event type sls-lint does not know: how it invokes is unknown, and no rule assumes it.
        return { type: `sls-lint:unknown:${type}`, properties: [] };
    }
  }

  private responseTypes(node: TNode | undefined): TNode | undefined {
    return node === undefined ? undefined : seq([node], node.loc, node.path);
  }

  /** `!GetAtt CreateOrderLambdaFunction.Arn` in `resources` means the function `createOrder`. */
  private rewriteFunctionRefs(node: TNode): TNode {
    switch (node.kind) {
      case 'map':
        return { ...node, entries: node.entries.map((e) => ({ ...e, value: this.rewriteFunctionRefs(e.value) })) };
      case 'seq':
        return { ...node, items: node.items.map((item) => this.rewriteFunctionRefs(item)) };
      case 'fn': {
        if ((node.name === 'Ref' || node.name === 'Fn::GetAtt') && isScalar(node.arg)) {
          const [target, ...rest] = String(node.arg.value).split('.');
          const id = this.functionIds.get(target!);
          if (id) return { ...node, arg: { ...node.arg, value: [id, ...rest].join('.') } };
        }
        if (node.name === 'Fn::GetAtt' && isSeq(node.arg) && isScalar(node.arg.items[0])) {
          const id = this.functionIds.get(String(node.arg.items[0].value));
          if (id) return { ...node, arg: { ...node.arg, items: [{ ...node.arg.items[0], value: id }, ...node.arg.items.slice(1)] } };
        }
        if (node.name === 'Fn::Sub' && isScalar(node.arg) && typeof node.arg.value === 'string') {
          const text = node.arg.value.replace(/\$\{([A-Za-z0-9]+)((?:\.[A-Za-z0-9.]+)?)\}/g, (whole, target: string, rest: string) => {
            const id = this.functionIds.get(target);
            return id ? '${' + id + rest + '}' : whole;
          });
          return { ...node, arg: { ...node.arg, value: text } };
        }
        return { ...node, arg: this.rewriteFunctionRefs(node.arg) };
      }
      default:
        return node;
    }
  }
}

/** `tracing: true`/`Active` → `Active`; `false`/`PassThrough` → `PassThrough`; anything else as written. */
function tracingMode(node: TNode | undefined): TNode | undefined {
  if (!isScalar(node)) return node;
  if (node.value === true || node.value === 'true') return { ...node, value: 'Active' };
  if (node.value === false || node.value === 'false') return { ...node, value: 'PassThrough' };
  return node;
}
