/**
 * Constructions that are expensive to repeat: SDK clients, database pools and connections, HTTP
 * agents, Powertools utilities. Data, matched against where a name was imported from.
 */
import type { ConstructionFact } from './facts.js';

export interface ClientKind {
  /** How the message names it, e.g. `DynamoDBClient (AWS SDK v3)`. */
  label: string;
  /** What constructing it per invocation costs. */
  cost: string;
}

const SDK_COST = 'a new HTTPS connection, TLS handshake and credential lookup on every call';
const DB_COST = 'a new database connection (and often a new pool) on every call, exhausting the database\'s connection limit under load';
const AGENT_COST = 'a new connection pool, so keep-alive connections are never reused';
/** Google's client libraries open a gRPC channel or HTTP connection pool and look up credentials when built. */
const GOOGLE_COST = 'a new connection (gRPC channel or HTTPS pool) and credential lookup on every call';
const POWERTOOLS_COST = 'repeated initialisation, and per-invocation state (cold-start metadata, buffered metrics) that the utility expects to keep';

interface ConstructorPattern {
  module: RegExp;
  /** Imported name (`default` or `*` for the module object); a RegExp for families such as `*Client`. */
  name: RegExp;
  kind: ClientKind;
}

/** `new X()` where X is imported from… */
const CONSTRUCTORS: ConstructorPattern[] = [
  { module: /^@aws-sdk\/client-/, name: /^[A-Z]\w*Client$/, kind: { label: 'AWS SDK v3 client', cost: SDK_COST } },
  { module: /^aws-sdk\/clients\//, name: /^(default|\*|DocumentClient|[A-Z]\w*)$/, kind: { label: 'AWS SDK v2 client', cost: SDK_COST } },
  // Every service class of the v2 SDK, but not its helpers (AWS.Config, AWS.Endpoint, AWS.*Credentials).
  { module: /^aws-sdk$/, name: /^(?!Config$|Endpoint$|Request$|Response$|Service$|\w*Credentials$)[A-Z][A-Za-z0-9]+$/, kind: { label: 'AWS SDK v2 client', cost: SDK_COST } },
  { module: /^pg$/, name: /^(Pool|Client)$/, kind: { label: 'PostgreSQL (pg) pool or client', cost: DB_COST } },
  { module: /^mongodb$/, name: /^MongoClient$/, kind: { label: 'MongoClient', cost: DB_COST } },
  { module: /^@prisma\/client$/, name: /^PrismaClient$/, kind: { label: 'PrismaClient', cost: DB_COST } },
  { module: /^sequelize$/, name: /^(Sequelize|default)$/, kind: { label: 'Sequelize', cost: DB_COST } },
  { module: /^ioredis$/, name: /^(default|Redis|Cluster|\*)$/, kind: { label: 'ioredis client', cost: DB_COST } },
  { module: /^(node:)?https?$/, name: /^Agent$/, kind: { label: 'HTTP agent', cost: AGENT_COST } },
  { module: /^undici$/, name: /^(Agent|Pool|Client)$/, kind: { label: 'undici dispatcher', cost: AGENT_COST } },
  { module: /^@aws-lambda-powertools\/logger$/, name: /^Logger$/, kind: { label: 'Powertools Logger', cost: POWERTOOLS_COST } },
  { module: /^@aws-lambda-powertools\/tracer$/, name: /^Tracer$/, kind: { label: 'Powertools Tracer', cost: POWERTOOLS_COST } },
  { module: /^@aws-lambda-powertools\/metrics$/, name: /^Metrics$/, kind: { label: 'Powertools Metrics', cost: POWERTOOLS_COST } },
  // Google Cloud client libraries: the clients, not the value types they export (FieldValue, Timestamp).
  // `const Firestore = require('@google-cloud/firestore')`: the package itself is the Firestore class.
  { module: /^@google-cloud\/firestore$/, name: /^(\*|default)$/, kind: { label: 'Google Cloud client', cost: GOOGLE_COST } },
  { module: /^@google-cloud\/[\w-]+$/, name: /^(Firestore|Storage|PubSub|BigQuery|Datastore|Spanner|Logging|Bigtable|[A-Z]\w*Client)$/, kind: { label: 'Google Cloud client', cost: GOOGLE_COST } },
  // Azure SDK service clients (bindings are not clients: the Functions host owns their connections).
  { module: /^@azure\/cosmos$/, name: /^CosmosClient$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
  { module: /^@azure\/storage-(blob|queue|file-share|file-datalake)$/, name: /^(BlobServiceClient|ContainerClient|BlobClient|BlockBlobClient|QueueServiceClient|QueueClient|ShareServiceClient|DataLakeServiceClient)$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
  { module: /^@azure\/service-bus$/, name: /^(ServiceBusClient|ServiceBusAdministrationClient)$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
  { module: /^@azure\/event-hubs$/, name: /^(EventHubProducerClient|EventHubConsumerClient)$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
  { module: /^@azure\/data-tables$/, name: /^(TableClient|TableServiceClient)$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
  { module: /^@azure\/keyvault-(secrets|keys|certificates)$/, name: /^(SecretClient|KeyClient|CertificateClient)$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
  { module: /^@azure\/(app-configuration|eventgrid|communication-email)$/, name: /^(AppConfigurationClient|EventGridPublisherClient|EmailClient)$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
];

interface FactoryPattern {
  module: RegExp;
  /** `object.method` (object = the imported name) or a bare imported function name. */
  call: RegExp;
  kind: ClientKind;
  /** The first argument names what is built (`boto3.client("s3")`): the message shows it. */
  namesService?: boolean;
}

/** Calls `object.method()` / `fn()` with the object or function imported from… */
const FACTORIES: FactoryPattern[] = [
  { module: /^@aws-sdk\/lib-dynamodb$/, call: /^DynamoDBDocumentClient\.from$/, kind: { label: 'DynamoDBDocumentClient (AWS SDK v3)', cost: SDK_COST } },
  { module: /^mysql2?(\/promise)?$/, call: /^(\*|default)\.(createPool|createConnection|createPoolCluster)$|^(createPool|createConnection|createPoolCluster)$/, kind: { label: 'MySQL pool or connection', cost: DB_COST } },
  { module: /^mongoose$/, call: /^(\*|default)\.(connect|createConnection)$|^(connect|createConnection)$/, kind: { label: 'Mongoose connection', cost: DB_COST } },
  { module: /^mongodb$/, call: /^MongoClient\.connect$/, kind: { label: 'MongoClient', cost: DB_COST } },
  { module: /^knex$/, call: /^(default|\*|knex)$/, kind: { label: 'knex instance', cost: DB_COST } },
  { module: /^redis$/, call: /^(\*|default)\.createClient$|^createClient$/, kind: { label: 'Redis client', cost: DB_COST } },
  { module: /^axios$/, call: /^(default|\*)\.create$/, kind: { label: 'axios instance', cost: AGENT_COST } },
  // Python: a module is imported as a whole (`import boto3`) or by name (`from boto3 import client`);
  // either way the name is what follows the import, and Python builds objects by calling classes.
  { module: /^boto3(\.session)?$/, call: /^(client|resource)$|^(session\.)?Session(\.(client|resource))?$/, kind: { label: 'boto3', cost: SDK_COST }, namesService: true },
  { module: /^botocore(\.session)?$/, call: /^(session\.)?get_session$|^(session\.)?Session$|create_client$/, kind: { label: 'botocore', cost: SDK_COST }, namesService: true },
  { module: /^psycopg2?(\.pool)?$/, call: /^connect$|^(pool\.)?(SimpleConnectionPool|ThreadedConnectionPool)$|^Connection\.connect$/, kind: { label: 'PostgreSQL connection', cost: DB_COST } },
  { module: /^psycopg_pool$/, call: /^(Async)?ConnectionPool$/, kind: { label: 'PostgreSQL pool', cost: DB_COST } },
  { module: /^pymysql$/, call: /^(connect|Connect|Connection|connections\.Connection)$/, kind: { label: 'MySQL connection', cost: DB_COST } },
  { module: /^mysql(\.connector)?$/, call: /^(connector\.)?(connect|pooling\.MySQLConnectionPool)$|^pooling\.MySQLConnectionPool$/, kind: { label: 'MySQL connection', cost: DB_COST } },
  { module: /^pymongo$/, call: /^MongoClient$/, kind: { label: 'MongoClient', cost: DB_COST } },
  { module: /^redis(\.asyncio)?$/, call: /^(Redis|StrictRedis|RedisCluster|from_url|Redis\.from_url)$/, kind: { label: 'Redis client', cost: DB_COST } },
  { module: /^sqlalchemy(\.ext\.asyncio)?$/, call: /^create(_async)?_engine$/, kind: { label: 'SQLAlchemy engine', cost: DB_COST } },
  { module: /^requests$/, call: /^(Session|session|sessions\.Session)$/, kind: { label: 'requests Session', cost: AGENT_COST } },
  { module: /^httpx$/, call: /^(Async)?Client$/, kind: { label: 'httpx client', cost: AGENT_COST } },
  { module: /^urllib3$/, call: /^PoolManager$/, kind: { label: 'urllib3 PoolManager', cost: AGENT_COST } },
  // `from google.cloud import firestore` → `firestore.Client()`; `from google.cloud.firestore import Client` → `Client()`.
  { module: /^google\.cloud(\.\w+)?$/, call: /^((firestore|storage|bigquery|datastore|logging|spanner)\.)?Client$|^(pubsub_v1\.)?(PublisherClient|SubscriberClient)$|^(secretmanager(_v1)?\.)?SecretManagerServiceClient$|^(tasks_v2\.)?CloudTasksClient$/, kind: { label: 'Google Cloud client', cost: GOOGLE_COST } },
  { module: /^aws_lambda_powertools(\.logging|\.tracing|\.metrics)?$/, call: /^(Logger|Tracer|Metrics)$/, kind: { label: 'Powertools utility', cost: POWERTOOLS_COST } },
  // Azure SDK: JavaScript's `fromConnectionString` factories, and Python's clients (classes, or their `from_connection_string`).
  { module: /^@azure\/(storage-blob|storage-queue|data-tables|service-bus)$/, call: /^(BlobServiceClient|ContainerClient|BlobClient|QueueServiceClient|QueueClient|TableClient|TableServiceClient)\.fromConnectionString$/, kind: { label: 'Azure SDK client', cost: SDK_COST } },
  {
    module: /^azure\.(cosmos|storage\.blob|storage\.queue|storage\.fileshare|servicebus|eventhub|data\.tables|keyvault\.secrets|keyvault\.keys|appconfiguration|eventgrid|communication\.email)(\.aio)?$/,
    call: /^(CosmosClient|BlobServiceClient|ContainerClient|BlobClient|QueueServiceClient|QueueClient|ShareServiceClient|ServiceBusClient|ServiceBusAdministrationClient|EventHubProducerClient|EventHubConsumerClient|TableServiceClient|TableClient|SecretClient|KeyClient|AzureAppConfigurationClient|EventGridPublisherClient|EmailClient)(\.(from_connection_string|from_container_url|from_blob_url|from_queue_url|from_table_url))?$/,
    kind: { label: 'Azure SDK client', cost: SDK_COST },
  },
];

export interface ExtraConstructor {
  module: string;
  name: string;
}

/**
 * Whether a call or `new` of an imported callable builds an expensive client, judged by the module
 * it comes from and the name called: the same judgement for every language's frontend.
 */
export function classifyConstruction(fact: ConstructionFact, extra: ExtraConstructor[]): ClientKind | undefined {
  const [root, ...members] = fact.name.split('.');
  // Configured names are written as the user imports them: a namespace or default import by its local name.
  const written = root === '*' || root === 'default' ? [fact.callee.split('.')[0], ...members].join('.') : fact.name;
  const custom = extra.find((e) => e.module === fact.module && e.name === written);
  if (custom) return { label: `${custom.name}${fact.isNew ? '' : '()'} (${custom.module})`, cost: 'expensive set-up on every call' };
  if (fact.isNew) {
    // `new AWS.S3()`, `new AWS.DynamoDB.DocumentClient()`: the last member names the class.
    const name = members.at(-1) ?? root!;
    const match = CONSTRUCTORS.find((p) => p.module.test(fact.module) && p.name.test(name));
    // `MongoClient (MongoClient)` says nothing twice.
    return match ? { ...match.kind, label: match.kind.label === fact.callee ? fact.callee : `${fact.callee} (${match.kind.label})` } : undefined;
  }
  const match = FACTORIES.find((p) => p.module.test(fact.module) && p.call.test(fact.name));
  if (!match) return undefined;
  const argument = match.namesService && fact.firstArgument ? `("${fact.firstArgument}")` : '()';
  // `from google.cloud.logging import Client` → `Client()` says which client only with its module.
  const callee = /^google\.cloud\.\w+$/.test(fact.module) && !fact.callee.includes('.') ? `${fact.module}.${fact.callee}` : fact.callee;
  return { ...match.kind, label: `${callee}${argument} (${match.kind.label})` };
}
