import type { IacFormat } from '../../src/model/types.js';
import { createRule, docsUrl } from '../../src/engine/rule.js';

export const ruleName = 'eventbridge-target-dlq';

export default createRule({
  meta: {
    name: ruleName,
    family: 'timeouts-and-dlq',
    reads: 'iac',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'EventBridge rule targets need a dead-letter queue',
      full:
        'When EventBridge cannot deliver an event to a target (the target is throttled, missing, or lacks permission), it retries for up to 24 hours and 185 attempts by default and then drops the event. A dead-letter queue on the target keeps those events, with the error, for inspection and replay. This is about delivery to the target; failures inside a Lambda target are handled by async-dlq.',
      help:
        'Add a dead-letter queue to each target (CloudFormation) or event (SAM):\n\n```yaml\nTargets:\n  - Id: orders\n    Arn: !GetAtt OrdersFunction.Arn\n    DeadLetterConfig:\n      Arn: !GetAtt OrdersEventsDLQ.Arn\n```\n\n```yaml\nEvents:\n  OrderPlaced:\n    Type: EventBridgeRule\n    Properties:\n      Pattern: { source: [orders] }\n      DeadLetterConfig:\n        Type: SQS\n```',
    },
    tags: ['reliability', 'dlq', 'eventbridge'],
    precision: 'very-high',
    messages: {
      targetWithoutDlq:
        'Target {{target}} of EventBridge rule {{rule}} has no DeadLetterConfig: an event EventBridge cannot deliver is retried for up to 24 hours and then dropped. Add {{fix}}.',
      eventWithoutDlq:
        '{{type}} event {{event}} of function {{fn}} has no DeadLetterConfig: an event that cannot be delivered to the function is retried for up to 24 hours and then dropped. {{fix}}',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const rule of stack.eventRules) {
      for (const target of rule.targets) {
        if (target.deadLetter) continue;
        report({ messageId: 'targetWithoutDlq', loc: target.loc, path: `/Resources/${rule.id}/targets/${target.id ?? target.loc.line}`, data: { target: target.id ?? '(no Id)', rule: rule.id, fix: targetFix(stack.format) } });
      }
    }
    for (const fn of stack.functions) {
      for (const trigger of fn.triggers) {
        if (trigger.via !== 'sam-event' || !['eventbridge', 'schedule', 'scheduler'].includes(trigger.kind) || trigger.deliveryDeadLetter) continue;
        const type = trigger.kind === 'eventbridge' ? 'EventBridge' : trigger.kind === 'scheduler' ? 'ScheduleV2' : 'Schedule';
        report({ messageId: 'eventWithoutDlq', loc: trigger.loc, path: `${fn.resource.node.path}/triggers/${trigger.name}`, data: { type, event: trigger.name, fn: fn.id, fix: eventFix(stack.format, trigger.kind) } });
      }
    }
  },
});

/** The target's dead-letter setting as the user's file writes it. */
function targetFix(format: IacFormat): string {
  if (format === 'terraform') return 'dead_letter_config { arn = <queue>.arn } to the aws_cloudwatch_event_target';
  if (format === 'serverless') return '"DeadLetterConfig": { "Arn": { "Fn::GetAtt": [<queue>, Arn] } } to the target';
  if (format === 'cdk') return 'deadLetterQueue: <queue> to the target (new LambdaFunction(fn, { deadLetterQueue }))';
  return 'DeadLetterConfig: { Arn: <queue ARN> }';
}

function eventFix(format: IacFormat, kind: string): string {
  if (format !== 'serverless') return 'Add DeadLetterConfig (Type: SQS lets SAM create the queue).';
  return kind === 'eventbridge'
    ? 'Add deadLetterQueueArn to the eventBridge event.'
    : 'A serverless.yml schedule event cannot have one: use an eventBridge event with schedule and deadLetterQueueArn instead.';
}
