/**
 * Side effects that are not safe to repeat, and the guards that make them safe, in the code that
 * runs per invocation. Judged from imports and the literal shape of each call; anything not
 * written out (a command built elsewhere and passed in) is not judged.
 */
import type { ts as TsNamespace } from 'ts-morph';
import { findModuleVariable, innermostReached, type FunctionLike, type ParsedSource, type SourceProgram, type Ts } from './program.js';

export interface SideEffect {
  /** What the call does, for the message: `SNS PublishCommand`, `fetch POST`. */
  label: string;
  /** What a second delivery does. */
  consequence: string;
  node: TsNamespace.Node;
  source: ParsedSource;
}

const SEND = 'a redelivered message sends it again';
const WRITE = 'a redelivered message writes a second item';
const COUNT = 'a redelivered message counts twice';

/** SDK v3 commands that always have an effect a retry repeats. */
const V3_COMMANDS: Record<string, string> = {
  SendEmailCommand: SEND,
  SendRawEmailCommand: SEND,
  SendTemplatedEmailCommand: SEND,
  SendBulkTemplatedEmailCommand: SEND,
  SendBulkEmailCommand: SEND,
  PublishCommand: 'a redelivered message publishes it again',
  PublishBatchCommand: 'a redelivered message publishes it again',
  SendMessageCommand: 'a redelivered message enqueues it again',
  SendMessageBatchCommand: 'a redelivered message enqueues it again',
  PutEventsCommand: 'a redelivered message emits the events again',
};

/** SDK v2 service methods with the same effect, by the client class they are called on. */
const V2_METHODS: Record<string, Record<string, string>> = {
  SES: { sendEmail: SEND, sendRawEmail: SEND, sendTemplatedEmail: SEND, sendBulkTemplatedEmail: SEND },
  SNS: { publish: 'a redelivered message publishes it again' },
  SQS: { sendMessage: 'a redelivered message enqueues it again', sendMessageBatch: 'a redelivered message enqueues it again' },
  EventBridge: { putEvents: 'a redelivered message emits the events again' },
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
        const read = /^(GetCommand|GetItemCommand|QueryCommand)$|\.(get|getItem|query|exists|sismember|hget)$/.test(callee);
        const conditionalPut = /^(PutCommand|PutItemCommand)$|\.(put|putItem)$/.test(callee) && /attribute_not_exists/.test(text);
        if ((read || conditionalPut) && /\b(messageId|eventID|eventId)\b/.test(text)) found = true;
      }
      ts.forEachChild(node, visit);
    };
    if (fn.body) visit(fn.body);
    if (found) return `a lookup keyed on the message ID in ${source.file.split(/[\\/]/).pop()}`;
  }
  return undefined;
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
      return { label: 'InvokeCommand (InvocationType Event)', consequence: 'a redelivered message invokes the function again' };
    }
    return dynamoWrite(name, argsText);
  }

  if (ts.isPropertyAccessExpression(callee)) {
    const method = callee.name.text;
    const receiver = callee.expression;
    // SDK v2: `sns.publish(…)` on a client constructed at module scope.
    const service = ts.isIdentifier(receiver) ? v2Service(ts, source, receiver.text) : undefined;
    if (service) {
      const consequence = V2_METHODS[service]?.[method];
      if (consequence) return { label: `${service}.${method}`, consequence };
      if (service === 'Lambda' && method === 'invoke' && /InvocationType\s*:\s*['"]Event['"]/.test(argsText)) {
        return { label: 'Lambda.invoke (InvocationType Event)', consequence: 'a redelivered message invokes the function again' };
      }
      if (service === 'DocumentClient' || service === 'DynamoDB') {
        const v3Name = { put: 'PutCommand', putItem: 'PutItemCommand', update: 'UpdateCommand', updateItem: 'UpdateItemCommand', transactWrite: 'TransactWriteCommand', transactWriteItems: 'TransactWriteItemsCommand' }[method];
        return v3Name ? dynamoWrite(v3Name, argsText, `${service}.${method}`) : undefined;
      }
      return undefined;
    }
    // HTTP clients: `axios.post(url, data, config)`, `got.post(url, options)`. PUT is idempotent by
    // definition (RFC 9110): repeating it leaves the same state, so it is not a finding.
    if (ts.isIdentifier(receiver) && /^(post|patch)$/.test(method)) {
      const binding = source.imports.get(receiver.text);
      if (binding && /^(axios|got|ky)$/.test(binding.module) && !/idempotency[-_]?key/i.test(argsText)) {
        return { label: `${binding.module}.${method}`, consequence: 'a redelivered message sends the request again' };
      }
    }
    // Stripe: `stripe.charges.create(params)` without an idempotencyKey.
    if (method === 'create' && ts.isPropertyAccessExpression(receiver) && ts.isIdentifier(receiver.expression) && isStripeClient(ts, source, receiver.expression.text)) {
      if (!/idempotencyKey/.test(argsText)) return { label: `Stripe ${receiver.name.text}.create`, consequence: 'a redelivered message charges or creates it again' };
    }
    return undefined;
  }

  // `fetch(url, { method: 'POST' })` without an Idempotency-Key header (PUT: see above).
  const isFetch = ts.isIdentifier(callee) && ((callee.text === 'fetch' && !source.imports.has('fetch')) || source.imports.get(callee.text)?.module === 'node-fetch');
  if (isFetch) {
    const method = /method\s*:\s*['"](POST|PATCH)['"]/i.exec(argsText)?.[1];
    if (method && !/idempotency[-_]?key/i.test(argsText)) return { label: `fetch ${method.toUpperCase()}`, consequence: 'a redelivered message sends the request again' };
  }
  return undefined;
}

/** DynamoDB writes that a retry repeats: a put with a generated key, a counter update, an unconditional transaction. */
function dynamoWrite(name: string, argsText: string, label = name): Omit<SideEffect, 'node' | 'source'> | undefined {
  if (/ConditionExpression/.test(argsText)) return undefined;
  if (name === 'PutCommand' || name === 'PutItemCommand') {
    // Keyed on the message's own ID, a second put overwrites the first: idempotent.
    if (GENERATED_ID.test(argsText) && !MESSAGE_ID.test(argsText)) return { label: `${label} with a generated key`, consequence: WRITE };
    return undefined;
  }
  if (name === 'UpdateCommand' || name === 'UpdateItemCommand') {
    return COUNTER.test(argsText) ? { label: `${label} incrementing a counter`, consequence: COUNT } : undefined;
  }
  if (name === 'TransactWriteCommand' || name === 'TransactWriteItemsCommand') {
    return /\b(Put|Update)\b/.test(argsText) ? { label: `${label} without conditions`, consequence: 'a redelivered message applies the transaction again' } : undefined;
  }
  return undefined;
}

/** The v2 service a module-scope client variable was constructed from: `new AWS.SNS()`, `new SNS()` from `aws-sdk/clients/sns`. */
function v2Service(ts: Ts, source: ParsedSource, name: string): string | undefined {
  const init = findModuleVariable(ts, source, name)?.initializer;
  if (!init || !ts.isNewExpression(init)) return undefined;
  const text = init.expression.getText(source.sourceFile);
  const viaNamespace = /^(\w+)\.(SES|SNS|SQS|EventBridge|Lambda|DynamoDB)(\.DocumentClient)?$/.exec(text);
  if (viaNamespace && source.imports.get(viaNamespace[1]!)?.module === 'aws-sdk') return viaNamespace[3] ? 'DocumentClient' : viaNamespace[2];
  const binding = source.imports.get(text);
  const fromClients = binding && /^aws-sdk\/clients\/(ses|sns|sqs|eventbridge|lambda|dynamodb)$/.exec(binding.module);
  if (fromClients) return binding.imported === 'DocumentClient' ? 'DocumentClient' : { ses: 'SES', sns: 'SNS', sqs: 'SQS', eventbridge: 'EventBridge', lambda: 'Lambda', dynamodb: 'DynamoDB' }[fromClients[1]!];
  return undefined;
}

function isStripeClient(ts: Ts, source: ParsedSource, name: string): boolean {
  const init = findModuleVariable(ts, source, name)?.initializer;
  const callee = init && (ts.isNewExpression(init) || ts.isCallExpression(init)) ? init.expression : undefined;
  return callee !== undefined && ts.isIdentifier(callee) && source.imports.get(callee.text)?.module === 'stripe';
}
