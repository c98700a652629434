import path from 'node:path';
import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { Trigger } from '../../src/model/types.js';
import type { HandlerFacts } from '../../src/source/facts.js';

export const ruleName = 'idempotent-consumer';

const SOURCE_NAMES: Partial<Record<Trigger['kind'], string>> = {
  sqs: 'SQS queue',
  kinesis: 'Kinesis stream',
  'dynamodb-stream': 'DynamoDB stream',
  msk: 'MSK topic',
  'self-managed-kafka': 'Kafka topic',
  mq: 'MQ broker',
  documentdb: 'DocumentDB stream',
  sns: 'SNS topic',
  eventbridge: 'EventBridge rule',
  schedule: 'schedule',
  scheduler: 'EventBridge Scheduler schedule',
  s3: 'S3 bucket',
  'cloudwatch-logs': 'CloudWatch Logs subscription',
  iot: 'IoT rule',
  pubsub: 'Pub/Sub',
  'cloud-storage': 'Cloud Storage event',
  firestore: 'Firestore event',
  eventarc: 'Eventarc event',
  'azure-storage-queue': 'Storage queue',
  'azure-service-bus-queue': 'Service Bus queue',
  'azure-service-bus-topic': 'Service Bus topic',
  'azure-event-hub': 'Event Hub',
  'azure-event-grid': 'Event Grid events to',
  'azure-cosmos-db': 'Cosmos DB change feed of',
  'azure-blob': 'blobs at',
  'azure-timer': 'timer',
};

/**
 * Azure has no Powertools: the guard is a record of what was processed, keyed on what identifies one
 * delivery of the trigger. Event Hubs events carry no message ID of their own: an event is its
 * partition and sequence number; a change feed document is a version of the document; a blob its ETag.
 */
const AZURE_KEYS: Partial<Record<Trigger['kind'], { key: string; why?: string }>> = {
  'azure-storage-queue': { key: 'the message ID' },
  'azure-service-bus-queue': { key: 'the message ID' },
  'azure-service-bus-topic': { key: 'the message ID' },
  'azure-event-hub': { key: 'the partition ID and sequence number', why: 'Event Hubs events carry no message ID; a business key the event carries works too' },
  'azure-event-grid': { key: 'the event ID' },
  'azure-cosmos-db': { key: "the changed document's id and _etag", why: 'each version of a document is its own change' },
  'azure-blob': { key: "the blob's name and ETag" },
  'azure-timer': { key: "the run's scheduled time" },
};

function azureGuard(key: { key: string; why?: string }): string {
  return `a record of what was processed, checked first (a Cosmos DB or Table item keyed on ${key.key}${key.why ? `: ${key.why}` : ''}; creating it again fails with 409 Conflict)`;
}

export default createRule({
  meta: {
    name: ruleName,
    family: 'idempotency',
    reads: 'iac+source',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'Queue, stream and async consumers must not repeat side effects when a message is delivered twice',
      full:
        'Lambda delivers events from SQS, Kinesis, DynamoDB streams, Kafka, SNS, EventBridge, S3 and every other poller or asynchronous source at least once: the same record can arrive twice even when nothing failed. A consumer that sends an email, publishes a message, charges a card or writes a new item for every delivery does it twice. sls-lint follows the handler into the project code it calls and reports such side effects when no idempotency guard is in sight.',
      help:
        'Make the effect safe to repeat: wrap the handler (or the per-record function) with Powertools idempotency (`makeIdempotent`, `makeHandlerIdempotent`), write with a condition (`ConditionExpression: "attribute_not_exists(pk)"`) keyed on the message ID, key the item on the message ID so a repeat overwrites it, or pass an idempotency key (`Idempotency-Key` header, Stripe `idempotencyKey`) derived from the message ID.',
    },
    tags: ['reliability', 'idempotency', 'sqs', 'streams', 'cloud-functions'],
    precision: 'medium',
    platforms: ['azure', 'gcp'],
    messages: {
      repeatedSideEffect:
        '{{effect}} runs for every delivery to {{handler}} ({{fedBy}}) with no idempotency guard: events are delivered at least once, so {{consequence}}. Make it idempotent: {{guard}}, a conditional write keyed on {{key}}, or an idempotency key derived from it.',
      retriedRun:
        '{{effect}} runs in {{handler}} ({{fedBy}}) with no idempotency guard: its retry policy runs a failed execution again, so {{consequence}}. Make it idempotent: {{guard}}, or an idempotency key derived from it.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  checkSource({ facts, functions, handlerLabel, report }) {
    // A retry policy (Azure Timer) re-runs a failed execution: its effects repeat as a redelivery's do.
    const consumers = functions.flatMap((fn) => fn.triggers.filter((t) => t.invocation === 'poll' || t.invocation === 'async' || (t.retryOnFailure?.known && t.retryOnFailure.value)));
    // With a template, its triggers decide; without one (the editor), the handler's types do.
    if (functions.length ? consumers.length === 0 : !facts.consumerEvidence) return;
    if (facts.idempotencyGuard) return;
    const fedBy = consumers.length
      ? `fed by ${[...new Set(consumers.map(describeTrigger))].join(', ')}`
      : `an event consumer: ${facts.consumerEvidence}`;
    const google = (functions[0]?.platform ?? facts.registration?.platform) === 'gcp';
    const azure = functions.some((fn) => fn.platform === 'azure');
    // Only retried runs, no deliveries: the effect repeats because the policy re-runs a failure.
    const retriedOnly = consumers.length > 0 && consumers.every((t) => t.invocation !== 'poll' && t.invocation !== 'async');
    const keys = [...new Set(consumers.map((t) => AZURE_KEYS[t.kind]).filter((k) => k !== undefined))];
    const key = azure && keys.length === 1 ? keys[0]! : { key: 'the message ID' };
    for (const effect of facts.sideEffects) {
      report({
        messageId: retriedOnly ? 'retriedRun' : 'repeatedSideEffect',
        loc: effect.loc,
        path: effect.path,
        data: {
          effect: effect.label,
          handler: handlerLabel,
          fedBy,
          consequence: retriedOnly ? effect.consequence.replace(/^a redelivered message\b/, 'a retried run') : effect.consequence,
          guard: google ? FIRESTORE_GUARD : azure ? azureGuard(key) : POWERTOOLS_GUARD[facts.language],
          key: key.key,
        },
      });
    }
  },
});

/** Google Cloud has no idempotency library: a marker document keyed on the event ID is the usual guard. */
const FIRESTORE_GUARD = 'record the event ID first (a Firestore document keyed on it, created with create(), which fails when it exists, or checked in a transaction)';

/** Powertools idempotency, as each language spells it. */
const POWERTOOLS_GUARD: Record<HandlerFacts['language'], string> = {
  javascript: 'Powertools idempotency (makeIdempotent)',
  python: 'Powertools idempotency (@idempotent or @idempotent_function)',
};

/** What an Eventarc trigger delivers, by the event type it matches. */
const EVENTARC_EVENTS: Partial<Record<Trigger['kind'], string>> = { pubsub: 'Pub/Sub messages', 'cloud-storage': 'Cloud Storage events', firestore: 'Firestore events' };

function describeTrigger(trigger: Trigger): string {
  // An Eventarc trigger is named itself: its transport topic is an implementation detail.
  if (trigger.via === 'eventarc-trigger') {
    const retried = trigger.retryOnFailure?.known && trigger.retryOnFailure.value ? ', retried on failure' : '';
    const events = EVENTARC_EVENTS[trigger.kind] ?? 'events';
    return `${events} through Eventarc trigger ${trigger.name}${retried}, ${path.basename(trigger.loc.file)}:${trigger.loc.line}`;
  }
  // An Azure binding whose queue, hub or container is not a literal names no source: not the function's name either.
  const unnamed = trigger.via === 'azure-binding' && !trigger.source && trigger.kind !== 'azure-event-grid';
  const name = unnamed ? '' : (trigger.source?.id ?? (trigger.via === 'gcp-trigger' ? trigger.source?.external : undefined) ?? trigger.name);
  // Google event triggers: retries multiply the deliveries the platform already guarantees at least once.
  const retried = trigger.retryOnFailure?.known && trigger.retryOnFailure.value ? ', retried on failure' : '';
  const kind = trigger.via === 'pubsub-push' ? 'Pub/Sub push subscription' : (SOURCE_NAMES[trigger.kind] ?? trigger.kind);
  return `${kind}${name ? ` ${name}` : ''}${retried}, ${path.basename(trigger.loc.file)}:${trigger.loc.line}`;
}
