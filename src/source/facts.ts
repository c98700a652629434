/**
 * The language-neutral source model: what a handler's code does, as facts the source rules judge.
 *
 * Each language has a frontend (`javascript/`, `python/`) that parses its files, follows the
 * handler into the project code it calls, and records these facts. A rule is written once, against
 * the facts, and so runs on every language a frontend exists for. What a frontend cannot know
 * statically (a dynamic call, a computed module name) it leaves out: a fact is never a guess.
 *
 * Facts are read lazily by rules: a frontend may compute each list on first access.
 */
import type { Loc } from '../parse/tree.js';

/** The languages a frontend reads: JavaScript and TypeScript share one. */
export type FrontendLanguage = 'javascript' | 'python';

/** A function of the project that runs per invocation (the handler, or one it calls). */
export interface FunctionRef {
  file: string;
  /** How messages name it: `save() in db.ts`, `Repository.__init__() in repo.py`. */
  description: string;
  /** The handler's own function: messages then need no "through …". */
  isEntry: boolean;
}

/** A package import that loads with the handler's module: at cold start, once per container. */
export interface ImportFact {
  /** As written: `lodash`, `@aws-sdk/client-s3`, `pandas`, `sklearn.linear_model`. */
  specifier: string;
  /** The project file that imports it (the handler's module or one it imports). */
  file: string;
  loc: Loc;
  /** Stable structural path for fingerprints. */
  path: string;
}

/**
 * A call or `new` of something imported from a package, made in per-invocation code. The rules
 * decide whether it is an expensive client; the frontend only says what was called and how.
 */
export interface ConstructionFact {
  /** The package the callee's root name is imported from: `@aws-sdk/client-s3`, `boto3`, `pg`. */
  module: string;
  /**
   * The imported name and the members after it: `S3Client`, `default.DynamoDB.DocumentClient`,
   * `*.createPool`, `client` (for `boto3.client`), `Session.client` (a client of a boto3 session).
   */
  name: string;
  /** `new X()` in JavaScript; Python has no `new`, so constructions there are calls. */
  isNew: boolean;
  /** The callee as written, for the message: `S3Client`, `boto3.client`, `AWS.DynamoDB.DocumentClient`. */
  callee: string;
  /** A literal first argument, when there is one: the service of `boto3.client("s3")`. */
  firstArgument?: string;
  loc: Loc;
  path: string;
  within: FunctionRef;
  /** Built once and kept: `x ??= new X()`, `if (!x) x = new X()`, `global _c; if _c is None: …`, an `lru_cache` factory. */
  memoised: boolean;
  /** Configured from the event or context (a WebSocket endpoint, tenant credentials): per-call on purpose. */
  configuredFromInvocation: boolean;
  /**
   * Built to be handed to another construction: `DocumentClient.from(new DynamoDBClient())`, or a
   * local passed on the same way. The location of that outer construction: both are one client.
   */
  partOf?: Loc;
}

/** A call whose effect a redelivered event repeats: an email, a publish, a write with a fresh key. */
export interface SideEffectFact {
  /** What the call does, for the message: `SNS PublishCommand`, `fetch POST`, `table.put_item with a generated key`. */
  label: string;
  /** What a second delivery does. */
  consequence: string;
  loc: Loc;
  path: string;
}

/** A string literal in code the handler loads (module scope and functions alike). */
export interface StringFact {
  value: string;
  /** The name it is bound to: a variable, property, dict key, keyword argument or parameter default. */
  name?: string;
  /** A fallback for a missing environment variable (`process.env.X || '…'`, `os.environ.get("X", "…")`). */
  environmentFallback: boolean;
  loc: Loc;
  path: string;
}

/**
 * Where an AWS call points: the SDK parameter that names its resource (`TableName`, `Bucket`,
 * `QueueUrl`, `TopicArn`, `FunctionName`, `SecretId`, …) and what the code gives it.
 */
export interface AwsCallTarget {
  /** The API's parameter name, as the API spells it (boto3 and SDK v2/v3 share these names). */
  parameter: string;
  value:
    /** A string literal: a name, URL or ARN. */
    | { kind: 'literal'; value: string }
    /** `process.env.X`, `os.environ["X"]`, `os.getenv("X")`, directly or through a module constant. */
    | { kind: 'environment'; name: string }
    /** Anything else: computed, from the event, from a parameter. */
    | { kind: 'unknown' };
  loc: Loc;
  /**
   * The request of a transaction or batch the target belongs to, as the API names it (`Put`,
   * `Update`, `Delete`, `ConditionCheck` in TransactWriteItems; `Get` in TransactGetItems).
   */
  request?: string;
}

/**
 * A call of an AWS API in code the handler loads, at module scope or per invocation. The frontend
 * names the API operation as the service's API reference does; which IAM actions it needs is
 * decided in `src/iam/`, not here.
 */
export interface AwsCallFact {
  /** The IAM service prefix of the client: `dynamodb`, `s3`, `sqs`, `sns`, `lambda`, `secretsmanager`. */
  service: string;
  /**
   * The API operation in the API reference's spelling: `PutItem`, `ListObjectsV2`, `SendMessageBatch`.
   * Document-client and resource-object methods are given as the operation they call (`put` → `PutItem`).
   * Higher-level helpers that issue several operations keep their own name (`Upload`, `upload_file`,
   * `batch_writer`) and `src/iam/` expands them.
   */
  operation: string;
  /** How the code writes the call, for messages: `PutItemCommand`, `s3.getObject`, `table.put_item`. */
  label: string;
  /** The resource-naming parameters the call is given (usually one). */
  targets: AwsCallTarget[];
  /** A DynamoDB `IndexName` literal: the call acts on `table/<name>/index/<index>`. */
  index?: string;
  /** The call expression: the `.send(` call, the v2 or boto3 method call. */
  loc: Loc;
  path: string;
  /** The per-invocation function it is made in; undefined at module scope. */
  within?: FunctionRef;
}

export interface HandlerFacts {
  language: FrontendLanguage;
  /** The file that holds the handler. */
  file: string;
  exportName: string;
  /** Package imports that run at cold start, in the handler's module and every project module it imports. */
  readonly coldStartImports: ImportFact[];
  /** Calls and `new`s of imported callables in per-invocation code. */
  readonly constructions: ConstructionFact[];
  /** Effects that a redelivery repeats, in per-invocation code. */
  readonly sideEffects: SideEffectFact[];
  /** What makes the whole handler safe to repeat, if anything: `Powertools idempotency`, a dedup lookup. */
  readonly idempotencyGuard: string | undefined;
  /** Where per-invocation code builds a partial batch response (`batchItemFailures`, Powertools). */
  readonly batchItemFailures: Loc | undefined;
  /**
   * How the code shows, without a template, that the handler consumes records: `its type SQSEvent`,
   * `it iterates event.Records`; undefined when it does not.
   */
  readonly consumerEvidence: string | undefined;
  /** Every string literal in the handler's module graph. */
  readonly strings: StringFact[];
  /** AWS API calls in the handler's module graph, at module scope and per invocation. */
  readonly awsCalls: AwsCallFact[];
  /**
   * Why the list of AWS calls may be incomplete (a method called by a computed name, a client handed
   * to code that is not read, an SDK wrapper sls-lint does not know); undefined when every call is
   * known. Rules that judge what the code does *not* call stay silent when this is set.
   */
  readonly awsCallsIncomplete: string | undefined;
  /**
   * How a Functions Framework handler is registered, when it is one: `functions.http('name', fn)`,
   * `functions.cloudEvent(…)`, `@functions_framework.http`, an export of a Google Cloud Functions
   * module. Without a template this is what says the handler runs on Google Cloud and how it is invoked.
   */
  readonly registration?: FrameworkRegistration;
}

export interface FrameworkRegistration {
  platform: 'gcp';
  /** `http`: a synchronous request; `event`: a CloudEvent or 1st gen background event, delivered at least once. */
  invocation: 'http' | 'event';
  /** As written, for messages: `functions.cloudEvent('name')`, `@functions_framework.cloud_event`. */
  written: string;
  loc: Loc;
}

/** Parses and links one language's sources, and records facts per handler. */
export interface SourceFrontend {
  readonly language: FrontendLanguage;
  /**
   * The facts of an export of a file, or the reason it cannot be followed.
   * @param codeRoot where the language resolves absolute imports from (Python's `sys.path[0]`: the
   * function's code folder); the file's own folder when not given.
   */
  handlerFacts(file: string, exportName: string, codeRoot?: string): { facts: HandlerFacts } | { reason: string };
  /** Gives the text of a file that is not on disk: inline code from a template, an editor buffer. */
  provide(file: string, text: string): void;
  /** Handlers in a file that no template links, found by the language's convention. */
  handlersByConvention(file: string): HandlerFacts[];
  /** What importing a package costs at cold start, measured where it is installed; undefined when not found. */
  measureImport(specifier: string, importer: string): { files: number; bytes: number; truncated: boolean } | undefined;
  /** Files that could not be read or parsed, with the reason. */
  readonly problems: { file: string; reason: string }[];
  /** Every file read so far and its text, for suppression comments. */
  parsedTexts(): Map<string, string>;
  /** The text of one file read so far (parsedTexts() builds a map of them all, too much to do per handler). */
  textOf(file: string): string | undefined;
}
