import { spell } from '../../src/model/syntax.js';
import path from 'node:path';
import { createRule, docsUrl } from '../../src/engine/rule.js';
import { linkLanguage } from '../../src/link/files.js';

export const ruleName = 'sqs-partial-batch';

export default createRule({
  meta: {
    name: ruleName,
    family: 'idempotency',
    reads: 'iac+source',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'SQS consumers that take batches should report partial batch failures, and the template and code must agree',
      full:
        'Without ReportBatchItemFailures, one failing message makes Lambda return the whole batch to the queue, so the messages that succeeded are processed again (and again, until they reach the dead-letter queue). With it, the handler returns the IDs of the failed messages in `batchItemFailures` and only those are retried. Template and code must agree: a handler that returns `batchItemFailures` while the event source does not enable the setting has its response ignored, so a batch it reported as partly failed counts as a success and the failed messages are deleted.',
      help:
        'Enable the setting on the event source and return the failures from the handler:\n\n```yaml\nEvents:\n  Orders:\n    Type: SQS\n    Properties:\n      Queue: !GetAtt OrdersQueue.Arn\n      FunctionResponseTypes: [ReportBatchItemFailures]\n```\n\n```js\nexport const handler = async (event) => {\n  const batchItemFailures = [];\n  for (const record of event.Records) {\n    try { await handle(record); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }\n  }\n  return { batchItemFailures };\n};\n```\n\nPowertools\' `BatchProcessor` with `processPartialResponse` builds that response for you.',
    },
    tags: ['reliability', 'sqs', 'idempotency'],
    precision: 'high',
    messages: {
      notEnabled:
        'SQS source {{trigger}} of function {{fn}} takes batches of {{batch}} but does not enable ReportBatchItemFailures{{code}}: one failing message returns the whole batch to the queue, and the messages that succeeded are processed again. Add {{fix}} and return batchItemFailures from the handler.',
      returnedButNotEnabled:
        'The handler of function {{fn}} returns batchItemFailures ({{where}}) but SQS source {{trigger}} does not enable ReportBatchItemFailures: Lambda ignores the list, so a batch reported as partly failed counts as a success and its failed messages are deleted. Add {{fix}}.',
      enabledButNotReturned:
        'SQS source {{trigger}} of function {{fn}} enables ReportBatchItemFailures, but its handler ({{handler}}) never returns batchItemFailures: the setting does nothing, and a failure still retries the whole batch (or, if the handler catches it, loses the message). {{returnFix}}',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const fn of stack.functions) {
      if (fn.platform) continue;
      const facts = fn.handlerFacts;
      const link = fn.handlerLink;
      for (const trigger of fn.triggers) {
        if (trigger.kind !== 'sqs') continue;
        const enabledValue = trigger.reportBatchItemFailures;
        if (enabledValue && !enabledValue.known) continue;
        const enabled = enabledValue?.value === true;
        const data = { trigger: trigger.name, fn: fn.id, fix: spell('reportBatchItemFailures', stack.format, fn) };
        const logicalPath = `${fn.resource.node.path}/triggers/${trigger.name}`;
        if (enabled) {
          // Only code that was read can be said not to return the list.
          if (facts && !facts.reportsBatchItemFailures && link?.status === 'linked') {
            const python = linkLanguage(link) === 'python';
            const returnFix = python
              ? 'Return {"batchItemFailures": [...]} from the handler, or use Powertools\' process_partial_response.'
              : 'Return { batchItemFailures } from the handler, or use Powertools\' processPartialResponse.';
            report({ messageId: 'enabledButNotReturned', node: enabledValue!.node!, data: { ...data, handler: path.basename(link.file), returnFix } });
          }
          continue;
        }
        if (facts?.reportsBatchItemFailures) {
          const where = `${path.basename(facts.reportsBatchItemFailures.file)}:${facts.reportsBatchItemFailures.line}`;
          report({ messageId: 'returnedButNotEnabled', loc: trigger.loc, path: logicalPath, data: { ...data, where } });
          continue;
        }
        const batch = trigger.batchSize?.value;
        if (batch && !batch.known) continue;
        const size = batch?.value ?? trigger.batchSize?.defaultValue ?? 10;
        if (size <= 1) continue;
        report({
          messageId: 'notEnabled',
          loc: trigger.loc,
          path: logicalPath,
          data: { ...data, batch: batch ? size : `${size} (the default)`, code: facts ? ' and its handler does not report partial failures either' : '' },
          assumptions: batch?.known ? batch.assumptions : [],
        });
      }
    }
  },
});
