/**
 * The code's needs against the role's grants, per function: each AWS call of its handler, the IAM
 * actions it needs (`requirementsOf`), the resource each acts on (`resolveTarget`) and whether the
 * role allows it (`allows`). Shared by iam-missing-permission and iam-unused-permission.
 */
import type { FunctionModel, StackModel } from '../model/types.js';
import type { AwsCallFact } from '../source/facts.js';
import { get, getPath } from '../parse/tree.js';
import { expandAction } from './actions.js';
import { requirementsOf, type CallRequirement } from './call-actions.js';
import { allows, grantsOf, type Decision, type RoleGrants } from './grants.js';
import { resolveTarget, type ResolvedTarget } from './targets.js';

export interface JudgedRequirement {
  requirement: CallRequirement;
  target: ResolvedTarget;
  suffix: string;
  decision: Decision;
}

export interface JudgedCall {
  call: AwsCallFact;
  /** Undefined when sls-lint does not know what the operation needs. */
  requirements: JudgedRequirement[] | undefined;
}

export interface FunctionNeeds {
  fn: FunctionModel;
  role: RoleGrants;
  calls: JudgedCall[];
  /** Why the calls may be incomplete: the frontend's reason, or an operation sls-lint does not know. */
  incomplete: string | undefined;
}

/**
 * Actions AWS authorises without an identity policy: who-am-I, the STS federation calls, and the
 * Cognito user pool and identity pool APIs that a user's token or the pool itself authorises.
 */
const NO_PERMISSION_NEEDED = new Set(
  [
    'sts:GetCallerIdentity', 'sts:AssumeRoleWithWebIdentity', 'sts:AssumeRoleWithSAML',
    'cognito-idp:InitiateAuth', 'cognito-idp:RespondToAuthChallenge', 'cognito-idp:SignUp', 'cognito-idp:ConfirmSignUp',
    'cognito-idp:ForgotPassword', 'cognito-idp:ConfirmForgotPassword', 'cognito-idp:ResendConfirmationCode', 'cognito-idp:GetUser',
    'cognito-idp:ChangePassword', 'cognito-idp:GlobalSignOut', 'cognito-idp:UpdateUserAttributes', 'cognito-idp:DeleteUser',
    'cognito-idp:VerifyUserAttribute', 'cognito-idp:GetUserAttributeVerificationCode', 'cognito-idp:SetUserMFAPreference',
    'cognito-idp:AssociateSoftwareToken', 'cognito-idp:VerifySoftwareToken', 'cognito-idp:RevokeToken',
    'cognito-identity:GetId', 'cognito-identity:GetCredentialsForIdentity', 'cognito-identity:GetOpenIdToken',
  ].map((a) => a.toLowerCase()),
);

/** Functions whose handler's calls were read (AWS Lambda functions with linked code). */
export async function functionNeeds(stack: StackModel, fn: FunctionModel): Promise<FunctionNeeds | undefined> {
  if (fn.platform || fn.handlerLink?.status !== 'linked') return undefined;
  const facts = fn.handlerFacts;
  const calls = facts?.awsCalls;
  if (!facts || !calls) return undefined;
  // A client built with credentials from the event, or a role the code assumes, runs its calls
  // as someone else: the execution role's grants say nothing about them.
  const otherCredentials = facts.otherCredentials
    ? facts.otherCredentials
    : calls.some((c) => c.service === 'sts' && /^assume_?role/i.test(c.operation))
      ? 'the code assumes another role'
      : undefined;
  const role = grantsOf(stack, fn);
  if (otherCredentials) role.unknown ??= otherCredentials;
  const judged: JudgedCall[] = [];
  let incomplete = facts.awsCallsIncomplete;
  // A layer's code (an extension, a shared library) runs with the same role and is not read.
  const layers = get(fn.resource.properties, 'Layers') ?? (fn.kind === 'sam' ? getPath(stack.root, 'Globals', 'Function', 'Layers') : undefined);
  if (!incomplete && layers !== undefined) incomplete = 'its layers may make calls of their own';
  // Powertools' idempotency utility reads and writes its table with a client of its own.
  if (!incomplete && /powertools/i.test(facts.idempotencyGuard ?? '')) incomplete = `${facts.idempotencyGuard} makes calls of its own`;
  for (const call of calls) {
    const requirements = await requirementsOf(call);
    if (!requirements) {
      incomplete ??= `sls-lint does not know what ${call.label} needs`;
      judged.push({ call, requirements: undefined });
      continue;
    }
    const judgedRequirements: JudgedRequirement[] = [];
    for (const requirement of requirements) {
      if (NO_PERMISSION_NEEDED.has(requirement.action.toLowerCase())) continue;
      let target = resolveTarget(stack, fn, requirement);
      // No resource type is given both for actions that take only "*" and for calls whose resource
      // type could not be told (ses:SendEmail on an identity or a configuration set).
      if (!requirement.resourceType && (await takesResources(requirement.action))) target = { arn: undefined, label: 'the resource it names' };
      const suffix = target.arn && target.arn !== '*' && requirement.resourceSuffix ? target.arn.slice(target.arn.length - suffixLength(target.arn, requirement.resourceSuffix)) : '';
      judgedRequirements.push({ requirement, target, suffix, decision: allows(role, requirement.action, target.arn) });
    }
    judged.push({ call, requirements: judgedRequirements });
  }
  return { fn, role, calls: judged, incomplete };
}

/** The length of the suffix `resolveTarget` appended (`/index/x`, `/${?key}`). */
function suffixLength(arn: string, suffix: string): number {
  const written = (suffix.startsWith('/') ? suffix : `/${suffix}`).replace(/\*/g, '${?key}');
  return arn.endsWith(written) ? written.length : 0;
}

/** Whether an action can be granted on specific resources (unknown actions count as yes: never "*" by guess). */
async function takesResources(action: string): Promise<boolean> {
  const facts = (await expandAction(action))?.find((f) => f.action.toLowerCase() === action.toLowerCase());
  return facts ? facts.supportsResourceLevel : true;
}
