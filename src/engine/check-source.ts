/**
 * The source half of a run. Each linked handler — each distinct (file, export), whichever and
 * however many functions use it — is read once: its export is confirmed (or the link is withdrawn
 * with a reason), code facts are recorded on the model for IaC rules, and the source rules run.
 * Source files no template links are checked for handlers by convention.
 */
import path from 'node:path';
import { isFrameworkMainModule } from '../source/javascript/functions-framework.js';
import { servedAsCloudFunction } from '../source/python/functions-framework.js';
import { linkLanguage } from '../link/files.js';
import { toTemplateLoc } from '../link/inline.js';
import type { FunctionModel, InlineSource, SourceLanguage, StackModel } from '../model/types.js';
import type { HandlerFacts, SourceFrontend, FrontendLanguage } from '../source/facts.js';
import { JavaScriptFrontend } from '../source/javascript/frontend.js';
import { loadTypeScript } from '../source/program.js';
import { toFinding, type EnabledRule } from './check.js';
import { handlerLabel, knowsPlatform } from './rule.js';
import type { Finding, Notice } from './result.js';
import { readUtf8 } from '../parse/decode.js';

export interface SourceCheckResult {
  findings: Finding[];
  notices: Notice[];
  /** Text of every source file read, for suppression comments. */
  texts: Map<string, string>;
  /** Every source file read or linked, parsed or not (inline code counts as its template). */
  sourceFiles: Set<string>;
}

/** The frontend that reads a language: JavaScript and TypeScript share one. */
function frontendFor(language: SourceLanguage): FrontendLanguage {
  return language === 'python' ? 'python' : 'javascript';
}

/** Each language's frontend, created on first use: a JS-only run never loads the Python parser. */
class Frontends {
  private readonly loaded = new Map<FrontendLanguage, Promise<SourceFrontend>>();

  get(language: FrontendLanguage): Promise<SourceFrontend> {
    let frontend = this.loaded.get(language);
    if (!frontend) {
      frontend =
        language === 'javascript'
          ? loadTypeScript().then((ts) => new JavaScriptFrontend(ts))
          : import('../source/python/frontend.js').then((python) => python.createPythonFrontend());
      this.loaded.set(language, frontend);
    }
    return frontend;
  }

  async all(): Promise<SourceFrontend[]> {
    return Promise.all(this.loaded.values());
  }
}

/**
 * @param unlinkedSources source files no template links, checked for handlers by convention (an
 * export named `handler`, or one typed with `aws-lambda` types), as in a project without IaC.
 */
export async function checkHandlers(stacks: StackModel[], enabled: EnabledRule[], unlinkedSources: string[] = []): Promise<SourceCheckResult> {
  const result: SourceCheckResult = { findings: [], notices: [], texts: new Map(), sourceFiles: new Set() };
  // Reading code costs a parser load (TypeScript: about 0.4 s): only when an enabled rule uses it.
  if (!enabled.some((e) => e.rule.meta.reads !== 'iac')) return result;
  const sourceRules = enabled.filter((e) => e.rule.checkSource);
  const groups = new Map<string, { file: string; exportName: string; codeRoot: string | undefined; language: FrontendLanguage; inline?: InlineSource; functions: FunctionModel[] }>();
  const inlineFiles = new Map<string, InlineSource>();
  for (const stack of stacks) {
    for (const fn of stack.functions) {
      const link = fn.handlerLink;
      if (link?.status !== 'linked') continue;
      const language = frontendFor(linkLanguage(link));
      const key = `${link.file}#${link.exportName}`;
      const group = groups.get(key) ?? { file: link.file, exportName: link.exportName, codeRoot: link.codeRoot, language, ...(link.inline ? { inline: link.inline } : {}), functions: [] };
      if (link.inline) inlineFiles.set(link.file, link.inline);
      group.functions.push(fn);
      groups.set(key, group);
    }
  }
  const linkedFiles = new Set([...groups.values()].map((g) => g.file));
  const conventionCandidates = sourceRules.length ? unlinkedSources.filter((file) => !linkedFiles.has(file) && mayHoldHandler(file)) : [];
  if (groups.size === 0 && conventionCandidates.length === 0) return result;

  const frontends = new Frontends();
  const reported = new Set<string>();
  const runRules = (facts: HandlerFacts, frontend: SourceFrontend, functions: FunctionModel[]) => {
    for (const rule of sourceRules) {
      const platform = functions[0]?.platform ?? facts.registration?.platform;
      if (!knowsPlatform(rule.rule.meta, platform)) continue;
      try {
        rule.rule.checkSource!({
          facts,
          measureImport: (specifier, importer) => frontend.measureImport(specifier, importer),
          functions,
          handlerLabel: handlerLabel(functions, facts),
          options: rule.options,
          report: (descriptor) => {
            const finding = toFinding(rule, undefined, descriptor);
            const inline = inlineFiles.get(finding.loc.file);
            if (inline) finding.loc = toTemplateLoc(finding.loc, inline);
            // A module shared by several handlers is reported once, for the first handler that reaches it.
            const key = `${finding.ruleId}:${finding.loc.file}:${finding.loc.line}:${finding.loc.column}`;
            if (reported.has(key)) return;
            reported.add(key);
            result.findings.push(finding);
          },
        });
      } catch (error) {
        result.notices.push({ message: `rule ${rule.rule.meta.name} failed on this handler and was skipped for it: ${(error as Error).message}`, path: facts.file });
      }
    }
  };
  for (const group of groups.values()) {
    const frontend = await loadFrontend(frontends, group.language, group.file, result);
    if (!frontend) {
      for (const fn of group.functions) fn.handlerLink = { status: 'not-linked', reason: `the ${group.language} reader could not be loaded`, category: 'other' };
      continue;
    }
    if (group.inline) frontend.provide(group.file, group.inline.text);
    const read = frontend.handlerFacts(group.file, group.exportName, group.codeRoot);
    if (!('facts' in read)) {
      // The file is there but the export is not: say so in the summary instead of guessing.
      const unreadable = frontend.problems.some((problem) => problem.file === group.file);
      for (const fn of group.functions) fn.handlerLink = { status: 'not-linked', reason: read.reason, category: unreadable ? 'other' : 'export-not-found' };
      continue;
    }
    const facts = read.facts;
    // Calls are read lazily, and only by the rules that judge them.
    const codeFacts = {
      reportsBatchItemFailures: facts.batchItemFailures,
      file: facts.file,
      get awsCalls() {
        return facts.awsCalls;
      },
      get awsCallsIncomplete() {
        return facts.awsCallsIncomplete;
      },
      get idempotencyGuard() {
        return facts.idempotencyGuard;
      },
      get otherCredentials() {
        return clientWithOwnCredentials(facts, (file) => frontend.textOf(file));
      },
    };
    for (const fn of group.functions) fn.handlerFacts = codeFacts;
    if (sourceRules.length) runRules(read.facts, frontend, group.functions);
  }
  for (const file of conventionCandidates) {
    const frontend = await loadFrontend(frontends, frontendFor(linkLanguage({ file })), file, result);
    for (const facts of frontend?.handlersByConvention(file) ?? []) runRules(facts, frontend!, []);
  }
  for (const group of groups.values()) result.sourceFiles.add(group.inline?.templateFile ?? group.file);
  for (const file of conventionCandidates) result.sourceFiles.add(file);
  for (const frontend of await frontends.all().catch(() => [])) {
    for (const file of frontend.parsedTexts().keys()) result.sourceFiles.add(inlineFiles.get(file)?.templateFile ?? file);
    for (const problem of frontend.problems) {
      const inline = inlineFiles.get(problem.file);
      const where = inline ? `the inline code of this template at line ${inline.start.line}` : 'this source file';
      result.notices.push({ message: `could not read or parse ${where}, so it was not checked: ${problem.reason}`, path: inline?.templateFile ?? problem.file });
    }
    for (const [file, text] of frontend.parsedTexts()) if (!inlineFiles.has(file)) result.texts.set(file, text);
  }
  return result;
}

/**
 * Where the code gives an AWS client credentials of its own (from the event, environment variables,
 * a profile, an assumed role): calls made with it do not run as the execution role. Read from the
 * text of the files that make calls or build clients, since clients built at module scope are not
 * construction facts.
 */
const OWN_CREDENTIALS = /\bcredentials\s*:|\baccessKeyId\s*:|\baws_access_key_id\s*=|\baws_session_token\s*=|fromTemporaryCredentials|fromIni\(|new AWS\.Credentials|AWS\.config\.update\(\s*\{[^}]*accessKeyId|AWS\.config\.credentials\s*=/;

function clientWithOwnCredentials(facts: HandlerFacts, textOf: (file: string) => string | undefined): string | undefined {
  const files = new Set([...facts.awsCalls.map((c) => c.loc.file), ...facts.constructions.filter((c) => /^(@aws-sdk\/|aws-sdk$|boto3$)/.test(c.module)).map((c) => c.loc.file)]);
  for (const file of files) {
    const match = OWN_CREDENTIALS.exec(textOf(file) ?? '');
    if (match) return `${path.basename(file)} gives an AWS client its own credentials (${match[0].trim()})`;
  }
  return undefined;
}

async function loadFrontend(frontends: Frontends, language: FrontendLanguage, file: string, result: SourceCheckResult): Promise<SourceFrontend | undefined> {
  try {
    return await frontends.get(language);
  } catch (error) {
    result.notices.push({ message: `the ${language} reader could not be loaded, so this file was not checked: ${(error as Error).message}`, path: file });
    return undefined;
  }
}

/**
 * Cheap text test before parsing: a handler by convention mentions `handler` or `aws-lambda`
 * (JavaScript), or defines `lambda_handler`/`handler` or uses Lambda's context type (Python), or is
 * served by Google's Functions Framework. Tests are not handlers.
 */
function mayHoldHandler(file: string): boolean {
  if (/(\.(test|spec)\.[cm]?[jt]s|\.d\.[cm]?ts)$|[\\/](__tests__|__mocks__)[\\/]/.test(file)) return false;
  if (file.endsWith('.py') && /(^|[\\/])(test_[^\\/]*|[^\\/]*_test|conftest)\.py$|[\\/]tests?[\\/]/.test(file)) return false;
  try {
    const text = readUtf8(file);
    if (file.endsWith('.py')) return /\bdef\s+(lambda_handler|handler)\s*\(|LambdaContext|aws_lambda_typing|functions_framework/.test(text) || (path.basename(file) === 'main.py' && servedAsCloudFunction(path.dirname(file)));
    // Google Cloud Functions: the Functions Framework's registrations, or the module it serves.
    return /\bhandler\b|aws-lambda|@google-cloud\/functions-framework/.test(text) || isFrameworkMainModule(file);
  } catch {
    return false;
  }
}
