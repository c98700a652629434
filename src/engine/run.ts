/**
 * One lint run: discover → (parse → model → rules → suppressions, per file) → merge. Reporting is
 * the caller's. Every file is handled on its own: a file that cannot be read or parsed becomes a
 * `parse-error` result and the run goes on with the others.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import { discover, findProjectRoot } from '../discover/index.js';
import { parseErrorMeta, unusedDirectiveMeta } from './builtin-rules.js';
import { analyseTemplates } from './analyse.js';
import type { Finding, LintResult } from './result.js';
import type { RuleMeta } from './rule.js';

export interface LintOptions {
  cwd: string;
  paths: string[];
  config: ResolvedConfig;
  reportUnusedDisableDirectives?: boolean;
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const { cwd, config } = options;
  const paths = options.paths.length ? options.paths : ['.'];
  const root = findProjectRoot(safeDir(path.resolve(cwd, paths[0]!))) ?? cwd;
  const discovered = discover(paths, { cwd, ignoresBase: config.base, ignores: config.ignores });
  const templates = discovered.files.filter((file) => file.kind === 'template-candidate');
  const reportUnused = options.reportUnusedDisableDirectives === true;

  const sources = discovered.files.filter((file) => file.kind === 'source');
  const analysis = await analyseTemplates(templates, config, reportUnused, sources);
  const rules: RuleMeta[] = [...config.enabled.map((e) => e.rule.meta), parseErrorMeta];
  if (reportUnused) rules.push(unusedDirectiveMeta);
  return {
    root,
    cwd,
    findings: analysis.findings.sort(compareFindings),
    skipped: discovered.skipped,
    notices: analysis.notices,
    handlers: analysis.handlers,
    rules,
    stats: {
      filesSeen: discovered.files.length,
      templates: analysis.templates,
      functions: analysis.functions,
      bytesRead: analysis.bytesRead,
    },
  };
}

function compareFindings(a: Finding, b: Finding): number {
  return a.loc.file < b.loc.file ? -1 : a.loc.file > b.loc.file ? 1 : a.loc.line - b.loc.line || a.loc.column - b.loc.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

function safeDir(p: string): string {
  try {
    return statSync(p).isDirectory() ? p : path.dirname(p);
  } catch {
    return path.dirname(p);
  }
}
