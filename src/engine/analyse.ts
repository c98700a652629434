/**
 * Template analysis: parse → model → rules → suppressions. Each file is read and parsed on its own,
 * so one that cannot be becomes a `parse-error` finding and the others are still checked.
 */
import { buildGraph, type AppGraph } from './graph.js';
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ResolvedConfig } from '../config/index.js';
import { cloudAssemblyStacks, describeFsError, SERVERLESS_CONFIG, type CdkAppLocation, type DiscoveredFile } from '../discover/index.js';
import { readCdkApp } from '../model/cdk-app.js';
import { readPythonCdkApp } from '../model/cdk-interpret-python.js';
import { respellPythonCdkFindings } from '../model/cdk-python-spelling.js';
import { loadPythonParser, type PythonParser } from '../source/python/parser.js';
import { buildServerlessStack, isServerlessConfig } from '../model/serverless.js';
import { parseServerlessTs } from '../parse/ts-object.js';
import { decodeUtf8 } from '../parse/decode.js';
import { HclSyntaxError, parseHcl } from '../parse/hcl.js';
import { buildTerraformStack, localModuleDirs, type TerraformModule } from '../model/terraform.js';
import { buildGcpStacks, buildKeyFileStack, looksLikeServiceAccountKey } from '../model/gcp.js';
import { linkGcpFunctions } from '../link/gcp.js';
import { loadTypeScript, type Ts } from '../source/program.js';
import { buildStackModel, isCloudFormationTemplate } from '../model/cloudformation.js';
import { buildAzureStacks } from '../model/azure.js';
import type { StackModel } from '../model/types.js';
import { get, locContains, type Loc, type TNode } from '../parse/tree.js';
import { parseYamlOrJson, type Diagnostic } from '../parse/yaml-json.js';
import { parseErrorMeta, unusedDirectiveMeta } from './builtin-rules.js';
import { checkStacks } from './check.js';
import { checkHandlers } from './check-source.js';
import { linkLanguage } from '../link/files.js';
import { linkHandlers } from '../link/handlers.js';
import type { FunctionModel } from '../model/types.js';
import type { Finding, HandlerSummary, Notice } from './result.js';
import { formatMessage } from './rule.js';
import { applySuppressions, parseDirectives, type Directive } from './suppress.js';
import { lap } from './timing.js';

/** Names that are templates by convention: a parse failure there is always worth reporting. */
const TEMPLATE_NAME = /^(template|.+\.template|.+\.cfn|.+-template)\.(ya?ml|json)$/i;
/** Content that makes a YAML/JSON file a template candidate worth reporting parse errors for. */
function looksLikeTemplate(text: string): boolean {
  if (text.includes('AWSTemplateFormatVersion') || text.includes('AWS::Serverless-2016-10-31')) return true;
  // Substring checks first: most YAML/JSON in a repository is not a template and is large.
  return text.includes('AWS::') && /^\s*["']?Resources["']?\s*:/m.test(text);
}
const SNIFF_BYTES = 64 * 1024;

/** What reading one template, serverless config or Terraform module gave. */
interface LoadedTemplate {
  stack?: StackModel;
  /** Further stacks of the same files: the Google Cloud half of a Terraform folder. */
  moreStacks?: StackModel[];
  /** The files' texts, for suppression directives (only with a stack). */
  texts?: [file: string, text: string][];
  findings: Finding[];
  bytes: number;
  notices?: Notice[];
}

export interface AnalysisResult {
  findings: Finding[];
  notices: Notice[];
  handlers: HandlerSummary[];
  templates: number;
  azureApps: number;
  functions: number;
  bytesRead: number;
  graph: AppGraph;
  /** The models checked, for commands that derive more from them (`sls-lint policy`). */
  stacks: StackModel[];
  /**
   * Every file whose content this analysis read or decided about (templates, modules, handler and
   * CDK code, replaced cdk.out templates, the files its findings and notices name). Two analyses
   * of disjoint parts of a run give what one analysis of the whole gives only when their
   * footprints do not meet (./pool.ts relies on it).
   */
  footprint: Set<string>;
}

/** A run's files as analyseTemplates takes them: what is modelled (templates, configs, Terraform) and the code beside it. */
export function analysisInputs(files: DiscoveredFile[]): { templates: DiscoveredFile[]; sources: DiscoveredFile[] } {
  return {
    templates: files.filter((f) => f.kind === 'template-candidate' || f.kind === 'terraform'),
    sources: files.filter((f) => f.kind === 'source'),
  };
}

/**
 * @param projects the run's project folders (src/engine/units.ts), where a model pairs what one
 * project holds; the same list however the run is spread over threads.
 */
export async function analyseTemplates(files: DiscoveredFile[], config: ResolvedConfig, reportUnused: boolean, sourceFiles: DiscoveredFile[] = [], cdkApps: CdkAppLocation[] = [], projects: string[] = []): Promise<AnalysisResult> {
  const parseSetting = config.builtinLevels.get(parseErrorMeta.name) ?? { level: 'error', configured: false };
  const findings: Finding[] = [];
  const notices: Notice[] = [];
  const stacks: StackModel[] = [];
  const texts = new Map<string, string>();
  let bytesRead = 0;

  // serverless.ts and CDK apps are read with the TypeScript parser, loaded only when there is one.
  const ts = files.some((f) => f.path.endsWith('serverless.ts')) || cdkApps.some((a) => !isPythonApp(a)) ? await loadTypeScript() : undefined;
  const python = cdkApps.some(isPythonApp) ? await loadPythonParser().catch(() => undefined) : undefined;
  const cdk = loadCdkApps(cdkApps, ts, python);
  // A stack read from the app's code is judged there; its synthesized template (cdk.out) only on what the code does not build (below).
  // A Terraform module is a folder of .tf files: read together, modelled as one stack.
  const terraformDirs = new Map<string, DiscoveredFile[]>();
  for (const file of files.filter((f) => f.kind === 'terraform')) {
    const dir = path.dirname(file.path);
    terraformDirs.set(dir, [...(terraformDirs.get(dir) ?? []), file]);
  }
  const terraform = loadTerraformModules(terraformDirs, config.maxFileSize);
  const footprint = new Set<string>([...cdk.codeFiles, ...cdk.replacedTemplates.keys(), ...terraform.filesRead]);
  /** Synthesized templates committed beside a CDK app read as code: file → the logical IDs the code builds. */
  const synthesizedCopies = new Map<string, Set<string>>();
  const loads = [
    ...cdk.loads,
    ...terraform.loads,
    ...files.filter((f) => f.kind !== 'terraform').map((file) => loadTemplate(file, config.maxFileSize, ts)),
  ];
  for (const loaded of loads) {
    bytesRead += loaded.bytes;
    notices.push(...(loaded.notices ?? []));
    if (parseSetting.level !== 'off') findings.push(...loaded.findings.map((f) => withConfiguredLevel(f, parseSetting)));
    const built: StackModel[] = [];
    for (const s of [loaded.stack, ...(loaded.moreStacks ?? [])]) {
      if (!s) continue;
      const replacedBy = cdk.replacedTemplates.get(path.resolve(s.file));
      const copy = replacedBy ? synthesizedCopyOf(s, [replacedBy], true) : cdk.modelled.length ? synthesizedCopyOf(s, cdk.modelled) : undefined;
      // A cdk.out template without construct paths (synthesized with --no-path-metadata) cannot be matched: the code speaks for it all.
      if (replacedBy && !copy) continue;
      built.push(s);
      // Nothing in it that the code builds (constructs the code reading does not model): read as any template.
      if (!copy?.covered.size) continue;
      // What the app's code builds is judged there, once, on the user's lines; the template still
      // tells what the code does not build (resources CDK adds itself, constructs not modelled).
      s.functions = s.functions.filter((fn) => !copy.covered.has(fn.id));
      synthesizedCopies.set(s.file, copy.covered);
      // A committed copy is said (a cdk.out is build output, expected beside the app).
      if (!replacedBy) notices.push({ message: `${copy.covered.size} of its ${s.resources.size} resources are built by the code of CDK stack ${copy.stack}, and checked there, not in this synthesized copy`, path: s.file });
    }
    if (!built.length) continue;
    stacks.push(...built);
    for (const [file, text] of loaded.texts ?? []) texts.set(file, text);
  }

  // Azure Functions apps (a host.json) are read from their configuration and code together.
  for (const azure of await buildAzureStacks([...files, ...sourceFiles], loadTypeScript, config.maxFileSize, projects)) {
    bytesRead += azure.bytes;
    notices.push(...azure.notices);
    if (!azure.stack) continue;
    stacks.push(azure.stack);
    for (const [file, text] of azure.texts) texts.set(file, text);
  }

  lap('parse and model');
  // Source first: it settles which handlers are linked and adds code facts that IaC rules combine with the template.
  // The CDK app's own code is infrastructure, not a handler found by convention.
  const sources = await checkHandlers(stacks, config.enabled, sourceFiles.map((f) => f.path).filter((f) => !cdk.codeFiles.has(f)));
  findings.push(...sources.findings);
  notices.push(...sources.notices);
  for (const [file, text] of sources.texts) texts.set(file, text);
  lap('link and source');
  const checked = await checkStacks({ stacks }, config.enabled);
  lap('template rules');
  findings.push(...(synthesizedCopies.size ? checked.findings.filter((f) => !(f.resource && synthesizedCopies.get(f.loc.file)?.has(f.resource))) : checked.findings));
  notices.push(...checked.notices);

  // A module called twice (or by two apps of one run) has its resources checked once per call: one line, one finding.
  // So is a CDK stack or construct class instantiated twice (per stage, per tenant).
  const sharedFiles = new Set([...terraform.moduleFiles, ...cdk.codeFiles]);
  if (sharedFiles.size) dedupeByLocation(findings, sharedFiles);
  // A Python CDK app's findings give their CDK fixes in Python.
  respellPythonCdkFindings(findings, cdkApps.filter(isPythonApp).map((a) => a.dir));

  const directives = new Map<string, Directive[]>();
  for (const [file, text] of texts) {
    const parsed = parseDirectives(text, file);
    if (parsed.length) directives.set(file, parsed);
  }
  const usedMetadata = applySuppressions(findings, directives, stacks);
  const unusedSetting = config.builtinLevels.get(unusedDirectiveMeta.name) ?? { level: 'error', configured: false };
  if (reportUnused && unusedSetting.level !== 'off') {
    findings.push(...unusedSuppressions(directives, stacks, usedMetadata, config).map((f) => withConfiguredLevel(f, unusedSetting)));
  }
  const handlers = stacks.flatMap((stack) => stack.functions.map((fn) => summariseHandler(fn)));
  for (const file of texts.keys()) footprint.add(file);
  for (const file of sources.sourceFiles) footprint.add(file);
  for (const finding of findings) footprint.add(finding.loc.file);
  for (const notice of notices) if (notice.path !== undefined) footprint.add(notice.path);
  lap('suppressions and graph');
  return { findings, notices, handlers, templates: stacks.filter((s) => s.format !== 'gcp-key-file').length, azureApps: stacks.filter((s) => s.format === 'azure-functions').length, functions: handlers.length, bytesRead, graph: buildGraph(stacks), stacks, footprint };
}

function summariseHandler(fn: FunctionModel): HandlerSummary {
  const link = fn.handlerLink ?? { status: 'not-linked', reason: 'not linked' };
  return link.status === 'linked'
    ? { functionId: fn.id, loc: fn.loc, status: link.status, source: link.file, exportName: link.exportName, language: linkLanguage(link) }
    : { functionId: fn.id, loc: fn.loc, status: link.status, reason: link.reason, category: link.category ?? 'other' };
}

function loadTemplate(file: DiscoveredFile, maxFileSize: number, ts: Ts | undefined): LoadedTemplate {
  const serverless = SERVERLESS_CONFIG.test(path.basename(file.path));
  const byName = (file.explicit && !file.unknownExtension) || serverless || TEMPLATE_NAME.test(path.basename(file.path));
  const fileLoc: Loc = { file: file.path, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const parseError = parseErrorIn(file.path);

  const read = readCandidate(file.path, maxFileSize);
  if ('problem' in read) {
    // A file that only might be a template is reported when its name or its first bytes say it is one.
    const report = byName || (read.problem === 'tooLarge' && looksLikeTemplate(readHead(file.path)));
    return { findings: report ? [parseError(read.problem, read.data)] : [], bytes: read.bytes };
  }
  const { text } = read;
  if (path.extname(file.path).toLowerCase() === '.json' && looksLikeServiceAccountKey(text)) return loadKeyFile(file.path, text, read.bytes);
  const looksLike = byName || looksLikeTemplate(text);
  if (!looksLike && file.unknownExtension) {
    // Named on the command line, so said rather than passed over in silence (a README, a Makefile).
    return { findings: [], bytes: read.bytes, notices: [{ message: 'not read: neither a template (no AWS resources in it) nor JavaScript/TypeScript', path: file.path }] };
  }
  if (!looksLike) return { findings: [], bytes: read.bytes };

  if (serverless) return loadServerless(file.path, text, read.bytes, parseError, fileLoc, ts);

  const syntax = path.extname(file.path).toLowerCase() === '.json' ? 'json' : 'yaml';
  const parsed = parseYamlOrJson(text, file.path, syntax);
  const fatal = parsed.diagnostics.find((d) => d.fatal);
  if (fatal) {
    return { findings: [parseError('syntax', { detail: fatal.message }, fatal.loc ?? fileLoc)], bytes: read.bytes };
  }
  if (!isCloudFormationTemplate(parsed.root)) return { findings: [], bytes: read.bytes };

  const findings = warningFindings(parsed.diagnostics, parseError, fileLoc);
  try {
    const stack = buildStackModel(parsed.root, file.path, file.origin === 'cdk' ? { format: 'cdk' } : {});
    linkHandlers(stack);
    return { stack, texts: [[file.path, text]], findings, bytes: read.bytes };
  } catch (error) {
    // A model bug must not cost the other templates their findings.
    return { findings, bytes: read.bytes, notices: [modelFailure(error, file.path)] };
  }
}

/**
 * CDK apps read as code (src/model/cdk-app.ts), one stack model per stack. When the app also has a
 * synthesized cloud assembly, the templates of the stacks modelled here are left out: the code
 * gives the user's lines, and reading both would report every finding twice.
 */
function loadCdkApps(apps: CdkAppLocation[], ts: Ts | undefined, python?: PythonParser): { loads: LoadedTemplate[]; replacedTemplates: Map<string, ModelledCdkApp>; codeFiles: Set<string>; modelled: ModelledCdkApp[] } {
  const loads: LoadedTemplate[] = [];
  const replacedTemplates = new Map<string, ModelledCdkApp>();
  const codeFiles = new Set<string>();
  const modelled: ModelledCdkApp[] = [];
  for (const app of apps) {
    let read;
    try {
      if (isPythonApp(app)) {
        if (!python) throw new Error('the Python parser could not be loaded');
        read = readPythonCdkApp(python, app.dir, app.entry);
      } else {
        if (!ts) continue;
        read = readCdkApp(ts, app.dir, app.entry);
      }
    } catch (error) {
      loads.push({ findings: [], bytes: 0, notices: [modelFailure(error, app.entry)] });
      continue;
    }
    const texts = read.files;
    for (const [file] of texts) codeFiles.add(file);
    const notices: Notice[] = read.notices.map((n) => ({ message: n.loc ? `${n.message} (line ${n.loc.line})` : n.message, path: n.loc?.file ?? app.entry }));
    if (!read.stacks.length) notices.push({ message: 'the CDK app creates no stack that sls-lint could follow in its code', path: app.entry });
    const bytes = texts.reduce((sum, [, text]) => sum + text.length, 0);
    loads.push({ findings: [], bytes, notices });
    const synthesized = app.assembly ? synthesizedTemplates(app.assembly) : undefined;
    const modelledApp: ModelledCdkApp = { dir: app.dir, stackPaths: new Set(read.stacks.map((s) => s.path)), constructPaths: new Set(read.stacks.flatMap((s) => constructPathsOf(s.root))) };
    modelled.push(modelledApp);
    for (const lowered of read.stacks) {
      if (app.assembly) replacedTemplates.set(synthesized?.get(lowered.path) ?? path.resolve(app.assembly, `${lowered.name}.template.json`), modelledApp);
      try {
        const stack = buildStackModel(lowered.root, lowered.file, { format: 'cdk' });
        for (const [id, locs] of lowered.anchors) {
          const resource = stack.resources.get(id);
          if (!resource) continue;
          // Keyed where the user's construct is instantiated, written inside it: the block is what is written.
          if (resource.loc.file !== resource.node.loc.file || !locContains(resource.blockLoc, resource.node.loc)) resource.blockLoc = resource.node.loc;
          resource.alsoAt = locs;
        }
        linkHandlers(stack);
        loads.push({ stack, texts, findings: [], bytes: 0 });
      } catch (error) {
        loads.push({ findings: [], bytes: 0, notices: [modelFailure(error, lowered.file)] });
      }
    }
  }
  return { loads, replacedTemplates, codeFiles, modelled };
}

/** A CDK app whose cdk.json runs Python (`python3 app.py`); the others are TypeScript or JavaScript. */
function isPythonApp(app: CdkAppLocation): boolean {
  return app.entry.endsWith('.py');
}

interface ModelledCdkApp {
  dir: string;
  stackPaths: Set<string>;
  /** Construct paths of what the code builds (`OrdersStack/Worker`), from the lowered resources' `aws:cdk:path`. */
  constructPaths: Set<string>;
}

/** The construct a lowered resource stands for: its `aws:cdk:path` without the last part (`…/Worker/Resource`). */
function constructPathsOf(root: TNode): string[] {
  const resources = get(root, 'Resources');
  if (resources?.kind !== 'map') return [];
  return resources.entries.flatMap((e) => {
    const cdkPath = get(get(e.value, 'Metadata'), 'aws:cdk:path');
    return cdkPath?.kind === 'scalar' && typeof cdkPath.value === 'string' && cdkPath.value.includes('/') ? [cdkPath.value.slice(0, cdkPath.value.lastIndexOf('/'))] : [];
  });
}

/**
 * A template synthesized from a CDK stack that an app read as code creates (a `cdk synth >
 * template.yaml` committed beside the app, its resources carrying their `aws:cdk:path`): the
 * stack's construct path, and the logical IDs of the resources the code builds too. Reading those
 * again would report every finding twice.
 */
function synthesizedCopyOf(stack: StackModel, apps: ModelledCdkApp[], fromAssembly = false): { stack: string; covered: Set<string> } | undefined {
  // A cdk.out template is the app's by the assembly's manifest; a committed copy, by lying in the app's folder.
  const owners = fromAssembly ? apps : apps.filter((a) => stack.file.startsWith(a.dir + path.sep));
  if (!owners.length || (stack.format === 'cdk' && !fromAssembly)) return undefined;
  const stackPaths = owners.flatMap((a) => [...a.stackPaths]);
  const constructs = owners.flatMap((a) => [...a.constructPaths]);
  let found: string | undefined;
  const covered = new Set<string>();
  for (const resource of stack.resources.values()) {
    const cdkPath = get(get(resource.node, 'Metadata'), 'aws:cdk:path');
    if (cdkPath?.kind !== 'scalar' || typeof cdkPath.value !== 'string') continue;
    const value = cdkPath.value;
    const match = stackPaths.find((p) => value.startsWith(`${p}/`));
    if (!match || (found !== undefined && found !== match)) return undefined;
    found = match;
    if (constructs.some((c) => value.startsWith(`${c}/`))) covered.add(resource.id);
  }
  return found === undefined ? undefined : { stack: found, covered };
}

/** A cloud assembly's templates by stack construct path (a Stage's stacks live in nested assemblies, named by a hash). */
function synthesizedTemplates(assembly: string): Map<string, string> {
  try {
    return new Map(cloudAssemblyStacks(assembly).flatMap((s) => (s.displayName ? [[s.displayName, s.file] as const] : [])));
  } catch {
    return new Map();
  }
}

interface ParsedTerraformDir {
  parsed: TerraformModule['files'];
  texts: [string, string][];
  findings: Finding[];
  bytes: number;
}

/**
 * Every folder of .tf files, read as Terraform would: a folder that another folder of the run calls
 * as a local module (`source = "../modules/sqs"`) is read inside its callers, with the variables
 * they bind, and not again on its own, where it would be judged by its defaults alone. A folder only
 * called from a cycle of calls is still read on its own.
 */
function loadTerraformModules(dirs: Map<string, DiscoveredFile[]>, maxFileSize: number): { loads: LoadedTemplate[]; moduleFiles: Set<string>; filesRead: Set<string> } {
  const filesRead = new Set<string>();
  const parseTerraformFiles = (files: string[], maxFileSize: number) => {
    for (const file of files) filesRead.add(path.resolve(file));
    return parseTerraformFolder(files, maxFileSize);
  };
  const inRun = new Map<string, ParsedTerraformDir>();
  for (const [dir, files] of dirs) inRun.set(path.resolve(dir), parseTerraformFiles(files.map((f) => f.path), maxFileSize));
  const calls = new Map([...inRun].map(([dir, p]) => [dir, localModuleDirs({ dir, files: p.parsed }).filter((d) => d !== dir)]));
  const called = new Set([...calls.values()].flat());
  const reachable = new Set<string>();
  const queue = [...inRun.keys()].filter((d) => !called.has(d));
  while (queue.length) {
    const dir = queue.pop()!;
    if (reachable.has(dir)) continue;
    reachable.add(dir);
    queue.push(...(calls.get(dir) ?? []));
  }
  // Folders outside the run that a module call names are read once, their parse errors reported once.
  const outside = new Map<string, ParsedTerraformDir | undefined>();
  const outsideFindings: Finding[] = [];
  let outsideBytes = 0;
  const moduleFiles = new Set<string>();
  const readOutside = (dir: string): ParsedTerraformDir | undefined => {
    if (!outside.has(dir)) {
      let names: string[] | undefined;
      try {
        names = readdirSync(dir).filter((n) => n.endsWith('.tf')).sort();
      } catch {
        names = undefined;
      }
      const read = names && parseTerraformFiles(names.map((n) => path.join(dir, n)), maxFileSize);
      if (read) {
        outsideFindings.push(...read.findings);
        outsideBytes += read.bytes;
      }
      outside.set(dir, read);
    }
    return outside.get(dir);
  };

  const loads: LoadedTemplate[] = [];
  for (const dir of dirs.keys()) {
    const key = path.resolve(dir);
    const own = inRun.get(key)!;
    if (called.has(key) && reachable.has(key)) {
      // Read in its callers, Google resources included (./model/gcp.ts buildGcpStacks).
      loads.push({ findings: own.findings, bytes: own.bytes });
      continue;
    }
    const texts = new Map(own.texts);
    const readModule = (moduleDir: string) => {
      const read = inRun.get(moduleDir) ?? readOutside(moduleDir);
      if (!read) return { problem: `its folder ${path.relative(key, moduleDir) || '.'} does not exist or cannot be read` };
      for (const [file, text] of read.texts) {
        texts.set(file, text);
        moduleFiles.add(file);
      }
      return { files: read.parsed };
    };
    loads.push(buildTerraformLoad(dir, own, texts, readModule));
  }
  loads.push({ findings: outsideFindings, bytes: outsideBytes });
  return { loads, moduleFiles, filesRead };
}

function parseTerraformFolder(files: string[], maxFileSize: number): ParsedTerraformDir {
  const findings: Finding[] = [];
  const texts: [string, string][] = [];
  const parsed: TerraformModule['files'] = [];
  let bytes = 0;
  for (const file of files) {
    const parseError = parseErrorIn(file);
    const read = readCandidate(file, maxFileSize);
    bytes += read.bytes;
    if ('problem' in read) {
      findings.push(parseError(read.problem, read.data));
      continue;
    }
    try {
      parsed.push({ file, hcl: parseHcl(read.text, file) });
      texts.push([file, read.text]);
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      findings.push(parseError('syntax', { detail: error.message }, error.loc));
    }
  }
  return { parsed, texts, findings, bytes };
}

/** `texts` gains the files of the modules read, for their suppression directives. */
function buildTerraformLoad(dir: string, { parsed, findings, bytes }: ParsedTerraformDir, texts: Map<string, string>, readModule: TerraformModule['readModule']): LoadedTemplate {
  const notices: Notice[] = [];
  if (!parsed.length) return { findings, bytes };
  const google = loadGcpStacks(dir, parsed, readModule, notices);
  try {
    const { stack, notices: problems } = buildTerraformStack({ dir, files: parsed, readModule });
    for (const p of problems) notices.push({ message: `${p.message} (line ${p.loc.line})`, path: p.loc.file });
    if (!stack) return google.length ? { moreStacks: google, texts: [...texts], findings, notices, bytes } : { findings, notices, bytes };
    linkHandlers(stack);
    return { stack, moreStacks: google, texts: [...texts], findings, notices, bytes };
  } catch (error) {
    return { ...(google.length ? { moreStacks: google, texts: [...texts] } : {}), findings, notices: [...notices, modelFailure(error, dir)], bytes };
  }
}

/** A committed Google Cloud service-account key: a stack of its own, for hardcoded-secret. */
function loadKeyFile(file: string, text: string, bytes: number): LoadedTemplate {
  const parsed = parseYamlOrJson(text, file, 'json');
  if (parsed.diagnostics.some((d) => d.fatal) || parsed.root?.kind !== 'map') return { findings: [], bytes };
  return { stack: buildKeyFileStack(parsed.root, file), texts: [[file, text]], findings: [], bytes };
}

/** The Google Cloud resources of a Terraform folder and the local modules it calls, modelled and linked (./model/gcp.ts). */
function loadGcpStacks(dir: string, parsed: TerraformModule['files'], readModule: TerraformModule['readModule'], notices: Notice[]): StackModel[] {
  try {
    const stacks = buildGcpStacks({ dir, files: parsed }, readModule);
    for (const stack of stacks) linkGcpFunctions(stack);
    return stacks;
  } catch (error) {
    notices.push(modelFailure(error, dir));
    return [];
  }
}

/**
 * Findings of one rule at one place in a module's file are one problem, whichever module call found
 * them. Elsewhere one place may rightly hold several (a SAM Globals timeout shared by two functions).
 */
function dedupeByLocation(findings: Finding[], moduleFiles: Set<string>): void {
  const seen = new Set<string>();
  let kept = 0;
  for (const finding of findings) {
    if (!moduleFiles.has(finding.loc.file)) {
      findings[kept++] = finding;
      continue;
    }
    const key = [finding.ruleId, finding.messageId, finding.loc.file, finding.loc.line, finding.loc.column].join('\0');
    if (seen.has(key)) continue;
    seen.add(key);
    findings[kept++] = finding;
  }
  findings.length = kept;
}

/** A file's text, or why it cannot be read as one (the size limit, a read error, binary content). */
function readCandidate(file: string, maxFileSize: number): { text: string; bytes: number } | { problem: 'unreadable' | 'tooLarge' | 'binary'; data: Record<string, string>; bytes: number } {
  let buffer: Buffer;
  try {
    const size = statSync(file).size;
    if (size > maxFileSize) return { problem: 'tooLarge', data: { size: formatBytes(size), limit: formatBytes(maxFileSize) }, bytes: 0 };
    buffer = readFileSync(file);
  } catch (error) {
    return { problem: 'unreadable', data: { detail: describeFsError(error) }, bytes: 0 };
  }
  if (buffer.subarray(0, 8000).includes(0)) return { problem: 'binary', data: {}, bytes: buffer.length };
  const text = decodeUtf8(buffer);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, bytes: buffer.length };
}

/** Unknown tags and duplicate keys: the file is still read, and the user is told. */
function warningFindings(diagnostics: Diagnostic[], parseError: ParseErrorFactory, fileLoc: Loc): Finding[] {
  return diagnostics.map((d) => parseError(d.code === 'unknown-tag' ? 'unknownTag' : 'duplicateKey', { detail: capitalise(d.message) }, d.loc ?? fileLoc, 'warning'));
}

/** A model bug must not cost the other files their findings: it becomes a notice. */
function modelFailure(error: unknown, file: string): Notice {
  return { message: `could not build the application model: ${(error as Error).message}`, path: file };
}

/** A `parse-error` finding for `file`: at its first line unless the parser says where. */
function parseErrorIn(file: string): ParseErrorFactory {
  const fileLoc: Loc = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  return (messageId, data, loc = fileLoc, severity) => ({
    ruleId: parseErrorMeta.name,
    messageId,
    severity: severity ?? 'error',
    message: formatMessage(parseErrorMeta.messages[messageId]!, data),
    loc,
    logicalPath: `parse-error/${messageId}`,
  });
}

type ParseErrorFactory = (messageId: string, data: Record<string, string>, loc?: Loc, severity?: 'warning') => Finding;

function loadServerless(file: string, text: string, bytes: number, parseError: ParseErrorFactory, fileLoc: Loc, ts: Ts | undefined): LoadedTemplate {
  let root;
  const findings: Finding[] = [];
  if (file.endsWith('.ts')) {
    if (!ts) return { findings: [], bytes };
    const parsed = parseServerlessTs(ts, text, file);
    if (!parsed.root) return { findings: [], bytes, notices: [{ message: `skipped: ${parsed.reason}`, path: file }] };
    root = parsed.root;
  } else {
    const parsed = parseYamlOrJson(text, file, file.endsWith('.json') ? 'json' : 'yaml');
    const fatal = parsed.diagnostics.find((d) => d.fatal);
    if (fatal) return { findings: [parseError('syntax', { detail: fatal.message }, fatal.loc ?? fileLoc)], bytes };
    findings.push(...warningFindings(parsed.diagnostics, parseError, fileLoc));
    root = parsed.root;
  }
  if (!isServerlessConfig(root)) {
    return { findings, bytes, notices: [{ message: 'skipped: not a Serverless Framework configuration (no `service` with `provider` or `functions`)', path: file }] };
  }
  try {
    const { stack, problems } = buildServerlessStack(root, file);
    const notices = problems.length ? [{ message: problems.map((p) => `${p.message} (line ${p.loc.line})`).join('; '), path: file }] : [];
    if (!stack) return { findings, bytes, notices };
    linkHandlers(stack);
    return { stack, texts: [[file, text]], findings, bytes, notices };
  } catch (error) {
    return { findings, bytes, notices: [modelFailure(error, file)] };
  }
}

function unusedSuppressions(directives: Map<string, Directive[]>, stacks: StackModel[], usedMetadata: Map<string, Set<string>>, config: ResolvedConfig): Finding[] {
  // A rule turned off in the config is still a rule: suppressing it is unused, not unknown.
  const allNames = new Set([...config.allRuleNames]);
  const out: Finding[] = [];
  const report = (loc: Loc, messageId: 'unused' | 'unknownRule', data: Record<string, string>, logicalPath: string) =>
    out.push({
      ruleId: unusedDirectiveMeta.name,
      messageId,
      severity: 'error',
      message: formatMessage(unusedDirectiveMeta.messages[messageId]!, data),
      loc,
      logicalPath,
    });
  for (const list of directives.values()) {
    for (const d of list) {
      for (const rule of d.rules.filter((r) => !allNames.has(r))) report(d.loc, 'unknownRule', { rule }, `directive/${d.loc.line}/${rule}`);
      const unused = d.rules.length === 0 ? (d.used.size ? [] : ['all rules']) : d.rules.filter((r) => allNames.has(r) && !d.used.has(r));
      if (unused.length) report(d.loc, 'unused', { rules: unused.join(', ') }, `directive/${d.loc.line}`);
    }
  }
  for (const stack of stacks) {
    for (const resource of stack.resources.values()) {
      if (!resource.ignores.size) continue;
      const used = usedMetadata.get(`${stack.file}#${resource.id}`) ?? new Set();
      for (const rule of resource.ignores) {
        if (rule === 'all' || rule === '*') {
          if (!used.size) report(resource.loc, 'unused', { rules: 'all rules' }, `${resource.node.path}/ignore`);
        } else if (!allNames.has(rule)) {
          report(resource.loc, 'unknownRule', { rule }, `${resource.node.path}/ignore/${rule}`);
        } else if (!used.has(rule)) {
          report(resource.loc, 'unused', { rules: rule }, `${resource.node.path}/ignore/${rule}`);
        }
      }
    }
  }
  return out;
}

function withConfiguredLevel(finding: Finding, setting: { level: string; configured: boolean }): Finding {
  if (!setting.configured) return finding;
  return { ...finding, severity: setting.level === 'error' ? 'error' : 'warning' };
}

function readHead(file: string): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const read = readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, read).toString('utf8');
  } catch {
    return '';
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
