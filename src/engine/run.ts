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
import { analyseTemplates } from './analyse.js';
import { cacheKey, defaultCacheLocation, readCache, writeCache } from './cache.js';
import type { Finding, HandlerSummary, LintResult } from './result.js';
import type { RuleMeta } from './rule.js';

export interface LintOptions {
  cwd: string;
  paths: string[];
  config: ResolvedConfig;
  reportUnusedDisableDirectives?: boolean;
  /** CDK cloud assemblies outside `paths` (`--cdk-out`). */
  cdkOut?: string[];
  /** Reuse (and store) the result of an identical earlier run; `true` for the default location. */
  cache?: { location?: string; version: string };
}

export async function lint(options: LintOptions): Promise<LintResult> {
  const { cwd, config } = options;
  const paths = options.paths.length ? options.paths : ['.'];
  const root = findProjectRoot(safeDir(path.resolve(cwd, paths[0]!))) ?? cwd;
  // Only files named (a pre-commit hook's changed files): analyse the whole project so each file
  // keeps its context — a handler its template's triggers, a template its handlers — then report
  // what concerns the named files.
  const changed = namedFilesOnly(paths, cwd);
  const cacheLocation = options.cache && (options.cache.location ? path.resolve(cwd, options.cache.location) : defaultCacheLocation(root));
  const discovered = discover(changed ? [...paths, changed.projectRoot] : paths, { cwd, ignoresBase: config.base, ignores: config.ignores, ...(options.cdkOut ? { cdkOut: options.cdkOut } : {}) });
  // The cache's own file is not part of the project, wherever it is kept.
  if (cacheLocation) discovered.files = discovered.files.filter((file) => !file.path.startsWith(cacheLocation + path.sep));
  const templates = discovered.files.filter((file) => file.kind === 'template-candidate' || file.kind === 'terraform');
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

  const sources = discovered.files.filter((file) => file.kind === 'source');
  const analysis = await analyseTemplates(templates, config, reportUnused, sources);
  if (changed) {
    const concerned = concernedFiles(changed.files, analysis.handlers);
    const readsCode = new Set(config.enabled.filter((e) => e.rule.meta.reads !== 'iac').map((e) => e.rule.meta.name));
    const realPaths = new Map<string, string>();
    const real = (file: string): string => {
      let resolved = realPaths.get(file);
      if (resolved === undefined) {
        resolved = realOrSelf(file);
        realPaths.set(file, resolved);
      }
      return resolved;
    };
    analysis.findings = analysis.findings.filter((f) => {
      const file = real(f.loc.file);
      return concerned.files.has(file) || (concerned.templatesOfChangedCode.has(file) && readsCode.has(f.ruleId));
    });
    analysis.handlers = analysis.handlers.filter((h) => concerned.files.has(real(h.loc.file)) || (h.source !== undefined && concerned.files.has(real(h.source))));
  }
  const rules: RuleMeta[] = [...config.enabled.map((e) => e.rule.meta), parseErrorMeta];
  if (reportUnused) rules.push(unusedDirectiveMeta);
  const result: LintResult = {
    root,
    cwd,
    findings: analysis.findings.sort(compareFindings),
    skipped: discovered.skipped,
    notices: analysis.notices,
    handlers: analysis.handlers,
    rules,
    graph: analysis.graph,
    stats: {
      filesSeen: discovered.files.length,
      templates: analysis.templates,
      functions: analysis.functions,
      bytesRead: analysis.bytesRead,
    },
  };
  if (cache) writeCache(cache.location, cache.key, result);
  return result;
}

function compareFindings(a: Finding, b: Finding): number {
  return a.loc.file < b.loc.file ? -1 : a.loc.file > b.loc.file ? 1 : a.loc.line - b.loc.line || a.loc.column - b.loc.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

function namedFilesOnly(paths: string[], cwd: string): { files: Set<string>; projectRoot: string } | undefined {
  const absolute = paths.map((p) => path.resolve(cwd, p));
  const allFiles = absolute.every((p) => {
    try {
      return statSync(p).isFile();
    } catch {
      return false;
    }
  });
  if (!allFiles) return undefined;
  const projectRoot = findProjectRoot(path.dirname(absolute[0]!)) ?? cwd;
  return { files: new Set(absolute.map(realOrSelf)), projectRoot };
}

/**
 * The named files, the handlers a named template links to, and the templates that link a named
 * handler (whose code-dependent findings, such as sqs-partial-batch, may change with it).
 */
function concernedFiles(named: Set<string>, handlers: HandlerSummary[]): { files: Set<string>; templatesOfChangedCode: Set<string> } {
  const files = new Set(named);
  const templatesOfChangedCode = new Set<string>();
  for (const h of handlers) {
    if (h.source && named.has(realOrSelf(h.loc.file))) files.add(realOrSelf(h.source));
    if (h.source && named.has(realOrSelf(h.source))) templatesOfChangedCode.add(realOrSelf(h.loc.file));
  }
  return { files, templatesOfChangedCode };
}


function safeDir(p: string): string {
  try {
    return statSync(p).isDirectory() ? p : path.dirname(p);
  } catch {
    return path.dirname(p);
  }
}
