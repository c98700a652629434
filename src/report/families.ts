/** Findings counted by rule family, in the order a reader weighs risk: defects first, opinions last. */
import { BUILTIN_METAS } from '../engine/builtin-rules.js';
import type { Finding } from '../engine/result.js';
import type { RuleFamily, RuleMeta } from '../engine/rule.js';

export const FAMILY_LABELS: Record<RuleFamily, string> = {
  'cold-start': 'cold start',
  clients: 'clients',
  iam: 'IAM',
  secrets: 'secrets',
  'timeouts-and-dlq': 'timeouts and DLQs',
  idempotency: 'idempotency',
  'best-practice': 'best practice',
  engine: 'engine',
};

/** Unsuppressed findings per family, families without findings left out. */
export function countByFamily(findings: Finding[], metas: RuleMeta[]): { family: RuleFamily; label: string; count: number }[] {
  const familyOf = new Map([...BUILTIN_METAS, ...metas].map((meta) => [meta.name, meta.family]));
  const counts = new Map<RuleFamily, number>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const family = familyOf.get(finding.ruleId) ?? 'engine';
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  return (Object.keys(FAMILY_LABELS) as RuleFamily[])
    .filter((family) => counts.has(family))
    .map((family) => ({ family, label: FAMILY_LABELS[family], count: counts.get(family)! }));
}
