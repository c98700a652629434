import { describe } from 'vitest';
import { testRule } from '../../test/support/rule-tester.js';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';
import { sqsTemplate } from './test-cases.js';

const returnsFailures = `
  export const handler = async (event) => {
    const batchItemFailures = [];
    for (const record of event.Records) {
      try { JSON.parse(record.body); } catch { batchItemFailures.push({ itemIdentifier: record.messageId }); }
    }
    return { batchItemFailures };
  };
`;
const processesWholeBatch = `
  export const handler = async (event) => {
    for (const record of event.Records) JSON.parse(record.body);
  };
`;

describe('template and code', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'enabled, and the handler returns batchItemFailures',
        template: sqsTemplate('FunctionResponseTypes: [ReportBatchItemFailures]'),
        files: { 'index.mjs': returnsFailures },
      },
      {
        name: "enabled, and Powertools' processPartialResponse builds the response (in a helper module)",
        template: sqsTemplate('FunctionResponseTypes: [ReportBatchItemFailures]'),
        files: {
          'index.mjs': "import { run } from './batch.mjs';\nexport const handler = async (event, context) => run(event, context);\n",
          'batch.mjs': `
            import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
            const processor = new BatchProcessor(EventType.SQS);
            const recordHandler = async (record) => JSON.parse(record.body);
            export const run = (event, context) => processPartialResponse(event, recordHandler, processor, { context });
          `,
        },
      },
      {
        name: 'batches of one need no partial response',
        template: sqsTemplate('BatchSize: 1'),
        files: { 'index.mjs': processesWholeBatch },
      },
    ],
    invalid: [
      {
        name: 'default batch of 10, not enabled, and the handler does not report failures',
        template: sqsTemplate('BatchSize: !Ref AWS::NoValue'),
        files: { 'index.mjs': processesWholeBatch },
        errors: [{ file: 'template.yaml', line: 10, column: 9, messageIncludes: ['takes batches of 10 (the default)', 'does not report partial failures either'] }],
      },
      {
        name: 'the handler returns batchItemFailures but the template ignores them (any batch size)',
        template: sqsTemplate('BatchSize: 1'),
        files: { 'index.mjs': returnsFailures },
        errors: [{ file: 'template.yaml', line: 10, column: 9, messageIncludes: ['returns batchItemFailures (index.mjs:6)', 'failed messages are deleted'] }],
      },
      {
        name: 'enabled, but the handler never returns batchItemFailures',
        template: sqsTemplate('FunctionResponseTypes: [ReportBatchItemFailures]'),
        files: { 'index.mjs': processesWholeBatch },
        errors: [{ file: 'template.yaml', line: 14, column: 36, messageIncludes: ['its handler (index.mjs) never returns batchItemFailures'] }],
      },
    ],
  });
});

describe('template only', () => {
  testRule(rule, {
    valid: [
      {
        name: 'unknown batch size or response types, and handlers that were not read',
        template: `
          Transform: AWS::Serverless-2016-10-31
          Parameters:
            Batch: { Type: Number }
            Types: { Type: CommaDelimitedList }
          Resources:
            A:
              Type: AWS::Serverless::Function
              Properties:
                Handler: a.handler
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, BatchSize: !Ref Batch } }
            B:
              Type: AWS::Serverless::Function
              Properties:
                Handler: b.handler
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, FunctionResponseTypes: !Ref Types } }
            C:
              Type: AWS::Serverless::Function
              Properties:
                Handler: c.handler
                Events:
                  Jobs: { Type: SQS, Properties: { Queue: !GetAtt Q.Arn, FunctionResponseTypes: [ReportBatchItemFailures] } }
            Q: { Type: AWS::SQS::Queue }
        `,
      },
    ],
    invalid: [
      {
        name: 'an event source mapping with a batch size from a parameter default',
        template: `
          Parameters:
            Batch: { Type: Number, Default: 25 }
          Resources:
            Fn: { Type: AWS::Lambda::Function }
            Mapping:
              Type: AWS::Lambda::EventSourceMapping
              Properties: { FunctionName: !Ref Fn, EventSourceArn: !GetAtt Q.Arn, BatchSize: !Ref Batch }
            Q: { Type: AWS::SQS::Queue }
        `,
        errors: [{ messageId: 'notEnabled', line: 5, column: 3, messageIncludes: ['takes batches of 25', 'assuming the Default of parameter Batch = 25'] }],
      },
    ],
  });
});
