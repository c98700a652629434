/**
 * The application model: one shape for every IaC format.
 *
 * Adapters (SAM/CloudFormation today; Serverless Framework, CDK output and Terraform later) fill it
 * in; rules read only this. Every value carries the location where it is written, and a value the
 * adapter cannot determine is `known: false` — rules never guess from it.
 */
import type { Loc, MapNode, TNode } from '../parse/tree.js';
import type { AwsCallFact } from '../source/facts.js';

/** A parameter whose `Default` was used in place of a value supplied at deploy time. */
export interface Assumption {
  parameter: string;
  value: unknown;
  loc: Loc;
}

export type Value<T> =
  | { known: true; value: T; loc: Loc; node?: TNode; assumptions: Assumption[] }
  | { known: false; loc: Loc; node?: TNode; reason: string };

/** A setting that may be written on the resource, inherited (SAM `Globals`), or left to the service default. */
export interface Setting<T> {
  value: Value<T> | undefined;
  source: 'resource' | 'globals' | 'default';
  /** The service default that applies when `value` is undefined. */
  defaultValue: T | undefined;
  /** Where the value is written, or the resource's logical ID when it is not. */
  loc: Loc;
}

export type IacFormat =
  | 'sam'
  | 'cloudformation'
  | 'serverless'
  | 'cdk'
  | 'terraform'
  /** A Google Cloud service-account key file (`"type": "service_account"`): read for its private key only. */
  | 'gcp-key-file'
  /** An Azure Functions app: a host.json folder with its function.json files and code. */
  | 'azure-functions';

/** A reference from one resource to another: a logical ID inside the stack, or an ARN/name outside it. */
export interface ResourceLink {
  /** Neither `id` nor `external`, yet known: the target is created implicitly (SAM `OnFailure: {Type: SQS}`). */
  /** Logical ID of the target when it is a resource of the same stack. */
  id?: string;
  /** The literal ARN or name when the target is outside the stack. */
  external?: string;
  known: boolean;
  loc: Loc;
}

export interface Destination {
  target: ResourceLink;
  /** The destination property itself (`DeadLetterQueue`, `OnFailure`, …). */
  loc: Loc;
}

export interface ResourceModel {
  id: string;
  type: string;
  /** The logical ID key. */
  loc: Loc;
  /** The whole resource block, for locating suppressions. */
  blockLoc: Loc;
  node: MapNode;
  properties: MapNode | undefined;
  /** Rules named in `Metadata: { sls-lint: { ignore: [...] } }`. */
  ignores: Set<string>;
  /** True when `ignore` contains `all` or `*`. */
  ignoresAll: boolean;
  /**
   * Lowered formats: other places that stand for the resource (a CDK function built inside the
   * user's own construct is chosen where that construct is instantiated).
   */
  alsoAt?: Loc[];
}

export interface ParameterModel {
  id: string;
  loc: Loc;
  type: string | undefined;
  defaultValue: TNode | undefined;
  noEcho: boolean;
}

/** `unknown` for event types sls-lint does not know: no rule may assume how they invoke. */
export type InvocationType =
  | 'sync'
  | 'async'
  | 'poll'
  | 'unknown'
  /** A timer the platform fires once per occurrence (Azure timer trigger): no delivery to repeat, not a consumer. */
  | 'scheduled';

export type TriggerKind =
  | 'api'
  | 'http-api'
  | 'function-url'
  | 'alb'
  | 'sqs'
  | 'sns'
  | 's3'
  | 'eventbridge'
  | 'schedule'
  | 'scheduler'
  | 'kinesis'
  | 'dynamodb-stream'
  | 'cloudwatch-logs'
  | 'iot'
  | 'msk'
  | 'self-managed-kafka'
  | 'mq'
  | 'documentdb'
  | 'cognito'
  | 'alexa'
  /** Google Cloud Functions: an HTTP function (`trigger_http`, or 2nd gen without an event trigger). */
  | 'gcp-http'
  /** Google Cloud Functions: a Pub/Sub topic's event trigger, or a push subscription to the function. */
  | 'pubsub'
  /** Google Cloud Functions: a Cloud Storage event (`google.cloud.storage.object.v1.finalized`, `google.storage.object.finalize`). */
  | 'cloud-storage'
  /** Google Cloud Functions: a Firestore document event. */
  | 'firestore'
  /** Google Cloud Functions: any other Eventarc or 1st gen event type. */
  | 'eventarc'
  /** Azure Functions triggers. */
  | 'azure-http'
  | 'azure-timer'
  | 'azure-storage-queue'
  | 'azure-service-bus-queue'
  | 'azure-service-bus-topic'
  | 'azure-event-hub'
  | 'azure-event-grid'
  | 'azure-cosmos-db'
  | 'azure-blob'
  | 'other';

export interface Trigger {
  kind: TriggerKind;
  invocation: InvocationType;
  /** SAM event name, EventSourceMapping logical ID, or the resource that invokes the function. */
  name: string;
  /** The event's key under `Events`, the mapping's logical ID, or the invoking resource's logical ID. */
  loc: Loc;
  via: 'sam-event' | 'event-source-mapping' | 'permission' | 'sns-subscription' | 'events-rule' | 's3-notification' | 'gcp-trigger' | 'pubsub-push' | 'eventarc-trigger' | 'azure-binding';
  /** The queue, stream, topic, bucket, rule or API that invokes the function. */
  source?: ResourceLink;
  /** API Gateway events: the integration timeout set on the event (`TimeoutInMillis`), in milliseconds. */
  integrationTimeoutMillis?: Value<number>;
  /** Poll-based sources only. */
  batchSize?: Setting<number>;
  /** `FunctionResponseTypes` contains `ReportBatchItemFailures`. */
  reportBatchItemFailures?: Value<boolean>;
  onFailure?: Destination;
  /**
   * SAM SNS, EventBridge and schedule events: the delivering service's own dead-letter queue
   * (`RedrivePolicy` / `DeadLetterConfig`), for events it could not deliver to the function at all.
   */
  deliveryDeadLetter?: Destination;
  maximumRetryAttempts?: Value<number>;
  bisectBatchOnFunctionError?: Value<boolean>;
  maximumRecordAgeInSeconds?: Value<number>;
  /**
   * Google event triggers: failed deliveries are retried (`retry_policy = "RETRY_POLICY_RETRY"`,
   * 1st gen `failure_policy { retry = true }`). Unset means no retries, the platform default.
   */
  retryOnFailure?: Value<boolean>;
}

export interface EnvironmentVariable {
  name: string;
  nameLoc: Loc;
  value: TNode;
  /** `Globals` or the function itself. */
  source: 'resource' | 'globals';
}

export interface FunctionModel {
  id: string;
  /**
   * The cloud the function runs on; absent means AWS Lambda. Azure Functions and Google Cloud
   * Functions are modelled in the same shape so the rules keep their ids, each with its platform's facts.
   */
  platform?: 'azure' | 'gcp';
  /**
   * Azure: the hosting plan of the function app, when the infrastructure code says it (a Terraform
   * `azurerm_service_plan`'s `sku_name`): `Y1` is Consumption. Absent when nothing in the run says.
   */
  azurePlan?: { sku: string; consumption: boolean; loc: Loc };
  /**
   * Azure: the retry policy that re-runs a failed execution (Timer, Event Hubs, Cosmos DB and Kafka
   * triggers honour it): the function's own (`retry` in function.json or the v4 options,
   * `@app.retry` in Python), else host.json's `retry`. Absent when none is written.
   */
  azureRetry?: AzureRetryPolicy;
  resource: ResourceModel;
  /** The logical ID key. */
  loc: Loc;
  /** `cloud-function`: a Google Cloud Function (Terraform `google_cloudfunctions*_function`, or found by convention). */
  kind: 'sam' | 'lambda' | 'cloud-function';
  /** Google Cloud Functions: 1st gen (`google_cloudfunctions_function`) or 2nd gen (Cloud Run functions). */
  generation?: 1 | 2;
  /**
   * Google: the function is a Cloud Run service built from source (`google_cloud_run_v2_service` with a
   * `build_config`), deployed through the Cloud Run Admin API: Cloud Run's timeout limits apply, and its
   * events come from Eventarc triggers and push subscriptions declared beside it.
   */
  cloudRunService?: true;
  runtime: Setting<string>;
  handler: Value<string> | undefined;
  /** Where the deployment package comes from, as the template says. */
  code: FunctionCode;
  /** SAM `Metadata.BuildMethod` and `BuildProperties.EntryPoints` (esbuild builds of TypeScript). */
  build: { method: string; entryPoints: string[] } | undefined;
  /** `LoggingConfig.LogGroup`: the log group the function writes to instead of `/aws/lambda/<name>`. */
  logGroup: ResourceLink | undefined;
  /** The function's literal `FunctionName`, when it has one. */
  functionName: string | undefined;
  /** Which source file the handler is, once the linker has looked (absent before linking). */
  handlerLink?: HandlerLink;
  /** What the handler's code does, once source analysis has read it (absent when it could not). */
  handlerFacts?: HandlerFacts;
  timeout: Setting<number>;
  memorySize: Setting<number>;
  tracing: Setting<string>;
  environment: EnvironmentVariable[];
  /** The execution role: a role of this stack, one outside it, or the role SAM generates from `Policies`. */
  role: ResourceLink | { generated: true; loc: Loc } | undefined;
  triggers: Trigger[];
  /** `DeadLetterQueue` (SAM) or `DeadLetterConfig` (Lambda). */
  deadLetter?: Destination;
  /** `EventInvokeConfig.DestinationConfig.OnFailure` (SAM) or an `AWS::Lambda::EventInvokeConfig` for it. */
  asyncOnFailure?: Destination;
  /** Async retries configured by `MaximumRetryAttempts` on the event invoke config. */
  asyncMaximumRetryAttempts?: Value<number>;
}

export type FunctionCode =
  /** A folder or file next to the template: SAM `CodeUri`, or `Code` written as a path before packaging. */
  | { kind: 'path'; path: string; loc: Loc }
  /** `InlineCode` (SAM) or `Code.ZipFile`: the code is the string itself, when it is one. */
  | { kind: 'inline'; loc: Loc; text?: string }
  | { kind: 's3'; loc: Loc }
  | { kind: 'image'; loc: Loc }
  /** A CDK asset staged in the cloud assembly (`Metadata.aws:asset:path`), relative to the template's folder. */
  | { kind: 'cdk-asset'; path: string; loc: Loc }
  | { kind: 'unknown'; reason: string; loc: Loc };

/** The language of a linked handler's source. JavaScript and TypeScript are read by the same frontend. */
export type SourceLanguage = 'javascript' | 'typescript' | 'python';

/**
 * Why a function's code was not read, for the run summary. `other` covers what the template does not
 * say statically (a Handler or code location built from an intrinsic, no Handler at all).
 */
export type UnreadCategory =
  | 'runtime-not-analysed'
  | 'prebuilt-package'
  | 'container-image'
  | 'inline-code'
  | 'missing-file'
  | 'export-not-found'
  | 'other';

export type HandlerLink =
  | {
      status: 'linked';
      file: string;
      exportName: string;
      via: 'source' | 'esbuild-entry-point' | 'tsconfig-out-dir' | 'cdk-asset' | 'inline' | 'azure';
      /** The linker always sets it; absent only on links built elsewhere, read from the extension by `linkLanguage` (src/link/files.ts). */
      language?: SourceLanguage;
      /**
       * Python: the folder `sys.path` starts from at run time (the CodeUri folder, the archive's
       * source_dir, the source folder a CDK asset was copied from). `from lib.db import x` resolves from here.
       */
      codeRoot?: string;
      /** Code written into the template rather than a file: where it is written. */
      inline?: InlineSource;
    }
  | { status: 'not-linked'; reason: string; category?: UnreadCategory }
  /** Nothing to link: container images, inline code, runtimes sls-lint does not read yet. */
  | { status: 'not-applicable'; reason: string; category?: UnreadCategory };

/**
 * Code written into the template. Its `file` in the link is a name for it that exists nowhere on
 * disk; findings in it are moved to the template lines the code is written on.
 */
export interface InlineSource {
  text: string;
  templateFile: string;
  /** The template line of the code's first line. */
  firstLine: number;
  /**
   * The columns a block scalar (`|`) is indented by: line n of the code is template line
   * firstLine + n - 1 at this offset. Undefined for a quoted string, whose lines cannot be placed:
   * findings then point at the string's start.
   */
  indent: number | undefined;
  start: Loc;
}

/** Facts from a linked handler's code that IaC rules combine with the template. */
export interface HandlerFacts {
  /** Where the handler (or code it calls) builds a `batchItemFailures` response, or hands the batch to Powertools' partial-response processing. */
  reportsBatchItemFailures: Loc | undefined;
  /** The handler's file and export, for messages. */
  file?: string;
  /** The AWS calls in the handler's module graph (read on first access), for the least-privilege rules. */
  readonly awsCalls?: AwsCallFact[];
  /** Why the calls may be incomplete; undefined when every call is known (see the source model). */
  readonly awsCallsIncomplete?: string | undefined;
  /** What makes the handler safe to repeat (`Powertools idempotency` writes to its own table). */
  readonly idempotencyGuard?: string | undefined;
  /**
   * Why some AWS calls may run with credentials other than the execution role's (a client given
   * credentials from the event or the environment); undefined when none is seen.
   */
  readonly otherCredentials?: string | undefined;
}

export type PolicyHolderKind = 'role' | 'user' | 'group' | 'sam-function' | 'policy' | 'managed-policy';

/** One identity-policy statement, wherever it is written in the stack. */
export interface PolicyStatement {
  loc: Loc;
  node: MapNode;
  effect: Value<string> | undefined;
  /** `Action` or `NotAction`, as written. */
  actionKey: 'Action' | 'NotAction' | undefined;
  actions: Value<string>[];
  actionsLoc: Loc | undefined;
  resourceKey: 'Resource' | 'NotResource' | undefined;
  resources: Value<string>[];
  /** Each resource as written, with the parts not known before deployment as `${Name}` (`arn:${AWS::Partition}:sns:*:*:*`). */
  resourceTexts: string[];
  hasCondition: boolean;
  /** The resource that contains the statement. */
  holder: { id: string; kind: PolicyHolderKind };
  /** Functions whose execution role receives this statement. */
  functions: string[];
}

/** A managed policy attached to an identity: by ARN on a role/user/group, or by name/ARN in SAM `Policies`. */
export interface ManagedPolicyAttachment {
  /** The ARN or SAM policy name as far as it can be resolved; unknown segments stay unknown. */
  arn: Value<string>;
  /** The ARN with unknown parts written as `${Name}`, e.g. `arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess`. */
  text: string;
  /** The policy name after `policy/` (or the SAM name), when it is literally written. */
  policyName: string | undefined;
  /** An AWS managed policy: an `arn:…:iam::aws:policy/…` ARN, or a bare name in SAM `Policies`. */
  awsManaged: boolean;
  holder: { id: string; kind: PolicyHolderKind };
  functions: string[];
}

/** A SAM policy template such as `DynamoDBCrudPolicy: { TableName: !Ref Table }`. */
export interface PolicyTemplateUse {
  name: string;
  loc: Loc;
  parameters: { name: string; value: Value<string>; loc: Loc }[];
  functionId: string;
}

export interface QueueModel {
  id: string;
  resource: ResourceModel;
  loc: Loc;
  queueName: Value<string> | undefined;
  fifo: boolean;
  visibilityTimeout: Setting<number>;
  /** `RedrivePolicy` as written (may be an intrinsic). */
  redrivePolicy: TNode | undefined;
  deadLetterTarget: ResourceLink | undefined;
  /** `RedriveAllowPolicy` is set: the queue is meant to receive dead letters. */
  hasRedriveAllowPolicy: boolean;
  /**
   * A Google Pub/Sub subscription (`google_pubsub_subscription`) in the queue's shape: its ack
   * deadline is the visibility timeout and its `dead_letter_policy` the redrive policy. Absent means SQS.
   */
  platform?: 'gcp';
}

export interface TopicModel {
  id: string;
  resource: ResourceModel;
  loc: Loc;
}

export interface SubscriptionModel {
  id: string;
  loc: Loc;
  protocol: Value<string> | undefined;
  topic: ResourceLink | undefined;
  endpoint: ResourceLink | undefined;
  redriveTarget: ResourceLink | undefined;
  /** True for subscriptions declared inline in a topic's `Subscription` list. */
  inline: boolean;
}

export interface EventRuleTarget {
  id: string | undefined;
  loc: Loc;
  target: ResourceLink;
  deadLetter: ResourceLink | undefined;
}

export interface EventRuleModel {
  id: string;
  loc: Loc;
  /** `Schedule` when `ScheduleExpression` is set. */
  kind: 'pattern' | 'schedule';
  targets: EventRuleTarget[];
}

/** A resource-based permission to invoke a function (`AWS::Lambda::Permission`). */
export interface PermissionModel {
  id: string;
  loc: Loc;
  principal: Value<string> | undefined;
  /** `SourceArn`, `SourceAccount` or `PrincipalOrgID` is set (to anything, known or not). */
  scoped: boolean;
  /** `FunctionUrlAuthType` for `lambda:InvokeFunctionUrl` permissions. */
  functionUrlAuthType: Value<string> | undefined;
}

/** An `AWS::Logs::LogGroup`. */
export interface LogGroupModel {
  id: string;
  loc: Loc;
  /** The name with unknown parts written as `${Name}`, e.g. `/aws/lambda/${OrdersFunction}`. */
  nameText: string | undefined;
  retentionInDays: Value<number> | undefined;
}

/** A function URL: SAM `FunctionUrlConfig` or `AWS::Lambda::Url`. */
export interface FunctionUrlModel {
  /** The function's logical ID, or the `AWS::Lambda::Url` resource's. */
  id: string;
  loc: Loc;
  authType: Value<string> | undefined;
}

/**
 * A deployed API Gateway stage: `AWS::ApiGateway::Stage`, a Deployment's `StageName`,
 * `AWS::ApiGatewayV2::Stage`, a SAM `Api`/`HttpApi`, or the implicit API SAM creates for events
 * without `RestApiId`/`ApiId`.
 */
export interface ApiStageModel {
  id: string;
  protocol: 'rest' | 'http' | 'websocket' | 'unknown';
  /** The resource's logical ID, or where the implicit API's settings (Globals) or first event are written. */
  loc: Loc;
  path: string;
  /** How the stage comes to exist, for messages: `AWS::ApiGateway::Stage`, `SAM implicit API`, … */
  declaredAs: string;
  /** Where its settings are written: on a stage or API resource, in a Deployment's `StageDescription`, or in SAM `Globals`. */
  origin: 'resource' | 'deployment' | 'sam-implicit';
  /** The access log destination: a known link, unknown (an intrinsic), or undefined when no access log is set. */
  accessLog: ResourceLink | undefined;
  /** REST APIs only (HTTP APIs have no X-Ray tracing). */
  tracing: Value<boolean> | undefined;
  /** Default throttling for every route/method: both limits known, either unknown, or undefined when unset. */
  throttling: { rateLimit: Value<number> | undefined; burstLimit: Value<number> | undefined; loc: Loc } | undefined;
}

/** A Google Cloud IAM role granted to principals: `google_project_iam_member` or `google_project_iam_binding`. */
export interface RoleGrantModel {
  /** The resource's address. */
  id: string;
  loc: Loc;
  /** The `role` attribute (`roles/editor`), located on its line. */
  role: Value<string>;
  /** `member` or each of `members`, as written (`serviceAccount:…`, unknown when computed). */
  members: Value<string>[];
  /** Where the role is granted: `project`, `folder`, `organization`. */
  scope: string;
  /** Functions whose service account is one of the members. */
  functions: string[];
}

/** One parsed CloudFormation/SAM template turned into the model. */
export interface StackModel {
  format: IacFormat;
  file: string;
  root: MapNode;
  resources: Map<string, ResourceModel>;
  parameters: Map<string, ParameterModel>;
  functions: FunctionModel[];
  statements: PolicyStatement[];
  managedPolicies: ManagedPolicyAttachment[];
  policyTemplates: PolicyTemplateUse[];
  queues: QueueModel[];
  topics: TopicModel[];
  subscriptions: SubscriptionModel[];
  eventRules: EventRuleModel[];
  permissions: PermissionModel[];
  functionUrls: FunctionUrlModel[];
  logGroups: LogGroupModel[];
  apiStages: ApiStageModel[];
  /** The cloud the stack deploys to; absent means AWS. */
  platform?: 'azure' | 'gcp';
  /** Google Cloud: roles granted on the project, folder or organization (`google_project_iam_member`, `_binding`). */
  roleGrants?: RoleGrantModel[];
  /**
   * Logical IDs that something routes failed messages to: queue redrive targets, function DLQs,
   * on-failure destinations, EventBridge target and SNS subscription DLQs.
   */
  deadLetterTargets: Set<string>;
  /** Terraform azurerm: the app settings of function apps, as written. */
  azureAppSettings?: AzureAppSetting[];
  /** Terraform azurerm: role assignments to a function app's managed identity. */
  azureRoleAssignments?: AzureRoleAssignment[];
  /** Azure Functions: host.json `extensionBundle`, as written. */
  azureExtensionBundle?: { id: string | undefined; version: string | undefined; versionNode: TNode | undefined; loc: Loc };
}

export interface AzureRetryPolicy {
  /** `fixedDelay` or `exponentialBackoff` (Python: `fixed_delay`, `exponential_backoff`), as written. */
  strategy: string | undefined;
  /** Retries per execution; -1 retries without end; undefined when not a literal. */
  maxRetryCount: number | undefined;
  loc: Loc;
  from: 'function' | 'host';
}

/** One entry of an azurerm function app's `app_settings` (or a `connection_string` block). */
export interface AzureAppSetting {
  /** The function app's address: `azurerm_linux_function_app.orders`. */
  app: string;
  name: string;
  /** The value; a non-literal keeps its text with `${…}` for interpolations. */
  node: TNode;
  /** Written as a literal string (not a reference or an interpolation). */
  literal: boolean;
}

/** An `azurerm_role_assignment` whose `principal_id` is a function app's managed identity. */
export interface AzureRoleAssignment {
  address: string;
  /** `role_definition_name` as written. */
  role: TNode;
  /** The function app whose identity receives the role. */
  app: string;
  /** `scope` as written, for messages. */
  scope: string | undefined;
}

export interface AppModel {
  stacks: StackModel[];
}
