import { describe } from 'vitest';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';
import { PYTHON, sqsTemplate } from './test-cases.js';

const enabled = sqsTemplate('FunctionResponseTypes: [ReportBatchItemFailures]', PYTHON);
const notEnabled = sqsTemplate('BatchSize: 10', PYTHON);

const returnsFailures = `
  import json


  def lambda_handler(event, context):
      failures = []
      for record in event["Records"]:
          try:
              json.loads(record["body"])
          except ValueError:
              failures.append({"itemIdentifier": record["messageId"]})
      return {"batchItemFailures": failures}
`;
const powertools = `
  from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

  processor = BatchProcessor(event_type=EventType.SQS)


  def record_handler(record):
      return record.body


  def lambda_handler(event, context):
      return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
`;
const wholeBatch = `
  import json


  def lambda_handler(event, context):
      for record in event["Records"]:
          json.loads(record["body"])
`;

describe('Python', () => {
  testSourceRule(rule, {
    valid: [
      { name: 'enabled, and the handler returns batchItemFailures', template: enabled, files: { 'app.py': returnsFailures } },
      { name: "enabled, and Powertools' process_partial_response builds the response", template: enabled, files: { 'app.py': powertools } },
      {
        name: 'enabled, and the response is built key by key',
        template: enabled,
        files: {
          'app.py': `
            def lambda_handler(event, context):
                failures = []
                response = {}
                for record in event["Records"]:
                    try:
                        print(record["body"])
                    except Exception:
                        failures.append({"itemIdentifier": record["messageId"]})
                response["batchItemFailures"] = failures
                return response
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'enabled, but the handler never returns batchItemFailures',
        template: enabled,
        files: { 'app.py': wholeBatch },
        errors: [{ file: 'template.yaml', line: 14, column: 36, messageIncludes: ['enables ReportBatchItemFailures, but its handler (app.py) never returns batchItemFailures', 'Return {"batchItemFailures": [...]}', 'process_partial_response'] }],
      },
      {
        name: 'the handler returns batchItemFailures but the template does not enable it',
        template: notEnabled,
        files: { 'app.py': returnsFailures },
        errors: [{ file: 'template.yaml', line: 10, column: 9, messageIncludes: ['returns batchItemFailures (app.py:11)', 'Lambda ignores the list'] }],
      },
    ],
  });
});
