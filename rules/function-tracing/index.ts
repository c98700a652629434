import { spell } from '../../src/model/syntax.js';
import { createRule, docsUrl } from '../../src/engine/rule.js';

export const ruleName = 'function-tracing';

export default createRule({
  meta: {
    name: ruleName,
    family: 'best-practice',
    reads: 'iac',
    defaultLevel: 'warn',
    preset: 'all',
    url: docsUrl(ruleName),
    docs: {
      short: 'Functions should have active X-Ray tracing',
      full:
        'Without active tracing, a slow or failing request through API Gateway, Lambda, DynamoDB and SQS has no end-to-end trace: the time spent in each service, cold starts and downstream errors are invisible. `PassThrough` (the default) only forwards a trace an upstream service already started.',
      help: 'Set `Tracing: Active` on the SAM function or in `Globals.Function`; in CloudFormation, `TracingConfig: { Mode: Active }`. The execution role needs `xray:PutTraceSegments` and `xray:PutTelemetryRecords` (SAM adds them).',
    },
    tags: ['observability', 'lambda'],
    precision: 'very-high',
    messages: {
      notActive: 'Function {{fn}} does not enable active X-Ray tracing{{how}}: requests through it have no end-to-end trace. Set {{fix}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const fn of stack.functions) {
      if (fn.platform) continue;
      const mode = fn.tracing.value;
      if (mode && (!mode.known || mode.value === 'Active')) continue;
      const fix = spell('tracing', stack.format, fn);
      report({
        messageId: 'notActive',
        ...(mode ? { node: mode.node! } : { loc: fn.loc, path: fn.resource.node.path }),
        data: { fn: fn.id, how: mode ? ` (mode ${mode.value})` : '', fix },
        assumptions: mode?.known ? mode.assumptions : [],
      });
    }
  },
});
