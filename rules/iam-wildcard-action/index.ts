import { createRule, docsUrl } from '../../src/engine/rule.js';
import { describeFunctions, describeHolder } from '../../src/iam/describe.js';
import { get } from '../../src/parse/tree.js';

export const ruleName = 'iam-wildcard-action';

export default createRule({
  meta: {
    name: ruleName,
    family: 'iam',
    reads: 'iac',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'IAM statements must not allow every action, every action of a service, or everything but a list',
      full:
        '`Action: "*"` allows everything in the account, `"<service>:*"` allows every action of a service (including deleting its resources and changing their policies), and `NotAction` with `Allow` allows every action except the listed ones — including actions AWS adds later. A function compromised through its input, a dependency or a bug acts with all of it. `"*"`, `"iam:*"` (which can grant anything) and `NotAction` are errors; another service\'s wildcard is a warning.',
      help:
        'List the actions the code calls, e.g. `Action: [dynamodb:GetItem, dynamodb:PutItem]`, or use a SAM policy template (`DynamoDBCrudPolicy`, `SQSSendMessagePolicy`, …). Partial wildcards such as `s3:Get*` are not flagged by this rule. Replace `NotAction` + `Allow` with an explicit `Action` list; keep `NotAction` for `Deny` statements.',
    },
    tags: ['security', 'iam', 'least-privilege'],
    precision: 'very-high',
    securitySeverity: '8.0',
    messages: {
      allActions:
        '{{holder}} allows every action ("*"){{functions}}, so a bug or an injected input there can do anything to the statement\'s resources (with Resource "*", anything in the account). List the actions the code calls instead.',
      iamWildcard:
        '{{holder}} allows every IAM action ("{{action}}"){{functions}}: it can grant itself any permission, which is control of the whole account. List the IAM actions the code calls instead.',
      serviceWildcard:
        '{{holder}} allows every {{service}} action ("{{action}}"){{functions}}, including deleting resources and changing their policies. List the {{service}} actions the code calls instead.',
      notAction:
        '{{holder}} uses NotAction with Allow{{functions}}: it allows every action except the listed ones, including actions AWS adds later. Use Action with the actions the code calls instead.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const statement of stack.statements) {
      if (!statement.effect?.known || statement.effect.value !== 'Allow') continue;
      const data = { holder: describeHolder(statement.holder), functions: describeFunctions(statement.holder, statement.functions) };
      if (statement.actionKey === 'NotAction') {
        report({ messageId: 'notAction', node: get(statement.node, 'NotAction')!, data });
        continue;
      }
      for (const action of statement.actions) {
        if (!action.known) continue;
        if (action.value === '*') {
          report({ messageId: 'allActions', node: action.node!, data, assumptions: action.assumptions });
        } else if (/^[A-Za-z0-9-]+:\*+$/.test(action.value)) {
          const service = action.value.slice(0, action.value.indexOf(':'));
          // iam:* is the account (as IAMFullAccess is in iam-admin-policy); another service's wildcard is one service.
          const iam = service.toLowerCase() === 'iam';
          report({
            messageId: iam ? 'iamWildcard' : 'serviceWildcard',
            node: action.node!,
            severity: iam ? 'error' : 'warning',
            data: { ...data, service, action: action.value },
            assumptions: action.assumptions,
          });
        }
      }
    }
  },
});
