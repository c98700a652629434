import path from 'node:path';
import { createRule, docsUrl } from '../../src/engine/rule.js';
import { statementToAdd, type Needed } from '../../src/iam/fix-hint.js';
import { actionMatches } from '../../src/iam/grants.js';
import { functionNeeds, type FunctionNeeds } from '../../src/iam/least-privilege.js';
import { toTemplateLoc } from '../../src/link/inline.js';
import type { AwsCallFact } from '../../src/source/facts.js';

export const ruleName = 'iam-missing-permission';

interface Missing {
  call: AwsCallFact;
  needs: FunctionNeeds;
  needed: Needed[];
  others: Set<string>;
}

export default createRule({
  meta: {
    name: ruleName,
    family: 'iam',
    reads: 'iac+source',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'An AWS call in the code needs a permission the function\'s role does not grant',
      full:
        'sls-lint reads both the AWS calls a handler makes (in its module and every project module it imports) and the permissions its execution role grants (statements, SAM policy templates and connectors, the managed policies SAM and the frameworks attach). A call whose action is not allowed on the resource it names fails with AccessDenied the first time it runs. Only fully known roles are judged: a managed policy whose contents sls-lint does not know, a permissions boundary, a Condition, NotAction/NotResource or a role outside the template makes the rule silent for that function. A call whose resource cannot be told (a name computed at run time) is reported only when the role grants its action on no resource at all.',
      help:
        'Grant the action on the resource the code uses, in the function\'s own format: a SAM policy template (`DynamoDBWritePolicy: {TableName: !Ref Orders}`) or statement, a statement in the role\'s policy, an `iam.role.statements` entry in serverless.yml, or a `statement` block of the Terraform `aws_iam_policy_document`. The message gives the statement to add.',
    },
    tags: ['iam', 'least-privilege', 'reliability'],
    precision: 'high',
    messages: {
      missing:
        '{{call}} needs {{needs}}, which {{role}} does not allow{{others}}: the call fails with AccessDenied. {{elsewhere}}{{add}} {{fix}}.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  async check({ stack, report }) {
    // One finding per call site: a helper module shared by several functions is reported once.
    const bySite = new Map<string, Missing>();
    for (const fn of stack.functions) {
      const needs = await functionNeeds(stack, fn);
      if (!needs || needs.role.unknown) continue;
      for (const { call, requirements } of needs.calls) {
        const needed = (requirements ?? [])
          .filter((r) => r.decision === 'not-allowed')
          .map((r) => ({ action: r.requirement.action, target: r.target, suffix: r.suffix }));
        if (!needed.length) continue;
        const site = `${call.loc.file}:${call.loc.line}:${call.loc.column}`;
        const first = bySite.get(site);
        if (first) {
          if (first.needs.fn.id !== fn.id) first.others.add(fn.id);
          continue;
        }
        bySite.set(site, { call, needs, needed, others: new Set() });
      }
    }
    for (const { call, needs, needed, others } of bySite.values()) {
      const link = needs.fn.handlerLink;
      const loc = link?.status === 'linked' && link.inline ? toTemplateLoc(call.loc, link.inline) : call.loc;
      const unique = [...new Map(needed.map((n) => [`${n.action} ${n.target.label}`, n])).values()];
      const elsewhere = grantedElsewhere(needs, unique);
      report({
        messageId: 'missing',
        loc,
        path: `${path.basename(call.loc.file)}#${call.path}`,
        data: {
          call: call.label,
          needs: unique.map((n) => `${n.action} on ${n.target.arn === '*' ? '"*"' : n.target.label}`).join(' and '),
          role: needs.role.role,
          others: others.size ? ` (function${others.size > 1 ? 's' : ''} ${[...others].join(', ')} ${others.size > 1 ? 'run' : 'runs'} this code too)` : '',
          fix: statementToAdd(stack, needs.fn, needs.role, unique),
          elsewhere,
          add: elsewhere ? 'Otherwise add' : 'Add',
        },
      });
    }
  },
});

/**
 * The role grants the action, on another resource: often the grant meant for this call, naming the
 * wrong resource. Said here, where the call fails, rather than as a second finding on the grant.
 */
function grantedElsewhere(needs: FunctionNeeds, needed: Needed[]): string {
  for (const n of needed) {
    for (const grant of needs.role.grants) {
      if (grant.effect !== 'Allow' || !grant.actions.some((a) => actionMatches(a, n.action))) continue;
      const origin = grant.origin;
      const where =
        origin.kind === 'policy-template'
          ? `${origin.use.name} (line ${origin.use.loc.line})`
          : origin.kind === 'statement'
            ? `the statement at line ${origin.statement.loc.line}`
            : undefined;
      if (where) return `The role grants ${n.action} on another resource through ${where}: if that grant is meant for this call, point it at ${n.target.label}. `;
    }
  }
  return '';
}
