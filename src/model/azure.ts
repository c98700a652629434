/**
 * Azure Functions apps, lowered into the one application model. An app is a folder with a
 * `host.json`; its functions are declared in one of four ways, all read here:
 *
 * - Node.js v4: `app.http('name', { handler, … })` and the other `app.*` registrations in code;
 * - Python v2: `@app.route(…)`, `@app.queue_trigger(…)`, … decorators in `function_app.py` (and blueprints);
 * - v3 (Node.js) and v1 (Python): one folder per function with a `function.json` of bindings,
 *   whose `scriptFile` and `entryPoint` name the handler.
 *
 * Each function becomes a FunctionModel (`platform: 'azure'`) with its trigger, the app's
 * `functionTimeout` from host.json, the settings of a committed `local.settings.json` as its
 * environment, and a link to its handler, so the source rules run on it. Every value keeps the
 * place it is written. The code is read as text (TypeScript's parser for JS/TS, a line reader for
 * Python decorators), never run.
 */
import { emptyStack } from './stack.js';
import { statSync } from 'node:fs';
import path from 'node:path';
import type { DiscoveredFile } from '../discover/index.js';
import type { Notice } from '../engine/result.js';
import { findCompiledSource } from '../link/handlers.js';
import { isFile, SOURCE_EXTENSIONS } from '../link/files.js';
import { get, isMap, isScalar, isSeq, type Loc, type MapNode, type TNode } from '../parse/tree.js';
import { parseYamlOrJson } from '../parse/yaml-json.js';
import { azureRegistrations, registrationExportName } from '../source/javascript/azure.js';
import { SourceProgram, type Ts } from '../source/program.js';
import { readPythonRegistrations } from './azure-python.js';
import { buildAzureTerraform, type AzureTerraformApp, type AzureTerraformFunction } from './azure-terraform.js';
import { HclSyntaxError, parseHcl, type HclFile } from '../parse/hcl.js';
import type { AzureRetryPolicy, EnvironmentVariable, FunctionModel, HandlerLink, InvocationType, ResourceModel, Setting, StackModel, Trigger, TriggerKind } from './types.js';
import { readUtf8 } from '../parse/decode.js';

export interface AzureLoad {
  stack?: StackModel;
  texts: [file: string, text: string][];
  notices: Notice[];
  bytes: number;
}

/** How a trigger type invokes: HTTP waits for the response, a timer fires per occurrence, the rest deliver at least once. */
interface TriggerSpec {
  kind: TriggerKind;
  invocation: InvocationType;
  /** The option/binding property that names the source (queue, topic, hub, container, path). */
  sourceKeys: string[];
}

const HTTP: TriggerSpec = { kind: 'azure-http', invocation: 'sync', sourceKeys: ['route'] };
const TIMER: TriggerSpec = { kind: 'azure-timer', invocation: 'scheduled', sourceKeys: ['schedule'] };
const QUEUE: TriggerSpec = { kind: 'azure-storage-queue', invocation: 'poll', sourceKeys: ['queueName', 'queue_name'] };
const SB_QUEUE: TriggerSpec = { kind: 'azure-service-bus-queue', invocation: 'poll', sourceKeys: ['queueName', 'queue_name'] };
const SB_TOPIC: TriggerSpec = { kind: 'azure-service-bus-topic', invocation: 'poll', sourceKeys: ['topicName', 'topic_name'] };
const EVENT_HUB: TriggerSpec = { kind: 'azure-event-hub', invocation: 'poll', sourceKeys: ['eventHubName', 'event_hub_name'] };
// Event Grid pushes each event and retries it until the function accepts it: at least once.
const EVENT_GRID: TriggerSpec = { kind: 'azure-event-grid', invocation: 'async', sourceKeys: [] };
const COSMOS: TriggerSpec = { kind: 'azure-cosmos-db', invocation: 'poll', sourceKeys: ['containerName', 'collectionName', 'container_name', 'collection_name'] };
const BLOB: TriggerSpec = { kind: 'azure-blob', invocation: 'poll', sourceKeys: ['path'] };

/** Node.js v4 `app.*` methods. */
const V4_METHODS: Record<string, TriggerSpec> = {
  http: HTTP, get: HTTP, put: HTTP, post: HTTP, patch: HTTP, deleteRequest: HTTP,
  timer: TIMER,
  storageQueue: QUEUE,
  serviceBusQueue: SB_QUEUE,
  serviceBusTopic: SB_TOPIC,
  eventHub: EVENT_HUB,
  eventGrid: EVENT_GRID,
  cosmosDB: COSMOS,
  storageBlob: BLOB,
};

/** function.json trigger binding types. */
const BINDING_TYPES: Record<string, TriggerSpec> = {
  httpTrigger: HTTP,
  timerTrigger: TIMER,
  queueTrigger: QUEUE,
  eventHubTrigger: EVENT_HUB,
  eventGridTrigger: EVENT_GRID,
  cosmosDBTrigger: COSMOS,
  blobTrigger: BLOB,
};

/** Python v2 decorators. */
export const PYTHON_DECORATORS: Record<string, TriggerSpec> = {
  route: HTTP,
  timer_trigger: TIMER,
  schedule: TIMER,
  queue_trigger: QUEUE,
  service_bus_queue_trigger: SB_QUEUE,
  service_bus_topic_trigger: SB_TOPIC,
  event_hub_message_trigger: EVENT_HUB,
  event_grid_trigger: EVENT_GRID,
  cosmos_db_trigger: COSMOS,
  cosmos_db_trigger_v3: COSMOS,
  blob_trigger: BLOB,
};

const OTHER: TriggerSpec = { kind: 'other', invocation: 'unknown', sourceKeys: [] };

/** What a declaration in code or function.json says about one function, before it becomes a model. */
export interface DeclaredFunction {
  name: string;
  /** Where the function is declared: its name literal, its decorator, its function.json. */
  loc: Loc;
  trigger: { spec: TriggerSpec; method: string; loc: Loc; source?: { name: string; loc: Loc } } | undefined;
  link: HandlerLink;
  /** The function's own retry policy. */
  retry?: AzureRetryPolicy;
  /** `node` and `python` are read; another language (a Terraform function in C#, Java, PowerShell) is named as written. */
  language: 'node' | 'python' | (string & {});
}

export function triggerSpecFor(kind: 'v4' | 'binding' | 'python', name: string): TriggerSpec {
  const table = kind === 'v4' ? V4_METHODS : kind === 'binding' ? BINDING_TYPES : PYTHON_DECORATORS;
  return Object.hasOwn(table, name) ? table[name]! : OTHER;
}

/** `host.json` files among the discovered ones: each is an app. */
export function isAzureHostFile(file: DiscoveredFile): boolean {
  return file.kind === 'template-candidate' && path.basename(file.path) === 'host.json';
}

/**
 * Every Functions app the run found (a discovered `host.json`), each as one stack. `files` are all
 * discovered files: an app's function.json, local.settings.json and sources are taken from them, so
 * ignored files (a git-ignored local.settings.json) stay unread.
 */
export async function buildAzureStacks(files: DiscoveredFile[], loadTs: () => Promise<Ts>, maxFileSize: number, projects: string[] = []): Promise<AzureLoad[]> {
  const hosts = files.filter(isAzureHostFile).map((f) => path.dirname(f.path));
  const terraform = azureTerraformLoads(files, maxFileSize);
  const needsCode = hosts.length > 0 || terraform.some((t) => t.functions.some((fn) => fn.files.some((f) => f.path)));
  const program = needsCode ? new SourceProgram(await loadTs()) : undefined;
  const codeApps: { dir: string; load: AzureLoad }[] = [];
  for (const appDir of hosts) {
    // A nested app (a sample inside a repository of samples) owns its own folder.
    const own = (file: string) => file.startsWith(appDir + path.sep) && !hosts.some((other) => other !== appDir && other.startsWith(appDir + path.sep) && file.startsWith(other + path.sep));
    const appFiles = files.filter((f) => own(f.path));
    try {
      codeApps.push({ dir: appDir, load: buildApp(appDir, appFiles, program!, maxFileSize) });
    } catch (error) {
      // A model bug must not cost the other apps their findings.
      codeApps.push({ dir: appDir, load: { texts: [], notices: [{ message: `could not build the Azure Functions app model: ${(error as Error).message}`, path: path.join(appDir, 'host.json') }], bytes: 0 } });
    }
  }
  // Code and Terraform are paired within a project (src/engine/units.ts), never across the run: the
  // same pairs whichever projects the run holds, and however it is spread over threads.
  const projectOf = (dir: string) => deepestHolding(projects, (p) => p, dir) ?? '';
  const byProject = new Map<string, { codeApps: typeof codeApps; terraform: typeof terraform }>();
  const inProject = (dir: string) => {
    const key = projectOf(dir);
    let group = byProject.get(key);
    if (!group) byProject.set(key, (group = { codeApps: [], terraform: [] }));
    return group;
  };
  for (const app of codeApps) inProject(app.dir).codeApps.push(app);
  for (const folder of terraform) inProject(folder.folder).terraform.push(folder);
  for (const group of byProject.values()) pairWithTerraform(group.codeApps, group.terraform, program);
  return [...codeApps.map((a) => a.load), ...terraform.map((t) => t.load)];
}

type TerraformFolder = ReturnType<typeof azureTerraformLoads>[number];

/** Of `items`, the one whose folder holds `file` (or is it) most closely. */
function deepestHolding<T>(items: T[], folderOf: (item: T) => string, file: string): T | undefined {
  let best: T | undefined;
  let bestLength = -1;
  for (const item of items) {
    const folder = folderOf(item);
    if (folder.length > bestLength && (file === folder || file.startsWith(folder + path.sep))) {
      best = item;
      bestLength = folder.length;
    }
  }
  return best;
}

/**
 * What ties a code app to a Terraform function app is written in the files: a function's
 * `file("…")` inside the app's folder, or `zip_deploy_file` packaging the app's folder. The plan
 * of the app the code deploys to becomes its functions' plan; unknown when the ties do not say.
 * Terraform's own functions (`azurerm_function_app_function`) join the model, except one the code
 * app already declares under the same name.
 */
function pairWithTerraform(codeApps: { dir: string; load: AzureLoad }[], terraform: TerraformFolder[], program: SourceProgram | undefined): void {
  const withFunctions = codeApps.filter((a) => a.load.stack?.functions.length);
  // The deepest app whose folder holds the path: a nested sample owns its files.
  const owner = (file: string) => deepestHolding(withFunctions, (a) => a.dir, file);
  const key = (folder: TerraformFolder, address: string) => `${folder.folder}\0${address}`;
  const deployedTo = new Map<{ dir: string; load: AzureLoad }, Set<string>>();
  const tie = (app: { dir: string; load: AzureLoad } | undefined, tfApp: string) => {
    if (!app) return;
    let apps = deployedTo.get(app);
    if (!apps) deployedTo.set(app, (apps = new Set()));
    apps.add(tfApp);
  };
  for (const folder of terraform) {
    for (const app of folder.apps) {
      if (!app.codeDir) continue;
      const below = withFunctions.filter((a) => a.dir.startsWith(app.codeDir + path.sep));
      tie(owner(app.codeDir) ?? (below.length === 1 ? below[0] : undefined), key(folder, app.address));
    }
    for (const fn of folder.functions) {
      const file = codePlace(fn);
      if (fn.app && file) tie(owner(file), key(folder, fn.app));
    }
  }
  const tfApps = terraform.flatMap((folder) => folder.apps.map((app) => ({ key: key(folder, app.address), folder, app })));
  const byKey = new Map(tfApps.map((t) => [t.key, t]));
  // Without a tie, the one code app runs on whichever app Terraform declares: certain only when they all use one plan.
  const untied = withFunctions.length === 1 && !deployedTo.size && tfApps.length ? new Set(tfApps.map((t) => t.key)) : undefined;
  for (const app of withFunctions) {
    const targets = [...(deployedTo.get(app) ?? (untied && app === withFunctions[0] ? untied : []))].map((k) => byKey.get(k)!);
    const plans = new Set(targets.map((t) => (t.app.plan && t.app.planAddress ? `${t.folder.folder}\0${t.app.planAddress}` : t.app.plan ? t.key : undefined)));
    const plan = targets[0]?.app.plan;
    if (plan && plans.size === 1 && !plans.has(undefined)) for (const fn of app.load.stack!.functions) fn.azurePlan = plan;
  }

  for (const folder of terraform) {
    for (const tfFunction of folder.functions) {
      const chosen = codeFile(tfFunction);
      const file = codePlace(tfFunction, chosen);
      const tfKey = tfFunction.app ? key(folder, tfFunction.app) : undefined;
      // An app whose functions are all declared in Terraform still has its host.json: any read app can own the file.
      const codeApp = (file ? deepestHolding(codeApps.filter((a) => a.load.stack), (a) => a.dir, file) : undefined)
        ?? withFunctions.find((a) => tfKey && deployedTo.get(a)?.has(tfKey))
        ?? (withFunctions.length === 1 && tfApps.length === 1 && !deployedTo.size ? withFunctions[0] : undefined);
      const name = tfFunction.name ?? tfFunction.address;
      // The same function found from its function.json: one function, read from its code app.
      if (codeApp?.load.stack?.functions.some((fn) => fn.id === name)) continue;
      const declared = terraformDeclared(tfFunction, name, program);
      const tfApp = tfKey ? byKey.get(tfKey)?.app : undefined;
      const host = codeApp?.load.stack;
      const hostRetry = host ? retryPolicy(get(host.root, 'retry'), 'host') : undefined;
      // A function deployed into a code app's folder belongs to that app: one host.json, one set of findings.
      addFunction(codeApp?.load.stack ?? folder.load.stack!, functionModel(declared, {
        resource: { id: tfFunction.address, type: 'azurerm_function_app_function', loc: tfFunction.resourceLoc, blockLoc: tfFunction.blockLoc, nodePath: `resource/${tfFunction.address}` },
        code: declared.link.status === 'linked' ? { kind: 'path', path: path.dirname(declared.link.file), loc: chosen!.loc } : { kind: 'unknown', reason: declared.link.reason, loc: tfFunction.resourceLoc },
        // The host.json of the app the function deploys with sets its timeout.
        timeout: host && isMap(host.root) ? functionTimeout(host.root, host.file) : unset(tfFunction.loc),
        environment: [],
        ...(hostRetry ? { hostRetry } : {}),
        ...(tfApp?.plan ? { plan: tfApp.plan } : {}),
      }));
    }
  }
}

/** The `file` block that holds a Terraform function's code: the one `scriptFile` names, an entry file by name, or the only one. */
function codeFile(fn: AzureTerraformFunction): (AzureTerraformFunction['files'][number] & { path: string }) | undefined {
  const scriptFile = scalarText(get(fn.config, 'scriptFile'));
  const files = fn.files.filter((f): f is typeof f & { path: string } => f.path !== undefined);
  const byName = (test: (name: string) => boolean) => files.find((f) => test(f.name ?? path.basename(f.path)));
  return (scriptFile ? byName((n) => path.basename(n) === path.basename(scriptFile)) : undefined)
    ?? byName((n) => /^index\.[cm]?[jt]s$/.test(n) || n === '__init__.py' || n === 'main.py')
    ?? (files.length === 1 ? files[0] : undefined);
}

/** A file of the function's code, to tell which code app it lies in: its code file, or any file block's. */
function codePlace(fn: AzureTerraformFunction, chosen = codeFile(fn)): string | undefined {
  return (chosen ?? fn.files.find((f) => f.path))?.path;
}

/** A Terraform function as a declaration: its trigger from `config_json`, its handler from its `file` blocks. */
function terraformDeclared(fn: AzureTerraformFunction, name: string, program: SourceProgram | undefined): DeclaredFunction {
  const config = fn.config;
  const entryPoint = scalarText(get(config, 'entryPoint'));
  const written = fn.language?.toLowerCase();
  const chosen = codeFile(fn);
  const language = written === 'javascript' || written === 'typescript' ? 'node' : written === 'python' ? 'python' : written ?? (chosen?.path.endsWith('.py') ? 'python' : chosen ? 'node' : 'unknown');
  let link: HandlerLink;
  if (language === 'unknown') {
    link = { status: 'not-linked', reason: `${fn.address} names neither its language nor a code file`, category: 'other' };
  } else if (language !== 'node' && language !== 'python') {
    link = { status: 'not-linked', reason: `${fn.address} is a ${fn.language} function, whose code is not read`, category: 'runtime-not-analysed' };
  } else if (!chosen) {
    link = { status: 'not-linked', reason: `${fn.address} has no file block whose content is file("…") naming its code`, category: fn.files.length ? 'inline-code' : 'other' };
  } else if (!isFile(chosen.path)) {
    link = { status: 'not-linked', reason: `${path.basename(chosen.path)} (file block of ${fn.address}) does not exist`, category: 'missing-file' };
  } else if (language === 'python') {
    link = { status: 'linked', file: chosen.path, exportName: entryPoint ?? 'main', via: 'azure', language: 'python', codeRoot: path.dirname(chosen.path) };
  } else {
    link = linkNodeScript(path.dirname(chosen.path), chosen.path, entryPoint, program!);
  }
  const retry = retryPolicy(get(config, 'retry'), 'function');
  return { name, loc: fn.loc, trigger: fn.config ? bindingTrigger(fn.config) : undefined, link, ...(retry ? { retry } : {}), language };
}

/** Folders of .tf files that declare azurerm function apps: their app settings, plans, functions and role assignments. */
function azureTerraformLoads(files: DiscoveredFile[], maxFileSize: number): { folder: string; load: AzureLoad; apps: AzureTerraformApp[]; functions: AzureTerraformFunction[] }[] {
  const folders = new Map<string, string[]>();
  for (const file of files.filter((f) => f.kind === 'terraform')) folders.set(path.dirname(file.path), [...(folders.get(path.dirname(file.path)) ?? []), file.path]);
  const out: { folder: string; load: AzureLoad; apps: AzureTerraformApp[]; functions: AzureTerraformFunction[] }[] = [];
  for (const [folder, paths] of folders) {
    const texts: [string, string][] = [];
    const parsed: { file: string; hcl: HclFile }[] = [];
    for (const file of paths) {
      const text = readText(file);
      // Size limits and syntax errors are reported by the Terraform reader; here such a file is only skipped.
      if (text === undefined || text.length > maxFileSize || !text.includes('azurerm_')) continue;
      try {
        parsed.push({ file, hcl: parseHcl(text, file) });
        texts.push([file, text]);
      } catch (error) {
        if (!(error instanceof HclSyntaxError)) throw error;
      }
    }
    if (!parsed.length) continue;
    const { stack, apps, functions } = buildAzureTerraform(parsed);
    if (stack) out.push({ folder, load: { stack, texts, notices: [], bytes: 0 }, apps, functions });
  }
  return out;
}

function buildApp(appDir: string, files: DiscoveredFile[], program: SourceProgram, maxFileSize: number): AzureLoad {
  const hostFile = path.join(appDir, 'host.json');
  const load: AzureLoad = { texts: [], notices: [], bytes: 0 };
  const readJson = (file: string): MapNode | undefined => {
    let text: string;
    try {
      if (statSync(file).size > maxFileSize) {
        load.notices.push({ message: 'not read: larger than the size limit', path: file });
        return undefined;
      }
      text = readUtf8(file);
    } catch (error) {
      load.notices.push({ message: `could not be read: ${(error as Error).message.split('\n')[0]}`, path: file });
      return undefined;
    }
    load.bytes += Buffer.byteLength(text);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // host.json and function.json are read by a JSON reader that allows comments: YAML reads them too.
    const parsed = parseYamlOrJson(text, file, 'yaml');
    const fatal = parsed.diagnostics.find((d) => d.fatal);
    if (fatal || !isMap(parsed.root)) {
      load.notices.push({ message: `not read as Azure Functions configuration: ${fatal ? fatal.message : 'not a JSON object'}`, path: file });
      return undefined;
    }
    load.texts.push([file, text]);
    return parsed.root;
  };

  const host = readJson(hostFile);
  if (!host) return load;
  const fileLoc = (file: string): Loc => ({ file, line: 1, column: 1, endLine: 1, endColumn: 1 });

  const declared: DeclaredFunction[] = [];
  // v3 / Python v1: <app>/<Function>/function.json.
  for (const file of files.filter((f) => path.basename(f.path) === 'function.json' && path.dirname(path.dirname(f.path)) === appDir)) {
    const root = readJson(file.path);
    if (root) declared.push(...fromFunctionJson(file.path, root, program));
  }
  // Node.js v4: registrations in code.
  for (const file of files.filter((f) => f.kind === 'source' && /\.[cm]?[jt]s$/.test(f.path) && !/\.(test|spec)\.[cm]?[jt]s$/.test(f.path))) {
    if (!mentions(file.path, '@azure/functions')) continue;
    const source = program.get(file.path);
    if (!source) continue;
    for (const registration of azureRegistrations(program.ts, source)) {
      const loc = program.loc(source, registration.nameNode);
      if (registration.name === undefined) {
        load.notices.push({ message: `an app.${registration.method}(…) registration whose name is not a literal was not modelled (line ${loc.line})`, path: file.path });
        continue;
      }
      const spec = triggerSpecFor('v4', registration.method);
      const options = registration.options;
      let source_: { name: string; loc: Loc } | undefined;
      for (const property of options?.properties ?? []) {
        const key = property.name?.getText(source.sourceFile).replace(/^['"]|['"]$/g, '');
        if (!key || !spec.sourceKeys.includes(key) || !program.ts.isPropertyAssignment(property) || !program.ts.isStringLiteralLike(property.initializer)) continue;
        source_ = { name: property.initializer.text, loc: program.loc(source, property.initializer) };
      }
      const retryOption = options?.properties.find((p) => p.name?.getText(source.sourceFile).replace(/^['"]|['"]$/g, '') === 'retry');
      let retry: AzureRetryPolicy | undefined;
      if (retryOption && program.ts.isPropertyAssignment(retryOption)) {
        const value = retryOption.initializer;
        const literal = (key: string) => {
          if (!program.ts.isObjectLiteralExpression(value)) return undefined;
          const property = value.properties.find((p) => p.name?.getText(source.sourceFile) === key);
          if (!property || !program.ts.isPropertyAssignment(property)) return undefined;
          const init = property.initializer;
          if (program.ts.isStringLiteralLike(init)) return init.text;
          if (program.ts.isNumericLiteral(init)) return Number(init.text);
          if (program.ts.isPrefixUnaryExpression(init) && init.operator === program.ts.SyntaxKind.MinusToken && program.ts.isNumericLiteral(init.operand)) return -Number(init.operand.text);
          return undefined;
        };
        const strategy = literal('strategy');
        const count = literal('maxRetryCount');
        retry = { strategy: typeof strategy === 'string' ? strategy : undefined, maxRetryCount: typeof count === 'number' ? count : undefined, loc: program.loc(source, retryOption), from: 'function' };
      }
      declared.push({
        name: registration.name,
        loc,
        trigger: { spec, method: `app.${registration.method}`, loc: program.loc(source, registration.call.expression), ...(source_ ? { source: source_ } : {}) },
        link: { status: 'linked', file: file.path, exportName: registrationExportName(registration.method, registration.name), via: 'azure' },
        ...(retry ? { retry } : {}),
        language: 'node',
      });
    }
  }
  // Python v2: decorators in function_app.py and the blueprints it registers.
  for (const file of files.filter((f) => f.kind === 'source' && f.path.endsWith('.py'))) {
    const text = readText(file.path);
    if (text === undefined || !/\bazure\.functions\b/.test(text)) continue;
    for (const registration of readPythonRegistrations(file.path, text)) {
      declared.push({
        name: registration.name,
        loc: registration.loc,
        trigger: { spec: triggerSpecFor('python', registration.decorator), method: `@${registration.receiver}.${registration.decorator}`, loc: registration.triggerLoc, ...(registration.source ? { source: registration.source } : {}) },
        link: { status: 'linked', file: file.path, exportName: registration.functionName, via: 'azure', language: 'python', codeRoot: appDir },
        ...(registration.retry ? { retry: { ...registration.retry, from: 'function' as const } } : {}),
        language: 'python',
      });
    }
  }

  const settings = localSettings(files, appDir, readJson);
  const timeout = functionTimeout(host, hostFile);
  const hostRetry = retryPolicy(get(host, 'retry'), 'host');
  const bundle = get(host, 'extensionBundle');
  const stack: StackModel = emptyStack({
    format: 'azure-functions',
    platform: 'azure',
    file: hostFile,
    root: host,
    ...(isMap(bundle) ? { azureExtensionBundle: { id: scalarText(get(bundle, 'id')), version: scalarText(get(bundle, 'version')), versionNode: get(bundle, 'version'), loc: bundle.loc } } : {}),
  });
  const seen = new Set<string>();
  const duplicates: string[] = [];
  for (const declaredFn of declared) {
    // The host refuses an app with two functions of one name; a folder of samples has them anyway.
    // Each is still read (its code is code), named by its file so the two stay apart.
    const duplicate = seen.has(declaredFn.name);
    if (duplicate) duplicates.push(`${declaredFn.name} (${path.relative(appDir, declaredFn.loc.file)}:${declaredFn.loc.line})`);
    const fn = duplicate ? { ...declaredFn, name: `${declaredFn.name} (${path.basename(declaredFn.loc.file)}:${declaredFn.loc.line})` } : declaredFn;
    seen.add(fn.name);
    addFunction(stack, functionModel(fn, {
      resource: { id: fn.name, type: 'Azure::Functions::Function', loc: fn.loc, blockLoc: fn.loc, nodePath: `azure/${fn.name}` },
      code: { kind: 'path', path: appDir, loc: fileLoc(hostFile) },
      timeout,
      environment: settings,
      ...(hostRetry ? { hostRetry } : {}),
    }));
  }
  if (duplicates.length) {
    const listed = duplicates.length > 3 ? `${duplicates.slice(0, 3).join(', ')} and ${duplicates.length - 3} more` : duplicates.join(', ');
    load.notices.push({ message: `${duplicates.length} function${duplicates.length > 1 ? 's reuse names' : ' reuses a name'} already registered in this app, which the Functions host refuses (each is still checked): ${listed}`, path: hostFile });
  }
  load.stack = stack;
  return load;
}

/** Triggers whose failed executions a retry policy re-runs (Microsoft's "Retries" table: retry policy, function level). */
const RETRY_POLICY_KINDS = new Set<TriggerKind>(['azure-timer', 'azure-event-hub', 'azure-cosmos-db']);

/** A function and its resource, which findings on its lines are attributed to (src/engine/check.ts resourceAt). */
function addFunction(stack: StackModel, fn: FunctionModel): void {
  stack.functions.push(fn);
  stack.resources.set(fn.resource.id, fn.resource);
}

/** One declared function as a FunctionModel, with what its app gives it. */
function functionModel(fn: DeclaredFunction, app: { resource: { id: string; type: string; loc: Loc; blockLoc: Loc; nodePath: string }; code: FunctionModel['code']; timeout: Setting<number>; environment: EnvironmentVariable[]; plan?: FunctionModel['azurePlan']; hostRetry?: AzureRetryPolicy }): FunctionModel {
  const resource: ResourceModel = {
    id: app.resource.id,
    type: app.resource.type,
    loc: app.resource.loc,
    blockLoc: app.resource.blockLoc,
    node: { kind: 'map', entries: [], loc: app.resource.loc, path: app.resource.nodePath },
    properties: undefined,
    ignores: new Set(),
    ignoresAll: false,
  };
  const trigger: Trigger[] = fn.trigger
    ? [{
        kind: fn.trigger.spec.kind,
        invocation: fn.trigger.spec.invocation,
        name: fn.trigger.source?.name ?? fn.name,
        loc: fn.trigger.loc,
        via: 'azure-binding',
        ...(fn.trigger.source ? { source: { external: fn.trigger.source.name, known: true, loc: fn.trigger.source.loc } } : {}),
      }]
    : [];
  const retry = fn.retry ?? app.hostRetry;
  // The function's own policy re-runs a failed Timer, Event Hubs or Cosmos DB execution; the other
  // triggers ignore retry policies. host.json's is not counted: Microsoft documents retries as per function.
  if (fn.retry && trigger[0] && RETRY_POLICY_KINDS.has(trigger[0].kind) && fn.retry.maxRetryCount !== undefined) {
    trigger[0].retryOnFailure = { known: true, value: fn.retry.maxRetryCount !== 0, loc: fn.retry.loc, assumptions: [] };
  }
  const runtimeName = fn.language === 'python' ? 'python' : fn.language === 'node' ? 'node' : fn.language;
  return {
    id: fn.name,
    platform: 'azure',
    ...(app.plan ? { azurePlan: app.plan } : {}),
    ...(retry ? { azureRetry: retry } : {}),
    resource,
    loc: fn.loc,
    kind: 'lambda',
    runtime: { value: { known: true, value: runtimeName, loc: fn.loc, assumptions: [] }, source: 'resource', defaultValue: undefined, loc: fn.loc },
    handler: fn.link.status === 'linked' ? { known: true, value: fn.link.exportName, loc: fn.loc, assumptions: [] } : undefined,
    code: app.code,
    build: undefined,
    logGroup: undefined,
    functionName: fn.name,
    handlerLink: fn.link,
    timeout: app.timeout,
    memorySize: unset(fn.loc),
    tracing: unset(fn.loc),
    environment: app.environment,
    role: undefined,
    triggers: trigger,
  };
}

function unset<T>(loc: Loc): Setting<T> {
  return { value: undefined, source: 'default', defaultValue: undefined, loc };
}

/**
 * `functionTimeout` in seconds: `hh:mm:ss` or `d.hh:mm:ss` (a .NET TimeSpan); `-1` (or null) is no
 * limit, recorded as Infinity. Absent, the plan's default applies and nothing is recorded.
 */
function functionTimeout(host: MapNode, hostFile: string): Setting<number> {
  const entry = host.entries.find((e) => e.key === 'functionTimeout');
  const fileLoc: Loc = { file: hostFile, line: 1, column: 1, endLine: 1, endColumn: 1 };
  if (!entry) return { value: undefined, source: 'default', defaultValue: undefined, loc: fileLoc };
  const node = entry.value;
  const raw = isScalar(node) ? node.value : undefined;
  const seconds = raw === null || raw === '-1' || raw === -1 ? Number.POSITIVE_INFINITY : typeof raw === 'string' ? parseTimeSpan(raw) : undefined;
  const value = seconds === undefined
    ? { known: false as const, loc: node.loc, node, reason: `functionTimeout ${JSON.stringify(raw ?? null)} is not a time span (hh:mm:ss)` }
    : { known: true as const, value: seconds, loc: node.loc, node, assumptions: [] };
  return { value, source: 'resource', defaultValue: undefined, loc: node.loc };
}

export function parseTimeSpan(text: string): number | undefined {
  const match = /^\s*(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.\d+)?\s*$/.exec(text);
  if (!match) return undefined;
  const [, days, hours, minutes, seconds] = match;
  return Number(days ?? 0) * 86400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

/** `Values` of a committed local.settings.json: the app settings the functions read as environment variables when run locally. */
function localSettings(files: DiscoveredFile[], appDir: string, readJson: (file: string) => MapNode | undefined): EnvironmentVariable[] {
  const file = files.find((f) => f.path === path.join(appDir, 'local.settings.json'));
  const root = file && readJson(file.path);
  const values = get(root, 'Values');
  const out: EnvironmentVariable[] = [];
  if (isMap(values)) for (const e of values.entries) out.push({ name: e.key, nameLoc: e.keyLoc, value: e.value, source: 'resource' });
  // ConnectionStrings is the other section that holds credentials.
  const connections = get(root, 'ConnectionStrings');
  if (isMap(connections)) for (const e of connections.entries) out.push({ name: e.key, nameLoc: e.keyLoc, value: e.value, source: 'resource' });
  return out;
}

/** One function folder's function.json: its trigger binding and the handler it names. */
function fromFunctionJson(file: string, root: MapNode, program: SourceProgram): DeclaredFunction[] {
  const folder = path.dirname(file);
  const name = path.basename(folder);
  const loc: Loc = { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
  const trigger = bindingTrigger(root);
  const scriptFile = scalarText(get(root, 'scriptFile'));
  const entryPoint = scalarText(get(root, 'entryPoint'));
  const script = scriptFile ? path.resolve(folder, scriptFile) : undefined;
  const python = script ? script.endsWith('.py') : isFile(path.join(folder, '__init__.py')) || (!isFile(path.join(folder, 'index.js')) && isFile(path.join(folder, 'main.py')));
  let link: HandlerLink;
  if (python) {
    const target = script ?? path.join(folder, '__init__.py');
    link = isFile(target)
      ? { status: 'linked', file: target, exportName: entryPoint ?? 'main', via: 'azure', language: 'python', codeRoot: path.dirname(folder) }
      : { status: 'not-linked', reason: `${path.relative(path.dirname(folder), target)} does not exist`, category: 'missing-file' };
  } else {
    link = linkNodeScript(folder, script, entryPoint, program);
  }
  const retry = retryPolicy(get(root, 'retry'), 'function');
  return [{ name, loc, trigger, link, ...(retry ? { retry } : {}), language: python ? 'python' : 'node' }];
}

/** A `retry` object of function.json, a Terraform config_json or host.json. */
function retryPolicy(node: TNode | undefined, from: AzureRetryPolicy['from']): AzureRetryPolicy | undefined {
  if (!isMap(node)) return undefined;
  const count = get(node, 'maxRetryCount');
  const raw = isScalar(count) ? count.value : undefined;
  const number = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
  return { strategy: scalarText(get(node, 'strategy')), maxRetryCount: number, loc: node.loc, from };
}

/** The trigger among function.json `bindings` (also a Terraform function's `config_json`). */
function bindingTrigger(root: MapNode): DeclaredFunction['trigger'] {
  const bindings = get(root, 'bindings');
  for (const binding of isSeq(bindings) ? bindings.items : []) {
    const type = scalarText(get(binding, 'type'));
    const direction = scalarText(get(binding, 'direction'));
    if (!type || !/Trigger$/.test(type) || (direction !== undefined && direction !== 'in')) continue;
    let spec = triggerSpecFor('binding', type);
    if (type === 'serviceBusTrigger') spec = get(binding, 'topicName') ? SB_TOPIC : SB_QUEUE;
    const sourceKey = spec.sourceKeys.find((k) => scalarText(get(binding, k)) !== undefined);
    const sourceNode = sourceKey ? get(binding, sourceKey) : undefined;
    const typeNode = get(binding, 'type')!;
    return { spec, method: type, loc: typeNode.loc, ...(sourceNode ? { source: { name: scalarText(sourceNode)!, loc: sourceNode.loc } } : {}) };
  }
  return undefined;
}

/**
 * A v3 Node.js function's handler: `scriptFile` (default `index.js` in the function's folder, a
 * compiled `../dist/…` path mapped back to its TypeScript source), and `entryPoint`, else the
 * module's only export or the function `module.exports` is set to.
 */
function linkNodeScript(folder: string, script: string | undefined, entryPoint: string | undefined, program: SourceProgram): HandlerLink {
  const target = script ?? path.join(folder, 'index.js');
  let file = isFile(target) ? target : undefined;
  // A TypeScript app: the script is compiled output (`../dist/HttpTrigger/index.js`), or the folder holds index.ts.
  file ??= findCompiledSource(target, path.dirname(folder)) ?? (script ? undefined : SOURCE_EXTENSIONS.map((e) => path.join(folder, `index${e}`)).find(isFile));
  if (!file) return { status: 'not-linked', reason: `${path.relative(path.dirname(folder), target)} does not exist (build the app, or keep its TypeScript source beside a tsconfig.json outDir)`, category: 'missing-file' };
  if (entryPoint) return { status: 'linked', file, exportName: entryPoint, via: 'azure' };
  const source = program.get(file);
  const text = source?.text ?? '';
  // `module.exports = async function (context, req) { … }`, else the usual `run`/default export.
  if (/^\s*module\.exports\s*=\s*(async\s+)?(function\b|\(|[A-Za-z_$][\w$]*\s*(=>|;|$))/m.test(text)) return { status: 'linked', file, exportName: 'module.exports', via: 'azure' };
  const exported = /export\s+default\b/.test(text) ? 'default' : /\bexports\.run\b|export\s+(async\s+)?(function|const|let)\s+run\b/.test(text) ? 'run' : 'default';
  return { status: 'linked', file, exportName: exported, via: 'azure' };
}

function scalarText(node: TNode | undefined): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function readText(file: string): string | undefined {
  try {
    return readUtf8(file);
  } catch {
    return undefined;
  }
}

/** Cheap text test before parsing a file. */
function mentions(file: string, text: string): boolean {
  return readText(file)?.includes(text) ?? false;
}
