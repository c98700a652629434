/**
 * Google Cloud Functions in Terraform (`google_*` resources) → the application model.
 *
 * Unlike `aws_*` resources, these are not lowered into a CloudFormation tree: the model is built
 * directly from the parsed HCL. Each resource block is still turned into a located tree (the
 * stack's `root`, for rules that walk every value and for suppressions), and every value the model
 * holds carries the location where it is written.
 *
 * Read: `google_cloudfunctions2_function` and `google_cloudfunctions_function` (entry point,
 * runtime, the source folder an uploaded `archive_file` zips, timeout, memory, environment, service
 * account, HTTP or event trigger and its retry policy), `google_pubsub_topic`,
 * `google_pubsub_subscription` (push endpoint, dead-letter policy, ack deadline),
 * `google_service_account` and `google_{project,folder,organization}_iam_{member,binding}`.
 *
 * Values: literals, `"${…}"` templates of known parts, `var.x` (its `default`, recorded as an
 * assumption), `local.x`, `path.module` and another resource's literal attribute. Everything else is
 * unknown, and a rule never judges an unknown value.
 */
import { emptyStack } from './stack.js';
import path from 'node:path';
import type { HclAttribute, HclBlock, HclBody, HclExpr, HclFile } from '../parse/hcl.js';
import type { Loc, MapEntry, MapNode, TNode } from '../parse/tree.js';
import { map, scalar, seq, unknownValue } from './lower.js';
import { attr, attrNames, isLocalSource, MAX_MODULE_DEPTH, MODULE_META_ARGUMENTS } from './terraform.js';
import type { Assumption, EnvironmentVariable, FunctionCode, FunctionModel, QueueModel, ResourceLink, ResourceModel, RoleGrantModel, Setting, StackModel, Trigger, TriggerKind, Value } from './types.js';

export interface GcpModule {
  dir: string;
  files: { file: string; hcl: HclFile }[];
}

/** Reads the `.tf` files of a local module's folder (the run's reader, shared with the AWS lowering). */
export type ReadGcpModule = (dir: string) => { files: GcpModule['files'] } | { problem: string };

/**
 * How a module instance is read: its addresses carry the call's prefix (`module.fns.`), its
 * `var.*` are the call's arguments, evaluated in the caller (a value chosen there is located there).
 */
interface ModuleScope {
  prefix: string;
  caller: GcpBuilder;
  inputs: Map<string, HclExpr>;
  /** The root module's folder: `path.root` and `path.cwd`, and what relative paths are relative to. */
  rootDir: string;
}

interface Declared {
  type: string;
  name: string;
  address: string;
  block: HclBlock;
  data: boolean;
}

type Scalar = string | number | boolean | null;

/** An evaluated expression: its value when known, what it refers to either way. */
interface Evaluated {
  known: boolean;
  value?: Scalar;
  reason?: string;
  assumptions: Assumption[];
  /** Resource addresses the expression mentions (`google_service_account.worker`). */
  refs: string[];
  /** Where the value is chosen when that is not the expression itself: a module call's argument. */
  loc?: Loc;
}

const MAX_DEPTH = 20;
/** An object or tuple: compared with null, never equal. */
const NOT_NULL = Symbol('not null');

/** Platform defaults (Cloud Functions docs): 60 s timeout on both generations; 256 MB (1st gen) / 256M (2nd gen). */
const DEFAULT_TIMEOUT_SECONDS = 60;
const DEFAULT_MEMORY_MB = 256;

const FUNCTION_TYPES = new Set(['google_cloudfunctions2_function', 'google_cloudfunctions_function']);
const CLOUD_RUN_SERVICE = 'google_cloud_run_v2_service';
/** Cloud Run's request timeout when `template.timeout` is unset, and its default memory limit (Cloud Run docs). */
const CLOUD_RUN_DEFAULT_TIMEOUT_SECONDS = 300;
const CLOUD_RUN_DEFAULT_MEMORY_MB = 512;
const IAM_GRANT_TYPES = /^google_(project|folder|organization)_iam_(member|binding)$/;

/** Whether a folder's Terraform declares Google resources this adapter reads. */
export function hasGcpResources(module: GcpModule): boolean {
  return module.files.some(({ hcl }) => hcl.body.blocks.some((b) => b.type === 'resource' && (/^google_(cloudfunctions2?_function|pubsub_subscription)$/.test(b.labels[0]?.value ?? '') || isCloudRunFunction(b))));
}

/**
 * A `google_cloud_run_v2_service` that hosts a function: its `build_config` (Cloud Run's "configuration
 * for building a Cloud Run function") builds the service from source with the Functions Framework.
 * A service without one runs a container image of its own: not a function. The v2 API rejects
 * `run.googleapis.com/*` annotations, so `build-function-target` never says it in Terraform.
 */
export function isCloudRunFunction(block: HclBlock): boolean {
  return block.labels[0]?.value === CLOUD_RUN_SERVICE && !!(nested(block.body, 'build_config') ?? dynamicBlock(block.body, 'build_config'));
}

/**
 * The Google half of a Terraform folder and of the local modules it calls, as one stack: each module
 * call is read with its arguments, its addresses prefixed `module.x.`, so a timeout, role or account
 * the caller chooses is judged (and reported at the argument). A module called twice is read twice;
 * what comes from the module's own defaults is at the same line in both, and the engine reports each
 * place once. Registry and git modules are not read (the AWS lowering already says so).
 */
export function buildGcpStacks(root: GcpModule, readModule?: ReadGcpModule): StackModel[] {
  if (!root.files.length) return [];
  let built = false;
  const rootDir = path.resolve(root.dir);
  // Modules first: a caller's grant to the account it passes into a module then finds the module's function.
  const visit = (builder: GcpBuilder, module: GcpModule, ancestors: string[]) => {
    if (readModule && ancestors.length <= MAX_MODULE_DEPTH) callModules(builder, module, ancestors);
    // A caller without functions of its own is still read once a module's are: its grants may name their accounts.
    if (built || hasGcpResources(module)) {
      builder.build();
      built = true;
    }
  };
  const callModules = (builder: GcpBuilder, module: GcpModule, ancestors: string[]) => {
    if (!readModule) return;
    for (const { hcl } of module.files) {
      for (const block of hcl.body.blocks) {
        const name = block.type === 'module' ? block.labels[0]?.value : undefined;
        const source = name ? attr(block.body, 'source') : undefined;
        const value = source?.expr.kind === 'literal' ? source.expr.value : undefined;
        if (!name || !isLocalSource(value)) continue;
        const dir = path.resolve(module.dir, value);
        if (ancestors.includes(dir)) continue;
        if (builder.deploysNothing(block)) continue;
        const read = readModule(dir);
        if ('problem' in read || !read.files.length) continue;
        const child: GcpModule = { dir, files: read.files };
        // `count`/`for_each` calls are read once: `count.index` and `each.*` in the arguments stay unknown.
        const inputs = new Map(block.body.attributes.filter((a) => !MODULE_META_ARGUMENTS.has(a.name)).map((a) => [a.name, a.expr]));
        visit(new GcpBuilder(child, { prefix: `${builder.prefix}module.${name}.`, caller: builder, inputs, rootDir }), child, [...ancestors, dir]);
      }
    }
  };
  const rootBuilder = new GcpBuilder(root);
  visit(rootBuilder, root, [rootDir]);
  return built ? [rootBuilder.build(false)] : [];
}

class GcpBuilder {
  readonly prefix: string;
  private readonly dir: string;
  private readonly rootDir: string;
  /** The folder of the stack's file, which the linker resolves the code's paths from. */
  private readonly baseDir: string;
  private readonly declared = new Map<string, Declared>();
  private readonly variables = new Map<string, HclBlock>();
  private readonly locals = new Map<string, HclAttribute>();
  private readonly resolving = new Set<string>();
  /** Iterators of the dynamic blocks resolved for the function being read (`service_config` → its one element). */
  private readonly iterators = new Map<string, [GcpBuilder, HclExpr]>();
  private built = false;
  /** Shared by a root folder and the module calls read inside it: one stack, as the AWS lowering makes one. */
  private readonly stack: StackModel;
  private readonly resourceEntries: MapEntry[];
  private readonly rootLoc: Loc;

  constructor(
    module: GcpModule,
    private readonly scope?: ModuleScope,
  ) {
    this.prefix = scope?.prefix ?? '';
    this.dir = path.resolve(module.dir);
    this.rootDir = scope?.rootDir ?? this.dir;
    this.baseDir = scope?.caller.baseDir ?? path.dirname(path.resolve(module.files[0]!.file));
    this.rootLoc = module.files[0]!.hcl.body.loc;
    for (const { hcl } of module.files) {
      for (const block of hcl.body.blocks) {
        const [first, second] = block.labels.map((l) => l.value);
        if ((block.type === 'resource' || block.type === 'data') && first && second) {
          const address = this.prefix + (block.type === 'data' ? `data.${first}.${second}` : `${first}.${second}`);
          this.declared.set(address, { type: first, name: second, address, block, data: block.type === 'data' });
        } else if (block.type === 'variable' && first) {
          this.variables.set(first, block);
        } else if (block.type === 'locals') {
          for (const attribute of block.body.attributes) this.locals.set(attribute.name, attribute);
        }
      }
    }
    if (scope) {
      this.stack = scope.caller.stack;
      this.resourceEntries = scope.caller.resourceEntries;
      return;
    }
    this.resourceEntries = [];
    const root: MapNode = { kind: 'map', entries: [{ key: 'Resources', keyLoc: this.rootLoc, value: { kind: 'map', entries: this.resourceEntries, loc: this.rootLoc, path: 'resources' } }], loc: this.rootLoc, path: '' };
    this.stack = emptyStack({
      format: 'terraform',
      platform: 'gcp',
      file: module.files[0]!.file,
      root,
      roleGrants: [],
    });
  }

  /** A module call with `count = 0` or an empty `for_each` creates no instance: nothing of it is deployed. */
  deploysNothing(call: HclBlock): boolean {
    const count = attr(call.body, 'count');
    if (count) {
      const value = this.evaluate(count.expr, 0);
      return value.known && Number(value.value) === 0;
    }
    const forEach = attr(call.body, 'for_each')?.expr;
    return (forEach?.kind === 'object' || forEach?.kind === 'tuple') && forEach.items.length === 0;
  }

  /** Models this module's Google resources into the stack (once); `build(false)` only returns the stack. */
  build(read = true): StackModel {
    if (!read || this.built) return this.stack;
    this.built = true;
    const google = [...this.declared.values()].filter((d) => !d.data && d.type.startsWith('google_'));
    for (const d of google) this.addResource(d);
    for (const d of google.filter((d) => FUNCTION_TYPES.has(d.type))) this.addFunction(d);
    const services = google.filter((d) => isCloudRunFunction(d.block)).map((d) => this.addCloudRunFunction(d));
    for (const d of google.filter((d) => d.type === 'google_pubsub_topic')) this.stack.topics.push({ id: d.address, resource: this.resource(d), loc: this.resource(d).loc });
    for (const d of google.filter((d) => d.type === 'google_eventarc_trigger')) this.addEventarcTrigger(d);
    for (const d of google.filter((d) => d.type === 'google_pubsub_subscription')) this.addSubscription(d);
    // A Cloud Run function that no Eventarc trigger or push subscription of the folder feeds is called over HTTP.
    for (const fn of services) if (!fn.triggers.length) fn.triggers.push({ kind: 'gcp-http', invocation: 'sync', name: fn.id, loc: fn.loc, via: 'gcp-trigger' });
    for (const d of google.filter((d) => IAM_GRANT_TYPES.test(d.type))) this.addRoleGrants(d);
    return this.stack;
  }

  // ── resources ───────────────────────────────────────────────────────────────────────────

  private addResource(d: Declared): void {
    const block = d.block;
    const header: Loc = { ...block.typeLoc, endLine: block.labels.at(-1)!.loc.endLine, endColumn: block.labels.at(-1)!.loc.endColumn };
    const nodePath = `resource/${d.type}/${d.name}`;
    const node = map([['Type', scalar(d.type, header, `${nodePath}/Type`)], ['Properties', this.lowerBody(block.body, nodePath)]], block.loc, nodePath);
    this.resourceEntries.push({ key: d.address, keyLoc: header, value: node });
    this.stack.resources.set(d.address, {
      id: d.address,
      type: d.type,
      loc: header,
      blockLoc: { ...header, endLine: block.loc.endLine, endColumn: block.loc.endColumn },
      node,
      properties: node.entries[1]!.value as MapNode,
      ignores: new Set(),
      ignoresAll: false,
    });
  }

  private resource(d: Declared): ResourceModel {
    return this.stack.resources.get(d.address)!;
  }

  private addFunction(d: Declared): void {
    const resource = this.resource(d);
    const body = d.block.body;
    const secondGen = d.type === 'google_cloudfunctions2_function';
    const build = nested(body, 'build_config');
    // A module's `dynamic "service_config"` made once from the object its caller passes is read as written there.
    const { block: service, unresolved: unresolvedService } = secondGen ? this.blockOrDynamic(body, 'service_config') : {};
    const base = `resource/${d.type}/${d.name}`;
    const runtime = secondGen ? this.attrValue(build?.body, 'runtime', `${base}/build_config/runtime`) : this.attrValue(body, 'runtime', `${base}/runtime`);
    const entryPoint = (secondGen ? this.attrValue(build?.body, 'entry_point', `${base}/build_config/entry_point`) : this.attrValue(body, 'entry_point', `${base}/entry_point`)) ?? this.attrValue(body, 'name', `${base}/name`);
    const settingsBody = secondGen ? service?.body : body;
    // `dynamic "service_config"` that cannot be resolved: its timeout and account come from variables, never the defaults.
    const dynamicService = unresolvedService;
    const settingsPath = secondGen ? `${base}/service_config` : base;
    const timeoutName = secondGen ? 'timeout_seconds' : 'timeout';
    const timeout: Setting<number> = dynamicService
      ? { value: { known: false, loc: dynamicService.typeLoc, reason: 'is set in a dynamic block' }, source: 'resource', defaultValue: DEFAULT_TIMEOUT_SECONDS, loc: dynamicService.typeLoc }
      : this.numberSetting(resource, settingsBody, timeoutName, `${settingsPath}/${timeoutName}`, DEFAULT_TIMEOUT_SECONDS);
    const memory = secondGen ? this.memorySetting(resource, service?.body, `${base}/service_config/available_memory`) : this.numberSetting(resource, body, 'available_memory_mb', `${base}/available_memory_mb`, DEFAULT_MEMORY_MB);
    const accountAttr = settingsBody && attr(settingsBody, 'service_account_email');
    const name = this.attrValue(body, 'name', `${base}/name`);

    const fn = gcpFunction(d.address, resource, name, {
      generation: secondGen ? 2 : 1,
      runtime: runtimeSetting(runtime, resource),
      handler: entryPoint as Value<string> | undefined,
      code: this.functionCode(d, secondGen ? nested(build?.body, 'source')?.body : body, secondGen),
      timeout,
      memorySize: memory,
      environment: this.environment(settingsBody, `${settingsPath}/environment_variables`),
      role: accountAttr ? this.link(accountAttr.expr) : dynamicService ? { known: false, loc: dynamicService.typeLoc } : undefined,
      triggers: this.triggers(d, secondGen),
    });
    this.iterators.clear();
    this.stack.functions.push(fn);
  }

  /**
   * Where the code comes from: `storage_source { object = google_storage_bucket_object.x.name }`
   * (2nd gen) or `source_archive_object` (1st gen) → the object's `source`, an `archive_file`
   * whose `source_dir` is the folder. A repository source or a prebuilt zip is not read.
   */
  private functionCode(d: Declared, sourceBody: HclBody | undefined, secondGen: boolean): FunctionCode {
    // 2nd gen: `build_config { source { storage_source { … } } }`; 1st gen: attributes of the function.
    const storage = secondGen ? this.blockOrDynamic(sourceBody, 'storage_source') : {};
    const body = secondGen ? storage.block?.body : sourceBody;
    const objectAttr = body && attr(body, secondGen ? 'object' : 'source_archive_object');
    const repository = secondGen && !storage.block ? this.blockOrDynamic(sourceBody, 'repo_source') : {};
    const dynamicSource = secondGen ? (storage.unresolved ?? repository.unresolved) : dynamicBlock(d.block.body, 'source_repository');
    if (!objectAttr && dynamicSource) return { kind: 'unknown', reason: 'the source is chosen by a dynamic block (its variables decide)', loc: dynamicSource.typeLoc };
    if (!objectAttr) {
      const repo = secondGen ? repository.block : nested(d.block.body, 'source_repository');
      if (repo) return { kind: 'unknown', reason: 'the code comes from a source repository, which sls-lint does not fetch', loc: repo.loc };
      return { kind: 'unknown', reason: 'the function names no uploaded source archive', loc: d.block.typeLoc };
    }
    // The object may be named where a module's caller writes it.
    const [owner, written] = this.resolveExpr(objectAttr.expr, 0);
    const address = owner.addressOf(written);
    const named = address === undefined ? this.evaluate(objectAttr.expr, 0) : undefined;
    // Neither a resource nor a written name (a module's input left to its caller): unknown, not a prebuilt package.
    if (named && !named.known) return { kind: 'unknown', reason: `the source archive object ${named.reason ?? 'is computed'}`, loc: objectAttr.expr.loc };
    return owner.objectCode(owner.declared.get(address ?? ''), written.loc);
  }

  /** The folder a `google_storage_bucket_object` uploads, through the `archive_file` that zips it. */
  private objectCode(object: Declared | undefined, loc: Loc): FunctionCode {
    if (!object || !['google_storage_bucket_object'].includes(object.type)) {
      return { kind: 'unknown', reason: 'the code is an archive already in Cloud Storage (a prebuilt package) that sls-lint does not unpack', loc };
    }
    const source = attr(object.block.body, 'source');
    if (!source) return { kind: 'unknown', reason: `${object.address} has no local source file (a prebuilt package)`, loc: object.block.typeLoc };
    let archive = this.declared.get(this.addressOf(source.expr) ?? '');
    if (!archive || archive.type !== 'archive_file') {
      // `source = "function.zip"` is often the output_path of an archive_file declared next to it.
      const zip = this.pathValue(source.expr);
      archive = zip === undefined ? undefined : [...this.declared.values()].find((a) => a.data && a.type === 'archive_file' && this.pathValue(attr(a.block.body, 'output_path')?.expr) === zip);
      if (!archive) return { kind: 'unknown', reason: `a prebuilt package (${zip ?? 'a computed path'}) that sls-lint does not unpack`, loc: source.expr.loc };
    }
    const dir = attr(archive.block.body, 'source_dir') ?? attr(archive.block.body, 'source_file');
    const folder = dir && this.pathValue(dir.expr);
    if (!dir || folder === undefined) return { kind: 'unknown', reason: 'an archive whose source is computed', loc: archive.block.typeLoc };
    return { kind: 'path', path: dir.name === 'source_file' ? path.dirname(folder) : folder, loc: dir.expr.loc };
  }

  private triggers(d: Declared, secondGen: boolean): Trigger[] {
    const body = d.block.body;
    const { block: event, unresolved: dynamicEvent } = this.blockOrDynamic(body, 'event_trigger');
    const base = `resource/${d.type}/${d.name}`;
    // An unresolved `dynamic "event_trigger"`: whether there is one, and of what, is decided by variables.
    if (!event && dynamicEvent) return [{ kind: 'other', invocation: 'unknown', name: d.address, loc: dynamicEvent.typeLoc, via: 'gcp-trigger' }];
    if (!event) {
      const http = secondGen ? undefined : attr(body, 'trigger_http');
      // 2nd gen functions without an event trigger are HTTP functions; 1st gen ones say `trigger_http = true`.
      if (!secondGen && !http) return [];
      const loc = http?.nameLoc ?? this.resource(d).loc;
      return [{ kind: 'gcp-http', invocation: 'sync', name: d.address, loc, via: 'gcp-trigger' }];
    }
    const type = this.attrValue(event.body, 'event_type', `${base}/event_trigger/event_type`);
    const sourceAttr = attr(event.body, secondGen ? 'pubsub_topic' : 'resource');
    const kind: TriggerKind = type?.known && typeof type.value === 'string' ? eventKind(type.value) : 'eventarc';
    const trigger: Trigger = { kind, invocation: 'async', name: type?.known ? String(type.value) : d.address, loc: event.typeLoc, via: 'gcp-trigger' };
    if (sourceAttr) trigger.source = this.link(sourceAttr.expr);
    if (secondGen) {
      const retry = this.attrValue(event.body, 'retry_policy', `${base}/event_trigger/retry_policy`);
      if (retry) trigger.retryOnFailure = mapValue(retry, (v) => v === 'RETRY_POLICY_RETRY');
    } else {
      const failure = nested(event.body, 'failure_policy');
      const retry = failure && this.attrValue(failure.body, 'retry', `${base}/event_trigger/failure_policy/retry`);
      if (retry) trigger.retryOnFailure = mapValue(retry, (v) => v === true);
    }
    return [trigger];
  }

  /**
   * A Cloud Run service built from source as a function: `build_config.function_target` is the entry
   * point (the service name when unset, as the API defaults it), `source_location` the uploaded
   * archive, `base_image` (…/runtimes/nodejs22) the runtime; the revision `template` holds the
   * timeout, service account, memory and environment. Triggers are added by the Eventarc triggers
   * and push subscriptions that name the service, else it is an HTTP function.
   */
  private addCloudRunFunction(d: Declared): FunctionModel {
    const resource = this.resource(d);
    const body = d.block.body;
    const base = `resource/${d.type}/${d.name}`;
    const build = nested(body, 'build_config');
    const template = nested(body, 'template');
    const containers = template?.body.blocks.filter((b) => b.type === 'containers') ?? [];
    const container = containers.length === 1 ? containers[0] : undefined;
    const name = this.attrValue(body, 'name', `${base}/name`);
    const entryPoint = build ? (this.attrValue(build.body, 'function_target', `${base}/build_config/function_target`) ?? name) : undefined;
    const baseImage = (build && this.attrValue(build.body, 'base_image', `${base}/build_config/base_image`)) ?? (container && this.attrValue(container.body, 'base_image_uri', `${base}/template/containers/base_image_uri`));
    const runtime = baseImage && mapValue(baseImage, (v) => (typeof v === 'string' ? /\/runtimes\/([a-z]+\d*)$/.exec(v)?.[1] : undefined) ?? null);
    const timeout = this.durationSetting(resource, template?.body, `${base}/template/timeout`);
    const limits = container && nested(container.body, 'resources');
    const memory = this.cloudRunMemory(resource, limits?.body, `${base}/template/containers/resources/limits`);
    const accountAttr = template && attr(template.body, 'service_account');
    const fn = gcpFunction(d.address, resource, name, {
      generation: 2,
      cloudRunService: true,
      runtime: runtimeSetting(runtime?.known && typeof runtime.value === 'string' ? runtime : undefined, resource),
      handler: entryPoint as Value<string> | undefined,
      code: build ? this.sourceLocationCode(build) : { kind: 'unknown', reason: 'the build_config is set in a dynamic block', loc: dynamicBlock(body, 'build_config')!.typeLoc },
      timeout,
      memorySize: memory,
      environment: containers.flatMap((c, i) => this.containerEnvironment(c.body, containers.length > 1 ? `${base}/template/containers/${i}/env` : `${base}/template/containers/env`)),
      role: accountAttr ? this.link(accountAttr.expr) : undefined,
      triggers: [],
    });
    this.stack.functions.push(fn);
    return fn;
  }

  /** `source_location = "gs://${bucket.name}/${google_storage_bucket_object.src.name}"`: that object's folder. */
  private sourceLocationCode(build: HclBlock): FunctionCode {
    const location = attr(build.body, 'source_location');
    if (!location) return { kind: 'unknown', reason: 'the build_config names no source_location', loc: build.typeLoc };
    const objects = this.evaluate(location.expr, 0).refs.map((ref) => this.declared.get(ref)).filter((d) => d?.type === 'google_storage_bucket_object');
    return this.objectCode(objects.length === 1 ? objects[0] : undefined, location.expr.loc);
  }

  /** `env { name = "X" value = "…" }` blocks of a container; `value_source` (a Secret Manager reference) is no literal. */
  private containerEnvironment(body: HclBody, nodePath: string): EnvironmentVariable[] {
    return body.blocks.flatMap((block): EnvironmentVariable[] => {
      if (block.type !== 'env') return [];
      const name = this.evaluate(attr(block.body, 'name')?.expr, 0);
      const value = attr(block.body, 'value');
      if (!name.known || typeof name.value !== 'string' || !value) return [];
      return [{ name: name.value, nameLoc: attr(block.body, 'name')!.expr.loc, value: this.node(value.expr, `${nodePath}/${name.value}`), source: 'resource' }];
    });
  }

  /** `template { timeout = "300s" }`: a duration in seconds (Cloud Run's 300 s when unset). */
  private durationSetting(resource: ResourceModel, body: HclBody | undefined, nodePath: string): Setting<number> {
    const value = this.attrValue(body, 'timeout', nodePath);
    if (!value) return { value: undefined, source: 'default', defaultValue: CLOUD_RUN_DEFAULT_TIMEOUT_SECONDS, loc: resource.loc };
    const match = value.known && typeof value.value === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(value.value.trim()) : undefined;
    const seconds: Value<number> = value.known && match ? { ...value, value: Number(match[1]) } : { known: false, loc: value.loc, node: value.node, reason: value.known ? `timeout ${String(value.value)} is not a duration in seconds` : value.reason };
    return { value: seconds, source: 'resource', defaultValue: CLOUD_RUN_DEFAULT_TIMEOUT_SECONDS, loc: value.loc };
  }

  /** `resources { limits = { memory = "1Gi" } }` → megabytes. */
  private cloudRunMemory(resource: ResourceModel, body: HclBody | undefined, nodePath: string): Setting<number> {
    const limits = body && attr(body, 'limits');
    const item = limits?.expr.kind === 'object' ? limits.expr.items.find((i) => i.keyName === 'memory') : undefined;
    if (!item) return { value: undefined, source: 'default', defaultValue: CLOUD_RUN_DEFAULT_MEMORY_MB, loc: resource.loc };
    const value = this.value(item.value, `${nodePath}/memory`);
    const megabytes = value.known ? parseMemory(value.value) : undefined;
    const parsed: Value<number> = value.known && megabytes !== undefined ? { ...value, value: megabytes } : { known: false, loc: value.loc, node: value.node, reason: value.known ? `memory ${String(value.value)} is not a size` : value.reason };
    return { value: parsed, source: 'resource', defaultValue: CLOUD_RUN_DEFAULT_MEMORY_MB, loc: value.loc };
  }

  /**
   * `google_eventarc_trigger` whose `destination { cloud_run_service { service = … } }` is a Cloud Run
   * function of the folder: an event trigger of that function. Eventarc delivers through a Pub/Sub
   * subscription it creates, at least once and retrying failed deliveries.
   */
  private addEventarcTrigger(d: Declared): void {
    const body = d.block.body;
    const base = `resource/${d.type}/${d.name}`;
    const service = nested(nested(body, 'destination')?.body, 'cloud_run_service');
    const serviceAttr = service && attr(service.body, 'service');
    if (!serviceAttr) return;
    const target = this.serviceFunction(serviceAttr.expr);
    if (!target) return;
    const criteria = body.blocks.filter((b) => b.type === 'matching_criteria');
    const typeCriterion = criteria.find((b) => {
      const name = this.evaluate(attr(b.body, 'attribute')?.expr, 0);
      return name.known && name.value === 'type';
    });
    const type = typeCriterion && this.attrValue(typeCriterion.body, 'value', `${base}/matching_criteria/value`);
    const resource = this.resource(d);
    const topic = attr(nested(nested(body, 'transport')?.body, 'pubsub')?.body ?? { attributes: [], blocks: [], loc: d.block.loc }, 'topic');
    // `retry_policy { max_attempts = 1 }` (the only value the API accepts) turns redelivery off.
    const attempts = this.attrValue(nested(body, 'retry_policy')?.body, 'max_attempts', `${base}/retry_policy/max_attempts`);
    target.triggers.push({
      kind: type?.known && typeof type.value === 'string' ? eventKind(type.value) : 'eventarc',
      invocation: 'async',
      name: d.address,
      loc: resource.loc,
      via: 'eventarc-trigger',
      source: topic ? this.link(topic.expr) : { id: d.address, known: true, loc: resource.loc },
      retryOnFailure: attempts ? mapValue(attempts, (v) => Number(v) !== 1) : { known: true, value: true, loc: resource.loc, assumptions: [] },
    });
  }

  /** The Cloud Run function an Eventarc destination names: by reference, or by its literal service name. */
  private serviceFunction(expr: HclExpr): FunctionModel | undefined {
    return this.functionNamedBy(expr, (fn) => !!fn.cloudRunService, (text) => text);
  }

  /**
   * The function of the folder among those `accepts` that `expr` refers to, or else the one whose
   * name `nameIn` reads from the expression's literal value.
   */
  private functionNamedBy(expr: HclExpr, accepts: (fn: FunctionModel) => boolean, nameIn: (text: string) => string | undefined): FunctionModel | undefined {
    const value = this.evaluate(expr, 0);
    const candidates = this.stack.functions.filter(accepts);
    const byRef = candidates.find((fn) => value.refs.includes(fn.id));
    if (byRef) return byRef;
    const name = value.known && typeof value.value === 'string' ? nameIn(value.value) : undefined;
    return name === undefined ? undefined : candidates.find((fn) => fn.functionName === name);
  }

  private environment(body: HclBody | undefined, nodePath: string): EnvironmentVariable[] {
    const variables = body && attr(body, 'environment_variables');
    const written = variables && this.objectWritten(variables.expr, 0);
    if (!written) return [];
    // Each value is read where the map is written: in the module call that passes it, if that is where.
    const [owner, object] = written;
    return object.items.flatMap((item) => (item.keyName === undefined ? [] : [{ name: item.keyName, nameLoc: item.key.loc, value: owner.node(item.value, `${nodePath}/${item.keyName}`), source: 'resource' as const }]));
  }

  /** The `{ … }` an expression is, written here, in a local, or in the module call's argument; and the builder that reads it. */
  private objectWritten(expr: HclExpr, depth: number): [GcpBuilder, Extract<HclExpr, { kind: 'object' }>] | undefined {
    const [owner, written] = this.resolveExpr(expr, depth);
    return written.kind === 'object' ? [owner, written] : undefined;
  }

  /**
   * Where an expression's value is written: through locals, the module call's arguments
   * (`var.config.timeout` → the item of the object the caller passes) and a resolved dynamic block's
   * iterator (`service_config.value.timeout_seconds`); and the builder whose scope reads it there.
   */
  private resolveExpr(expr: HclExpr, depth: number): [GcpBuilder, HclExpr] {
    if (depth > MAX_DEPTH) return [this, expr];
    if (expr.kind === 'parens') return this.resolveExpr(expr.expr, depth + 1);
    if (expr.kind === 'conditional') {
      const condition = this.evaluate(expr.condition, depth + 1);
      return condition.known && typeof condition.value === 'boolean' ? this.resolveExpr(condition.value ? expr.then : expr.else, depth + 1) : [this, expr];
    }
    // `lookup(config, "key", default)`: the item when the object written has it, else the default.
    if (expr.kind === 'call' && expr.name === 'lookup' && expr.args.length === 3 && expr.args[1]!.kind === 'literal' && typeof expr.args[1]!.value === 'string') {
      const [owner, object] = this.resolveExpr(expr.args[0]!, depth + 1);
      if (object.kind !== 'object') return [this, expr];
      const item = object.items.find((i) => i.keyName === (expr.args[1] as { value: string }).value)?.value;
      return item ? owner.resolveExpr(item, depth + 1) : this.resolveExpr(expr.args[2]!, depth + 1);
    }
    if (expr.kind !== 'traversal') return [this, expr];
    const names = pathNames(expr);
    if (!names) return [this, expr];
    const iterator = this.iterators.get(expr.root);
    if (iterator && names[0] === 'value') return this.resolveItem(iterator, names.slice(1), expr, depth);
    if (expr.root === 'local' && names.length === 1) {
      const local = this.locals.get(names[0]!);
      return local ? this.resolveExpr(local.expr, depth + 1) : [this, expr];
    }
    const bound = expr.root === 'var' && names[0] ? this.scope?.inputs.get(names[0]) : undefined;
    return bound ? this.resolveItem([this.scope!.caller, bound], names.slice(1), expr, depth) : [this, expr];
  }

  /** `names` inside the value `[owner, written]`: an item of the object written there, followed further. */
  private resolveItem([owner, written]: [GcpBuilder, HclExpr], names: string[], original: HclExpr, depth: number): [GcpBuilder, HclExpr] {
    let [at, current] = owner.resolveExpr(written, depth + 1);
    for (const name of names) {
      const item = current.kind === 'object' ? current.items.find((i) => i.keyName === name)?.value : undefined;
      if (!item) return [this, original];
      [at, current] = at.resolveExpr(item, depth + 1);
    }
    return [at, current];
  }

  /**
   * A block written directly, or a `dynamic` one whose `for_each` is known to make exactly one
   * instance (`[var.config]`, `var.config != null ? [var.config] : []`): its content, the iterator
   * bound to the element for the function being read. None when the for_each is known to be empty;
   * `unresolved` when it cannot be told.
   */
  private blockOrDynamic(body: HclBody | undefined, type: string): { block?: HclBlock; unresolved?: HclBlock } {
    const block = nested(body, type);
    if (block) return { block };
    const dynamic = dynamicBlock(body, type);
    if (!dynamic) return {};
    const forEach = attr(dynamic.body, 'for_each');
    const content = nested(dynamic.body, 'content');
    const elements = forEach && content ? this.forEachElements(forEach.expr, 0) : undefined;
    if (!elements || elements.length > 1) return { unresolved: dynamic };
    if (!elements.length) return {};
    const iteratorAttr = attr(dynamic.body, 'iterator');
    const iterator = iteratorAttr?.expr.kind === 'traversal' ? iteratorAttr.expr.root : type;
    this.iterators.set(iterator, elements[0]!);
    return { block: { ...dynamic, type, labels: [], body: content!.body } };
  }

  /** The elements of a `for_each` written as a tuple (through conditionals, locals and arguments); undefined when not known. */
  private forEachElements(expr: HclExpr, depth: number): [GcpBuilder, HclExpr][] | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (expr.kind === 'parens') return this.forEachElements(expr.expr, depth + 1);
    if (expr.kind === 'conditional') {
      const condition = this.evaluate(expr.condition, depth + 1);
      return condition.known && typeof condition.value === 'boolean' ? this.forEachElements(condition.value ? expr.then : expr.else, depth + 1) : undefined;
    }
    if (expr.kind === 'tuple') return expr.items.map((item) => [this, item]);
    const [owner, written] = this.resolveExpr(expr, depth + 1);
    return owner !== this || written !== expr ? owner.forEachElements(written, depth + 1) : undefined;
  }

  /**
   * A subscription in the queue shape. A push subscription whose endpoint is a function of the
   * module (its `url`, `https_trigger_url` or `service_config[0].uri`) becomes that function's
   * Pub/Sub trigger, delivered at least once.
   */
  private addSubscription(d: Declared): void {
    const resource = this.resource(d);
    const body = d.block.body;
    const base = `resource/${d.type}/${d.name}`;
    const deadLetter = nested(body, 'dead_letter_policy');
    const topicAttr = attr(deadLetter?.body ?? { attributes: [], blocks: [], loc: d.block.loc }, 'dead_letter_topic');
    const ack = this.attrValue(body, 'ack_deadline_seconds', `${base}/ack_deadline_seconds`);
    const name = this.attrValue(body, 'name', `${base}/name`);
    const deadLetterTarget = topicAttr ? this.link(topicAttr.expr) : undefined;
    if (deadLetterTarget?.id) this.stack.deadLetterTargets.add(deadLetterTarget.id);
    const queue: QueueModel = {
      id: d.address,
      platform: 'gcp',
      resource,
      loc: resource.loc,
      queueName: name as Value<string> | undefined,
      fifo: false,
      visibilityTimeout: ack ? { value: ack as Value<number>, source: 'resource', defaultValue: 10, loc: ack.loc } : { value: undefined, source: 'default', defaultValue: 10, loc: resource.loc },
      redrivePolicy: deadLetter ? this.lowerBody(deadLetter.body, `${base}/dead_letter_policy`, deadLetter.loc) : undefined,
      deadLetterTarget,
      hasRedriveAllowPolicy: false,
    };
    this.stack.queues.push(queue);
    const push = nested(body, 'push_config');
    const endpoint = push && attr(push.body, 'push_endpoint');
    if (!endpoint) return;
    const target = this.pushedFunction(endpoint.expr);
    if (!target) return;
    target.triggers.push({
      kind: 'pubsub',
      invocation: 'async',
      name: d.address,
      loc: resource.loc,
      via: 'pubsub-push',
      source: { id: d.address, known: true, loc: resource.loc },
    });
  }

  /** The function a push endpoint names: by reference, or `https://REGION-PROJECT.cloudfunctions.net/NAME` written out. */
  private pushedFunction(expr: HclExpr): FunctionModel | undefined {
    return this.functionNamedBy(expr, () => true, (text) => /\.cloudfunctions\.net\/([\w-]+)/.exec(text)?.[1]);
  }

  private addRoleGrants(d: Declared): void {
    const body = d.block.body;
    const base = `resource/${d.type}/${d.name}`;
    const role = this.attrValue(body, 'role', `${base}/role`);
    if (!role) return;
    const membersAttr = attr(body, 'member') ?? attr(body, 'members');
    const exprs = membersAttr?.expr.kind === 'tuple' ? membersAttr.expr.items : membersAttr ? [membersAttr.expr] : [];
    const members = exprs.map((e, i) => ({ expr: e, value: this.value(e, `${base}/${membersAttr!.name}/${i}`) }));
    const functions = this.stack.functions.filter((fn) => members.some((m) => this.isAccountOf(fn, m.expr, m.value))).map((fn) => fn.id);
    const grant: RoleGrantModel = { id: d.address, loc: this.resource(d).loc, role: role as Value<string>, members: members.map((m) => m.value as Value<string>), scope: IAM_GRANT_TYPES.exec(d.type)![1]!, functions };
    this.stack.roleGrants!.push(grant);
  }

  /** A member (`serviceAccount:${google_service_account.x.email}`, or the email written out) is the function's service account. */
  private isAccountOf(fn: FunctionModel, expr: HclExpr, value: Value<Scalar>): boolean {
    const account = fn.role && 'known' in fn.role ? fn.role : undefined;
    if (!account) return false;
    const refs = this.evaluate(expr, 0).refs;
    if (account.id && refs.includes(account.id)) return true;
    const email = account.external ?? (account.id ? this.literalEmail(account.id) : undefined);
    if (email === undefined) return false;
    // The member names an account of the module whose email is known, or writes the email out.
    if (refs.some((ref) => this.literalEmail(ref) === email)) return true;
    return value.known && typeof value.value === 'string' && value.value.replace(/^serviceAccount:/, '') === email;
  }

  /** A `google_service_account` whose `account_id` and `project` are literal has a known email. */
  private literalEmail(address: string): string | undefined {
    const account = this.declared.get(address);
    if (account?.type !== 'google_service_account') return undefined;
    const id = this.evaluate(attr(account.block.body, 'account_id')?.expr, 0);
    const project = this.evaluate(attr(account.block.body, 'project')?.expr, 0);
    return id.known && project.known && id.value && project.value ? `${id.value}@${project.value}.iam.gserviceaccount.com` : undefined;
  }

  // ── settings and links ──────────────────────────────────────────────────────────────────

  private numberSetting(resource: ResourceModel, body: HclBody | undefined, name: string, nodePath: string, defaultValue: number): Setting<number> {
    const value = this.attrValue(body, name, nodePath);
    if (!value) return { value: undefined, source: 'default', defaultValue, loc: resource.loc };
    const number = value.known && typeof value.value === 'string' && /^\d+$/.test(value.value) ? { ...value, value: Number(value.value) } : value;
    if (number.known && typeof number.value !== 'number') return { value: { known: false, loc: number.loc, node: number.node, reason: `${name} is not a number` }, source: 'resource', defaultValue, loc: number.loc };
    return { value: number as Value<number>, source: 'resource', defaultValue, loc: number.loc };
  }

  /** `available_memory = "512M"`, `"1Gi"`, `"2G"` → megabytes. */
  private memorySetting(resource: ResourceModel, body: HclBody | undefined, nodePath: string): Setting<number> {
    const value = this.attrValue(body, 'available_memory', nodePath);
    if (!value) return { value: undefined, source: 'default', defaultValue: DEFAULT_MEMORY_MB, loc: resource.loc };
    const megabytes = value.known ? parseMemory(value.value) : undefined;
    const parsed: Value<number> = value.known && megabytes !== undefined ? { ...value, value: megabytes } : { known: false, loc: value.loc, node: value.node, reason: value.known ? `available_memory ${String(value.value)} is not a size` : value.reason };
    return { value: parsed, source: 'resource', defaultValue: DEFAULT_MEMORY_MB, loc: value.loc };
  }

  /** A reference to another resource of the module, or a literal name, ID or email outside it. */
  private link(expr: HclExpr): ResourceLink {
    const [owner, written] = this.resolveExpr(expr, 0);
    // Named where a module's caller writes it: linked in the caller's scope.
    if (owner !== this) return { ...owner.link(written), loc: written.loc };
    const address = this.addressOf(expr);
    if (address && this.declared.has(address)) return { id: address, known: true, loc: expr.loc };
    const value = this.evaluate(expr, 0);
    if (value.known && typeof value.value === 'string') return { external: value.value, known: true, loc: expr.loc };
    return { known: false, loc: expr.loc };
  }

  // ── values ──────────────────────────────────────────────────────────────────────────────

  private attrValue(body: HclBody | undefined, name: string, nodePath: string): Value<Scalar> | undefined {
    const a = body && attr(body, name);
    return a ? this.value(a.expr, nodePath) : undefined;
  }

  private value(expr: HclExpr, nodePath: string): Value<Scalar> {
    const evaluated = this.evaluate(expr, 0);
    const node = this.node(expr, nodePath, evaluated);
    const loc = evaluated.loc ?? expr.loc;
    return evaluated.known ? { known: true, value: evaluated.value ?? null, loc, node, assumptions: evaluated.assumptions } : { known: false, loc, node, reason: evaluated.reason ?? 'is computed' };
  }

  /** The located tree node for an expression: a scalar when known, a map or list as written, else an unknown value. */
  private node(expr: HclExpr, nodePath: string, evaluated?: Evaluated): TNode {
    if (expr.kind === 'object') {
      const entries: MapEntry[] = [];
      for (const item of expr.items) if (item.keyName !== undefined) entries.push({ key: item.keyName, keyLoc: item.key.loc, value: this.node(item.value, `${nodePath}/${item.keyName}`) });
      return { kind: 'map', entries, loc: expr.loc, path: nodePath };
    }
    if (expr.kind === 'tuple') return seq(expr.items.map((item, i) => this.node(item, `${nodePath}/${i}`)), expr.loc, nodePath);
    const value = evaluated ?? this.evaluate(expr, 0);
    const loc = value.loc ?? expr.loc;
    return value.known ? scalar(value.value ?? null, loc, nodePath) : unknownValue(value.reason ?? 'computed', loc, nodePath);
  }

  private lowerBody(body: HclBody, nodePath: string, loc: Loc = body.loc): MapNode {
    const pairs: [string, TNode, Loc][] = body.attributes.map((a) => [a.name, this.node(a.expr, `${nodePath}/${a.name}`), a.nameLoc]);
    const byType = new Map<string, HclBlock[]>();
    for (const block of body.blocks) byType.set(block.type, [...(byType.get(block.type) ?? []), block]);
    for (const [type, blocks] of byType) {
      const lowered = blocks.map((b, i) => this.lowerBody(b.body, blocks.length > 1 ? `${nodePath}/${type}/${i}` : `${nodePath}/${type}`, b.loc));
      pairs.push([type, lowered.length === 1 ? lowered[0]! : seq(lowered, blocks[0]!.loc, `${nodePath}/${type}`), blocks[0]!.typeLoc]);
    }
    return map(pairs, loc, nodePath);
  }

  /** A path written as a literal or with `${path.module}`, normalised; undefined when computed. */
  private pathValue(expr: HclExpr | undefined): string | undefined {
    const value = this.evaluate(expr, 0);
    // Terraform resolves a relative path from the root module's folder; the linker from the stack file's.
    return value.known && typeof value.value === 'string' ? path.relative(this.baseDir, path.resolve(this.rootDir, value.value)) || '.' : undefined;
  }

  /** The address, in this module instance, of the resource an expression refers to. */
  private addressOf(expr: HclExpr | undefined): string | undefined {
    if (expr?.kind === 'traversal' && this.iterators.has(expr.root)) return undefined;
    const address = referencedAddress(expr);
    return address === undefined ? undefined : this.prefix + address;
  }

  private evaluate(expr: HclExpr | undefined, depth: number): Evaluated {
    const unknown = (reason: string, refs: string[] = []): Evaluated => ({ known: false, reason, assumptions: [], refs });
    if (!expr) return unknown('is not set');
    if (depth > MAX_DEPTH) return unknown('is nested too deeply');
    switch (expr.kind) {
      case 'literal':
        return { known: true, value: expr.value, assumptions: [], refs: [] };
      case 'parens':
        return this.evaluate(expr.expr, depth + 1);
      case 'template': {
        let text = '';
        const assumptions: Assumption[] = [];
        const refs: string[] = [];
        let known = true;
        let reason: string | undefined;
        for (const part of expr.parts) {
          if (part.kind === 'text') text += part.value;
          else if (part.kind === 'directive') known = false;
          else {
            const inner = this.evaluate(part.expr, depth + 1);
            refs.push(...inner.refs);
            assumptions.push(...inner.assumptions);
            if (inner.known && inner.value !== null && inner.value !== undefined) text += String(inner.value);
            else {
              known = false;
              reason ??= inner.reason;
            }
          }
        }
        // `"${var.x}"` alone is the variable's value, chosen where the variable is.
        const only = expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation' ? this.evaluate(expr.parts[0]!.expr, depth + 1).loc : undefined;
        return known ? { known: true, value: text, assumptions, refs, ...(only ? { loc: only } : {}) } : { known: false, reason: reason ?? 'is computed', assumptions: [], refs };
      }
      case 'call': {
        if (/^(tostring|tonumber|trimspace)$/.test(expr.name) && expr.args.length === 1) return this.evaluate(expr.args[0], depth + 1);
        if (expr.name === 'lookup') {
          const [owner, written] = this.resolveExpr(expr, depth + 1);
          if (written !== expr) {
            const value = owner.evaluate(written, depth + 1);
            return { ...value, refs: owner === this ? value.refs : [], loc: value.loc ?? written.loc };
          }
        }
        // Paths modules are given: `pathexpand` only changes a leading `~`, `abspath` resolves from the root module's folder.
        if (/^(pathexpand|abspath)$/.test(expr.name) && expr.args.length === 1) {
          const inner = this.evaluate(expr.args[0], depth + 1);
          if (!inner.known || typeof inner.value !== 'string' || inner.value.startsWith('~')) return unknown(`${expr.name}() is computed`, inner.refs);
          return expr.name === 'abspath' ? { ...inner, value: path.resolve(this.rootDir, inner.value) } : inner;
        }
        return unknown(`${expr.name}() is computed`, expr.args.flatMap((a) => this.evaluate(a, depth + 1).refs));
      }
      case 'traversal':
        return this.traversal(expr, depth);
      case 'conditional': {
        const condition = this.evaluate(expr.condition, depth + 1);
        if (condition.known && typeof condition.value === 'boolean') return this.evaluate(condition.value ? expr.then : expr.else, depth + 1);
        const refs = [...this.evaluate(expr.then, depth + 1).refs, ...this.evaluate(expr.else, depth + 1).refs];
        return unknown('depends on a condition', refs);
      }
      case 'binary': {
        // `x != null`, as modules test optional arguments: known when both sides are.
        if (expr.op !== '==' && expr.op !== '!=') return unknown('is computed');
        const [left, right] = [this.nullness(expr.left, depth), this.nullness(expr.right, depth)];
        if (left === undefined || right === undefined || (left.value !== null && right.value !== null && (left.value === NOT_NULL || right.value === NOT_NULL))) return unknown('is computed');
        const equal = left.value === right.value;
        return { known: true, value: expr.op === '==' ? equal : !equal, assumptions: [...left.assumptions, ...right.assumptions], refs: [] };
      }
      default:
        return unknown('is computed');
    }
  }

  /** An operand of `==`/`!=`: its scalar value, or NOT_NULL for an object or tuple written out. */
  private nullness(expr: HclExpr, depth: number): { value: Scalar | typeof NOT_NULL; assumptions: Assumption[] } | undefined {
    const [owner, written] = this.resolveExpr(expr, depth + 1);
    if (written.kind === 'object' || written.kind === 'tuple') return { value: NOT_NULL, assumptions: [] };
    const value = owner.evaluate(written, depth + 1);
    return value.known ? { value: value.value ?? null, assumptions: value.assumptions } : undefined;
  }

  private traversal(expr: Extract<HclExpr, { kind: 'traversal' }>, depth: number): Evaluated {
    const names = attrNames(expr);
    const described = [expr.root, ...names].join('.');
    if (this.iterators.has(expr.root)) {
      const [owner, written] = this.resolveExpr(expr, depth + 1);
      if (owner === this && written === expr) return { known: false, reason: `${described} is computed`, assumptions: [], refs: [] };
      const value = owner.evaluate(written, depth + 1);
      return { ...value, refs: owner === this ? value.refs : [], loc: value.loc ?? written.loc };
    }
    if (expr.root === 'var' && names[0]) {
      const bound = this.scope?.inputs.get(names[0]);
      if (bound) {
        // The caller's argument, evaluated where it is written: its refs name the caller's resources, not ours.
        const argument = names.length > 1 ? objectItem(bound, names.slice(1)) : bound;
        if (!argument) return { known: false, reason: `${described} is computed by the module call`, assumptions: [], refs: [] };
        const value = this.scope!.caller.evaluate(argument, depth + 1);
        return { ...value, refs: [], loc: value.loc ?? argument.loc };
      }
      const block = this.variables.get(names[0]);
      const fallback = block && attr(block.body, 'default');
      if (!fallback || fallback.expr.kind !== 'literal') return { known: false, reason: `var.${names[0]} has no default`, assumptions: [], refs: [] };
      // Named as the Terraform lowering names its inputs (`var:name`, `var:module.x.name`), so the message says `var.name of module.x`.
      return { known: true, value: fallback.expr.value, assumptions: [{ parameter: `var:${this.prefix}${names[0]}`, value: fallback.expr.value, loc: fallback.expr.loc }], refs: [] };
    }
    if (expr.root === 'local' && names[0]) {
      const local = this.locals.get(names[0]);
      const key = `local.${names[0]}`;
      if (!local || names.length > 1 || this.resolving.has(key)) return { known: false, reason: `${described} is computed`, assumptions: [], refs: [] };
      this.resolving.add(key);
      try {
        return this.evaluate(local.expr, depth + 1);
      } finally {
        this.resolving.delete(key);
      }
    }
    // Absolute, so that a path the caller passes into a module still names the same folder there.
    if (expr.root === 'path') return { known: true, value: names[0] === 'module' ? this.dir : this.rootDir, assumptions: [], refs: [] };
    const address = this.addressOf(expr);
    const target = address ? this.declared.get(address) : undefined;
    if (!target || !address) return { known: false, reason: `${described} is computed`, assumptions: [], refs: [] };
    const attribute = target.data ? names[2] : names[1];
    // A literal attribute of another resource (a topic's name) is known; computed ones (id, email, uri) only link.
    const literal = attribute && !['id', 'email', 'uri', 'url', 'https_trigger_url', 'output_path'].includes(attribute) ? attr(target.block.body, attribute) : undefined;
    if (literal && !this.resolving.has(address)) {
      this.resolving.add(address);
      try {
        const value = this.evaluate(literal.expr, depth + 1);
        if (value.known) return { ...value, refs: [address] };
      } finally {
        this.resolving.delete(address);
      }
    }
    if (target.data && target.type === 'archive_file' && attribute === 'output_path') {
      const output = attr(target.block.body, 'output_path');
      const value = this.evaluate(output?.expr, depth + 1);
      return { ...value, refs: [address] };
    }
    return { known: false, reason: `${described} is known after apply`, assumptions: [], refs: [address] };
  }
}

/** `{ timeout = 60 }` written as a module argument, read as `var.config.timeout`. */
function objectItem(expr: HclExpr, names: string[]): HclExpr | undefined {
  let current: HclExpr | undefined = expr;
  for (const name of names) current = current?.kind === 'object' ? current.items.find((i) => i.keyName === name)?.value : undefined;
  return current;
}

/** `dynamic "name" { … }`: a block whose presence and content variables decide. */
function dynamicBlock(body: HclBody | undefined, name: string): HclBlock | undefined {
  return body?.blocks.find((b) => b.type === 'dynamic' && b.labels[0]?.value === name);
}

function nested(body: HclBody | undefined, type: string): HclBlock | undefined {
  return body?.blocks.find((b) => b.type === type);
}

/** `a.value.b["c"]` → ['value', 'b', 'c']; undefined when a step is computed (`[count.index]`, a splat). */
function pathNames(expr: Extract<HclExpr, { kind: 'traversal' }>): string[] | undefined {
  const names: string[] = [];
  for (const step of expr.steps) {
    if (step.kind === 'attr') names.push(step.name);
    else if (step.kind === 'index' && step.key.kind === 'literal' && typeof step.key.value === 'string') names.push(step.key.value);
    else return undefined;
  }
  return names;
}

function referencedAddress(expr: HclExpr | undefined): string | undefined {
  if (expr?.kind === 'template' && expr.parts.length === 1 && expr.parts[0]!.kind === 'interpolation') return referencedAddress(expr.parts[0]!.expr);
  if (expr?.kind !== 'traversal') return undefined;
  const names = attrNames(expr);
  if (expr.root === 'data') return names.length >= 2 ? `data.${names[0]}.${names[1]}` : undefined;
  if (['var', 'local', 'module', 'path', 'each', 'count', 'self'].includes(expr.root)) return undefined;
  return names[0] ? `${expr.root}.${names[0]}` : undefined;
}

function mapValue<T>(value: Value<Scalar>, convert: (v: Scalar) => T): Value<T> {
  return value.known ? { ...value, value: convert(value.value) } : value;
}

/**
 * The kind of event a trigger's `event_type` names: 2nd gen (Eventarc, `google.cloud.pubsub.topic.v1.messagePublished`)
 * and 1st gen (`google.pubsub.topic.publish`, `providers/cloud.pubsub/eventTypes/topic.publish`) spellings.
 */
export function eventKind(eventType: string): TriggerKind {
  if (/pubsub/i.test(eventType)) return 'pubsub';
  if (/firestore/i.test(eventType)) return 'firestore';
  if (/storage/i.test(eventType)) return 'cloud-storage';
  return 'eventarc';
}

/** `"256M"`, `"1Gi"`, `"512Mi"`, `"2G"`, `256` → megabytes. */
function parseMemory(value: Scalar | undefined): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+(?:\.\d+)?)\s*(k|Ki|M|Mi|G|Gi)?$/.exec(value.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = match[2] ?? 'M';
  const factor: Record<string, number> = { k: 1 / 1000, Ki: 1 / 1024, M: 1, Mi: 1.048576, G: 1000, Gi: 1073.741824 };
  return Math.round(amount * factor[unit]!);
}

/** A Google Cloud service-account key file: JSON with `"type": "service_account"` and a `private_key`. */
export function looksLikeServiceAccountKey(text: string): boolean {
  return /"type"\s*:\s*"service_account"/.test(text) && /"private_key"\s*:/.test(text);
}

/** A committed key file as a stack of its own: nothing in it but the document, which hardcoded-secret reads. */
export function buildKeyFileStack(root: MapNode, file: string): StackModel {
  return emptyStack({
    format: 'gcp-key-file',
    platform: 'gcp',
    file,
    root,
  });
}

/** What every Google function model shares: its resource, its name, and the settings Google functions do not have (build, log group, tracing). */
function gcpFunction(
  address: string,
  resource: ResourceModel,
  name: Value<unknown> | undefined,
  own: Pick<FunctionModel, 'generation' | 'runtime' | 'handler' | 'code' | 'timeout' | 'memorySize' | 'environment' | 'role' | 'triggers'> & { cloudRunService?: true },
): FunctionModel {
  return {
    id: address,
    platform: 'gcp',
    resource,
    loc: resource.loc,
    kind: 'cloud-function',
    build: undefined,
    logGroup: undefined,
    functionName: name?.known && typeof name.value === 'string' ? name.value : undefined,
    tracing: { value: undefined, source: 'default', defaultValue: undefined, loc: resource.loc },
    ...own,
  };
}

/** The runtime the resource names, or the platform default where it names none. */
function runtimeSetting(runtime: Value<unknown> | undefined, resource: ResourceModel): FunctionModel['runtime'] {
  return runtime ? { value: runtime as Value<string>, source: 'resource', defaultValue: undefined, loc: runtime.loc } : { value: undefined, source: 'default', defaultValue: undefined, loc: resource.loc };
}
