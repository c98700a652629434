import { createRule, docsUrl } from '../../src/engine/rule.js';
import { expandAction, isWholeWildcard } from '../../src/iam/actions.js';
import { describeFunctions, describeHolder } from '../../src/iam/describe.js';
import { allowsOnEveryResource } from '../../src/iam/statement.js';
import { get } from '../../src/parse/tree.js';
import type { Assumption, PolicyStatement } from '../../src/model/types.js';

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
      allActionsEveryResource:
        '{{holder}} allows every action on every resource (Action "*", Resource "*"){{functions}}: that is administrator access, so a bug or an injected input there can do anything in the account. List the actions the code calls and name the resources it calls them on.',
      iamWildcard:
        '{{holder}} allows every IAM action ("{{action}}"){{onEveryResource}}{{functions}}: it can grant itself any permission, which is control of the whole account. List the IAM actions the code calls instead.',
      serviceWildcard:
        '{{holder}} allows every {{service}} action ("{{action}}"){{functions}}, including deleting resources and changing their policies. List the {{service}} actions the code calls instead.',
      serviceWildcardEveryResource:
        '{{holder}} allows every {{service}} action ("{{action}}") on every resource ("*"){{functions}}: it can delete or reconfigure every {{service}} resource in the account and change their policies. List the {{service}} actions the code calls and name the resources it calls them on.',
      notAction:
        '{{holder}} uses NotAction with Allow{{functions}}: it allows every action except the listed ones, including actions AWS adds later. Use Action with the actions the code calls instead.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
    // A wildcard action on Resource "*" is one problem: this message names both halves.
    speaksFor: ['iam-wildcard-resource'],
  },
  defaultOptions: {},
  async check({ stack, report }) {
    for (const statement of stack.statements) {
      if (!statement.effect?.known || statement.effect.value !== 'Allow') continue;
      const data = { holder: describeHolder(statement.holder), functions: describeFunctions(statement.holder, statement.functions) };
      const everyResource = allowsOnEveryResource(statement);
      if (statement.actionKey === 'NotAction') {
        report({ messageId: 'notAction', node: get(statement.node, 'NotAction')!, data });
        continue;
      }
      for (const action of statement.actions) {
        if (!action.known) continue;
        if (!isWholeWildcard(action.value)) continue;
        if (action.value === '*') {
          const subject = everyResource ? statement.node : undefined;
          const assumptions = everyResource ? [...action.assumptions, ...starAssumptions(statement)] : action.assumptions;
          report({ messageId: everyResource ? 'allActionsEveryResource' : 'allActions', node: action.node!, data, assumptions, ...(subject ? { subject } : {}) });
          continue;
        }
        const service = action.value.slice(0, action.value.indexOf(':'));
        // A service none of whose write actions can name a resource (xray:*) has nothing to scope.
        const scoped = everyResource && (await hasScopableWrite(action.value));
        const subject = scoped ? statement.node : undefined;
        const assumptions = scoped ? [...action.assumptions, ...starAssumptions(statement)] : action.assumptions;
        // iam:* is the account (as IAMFullAccess is in iam-admin-policy); another service's wildcard
        // is one service, and an error once it reaches every resource of it (as iam-wildcard-resource would say).
        const iam = service.toLowerCase() === 'iam';
        report({
          messageId: iam ? 'iamWildcard' : scoped ? 'serviceWildcardEveryResource' : 'serviceWildcard',
          node: action.node!,
          severity: iam || scoped ? 'error' : 'warning',
          data: { ...data, service, action: action.value, onEveryResource: scoped ? ' on every resource ("*")' : '' },
          assumptions,
          ...(subject ? { subject } : {}),
        });
      }
    }
  },
});

function starAssumptions(statement: PolicyStatement): Assumption[] {
  const star = statement.resources.find((r) => r.known && r.value === '*');
  return star?.known ? star.assumptions : [];
}

async function hasScopableWrite(pattern: string): Promise<boolean> {
  const actions = await expandAction(pattern);
  return actions?.some((a) => a.supportsResourceLevel && (a.accessLevel === 'Write' || a.accessLevel === 'Permissions management')) ?? false;
}
