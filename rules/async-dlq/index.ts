import { spell } from '../../src/model/syntax.js';
import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { Trigger } from '../../src/model/types.js';

export const ruleName = 'async-dlq';

const SOURCE_NAMES: Partial<Record<Trigger['kind'], string>> = {
  s3: 'S3',
  sns: 'SNS',
  eventbridge: 'EventBridge',
  schedule: 'schedule',
  scheduler: 'EventBridge Scheduler',
  'cloudwatch-logs': 'CloudWatch Logs',
  iot: 'IoT rule',
};

export default createRule({
  meta: {
    name: ruleName,
    family: 'timeouts-and-dlq',
    reads: 'iac',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'Asynchronously invoked functions need a dead-letter queue or an on-failure destination',
      full:
        'S3, SNS, EventBridge, schedules, CloudWatch Logs and IoT invoke Lambda asynchronously: when the function fails, Lambda retries twice and then discards the event. Without a dead-letter queue or an on-failure destination, the failed event is gone and nobody knows which one it was.',
      help:
        'SAM: add `DeadLetterQueue: {Type: SQS, TargetArn: !GetAtt FailedEvents.Arn}` or `EventInvokeConfig: {DestinationConfig: {OnFailure: {Type: SQS, Destination: !GetAtt FailedEvents.Arn}}}`. CloudFormation: `DeadLetterConfig: {TargetArn: …}` on the function, or an `AWS::Lambda::EventInvokeConfig` with `DestinationConfig.OnFailure`. On-failure destinations also record the error and the request.',
    },
    tags: ['reliability', 'dlq', 'lambda', 'async'],
    precision: 'high',
    messages: {
      missingDestination:
        'Function {{fn}} is invoked asynchronously by {{sources}} but has neither a dead-letter queue nor an on-failure destination: Lambda retries a failed event twice and then drops it without trace. Add {{fix}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const fn of stack.functions) {
      if (fn.platform) continue;
      const asyncTriggers = fn.triggers.filter((t) => t.invocation === 'async');
      if (asyncTriggers.length === 0 || fn.deadLetter || fn.asyncOnFailure) continue;
      const sources = asyncTriggers.map((t) => `${SOURCE_NAMES[t.kind] ?? t.kind} (${t.name})`);
      const fix = spell('asyncDestination', stack.format, fn);
      report({ messageId: 'missingDestination', loc: fn.loc, path: fn.resource.node.path, data: { fn: fn.id, sources: [...new Set(sources)].join(', '), fix } });
    }
  },
});
