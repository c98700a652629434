import { spell } from '../../src/model/syntax.js';
import { createRule, docsUrl } from '../../src/engine/rule.js';
import { isScalar, isSeq } from '../../src/parse/tree.js';
import type { QueueModel, StackModel } from '../../src/model/types.js';

export const ruleName = 'queue-redrive';

/** Names that say a queue is itself a dead-letter queue, e.g. for consumers in another stack. */
const DEAD_LETTER_NAME = /dead-?letter|dlq/i;

export default createRule({
  meta: {
    name: ruleName,
    family: 'timeouts-and-dlq',
    reads: 'iac',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'SQS queues need a dead-letter queue (redrive policy)',
      full:
        'A message that its consumer cannot process is received, fails and becomes visible again, over and over, until the retention period (4 days by default) ends and SQS deletes it. Meanwhile it costs an invocation on every attempt and hides among healthy traffic; afterwards it is gone. A redrive policy moves it to a dead-letter queue after a few attempts, where it can be inspected and replayed.',
      help:
        'Add a dead-letter queue and a redrive policy:\n\n```yaml\nOrders:\n  Type: AWS::SQS::Queue\n  Properties:\n    RedrivePolicy:\n      deadLetterTargetArn: !GetAtt OrdersDeadLetters.Arn\n      maxReceiveCount: 5\nOrdersDeadLetters:\n  Type: AWS::SQS::Queue\n  Properties:\n    MessageRetentionPeriod: 1209600\n```',
    },
    tags: ['reliability', 'dlq', 'sqs', 'pubsub'],
    precision: 'high',
    platforms: ['gcp'],
    messages: {
      missingRedrive:
        'Queue {{queue}} has no RedrivePolicy: a message that keeps failing is received again and again, costing an invocation each time, until its retention period (4 days by default) ends and SQS deletes it. Add a dead-letter queue and {{fix}}.',
      missingDeadLetterPolicy:
        'Subscription {{queue}} pushes to {{fn}} and has no dead_letter_policy: a message the function keeps failing on is pushed again and again, costing an invocation each time, until the subscription\'s retention (7 days by default) ends and Pub/Sub drops it. Add a dead-letter topic: dead_letter_policy { dead_letter_topic = google_pubsub_topic.<dead letters>.id, max_delivery_attempts = 5 }, with a subscription on that topic.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const queue of stack.queues) {
      if (queue.redrivePolicy || isDeadLetterQueue(stack, queue)) continue;
      if (queue.platform === 'gcp') {
        // Only a subscription that feeds a function: a pull subscription's consumer is not in the model.
        const consumers = stack.functions.filter((fn) => fn.triggers.some((t) => t.source?.id === queue.id));
        if (consumers.length) report({ messageId: 'missingDeadLetterPolicy', loc: queue.loc, path: queue.resource.node.path, data: { queue: queue.id, fn: consumers.map((fn) => fn.id).join(', ') } });
        continue;
      }
      report({ messageId: 'missingRedrive', loc: queue.loc, path: queue.resource.node.path, data: { queue: queue.id, fix: spell('redrivePolicy', stack.format).replace('{{queue}}', queue.id) } });
    }
  },
});

function isDeadLetterQueue(stack: StackModel, queue: QueueModel): boolean {
  if (stack.deadLetterTargets.has(queue.id) || queue.hasRedriveAllowPolicy) return true;
  if (DEAD_LETTER_NAME.test(queue.id)) return true;
  return DEAD_LETTER_NAME.test(literalQueueName(queue));
}

/** The written part of `QueueName`: `${AWS::StackName}-orders-dlq` says as much as `orders-dlq`. */
function literalQueueName(queue: QueueModel): string {
  const name = queue.queueName;
  if (!name) return '';
  if (name.known) return name.value;
  const node = name.node;
  if (node?.kind !== 'fn' || node.name !== 'Fn::Sub') return '';
  const template = isSeq(node.arg) ? node.arg.items[0] : node.arg;
  return isScalar(template) && typeof template.value === 'string' ? template.value.replace(/\$\{[^}]*\}/g, ' ') : '';
}
