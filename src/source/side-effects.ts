/**
 * Side effects that are not safe to repeat, and the guards that make them safe, in the code that
 * runs per invocation. Judged from imports and the literal shape of each call; anything not
 * written out (a command built elsewhere and passed in) is not judged.
 */
import type { ts as TsNamespace } from 'ts-morph';
import { CHARGE, COUNT, EMIT, ENQUEUE, INVOKE, PUBLISH, REQUEST, SEND, TRANSACT, WRITE } from './consequences.js';
import { GOOGLE_EVENT_ID, googleEffect } from './google-effects.js';
import { findLocalVariable, findModuleVariable, findVariable, innermostReached, isFunctionLike, wrapperName, type FunctionLike, type ParsedSource, type SourceProgram, type Ts } from './program.js';

export interface SideEffect {
  /** What the call does, for the message: `SNS PublishCommand`, `fetch POST`. */
  label: string;
  /** What a second delivery does. */
  consequence: string;
  node: TsNamespace.Node;
  source: ParsedSource;
}


/** SDK v3 commands that always have an effect a retry repeats. */
const V3_COMMANDS: Record<string, string> = {
  SendEmailCommand: SEND,
  SendRawEmailCommand: SEND,
  SendTemplatedEmailCommand: SEND,
  SendBulkTemplatedEmailCommand: SEND,
  SendBulkEmailCommand: SEND,
  PublishCommand: PUBLISH,
  PublishBatchCommand: PUBLISH,
  SendMessageCommand: ENQUEUE,
  SendMessageBatchCommand: ENQUEUE,
  PutEventsCommand: EMIT,
};

/** SDK v2 service methods with the same effect, by the client class they are called on. */
const V2_METHODS: Record<string, Record<string, string>> = {
  SES: { sendEmail: SEND, sendRawEmail: SEND, sendTemplatedEmail: SEND, sendBulkTemplatedEmail: SEND },
  SNS: { publish: PUBLISH },
  SQS: { sendMessage: ENQUEUE, sendMessageBatch: ENQUEUE },
  EventBridge: { putEvents: EMIT },
};

const GENERATED_ID = /\b(randomUUID|uuid|uuidv4|v4|nanoid|ulid|cuid|createId)\s*\(|\bDate\.now\s*\(|\bnew\s+Date\s*\(/;
const MESSAGE_ID = /\b(messageId|eventID|eventId|sequenceNumber|SequenceNumber)\b|\bid\b\s*[:)]|\.id\b/;
const COUNTER = /\bADD\s|\bSET\s+([#\w.]+)\s*=\s*(\1\s*\+|if_not_exists\(\s*\1[^)]*\)\s*\+)/i;

export function findSideEffects(program: SourceProgram, reached: Map<FunctionLike, ParsedSource>): SideEffect[] {
  const ts = program.ts;
  const effects: SideEffect[] = [];
  for (const [fn, source] of reached) {
    const visit = (node: TsNamespace.Node): void => {
      if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
        const effect = classify(ts, source, node);
        if (effect && innermostReached(ts, node, reached) === fn) effects.push({ ...effect, node, source });
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
  }
  return effects;
}

/**
 * A whole-handler guard: Powertools idempotency anywhere in the handler's modules, or a read keyed
 * on the message's ID (a dedup lookup) in the per-invocation code.
 */
export function findIdempotencyGuard(program: SourceProgram, entry: ParsedSource, reached: Map<FunctionLike, ParsedSource>): string | undefined {
  const ts = program.ts;
  for (const source of program.moduleGraph(entry)) {
    if ([...source.imports.values()].some((b) => b.module.startsWith('@aws-lambda-powertools/idempotency'))) return 'Powertools idempotency';
  }
  for (const [fn, source] of reached) {
    let found = false;
    const visit = (node: TsNamespace.Node): void => {
      if (found) return;
      if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
        const callee = node.expression.getText(source.sourceFile);
        const text = (node.arguments ?? []).map((a) => a.getText(source.sourceFile)).join(' ');
        // Azure: a Table entity or Cosmos DB item read by the message ID (`container.item(id).read()`), or created
        // under it (a second create fails with 409 Conflict), is the same dedup record.
        const cosmosRead = /\.item\(([\s\S]*)\)\.read$/.exec(callee);
        const read = (/^(GetCommand|GetItemCommand|QueryCommand)$|\.(get|getItem|query|exists|sismember|hget|getEntity)$/.test(callee) || cosmosRead !== null) && !inMemoryReceiver(ts, source, node);
        const conditionalPut = (/^(PutCommand|PutItemCommand)$|\.(put|putItem)$/.test(callee) && /attribute_not_exists/.test(text)) || /\.(createEntity|items\.create)$/.test(callee);
        if ((read || conditionalPut) && /\b(messageId|eventID|eventId)\b/.test(`${cosmosRead?.[1] ?? ''} ${text}`)) found = true;
        if (!found && googleDedupCheck(ts, source, node)) found = true;
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
    if (found) return `a lookup keyed on the message ID in ${source.file.split(/[\\/]/).pop()}`;
  }
  return undefined;
}

/**
 * Firestore: a document keyed on the Google event's ID, read (`t.get(ref)`) or created (`.create()`
 * fails when it exists) before acting. A reference held in a local is followed to its initializer.
 */
function googleDedupCheck(ts: Ts, source: ParsedSource, node: TsNamespace.NewExpression | TsNamespace.CallExpression): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !/^(get|create)$/.test(callee.name.text)) return false;
  if (![...source.imports.values()].some((b) => /^(@google-cloud\/firestore|firebase-admin(\/firestore)?)$/.test(b.module))) return false;
  const parts = [callee.expression, ...(node.arguments ?? [])].map((part) => {
    const local = ts.isIdentifier(part) ? findLocalVariable(ts, part.text, node)?.initializer : undefined;
    return (local ?? part).getText(source.sourceFile);
  });
  const text = parts.join(' ');
  return /\b(doc|document)\s*\(/.test(text) && GOOGLE_EVENT_ID.test(text);
}

/**
 * `seen.get(record.messageId)` on a `Map`, a `Set` or an object literal remembers only this
 * container's deliveries: a redelivery to another container is not caught, so it is no guard.
 */
function inMemoryReceiver(ts: Ts, source: ParsedSource, node: TsNamespace.NewExpression | TsNamespace.CallExpression): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !ts.isIdentifier(callee.expression)) return false;
  const init = findVariable(ts, source, callee.expression.text, node)?.initializer;
  if (!init) return false;
  if (ts.isObjectLiteralExpression(init) || ts.isArrayLiteralExpression(init)) return true;
  return ts.isNewExpression(init) && ts.isIdentifier(init.expression) && /^(Map|Set|WeakMap|WeakSet)$/.test(init.expression.text);
}

function classify(ts: Ts, source: ParsedSource, node: TsNamespace.NewExpression | TsNamespace.CallExpression): Omit<SideEffect, 'node' | 'source'> | undefined {
  const sf = source.sourceFile;
  const argsText = (node.arguments ?? []).map((a) => a.getText(sf)).join(' ');
  const callee = node.expression;

  if (ts.isNewExpression(node) && ts.isIdentifier(callee)) {
    const binding = source.imports.get(callee.text);
    if (!binding || !binding.module.startsWith('@aws-sdk/')) return undefined;
    const name = binding.imported;
    const always = V3_COMMANDS[name];
    if (always) return { label: `${name}`, consequence: always };
    if (name === 'InvokeCommand' && /InvocationType\s*:\s*['"]Event['"]/.test(argsText)) {
      return { label: 'InvokeCommand (InvocationType Event)', consequence: INVOKE };
    }
    return dynamoWrite(ts, node, name, argsText);
  }

  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const receiver = callee.expression;
    // SDK v2: `sns.publish(…)` on a client constructed at module scope.
    const service = ts.isIdentifier(receiver) ? v2Service(ts, source, receiver.text, node) : undefined;
    if (service) {
      const consequence = V2_METHODS[service]?.[method];
      if (consequence) return { label: `${service}.${method}`, consequence };
      if (service === 'Lambda' && method === 'invoke' && /InvocationType\s*:\s*['"]Event['"]/.test(argsText)) {
        return { label: 'Lambda.invoke (InvocationType Event)', consequence: INVOKE };
      }
      if (service === 'DocumentClient' || service === 'DynamoDB') {
        const v3Name = { put: 'PutCommand', putItem: 'PutItemCommand', update: 'UpdateCommand', updateItem: 'UpdateItemCommand', transactWrite: 'TransactWriteCommand', transactWriteItems: 'TransactWriteItemsCommand' }[method];
        return v3Name ? dynamoWrite(ts, node, v3Name, argsText, `${service}.${method}`) : undefined;
      }
      return undefined;
    }
    const google = googleEffect(new Set([...source.imports.values()].map((b) => b.module)), method, receiver.getText(sf));
    if (google) return google;
    // Azure SDK senders: `sender.sendMessages(…)` on a sender from a ServiceBusClient, `producer.sendBatch(…)`.
    const azure = ts.isIdentifier(receiver) ? azureSdkModule(ts, source, receiver.text, node) : undefined;
    const azureEffect = azure ? AZURE_METHODS[azure]?.[method] : undefined;
    if (azureEffect) return { label: `${azureEffect.label} ${method}`, consequence: azureEffect.consequence };
    // HTTP clients: `axios.post(url, data, config)`, `got.post(url, options)`. PUT is idempotent by
    // definition (RFC 9110): repeating it leaves the same state, so it is not a finding.
    if (ts.isIdentifier(receiver) && /^(post|patch)$/.test(method)) {
      const binding = source.imports.get(receiver.text);
      if (binding && /^(axios|got|ky)$/.test(binding.module) && !/idempotency[-_]?key/i.test(argsText)) {
        return { label: `${binding.module}.${method}`, consequence: REQUEST };
      }
    }
    // Stripe: `stripe.charges.create(params)` without an idempotencyKey.
    if (method === 'create' && ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.expression) && isStripeClient(ts, source, receiver.expression.text)) {
      if (!/idempotencyKey/.test(argsText)) return { label: `Stripe ${receiver.name.text}.create`, consequence: CHARGE };
    }
    return undefined;
  }

  // `fetch(url, { method: 'POST' })` without an Idempotency-Key header (PUT: see above).
  const isFetch = ts.isIdentifier(callee) && ((callee.text === 'fetch' && !source.imports.has('fetch')) || source.imports.get(callee.text)?.module === 'node-fetch');
  if (isFetch) {
    const method = /method\s*:\s*['"](POST|PATCH)['"]/i.exec(argsText)?.[1];
    if (method && !/idempotency[-_]?key/i.test(argsText)) return { label: `fetch ${method.toUpperCase()}`, consequence: REQUEST };
  }
  return undefined;
}

/** DynamoDB writes that a retry repeats: a put with a generated key, a counter update, an unconditional transaction. */
function dynamoWrite(ts: Ts, node: TsNamespace.NewExpression | TsNamespace.CallExpression, name: string, argsText: string, label = name): Omit<SideEffect, 'node' | 'source'> | undefined {
  if (/ConditionExpression/.test(argsText)) return undefined;
  if (name === 'PutCommand' || name === 'PutItemCommand') {
    // Keyed on the message's own ID, a second put overwrites the first: idempotent.
    if (MESSAGE_ID.test(argsText)) return undefined;
    if (generatesKey(ts, node)) return { label: `${label} with a generated key`, consequence: WRITE };
    if (readModifyWrite(ts, node)) return { label: `${label} of a value read and changed in the same call`, consequence: COUNT };
    return undefined;
  }
  if (name === 'UpdateCommand' || name === 'UpdateItemCommand') {
    return COUNTER.test(argsText) ? { label: `${label} incrementing a counter`, consequence: COUNT } : undefined;
  }
  if (name === 'TransactWriteCommand' || name === 'TransactWriteItemsCommand') {
    return /\b(Put|Update)\b/.test(argsText) ? { label: `${label} without conditions`, consequence: TRANSACT } : undefined;
  }
  return undefined;
}

/** DynamoDB's attribute-value type names (`{ S: "…" }`): they say how a value is stored, not which attribute it is. */
const ATTRIBUTE_TYPES = /^(S|N|B|SS|NS|BS|M|L|NULL|BOOL)$/;
/** Attribute names that keys are given: `pk`, `id`, `orderId`, `order_id`, `SK`, `uuid`. Timestamps and counters are not keys. */
const KEY_NAME = /^(pk|sk|id|uuid|key|hash|range)$|(Id|ID|_id|Key|_key|Uuid|UUID)$|^(PK|SK|GSI\d*PK|GSI\d*SK)$/;

/**
 * A put whose key is generated afresh (`pk: randomUUID()`) writes a second item on every delivery.
 * A generated value in a non-key attribute (`processedAt: new Date()`) of an item keyed on the event
 * is overwritten instead, which is safe. A generated value the rule cannot place (passed to a
 * builder) still counts as a key.
 */
function generatesKey(ts: Ts, node: TsNamespace.NewExpression | TsNamespace.CallExpression): boolean {
  let found = false;
  const visit = (child: TsNamespace.Node): void => {
    if (found) return;
    if ((ts.isCallExpression(child) || ts.isNewExpression(child)) && GENERATED_ID.test(child.getText())) {
      const direct = child.getText().match(GENERATED_ID)?.index === 0;
      if (direct) {
        const attribute = attributeOf(ts, child);
        if (attribute === undefined || KEY_NAME.test(attribute)) found = true;
        return;
      }
    }
    ts.forEachChild(child, visit);
  };
  for (const argument of node.arguments ?? []) visit(argument);
  return found;
}

/** The attribute a value is written to: the nearest enclosing property name that is not an attribute-value type. */
function attributeOf(ts: Ts, node: TsNamespace.Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (ts.isPropertyAssignment(current)) {
      const name = current.name.getText().replace(/^['"`]|['"`]$/g, '');
      if (!ATTRIBUTE_TYPES.test(name)) return name;
    }
    if (ts.isCallExpression(current) || ts.isNewExpression(current)) {
      // `marshall({ … })`, `String(Date.now())` keep the value; anything else hides where it goes.
      const callee = current.expression.getText();
      if (!/(^|\.)(marshall|String|toString|toISOString)$/.test(callee) && !GENERATED_ID.test(callee + '(')) return undefined;
    }
  }
  return undefined;
}

/**
 * A read-modify-write: the item put was read in the same function and a number in it was changed
 * (`item.count = found.Item.count + 1`), so a redelivery counts twice. Only the literal shape is
 * recognised: a DynamoDB get, then an increment of a value read from its result, then the put.
 */
function readModifyWrite(ts: Ts, node: TsNamespace.NewExpression | TsNamespace.CallExpression): boolean {
  let fn: TsNamespace.Node | undefined = node.parent;
  while (fn && !isFunctionLike(ts, fn)) fn = fn.parent;
  if (!fn) return false;
  const reads = new Set<string>();
  let increments = false;
  const visit = (child: TsNamespace.Node): void => {
    if (ts.isVariableDeclaration(child) && ts.isIdentifier(child.name) && child.initializer && /(\.get\(|\b(GetCommand|GetItemCommand)\b)/.test(child.initializer.getText())) {
      reads.add(child.name.text);
    }
    ts.forEachChild(child, visit);
  };
  visit(fn);
  if (reads.size === 0) return false;
  const readName = new RegExp(`\\b(${[...reads].join('|')})\\b`);
  const findIncrement = (child: TsNamespace.Node): void => {
    if (increments) return;
    if (ts.isBinaryExpression(child)) {
      const op = child.operatorToken.kind;
      const adds = op === ts.SyntaxKind.PlusToken || op === ts.SyntaxKind.MinusToken || op === ts.SyntaxKind.PlusEqualsToken;
      if (adds && (ts.isNumericLiteral(child.right) || ts.isNumericLiteral(child.left)) && readName.test(child.getText())) increments = true;
    }
    if ((ts.isPostfixUnaryExpression(child) || ts.isPrefixUnaryExpression(child)) && readName.test(child.getText())) {
      const op = child.operator;
      if (op === ts.SyntaxKind.PlusPlusToken || op === ts.SyntaxKind.MinusMinusToken) increments = true;
    }
    ts.forEachChild(child, findIncrement);
  };
  findIncrement(fn);
  return increments;
}

/**
 * The v2 service a client variable was constructed from, at module scope or in a function around the
 * call: `new AWS.SNS()`, `new SNS()` from `aws-sdk/clients/sns`.
 */
function v2Service(ts: Ts, source: ParsedSource, name: string, at: TsNamespace.Node): string | undefined {
  let init = findVariable(ts, source, name, at)?.initializer;
  if (init && ts.isCallExpression(init) && init.arguments.length === 1 && wrapperName(ts, init.expression)) init = init.arguments[0];
  if (!init || !ts.isNewExpression(init)) return undefined;
  const text = init.expression.getText(source.sourceFile);
  const viaNamespace = /^(\w+)\.(SES|SNS|SQS|EventBridge|Lambda|DynamoDB)(\.DocumentClient)?$/.exec(text);
  if (viaNamespace && source.imports.get(viaNamespace[1]!)?.module === 'aws-sdk') return viaNamespace[3] ? 'DocumentClient' : viaNamespace[2];
  const binding = source.imports.get(text);
  const fromClients = binding && /^aws-sdk\/clients\/(ses|sns|sqs|eventbridge|lambda|dynamodb)$/.exec(binding.module);
  if (fromClients) return binding.imported === 'DocumentClient' ? 'DocumentClient' : { ses: 'SES', sns: 'SNS', sqs: 'SQS', eventbridge: 'EventBridge', lambda: 'Lambda', dynamodb: 'DynamoDB' }[fromClients[1]!];
  return undefined;
}

/** Azure SDK methods that always have an effect a retry repeats, by the package the receiver comes from. */
const AZURE_METHODS: Record<string, Record<string, { label: string; consequence: string }>> = {
  '@azure/service-bus': { sendMessages: { label: 'Service Bus', consequence: ENQUEUE }, scheduleMessages: { label: 'Service Bus', consequence: ENQUEUE } },
  '@azure/event-hubs': { sendBatch: { label: 'Event Hubs', consequence: EMIT } },
  '@azure/storage-queue': { sendMessage: { label: 'Storage queue', consequence: ENQUEUE } },
  '@azure/eventgrid': { send: { label: 'Event Grid', consequence: EMIT } },
  '@azure/communication-email': { beginSend: { label: 'Azure Communication Services email', consequence: SEND } },
};

/**
 * The `@azure/*` package a local or module variable's object comes from: built with `new X()` or
 * `X.fromConnectionString()`, or returned by a method of such an object (`client.createSender(…)`,
 * `service.getQueueClient(…)`), followed a few steps.
 */
function azureSdkModule(ts: Ts, source: ParsedSource, name: string, at: TsNamespace.Node, depth = 0): string | undefined {
  if (depth > 4) return undefined;
  let init: TsNamespace.Expression | undefined = findVariable(ts, source, name, at)?.initializer;
  while (init && (ts.isAwaitExpression(init) || ts.isParenthesizedExpression(init))) init = init.expression;
  if (!init || !(ts.isNewExpression(init) || ts.isCallExpression(init))) return undefined;
  let root: TsNamespace.Expression = init.expression;
  // `new ServiceBusClient(…).createSender(…)`: the chain ends at the constructed class.
  while (ts.isPropertyAccessExpression(root) || ts.isCallExpression(root) || ts.isNewExpression(root)) root = root.expression;
  if (!ts.isIdentifier(root)) return undefined;
  const module = source.imports.get(root.text)?.module;
  if (module) return /^@azure\//.test(module) ? module : undefined;
  return root.text === name ? undefined : azureSdkModule(ts, source, root.text, at, depth + 1);
}

function isStripeClient(ts: Ts, source: ParsedSource, name: string): boolean {
  const init = findModuleVariable(ts, source, name)?.initializer;
  const callee = init && (ts.isNewExpression(init) || ts.isCallExpression(init)) ? init.expression : undefined;
  return callee !== undefined && ts.isIdentifier(callee) && source.imports.get(callee.text)?.module === 'stripe';
}
