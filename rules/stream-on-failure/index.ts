import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { Trigger, Value } from '../../src/model/types.js';

export const ruleName = 'stream-on-failure';

export default createRule({
  meta: {
    name: ruleName,
    family: 'timeouts-and-dlq',
    reads: 'iac',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'Kinesis and DynamoDB stream sources need bounded retries and an on-failure destination',
      full:
        'Lambda reads a shard in order. When a batch fails, it is retried until the records expire (24 hours to 365 days for Kinesis, 24 hours for DynamoDB streams) unless MaximumRetryAttempts or MaximumRecordAgeInSeconds bound it; meanwhile the whole shard is blocked behind one poison record. When retries are bounded but no on-failure destination is set, the failed batch is discarded without trace.',
      help:
        'Bound the retries, split failing batches, and keep what fails:\n\n```yaml\nEvents:\n  Changes:\n    Type: DynamoDB\n    Properties:\n      Stream: !GetAtt Table.StreamArn\n      StartingPosition: LATEST\n      MaximumRetryAttempts: 3\n      BisectBatchOnFunctionError: true\n      DestinationConfig:\n        OnFailure:\n          Destination: !GetAtt StreamFailures.Arn\n```',
    },
    tags: ['reliability', 'streams', 'kinesis', 'dynamodb'],
    precision: 'very-high',
    messages: {
      noFailureHandling:
        '{{source}} source {{trigger}} of function {{fn}} has unbounded retries and no on-failure destination: one bad record blocks its shard until the record expires, and is then lost. Set MaximumRetryAttempts, BisectBatchOnFunctionError: true and DestinationConfig.OnFailure.',
      unboundedRetries:
        '{{source}} source {{trigger}} of function {{fn}} has an on-failure destination but unbounded retries: a bad record blocks its shard until it expires before it reaches the destination. Set MaximumRetryAttempts (and BisectBatchOnFunctionError: true).',
      missingOnFailure:
        '{{source}} source {{trigger}} of function {{fn}} has no on-failure destination: after the retries the failing batch is discarded without trace. Add DestinationConfig.OnFailure (an SQS queue or SNS topic).',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const fn of stack.functions) {
      for (const trigger of fn.triggers) {
        if (trigger.kind !== 'kinesis' && trigger.kind !== 'dynamodb-stream') continue;
        const bounded = retriesBounded(trigger);
        if (bounded === undefined) continue;
        const messageId = !trigger.onFailure ? (bounded ? 'missingOnFailure' : 'noFailureHandling') : bounded ? undefined : 'unboundedRetries';
        if (!messageId) continue;
        report({
          messageId,
          loc: trigger.loc,
          path: `${fn.resource.node.path}/triggers/${trigger.name}`,
          data: { source: trigger.kind === 'kinesis' ? 'Kinesis' : 'DynamoDB stream', trigger: trigger.name, fn: fn.id },
        });
      }
    }
  },
});

/** True when retries or record age are bounded, false when neither is, undefined when a value is unknown. */
function retriesBounded(trigger: Trigger): boolean | undefined {
  const bounds = [trigger.maximumRetryAttempts, trigger.maximumRecordAgeInSeconds];
  if (bounds.some((v) => v !== undefined && !v.known)) return undefined;
  return bounds.some((v) => isBound(v));
}

function isBound(value: Value<number> | undefined): boolean {
  return value !== undefined && value.known && value.value !== -1;
}
