import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { IacFormat } from '../../src/model/types.js';

export const ruleName = 'sns-subscription-redrive';

/** A subscription's dead-letter queue, as each format writes it. */
const SUBSCRIPTION_FIX: Partial<Record<IacFormat, string>> = {
  cloudformation: 'RedrivePolicy: { deadLetterTargetArn: <queue ARN> }',
  terraform: 'redrive_policy = jsonencode({ deadLetterTargetArn = <queue>.arn }) to the aws_sns_topic_subscription',
  cdk: 'deadLetterQueue: <queue> to the subscription (new SqsSubscription(queue, { deadLetterQueue }) or new LambdaSubscription(fn, { deadLetterQueue }))',
};

export default createRule({
  meta: {
    name: ruleName,
    family: 'timeouts-and-dlq',
    reads: 'iac',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'SNS subscriptions to Lambda and SQS need a redrive policy',
      full:
        'When SNS cannot deliver a message to a Lambda function or an SQS queue (throttling, a deleted endpoint, a missing permission), it retries according to its delivery policy and then discards the message. A redrive policy on the subscription sends those messages to a dead-letter queue instead. This is about delivery to the endpoint; failures inside a Lambda function are handled by async-dlq.',
      help:
        'Add a `RedrivePolicy` to the subscription:\n\n```yaml\nOrdersSubscription:\n  Type: AWS::SNS::Subscription\n  Properties:\n    Protocol: lambda\n    TopicArn: !Ref OrdersTopic\n    Endpoint: !GetAtt OrdersFunction.Arn\n    RedrivePolicy:\n      deadLetterTargetArn: !GetAtt OrdersDeliveryDLQ.Arn\n```\n\nIn SAM, set `RedrivePolicy` on the `SNS` event. Inline `Subscription` entries of a topic cannot have one: declare an `AWS::SNS::Subscription` instead.',
    },
    tags: ['reliability', 'dlq', 'sns'],
    precision: 'very-high',
    messages: {
      withoutRedrive:
        'SNS subscription {{subscription}} ({{protocol}}) has no RedrivePolicy: a message SNS cannot deliver is discarded after its retries. Add {{fix}}.',
      inline:
        'Topic {{topic}} subscribes {{protocol}} endpoints inline, which cannot have a RedrivePolicy: a message SNS cannot deliver is discarded after its retries. Declare an AWS::SNS::Subscription with a RedrivePolicy instead.',
      samEvent: 'SNS event {{event}} of function {{fn}} has no RedrivePolicy: a message SNS cannot deliver to the function is discarded after its retries. Add {{fix}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const subscription of stack.subscriptions) {
      const protocol = subscription.protocol;
      if (!protocol?.known || (protocol.value !== 'lambda' && protocol.value !== 'sqs')) continue;
      if (subscription.redriveTarget) continue;
      const data = { subscription: subscription.id, topic: subscription.id, protocol: protocol.value, fix: SUBSCRIPTION_FIX[stack.format] ?? SUBSCRIPTION_FIX.cloudformation! };
      report({ messageId: subscription.inline ? 'inline' : 'withoutRedrive', loc: subscription.loc, path: `/Resources/${subscription.id}/subscription/${subscription.loc.line}`, data });
    }
    for (const fn of stack.functions) {
      for (const trigger of fn.triggers) {
        if (trigger.via !== 'sam-event' || trigger.kind !== 'sns' || trigger.deliveryDeadLetter) continue;
        report({ messageId: 'samEvent', loc: trigger.loc, path: `${fn.resource.node.path}/triggers/${trigger.name}`, data: { event: trigger.name, fn: fn.id, fix: stack.format === 'serverless' ? 'redrivePolicy: { deadLetterTargetArn } (or deadLetterTargetRef) to the sns event' : 'RedrivePolicy: { deadLetterTargetArn: <queue ARN> }' } });
      }
    }
  },
});
