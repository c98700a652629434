import { createRule, docsUrl } from '../../src/engine/rule.js';
import { describeFunctions, describeHolder } from '../../src/iam/describe.js';

export const ruleName = 'iam-admin-policy';

/** Policies that grant control of the whole account or of IAM itself (privilege escalation). */
const ACCOUNT_ADMIN_POLICIES = new Set(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess']);

export interface Options {
  /** AWS managed policy names accepted on purpose, e.g. `AmazonSSMFullAccess` for an ops function. */
  allow: string[];
}

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'iam',
    reads: 'iac',
    defaultLevel: 'error',
    docs: {
      short: 'Function roles must not carry administrator or *FullAccess managed policies',
      full:
        'AdministratorAccess, PowerUserAccess and IAMFullAccess give a function control of the whole account (or of IAM, which is the same thing), and the AWS managed *FullAccess policies give it every action of a service on every resource. A function compromised through its input, a dependency or a bug then acts with all of that.',
      help:
        'Replace the managed policy with statements that list the actions the function calls and the resources it calls them on, or a SAM policy template scoped to one resource (e.g. `DynamoDBCrudPolicy: {TableName: !Ref Orders}`).\n\nIf a role really needs it (an account-automation function, say), suppress the finding with `Metadata: { sls-lint: { ignore: [iam-admin-policy] } }` on the role or function and say why.',
    },
    url: docsUrl(ruleName),
    tags: ['security', 'iam', 'least-privilege'],
    precision: 'very-high',
    securitySeverity: '8.8',
    messages: {
      accountAdmin:
        '{{holder}} attaches the AWS managed policy {{policy}}{{functions}}, which gives control of {{scope}}. Grant only the actions and resources the code uses.',
      serviceFullAccess:
        '{{holder}} attaches the AWS managed policy {{policy}}{{functions}}, which allows every action of the service on every resource. Grant only the actions and resources the code uses.',
    },
    schema: {
      type: 'object',
      properties: { allow: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
      additionalProperties: false,
    },
  },
  defaultOptions: { allow: [] },
  check({ stack, options, report }) {
    for (const attachment of stack.managedPolicies) {
      const name = attachment.policyName;
      if (!attachment.awsManaged || !name || options.allow.includes(name)) continue;
      const accountAdmin = ACCOUNT_ADMIN_POLICIES.has(name);
      // AWS versions some of them: AmazonDynamoDBFullAccess_v2.
      if (!accountAdmin && !/FullAccess(_v\d+)?$/.test(name)) continue;
      report({
        messageId: accountAdmin ? 'accountAdmin' : 'serviceFullAccess',
        node: attachment.arn.node!,
        severity: accountAdmin ? 'error' : 'warning',
        data: {
          holder: describeHolder(attachment.holder),
          policy: name,
          functions: describeFunctions(attachment.holder, attachment.functions),
          scope: name === 'IAMFullAccess' ? 'IAM, and through it of the whole account' : 'the whole account',
        },
        assumptions: attachment.arn.known ? attachment.arn.assumptions : [],
      });
    }
  },
});
