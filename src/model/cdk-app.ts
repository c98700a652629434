/**
 * A CDK app read as code → one CloudFormation tree per stack, as `cdk synth` would write it for the
 * constructs that matter to the rules (functions, queues, topics, event sources, rules, APIs, IAM).
 * Every node is located in the app's code (TypeScript/JavaScript through cdk-interpret.ts, Python
 * through cdk-interpret-python.ts, both read by the one StackLowering below), so the CloudFormation
 * adapter builds the model and a finding lands on the line of the construct or prop the user wrote.
 *
 * A function built inside the user's own construct is keyed at the construct's instantiation (the
 * line where the values passed down are chosen), so a missing setting is reported there; values
 * keep the location they were written at, inside the construct or at the call site.
 *
 * CDK's own defaults are used only where they are documented and fixed (a `LogGroup`'s two-year
 * retention, a function's generated role with `AWSLambdaBasicExecutionRole`); one that depends on the
 * aws-cdk-lib version or a feature flag (a `NodejsFunction`'s runtime, whether a function gets a log
 * group) is unknown, and rules do not judge it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ts as TsNamespace } from 'ts-morph';
import { fn as fnNode, getAtt, map, ref, resource, scalar, seq, unknownValue } from './lower.js';
import type { Loc, MapNode, TNode } from '../parse/tree.js';
import { CdkInterpreter, type CdkRes, type CdkStack, type CdkValue } from './cdk-interpret.js';

type Ts = typeof TsNamespace;

export interface CdkAppStack {
  /** The stack's construct id (`OrdersStack`): its cdk.out template is `<name>.template.json`. */
  name: string;
  /** Construct path (`Prod/OrdersStack` in a Stage): how cdk.out's manifest names the stack (`displayName`). */
  path: string;
  /** The file the stack class is written in. */
  file: string;
  root: MapNode;
  /**
   * Logical ID → other places that stand for the resource (see `ResourceModel.alsoAt`): the whole
   * `new …(…)` of the user's construct that created it; a role's policy statements.
   */
  anchors: Map<string, Loc[]>;
}

export interface CdkAppResult {
  stacks: CdkAppStack[];
  /** The app's files that were read, with their text. */
  files: [file: string, text: string][];
  notices: { message: string; loc?: Loc }[];
  stats: { functions: number; unknownValues: number };
}

/** The entry file an `app` command of cdk.json runs, when it is TypeScript, JavaScript or Python. */
export function cdkAppEntry(app: unknown, dir: string): { entry: string } | { reason: string } {
  if (typeof app !== 'string') return { reason: 'cdk.json has no `app` command' };
  const words = app.trim().split(/\s+/);
  // `python3 app.py` (src/model/cdk-interpret-python.ts reads it through the Python frontend).
  const python = words.some((w) => /(^|\/)python(\d(\.\d+)?)?$|^py$/.test(w)) ? words.find((w) => /\.py$/.test(w) && !w.startsWith('-')) : undefined;
  const file = python ?? words.find((w) => /\.(ts|mts|cts|js|mjs|cjs)$/.test(w) && !w.startsWith('-'));
  if (!file) return { reason: `the app command \`${app}\` runs no TypeScript, JavaScript or Python file (Java, Go and .NET apps are not read as code yet)` };
  const entry = path.resolve(dir, file);
  if (!existsSync(entry)) return { reason: `the app entry ${file} does not exist` };
  return { entry };
}

const FUNCTION_TYPES = new Set(['aws-lambda.Function', 'aws-lambda-nodejs.NodejsFunction', 'aws-lambda-python.PythonFunction', 'aws-lambda-go.GoFunction', 'aws-lambda.DockerImageFunction', 'aws-lambda.SingletonFunction']);

/** `grant*` methods → the actions CDK grants (from the aws-cdk-lib documentation of each method). */
const GRANTS: Record<string, Record<string, string[]>> = {
  'aws-dynamodb': {
    grantReadData: ['dynamodb:BatchGetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:DescribeTable'],
    grantWriteData: ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'],
    grantReadWriteData: ['dynamodb:BatchGetItem', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:ConditionCheckItem', 'dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'],
    grantFullAccess: ['dynamodb:*'],
    grantStreamRead: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
  },
  'aws-s3': {
    grantRead: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'],
    grantWrite: ['s3:DeleteObject*', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:Abort*'],
    grantPut: ['s3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:Abort*'],
    grantDelete: ['s3:DeleteObject*'],
    grantReadWrite: ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention', 's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:Abort*'],
  },
  'aws-sqs': {
    grantSendMessages: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    grantConsumeMessages: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    grantPurge: ['sqs:PurgeQueue', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
  },
  'aws-sns': { grantPublish: ['sns:Publish'], grantSubscribe: ['sns:Subscribe'] },
  'aws-secretsmanager': { grantRead: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], grantWrite: ['secretsmanager:PutSecretValue', 'secretsmanager:UpdateSecret', 'secretsmanager:UpdateSecretVersionStage'] },
  'aws-events': { grantPutEventsTo: ['events:PutEvents'] },
  'aws-lambda': { grantInvoke: ['lambda:InvokeFunction'] },
  'aws-stepfunctions': { grantStartExecution: ['states:StartExecution'] },
};

const RESOURCE_TYPES: Record<string, string> = {
  'aws-sqs.Queue': 'AWS::SQS::Queue',
  'aws-sns.Topic': 'AWS::SNS::Topic',
  'aws-dynamodb.Table': 'AWS::DynamoDB::Table',
  'aws-dynamodb.TableV2': 'AWS::DynamoDB::GlobalTable',
  'aws-s3.Bucket': 'AWS::S3::Bucket',
  'aws-kinesis.Stream': 'AWS::Kinesis::Stream',
  'aws-logs.LogGroup': 'AWS::Logs::LogGroup',
  'aws-iam.Role': 'AWS::IAM::Role',
  'aws-secretsmanager.Secret': 'AWS::SecretsManager::Secret',
  'aws-events.Rule': 'AWS::Events::Rule',
  'aws-events.EventBus': 'AWS::Events::EventBus',
  'aws-stepfunctions.StateMachine': 'AWS::StepFunctions::StateMachine',
  'aws-apigateway.RestApi': 'AWS::ApiGateway::RestApi',
  'aws-apigateway.LambdaRestApi': 'AWS::ApiGateway::RestApi',
  'aws-apigatewayv2.HttpApi': 'AWS::ApiGatewayV2::Api',
  'aws-iam.Policy': 'AWS::IAM::Policy',
  'aws-iam.ManagedPolicy': 'AWS::IAM::ManagedPolicy',
};

const RETENTION_DAYS: Record<string, number> = {
  ONE_DAY: 1, THREE_DAYS: 3, FIVE_DAYS: 5, ONE_WEEK: 7, TWO_WEEKS: 14, ONE_MONTH: 30, TWO_MONTHS: 60, THREE_MONTHS: 90,
  FOUR_MONTHS: 120, FIVE_MONTHS: 150, SIX_MONTHS: 180, ONE_YEAR: 365, THIRTEEN_MONTHS: 400, EIGHTEEN_MONTHS: 545,
  TWO_YEARS: 731, THREE_YEARS: 1096, FIVE_YEARS: 1827, SIX_YEARS: 2192, SEVEN_YEARS: 2557, EIGHT_YEARS: 2922, NINE_YEARS: 3288, TEN_YEARS: 3653,
};

/** `Runtime.NODEJS_20_X` → `nodejs20.x`; undefined for a member whose value depends on the CDK version (`NODEJS_LATEST`). */
export function runtimeName(member: string): string | undefined {
  let m = /^NODEJS_(\d+)_X$/.exec(member);
  if (m) return `nodejs${m[1]}.x`;
  m = /^PYTHON_(\d+)_(\d+)$/.exec(member);
  if (m) return `python${m[1]}.${m[2]}`;
  m = /^(JAVA|DOTNET|DOTNET_CORE)_(\d+)(?:_(\d+))?$/.exec(member);
  if (m) return `${m[1] === 'JAVA' ? 'java' : m[1] === 'DOTNET' ? 'dotnet' : 'dotnetcore'}${m[2]}${m[3] ? `.${m[3]}` : ''}`;
  m = /^RUBY_(\d+)_(\d+)$/.exec(member);
  if (m) return `ruby${m[1]}.${m[2]}`;
  if (member === 'PROVIDED_AL2023') return 'provided.al2023';
  if (member === 'PROVIDED_AL2') return 'provided.al2';
  if (member === 'PROVIDED') return 'provided';
  if (member === 'GO_1_X') return 'go1.x';
  return undefined;
}

export function readCdkApp(ts: Ts, appDir: string, entry: string): CdkAppResult {
  const interpreter = new CdkInterpreter(ts, appDir);
  const result = interpreter.run(entry);
  return lowerStacks(interpreter, result.stacks, [...result.files].map((f) => [f, interpreter.load(f)!.source.text]), result.notices);
}

/**
 * What the lowering needs of an interpreter, whatever language the app is written in: where a node
 * is, its text and file. The values it lowers are `CdkValue`s over that language's nodes.
 */
export interface CdkCode<N> {
  /** The cdk.json folder: the app's process cwd, which relative asset paths resolve from. */
  readonly appDir: string;
  readonly notices: { message: string; loc?: Loc }[];
  locOf(node: N): Loc;
  /** The head of a construct's creation, up to its id (`new lambda.Function(this, 'Worker'`): where its findings land. */
  headLocOf(node: N): Loc;
  textOf(node: N): string;
  fileOf(node: N): string;
}

/** The interpreter's own kinds of value (instances, classes, functions, modules): only ever shown as unknown. */
type Opaque<N> = { k: 'inst' | 'class' | 'func' | 'ns' | 'app'; node: N | undefined };
export type LoweredValue<N> = CdkValue<N, Opaque<N>>;
type V<N> = LoweredValue<N>;
type Res<N> = CdkRes<N, Opaque<N>>;

/** Each stack an interpreter found, lowered to a CloudFormation tree located in the app's code. */
export function lowerStacks<N>(code: CdkCode<N>, found: CdkStack<N, Opaque<N>>[], files: [string, string][], notices: { message: string; loc?: Loc }[]): CdkAppResult {
  const stacks: CdkAppStack[] = [];
  let functions = 0;
  let unknownValues = 0;
  const seen = new Set<string>();
  for (const ctx of found) {
    // Two stacks of one name (an app that creates it per stage in a loop we could not follow) are one template.
    if (seen.has(ctx.name)) continue;
    seen.add(ctx.name);
    const lowered = new StackLowering(code, ctx, found).lower();
    functions += lowered.functions;
    unknownValues += lowered.unknown;
    stacks.push({ name: ctx.name, path: ctx.path, file: ctx.file, root: lowered.root, anchors: lowered.anchors });
  }
  return { stacks, files, notices, stats: { functions, unknownValues } };
}

type Pairs = [string, TNode | undefined, (Loc | undefined)?][];

class StackLowering<N> {
  private readonly ids = new Map<Res<N>, string>();
  private readonly used = new Set<string>();
  private readonly entries: { id: string; keyLoc: Loc; node: MapNode }[] = [];
  readonly anchors = new Map<string, Loc[]>();
  /** Role logical ID → statements given to it, with the function or role whose policy holds them. */
  private readonly policies = new Map<string, { statements: TNode[]; loc: Loc; path: string }>();
  private readonly managed = new Map<string, TNode[]>();
  unknown = 0;
  functions = 0;

  constructor(
    private readonly it: CdkCode<N>,
    private readonly stack: CdkStack<N, Opaque<N>>,
    /** Every stack of the app: a construct of one may grant to a function of another. */
    private readonly all: CdkStack<N, Opaque<N>>[] = [],
  ) {}

  private loc(node: N | undefined): Loc {
    return this.it.locOf(node ?? this.stack.node);
  }

  private headLoc(node: N): Loc {
    return this.it.headLocOf(node);
  }

  private logicalId(r: Res<N>): string | undefined {
    if (r.stack !== this.stack || r.imported) return undefined;
    let id = this.ids.get(r);
    if (id) return id;
    const relative = r.path.startsWith(`${this.stack.path}/`) ? r.path.slice(this.stack.path.length + 1) : r.path.split('/').slice(1).join('/') || r.path;
    const base = relative.replace(/[^A-Za-z0-9]/g, '') || 'Resource';
    id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}${n}`;
    this.used.add(id);
    this.ids.set(r, id);
    return id;
  }

  private add(id: string, keyLoc: Loc, node: MapNode, anchor?: N): void {
    this.entries.push({ id, keyLoc, node });
    if (anchor) this.anchors.set(id, [this.it.locOf(anchor)]);
  }

  // ── values ──────────────────────────────────────────────────────────────────────────────

  private unknownNode(reason: string, loc: Loc, p: string): TNode {
    this.unknown++;
    return unknownValue(reason, loc, p);
  }

  /** A value of the code as a template node; undefined when it is not set. */
  private value(v: V<N> | undefined, p: string): TNode | undefined {
    if (!v) return undefined;
    const loc = this.loc(v.node);
    switch (v.k) {
      case 'undef':
        return undefined;
      case 'lit':
        return v.v === null ? undefined : scalar(v.v, loc, p);
      case 'duration':
        return scalar(v.seconds, loc, p);
      case 'arr':
        return v.partial ? this.unknownNode('a list built when the app runs', loc, p) : seq(v.items.map((item, i) => this.value(item, `${p}/${i}`) ?? this.unknownNode('undefined', loc, p)), loc, p);
      case 'obj': {
        const pairs: Pairs = [...v.props].map(([key, e]) => [key, this.value(e.v, `${p}/${key}`), this.loc(e.key)]);
        return map(pairs, loc, p);
      }
      case 'res':
        return this.arnOf(v.r, loc, p);
      case 'ext':
        return this.enumValue(v, loc, p);
      case 'unknown':
        return this.unknownNode(v.reason, loc, p);
      default:
        return this.unknownNode(`${v.node !== undefined ? this.it.textOf(v.node).slice(0, 40) : 'a value'} is only known when the app runs`, loc, p);
    }
  }

  private enumValue(v: V<N> & { k: 'ext' }, loc: Loc, p: string): TNode {
    const [cls, member] = v.path;
    if (cls === 'Runtime' && member) {
      const name = runtimeName(member);
      return name ? scalar(name, loc, p) : this.unknownNode(`Runtime.${member} depends on the aws-cdk-lib version`, loc, p);
    }
    if (cls === 'Tracing' && member) return scalar(member === 'ACTIVE' ? 'Active' : 'PassThrough', loc, p);
    if (cls === 'RetentionDays' && member) return RETENTION_DAYS[member] !== undefined ? scalar(RETENTION_DAYS[member]!, loc, p) : this.unknownNode(`RetentionDays.${member}`, loc, p);
    if (member && /^[A-Z][A-Z0-9_]*$/.test(member)) return scalar(member, loc, p);
    return this.unknownNode(`${v.path.join('.')} is only known when the app runs`, loc, p);
  }

  /** The ARN of a construct: `Fn::GetAtt` inside the stack, unknown outside it. */
  private arnOf(r: Res<N>, loc: Loc, p: string, attribute = 'Arn'): TNode {
    const id = this.logicalId(r);
    if (!id) return this.unknownNode(r.imported ? `${r.path} (imported)` : `${r.path} (another stack)`, loc, p);
    if (r.type === 'aws-sns.Topic' && attribute === 'Arn') return ref(id, loc, p);
    return getAtt(id, attribute, loc, p);
  }

  private prop(r: Res<N>, name: string): V<N> | undefined {
    const props = r.props;
    if (!props) return undefined;
    if (props.k === 'obj') return props.props.get(name)?.v ?? (props.partial ? { k: 'unknown', node: props.node, reason: `${name} may come from a spread object` } : undefined);
    if (props.k === 'unknown') return { k: 'unknown', node: props.node, reason: props.reason };
    return undefined;
  }

  private propKey(r: Res<N>, name: string): Loc | undefined {
    const props = r.props;
    return props?.k === 'obj' && props.props.get(name) ? this.loc(props.props.get(name)!.key) : undefined;
  }

  private pairs(r: Res<N>, base: string, spec: [cfn: string, prop: string, convert?: (v: V<N>, p: string) => TNode | undefined][]): Pairs {
    return spec.map(([cfn, name, convert]) => {
      const v = this.prop(r, name);
      const p = `${base}/${cfn}`;
      return [cfn, v === undefined ? undefined : convert ? convert(v, p) : this.value(v, p), this.propKey(r, name)];
    });
  }

  // ── lowering ────────────────────────────────────────────────────────────────────────────

  lower(): { root: MapNode; anchors: Map<string, Loc[]>; functions: number; unknown: number } {
    for (const r of this.stack.resources) this.logicalId(r);
    for (const r of this.stack.resources) {
      if (r.imported) continue;
      try {
        this.lowerResource(r);
      } catch (error) {
        this.it.notices.push({ message: `${r.path} could not be modelled: ${(error as Error).message}`, loc: this.loc(r.node) });
      }
    }
    // `table.grant_read_data(fn)` with the table in another stack: the statement is in fn's stack (on a resource known only there).
    for (const other of this.all) if (other !== this.stack) for (const r of other.resources) if (!r.imported) this.lowerGrants(r);
    for (const [roleId, policy] of this.policies) {
      if (!policy.statements.length) continue;
      const p = `Resources/${roleId}DefaultPolicy`;
      const props = map([
        ['PolicyDocument', map([['Version', scalar('2012-10-17', policy.loc, p)], ['Statement', seq(policy.statements, policy.loc, `${p}/Statement`)]], policy.loc, `${p}/PolicyDocument`)],
        ['Roles', seq([ref(roleId, policy.loc, p)], policy.loc, p)],
      ], policy.loc, `${p}/Properties`);
      // Keyed at its first statement: the function's head stays the function's.
      const at = policy.statements[0]!.loc;
      this.entries.push({ id: `${roleId}DefaultPolicy`, keyLoc: at, node: resource('AWS::IAM::Policy', props, at, p) });
      // Statements are written where the code grants them (`addToRolePolicy`, `table.grantReadData(fn)`).
      this.anchors.set(`${roleId}DefaultPolicy`, policy.statements.map((s) => s.loc));
    }
    const stackLoc = this.headLoc(this.stack.node);
    const resources = map(this.entries.map((e) => [e.id, e.node, e.keyLoc]), stackLoc, 'Resources');
    return { root: map([['Resources', resources]], stackLoc, ''), anchors: this.anchors, functions: this.functions, unknown: this.unknown };
  }

  private metadata(r: Res<N>, loc: Loc, p: string): MapNode {
    return map([['aws:cdk:path', scalar(`${r.path}/Resource`, loc, `${p}/Metadata`)]], loc, `${p}/Metadata`);
  }

  /** Where findings about a construct land: its creation, or the user's construct that created it. */
  private keyLoc(r: Res<N>): Loc {
    return r.anchor ? this.headLoc(r.anchor) : this.headLoc(r.node);
  }

  private lowerResource(r: Res<N>): void {
    const id = this.logicalId(r)!;
    if (FUNCTION_TYPES.has(r.type)) return this.lowerFunction(r, id);
    const p = `Resources/${id}`;
    const loc = this.loc(r.node);
    const keyLoc = this.keyLoc(r);
    const base = `${p}/Properties`;
    const cfnType = RESOURCE_TYPES[r.type];
    let props: Pairs = [];
    switch (r.type) {
      case 'aws-sqs.Queue':
        props = this.queueProps(r, base);
        break;
      case 'aws-logs.LogGroup': {
        const retention = this.prop(r, 'retention');
        props = [
          ['LogGroupName', this.value(this.prop(r, 'logGroupName'), `${base}/LogGroupName`)],
          // A LogGroup construct keeps logs two years unless told otherwise (RetentionDays.TWO_YEARS is its documented default).
          ['RetentionInDays', retention === undefined ? scalar(731, loc, `${base}/RetentionInDays`) : retention.k === 'ext' && retention.path[1] === 'INFINITE' ? undefined : this.value(retention, `${base}/RetentionInDays`), this.propKey(r, 'retention')],
        ];
        break;
      }
      case 'aws-iam.Role':
        this.lowerRole(r, id, keyLoc);
        return;
      case 'aws-events.Rule':
        props = this.ruleProps(r, id, base);
        break;
      case 'aws-apigateway.RestApi':
      case 'aws-apigateway.LambdaRestApi':
        this.lowerRestApi(r, id, keyLoc);
        return;
      case 'aws-apigatewayv2.HttpApi':
        this.lowerHttpApi(r, id, keyLoc);
        return;
      case 'aws-secretsmanager.Secret': {
        const value = this.prop(r, 'secretStringValue') ?? this.prop(r, 'secretStringBeta1');
        props = [['SecretString', value?.k === 'lit' ? this.value(value, `${base}/SecretString`) : undefined, this.propKey(r, 'secretStringValue')]];
        break;
      }
      case 'aws-s3.Bucket':
        props = this.bucketProps(r, base);
        break;
      case 'aws-sns.Topic':
        this.lowerSubscriptions(r);
        break;
      case 'aws-iam.Policy':
      case 'aws-iam.ManagedPolicy':
        this.lowerPolicyConstruct(r, id);
        return;
      default:
        if (!cfnType) {
          // Not modelled, but what it grants a function still counts (as unknown).
          this.lowerGrants(r);
          return;
        }
    }
    this.add(id, keyLoc, resource(cfnType!, map(props, loc, base), loc, p, this.metadata(r, loc, p)), r.anchor);
    this.lowerGrants(r);
  }

  private queueProps(r: Res<N>, base: string): Pairs {
    const pairs = this.pairs(r, base, [
      ['QueueName', 'queueName'],
      ['VisibilityTimeout', 'visibilityTimeout'],
      ['MessageRetentionPeriod', 'retentionPeriod'],
      ['FifoQueue', 'fifo'],
    ]);
    const dlq = this.prop(r, 'deadLetterQueue');
    if (dlq) {
      const p = `${base}/RedrivePolicy`;
      const loc = this.loc(dlq.node);
      const target = dlq.k === 'obj' ? this.value(dlq.props.get('queue')?.v, `${p}/deadLetterTargetArn`) : this.value(dlq, `${p}/deadLetterTargetArn`);
      const count = dlq.k === 'obj' ? this.value(dlq.props.get('maxReceiveCount')?.v, `${p}/maxReceiveCount`) : undefined;
      pairs.push(['RedrivePolicy', map([['deadLetterTargetArn', target ?? this.unknownNode('dead-letter queue', loc, p)], ['maxReceiveCount', count]], loc, p), this.propKey(r, 'deadLetterQueue')]);
    }
    const encryption = this.prop(r, 'encryption');
    if (encryption?.k === 'ext') {
      const loc = this.loc(encryption.node);
      const member = encryption.path[1];
      if (member === 'KMS_MANAGED') pairs.push(['KmsMasterKeyId', scalar('alias/aws/sqs', loc, `${base}/KmsMasterKeyId`)]);
      else if (member === 'KMS') pairs.push(['KmsMasterKeyId', this.value(this.prop(r, 'encryptionMasterKey'), `${base}/KmsMasterKeyId`) ?? this.unknownNode('the key CDK creates', loc, base)]);
      else if (member === 'SQS_MANAGED') pairs.push(['SqsManagedSseEnabled', scalar(true, loc, `${base}/SqsManagedSseEnabled`)]);
      else if (member === 'UNENCRYPTED') pairs.push(['SqsManagedSseEnabled', scalar(false, loc, `${base}/SqsManagedSseEnabled`)]);
    }
    return pairs;
  }

  private bucketProps(r: Res<N>, base: string): Pairs {
    // `bucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(fn))`.
    const configs: TNode[] = [];
    for (const call of r.calls) {
      if (!/^add(EventNotification|ObjectCreatedNotification|ObjectRemovedNotification)$/.test(call.method)) continue;
      const dest = call.args.find((a) => a.k === 'call' && a.path[0] === 'LambdaDestination');
      const target = dest?.k === 'call' ? dest.args[0] : undefined;
      if (target?.k !== 'res') continue;
      const loc = this.loc(call.node);
      const p = `${base}/NotificationConfiguration/LambdaConfigurations/${configs.length}`;
      configs.push(map([['Event', scalar('s3:ObjectCreated:*', loc, p)], ['Function', this.arnOf(target.r, loc, p)]], loc, p));
    }
    return configs.length ? [['NotificationConfiguration', map([['LambdaConfigurations', seq(configs, configs[0]!.loc, base)]], configs[0]!.loc, base)]] : [];
  }

  private lowerFunction(r: Res<N>, id: string): void {
    this.functions++;
    const p = `Resources/${id}`;
    const base = `${p}/Properties`;
    const loc = this.loc(r.node);
    const keyLoc = this.keyLoc(r);
    const pairs: Pairs = [];
    // Resources CDK creates for the function, declared after it: a finding at the function's head is the function's.
    const deferred: (() => void)[] = [];
    const runtime = this.prop(r, 'runtime');
    if (runtime === undefined) {
      if (r.type === 'aws-lambda-nodejs.NodejsFunction' || r.type === 'aws-lambda-python.PythonFunction' || r.type === 'aws-lambda-go.GoFunction' || r.type === 'aws-lambda.SingletonFunction') {
        pairs.push(['Runtime', this.unknownNode(`the default runtime of ${r.type.split('.')[1]} (depends on the aws-cdk-lib version)`, loc, `${base}/Runtime`)]);
      } else if (r.type !== 'aws-lambda.DockerImageFunction') {
        pairs.push(['Runtime', this.unknownNode('the runtime is not given', loc, `${base}/Runtime`)]);
      }
    } else if (runtime.k === 'call' && runtime.path[0] === 'Runtime' && runtime.args[0]?.k === 'lit') {
      pairs.push(['Runtime', this.value(runtime.args[0], `${base}/Runtime`), this.propKey(r, 'runtime')]);
    } else pairs.push(['Runtime', this.value(runtime, `${base}/Runtime`), this.propKey(r, 'runtime')]);

    const code = this.functionCode(r, base, loc);
    pairs.push(...code);
    pairs.push(...this.pairs(r, base, [
      ['Timeout', 'timeout'],
      ['MemorySize', 'memorySize'],
      ['ReservedConcurrentExecutions', 'reservedConcurrentExecutions'],
      ['FunctionName', 'functionName'],
    ]));
    const tracing = this.prop(r, 'tracing');
    if (tracing && !(tracing.k === 'ext' && tracing.path[1] === 'DISABLED')) {
      const tl = this.loc(tracing.node);
      pairs.push(['TracingConfig', map([['Mode', this.value(tracing, `${base}/TracingConfig/Mode`)]], tl, `${base}/TracingConfig`), this.propKey(r, 'tracing')]);
    }
    pairs.push(['Environment', this.environment(r, base), this.propKey(r, 'environment')]);

    // The execution role: the one passed in, or the one CDK generates with the basic execution policy.
    const roleV = this.prop(r, 'role');
    let roleId: string | undefined;
    if (roleV?.k === 'res') {
      roleId = this.logicalId(roleV.r);
      pairs.push(['Role', this.arnOf(roleV.r, this.loc(roleV.node), `${base}/Role`), this.propKey(r, 'role')]);
    } else if (roleV) {
      pairs.push(['Role', this.value(roleV, `${base}/Role`), this.propKey(r, 'role')]);
    } else {
      roleId = `${id}ServiceRole`;
      this.used.add(roleId);
      const rp = `Resources/${roleId}`;
      // Located at the function's head only: findings in the function's props belong to the function.
      const loc = this.headLoc(r.node);
      const arns: TNode[] = [managedArn('service-role/AWSLambdaBasicExecutionRole', loc, rp), ...(this.managed.get(roleId) ?? [])];
      this.managed.set(roleId, arns);
      deferred.push(() => this.add(roleId!, keyLoc, resource('AWS::IAM::Role', map([
        ['AssumeRolePolicyDocument', map([['Statement', seq([map([['Action', scalar('sts:AssumeRole', loc, rp)], ['Effect', scalar('Allow', loc, rp)], ['Principal', map([['Service', scalar('lambda.amazonaws.com', loc, rp)]], loc, rp)]], loc, rp)], loc, rp)]], loc, rp)],
        ['ManagedPolicyArns', seq(arns, loc, `${rp}/Properties/ManagedPolicyArns`)],
      ], loc, `${rp}/Properties`), loc, rp, map([['aws:cdk:path', scalar(`${r.path}/ServiceRole/Resource`, loc, rp)]], loc, rp)), r.anchor));
      pairs.push(['Role', getAtt(roleId, 'Arn', loc, `${base}/Role`)]);
    }
    if (roleId) this.policyOf(roleId, keyLoc, `Resources/${roleId}`);

    const dlq = this.prop(r, 'deadLetterQueue') ?? this.prop(r, 'deadLetterTopic');
    const dlqEnabled = this.prop(r, 'deadLetterQueueEnabled');
    if (dlq) {
      pairs.push(['DeadLetterConfig', map([['TargetArn', this.value(dlq, `${base}/DeadLetterConfig/TargetArn`)]], this.loc(dlq.node), `${base}/DeadLetterConfig`), this.propKey(r, this.prop(r, 'deadLetterQueue') ? 'deadLetterQueue' : 'deadLetterTopic')]);
    } else if (dlqEnabled?.k === 'lit' && dlqEnabled.v === true) {
      // CDK creates the queue itself.
      const dl = this.loc(dlqEnabled.node);
      const qid = `${id}DeadLetterQueue`;
      this.used.add(qid);
      this.add(qid, dl, resource('AWS::SQS::Queue', map([['MessageRetentionPeriod', scalar(1209600, dl, `Resources/${qid}/Properties/MessageRetentionPeriod`)]], dl, `Resources/${qid}/Properties`), dl, `Resources/${qid}`));
      pairs.push(['DeadLetterConfig', map([['TargetArn', getAtt(qid, 'Arn', dl, `${base}/DeadLetterConfig/TargetArn`)]], dl, `${base}/DeadLetterConfig`), this.propKey(r, 'deadLetterQueueEnabled')]);
    } else if (dlqEnabled && dlqEnabled.k !== 'lit' && dlqEnabled.k !== 'undef') {
      pairs.push(['DeadLetterConfig', this.unknownNode('deadLetterQueueEnabled is only known when the app runs', this.loc(dlqEnabled.node), `${base}/DeadLetterConfig`)]);
    }

    const logGroup = this.prop(r, 'logGroup');
    const retention = this.prop(r, 'logRetention');
    if (logGroup) {
      pairs.push(['LoggingConfig', map([['LogGroup', logGroup.k === 'res' && this.logicalId(logGroup.r) ? ref(this.logicalId(logGroup.r)!, this.loc(logGroup.node), `${base}/LoggingConfig/LogGroup`) : this.value(logGroup, `${base}/LoggingConfig/LogGroup`)]], this.loc(logGroup.node), `${base}/LoggingConfig`), this.propKey(r, 'logGroup')]);
    } else if (retention) {
      // `logRetention`: CDK sets the retention of /aws/lambda/<name> through a custom resource.
      const rl = this.loc(retention.node);
      const gid = `${id}LogRetention`;
      this.used.add(gid);
      const gp = `Resources/${gid}`;
      const days = retention.k === 'ext' && retention.path[1] === 'INFINITE' ? undefined : this.value(retention, `${gp}/Properties/RetentionInDays`);
      this.add(gid, this.propKey(r, 'logRetention') ?? rl, resource('AWS::Logs::LogGroup', map([['RetentionInDays', days]], rl, `${gp}/Properties`), rl, gp), r.anchor);
      pairs.push(['LoggingConfig', map([['LogGroup', ref(gid, rl, `${base}/LoggingConfig/LogGroup`)]], rl, `${base}/LoggingConfig`)]);
    } else {
      // Whether CDK creates a log group (and with what retention) depends on its version and feature flags.
      pairs.push(['LoggingConfig', map([['LogGroup', this.unknownNode('the log group of a CDK function without logGroup or logRetention (depends on the aws-cdk-lib version and feature flags)', loc, `${base}/LoggingConfig/LogGroup`)]], loc, `${base}/LoggingConfig`)]);
    }

    const metadata = this.metadata(r, loc, p);
    this.add(id, keyLoc, resource('AWS::Lambda::Function', map(pairs, loc, base), loc, p, metadata), r.anchor);
    for (const add of deferred) add();

    this.asyncConfig(r, id, undefined);
    for (const call of r.calls) {
      const cl = this.loc(call.node);
      if (call.method === 'addEventSource' && call.args[0]) this.eventSource(r, id, call.args[0], roleId);
      else if (call.method === 'configureAsyncInvoke' && call.args[0]?.k === 'obj') this.asyncConfig(r, id, call.args[0]);
      else if ((call.method === 'addToRolePolicy' || call.method === 'role.addToPolicy' || call.method === 'role.addToPrincipalPolicy') && roleId) this.addStatement(roleId, call.args[0], cl);
      else if (call.method === 'role.addManagedPolicy' && roleId) this.addManaged(roleId, call.args[0], cl);
      else if (call.method === 'addFunctionUrl') this.functionUrl(id, call.args[0], cl);
    }
    // `new lambda.Function(…, { initialPolicy: [statement] })`.
    const initial = this.prop(r, 'initialPolicy');
    if (initial?.k === 'arr' && roleId) for (const s of initial.items) this.addStatement(roleId, s, this.loc(s.node));
    this.lowerGrants(r);
  }

  private functionCode(r: Res<N>, base: string, loc: Loc): Pairs {
    const handlerV = this.prop(r, 'handler');
    const codeKey = this.propKey(r, 'code') ?? this.propKey(r, 'entry');
    const definingFile = this.it.fileOf(r.node);
    const abs = (v: V<N> | undefined): string | undefined => (v?.k === 'lit' && typeof v.v === 'string' ? path.resolve(this.it.appDir, v.v) : undefined);
    if (r.type === 'aws-lambda-nodejs.NodejsFunction') {
      const entryV = this.prop(r, 'entry');
      let entry = abs(entryV);
      if (entryV === undefined) {
        // No entry: `<defining file>.<id>.ts` (or .js) beside the file that creates the function.
        const stem = definingFile.replace(/\.[cm]?[jt]sx?$/, '');
        entry = ['.ts', '.js', '.mjs', '.mts', '.cts', '.cjs'].map((e) => `${stem}.${r.id}${e}`).find((f) => existsSync(f)) ?? `${stem}.${r.id}.ts`;
      }
      if (!entry) return [['Code', this.unknownNode('the entry file is only known when the app runs', this.loc(entryV?.node), `${base}/Code`)]];
      const handlerName = handlerV?.k === 'lit' ? String(handlerV.v) : handlerV ? undefined : 'handler';
      const el = entryV ? this.loc(entryV.node) : loc;
      const moduleName = path.basename(entry).replace(/\.[cm]?[jt]sx?$/, '');
      return [
        ['Code', scalar(path.dirname(entry), el, `${base}/Code`), codeKey],
        ['Handler', handlerName === undefined ? this.unknownNode('the handler is only known when the app runs', el, `${base}/Handler`) : scalar(handlerName.includes('.') ? handlerName : `${moduleName}.${handlerName}`, handlerV ? this.loc(handlerV.node) : el, `${base}/Handler`)],
      ];
    }
    if (r.type === 'aws-lambda-python.PythonFunction') {
      const entryV = this.prop(r, 'entry');
      const entry = abs(entryV);
      const indexV = this.prop(r, 'index');
      const index = indexV === undefined ? 'index.py' : indexV.k === 'lit' ? String(indexV.v) : undefined;
      const handlerName = handlerV === undefined ? 'handler' : handlerV.k === 'lit' ? String(handlerV.v) : undefined;
      const el = this.loc(entryV?.node);
      return [
        ['Code', entry ? scalar(entry, el, `${base}/Code`) : this.unknownNode('the entry folder is only known when the app runs', el, `${base}/Code`), codeKey],
        ['Handler', index && handlerName ? scalar(`${index.replace(/\.py$/, '').replace(/\//g, '.')}.${handlerName}`, this.loc((handlerV ?? indexV ?? entryV)?.node), `${base}/Handler`) : this.unknownNode('the handler is only known when the app runs', el, `${base}/Handler`)],
      ];
    }
    if (r.type === 'aws-lambda.DockerImageFunction') return [['PackageType', scalar('Image', loc, `${base}/PackageType`)]];
    // A Go binary is built at synth time; its triggers and settings are still modelled.
    if (r.type === 'aws-lambda-go.GoFunction') return [['Handler', scalar('bootstrap', loc, `${base}/Handler`)], ['Code', this.unknownNode('the binary GoFunction builds (Go code is not read)', loc, `${base}/Code`), codeKey]];
    const codeV = this.prop(r, 'code');
    const handler = this.value(handlerV, `${base}/Handler`);
    const pairs: Pairs = [['Handler', handler, this.propKey(r, 'handler')]];
    const cl = this.loc(codeV?.node);
    if (codeV?.k === 'call' && /^(Code|AssetCode|InlineCode)$/.test(codeV.path[0] ?? '')) {
      // `new InlineCode(text)` is `Code.fromInline(text)`, `new AssetCode(path)` `Code.fromAsset(path)`.
      const how = codeV.path[0] === 'InlineCode' ? 'fromInline' : (codeV.path[1] ?? 'fromAsset');
      const arg = codeV.args[0];
      if (how === 'fromAsset' || how === 'asset' || codeV.path[0] === 'AssetCode') {
        const folder = abs(arg);
        pairs.push(['Code', folder ? scalar(folder, this.loc(arg!.node), `${base}/Code`) : this.unknownNode('the asset path is only known when the app runs', cl, `${base}/Code`), codeKey]);
      } else if (how === 'fromInline' || how === 'inline') {
        pairs.push(['Code', map([['ZipFile', this.value(arg, `${base}/Code/ZipFile`) ?? this.unknownNode('inline code', cl, `${base}/Code/ZipFile`)]], cl, `${base}/Code`), codeKey]);
      } else if (/^from(Bucket|BucketV2|CfnParameters)$/.test(how)) {
        pairs.push(['Code', map([['S3Bucket', this.unknownNode('a bucket', cl, `${base}/Code/S3Bucket`)]], cl, `${base}/Code`), codeKey]);
      } else if (/^from(EcrImage|AssetImage|DockerBuild)$/.test(how)) {
        pairs.push(['PackageType', scalar('Image', cl, `${base}/PackageType`)]);
      } else pairs.push(['Code', this.unknownNode(`Code.${how} is not read`, cl, `${base}/Code`), codeKey]);
    } else {
      pairs.push(['Code', this.unknownNode('the code location is only known when the app runs', cl, `${base}/Code`), codeKey]);
    }
    return pairs;
  }

  private environment(r: Res<N>, base: string): TNode | undefined {
    const p = `${base}/Environment`;
    const env = this.prop(r, 'environment');
    const pairs: Pairs = [];
    const loc = this.loc(env?.node ?? r.node);
    if (env?.k === 'obj') for (const [key, e] of env.props) pairs.push([key, this.value(e.v, `${p}/Variables/${key}`), this.loc(e.key)]);
    for (const call of r.calls) {
      if (call.method !== 'addEnvironment' || call.args[0]?.k !== 'lit') continue;
      pairs.push([String(call.args[0].v), this.value(call.args[1], `${p}/Variables/${call.args[0].v}`), this.loc(call.node)]);
    }
    if (!pairs.length) return undefined;
    return map([['Variables', map(pairs, loc, `${p}/Variables`)]], loc, p);
  }

  private policyOf(roleId: string, loc: Loc, p: string): { statements: TNode[]; loc: Loc; path: string } {
    let policy = this.policies.get(roleId);
    if (!policy) this.policies.set(roleId, (policy = { statements: [], loc, path: p }));
    return policy;
  }

  /** `new iam.PolicyStatement({ actions, resources })` as a statement of the role's default policy. */
  private statementNode(v: V<N> | undefined, loc: Loc, p: string): TNode | undefined {
    if (v?.k !== 'call' || v.path[v.path.length - 1] !== 'PolicyStatement') return v ? this.unknownNode('a policy statement built when the app runs', loc, p) : undefined;
    const props = v.args[0];
    const sl = this.loc(v.node);
    const mutations = v.mutations ?? [];
    if (props !== undefined && props.k !== 'obj') return map([['Effect', scalar('Allow', sl, p)], ['Action', this.unknownNode('actions added when the app runs', sl, p)], ['Resource', this.unknownNode('resources added when the app runs', sl, p)]], sl, p);
    const get = (k: string) => (props?.k === 'obj' ? props.props.get(k) : undefined);
    const effect = get('effect')?.v;
    const pairs: Pairs = [['Effect', effect?.k === 'ext' ? scalar(effect.path[1] === 'DENY' ? 'Deny' : 'Allow', this.loc(effect.node), `${p}/Effect`) : scalar('Allow', sl, `${p}/Effect`)]];
    // `statement.addActions(…)`/`addResources(…)`/`addAllResources()` after the statement was built extend its lists.
    const added = (method: string) => mutations.filter((m) => m.method === method).flatMap((m) => m.args);
    const extra: Record<string, V<N>[]> = { actions: added('addActions'), resources: [...added('addResources'), ...mutations.filter((m) => m.method === 'addAllResources').map((m): V<N> => ({ k: 'lit', v: '*', node: m.node }))] };
    for (const [key, cfn] of [['actions', 'Action'], ['notActions', 'NotAction'], ['resources', 'Resource'], ['notResources', 'NotResource'], ['conditions', 'Condition']] as const) {
      const e = get(key);
      const more = extra[key] ?? [];
      if (!more.length) {
        if (e) pairs.push([cfn, this.value(e.v, `${p}/${cfn}`), this.loc(e.key)]);
        continue;
      }
      const listed: V<N> = e?.v.k === 'arr' ? { ...e.v, items: [...e.v.items, ...more] } : e ? { k: 'arr', items: [e.v, ...more], node: e.v.node ?? v.node } : { k: 'arr', items: more, node: more[0]!.node ?? v.node };
      pairs.push([cfn, this.value(listed, `${p}/${cfn}`), e ? this.loc(e.key) : this.loc(more[0]!.node ?? v.node)]);
    }
    // Any other change (a condition, a principal, NotAction) may narrow what the statement grants: not judged.
    const other = mutations.find((m) => !['addActions', 'addResources', 'addAllResources'].includes(m.method));
    if (other) pairs.push(['Condition', this.unknownNode(`the statement is changed by ${other.method}() after it is built`, this.loc(other.node), `${p}/Condition`)]);
    else if (props?.k === 'obj' && props.partial) pairs.push(['Condition', this.unknownNode('statement properties from a spread object', sl, `${p}/Condition`)]);
    return map(pairs, sl, p);
  }

  private addStatement(roleId: string, v: V<N> | undefined, loc: Loc): void {
    const policy = this.policyOf(roleId, loc, `Resources/${roleId}`);
    const node = this.statementNode(v, loc, `Resources/${roleId}DefaultPolicy/Properties/PolicyDocument/Statement/${policy.statements.length}`);
    if (node) policy.statements.push(node);
  }

  private addManaged(roleId: string, v: V<N> | undefined, loc: Loc): void {
    const arns = this.managed.get(roleId);
    if (!arns || !v) return;
    arns.push(this.managedPolicyArn(v, loc, `Resources/${roleId}/Properties/ManagedPolicyArns/${arns.length}`));
  }

  private managedPolicyArn(v: V<N>, loc: Loc, p: string): TNode {
    if (v.k === 'call' && v.path.join('.') === 'ManagedPolicy.fromAwsManagedPolicyName' && v.args[0]?.k === 'lit') return managedArn(String(v.args[0].v), this.loc(v.node), p);
    if (v.k === 'res' && v.r.imported && v.r.args[2]) return this.value(v.r.args[2], p) ?? this.unknownNode('a managed policy ARN', loc, p);
    if (v.k === 'res' && !v.r.imported && this.logicalId(v.r)) return ref(this.logicalId(v.r)!, this.loc(v.node), p);
    return this.unknownNode('a managed policy chosen when the app runs', this.loc(v.node), p);
  }

  /** `table.grantReadData(fn)` and the like: the actions CDK grants, on this construct, in the grantee's policy. */
  private lowerGrants(r: Res<N>): void {
    const module = r.type.split('.')[0]!;
    for (const call of r.calls) {
      const actions = GRANTS[module]?.[call.method];
      if (actions) this.grant(r, call.args[0], actions, this.loc(call.node), call.method === 'grantStreamRead' ? 'StreamArn' : 'Arn', call.method);
      // A grant sls-lint has no table for (`parameter.grantRead(fn)`, `key.grantDecrypt(fn)`) still grants
      // something: the grantee's permissions become partly unknown, so no rule judges them as complete.
      else if (/^grant[A-Z]?/.test(call.method)) this.grantUnknown(call.args[0], `${r.type}.${call.method}`, this.loc(call.node));
    }
  }

  /** The role a grant to `grantee` lands in: a function's own service role, or a role construct of this stack. */
  private granteeRole(grantee: V<N> | undefined): string | undefined {
    const owner = grantee?.k === 'res' ? grantee.r : grantee?.k === 'call' && grantee.module === '#role' && grantee.args[0]?.k === 'res' ? grantee.args[0].r : undefined;
    if (!owner || owner.stack !== this.stack) return undefined;
    return FUNCTION_TYPES.has(owner.type) ? (this.prop(owner, 'role')?.k === 'res' ? this.logicalId((this.prop(owner, 'role') as { r: Res<N> }).r) : this.prop(owner, 'role') ? undefined : `${this.logicalId(owner)}ServiceRole`) : owner.type === 'aws-iam.Role' ? this.logicalId(owner) : undefined;
  }

  private grantUnknown(grantee: V<N> | undefined, method: string, loc: Loc): void {
    this.pushGrant(grantee, loc, (p) =>
      map([
        ['Effect', scalar('Allow', loc, `${p}/Effect`)],
        ['Action', this.unknownNode(`the actions ${method} grants`, loc, `${p}/Action`)],
        ['Resource', this.unknownNode(`the resources ${method} grants on`, loc, `${p}/Resource`)],
      ], loc, p),
    );
  }

  /** A statement in the default policy of the role a grant to `grantee` lands in; `build` gets its path. */
  private pushGrant(grantee: V<N> | undefined, loc: Loc, build: (path: string) => TNode): void {
    const roleId = this.granteeRole(grantee);
    if (!roleId) return;
    const policy = this.policyOf(roleId, loc, `Resources/${roleId}`);
    policy.statements.push(build(`Resources/${roleId}DefaultPolicy/Properties/PolicyDocument/Statement/${policy.statements.length}`));
  }

  /**
   * `method`: the grant method (`grantWriteData`), kept as the statement's `Sid` (CDK writes none), so
   * rules can tell a statement the user wrote from the set of actions one grant call adds as a whole.
   */
  private grant(target: Res<N>, grantee: V<N> | undefined, actions: string[], loc: Loc, attribute = 'Arn', method?: string): void {
    this.pushGrant(grantee, loc, (p) => {
      const resources: TNode[] = [this.arnOf(target, loc, `${p}/Resource/0`, attribute)];
      // Object actions of a bucket apply to its objects (`arn/*`).
      if (target.type === 'aws-s3.Bucket') resources.push(fnNode('Fn::Join', seq([scalar('', loc, p), seq([this.arnOf(target, loc, p), scalar('/*', loc, p)], loc, p)], loc, p), loc, `${p}/Resource/1`));
      return map([
        ['Sid', method ? scalar(method, loc, `${p}/Sid`) : undefined],
        ['Effect', scalar('Allow', loc, `${p}/Effect`)],
        ['Action', seq(actions.map((a) => scalar(a, loc, `${p}/Action`)), loc, `${p}/Action`)],
        ['Resource', seq(resources, loc, `${p}/Resource`)],
      ], loc, p);
    });
  }

  private lowerRole(r: Res<N>, id: string, keyLoc: Loc): void {
    const p = `Resources/${id}`;
    const loc = this.loc(r.node);
    const arns: TNode[] = [];
    const managed = this.prop(r, 'managedPolicies');
    if (managed?.k === 'arr') managed.items.forEach((m, i) => arns.push(this.managedPolicyArn(m, this.loc(m.node), `${p}/Properties/ManagedPolicyArns/${i}`)));
    else if (managed) arns.push(this.unknownNode('managed policies chosen when the app runs', this.loc(managed.node), `${p}/Properties/ManagedPolicyArns`));
    this.managed.set(id, arns);
    this.policyOf(id, keyLoc, p);
    for (const call of r.calls) {
      const cl = this.loc(call.node);
      if (call.method === 'addManagedPolicy') this.addManaged(id, call.args[0], cl);
      else if (call.method === 'addToPolicy' || call.method === 'addToPrincipalPolicy') this.addStatement(id, call.args[0], cl);
    }
    const inline = this.prop(r, 'inlinePolicies');
    const policies: TNode[] = [];
    if (inline?.k === 'obj') {
      for (const [name, e] of inline.props) {
        const doc = e.v;
        const ip = `${p}/Properties/Policies/${policies.length}`;
        const dl = this.loc(doc.node);
        const statements = doc.k === 'call' && doc.args[0]?.k === 'obj' ? doc.args[0].props.get('statements')?.v : undefined;
        const list = statements?.k === 'arr' ? statements.items.map((s, i) => this.statementNode(s, this.loc(s.node), `${ip}/PolicyDocument/Statement/${i}`)!).filter(Boolean) : [this.unknownNode('a policy document built when the app runs', dl, ip)];
        policies.push(map([['PolicyName', scalar(name, this.loc(e.key), `${ip}/PolicyName`)], ['PolicyDocument', map([['Statement', seq(list, dl, `${ip}/PolicyDocument/Statement`)]], dl, `${ip}/PolicyDocument`)]], dl, ip));
      }
    }
    this.add(id, keyLoc, resource('AWS::IAM::Role', map([
      ['ManagedPolicyArns', arns.length ? seq(arns, loc, `${p}/Properties/ManagedPolicyArns`) : undefined],
      ['Policies', policies.length ? seq(policies, loc, `${p}/Properties/Policies`) : undefined],
    ], loc, `${p}/Properties`), loc, p, this.metadata(r, loc, p)), r.anchor);
    this.lowerGrants(r);
  }

  /** `new iam.Policy(this, 'P', { statements, roles })` and `role.attachInlinePolicy(policy)`. */
  private lowerPolicyConstruct(r: Res<N>, id: string): void {
    const p = `Resources/${id}`;
    const loc = this.loc(r.node);
    const statements = this.prop(r, 'statements');
    const list = statements?.k === 'arr' ? statements.items.map((s, i) => this.statementNode(s, this.loc(s.node), `${p}/Properties/PolicyDocument/Statement/${i}`)!).filter(Boolean) : [];
    for (const call of r.calls) if (call.method === 'addStatements') for (const s of call.args) list.push(this.statementNode(s, this.loc(s.node), `${p}/Properties/PolicyDocument/Statement/${list.length}`)!);
    // `document: PolicyDocument.fromJson(…)` or a document built elsewhere: its statements are not read, so unknown.
    const document = this.prop(r, 'document');
    if (document) list.push(this.unknownNode('a policy document the app builds', this.loc(document.node), `${p}/Properties/PolicyDocument/Statement/${list.length}`));
    const roles = this.prop(r, 'roles');
    // A role construct, or a function's role (`fn.role`): the role a grant to it lands in.
    const roleRefs: TNode[] = roles?.k === 'arr' ? roles.items.flatMap((x) => (this.granteeRole(x) ? [ref(this.granteeRole(x)!, this.loc(x.node), `${p}/Properties/Roles`)] : [])) : [];
    // `policy.attachToRole(role)`: the same as listing the role.
    for (const call of r.calls) {
      const roleId = call.method === 'attachToRole' ? this.granteeRole(call.args[0]) : undefined;
      if (roleId) roleRefs.push(ref(roleId, this.loc(call.node), `${p}/Properties/Roles`));
    }
    for (const other of this.stack.resources) {
      for (const call of other.calls) {
        if ((call.method === 'attachInlinePolicy' || call.method === 'role.attachInlinePolicy') && call.args[0]?.k === 'res' && call.args[0].r === r) {
          const roleId = other.type === 'aws-iam.Role' ? this.logicalId(other) : `${this.logicalId(other)}ServiceRole`;
          if (roleId) roleRefs.push(ref(roleId, this.loc(call.node), `${p}/Properties/Roles`));
        }
      }
    }
    const type = r.type === 'aws-iam.ManagedPolicy' ? 'AWS::IAM::ManagedPolicy' : 'AWS::IAM::Policy';
    this.add(id, this.keyLoc(r), resource(type, map([
      ['PolicyDocument', map([['Statement', seq(list, loc, `${p}/Properties/PolicyDocument/Statement`)]], loc, `${p}/Properties/PolicyDocument`)],
      ['Roles', roleRefs.length ? seq(roleRefs, loc, `${p}/Properties/Roles`) : undefined],
    ], loc, `${p}/Properties`), loc, p, this.metadata(r, loc, p)), r.anchor);
  }

  private asyncConfig(r: Res<N>, id: string, options: V<N> | undefined): void {
    const get = (k: string): V<N> | undefined => (options?.k === 'obj' ? options.props.get(k)?.v : this.prop(r, k));
    const onFailure = get('onFailure');
    const retries = get('retryAttempts');
    if (!onFailure && !retries) return;
    const node = options?.node ?? (onFailure ?? retries)!.node;
    const loc = this.loc(node);
    const cid = `${id}EventInvokeConfig${options ? this.entries.length : ''}`;
    const p = `Resources/${cid}`;
    this.used.add(cid);
    const dest = onFailure && this.destination(onFailure, `${p}/Properties/DestinationConfig/OnFailure/Destination`);
    this.add(cid, loc, resource('AWS::Lambda::EventInvokeConfig', map([
      ['FunctionName', ref(id, loc, `${p}/Properties/FunctionName`)],
      ['Qualifier', scalar('$LATEST', loc, `${p}/Properties/Qualifier`)],
      ['MaximumRetryAttempts', this.value(retries, `${p}/Properties/MaximumRetryAttempts`)],
      ['DestinationConfig', dest ? map([['OnFailure', map([['Destination', dest]], dest.loc, `${p}/Properties/DestinationConfig/OnFailure`)]], dest.loc, `${p}/Properties/DestinationConfig`) : undefined],
    ], loc, `${p}/Properties`), loc, p));
  }

  /** `new SqsDestination(queue)`, `new SqsDlq(queue)`, `new SnsDestination(topic)`, … → the target's ARN. */
  private destination(v: V<N>, p: string): TNode | undefined {
    if (v.k === 'call' && v.args[0]?.k === 'res') return this.arnOf(v.args[0].r, this.loc(v.node), p);
    if (v.k === 'undef') return undefined;
    return this.value(v, p);
  }

  private eventSource(fnRes: Res<N>, fnId: string, source: V<N>, roleId: string | undefined): void {
    if (source.k !== 'call') return;
    const kind = source.path[source.path.length - 1]!;
    const target = source.args[0];
    const options = source.args[1];
    const loc = this.loc(source.node);
    const opt = (k: string) => (options?.k === 'obj' ? options.props.get(k) : undefined);
    if (kind === 'SnsEventSource') {
      if (target?.k === 'res') this.subscription(target.r, fnRes, 'lambda', options, source.node);
      return;
    }
    if (kind === 'S3EventSource' || kind === 'ApiEventSource') return;
    if (!/^(Sqs|Dynamo|Kinesis)EventSource$/.test(kind) || target?.k !== 'res') return;
    const mid = `${fnId}${kind.replace('EventSource', '')}EventSource${this.logicalId(target.r) ?? ''}`;
    let id = mid;
    for (let n = 2; this.used.has(id); n++) id = `${mid}${n}`;
    this.used.add(id);
    const p = `Resources/${id}/Properties`;
    const field = (cfn: string, k: string, convert?: (v: V<N>, p: string) => TNode | undefined): [string, TNode | undefined, Loc | undefined] => {
      const e = opt(k);
      return [cfn, e ? (convert ? convert(e.v, `${p}/${cfn}`) : this.value(e.v, `${p}/${cfn}`)) : undefined, e ? this.loc(e.key) : undefined];
    };
    const report = opt('reportBatchItemFailures');
    const onFailure = opt('onFailure');
    const dest = onFailure && this.destination(onFailure.v, `${p}/DestinationConfig/OnFailure/Destination`);
    const pairs: Pairs = [
      ['FunctionName', ref(fnId, loc, `${p}/FunctionName`)],
      ['EventSourceArn', this.arnOf(target.r, this.loc(target.node), `${p}/EventSourceArn`, kind === 'DynamoEventSource' ? 'StreamArn' : 'Arn')],
      field('BatchSize', 'batchSize'),
      field('MaximumBatchingWindowInSeconds', 'maxBatchingWindow'),
      field('StartingPosition', 'startingPosition'),
      field('MaximumRetryAttempts', 'retryAttempts'),
      field('BisectBatchOnFunctionError', 'bisectBatchOnError'),
      field('MaximumRecordAgeInSeconds', 'maxRecordAge'),
      field('ParallelizationFactor', 'parallelizationFactor'),
      ['FunctionResponseTypes', report && report.v.k !== 'undef' ? (report.v.k === 'lit' ? (report.v.v === true ? seq([scalar('ReportBatchItemFailures', this.loc(report.v.node), `${p}/FunctionResponseTypes/0`)], this.loc(report.v.node), `${p}/FunctionResponseTypes`) : undefined) : this.unknownNode('reportBatchItemFailures is only known when the app runs', this.loc(report.v.node), `${p}/FunctionResponseTypes`)) : undefined, report ? this.loc(report.key) : undefined],
      ['DestinationConfig', dest ? map([['OnFailure', map([['Destination', dest]], dest.loc, `${p}/DestinationConfig/OnFailure`)]], dest.loc, `${p}/DestinationConfig`) : undefined, onFailure ? this.loc(onFailure.key) : undefined],
    ];
    this.add(id, loc, resource('AWS::Lambda::EventSourceMapping', map(pairs, loc, p), loc, `Resources/${id}`, map([['aws:cdk:path', scalar(`${fnRes.path}/${kind}`, loc, `Resources/${id}/Metadata`)]], loc, `Resources/${id}/Metadata`)));
    // The event source grants the function what it needs to read the source.
    if (roleId) {
      const actions = kind === 'SqsEventSource' ? GRANTS['aws-sqs']!.grantConsumeMessages! : kind === 'DynamoEventSource' ? GRANTS['aws-dynamodb']!.grantStreamRead! : ['kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:SubscribeToShard', 'kinesis:DescribeStream'];
      this.grant(target.r, { k: 'res', r: fnRes, node: source.node }, actions, loc, kind === 'DynamoEventSource' ? 'StreamArn' : 'Arn');
    }
  }

  private lowerSubscriptions(topic: Res<N>): void {
    for (const call of topic.calls) {
      if (call.method !== 'addSubscription') continue;
      const sub = call.args[0];
      if (sub?.k !== 'call' || sub.args[0]?.k !== 'res') continue;
      const kind = sub.path[sub.path.length - 1];
      if (kind === 'LambdaSubscription') this.subscription(topic, sub.args[0].r, 'lambda', sub.args[1], sub.node);
      else if (kind === 'SqsSubscription') this.subscription(topic, sub.args[0].r, 'sqs', sub.args[1], sub.node);
    }
  }

  private subscription(topic: Res<N>, endpoint: Res<N>, protocol: 'lambda' | 'sqs', options: V<N> | undefined, node: N): void {
    const loc = this.loc(node);
    const base = `${this.logicalId(endpoint) ?? 'Endpoint'}Subscription${this.logicalId(topic) ?? ''}`;
    let id = base;
    for (let n = 2; this.used.has(id); n++) id = `${base}${n}`;
    this.used.add(id);
    const p = `Resources/${id}/Properties`;
    const dlq = options?.k === 'obj' ? options.props.get('deadLetterQueue') : undefined;
    this.add(id, loc, resource('AWS::SNS::Subscription', map([
      ['Protocol', scalar(protocol, loc, `${p}/Protocol`)],
      ['TopicArn', this.arnOf(topic, loc, `${p}/TopicArn`)],
      ['Endpoint', this.arnOf(endpoint, loc, `${p}/Endpoint`)],
      ['RedrivePolicy', dlq ? map([['deadLetterTargetArn', this.value(dlq.v, `${p}/RedrivePolicy/deadLetterTargetArn`)]], this.loc(dlq.v.node), `${p}/RedrivePolicy`) : undefined, dlq ? this.loc(dlq.key) : undefined],
    ], loc, p), loc, `Resources/${id}`, map([['aws:cdk:path', scalar(`${topic.path}/${endpoint.id}`, loc, `Resources/${id}/Metadata`)]], loc, `Resources/${id}/Metadata`)));
    if (protocol === 'lambda') this.permission(endpoint, 'sns.amazonaws.com', this.arnOf(topic, loc, `Resources/${id}Permission/Properties/SourceArn`), loc, `${id}Permission`);
  }

  private permission(fnRes: Res<N>, principal: string, sourceArn: TNode, loc: Loc, id: string): void {
    const fnId = this.logicalId(fnRes);
    if (!fnId) return;
    let pid = id;
    for (let n = 2; this.used.has(pid); n++) pid = `${id}${n}`;
    this.used.add(pid);
    // CDK adds the permission for what grants it; placed at that code's end, so a finding about the subscription, target or integration itself names that.
    loc = { ...loc, line: loc.endLine, column: loc.endColumn };
    const p = `Resources/${pid}/Properties`;
    this.add(pid, loc, resource('AWS::Lambda::Permission', map([
      ['Action', scalar('lambda:InvokeFunction', loc, `${p}/Action`)],
      ['FunctionName', getAtt(fnId, 'Arn', loc, `${p}/FunctionName`)],
      ['Principal', scalar(principal, loc, `${p}/Principal`)],
      ['SourceArn', sourceArn],
    ], loc, p), loc, `Resources/${pid}`));
  }

  private ruleProps(r: Res<N>, id: string, base: string): Pairs {
    const pairs: Pairs = [];
    const schedule = this.prop(r, 'schedule');
    if (schedule) pairs.push(['ScheduleExpression', this.scheduleExpression(schedule, `${base}/ScheduleExpression`), this.propKey(r, 'schedule')]);
    const pattern = this.prop(r, 'eventPattern');
    if (pattern) pairs.push(['EventPattern', this.value(pattern, `${base}/EventPattern`), this.propKey(r, 'eventPattern')]);
    const targets: V<N>[] = [];
    const listed = this.prop(r, 'targets');
    if (listed?.k === 'arr') targets.push(...listed.items);
    for (const call of r.calls) if (call.method === 'addTarget' && call.args[0]) targets.push(call.args[0]);
    const nodes: TNode[] = [];
    targets.forEach((t, i) => {
      const tl = this.loc(t.node);
      const p = `${base}/Targets/${i}`;
      if (t.k !== 'call') {
        nodes.push(map([['Id', scalar(`Target${i}`, tl, `${p}/Id`)], ['Arn', this.unknownNode('a target built when the app runs', tl, `${p}/Arn`)]], tl, p));
        return;
      }
      const options = t.path[t.path.length - 1] === 'LambdaFunction' || t.path[t.path.length - 1] === 'SqsQueue' || t.path[t.path.length - 1] === 'SnsTopic' ? t.args[1] : t.args[1];
      const dlq = options?.k === 'obj' ? options.props.get('deadLetterQueue') : undefined;
      const arn = t.args[0]?.k === 'res' ? this.arnOf(t.args[0].r, tl, `${p}/Arn`) : this.unknownNode('a target built when the app runs', tl, `${p}/Arn`);
      nodes.push(map([
        ['Id', scalar(`Target${i}`, tl, `${p}/Id`)],
        ['Arn', arn],
        ['DeadLetterConfig', dlq ? map([['Arn', this.value(dlq.v, `${p}/DeadLetterConfig/Arn`)]], this.loc(dlq.v.node), `${p}/DeadLetterConfig`) : undefined, dlq ? this.loc(dlq.key) : undefined],
      ], tl, p));
      if (t.path[t.path.length - 1] === 'LambdaFunction' && t.args[0]?.k === 'res') this.permission(t.args[0].r, 'events.amazonaws.com', getAtt(id, 'Arn', tl, `${base}/SourceArn`), tl, `${id}AllowEventRule${this.logicalId(t.args[0].r) ?? ''}`);
    });
    if (nodes.length) pairs.push(['Targets', seq(nodes, nodes[0]!.loc, `${base}/Targets`)]);
    return pairs;
  }

  private scheduleExpression(v: V<N>, p: string): TNode | undefined {
    const loc = this.loc(v.node);
    if (v.k === 'call' && v.path[v.path.length - 1] === 'rate' && v.args[0]?.k === 'duration') {
      const s = v.args[0].seconds;
      const [n, unit] = s % 86400 === 0 ? [s / 86400, 'day'] : s % 3600 === 0 ? [s / 3600, 'hour'] : [s / 60, 'minute'];
      return scalar(`rate(${n} ${unit}${n === 1 ? '' : 's'})`, loc, p);
    }
    if (v.k === 'call' && v.path[v.path.length - 1] === 'expression' && v.args[0]?.k === 'lit') return scalar(String(v.args[0].v), loc, p);
    // A schedule whose expression is not worked out here is still a schedule.
    return this.unknownNode('a schedule expression', loc, p);
  }

  private lowerRestApi(r: Res<N>, id: string, keyLoc: Loc): void {
    const p = `Resources/${id}`;
    const loc = this.loc(r.node);
    this.add(id, keyLoc, resource('AWS::ApiGateway::RestApi', map([['Name', scalar(r.id, loc, `${p}/Properties/Name`)]], loc, `${p}/Properties`), loc, p, this.metadata(r, loc, p)), r.anchor);
    const deploy = this.prop(r, 'deploy');
    if (!(deploy?.k === 'lit' && deploy.v === false)) {
      const options = this.prop(r, 'deployOptions');
      const sid = `${id}DeploymentStage`;
      this.used.add(sid);
      const sp = `Resources/${sid}/Properties`;
      const sl = options ? this.loc(options.node) : loc;
      const opt = (k: string) => (options?.k === 'obj' ? options.props.get(k) : undefined);
      const field = (cfn: string, k: string): [string, TNode | undefined, Loc | undefined] => {
        const e = opt(k);
        return [cfn, e ? this.value(e.v, `${sp}/MethodSettings/0/${cfn}`) : undefined, e ? this.loc(e.key) : undefined];
      };
      const settings: Pairs = [field('LoggingLevel', 'loggingLevel'), field('DataTraceEnabled', 'dataTraceEnabled'), field('MetricsEnabled', 'metricsEnabled'), field('ThrottlingRateLimit', 'throttlingRateLimit'), field('ThrottlingBurstLimit', 'throttlingBurstLimit')];
      const hasSettings = settings.some(([, v]) => v !== undefined);
      const accessLog = opt('accessLogDestination');
      const tracing = opt('tracingEnabled');
      const stageName = opt('stageName');
      const props = map([
        ['RestApiId', ref(id, sl, `${sp}/RestApiId`)],
        ['StageName', stageName ? this.value(stageName.v, `${sp}/StageName`) : scalar('prod', sl, `${sp}/StageName`)],
        ['TracingEnabled', tracing ? this.value(tracing.v, `${sp}/TracingEnabled`) : undefined, tracing ? this.loc(tracing.key) : undefined],
        ['AccessLogSetting', accessLog ? map([['DestinationArn', this.destination(accessLog.v, `${sp}/AccessLogSetting/DestinationArn`)]], this.loc(accessLog.v.node), `${sp}/AccessLogSetting`) : undefined, accessLog ? this.loc(accessLog.key) : undefined],
        ['MethodSettings', hasSettings ? seq([map([['ResourcePath', scalar('/*', sl, sp)], ['HttpMethod', scalar('*', sl, sp)], ...settings], sl, `${sp}/MethodSettings/0`)], sl, `${sp}/MethodSettings`) : undefined],
      ], sl, sp);
      this.add(sid, options ? this.propKey(r, 'deployOptions')! : keyLoc, resource('AWS::ApiGateway::Stage', props, sl, `Resources/${sid}`, this.metadata(r, sl, `Resources/${sid}`)), r.anchor);
    }
    const handler = this.prop(r, 'handler');
    if (handler?.k === 'res') this.permission(handler.r, 'apigateway.amazonaws.com', this.executeApiArn(id, loc), this.loc(handler.node), `${id}ApiPermission${this.logicalId(handler.r) ?? ''}`);
    this.integrationPermissions(r, id);
  }

  private executeApiArn(apiId: string, loc: Loc): TNode {
    return fnNode('Fn::Sub', scalar(`arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${apiId}}/*`, loc, ''), loc, '');
  }

  /** Every `new LambdaIntegration(fn)` given to the API's methods and routes lets API Gateway invoke fn. */
  private integrationPermissions(r: Res<N>, id: string): void {
    const found: { fn: Res<N>; node: N }[] = [];
    const visit = (v: V<N> | undefined, depth: number): void => {
      if (!v || depth > 6) return;
      if (v.k === 'call' && /^(HttpLambdaIntegration|LambdaIntegration|WebSocketLambdaIntegration)$/.test(v.path[v.path.length - 1] ?? '')) {
        const target = v.args.find((a) => a.k === 'res');
        // An integration with its own timeout (longer ones are allowed for streaming) is not the 29 s the
        // model assumes for a permission-invoked API: its function is left without the API trigger.
        const options = v.args.find((a) => a.k === 'obj');
        if (options?.k === 'obj' && options.props.has('timeout')) return;
        if (target?.k === 'res') found.push({ fn: target.r, node: v.node });
      } else if (v.k === 'obj') for (const e of v.props.values()) visit(e.v, depth + 1);
      else if (v.k === 'arr') for (const item of v.items) visit(item, depth + 1);
    };
    visit(r.props, 0);
    for (const call of r.calls) for (const a of call.args) visit(a, 0);
    const done = new Set<Res<N>>();
    for (const { fn, node } of found) {
      if (done.has(fn)) continue;
      done.add(fn);
      this.permission(fn, 'apigateway.amazonaws.com', this.executeApiArn(id, this.loc(node)), this.loc(node), `${id}Permission${this.logicalId(fn) ?? ''}`);
    }
  }

  private lowerHttpApi(r: Res<N>, id: string, keyLoc: Loc): void {
    const p = `Resources/${id}`;
    const loc = this.loc(r.node);
    this.add(id, keyLoc, resource('AWS::ApiGatewayV2::Api', map([['ProtocolType', scalar('HTTP', loc, `${p}/Properties/ProtocolType`)]], loc, `${p}/Properties`), loc, p, this.metadata(r, loc, p)), r.anchor);
    const createDefault = this.prop(r, 'createDefaultStage');
    if (!(createDefault?.k === 'lit' && createDefault.v === false)) {
      const sid = `${id}DefaultStage`;
      this.used.add(sid);
      const sp = `Resources/${sid}/Properties`;
      this.add(sid, keyLoc, resource('AWS::ApiGatewayV2::Stage', map([['ApiId', ref(id, loc, `${sp}/ApiId`)], ['StageName', scalar('$default', loc, `${sp}/StageName`)], ['AutoDeploy', scalar(true, loc, `${sp}/AutoDeploy`)]], loc, sp), loc, `Resources/${sid}`, this.metadata(r, loc, `Resources/${sid}`)), r.anchor);
    }
    this.integrationPermissions(r, id);
  }

  private functionUrl(fnId: string, options: V<N> | undefined, loc: Loc): void {
    const id = `${fnId}FunctionUrl`;
    if (this.used.has(id)) return;
    this.used.add(id);
    const p = `Resources/${id}/Properties`;
    const auth = options?.k === 'obj' ? options.props.get('authType') : undefined;
    this.add(id, loc, resource('AWS::Lambda::Url', map([
      ['TargetFunctionArn', getAtt(fnId, 'Arn', loc, `${p}/TargetFunctionArn`)],
      // CDK's documented default authType is AWS_IAM.
      ['AuthType', auth ? this.value(auth.v, `${p}/AuthType`) : scalar('AWS_IAM', loc, `${p}/AuthType`), auth ? this.loc(auth.key) : undefined],
    ], loc, p), loc, `Resources/${id}`));
  }
}

function managedArn(name: string, loc: Loc, p: string): TNode {
  return fnNode('Fn::Sub', scalar(`arn:\${AWS::Partition}:iam::aws:policy/${name}`, loc, p), loc, p);
}
