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
};

/** Azure has no Powertools: the guard is a record of processed message IDs. */
const AZURE_GUARD = 'a record of processed message IDs checked first (a Cosmos DB or Table item whose id is the message ID: creating it again fails with 409 Conflict)';

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
        '{{effect}} runs for every delivery to {{handler}} ({{fedBy}}) with no idempotency guard: events are delivered at least once, so {{consequence}}. Make it idempotent: {{guard}}, a conditional write keyed on the message ID, or an idempotency key derived from it.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  checkSource({ facts, functions, handlerLabel, report }) {
    const consumers = functions.flatMap((fn) => fn.triggers.filter((t) => t.invocation === 'poll' || t.invocation === 'async'));
    // With a template, its triggers decide; without one (the editor), the handler's types do.
    if (functions.length ? consumers.length === 0 : !facts.consumerEvidence) return;
    if (facts.idempotencyGuard) return;
    const fedBy = consumers.length
      ? `fed by ${[...new Set(consumers.map(describeTrigger))].join(', ')}`
      : `an event consumer: ${facts.consumerEvidence}`;
    const google = (functions[0]?.platform ?? facts.registration?.platform) === 'gcp';
    for (const effect of facts.sideEffects) {
      report({
        messageId: 'repeatedSideEffect',
        loc: effect.loc,
        path: effect.path,
        data: { effect: effect.label, handler: handlerLabel, fedBy, consequence: effect.consequence, guard: google ? FIRESTORE_GUARD : functions.some((fn) => fn.platform === 'azure') ? AZURE_GUARD : POWERTOOLS_GUARD[facts.language] },
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
  const name = trigger.source?.id ?? (trigger.via === 'gcp-trigger' ? trigger.source?.external : undefined) ?? trigger.name;
  // Google event triggers: retries multiply the deliveries the platform already guarantees at least once.
  const retried = trigger.retryOnFailure?.known && trigger.retryOnFailure.value ? ', retried on failure' : '';
  const kind = trigger.via === 'pubsub-push' ? 'Pub/Sub push subscription' : (SOURCE_NAMES[trigger.kind] ?? trigger.kind);
  return `${kind} ${name}${retried}, ${path.basename(trigger.loc.file)}:${trigger.loc.line}`;
}
