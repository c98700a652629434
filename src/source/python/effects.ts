/**
 * Side effects a redelivered event repeats, and the guards that make them safe, for Python: boto3
 * calls, HTTP POSTs, Stripe creates. Judged from where the receiver comes from and the literal text
 * of the arguments (with local variables they name filled in); anything built elsewhere is not judged.
 *
 * The consequences are shared with the JavaScript frontend (../consequences.ts).
 */
import type { Value } from './analysis.js';

import { googlePythonEffect } from '../google-effects.js';
import { CHARGE, COUNT, EMIT, ENQUEUE, INVOKE, PUBLISH, REQUEST, SEND, TRANSACT, WRITE } from '../consequences.js';

/** An id made fresh on every call: a second delivery gets a different key. */
export const GENERATED_ID = /\b(uuid[1-8]?|ulid|new_ulid|ksuid|token_hex|token_urlsafe|nanoid)\s*\(/;
/**
 * A clock reading under a key-like attribute (`"pk": str(time.time())`, `"orderId": f"{now()}"`).
 * A timestamp stored beside the key (`"createdAt": datetime.now()`) does not make a second item.
 */
const CLOCK_KEY = /["'](\w*?)["']\s*:\s*[^,}\n]*?\b(time|time_ns|now|utcnow)\s*\(/g;
const KEY_LIKE = /^(pk|sk|id|key|hash|range)$|(_id|_key|Id|ID|Key|_pk|_sk|PK|SK)$/;

export function isGeneratedKey(argsText: string): boolean {
  if (GENERATED_ID.test(argsText)) return true;
  for (const match of argsText.matchAll(CLOCK_KEY)) if (KEY_LIKE.test(match[1]!)) return true;
  return false;
}
/** The message's own identity: the same on every delivery. */
export const MESSAGE_ID = /\b(messageId|message_id|eventID|eventId|event_id|sequenceNumber|sequence_number|SequenceNumber)\b/;
const COUNTER = /\bADD\s|\bSET\s+([#\w.]+)\s*=\s*(\1\s*\+|if_not_exists\(\s*\1[^)]*\)\s*\+)/i;

const AWS_SDK = /^(boto3|aioboto3|aiobotocore|botocore)(\.|$)/;
const EMAIL = /^(send_email|send_raw_email|send_templated_email|send_bulk_templated_email|send_bulk_email)$/;

export interface Effect {
  label: string;
  consequence: string;
}

/**
 * The effect of calling `method` on `receiver` with arguments whose text (locals filled in) is
 * `argsText`; `callee` is the value of the whole callee, for module-level functions (`requests.post`).
 */
export function classifyEffect(callee: Value | undefined, receiver: Value | undefined, method: string | undefined, argsText: string): Effect | undefined {
  if (callee?.kind !== 'external') return undefined;
  const module = callee.module;
  if (AWS_SDK.test(module) && method && receiver?.kind === 'external') {
    const owner = receiver.path.at(-1);
    const service = receiver.service ?? owner;
    const label = `${owner === 'batch_writer' ? 'batch_writer' : owner === 'Table' ? 'Table' : service}.${method}`;
    if (EMAIL.test(method)) return { label, consequence: SEND };
    if (method === 'publish' || method === 'publish_batch') return { label, consequence: PUBLISH };
    if (method === 'send_message' || method === 'send_message_batch') return { label, consequence: ENQUEUE };
    if (method === 'put_events') return { label, consequence: EMIT };
    if (method === 'invoke' && /InvocationType\s*=\s*['"]Event['"]/.test(argsText)) return { label: `${label} (InvocationType Event)`, consequence: INVOKE };
    if (/ConditionExpression/.test(argsText)) return undefined;
    if (method === 'put_item') {
      // Keyed on the message's own ID, a second put overwrites the first: idempotent.
      return isGeneratedKey(argsText) && !MESSAGE_ID.test(argsText) ? { label: `${label} with a generated key`, consequence: WRITE } : undefined;
    }
    if (method === 'update_item') return COUNTER.test(argsText) ? { label: `${label} incrementing a counter`, consequence: COUNT } : undefined;
    if (method === 'transact_write_items') return /\b(Put|Update)\b/.test(argsText) ? { label: `${label} without conditions`, consequence: TRANSACT } : undefined;
    return undefined;
  }
  const google = googlePythonEffect(module, callee.path, method);
  if (google) return google;
  // Azure SDK senders: a Service Bus sender's send_messages, an Event Hubs producer's send_batch, a queue client's send_message.
  const azure = AZURE_SENDS.exec(module);
  if (azure && method && receiver?.kind === 'external' && AZURE_METHODS[azure[1]!]?.[method]) {
    const effect = AZURE_METHODS[azure[1]!]![method]!;
    return { label: `${effect.label} ${method}`, consequence: effect.consequence };
  }
  const last = callee.path.at(-1);
  // PUT is idempotent by definition (RFC 9110): repeating it leaves the same state.
  if (/^(requests|httpx)$/.test(module.split('.')[0]!)) {
    const verb = last === 'post' || last === 'patch' ? last : last === 'request' ? /^\s*\(\s*['"](POST|PATCH)['"]/i.exec(argsText)?.[1]?.toLowerCase() : undefined;
    if (verb && !/idempotency[-_]?key/i.test(argsText)) return { label: `${module.split('.')[0]}.${verb}`, consequence: REQUEST };
    return undefined;
  }
  if (module === 'stripe' && last === 'create' && callee.path.length >= 2) {
    if (!/idempotency_key/.test(argsText)) return { label: `Stripe ${callee.path.slice(-2).join('.').replace(/^StripeClient\./, '')}`, consequence: CHARGE };
  }
  return undefined;
}

const AZURE_SENDS = /^azure\.(servicebus|eventhub|storage\.queue|eventgrid|communication\.email)(\.aio)?(\.|$)/;
const AZURE_METHODS: Record<string, Record<string, { label: string; consequence: string }>> = {
  servicebus: { send_messages: { label: 'Service Bus', consequence: ENQUEUE }, schedule_messages: { label: 'Service Bus', consequence: ENQUEUE } },
  eventhub: { send_batch: { label: 'Event Hubs', consequence: EMIT }, send_event_data: { label: 'Event Hubs', consequence: EMIT } },
  'storage.queue': { send_message: { label: 'Storage queue', consequence: ENQUEUE } },
  eventgrid: { send: { label: 'Event Grid', consequence: EMIT } },
  'communication.email': { begin_send: { label: 'Azure Communication Services email', consequence: SEND } },
};

/** Stores a dedup check reads from; `message.get("messageId")` on a dict is not one. */
const STORE = /^(boto3|aioboto3|aiobotocore|botocore|redis|aioredis|pymemcache|pymongo|motor|pynamodb|psycopg2?|pymysql|sqlalchemy)(\.|$)/;

/** A read or conditional write keyed on the message ID, on a store: the handler checks for a duplicate before acting. */
export function isDedupCheck(receiver: Value | undefined, method: string | undefined, argsText: string): boolean {
  if (receiver?.kind !== 'external' || !STORE.test(receiver.module)) return false;
  if (!method || !MESSAGE_ID.test(argsText)) return false;
  if (/^(get_item|query|get|exists|sismember|hget|hexists)$/.test(method)) return true;
  if (method === 'put_item' && /attribute_not_exists/.test(argsText)) return true;
  return method === 'set' && /\bnx\s*=\s*True\b/.test(argsText);
}

/** Azure stores a dedup record is kept in: Cosmos DB, Table storage, Blob storage. */
const AZURE_STORE = /^azure\.(cosmos|data\.tables|storage\.blob)(\.aio)?(\.|$)/;
/**
 * What identifies one delivery on Azure: the message ID (`msg.id` of a queue message,
 * `message_id` of a Service Bus message, an Event Grid event's `id`), an Event Hubs event's
 * sequence number, or the id a message carries (`order["id"]`).
 */
const AZURE_DELIVERY_ID = new RegExp(`${MESSAGE_ID.source}|\\b[A-Za-z_]\\w*\\.id\\b(?!\\s*\\()|\\w\\[\\s*["']id["']\\s*\\]|\\.get\\(\\s*["']id["']`);

/** The values written under `key` in dict literals (`"id": msg.id`, `"RowKey": str(msg.id)`), each to the next comma or brace. */
function keyedValues(text: string, key: RegExp): string[] {
  return [...text.matchAll(new RegExp(`["'](?:${key.source})["']\\s*:\\s*([^,}\\n]+)`, 'g'))].map((m) => m[1]!);
}

const deliveryKeyed = (text: string | undefined) => text !== undefined && AZURE_DELIVERY_ID.test(text) && !GENERATED_ID.test(text);

/**
 * Azure's dedup records, as the JavaScript side knows them: a Cosmos DB item or Table entity created
 * under the delivery's ID (a second create fails with 409 Conflict), a blob uploaded under it without
 * overwriting (ResourceExistsError), or a read of that record. `upsert_*` overwrites: no guard.
 * `keyedOn` is the argument text with the receiver's construction (`get_blob_client(f"{msg.id}.json")`).
 */
export function isAzureDedupCheck(receiver: Value | undefined, method: string | undefined, argsText: string, keyedOn: string): boolean {
  if (receiver?.kind !== 'external' || !method) return false;
  const store = AZURE_STORE.exec(receiver.module)?.[1];
  if (!store) return false;
  switch (method) {
    case 'create_item':
      return keyedValues(argsText, /id/).some(deliveryKeyed);
    case 'read_item':
    case 'get_entity':
      return deliveryKeyed(argsText);
    case 'create_entity':
      return keyedValues(argsText, /RowKey|PartitionKey/).some(deliveryKeyed);
    case 'upload_blob': {
      // upload_blob does not overwrite unless told to; an If-None-Match: * condition fails the same way.
      const createOnly = !/\boverwrite\s*=\s*True\b/.test(argsText) || /MatchConditions\.IfMissing|if_none_match\s*=\s*["']\*["']/.test(argsText);
      return store === 'storage.blob' && createOnly && deliveryKeyed(keyedOn);
    }
    case 'exists':
    case 'get_blob_properties':
      return store === 'storage.blob' && deliveryKeyed(keyedOn);
    default:
      return false;
  }
}
