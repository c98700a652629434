import { createRule, docsUrl } from '../../src/engine/rule.js';
import { expandAction, type ActionFacts } from '../../src/iam/actions.js';
import { describeFunctions, describeHolder } from '../../src/iam/describe.js';
import { get } from '../../src/parse/tree.js';
import type { PolicyStatement } from '../../src/model/types.js';

export const ruleName = 'iam-wildcard-resource';

const ACCESS_LEVELS = ['Read', 'List', 'Write', 'Permissions management', 'Tagging'];

/**
 * Low-risk actions that AWS's own managed policies for Lambda grant on "*" (AWSLambdaBasicExecutionRole,
 * AWSLambdaVPCAccessExecutionRole) and that templates commonly copy; flagging them is noise.
 */
const DEFAULT_ALLOWED_ACTIONS = [
  'logs:CreateLogGroup',
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'cloudwatch:PutMetricData',
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:AssignPrivateIpAddresses',
  'ec2:UnassignPrivateIpAddresses',
];

export interface Options {
  /** Access levels whose actions must be scoped to resources. */
  accessLevels: string[];
  /** Actions accepted on "*" (case-insensitive), replacing the default list. */
  allowedActions: string[];
}

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'iam',
    reads: 'iac',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'Write and permission actions must be scoped to resources, not "*"',
      full:
        'An Allow statement with `Resource: "*"` lets its write and permission-management actions act on every resource of that type in the account — every table, bucket, queue — when the function needs one or two. Only actions that support resource-level permissions are considered (per AWS IAM data), so `Resource: "*"` for actions such as `xray:PutTraceSegments` that cannot be scoped is not flagged. SAM policy templates given `"*"` as their resource name are the same problem.',
      help:
        'Name the resources: `Resource: !GetAtt OrdersTable.Arn`, `!Sub "${Bucket.Arn}/*"`, `!Ref Topic`. For SAM policy templates pass the resource name: `DynamoDBCrudPolicy: {TableName: !Ref OrdersTable}`.',
    },
    tags: ['security', 'iam', 'least-privilege'],
    precision: 'high',
    securitySeverity: '7.0',
    messages: {
      wildcardResource:
        '{{holder}} allows {{actions}} on every resource ("*"){{functions}}, though {{they}} can be scoped to specific resources. Name the resources the code uses (e.g. !GetAtt Table.Arn).',
      notResource:
        '{{holder}} uses NotResource with Allow{{functions}}: it allows the actions on every resource except the listed ones. Name the resources with Resource instead.',
      policyTemplateWildcard:
        'SAM policy template {{template}} is given "*" as {{parameter}} for function {{fn}}, which grants its actions on every such resource in the account. Pass the resource the function uses (e.g. !Ref Table).',
    },
    schema: {
      type: 'object',
      properties: {
        accessLevels: { type: 'array', items: { enum: ACCESS_LEVELS }, uniqueItems: true },
        allowedActions: { type: 'array', items: { type: 'string', pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9*?]+$' }, uniqueItems: true },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { accessLevels: ['Write', 'Permissions management'], allowedActions: DEFAULT_ALLOWED_ACTIONS },
  async check({ stack, options, report }) {
    const allowed = new Set(options.allowedActions.map((a) => a.toLowerCase()));
    for (const statement of stack.statements) {
      if (!statement.effect?.known || statement.effect.value !== 'Allow' || statement.actionKey !== 'Action') continue;
      // A condition (aws:ResourceTag, aws:SourceArn, …) often scopes a "*" statement: do not guess.
      if (statement.hasCondition) continue;
      const data = { holder: describeHolder(statement.holder), functions: describeFunctions(statement.holder, statement.functions) };
      if (statement.resourceKey === 'NotResource') {
        report({ messageId: 'notResource', node: get(statement.node, 'NotResource')!, data });
        continue;
      }
      const star = statement.resources.find((r) => r.known && r.value === '*');
      if (!star?.known) continue;
      const scopable = await scopableActions(statement, options.accessLevels, allowed);
      if (scopable.length === 0) continue;
      const shown = scopable.slice(0, 3).map((a) => `${a.action} (${a.accessLevel})`);
      const more = scopable.length > 3 ? ` and ${scopable.length - 3} more` : '';
      report({
        messageId: 'wildcardResource',
        node: star.node!,
        data: { ...data, actions: shown.join(', ') + more, they: scopable.length === 1 ? 'it' : 'they' },
        assumptions: star.assumptions,
      });
    }
    for (const use of stack.policyTemplates) {
      for (const parameter of use.parameters) {
        if (parameter.value.known && parameter.value.value === '*') {
          report({
            messageId: 'policyTemplateWildcard',
            node: parameter.value.node!,
            data: { template: use.name, parameter: parameter.name, fn: use.functionId },
            assumptions: parameter.value.assumptions,
          });
        }
      }
    }
  },
});

async function scopableActions(statement: PolicyStatement, accessLevels: string[], allowed: Set<string>): Promise<ActionFacts[]> {
  const found = new Map<string, ActionFacts>();
  for (const action of statement.actions) {
    if (!action.known) continue;
    if (action.value === '*') {
      found.set('*', { action: 'every action', accessLevel: 'all levels', supportsResourceLevel: true });
      continue;
    }
    for (const facts of (await expandAction(action.value)) ?? []) {
      if (!facts.supportsResourceLevel || allowed.has(facts.action.toLowerCase())) continue;
      if (!facts.accessLevel.split(/,\s*/).some((level) => accessLevels.includes(level))) continue;
      found.set(facts.action, facts);
    }
  }
  return [...found.values()];
}
