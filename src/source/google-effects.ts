/**
 * Google Cloud side effects a redelivered event repeats, shared by the JavaScript and Python
 * frontends as data: a Firestore document added with a generated ID, a counter incremented, a
 * Pub/Sub message published, a Cloud Tasks task created, an email sent.
 */
import { COUNT, ENQUEUE, PUBLISH, SEND, START, WRITE } from './consequences.js';

export interface GoogleEffect {
  label: string;
  consequence: string;
}

/** Packages whose Firestore client `add()`s documents with generated IDs and has `FieldValue.increment`. */
export const FIRESTORE_MODULES = /^(@google-cloud\/firestore|firebase-admin(\/firestore)?|google\.cloud\.firestore(_v1)?|google\.cloud|firebase_admin(\.firestore)?)$/;
export const PUBSUB_MODULES = /^(@google-cloud\/pubsub|google\.cloud\.pubsub(_v1)?|google\.cloud)$/;
export const TASKS_MODULES = /^(@google-cloud\/tasks|google\.cloud\.tasks(_v2)?|google\.cloud)$/;
export const WORKFLOWS_MODULES = /^(@google-cloud\/workflows|google\.cloud\.workflows(\.executions_v1)?|google\.cloud)$/;
export const EMAIL_MODULES = /^(@sendgrid\/mail|nodemailer|sendgrid)$/;

/**
 * The effect of a method call, given the Google packages the file imports. `receiverText` is the
 * callee's receiver as written (`db.collection('orders')`, `publisher`).
 */
export function googleEffect(imported: Set<string>, method: string, receiverText: string): GoogleEffect | undefined {
  const has = (pattern: RegExp) => [...imported].some((m) => pattern.test(m));
  if (has(FIRESTORE_MODULES)) {
    // `collection('orders').add(data)`: Firestore generates a new document ID on every call.
    // `db.collection('orders').add(…)`, or a reference kept in a local (`ordersRef`, `ordersCollection`); not a Set's add().
    if (method === 'add' && /\bcollection\s*\([^)]*\)\s*$|^\w*(Ref|Collection|collection)$/.test(receiverText.replace(/\s+/g, ''))) return { label: 'Firestore add() (a document with a generated ID)', consequence: WRITE };
    if ((method === 'increment' || method === 'Increment') && /FieldValue|firestore/i.test(receiverText)) return { label: 'Firestore FieldValue.increment', consequence: COUNT };
  }
  if (has(PUBSUB_MODULES) && /^(publish|publishMessage|publishJSON)$/.test(method) && !/^(res|response|request|req)$/.test(receiverText)) {
    return { label: `Pub/Sub ${method}`, consequence: PUBLISH };
  }
  if (has(TASKS_MODULES) && /^(createTask|create_task)$/.test(method)) return { label: `Cloud Tasks ${method}`, consequence: ENQUEUE };
  if (has(WORKFLOWS_MODULES) && method === 'createExecution') return { label: 'Workflows createExecution', consequence: START };
  if (has(EMAIL_MODULES) && /^(send|sendMultiple|sendMail)$/.test(method) && !/^(res|response)$/.test(receiverText)) return { label: `${method === 'sendMail' ? 'nodemailer' : 'SendGrid'} ${method}`, consequence: SEND };
  return undefined;
}

/** The IDs of a Google event, the same on every delivery: `cloudEvent.id`, `context.eventId`, `message.messageId`, `event.id`. */
export const GOOGLE_EVENT_ID = /\b(cloudEvent|cloud_event|event|context)\s*(\.|\[\s*['"])(id|eventId|event_id)\b|\bmessage_?[Ii]d\b|\bmessageId\b|\beventId\b/;

/**
 * Python: the effect of a call on a Google client, from the package path the analysis followed
 * (`google.cloud` + [`firestore`, `Client`, `collection`, `add`]).
 */
export function googlePythonEffect(module: string, calleePath: string[], method: string | undefined): GoogleEffect | undefined {
  const dotted = [module, ...calleePath].join('.');
  const last = calleePath.at(-1);
  if (/firestore/.test(dotted)) {
    if (method === 'add' && calleePath.includes('collection')) return { label: 'Firestore collection().add() (a document with a generated ID)', consequence: WRITE };
    if (last === 'Increment') return { label: 'Firestore Increment', consequence: COUNT };
  }
  if (/pubsub/.test(dotted) && calleePath.includes('PublisherClient') && method === 'publish') return { label: 'Pub/Sub PublisherClient.publish', consequence: PUBLISH };
  if (/tasks/.test(dotted) && method === 'create_task') return { label: 'Cloud Tasks create_task', consequence: ENQUEUE };
  if (/workflows/.test(dotted) && method === 'create_execution') return { label: 'Workflows create_execution', consequence: START };
  if (/^sendgrid/.test(module) && method === 'send') return { label: 'SendGrid send', consequence: SEND };
  return undefined;
}

/**
 * A dedup check on Firestore: a document keyed on the event's ID read (`.get()`) or created
 * (`.create()`, which fails when it exists). `text` is the call with the locals it names filled in.
 */
export function isGoogleDedupCheck(module: string, method: string | undefined, text: string): boolean {
  if (!/^(google\.cloud|firebase_admin|@google-cloud\/firestore|firebase-admin)/.test(module)) return false;
  return (method === 'get' || method === 'create') && /\b(document|doc)\s*\(/.test(text) && GOOGLE_EVENT_ID.test(text);
}
