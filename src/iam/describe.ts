import type { PolicyHolderKind } from '../model/types.js';

const HOLDER_NAMES: Record<PolicyHolderKind, string> = {
  role: 'Role',
  user: 'User',
  group: 'Group',
  'sam-function': 'Function',
  policy: 'Policy',
  'managed-policy': 'Managed policy',
};

/** "Role OrdersRole" / "Function Fn": who holds a statement or managed policy. */
export function describeHolder(holder: { id: string; kind: PolicyHolderKind }): string {
  // The role serverless.yml generates from provider.iam.role: the file names it by that path.
  if (holder.kind === 'role' && holder.id === 'IamRoleLambdaExecution') return 'The provider role (provider.iam.role)';
  return `${HOLDER_NAMES[holder.kind]} ${holder.id}`;
}

/** " (used by function A, B)" for the functions that run with a statement, other than its holder. */
export function describeFunctions(holder: { id: string }, functions: string[]): string {
  const others = [...new Set(functions.filter((fn) => fn !== holder.id))];
  return others.length ? ` (used by function${others.length > 1 ? 's' : ''} ${others.join(', ')})` : '';
}
