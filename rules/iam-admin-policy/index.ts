import { createRule, docsUrl } from '../../src/engine/rule.js';
import { isScalar } from '../../src/parse/tree.js';
import { ADMIN_MANAGED_POLICIES } from '../../src/iam/admin-managed-policies.js';
import { describeFunctions, describeHolder } from '../../src/iam/describe.js';

export const ruleName = 'iam-admin-policy';

/**
 * Google Cloud's basic roles: they predate IAM and span every service. Google recommends against them
 * outside test environments (https://cloud.google.com/iam/docs/choose-role-type).
 */
const GCP_BASIC_ROLES: Record<string, { what: string; severity: 'error' | 'warning' }> = {
  'roles/owner': { what: 'full control, including who has access, of', severity: 'error' },
  'roles/editor': { what: 'write access to', severity: 'error' },
  'roles/viewer': { what: 'read access to', severity: 'warning' },
};

/** Azure's privileged administrator roles, as Microsoft's built-in roles reference describes them. */
const AZURE_PRIVILEGED_ROLES: Record<string, string> = {
  Owner: 'grants full access to manage every resource in the scope, including assigning roles to others',
  Contributor: 'grants full access to manage every resource in the scope (everything but assigning roles)',
  'User Access Administrator': 'lets it assign any role in the scope, itself included',
};

/** *FullAccess policies judged by their documents to administer nothing (they are read-only, or conditioned). */
const NOT_ADMIN = new Set(ADMIN_MANAGED_POLICIES.notAdmin);

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
    platforms: ['azure', 'gcp'],
    securitySeverity: '8.8',
    messages: {
      accountAdmin:
        '{{holder}} attaches the AWS managed policy {{policy}}{{functions}}, which gives control of {{scope}}. Grant only the actions and resources the code uses.',
      azureRoleAssignment:
        '{{assignment}} gives the managed identity of {{app}} the {{role}} role{{scope}}, which {{grants}}. Code running in the function app, or anything that reaches it through its input or dependencies, can then do the same. Assign a role limited to the data it uses (Storage Blob Data Contributor, Azure Service Bus Data Sender, Cosmos DB Built-in Data Contributor, …) on the one resource it uses.',
      serviceFullAccess:
        '{{holder}} attaches the AWS managed policy {{policy}}{{functions}}, which allows every action of the service on every resource. Grant only the actions and resources the code uses.',
      gcpBasicRole:
        '{{grant}} grants {{role}} on the {{scope}} to the service account of {{functions}}: a basic role with {{what}} every resource of the {{scope}}. Grant predefined roles for the services the code calls (roles/datastore.user, roles/pubsub.publisher, …) on the resources it uses.',
      serviceAdmin:
        '{{holder}} attaches the AWS managed policy {{policy}}{{functions}}, which grants administration of {{services}} on every resource: {{why}}. Grant only the actions and resources the code uses.',
    },
    schema: {
      type: 'object',
      properties: { allow: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
      additionalProperties: false,
    },
  },
  defaultOptions: { allow: [] },
  check({ stack, options, report }) {
    for (const grant of stack.roleGrants ?? []) {
      const role = grant.role.known ? grant.role.value : undefined;
      const basic = role ? GCP_BASIC_ROLES[role] : undefined;
      if (!role || !basic || !grant.functions.length || options.allow.includes(role)) continue;
      report({
        messageId: 'gcpBasicRole',
        node: grant.role.node!,
        severity: basic.severity,
        data: { grant: grant.id, role, scope: grant.scope, functions: `${grant.functions.length > 1 ? 'functions' : 'function'} ${grant.functions.join(', ')}`, what: basic.what },
        assumptions: grant.role.known ? grant.role.assumptions : [],
      });
    }
    for (const assignment of stack.azureRoleAssignments ?? []) {
      const role = assignment.role;
      if (!isScalar(role) || typeof role.value !== 'string') continue;
      const grants = AZURE_PRIVILEGED_ROLES[role.value];
      if (!grants || options.allow.includes(role.value)) continue;
      report({
        messageId: 'azureRoleAssignment',
        node: role,
        data: { assignment: assignment.address, app: assignment.app, role: role.value, grants, scope: assignment.scope ? ` on ${assignment.scope}` : '' },
      });
    }
    for (const attachment of stack.managedPolicies) {
      const name = attachment.policyName;
      if (!attachment.awsManaged || !name || options.allow.includes(name)) continue;
      const verdict = Object.hasOwn(ADMIN_MANAGED_POLICIES.policies, name) ? ADMIN_MANAGED_POLICIES.policies[name] : undefined;
      // A policy newer than the data is judged by its name; AWS versions some of them: AmazonDynamoDBFullAccess_v2.
      const byName = !verdict && !NOT_ADMIN.has(name) && /FullAccess(_v\d+)?$/.test(name);
      if (!verdict && !byName) continue;
      // AWSBatchServiceRole on the Batch service's role is what AWS intends; on a function's role
      // (AWSLambdaRole: invoke any function) it is the function that can do it all.
      if (verdict?.serviceRole && attachment.functions.length === 0 && attachment.holder.kind !== 'sam-function') continue;
      const accountAdmin = verdict?.grants === 'account';
      const services = verdict?.services ?? [];
      report({
        messageId: accountAdmin ? 'accountAdmin' : verdict ? 'serviceAdmin' : 'serviceFullAccess',
        node: attachment.arn.node!,
        severity: accountAdmin ? 'error' : 'warning',
        data: {
          holder: describeHolder(attachment.holder),
          policy: name,
          functions: describeFunctions(attachment.holder, attachment.functions),
          scope: name === 'IAMFullAccess' ? 'IAM, and through it of the whole account' : `the whole account (${verdict?.why ?? ''})`,
          services: services.length > 2 ? `${services.slice(0, 2).join(', ')} and ${services.length - 2} more services` : services.join(' and '),
          why: verdict?.why ?? '',
        },
        assumptions: attachment.arn.known ? attachment.arn.assumptions : [],
      });
    }
  },
});
