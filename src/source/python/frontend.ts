/**
 * The Python frontend: reads a handler's module and the project modules it imports, follows the
 * handler into every project function it calls per invocation, and records the language-neutral
 * facts the source rules judge (see ../facts.ts).
 *
 * Module scope runs once per cold start; the handler and what it calls run per invocation. Imports
 * resolve as Python resolves them from the function's code root; packages outside the project are
 * named, never read.
 *
 * Syntax errors: tree-sitter recovers, so facts still come from everything that parsed. A problem
 * ("syntax error at line N") is recorded when an error lies where the handler's analysis depends on
 * it: at module scope of a module the handler loads, or inside a function that runs per invocation.
 * Errors in functions the handler never calls are left alone (they do not change any fact). What
 * the parser could only recover as an ERROR region yields no calls or constructions: it is a guess.
 */
import path from 'node:path';
import type { AwsCallFact, ConstructionFact, FrameworkRegistration, FunctionRef, HandlerFacts, ImportFact, SideEffectFact, SourceFrontend, StringFact } from '../facts.js';
import type { Loc } from '../../parse/tree.js';
import { Analysis, decoratorsOf, literalArgument, stringValue, walkBody, type Environment, type Fn, type Value } from './analysis.js';
import { findPythonAwsCalls } from './aws-calls.js';
import { classifyEffect, isAzureDedupCheck, isDedupCheck } from './effects.js';
import { isGoogleDedupCheck } from '../google-effects.js';
import { measurePythonImport } from './measure.js';
import { indexModule, ModuleResolver, type PyModule, type Resolution } from './modules.js';
import { decoratorRegistration, shapeRegistration } from './functions-framework.js';
import { loadPythonParser, pythonLoc, type Node, type PythonParser } from './parser.js';

/** Calls that run a callable passed to them: `map(fn, xs)`, `executor.submit(fn)`, `Thread(target=fn)`. */
const RUNS_ITS_ARGUMENTS = /^(map|filter|sorted|min|max|reduce|partial|submit|starmap|imap|imap_unordered|apply|apply_async|map_async|run_in_executor|to_thread|Thread|Process|Timer)$/;
const MEMOISING_DECORATOR = /\b(lru_cache|cache|cached_property|cached|memoize|memoized)\b/;
const CONSUMER_EVENTS = /\b(SQSEvent|KinesisStreamEvent|DynamoDBStreamEvent|KafkaEvent|ActiveMQEvent|RabbitMQEvent|SQSRecord|KinesisStreamRecord|DynamoDBStreamRecord)\b/;
const POWERTOOLS_IDEMPOTENCY = /^aws_lambda_powertools\.utilities\.idempotency(\.|$)/;

/** Creates the Python frontend; the WebAssembly parser loads here, so call it only when there is Python to read. */
export async function createPythonFrontend(): Promise<PythonFrontend> {
  return new PythonFrontend(await loadPythonParser());
}

export class PythonFrontend implements SourceFrontend {
  readonly language = 'python' as const;
  readonly problems: { file: string; reason: string }[] = [];
  private readonly modules = new Map<string, PyModule | undefined>();
  private readonly analyses = new Map<string, Analysis>();
  private readonly reported = new Set<string>();

  constructor(private readonly parser: PythonParser) {}

  /** Parses a file once; undefined (with a recorded problem) when it cannot be read. */
  module(file: string): PyModule | undefined {
    const resolved = path.resolve(file);
    if (this.modules.has(resolved)) return this.modules.get(resolved);
    const source = this.parser.read(resolved);
    let module: PyModule | undefined;
    if ('reason' in source) this.problem(resolved, source.reason);
    else module = { ...source, index: indexModule(source.root) };
    this.modules.set(resolved, module);
    return module;
  }

  /** Parses text that is not (or not yet) on disk, e.g. an editor buffer or inline template code. */
  parse(file: string, text: string): PyModule {
    const source = this.parser.parse(path.resolve(file), text);
    const module = { ...source, index: indexModule(source.root) };
    this.modules.set(source.file, module);
    return module;
  }

  private problem(file: string, reason: string): void {
    const key = `${file}\0${reason}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    this.problems.push({ file, reason });
  }

  private analysis(codeRoot: string): Analysis {
    const root = path.resolve(codeRoot);
    let analysis = this.analyses.get(root);
    if (!analysis) {
      analysis = new Analysis(new ModuleResolver(root), (file) => this.module(file));
      this.analyses.set(root, analysis);
    }
    return analysis;
  }

  handlerFacts(file: string, exportName: string, codeRoot?: string): { facts: HandlerFacts } | { reason: string } {
    const module = this.module(file);
    if (!module) return { reason: `${path.basename(file)} could not be read: ${this.problems.find((p) => p.file === path.resolve(file))?.reason ?? 'unreadable'}` };
    try {
      const analysis = this.analysis(codeRoot ?? path.dirname(module.file));
      const entry = findHandler(analysis, module, exportName);
      if ('reason' in entry) {
        const error = module.syntaxErrors[0];
        return { reason: error ? `${entry.reason} (${path.basename(module.file)} has a syntax error at line ${errorAnchor(error).startPosition.row + 1})` : entry.reason };
      }
      return { facts: new PythonHandlerFacts(analysis, module, exportName, entry.fn, (f, r) => this.problem(f, r)) };
    } catch (error) {
      // An analysis bug must cost one handler, not the run.
      const reason = `could not analyse the handler ${exportName}: ${(error as Error).message}`;
      this.problem(module.file, reason);
      return { reason };
    }
  }

  handlersByConvention(file: string): HandlerFacts[] {
    const module = this.module(file);
    if (!module) return [];
    const analysis = this.analysis(path.dirname(module.file));
    const out: HandlerFacts[] = [];
    for (const [name, node] of module.index.functions) {
      try {
        const fn = analysis.fn(module, node);
        const info = analysis.info(fn);
        const conventional = (name === 'lambda_handler' || name === 'handler') && info.params.length === 2;
        const typed = [...info.annotations.values()].some((type) => isLambdaType(module, type));
        if (conventional || typed || frameworkRegistration(module, name, node, info.params)) out.push(new PythonHandlerFacts(analysis, module, name, fn, (f, r) => this.problem(f, r)));
      } catch (error) {
        this.problem(module.file, `could not analyse the handler ${name}: ${(error as Error).message}`);
      }
    }
    return out;
  }

  measureImport(specifier: string, importer: string): { files: number; bytes: number; truncated: boolean } | undefined {
    return measurePythonImport(specifier, importer);
  }

  provide(file: string, text: string): void {
    this.parse(file, text);
  }

  parsedTexts(): Map<string, string> {
    return new Map([...this.modules.values()].flatMap((module) => (module ? [[module.file, module.text] as const] : [])));
  }

  textOf(file: string): string | undefined {
    return this.modules.get(path.resolve(file))?.text;
  }
}

/** `LambdaContext` from Powertools' typing, or any type from `aws_lambda_typing`. */
function isLambdaType(module: PyModule, annotation: string): boolean {
  const root = /^[A-Za-z_]\w*/.exec(annotation)?.[0];
  const binding = root ? module.index.bindings.get(root) : undefined;
  if (!binding) return false;
  if (/^aws_lambda_typing(\.|$)/.test(binding.module)) return true;
  return /^aws_lambda_powertools\.utilities\.typing/.test(binding.module) && (binding.name ?? annotation).includes('LambdaContext');
}

function frameworkRegistration(module: PyModule, name: string, def: Node, params: string[]): FrameworkRegistration | undefined {
  const loc = pythonLoc(module.file, def.childForFieldName('name') ?? def);
  return decoratorRegistration(module, decoratorsOf(def), loc) ?? shapeRegistration(module, name, params, loc);
}

/** The function an exported name designates: a def, or a name bound to one (through wrappers, re-exports, instances). */
function findHandler(analysis: Analysis, module: PyModule, name: string): { fn: Fn } | { reason: string } {
  const def = module.index.functions.get(name);
  if (def) return { fn: analysis.fn(module, def) };
  const value = analysis.moduleName(module, name, 0);
  if (value?.kind === 'function') return { fn: value.fn };
  // `handler = wrap(main)`, `handler = Middleware(app_handler)`: the wrapped function is the handler.
  for (const right of module.index.assignments.get(name) ?? []) {
    if (right.type !== 'call') continue;
    for (const arg of right.childForFieldName('arguments')?.namedChildren ?? []) {
      const wrapped = arg && arg.type !== 'keyword_argument' ? analysis.evaluate(arg, module, undefined) : undefined;
      if (wrapped?.kind === 'function') return { fn: wrapped.fn };
    }
    const callee = right.childForFieldName('function')?.text ?? 'a call';
    return { reason: `${name} in ${path.basename(module.file)} is built by ${callee}(…), which cannot be followed statically` };
  }
  if (module.index.assignments.has(name) || module.index.bindings.has(name)) return { reason: `${name} in ${path.basename(module.file)} is not a function that can be followed statically` };
  return { reason: `${path.basename(module.file)} defines no function ${name}` };
}

interface Edge {
  from: Fn;
  to: Fn;
  call: Node;
  /** The callee is a method reached through an instance or class: its first parameter is not an argument. */
  bound: boolean;
}

class PythonHandlerFacts implements HandlerFacts, Environment {
  readonly language = 'python' as const;
  readonly file: string;
  private readonly reached = new Map<string, Fn>();
  private readonly edges: Edge[] = [];
  private readonly graph: PyModule[];
  private taintCache?: Map<string, Set<string>>;
  private reachDone = false;
  private indexedEdges?: { into: Map<string, Edge[]>; outOf: Map<string, Edge[]> };
  private readonly parameters = new Map<string, Value | undefined>();
  private readonly pending = new Set<string>();
  private cached: Partial<Record<string, unknown>> = {};

  constructor(
    private readonly analysis: Analysis,
    private readonly module: PyModule,
    readonly exportName: string,
    private readonly entry: Fn,
    private readonly problem: (file: string, reason: string) => void,
  ) {
    this.file = module.file;
    this.graph = this.moduleGraph();
    this.reach();
    this.reachDone = true;
    this.reportSyntaxErrors();
  }

  /** Computes a fact once; a failure in the analysis is a notice naming the file, never a crash of the run. */
  private memo<T>(key: string, compute: () => T, fallback: T): T {
    if (!(key in this.cached)) {
      try {
        this.cached[key] = compute();
      } catch (error) {
        this.problem(this.file, `could not analyse the handler ${this.exportName}: ${(error as Error).message}`);
        this.cached[key] = fallback;
      }
    }
    return this.cached[key] as T;
  }

  /** A parameter holds what every call site in this handler's call graph passes, when they all agree. */
  parameter(fn: Fn, name: string, depth: number): Value | undefined {
    const key = `${fn.key}\0${name}`;
    if (this.reachDone && this.parameters.has(key)) return this.parameters.get(key);
    // A parameter that depends on itself through recursion has no single value.
    if (this.pending.has(key)) return undefined;
    this.pending.add(key);
    try {
      const value = this.computeParameter(fn, name, depth);
      if (this.reachDone) this.parameters.set(key, value);
      return value;
    } finally {
      this.pending.delete(key);
    }
  }

  private computeParameter(fn: Fn, name: string, depth: number): Value | undefined {
    const params = this.analysis.info(fn).params;
    let agreed: Value | undefined;
    let seen = false;
    for (const edge of this.edgesInto(fn)) {
      const argument = argumentFor(edge.call, params.slice(edge.bound ? 1 : 0), name);
      if (!argument) return undefined;
      const value = this.analysis.evaluate(argument, edge.from.module, edge.from, depth + 1, this);
      if (!value || (seen && !sameValue(agreed!, value))) return undefined;
      agreed = value;
      seen = true;
    }
    return agreed;
  }

  private edgesInto(fn: Fn): Edge[] {
    return this.reachDone ? (this.edgeIndex().into.get(fn.key) ?? []) : this.edges.filter((e) => e.to.key === fn.key);
  }

  private edgesOutOf(fn: Fn): Edge[] {
    return this.edgeIndex().outOf.get(fn.key) ?? [];
  }

  private edgeIndex(): { into: Map<string, Edge[]>; outOf: Map<string, Edge[]> } {
    if (this.indexedEdges) return this.indexedEdges;
    const into = new Map<string, Edge[]>();
    const outOf = new Map<string, Edge[]>();
    const add = (map: Map<string, Edge[]>, key: string, edge: Edge) => {
      const list = map.get(key);
      if (list) list.push(edge);
      else map.set(key, [edge]);
    };
    for (const edge of this.edges) {
      add(into, edge.to.key, edge);
      add(outOf, edge.from.key, edge);
    }
    this.indexedEdges = { into, outOf };
    return this.indexedEdges;
  }

  private evaluate(node: Node | null, fn: Fn): Value | undefined {
    return this.analysis.evaluate(node, fn.module, fn, 0, this);
  }

  // ── modules ───────────────────────────────────────────────────────────────────────────────

  /** The handler's module and every project module its module scope imports, transitively (parent packages included). */
  private moduleGraph(): PyModule[] {
    const seen = new Map<string, PyModule>();
    const queue: PyModule[] = [this.module];
    while (queue.length) {
      const module = queue.shift()!;
      if (seen.has(module.file)) continue;
      seen.set(module.file, module);
      for (const file of this.importedFiles(module, module.index.imports)) {
        const next = this.analysis.load(file);
        if (next && !seen.has(next.file)) queue.push(next);
      }
    }
    return [...seen.values()];
  }

  private importedFiles(module: PyModule, imports: PyModule['index']['imports']): string[] {
    const files: string[] = [];
    for (const { module: name, level, names } of imports) {
      const resolution = this.analysis.resolver.resolve(module.file, name, level);
      if (resolution.kind !== 'project') continue;
      files.push(...resolution.files);
      for (const imported of names) {
        const sub = imported === '*' ? undefined : this.analysis.resolver.submodule(resolution, imported);
        if (sub?.kind === 'project') files.push(...sub.files);
      }
    }
    return files;
  }

  private resolution(module: PyModule, name: string, level: number): Resolution {
    return this.analysis.resolver.resolve(module.file, name, level);
  }

  // ── reachability ──────────────────────────────────────────────────────────────────────────

  private reach(): void {
    const queue: Fn[] = [this.entry];
    const push = (to: Fn | undefined, from?: Fn, call?: Node, bound = false) => {
      if (!to) return;
      if (from && call) this.edges.push({ from, to, call, bound });
      if (!this.reached.has(to.key)) queue.push(to);
    };
    while (queue.length) {
      const fn = queue.pop()!;
      if (this.reached.has(fn.key)) continue;
      this.reached.set(fn.key, fn);
      const analysis = this.analysis;
      const info = analysis.info(fn);
      // A project decorator's wrapper runs on every call of what it decorates.
      for (const decorator of decoratorsOf(fn.node)) {
        const target = decorator.type === 'call' ? decorator.childForFieldName('function') : decorator;
        const value = analysis.evaluate(target, fn.module, analysis.enclosingFunctions(fn.module, fn.node)[0]);
        if (value?.kind === 'function') for (const inner of nestedDefinitions(value.fn.node)) push(analysis.fn(value.fn.module, inner));
      }
      walkBody(fn.node.childForFieldName('body'), (node) => {
        if (node.type !== 'call') return;
        const calleeNode = node.childForFieldName('function');
        const callee = this.evaluate(calleeNode, fn);
        this.follow(callee, fn, node, calleeNode?.type === 'attribute', push);
        const name = calleeNode?.type === 'attribute' ? calleeNode.childForFieldName('attribute')?.text : calleeNode?.text;
        const runsArguments = name !== undefined && RUNS_ITS_ARGUMENTS.test(name);
        for (const arg of node.childForFieldName('arguments')?.namedChildren ?? []) {
          if (!arg) continue;
          const expression = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
          if (!expression || expression.type === 'call') continue;
          // A local def handed to anything is a callback of this invocation; other callables only when the callee runs them.
          const local = expression.type === 'identifier' && info.nested.has(expression.text);
          if (!local && !runsArguments) continue;
          const value = this.evaluate(expression, fn);
          if (value?.kind === 'function') push(value.fn);
          if (value?.kind === 'class') push(analysis.method(value, '__init__'));
        }
      });
    }
  }

  private follow(callee: Value | undefined, from: Fn, call: Node, viaAttribute: boolean, push: (to: Fn | undefined, from?: Fn, call?: Node, bound?: boolean) => void): void {
    if (!callee) return;
    if (callee.kind === 'function') {
      push(callee.fn, from, call, viaAttribute && callee.fn.className !== undefined);
    } else if (callee.kind === 'class') {
      push(this.analysis.method(callee, '__init__'), from, call, true);
      push(this.analysis.method(callee, '__post_init__'));
    }
  }

  private reportSyntaxErrors(): void {
    const modules = new Map(this.graph.map((m) => [m.file, m]));
    for (const fn of this.reached.values()) modules.set(fn.module.file, fn.module);
    for (const module of modules.values()) {
      for (const error of module.syntaxErrors) {
        const anchor = errorAnchor(error);
        const enclosing = this.analysis.enclosingFunctions(module, anchor);
        const matters = enclosing.length === 0 ? !insideDeadBranch(anchor) : enclosing.some((f) => this.reached.has(f.key));
        if (matters) this.problem(module.file, `syntax error at line ${anchor.startPosition.row + 1}`);
      }
    }
  }

  /** Every module read for this handler: its import graph and the modules of functions it calls (imported lazily too). */
  private modulesRead(): PyModule[] {
    const modules = new Map(this.graph.map((m) => [m.file, m]));
    for (const fn of this.reached.values()) modules.set(fn.module.file, fn.module);
    return [...modules.values()];
  }

  private ref(fn: Fn): FunctionRef {
    return { file: fn.module.file, description: this.analysis.describe(fn), isEntry: fn.key === this.entry.key };
  }

  /** Calls in per-invocation code, each with the function it runs in. */
  private calls(): { fn: Fn; call: Node }[] {
    return this.memo('calls', () => {
      const out: { fn: Fn; call: Node }[] = [];
      for (const fn of this.reached.values()) {
        walkBody(fn.node.childForFieldName('body'), (node) => {
          if (node.type === 'call') out.push({ fn, call: node });
        });
      }
      return out;
    }, []);
  }

  // ── facts ─────────────────────────────────────────────────────────────────────────────────

  get coldStartImports(): ImportFact[] {
    return this.memo(
      'imports',
      () =>
        this.graph.flatMap((module) =>
          module.index.imports.flatMap(({ statement, module: name, level }) => {
            if (level > 0 || this.resolution(module, name, 0).kind !== 'external') return [];
            return [{ specifier: name, file: module.file, loc: pythonLoc(module.file, statement), path: `${module.file}#import#${name}` }];
          }),
        ),
      [],
    );
  }

  get constructions(): ConstructionFact[] {
    return this.memo('constructions', () => {
      const out: ConstructionFact[] = [];
      const counts = new Map<string, number>();
      for (const { fn, call } of this.calls()) {
        const calleeNode = call.childForFieldName('function');
        const value = this.evaluate(calleeNode, fn);
        if (value?.kind !== 'external' || value.path.length === 0) continue;
        const callee = calleeNode!.text.replace(/\s+/g, '');
        const within = this.ref(fn);
        const key = `${fn.module.file}#${within.description}#${callee}`;
        const n = (counts.get(key) ?? 0) + 1;
        counts.set(key, n);
        const firstArgument = literalArgument(call, value.path.at(-1) === 'client' || value.path.at(-1) === 'resource' ? 'service_name' : undefined);
        out.push({
          module: value.module,
          name: value.path.join('.'),
          isNew: false,
          callee,
          ...(firstArgument !== undefined ? { firstArgument } : {}),
          loc: pythonLoc(fn.module.file, call),
          path: `${key}#${n}`,
          within,
          memoised: this.isMemoised(fn, call),
          configuredFromInvocation: this.usesInvocation(fn, call.childForFieldName('arguments')),
        });
      }
      return out;
    }, []);
  }

  get sideEffects(): SideEffectFact[] {
    return this.memo('effects', () => {
      const out: SideEffectFact[] = [];
      for (const { fn, call } of this.calls()) {
        const { callee, receiver, method, argsText } = this.describeCall(fn, call);
        const effect = classifyEffect(callee, receiver, method, argsText);
        if (!effect) continue;
        const loc = pythonLoc(fn.module.file, call);
        out.push({ ...effect, loc, path: `${fn.module.file}#${this.analysis.describe(fn)}#${effect.label}#${out.filter((e) => e.label === effect.label).length + 1}` });
      }
      return out;
    }, []);
  }

  get idempotencyGuard(): string | undefined {
    return this.memo('guard', () => {
      for (const module of this.modulesRead()) {
        if (module.index.imports.some((i) => i.level === 0 && POWERTOOLS_IDEMPOTENCY.test(i.module))) return 'Powertools idempotency';
      }
      for (const fn of this.reached.values()) {
        if (this.analysis.info(fn).imports.imports.some((i) => POWERTOOLS_IDEMPOTENCY.test(i.module))) return 'Powertools idempotency';
      }
      for (const { fn, call } of this.calls()) {
        const { receiver, method, argsText } = this.describeCall(fn, call);
        if (isDedupCheck(receiver, method, argsText)) return `a lookup keyed on the message ID in ${path.basename(fn.module.file)}`;
        const keyedOn = receiver?.kind === 'external' ? `${argsText}\n${this.expandedText(fn, call.childForFieldName('function'))}` : '';
        if (receiver?.kind === 'external' && isGoogleDedupCheck(receiver.module, method, keyedOn)) return `a Firestore document keyed on the event ID in ${path.basename(fn.module.file)}`;
        if (isAzureDedupCheck(receiver, method, argsText, keyedOn)) return `a record keyed on the message ID in ${path.basename(fn.module.file)}`;
      }
      return undefined;
    }, undefined);
  }

  get batchItemFailures(): Loc | undefined {
    return this.memo('batch', () => {
      for (const decorator of decoratorsOf(this.entry.node)) {
        const target = decorator.type === 'call' ? decorator.childForFieldName('function') : decorator;
        const value = this.analysis.evaluate(target, this.module, undefined);
        if (value?.kind === 'external' && /^(batch_processor|async_batch_processor)$/.test(value.path.at(-1) ?? '')) return pythonLoc(this.module.file, decorator);
      }
      for (const fn of this.reached.values()) {
        let found: Node | undefined;
        walkBody(fn.node.childForFieldName('body'), (node) => {
          if (found) return;
          // `{"batchItemFailures": …}`, `response["batchItemFailures"] = …`, `dict(batchItemFailures=…)`.
          if (node.type === 'pair' && stringValue(node.childForFieldName('key')) === 'batchItemFailures') found = node;
          if (node.type === 'subscript' && stringValue(node.childForFieldName('subscript')) === 'batchItemFailures' && node.parent?.type === 'assignment') found = node.parent;
          if (node.type === 'keyword_argument' && node.childForFieldName('name')?.text === 'batchItemFailures') found = node;
          if (node.type === 'call') {
            const value = this.evaluate(node.childForFieldName('function'), fn);
            if (value?.kind !== 'external' || !value.module.startsWith('aws_lambda_powertools')) return;
            const last = value.path.at(-1);
            // `process_partial_response(...)`, or the context-manager form's `processor.response()`.
            if (last === 'process_partial_response' || last === 'async_process_partial_response' || (last === 'response' && /BatchProcessor$/.test(value.path.at(-2) ?? ''))) found = node;
          }
        });
        if (found) return pythonLoc(fn.module.file, found);
      }
      return undefined;
    }, undefined);
  }

  /** A Google Cloud Functions handler: how the Functions Framework serves it. */
  get registration(): FrameworkRegistration | undefined {
    return this.memo('registration', () => frameworkRegistration(this.module, this.exportName, this.entry.node, this.analysis.info(this.entry).params), undefined);
  }

  get consumerEvidence(): string | undefined {
    return this.memo('consumer', () => {
      if (this.registration?.invocation === 'event') return `it is registered with ${this.registration.written}`;
      const info = this.analysis.info(this.entry);
      const typed = [...info.annotations.values()].map((t) => CONSUMER_EVENTS.exec(t)).find(Boolean);
      if (typed) return `its type ${typed[1]}`;
      for (const decorator of decoratorsOf(this.entry.node)) {
        const dataClass = /^event_source\b/.test(decorator.text) ? CONSUMER_EVENTS.exec(decorator.text) : null;
        if (dataClass) return `its event_source data class ${dataClass[1]}`;
      }
      const event = info.params[0];
      const records = new RegExp(`\\[\\s*['"]Records['"]\\s*\\]|\\.get\\(\\s*['"]Records['"]${event ? `|\\b${event}\\.records\\b` : ''}`);
      for (const fn of this.reached.values()) {
        let found: string | undefined;
        walkBody(fn.node.childForFieldName('body'), (node) => {
          const iterated = node.type === 'for_statement' || node.type === 'for_in_clause' ? node.childForFieldName('right')?.text : undefined;
          if (!found && iterated && records.test(iterated)) found = `it iterates ${iterated}`;
        });
        if (found) return found;
      }
      return undefined;
    }, undefined);
  }

  private awsCallsRead(): { calls: AwsCallFact[]; incomplete: string | undefined } {
    return this.memo(
      'awsCalls',
      () => findPythonAwsCalls({ analysis: this.analysis, env: this, reached: this.reached, modules: this.modulesRead(), ref: (fn) => this.ref(fn) }),
      { calls: [], incomplete: 'the AWS calls could not be analysed' },
    );
  }

  get awsCalls(): AwsCallFact[] {
    return this.awsCallsRead().calls;
  }

  get awsCallsIncomplete(): string | undefined {
    return this.awsCallsRead().incomplete;
  }

  get strings(): StringFact[] {
    return this.memo('strings', () => this.modulesRead().flatMap((module) => moduleStrings(module)), []);
  }

  // ── helpers ───────────────────────────────────────────────────────────────────────────────

  /** The callee's value, its receiver and method for `x.m(…)`, and the argument text with the locals it names filled in. */
  private describeCall(fn: Fn, call: Node): { callee: Value | undefined; receiver: Value | undefined; method: string | undefined; argsText: string } {
    const calleeNode = call.childForFieldName('function');
    const callee = this.evaluate(calleeNode, fn);
    const receiver = calleeNode?.type === 'attribute' ? this.evaluate(calleeNode.childForFieldName('object'), fn) : undefined;
    const method = calleeNode?.type === 'attribute' ? calleeNode.childForFieldName('attribute')?.text : undefined;
    return { callee, receiver, method, argsText: this.expandedText(fn, call.childForFieldName('arguments')) };
  }

  /** `table.put_item(Item=item)` with `item = {"id": str(uuid4())}` above: the literal shape is what is judged. */
  private expandedText(fn: Fn, node: Node | null): string {
    if (!node) return '';
    const info = this.analysis.info(fn);
    const parts = [node.text];
    const seen = new Set<string>();
    const expand = (from: Node, depth: number) => {
      if (depth > 2) return;
      for (const id of from.descendantsOfType('identifier')) {
        if (!id || seen.has(id.text)) continue;
        seen.add(id.text);
        for (const right of info.assignments.get(id.text) ?? []) {
          parts.push(right.text);
          expand(right, depth + 1);
        }
      }
    };
    expand(node, 0);
    return parts.join('\n');
  }

  /** Built once and kept: a guarded global or cache entry, or inside a memoising function. */
  private isMemoised(fn: Fn, call: Node): boolean {
    const chain = [fn, ...this.analysis.enclosingFunctions(fn.module, fn.node)];
    if (chain.some((f) => decoratorsOf(f.node).some((d) => MEMOISING_DECORATOR.test(d.text)))) return true;
    let target: string | undefined;
    let node: Node = call;
    for (let parent = call.parent; parent && !parent.equals(fn.node); node = parent, parent = parent.parent) {
      if (parent.type === 'boolean_operator' && parent.childForFieldName('right')?.equals(node)) {
        const left = parent.childForFieldName('left')?.text;
        if (left && parent.parent?.type === 'assignment' && parent.parent.childForFieldName('left')?.text === left) return true;
      }
      if (parent.type === 'assignment' && parent.childForFieldName('right')?.equals(node)) {
        const left = parent.childForFieldName('left');
        if (!left) break;
        // Only a value that outlives the call can be memoised: a global, an attribute, a module-level cache entry.
        if (left.type === 'identifier' && this.analysis.info(fn).globals.has(left.text)) target = left.text;
        else if (left.type === 'attribute') target = left.text;
        else if (left.type === 'subscript' && left.childForFieldName('value')?.type === 'identifier') {
          const cache = left.childForFieldName('value')!.text;
          if (fn.module.index.assignments.has(cache) || this.analysis.info(fn).globals.has(cache)) target = cache;
        }
        break;
      }
    }
    if (!target) return false;
    const mentions = new RegExp(`(^|[^\\w.])${target.replace(/[.[\]]/g, '\\$&')}\\b`);
    for (let parent = call.parent; parent && !parent.equals(fn.node); parent = parent.parent) {
      if (parent.type !== 'if_statement' && parent.type !== 'elif_clause') continue;
      const condition = parent.childForFieldName('condition')?.text ?? '';
      if (mentions.test(condition) && /\bNone\b|\bnot\b|\bin\b|hasattr/.test(condition)) return true;
    }
    return false;
  }

  /** Names in each reached function that hold the event or context, or a value derived from them. */
  private tainted(): Map<string, Set<string>> {
    if (this.taintCache) return this.taintCache;
    const taint = new Map<string, Set<string>>();
    for (const fn of this.reached.values()) taint.set(fn.key, new Set());
    const entryInfo = this.analysis.info(this.entry);
    for (const param of entryInfo.params) if (param !== 'self' && param !== 'cls') taint.get(this.entry.key)!.add(param);
    for (let round = 0; round < 6; round++) {
      let changed = false;
      for (const fn of this.reached.values()) {
        const names = taint.get(fn.key)!;
        if (names.size === 0) continue;
        const uses = (node: Node | null) => node !== null && (names.has(node.text) || node.descendantsOfType('identifier').some((id) => id !== null && names.has(id.text)));
        walkBody(fn.node.childForFieldName('body'), (node) => {
          let targets: Node | null = null;
          let source: Node | null = null;
          if (node.type === 'assignment') [targets, source] = [node.childForFieldName('left'), node.childForFieldName('right')];
          else if (node.type === 'for_statement' || node.type === 'for_in_clause') [targets, source] = [node.childForFieldName('left'), node.childForFieldName('right')];
          else if (node.type === 'named_expression') [targets, source] = [node.childForFieldName('name'), node.childForFieldName('value')];
          else if (node.type === 'as_pattern') [targets, source] = [node.childForFieldName('alias'), node.namedChild(0)];
          if (!targets || !uses(source)) return;
          for (const id of targets.type === 'identifier' ? [targets] : targets.descendantsOfType('identifier')) {
            if (id && !names.has(id.text)) {
              names.add(id.text);
              changed = true;
            }
          }
        });
        for (const edge of this.edgesOutOf(fn)) {
          const params = this.analysis.info(edge.to).params.slice(edge.bound ? 1 : 0);
          const targetNames = taint.get(edge.to.key);
          if (!targetNames) continue;
          let position = 0;
          for (const arg of edge.call.childForFieldName('arguments')?.namedChildren ?? []) {
            if (!arg) continue;
            const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : params[position++];
            const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
            if (name && uses(value) && !targetNames.has(name)) {
              targetNames.add(name);
              changed = true;
            }
          }
        }
      }
      if (!changed) break;
    }
    this.taintCache = taint;
    return taint;
  }

  private usesInvocation(fn: Fn, args: Node | null): boolean {
    const names = this.tainted().get(fn.key);
    if (!args || !names?.size) return false;
    return args.descendantsOfType('identifier').some((id) => id !== null && names.has(id.text));
  }
}

/** Every def nested in a function, at any depth: the wrappers a decorator returns. */
/** The argument a call passes for a parameter, by keyword or by position; undefined for `*args` calls or a missing one. */
function argumentFor(call: Node, params: string[], name: string): Node | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  let position = 0;
  for (const arg of args) {
    if (arg.type === 'list_splat' || arg.type === 'dictionary_splat') return undefined;
    if (arg.type === 'keyword_argument') {
      if (arg.childForFieldName('name')?.text === name) return arg.childForFieldName('value') ?? undefined;
      continue;
    }
    if (params[position++] === name) return arg;
  }
  return undefined;
}

function sameValue(a: Value, b: Value): boolean {
  if (a.kind !== b.kind) return false;
  switch (a.kind) {
    case 'function':
      return a.fn.key === (b as typeof a).fn.key;
    case 'class':
      return a.node === (b as typeof a).node;
    case 'instance':
      return a.cls.node === (b as typeof a).cls.node;
    case 'module':
      return a.resolution.file === (b as typeof a).resolution.file && a.resolution.dir === (b as typeof a).resolution.dir;
    case 'external':
      // Resource objects (`Table(name)`, `Bucket(name)`) are the same only when built by the same call: their argument names them.
      return (
        a.module === (b as typeof a).module &&
        a.path.join('.') === (b as typeof a).path.join('.') &&
        a.service === (b as typeof a).service &&
        (!(a.path.includes('resource') && /^[A-Z]/.test(a.path.at(-1) ?? '')) || a.made?.call === (b as typeof a).made?.call)
      );
  }
}

function nestedDefinitions(def: Node): Node[] {
  return def.childForFieldName('body')?.descendantsOfType('function_definition').filter((d): d is Node => d !== null) ?? [];
}

/**
 * Where an error really is: when recovery wraps whole statements in an ERROR node (an unclosed
 * bracket swallows the rest of the file), the first piece that is not a complete statement.
 */
export function errorAnchor(error: Node): Node {
  if (!error.isError) return error;
  const broken = error.namedChildren.find((c) => c !== null && !/_statement$|_definition$|^block$|^comment$/.test(c.type));
  return broken ?? error;
}

function insideDeadBranch(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'if_statement' && /__name__|TYPE_CHECKING/.test(current.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

/** String literals of a module, with the name each is bound to. Docstrings are documentation, not values, and are skipped. */
function moduleStrings(module: PyModule): StringFact[] {
  const out: StringFact[] = [];
  const stack = [module.root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.type === 'string' || node.type === 'concatenated_string') {
      const value = stringValue(node);
      if (value !== undefined && !isDocstring(node)) {
        const { name, environmentFallback } = binding(node);
        const loc = pythonLoc(module.file, node);
        out.push({ value, ...(name !== undefined ? { name } : {}), environmentFallback, loc, path: `${module.file}#${name ?? 'literal'}#${loc.line}` });
      }
      // Strings inside an f-string's interpolations are literals of their own.
      if (value !== undefined) continue;
    }
    for (let i = node.namedChildren.length - 1; i >= 0; i--) stack.push(node.namedChildren[i]!);
  }
  return out;
}

function isDocstring(node: Node): boolean {
  const statement = node.parent;
  if (statement?.type !== 'expression_statement' || statement.namedChildCount !== 1) return false;
  const block = statement.parent;
  if (!block) return false;
  const first = block.namedChildren.find((c) => c?.type !== 'comment');
  return first?.equals(statement) === true && (block.type === 'module' || block.parent?.type === 'function_definition' || block.parent?.type === 'class_definition');
}

const ENVIRONMENT_READ = /^(os\.)?(environ\.get|getenv|environ\.setdefault)$/;

/** The name a literal is bound to, and whether it is the fallback of an environment read. */
function binding(node: Node): { name?: string; environmentFallback: boolean } {
  const parent = node.parent;
  if (!parent) return { environmentFallback: false };
  const is = (field: string) => parent.childForFieldName(field)?.equals(node) === true;
  switch (parent.type) {
    case 'assignment': {
      if (!is('right')) break;
      const left = parent.childForFieldName('left');
      if (left?.type === 'identifier') return { name: left.text, environmentFallback: false };
      if (left?.type === 'attribute') return { name: left.childForFieldName('attribute')!.text, environmentFallback: false };
      if (left?.type === 'subscript') {
        const key = stringValue(left.childForFieldName('subscript'));
        return key !== undefined ? { name: key, environmentFallback: false } : { environmentFallback: false };
      }
      break;
    }
    case 'pair': {
      if (!is('value')) break;
      const key = stringValue(parent.childForFieldName('key'));
      return key !== undefined ? { name: key, environmentFallback: false } : { environmentFallback: false };
    }
    case 'keyword_argument':
      if (is('value')) return { name: parent.childForFieldName('name')!.text, environmentFallback: false };
      break;
    case 'default_parameter':
    case 'typed_default_parameter':
      if (is('value')) return { name: parent.childForFieldName('name')!.text, environmentFallback: false };
      break;
    case 'argument_list': {
      // `os.environ.get("DB_PASSWORD", "local")`: the fallback of DB_PASSWORD.
      const call = parent.parent;
      const args = parent.namedChildren.filter((c): c is Node => c !== null && c.type !== 'keyword_argument');
      if (call?.type === 'call' && ENVIRONMENT_READ.test(call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '') && args[1]?.equals(node)) {
        const variable = stringValue(args[0]!);
        return { ...(variable !== undefined ? { name: variable } : {}), environmentFallback: true };
      }
      break;
    }
    case 'boolean_operator': {
      // `os.environ.get("TOKEN") or "dev-token"`
      const left = parent.childForFieldName('left');
      if (is('right') && left?.type === 'call' && ENVIRONMENT_READ.test(left.childForFieldName('function')?.text.replace(/\s+/g, '') ?? '')) {
        const variable = literalArgument(left);
        return { ...(variable !== undefined ? { name: variable } : {}), environmentFallback: true };
      }
      break;
    }
  }
  return { environmentFallback: false };
}
