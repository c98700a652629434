/**
 * docs/rules/README.md is generated from the rules' own metadata (`npm run docs`), and a test fails
 * when the committed file and the rules drift apart.
 */
import type { RuleMeta } from '../engine/rule.js';

const FAMILY_TITLES: Record<RuleMeta['family'], string> = {
  iam: 'Wildcard IAM',
  secrets: 'Hard-coded secrets',
  'timeouts-and-dlq': 'Timeouts and dead-letter queues',
  idempotency: 'Queue consumers that are safe to retry',
  clients: 'Clients created inside the handler',
  'cold-start': 'Cold start',
  'best-practice': 'Serverless best practice',
  engine: 'Engine results',
};

export function renderRulesIndex(metas: RuleMeta[]): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rules\' metadata by `npm run docs`; do not edit by hand. -->',
    '',
    'Levels are the defaults; set them in the [configuration](../configuration.md). "Reads" says whether a rule needs the template (IaC), the function code (source), or both. "Preset" says which preset turns the rule on: `recommended` (the default) holds the rules whose findings are defects, `all` adds the best-practice rules (`--preset all` or `"preset": "all"` in the configuration). The engine\'s own results are on in every preset.',
  ];
  for (const [family, title] of Object.entries(FAMILY_TITLES)) {
    const inFamily = metas.filter((m) => m.family === family);
    if (!inFamily.length) continue;
    lines.push('', `## ${title}`, '', '| rule | reads | preset | level | what it flags |', '|---|---|---|---|---|');
    for (const meta of inFamily) {
      lines.push(`| [\`${meta.name}\`](${meta.name}.md) | ${meta.reads} | ${meta.family === 'engine' ? 'every' : (meta.preset ?? 'recommended')} | ${meta.defaultLevel} | ${meta.docs.short.replace(/\|/g, '\\|')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}
