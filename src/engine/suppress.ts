/**
 * Suppressions: `sls-lint-disable-next-line` / `sls-lint-disable-line` comments and resource-level
 * `Metadata: { sls-lint: { ignore: [...] } }`. Suppressed findings are kept (SARIF reports them as
 * suppressed, so code scanning closes the alert) but do not count toward the exit code.
 */
import type { Loc } from '../parse/tree.js';
import type { StackModel } from '../model/types.js';
import { locContains } from '../parse/tree.js';
import type { Finding } from './result.js';

export interface Directive {
  kind: 'next-line' | 'line';
  /** Empty means every rule. */
  rules: string[];
  justification: string | undefined;
  loc: Loc;
  /** The line the directive applies to. */
  targetLine: number;
  used: Set<string>;
}

const NEXT_LINE = /^\s*(?:#|\/\/)\s*sls-lint-disable-next-line(?=\s|$)(.*)$/;
const SAME_LINE = /\s(?:#|\/\/)\s*sls-lint-disable-line(?=\s|$)(.*)$/;

export function parseDirectives(text: string, file: string): Directive[] {
  const directives: Directive[] = [];
  // Cheap test first: most files have no directive at all.
  if (!text.includes('sls-lint-disable')) return directives;
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const next = NEXT_LINE.exec(line);
    const same = next ? null : SAME_LINE.exec(line);
    const match = next ?? same;
    if (!match) return;
    const [ruleText, ...reason] = match[1]!.split(/\s--\s|\s--$/);
    const column = line.indexOf('sls-lint-disable') + 1;
    directives.push({
      kind: next ? 'next-line' : 'line',
      rules: ruleText!.split(/[\s,]+/).filter(Boolean),
      justification: reason.join(' -- ').trim() || undefined,
      loc: { file, line: index + 1, column, endLine: index + 1, endColumn: line.length + 1 },
      targetLine: next ? index + 2 : index + 1,
      used: new Set(),
    });
  });
  return directives;
}

/** Marks findings suppressed by directives of their file and by the metadata of the resource that contains them. */
export function applySuppressions(findings: Finding[], directivesByFile: Map<string, Directive[]>, stacks: StackModel[]): Map<string, Set<string>> {
  const usedMetadata = new Map<string, Set<string>>();
  const stacksByFile = new Map(stacks.map((s) => [s.file, s]));
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const directive = directivesByFile
      .get(finding.loc.file)
      ?.find((d) => d.targetLine === finding.loc.line && (d.rules.length === 0 || d.rules.includes(finding.ruleId)));
    if (directive) {
      directive.used.add(directive.rules.length === 0 ? '*' : finding.ruleId);
      finding.suppressed = { kind: 'directive', loc: directive.loc, ...(directive.justification ? { justification: directive.justification } : {}) };
      continue;
    }
    const stack = stacksByFile.get(finding.loc.file);
    if (!stack) continue;
    for (const resource of stack.resources.values()) {
      if (!(resource.ignoresAll || resource.ignores.has(finding.ruleId)) || !locContains(resource.blockLoc, finding.loc)) continue;
      const key = `${stack.file}#${resource.id}`;
      if (!usedMetadata.has(key)) usedMetadata.set(key, new Set());
      usedMetadata.get(key)!.add(resource.ignoresAll ? '*' : finding.ruleId);
      finding.suppressed = { kind: 'metadata', loc: resource.loc };
      break;
    }
  }
  return usedMetadata;
}
