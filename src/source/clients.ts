/**
 * Constructions that are expensive to repeat: SDK clients, database pools and connections, HTTP
 * agents, Powertools utilities. Data, matched against where a name was imported from.
 */
import type { ts as TsNamespace } from 'ts-morph';
import type { ImportBinding, ParsedSource, Ts } from './program.js';

export interface ClientKind {
  /** How the message names it, e.g. `DynamoDBClient (AWS SDK v3)`. */
  label: string;
  /** What constructing it per invocation costs. */
  cost: string;
}

const SDK_COST = 'a new HTTPS connection, TLS handshake and credential lookup on every call';
const DB_COST = 'a new database connection (and often a new pool) on every call, exhausting the database\'s connection limit under load';
const AGENT_COST = 'a new connection pool, so keep-alive connections are never reused';
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
];

interface FactoryPattern {
  module: RegExp;
  /** `object.method` (object = the imported name) or a bare imported function name. */
  call: RegExp;
  kind: ClientKind;
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
];

export interface ExtraConstructor {
  module: string;
  name: string;
}

/** What an expensive construction a `new` or call expression is, judged by where its names come from. */
export function classifyConstruction(
  ts: Ts,
  source: ParsedSource,
  node: TsNamespace.NewExpression | TsNamespace.CallExpression,
  extra: ExtraConstructor[],
): ClientKind | undefined {
  const callee = node.expression;
  if (ts.isNewExpression(node)) {
    const target = importedTarget(ts, source, callee);
    if (!target) return undefined;
    const custom = extra.find((e) => e.module === target.binding.module && e.name === target.path);
    if (custom) return { label: `${custom.name} (${custom.module})`, cost: 'expensive set-up on every call' };
    // `new AWS.S3()`, `new AWS.DynamoDB.DocumentClient()`: the last member names the class.
    const name = target.members.at(-1) ?? target.binding.imported;
    const match = CONSTRUCTORS.find((p) => p.module.test(target.binding.module) && p.name.test(name));
    return match ? { ...match.kind, label: `${labelName(callee, source)} (${match.kind.label})` } : undefined;
  }
  const target = importedTarget(ts, source, callee);
  if (!target) return undefined;
  const call = [target.binding.imported, ...target.members].join('.');
  const custom = extra.find((e) => e.module === target.binding.module && e.name === target.path);
  if (custom) return { label: `${custom.name}() (${custom.module})`, cost: 'expensive set-up on every call' };
  const match = FACTORIES.find((p) => p.module.test(target.binding.module) && p.call.test(call));
  return match ? { ...match.kind, label: `${labelName(callee, source)}() (${match.kind.label})` } : undefined;
}

/** `AWS.DynamoDB.DocumentClient` → the import binding of `AWS` and the member path after it. */
function importedTarget(ts: Ts, source: ParsedSource, expression: TsNamespace.Expression): { binding: ImportBinding; members: string[]; path: string } | undefined {
  const members: string[] = [];
  let current = expression;
  while (ts.isPropertyAccessExpression(current)) {
    members.unshift(current.name.text);
    current = current.expression;
  }
  if (!ts.isIdentifier(current)) return undefined;
  const binding = source.imports.get(current.text);
  if (!binding) return undefined;
  return { binding, members, path: [binding.imported === '*' || binding.imported === 'default' ? current.text : binding.imported, ...members].join('.') };
}

function labelName(callee: TsNamespace.Expression, source: ParsedSource): string {
  return callee.getText(source.sourceFile).replace(/\s+/g, '');
}
