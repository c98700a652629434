import { spell } from '../../src/model/syntax.js';
import { createRule, docsUrl } from '../../src/engine/rule.js';
import type { FunctionModel, LogGroupModel, StackModel } from '../../src/model/types.js';

export const ruleName = 'log-retention';

export default createRule({
  meta: {
    name: ruleName,
    family: 'best-practice',
    reads: 'iac',
    defaultLevel: 'warn',
    preset: 'all',
    url: docsUrl(ruleName),
    docs: {
      short: "Each function's log group should be declared with a retention period",
      full:
        'When a function first logs, Lambda creates its log group `/aws/lambda/<function name>` with retention "never expire": logs (and their cost) grow forever, and the group is left behind when the stack is deleted. Declaring the log group in the template, with RetentionInDays, bounds both.',
      help:
        'Declare the log group next to the function:\n\n```yaml\nOrdersFunctionLogs:\n  Type: AWS::Logs::LogGroup\n  Properties:\n    LogGroupName: !Sub /aws/lambda/${OrdersFunction}\n    RetentionInDays: 30\n```\n\nor point the function at one with `LoggingConfig: { LogGroup: !Ref OrdersLogs }`.',
    },
    tags: ['cost', 'observability', 'lambda'],
    precision: 'high',
    messages: {
      noLogGroup:
        "Function {{fn}} has no log group declared in the template: Lambda creates /aws/lambda/{{name}} on first use with no retention, so logs are kept (and billed) forever. Set {{fix}}.",
      noRetention: 'Log group {{group}} of function {{fn}} has no retention: its logs are kept (and billed) forever. Set {{fix}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const fn of stack.functions) {
      if (fn.platform) continue;
      if (fn.logGroup && !fn.logGroup.known) continue;
      const group = logGroupOf(stack, fn);
      if (group === 'unknown') continue;
      if (!group) {
        report({ messageId: 'noLogGroup', loc: fn.loc, path: fn.resource.node.path, data: { fn: fn.id, name: fn.functionName ?? `<${fn.id}>`, fix: spell('logGroup', stack.format, fn) } });
      } else if (!group.retentionInDays) {
        report({ messageId: 'noRetention', loc: group.loc, path: `/Resources/${group.id}`, data: { group: group.id, fn: fn.id, fix: spell('logRetention', stack.format, fn) } });
      }
    }
  },
});

/** The log group the function writes to, if the template declares it; `unknown` when it cannot tell. */
function logGroupOf(stack: StackModel, fn: FunctionModel): LogGroupModel | undefined | 'unknown' {
  if (fn.logGroup?.id) return stack.logGroups.find((g) => g.id === fn.logGroup!.id) ?? 'unknown';
  if (fn.logGroup?.external) return stack.logGroups.find((g) => g.nameText === fn.logGroup!.external) ?? 'unknown';
  const names = [`/aws/lambda/\${${fn.id}}`, ...(fn.functionName ? [`/aws/lambda/${fn.functionName}`] : [])];
  return stack.logGroups.find((g) => g.nameText !== undefined && names.includes(g.nameText));
}
