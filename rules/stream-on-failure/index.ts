import { createRule, docsUrl, type Report, type ReportedSeverity } from '../../src/engine/rule.js';
import path from 'node:path';
import type { Assumption, FunctionModel, Trigger, Value } from '../../src/model/types.js';

export const ruleName = 'stream-on-failure';

export default createRule({
  meta: {
    name: ruleName,
    family: 'timeouts-and-dlq',
    reads: 'iac',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'Stream triggers must not lose a failed batch: bounded retries and a destination (AWS), a retry policy (Azure)',
      full:
        'Lambda reads a shard in order. When a batch fails, it is retried until the records expire (24 hours to 365 days for Kinesis, 24 hours for DynamoDB streams) unless MaximumRetryAttempts or MaximumRecordAgeInSeconds bound it; meanwhile the whole shard is blocked behind one poison record. When retries are bounded but no on-failure destination is set, the failed batch is discarded without trace.',
      help:
        'Bound the retries, split failing batches, and keep what fails:\n\n```yaml\nEvents:\n  Changes:\n    Type: DynamoDB\n    Properties:\n      Stream: !GetAtt Table.StreamArn\n      StartingPosition: LATEST\n      MaximumRetryAttempts: 3\n      BisectBatchOnFunctionError: true\n      DestinationConfig:\n        OnFailure:\n          Destination: !GetAtt StreamFailures.Arn\n```',
    },
    tags: ['reliability', 'streams', 'kinesis', 'dynamodb'],
    precision: 'very-high',
    platforms: ['azure'],
    messages: {
      azureNoRetryPolicy:
        '{{source}} trigger{{trigger}} of function {{fn}} {{policy}}: when an execution fails, Functions still {{advance}} and does not deliver those events again, so one failure loses them. Add a retry policy to the function ({{how}}), or catch failures and keep the failed events (a queue or a storage container) before returning.',
      noFailureHandling:
        '{{source}} source {{trigger}} of function {{fn}} has unbounded retries and no on-failure destination: a failing record is retried until it expires ({{retention}}), blocking its shard all that time, and is then dropped. Set {{retries}}, {{bisect}} and {{onFailure}}.',
      unboundedRetries:
        '{{source}} source {{trigger}} of function {{fn}} has unbounded retries (no MaximumRetryAttempts or MaximumRecordAgeInSeconds): a failing record blocks its shard until it expires ({{retention}}) before it reaches the on-failure destination. Set {{retries}} and {{bisect}}.',
      missingOnFailure:
        '{{source}} source {{trigger}} of function {{fn}} has no on-failure destination: when the retries end, the failing batch is discarded without trace. Add {{onFailure}} (an SQS queue, SNS topic or S3 bucket).',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    if (stack.platform === 'azure') {
      checkAzure(stack.functions, report);
      return;
    }
    for (const fn of stack.functions) {
      for (const trigger of fn.triggers) {
        if (trigger.kind !== 'kinesis' && trigger.kind !== 'dynamodb-stream') continue;
        const finding = findingFor(trigger);
        if (!finding) continue;
        const kinesis = trigger.kind === 'kinesis';
        report({
          messageId: finding.messageId,
          loc: trigger.loc,
          path: `${fn.resource.node.path}/triggers/${trigger.name}`,
          severity: finding.severity,
          assumptions: finding.assumptions,
          data: {
            source: kinesis ? 'Kinesis' : 'DynamoDB stream',
            trigger: trigger.name,
            fn: fn.id,
            retention: kinesis ? "the stream's retention, 24 hours to 365 days" : '24 hours',
            ...STREAM_SETTINGS[stack.format === 'serverless' || stack.format === 'terraform' || stack.format === 'cdk' ? stack.format : 'cloudformation'],
          },
        });
      }
    }
  },
});

/** How each format spells the retry and failure settings of a stream source. */
const STREAM_SETTINGS = {
  cloudformation: { retries: 'MaximumRetryAttempts', bisect: 'BisectBatchOnFunctionError: true', onFailure: 'DestinationConfig.OnFailure' },
  serverless: { retries: 'maximumRetryAttempts', bisect: 'bisectBatchOnFunctionError: true', onFailure: 'destinations.onFailure on the stream event' },
  cdk: { retries: 'retryAttempts on the event source', bisect: 'bisectBatchOnError: true', onFailure: 'onFailure: new SqsDlq(queue) on the event source' },
  terraform: { retries: 'maximum_retry_attempts', bisect: 'bisect_batch_on_function_error = true', onFailure: 'destination_config { on_failure { destination_arn } }' },
};

/**
 * A blocked shard stalls every record behind the bad one: an error. Bounded retries without a
 * destination lose the batch but keep the shard moving, as an async function without a DLQ does: a warning.
 * A destination written behind a condition counts as set; retry bounds that are unknown are never judged.
 */
function findingFor(trigger: Trigger): { messageId: string; severity: ReportedSeverity; assumptions: Assumption[] } | undefined {
  const bounded = retriesBounded(trigger);
  // Retry settings that are written as -1 through a parameter Default: the finding relies on it.
  const assumptions = bounded === false ? retrySettings(trigger).flatMap((v) => (v?.known ? v.assumptions : [])) : [];
  if (!trigger.onFailure) {
    if (bounded === false) return { messageId: 'noFailureHandling', severity: 'error', assumptions };
    return { messageId: 'missingOnFailure', severity: 'warning', assumptions: [] };
  }
  return bounded === false ? { messageId: 'unboundedRetries', severity: 'error', assumptions } : undefined;
}

function retrySettings(trigger: Trigger): (Value<number> | undefined)[] {
  return [trigger.maximumRetryAttempts, trigger.maximumRecordAgeInSeconds];
}

/** True when retries or record age are bounded, false when neither is, undefined when that depends on an unknown value. */
function retriesBounded(trigger: Trigger): boolean | undefined {
  const bounds = retrySettings(trigger);
  if (bounds.some(isBound)) return true;
  if (bounds.some((v) => v !== undefined && !v.known)) return undefined;
  return false;
}

function isBound(value: Value<number> | undefined): boolean {
  return value !== undefined && value.known && value.value !== -1;
}

/**
 * Azure Event Hubs and Cosmos DB triggers move on whatever the execution's outcome: Functions
 * advances the Event Hubs checkpoint and the change feed lease after a failure too. Only a retry
 * policy runs the failed batch again. A host.json `retry` is taken as one, so nothing is claimed
 * that the app may already have.
 */
function checkAzure(functions: FunctionModel[], report: Report): void {
  for (const fn of functions) {
    const trigger = fn.triggers.find((t) => t.kind === 'azure-event-hub' || t.kind === 'azure-cosmos-db');
    if (!trigger) continue;
    const retry = fn.azureRetry;
    if (retry && retry.maxRetryCount !== 0) continue;
    const hub = trigger.kind === 'azure-event-hub';
    const file = path.basename(trigger.loc.file);
    const how = file.endsWith('.tf') ? '"retry" in config_json, with strategy and maxRetryCount'
      : file === 'function.json' ? '"retry": { "strategy": "exponentialBackoff", "maxRetryCount": 5, "minimumInterval": "00:00:10", "maximumInterval": "00:15:00" } in function.json'
        : file.endsWith('.py') ? '@app.retry(strategy="exponential_backoff", max_retry_count="5", minimum_interval="00:00:10", maximum_interval="00:15:00")'
          : "retry: { strategy: 'exponentialBackoff', maxRetryCount: 5, minimumInterval: 10_000, maximumInterval: 900_000 } in its options";
    report({
      messageId: 'azureNoRetryPolicy',
      loc: trigger.loc,
      path: `${fn.resource.node.path}/triggers/${trigger.name}`,
      severity: 'warning',
      data: {
        source: hub ? 'Event Hubs' : 'Cosmos DB',
        trigger: trigger.source ? ` ${trigger.name}` : '',
        fn: fn.id,
        policy: retry ? 'has a retry policy that allows no retries (maxRetryCount 0)' : 'has no retry policy',
        advance: hub ? 'advances the checkpoint past the batch' : 'moves the change feed lease past the batch of changes',
        how,
      },
    });
  }
}
