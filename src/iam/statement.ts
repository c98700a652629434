import type { PolicyStatement } from '../model/types.js';

/**
 * An Allow statement whose `Resource` is literally `"*"` and that no `Condition` narrows: what it
 * allows, it allows on every resource. With a condition (aws:ResourceTag, aws:SourceArn, …) the
 * scope is not known, and neither IAM rule claims it.
 */
export function allowsOnEveryResource(statement: PolicyStatement): boolean {
  if (!statement.effect?.known || statement.effect.value !== 'Allow' || statement.hasCondition) return false;
  return statement.resourceKey === 'Resource' && statement.resources.some((r) => r.known && r.value === '*');
}
