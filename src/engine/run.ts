/**
 * One lint run: discover → (parse → model → rules → suppressions, per file) → merge. Reporting is
 * the caller's. Every file is handled on its own: a file that cannot be read or parsed becomes a
 * `parse-error` result and the run goes on with the others.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import { discover, findProjectRoot, realOrSelf } from '../discover/index.js';
import { parseErrorMeta, unusedDirectiveMeta } from './builtin-rules.js';
import { analyseTemplates, analysisInputs, type AnalysisResult } from './analyse.js';
import { analyseInUnits, autoConcurrency } from './pool.js';
import { splitIntoUnits } from './units.js';
import { cacheKey, defaultCacheLocation, readCache, writeCache } from './cache.js';
import type { Finding, HandlerSummary, LintResult } from './result.js';
import type { RuleMeta } from './rule.js';
import { lap } from './timing.js';

export interface LintOptions {
  cwd: string;
  paths: string[];
  config: ResolvedConfig;
  reportUnusedDisableDirectives?: boolean;
  /** CDK cloud assemblies outside `paths` (`--cdk-out`). */
  cdkOut?: string[];
  /**
   * Given only files (a hook's changed files), also report the findings of the files linked to them:
   * a named handler's templates, a named template's handlers.
   */
  contextFindings?: boolean;
  /** Reuse (and store) the result of an identical earlier run; `true` for the default location. */
  cache?: { location?: string; version: string };
  /** Keep the models in the result (`result.stacks`), for `sls-lint policy`; never cached. */
  keepModels?: boolean;
  /**
   * Threads for the analysis, the main thread included (`--concurrency`): a number, or `auto` for
   * one per core less one once the run is large enough to repay starting them (./pool.ts
   * autoConcurrency). 1 (the default) stays on the calling thread. The result is the same
   * whatever the number.
   */
  concurrency?: number | 'auto';
}

/** Below this many files, starting a worker thread (about 0.3 s of module loading) costs more than it saves. */
const AUTO_CONCURRENCY_MIN_FILES = 150;

export async function lint(options: LintOptions): Promise<LintResult> {
  const { cwd, config } = options;
  const paths = options.paths.length ? options.paths : ['.'];
  const root = findProjectRoot(safeDir(path.resolve(cwd, paths[0]!))) ?? cwd;
  // Only files named (a pre-commit hook's changed files): analyse the whole project so each file
  // keeps its context — a handler its template's triggers, a template its handlers — then report
  // the findings located in the named files (and, if asked, in the files linked to them).
  const changed = namedFilesOnly(paths, cwd);
  const cacheLocation = options.cache && (options.cache.location ? path.resolve(cwd, options.cache.location) : defaultCacheLocation(root));
  const discovered = discover(paths, {
    cwd,
    ignoresBase: config.base,
    ignores: config.ignores,
    ...(changed ? { contextPaths: [changed.projectRoot] } : {}),
    ...(options.cdkOut ? { cdkOut: options.cdkOut } : {}),
  });
  // The cache's own file is not part of the project, wherever it is kept.
  if (cacheLocation) discovered.files = discovered.files.filter((file) => !file.path.startsWith(cacheLocation + path.sep));
  lap('discover');
  const { templates, sources } = analysisInputs(discovered.files);
  const reportUnused = options.reportUnusedDisableDirectives === true;

  let cache: { location: string; key: string } | undefined;
  if (options.cache && cacheLocation) {
    const key = cacheKey({
      version: options.cache.version,
      configFile: config.filepath,
      options: {
        paths,
        cdkOut: options.cdkOut ?? [],
        reportUnused,
        contextFindings: options.contextFindings === true,
        cwd,
        // The configuration as resolved, so a change anywhere (file, package.json key, API) misses.
        rules: config.enabled.map((e) => [e.rule.meta.name, e.level, e.options, e.configured]),
        builtins: [...config.builtinLevels],
        ignores: config.ignores,
        maxFileSize: config.maxFileSize,
      },
      files: discovered.files,
      root,
    });
    const cached = readCache(cacheLocation, key);
    if (cached) return { ...cached, stats: { ...cached.stats, fromCache: true } };
    cache = { location: cacheLocation, key };
  }

  const threads = options.keepModels ? 1 : threadsFor(options.concurrency ?? 1, templates.length + sources.length);
  // The run's projects, also where one thread reads the whole run: a model pairs what one project holds.
  const units = splitIntoUnits([...templates, ...sources], discovered.cdkApps ?? []);
  const analysis: Omit<AnalysisResult, 'stacks' | 'footprint'> & { stacks?: AnalysisResult['stacks'] } =
    threads > 1 && units.length > 1
      ? await analyseInUnits(units, config, { concurrency: threads, reportUnused })
      : await analyseTemplates(templates, config, reportUnused, sources, discovered.cdkApps, units.map((u) => u.dir));
  inCanonicalOrder(analysis);
  if (changed) {
    const realPaths = new Map<string, string>();
    const real = (file: string): string => {
      let resolved = realPaths.get(file);
      if (resolved === undefined) {
        resolved = realOrSelf(file);
        realPaths.set(file, resolved);
      }
      return resolved;
    };
    const linked = withLinkedFiles(changed.files, analysis.handlers);
    const reported = options.contextFindings ? linked : changed.files;
    analysis.findings = analysis.findings.filter((f) => reported.has(real(f.loc.file)));
    // What could not be read elsewhere in the project is not this change's business, unless it is linked to it.
    analysis.notices = analysis.notices.filter((n) => n.path === undefined || linked.has(real(n.path)));
    const given = new Set(paths.map((p) => path.resolve(cwd, p)));
    discovered.skipped = discovered.skipped.filter((s) => given.has(s.path) || linked.has(real(s.path)));
    analysis.handlers = analysis.handlers.filter((h) => changed.files.has(real(h.loc.file)) || (h.source !== undefined && changed.files.has(real(h.source))));
  }
  const rules: RuleMeta[] = [...config.enabled.map((e) => e.rule.meta), parseErrorMeta];
  if (reportUnused) rules.push(unusedDirectiveMeta);
  const result: LintResult = {
    root,
    cwd,
    findings: analysis.findings,
    skipped: discovered.skipped,
    unmatched: discovered.unmatched,
    notices: analysis.notices,
    handlers: analysis.handlers,
    rules,
    graph: analysis.graph,
    stats: {
      filesSeen: discovered.files.length,
      templates: analysis.templates,
      ...(analysis.azureApps ? { azureApps: analysis.azureApps } : {}),
      functions: analysis.functions,
      bytesRead: analysis.bytesRead,
    },
  };
  if (cache) writeCache(cache.location, cache.key, result);
  if (options.keepModels) result.stacks = analysis.stacks;
  return result;
}

/**
 * One result from runs over different paths (each with its own configuration): everything once,
 * in the order a single run gives.
 */
export function mergeResults(results: LintResult[]): LintResult {
  const [first, ...rest] = results;
  if (!first) throw new Error('mergeResults needs at least one result');
  if (!rest.length) return first;
  const once = <T>(items: T[], key: (item: T) => string): T[] => [...new Map(items.map((item) => [key(item), item])).values()];
  const all = <K extends 'findings' | 'skipped' | 'notices' | 'handlers' | 'rules'>(field: K) => results.flatMap((r) => r[field] as LintResult[K][number][]);
  return {
    root: first.root,
    cwd: first.cwd,
    findings: once(all('findings') as Finding[], (f) => `${f.loc.file}:${f.loc.line}:${f.loc.column}:${f.ruleId}:${f.messageId}:${f.logicalPath}`).sort(compareFindings),
    skipped: once(all('skipped') as LintResult['skipped'], (s) => `${s.path}\0${s.reason}`),
    unmatched: results.flatMap((r) => r.unmatched ?? []),
    notices: once(all('notices') as LintResult['notices'], (n) => `${n.path}\0${n.message}`),
    handlers: once(all('handlers') as HandlerSummary[], (h) => `${h.loc.file}:${h.loc.line}:${h.functionId}`),
    rules: once(all('rules') as RuleMeta[], (r) => r.name),
    stats: {
      filesSeen: sum(results.map((r) => r.stats.filesSeen)),
      templates: sum(results.map((r) => r.stats.templates)),
      ...(results.some((r) => r.stats.azureApps) ? { azureApps: sum(results.map((r) => r.stats.azureApps ?? 0)) } : {}),
      functions: sum(results.map((r) => r.stats.functions)),
      bytesRead: sum(results.map((r) => r.stats.bytesRead)),
    },
  };
}

function threadsFor(concurrency: number | 'auto', files: number): number {
  if (concurrency !== 'auto') return Math.max(1, Math.floor(concurrency));
  return files >= AUTO_CONCURRENCY_MIN_FILES ? autoConcurrency() : 1;
}

/**
 * One order for everything a run reports, whatever order the analysis found it in: so the output
 * is the same on one thread or several, and from run to run.
 */
function inCanonicalOrder(analysis: Pick<AnalysisResult, 'findings' | 'notices' | 'handlers' | 'graph'>): void {
  analysis.findings.sort(compareFindings);
  analysis.notices.sort((a, b) => compareText(a.path ?? '', b.path ?? '') || compareText(a.message, b.message));
  analysis.handlers.sort((a, b) => compareText(a.loc.file, b.loc.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column || compareText(a.functionId, b.functionId));
  analysis.graph.functions.sort((a, b) => compareText(a.stack, b.stack) || compareText(a.loc.file, b.loc.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column || compareText(a.id, b.id));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

/** By place, then rule, then everything else a finding says: a total order, so ties cannot depend on the analysis order. */
function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.loc.file, b.loc.file) ||
    a.loc.line - b.loc.line ||
    a.loc.column - b.loc.column ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.messageId, b.messageId) ||
    compareText(a.message, b.message) ||
    compareText(a.logicalPath, b.logicalPath) ||
    compareText(a.severity, b.severity) ||
    a.loc.endLine - b.loc.endLine ||
    a.loc.endColumn - b.loc.endColumn
  );
}

/** Files only, among the paths that exist (a missing one is reported by discovery, and does not make the others a folder run). */
function namedFilesOnly(paths: string[], cwd: string): { files: Set<string>; projectRoot: string } | undefined {
  const stats = paths.map((p) => path.resolve(cwd, p)).map((p) => ({ p, stat: statOrUndefined(p) }));
  const existing = stats.filter((s) => s.stat !== undefined);
  if (!existing.length || !existing.every((s) => s.stat!.isFile())) return undefined;
  const absolute = existing.map((s) => s.p);
  const projectRoot = findProjectRoot(path.dirname(absolute[0]!)) ?? cwd;
  return { files: new Set(absolute.map(realOrSelf)), projectRoot };
}

/** The named files, the handlers a named template links to, and the templates that link a named handler. */
function withLinkedFiles(named: Set<string>, handlers: HandlerSummary[]): Set<string> {
  const files = new Set(named);
  for (const h of handlers) {
    if (!h.source) continue;
    const template = realOrSelf(h.loc.file);
    const source = realOrSelf(h.source);
    if (named.has(template)) files.add(source);
    if (named.has(source)) files.add(template);
  }
  return files;
}

function statOrUndefined(p: string) {
  try {
    return statSync(p);
  } catch {
    return undefined;
  }
}

function safeDir(p: string): string {
  try {
    return statSync(p).isDirectory() ? p : path.dirname(p);
  } catch {
    return path.dirname(p);
  }
}
