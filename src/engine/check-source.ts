/**
 * The source half of a run. Each linked handler — each distinct (file, export), whichever and
 * however many functions use it — is read once: its export is confirmed (or the link is withdrawn
 * with a reason), code facts are recorded on the model for IaC rules, and the source rules run.
 * Source files no template links are checked for handlers by convention.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { linkLanguage } from '../link/files.js';
import type { FunctionModel, StackModel } from '../model/types.js';
import { loadTypeScript, SourceProgram, type FunctionLike, type ParsedSource } from '../source/program.js';
import { toFinding, type EnabledRule } from './check.js';
import { handlerLabel } from './rule.js';
import type { Finding, Notice } from './result.js';

export interface SourceCheckResult {
  findings: Finding[];
  notices: Notice[];
  /** Text of every source file read, for suppression comments. */
  texts: Map<string, string>;
}

/**
 * @param unlinkedSources source files no template links, checked for handlers by convention (an
 * export named `handler`, or one typed with `aws-lambda` types), as in a project without IaC.
 */
export async function checkHandlers(stacks: StackModel[], enabled: EnabledRule[], unlinkedSources: string[] = []): Promise<SourceCheckResult> {
  const result: SourceCheckResult = { findings: [], notices: [], texts: new Map() };
  // Reading code costs a TypeScript load (about 0.4 s): only when an enabled rule uses it.
  if (!enabled.some((e) => e.rule.meta.reads !== 'iac')) return result;
  const sourceRules = enabled.filter((e) => e.rule.checkSource);
  const groups = new Map<string, { file: string; exportName: string; functions: FunctionModel[] }>();
  for (const stack of stacks) {
    for (const fn of stack.functions) {
      const link = fn.handlerLink;
      if (link?.status !== 'linked') continue;
      // Python handlers are read by the Python frontend, not by the TypeScript program.
      if (linkLanguage(link) === 'python') continue;
      const key = `${link.file}#${link.exportName}`;
      const group = groups.get(key) ?? { file: link.file, exportName: link.exportName, functions: [] };
      group.functions.push(fn);
      groups.set(key, group);
    }
  }
  const linkedFiles = new Set([...groups.values()].map((g) => g.file));
  const conventionCandidates = sourceRules.length ? unlinkedSources.filter((file) => !linkedFiles.has(file) && mayHoldHandler(file)) : [];
  if (groups.size === 0 && conventionCandidates.length === 0) return result;

  const ts = await loadTypeScript();
  const program = new SourceProgram(ts);
  const reported = new Set<string>();
  const runRules = (entry: { source: ParsedSource; fn: FunctionLike }, exportName: string, functions: FunctionModel[], file: string, reached: Map<FunctionLike, ParsedSource>) => {
    for (const rule of sourceRules) {
      try {
        rule.rule.checkSource!({
          ts,
          program,
          handler: { ...entry, exportName },
          reached,
          functions,
          handlerLabel: handlerLabel(functions, exportName),
          options: rule.options,
          report: (descriptor) => {
            const finding = toFinding(rule, undefined, descriptor);
            // A module shared by several handlers is reported once, for the first handler that reaches it.
            const key = `${finding.ruleId}:${finding.loc.file}:${finding.loc.line}:${finding.loc.column}`;
            if (reported.has(key)) return;
            reported.add(key);
            result.findings.push(finding);
          },
        });
      } catch (error) {
        result.notices.push({ message: `rule ${rule.rule.meta.name} failed on this handler and was skipped for it: ${(error as Error).message}`, path: file });
      }
    }
  };
  for (const group of groups.values()) {
    const source = program.get(group.file);
    const entry = source && program.findExport(source, group.exportName);
    if (!entry) {
      // The file is there but the export is not: say so in the summary instead of guessing.
      const reason = source ? `${path.basename(group.file)} has no export "${group.exportName}" that sls-lint can follow` : `cannot read ${path.basename(group.file)}`;
      for (const fn of group.functions) fn.handlerLink = { status: 'not-linked', reason, category: source ? 'export-not-found' : 'other' };
      continue;
    }
    const reached = program.reachableFrom(entry);
    const facts = { reportsBatchItemFailures: program.batchItemFailuresReport(reached) };
    for (const fn of group.functions) fn.handlerFacts = facts;
    if (sourceRules.length) runRules(entry, group.exportName, group.functions, group.file, reached);
  }
  for (const file of conventionCandidates) {
    const source = program.get(file);
    if (!source) continue;
    for (const entry of program.handlersByConvention(source)) runRules(entry, entry.exportName, [], file, program.reachableFrom(entry));
  }
  for (const problem of program.problems) result.notices.push({ message: `could not read or parse this source file, so it was not checked: ${problem.reason}`, path: problem.file });
  for (const parsed of program.parsedFiles()) result.texts.set(parsed.file, parsed.text);
  return result;
}

/** Cheap text test before parsing: a handler by convention mentions `handler` or `aws-lambda`. */
function mayHoldHandler(file: string): boolean {
  if (/(\.(test|spec)\.[cm]?[jt]s|\.d\.[cm]?ts)$|[\\/](__tests__|__mocks__)[\\/]/.test(file)) return false;
  try {
    const text = readFileSync(file, 'utf8');
    return /\bhandler\b|aws-lambda/.test(text);
  } catch {
    return false;
  }
}
