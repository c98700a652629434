/**
 * A Python CDK app (`"app": "python3 app.py"`), read without running it, through the Python
 * frontend's tree-sitter parser: the entry module's statements are followed into the stack classes,
 * the user's own construct classes and helper functions (across the app's modules, by import), and
 * every `aws_cdk` construct they create is recorded as the TypeScript interpreter records it
 * (cdk-interpret.ts), so the same lowering (cdk-app.ts) turns it into a CloudFormation tree.
 *
 * Python spells CDK's names in snake_case: keyword arguments and method names given to the library
 * are turned into the camelCase props and methods the lowering knows (`visibility_timeout=` →
 * `visibilityTimeout`, `grant_read_data` → `grantReadData`); names the user's own code defines keep
 * their spelling. Values are evaluated only where the code alone decides them; everything else is
 * `unknown` with a reason.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { decodeStringContent, stringValue } from '../source/python/analysis.js';
import { pythonLoc, type Node, type PythonParser } from '../source/python/parser.js';
import type { Loc } from '../parse/tree.js';
import { lowerStacks, type CdkAppResult } from './cdk-app.js';
import { DURATION_SECONDS, type CdkRes, type CdkStack, type CdkValue } from './cdk-interpret.js';

/** The Python interpreter's own kinds of value. */
type PyKinds =
  | { k: 'inst'; c: PyInst; node: Node }
  | { k: 'class'; cls: PyClass; node: Node }
  | { k: 'func'; decl: Node; closure: Scope; self?: PV; cls?: { chain: PyClass[]; index: number }; node: Node }
  | { k: 'ns'; mod: PyMod; node: Node }
  | { k: 'app'; node: Node };

export type PV = CdkValue<Node, PyKinds>;
export type PyRes = CdkRes<Node, PyKinds>;
export type PyStack = CdkStack<Node, PyKinds>;

interface PyClass {
  decl: Node;
  mod: PyMod;
}

/** An instance of one of the user's own classes (a stack or a construct). */
interface PyInst {
  cls: PyClass | undefined;
  path: string;
  fields: Map<string, PV>;
  stack: PyStack | undefined;
  anchor: Node | undefined;
  /** A class that extends a library construct (`class OrdersQueue(sqs.Queue)`): that construct, created by `super().__init__(…)`. */
  library?: { type: string; creation: Node; res?: PyRes };
}

type Binding = { kind: 'import'; module: string; name: string | undefined; level: number } | { kind: 'decl'; node: Node };

export interface PyMod {
  file: string;
  /** Dotted name (`stacks.orders_stack`); `__main__` for the entry. */
  name: string;
  root: Node;
  text: string;
  bindings: Map<string, Binding>;
  /** `from x import *`. */
  starImports: { module: string; level: number }[];
  scope: Scope;
}

class Scope {
  readonly vars = new Map<string, PV>();
  constructor(
    readonly mod: PyMod,
    readonly parent?: Scope,
    /** The method's class chain and position, for `super()`. */
    readonly cls?: { chain: PyClass[]; index: number; self: PV },
  ) {}
  lookupLocal(name: string): PV | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

class Return {
  constructor(readonly value: PV) {}
}

/** Positional and keyword arguments of a call, keywords with the `name=value` node they were written in. */
interface Args {
  pos: PV[];
  kw: Map<string, { v: PV; key: Node }>;
  /** A `*args` or `**kwargs` whose contents are not known. */
  partial: boolean;
}

const MAX_DEPTH = 40;
const MAX_ITERATIONS = 200;

/** CDK structs Python builds with a call (`sqs.DeadLetterQueue(queue=dlq, max_receive_count=3)`): TypeScript writes them as object literals. */
const STRUCTS = new Set(['aws-sqs.DeadLetterQueue', 'aws-events.EventPattern', 'aws-apigateway.StageOptions', 'aws-lambda.FunctionUrlOptions', 'aws-lambda.EventInvokeConfigOptions', 'aws-apigateway.LambdaIntegrationOptions']);

/** `visibility_timeout` → `visibilityTimeout`; CONSTANT_NAMES and CamelCase stay. */
export function camel(name: string): string {
  if (!/^[a-z][a-z0-9]*(_[a-z0-9]+)+$/.test(name)) return name;
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The CDK module a Python module is: `aws_cdk.aws_lambda` and v1's `aws_cdk.aws_lambda` are
 * `aws-lambda`, alpha modules lose their suffix; `aws_cdk`, `aws_cdk.core` and `constructs` are
 * `core`. Undefined for a module that is not the CDK's.
 */
export function pythonCdkModule(dotted: string): string | undefined {
  if (dotted === 'aws_cdk' || dotted === 'aws_cdk.core' || dotted === 'constructs') return 'core';
  const m = /^aws_cdk\.(aws_[a-z0-9_]+?)(?:_alpha)?$/.exec(dotted);
  return m ? m[1]!.replace(/_/g, '-') : undefined;
}

export interface PythonInterpretResult {
  stacks: PyStack[];
  files: Map<string, string>;
  notices: { message: string; loc?: Loc }[];
}

export class PythonCdkInterpreter {
  private readonly mods = new Map<string, PyMod | null>();
  readonly stacks: PyStack[] = [];
  readonly notices: { message: string; loc?: Loc }[] = [];
  /** Module roots (and nodes already located) → their file. */
  private readonly files = new WeakMap<Node, string>();
  private depth = 0;
  private callAnchor: Node | undefined;
  private orphans = 0;

  constructor(
    private readonly parser: PythonParser,
    /** The cdk.json folder: the app's process cwd (and `sys.path[0]` for `python3 app.py` run there). */
    readonly appDir: string,
  ) {}

  run(entry: string): PythonInterpretResult {
    const mod = this.load(entry, '__main__');
    if (!mod) this.notices.push({ message: `the CDK app entry ${path.relative(this.appDir, entry)} cannot be read` });
    else {
      try {
        this.execBlock(mod.root.namedChildren, mod.scope);
      } catch (error) {
        if (!(error instanceof Return)) throw error;
      }
    }
    if (this.orphans) this.notices.push({ message: `${this.orphans} construct(s) created outside any stack were not modelled` });
    const files = new Map<string, string>();
    for (const m of this.mods.values()) if (m) files.set(m.file, m.text);
    return { stacks: this.stacks, files, notices: this.notices };
  }

  // ── what the lowering reads of a node (CdkCode) ──────────────────────────────────────────

  fileOf(node: Node): string {
    let root = node;
    while (root.parent && !this.files.has(root)) root = root.parent;
    const file = this.files.get(root) ?? '';
    // Nodes of one statement are located many times: the next lookup stops at this one.
    if (root !== node && file) this.files.set(node, file);
    return file;
  }

  locOf(node: Node): Loc {
    return pythonLoc(this.fileOf(node), node);
  }

  headLocOf(node: Node): Loc {
    const whole = this.locOf(node);
    const args = node.type === 'call' ? node.childForFieldName('arguments')?.namedChildren ?? [] : [];
    const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'dictionary_splat' && a.type !== 'list_splat' && a.type !== 'comment');
    const idArg = positional[1] ?? args.find((a) => a.type === 'keyword_argument' && /^(id|construct_id)$/.test(a.childForFieldName('name')?.text ?? '')) ?? positional[0];
    if (!idArg) return whole;
    const end = this.locOf(idArg);
    return { ...whole, endLine: end.endLine, endColumn: end.endColumn };
  }

  textOf(node: Node): string {
    return node.text;
  }

  // ── modules ───────────────────────────────────────────────────────────────────────────

  private load(file: string, name: string): PyMod | undefined {
    const cached = this.mods.get(file);
    if (cached !== undefined) return cached ?? undefined;
    const read = this.parser.read(file);
    if ('reason' in read) {
      this.mods.set(file, null);
      this.notices.push({ message: `${path.relative(this.appDir, file)} cannot be read: ${read.reason}` });
      return undefined;
    }
    this.files.set(read.root, file);
    const mod: PyMod = { file, name, root: read.root, text: read.text, bindings: new Map(), starImports: [], scope: undefined as unknown as Scope };
    mod.scope = new Scope(mod);
    this.mods.set(file, mod);
    const index = (statements: Node[]) => {
      for (const s of statements) {
        if (s.type === 'import_statement' || s.type === 'import_from_statement') this.bindImport(mod, s);
        else if (s.type === 'class_definition' || s.type === 'function_definition') this.bindDecl(mod, s);
        else if (s.type === 'decorated_definition') {
          const def = s.childForFieldName('definition');
          if (def) this.bindDecl(mod, def);
        } else if (s.type === 'expression_statement' && s.namedChildren[0]?.type === 'assignment') {
          const left = s.namedChildren[0].childForFieldName('left');
          // `OrdersStack = OrdersStack(app, "Orders")` rebinds an imported name: the import stays the binding,
          // and the entry module, run in order, sees the new value in its scope.
          if (left?.type === 'identifier' && !mod.bindings.has(left.text)) mod.bindings.set(left.text, { kind: 'decl', node: s.namedChildren[0] });
        } else if (s.type === 'try_statement' || s.type === 'if_statement') {
          // `try: from x import y` and `if TYPE_CHECKING:` blocks still bind names.
          const body = s.childForFieldName('body') ?? s.childForFieldName('consequence');
          if (body) index(body.namedChildren);
        }
      }
    };
    index(read.root.namedChildren);
    return mod;
  }

  private bindDecl(mod: PyMod, def: Node): void {
    const name = def.childForFieldName('name')?.text;
    if (name) mod.bindings.set(name, { kind: 'decl', node: def });
  }

  private bindImport(mod: PyMod, s: Node): void {
    if (s.type === 'import_statement') {
      for (const n of s.childrenForFieldName('name')) {
        if (n.type === 'aliased_import') {
          const dotted = n.childForFieldName('name')?.text;
          const alias = n.childForFieldName('alias')?.text;
          if (dotted && alias) mod.bindings.set(alias, { kind: 'import', module: dotted, name: undefined, level: 0 });
        } else {
          // `import aws_cdk.aws_lambda` binds `aws_cdk`; the rest is reached by attribute.
          const first = n.text.split('.')[0]!;
          mod.bindings.set(first, { kind: 'import', module: first, name: undefined, level: 0 });
        }
      }
      return;
    }
    const moduleNode = s.childForFieldName('module_name');
    if (!moduleNode) return;
    let level = 0;
    let module = moduleNode.text;
    if (moduleNode.type === 'relative_import') {
      const prefix = moduleNode.namedChildren.find((c) => c.type === 'import_prefix')?.text ?? '.';
      level = prefix.length;
      module = moduleNode.namedChildren.find((c) => c.type === 'dotted_name')?.text ?? '';
    }
    if (s.namedChildren.some((c) => c.type === 'wildcard_import')) {
      mod.starImports.push({ module, level });
      return;
    }
    for (const n of s.childrenForFieldName('name')) {
      const imported = n.type === 'aliased_import' ? n.childForFieldName('name')?.text : n.text;
      const local = n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n.text;
      if (imported && local) mod.bindings.set(local, { kind: 'import', module, name: imported, level });
    }
  }

  /** The app's own module a dotted name is, as Python would find it from the app folder or the importing file's package. */
  private resolveModule(from: PyMod, module: string, level: number): string | undefined {
    const parts = module ? module.split('.') : [];
    const bases: string[] = [];
    if (level > 0) {
      let dir = path.dirname(from.file);
      for (let i = 1; i < level; i++) dir = path.dirname(dir);
      bases.push(dir);
    } else {
      bases.push(this.appDir, path.dirname(from.file));
    }
    for (const base of bases) {
      const stem = path.join(base, ...parts);
      for (const candidate of [`${stem}.py`, path.join(stem, '__init__.py')]) {
        if (this.mods.get(candidate) || this.exists(candidate)) return candidate;
      }
    }
    return undefined;
  }

  private readonly existing = new Map<string, boolean>();
  private readonly importing = new Set<string>();
  private readonly classChains = new Map<Node, { classes: PyClass[]; base: string | undefined }>();

  private exists(file: string): boolean {
    let known = this.existing.get(file);
    if (known === undefined) {
      try {
        known = statSync(file).isFile();
      } catch {
        known = false;
      }
      this.existing.set(file, known);
    }
    return known;
  }

  private moduleValue(from: PyMod, module: string, level: number, node: Node): PV {
    if (level === 0) {
      const cdk = pythonCdkModule(module);
      if (cdk !== undefined) return { k: 'ext', module: cdk, path: [], node };
    }
    const file = this.resolveModule(from, module, level);
    if (file) {
      const target = this.load(file, level ? `${from.name}.${module}` : module);
      if (target) return { k: 'ns', mod: target, node };
      return { k: 'unknown', node, reason: `the module ${module} cannot be read` };
    }
    if (level > 0) return { k: 'unknown', node, reason: `the module ${'.'.repeat(level)}${module} is not in the app` };
    return { k: 'ext', module, path: [], node };
  }

  private importValue(mod: PyMod, binding: Binding & { kind: 'import' }, node: Node): PV {
    const base = this.moduleValue(mod, binding.module, binding.level, node);
    if (binding.name === undefined) return base;
    if (base.k === 'ns') {
      const v = this.exportOf(base.mod, binding.name, node);
      if (v.k !== 'unknown') return v;
      // `from stacks import orders_stack`: a submodule.
      const sub = this.moduleValue(base.mod, binding.name, 1, node);
      return sub.k === 'ns' ? sub : v;
    }
    // `from aws_cdk import aws_lambda` is a module of the library, `from aws_cdk.aws_lambda import Function` a name in one.
    return this.member(base, binding.name, node);
  }

  private exportOf(mod: PyMod, name: string, node: Node, hops = 0): PV {
    if (mod.bindings.has(name) || mod.scope.vars.has(name)) return this.lookup(name, mod.scope, node);
    return this.starImported(mod, name, node, hops) ?? { k: 'unknown', node, reason: `${path.basename(mod.file)} defines no ${name}` };
  }

  /** `name` as one of `mod`'s `from a import *` gives it. The chains may loop back: `hops` ends them. */
  private starImported(mod: PyMod, name: string, node: Node, hops: number): PV | undefined {
    for (const star of hops < 10 ? mod.starImports : []) {
      const target = this.moduleValue(mod, star.module, star.level, node);
      if (target.k === 'ns' && target.mod !== mod) {
        const v = this.exportOf(target.mod, name, node, hops + 1);
        if (v.k !== 'unknown') return v;
      }
    }
    return undefined;
  }

  private lookup(name: string, scope: Scope, node: Node): PV {
    const local = scope.lookupLocal(name);
    if (local !== undefined) return local;
    const mod = scope.mod;
    const binding = mod.bindings.get(name);
    if (!binding) {
      if (name === '__file__') return { k: 'lit', v: mod.file, node };
      if (name === '__name__') return { k: 'lit', v: mod.name, node };
      return this.starImported(mod, name, node, 0) ?? { k: 'unknown', node, reason: `${name} is not defined in the app's code` };
    }
    if (binding.kind === 'import') {
      // `from . import x` in a package's __init__.py names the package itself: a cycle of imports ends here.
      const key = `${mod.file}\0${name}`;
      if (this.importing.has(key)) return { k: 'unknown', node, reason: `${name} is imported in a cycle` };
      this.importing.add(key);
      try {
        return this.importValue(mod, binding, node);
      } finally {
        this.importing.delete(key);
      }
    }
    const decl = binding.node;
    if (decl.type === 'class_definition') return { k: 'class', cls: { decl, mod }, node };
    if (decl.type === 'function_definition') return { k: 'func', decl, closure: mod.scope, node };
    // A module-level assignment: evaluated once, when first used.
    mod.scope.vars.set(name, { k: 'unknown', node, reason: `${name} refers to itself` });
    const right = decl.childForFieldName('right');
    const v = right ? this.eval(right, mod.scope) : { k: 'unknown' as const, node, reason: `${name} is only annotated` };
    mod.scope.vars.set(name, v);
    return v;
  }

  // ── statements ──────────────────────────────────────────────────────────────────────────

  private execBlock(statements: Node[], scope: Scope): void {
    for (const s of statements) this.exec(s, scope);
  }

  private exec(s: Node, scope: Scope): void {
    switch (s.type) {
      case 'expression_statement': {
        const e = s.namedChildren[0];
        if (!e) return;
        if (e.type === 'assignment') this.assign(e, scope);
        else this.eval(e, scope);
        return;
      }
      case 'if_statement': {
        const cond = this.truthy(this.eval(s.childForFieldName('condition')!, scope));
        if (cond !== false) this.execBlock(s.childForFieldName('consequence')?.namedChildren ?? [], scope);
        if (cond === true) return;
        for (const alt of s.childrenForFieldName('alternative')) {
          if (alt.type === 'else_clause') {
            this.execBlock(alt.childForFieldName('body')?.namedChildren ?? [], scope);
            return;
          }
          const c = this.truthy(this.eval(alt.childForFieldName('condition')!, scope));
          if (c !== false) this.execBlock(alt.childForFieldName('consequence')?.namedChildren ?? [], scope);
          if (c === true) return;
        }
        return;
      }
      case 'for_statement': {
        const iterable = this.eval(s.childForFieldName('right')!, scope);
        const items = iterable.k === 'arr' && !iterable.partial ? iterable.items : iterable.k === 'obj' && !iterable.partial ? [...iterable.props.keys()].map((k) => ({ k: 'lit' as const, v: k, node: iterable.node })) : undefined;
        if (!items) {
          this.notices.push({ message: 'a loop over values only known when the app runs was not followed', loc: this.locOf(s.childForFieldName('right')!) });
          return;
        }
        for (const item of items.slice(0, MAX_ITERATIONS)) {
          this.bindTarget(s.childForFieldName('left')!, item, scope);
          this.execBlock(s.childForFieldName('body')?.namedChildren ?? [], scope);
        }
        return;
      }
      case 'return_statement': {
        const e = s.namedChildren[0];
        throw new Return(e ? this.eval(e, scope) : { k: 'undef', node: s });
      }
      case 'try_statement':
      case 'with_statement':
        this.execBlock(s.childForFieldName('body')?.namedChildren ?? [], scope);
        return;
      case 'function_definition':
      case 'class_definition':
        this.define(s, scope);
        return;
      case 'decorated_definition': {
        const def = s.childForFieldName('definition');
        if (def) this.define(def, scope);
        return;
      }
      case 'import_statement':
      case 'import_from_statement':
        if (scope !== scope.mod.scope) {
          // An import inside a function binds a local name.
          const local = new Map<string, Binding>();
          this.bindImport({ ...scope.mod, bindings: local, starImports: [] }, s);
          for (const [name, b] of local) if (b.kind === 'import') scope.vars.set(name, this.importValue(scope.mod, b, s));
        }
        return;
      default:
        return;
    }
  }

  private define(def: Node, scope: Scope): void {
    const name = def.childForFieldName('name')?.text;
    if (!name) return;
    if (def.type === 'class_definition') scope.vars.set(name, { k: 'class', cls: { decl: def, mod: scope.mod }, node: def });
    else scope.vars.set(name, { k: 'func', decl: def, closure: scope, node: def });
  }

  private assign(e: Node, scope: Scope): void {
    const right = e.childForFieldName('right');
    const left = e.childForFieldName('left');
    if (!left || !right) return;
    // `a = b = value`: the right side is itself an assignment.
    const v = right.type === 'assignment' ? (this.assign(right, scope), this.eval(right.childForFieldName('left')!, scope)) : this.eval(right, scope);
    this.bindTarget(left, v, scope);
  }

  private bindTarget(target: Node, v: PV, scope: Scope): void {
    if (target.type === 'identifier') {
      scope.vars.set(target.text, v);
    } else if (target.type === 'attribute') {
      const owner = this.eval(target.childForFieldName('object')!, scope);
      const name = target.childForFieldName('attribute')!.text;
      if (owner.k === 'inst') owner.c.fields.set(name, v);
    } else if (target.type === 'pattern_list' || target.type === 'tuple_pattern' || target.type === 'list_pattern' || target.type === 'tuple' || target.type === 'list') {
      target.namedChildren.forEach((t, i) => this.bindTarget(t, v.k === 'arr' && !v.partial ? (v.items[i] ?? { k: 'undef', node: t }) : { k: 'unknown', node: t, reason: 'not a known sequence' }, scope));
    }
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────

  eval(e: Node, scope: Scope): PV {
    switch (e.type) {
      case 'parenthesized_expression':
        return e.namedChildren[0] ? this.eval(e.namedChildren[0], scope) : { k: 'undef', node: e };
      case 'string':
      case 'concatenated_string':
        return this.string(e, scope);
      case 'integer': {
        const n = Number(e.text.replace(/_/g, ''));
        return Number.isFinite(n) ? { k: 'lit', v: n, node: e } : { k: 'unknown', node: e, reason: 'a number' };
      }
      case 'float':
        return { k: 'lit', v: Number(e.text.replace(/_/g, '')), node: e };
      case 'true':
        return { k: 'lit', v: true, node: e };
      case 'false':
        return { k: 'lit', v: false, node: e };
      case 'none':
        return { k: 'lit', v: null, node: e };
      case 'identifier':
        return withNode(this.lookup(e.text, scope, e), e);
      case 'attribute': {
        const target = this.eval(e.childForFieldName('object')!, scope);
        return withNode(this.member(target, e.childForFieldName('attribute')!.text, e), e);
      }
      case 'subscript': {
        const target = this.eval(e.childForFieldName('value')!, scope);
        const key = this.eval(e.childForFieldName('subscript')!, scope);
        if (key.k === 'lit' && typeof key.v === 'number' && target.k === 'arr' && !target.partial) return target.items.at(key.v) ?? { k: 'unknown', node: e, reason: 'an index out of range' };
        if (key.k === 'lit' && typeof key.v === 'string' && target.k === 'obj') return target.props.get(key.v)?.v ?? { k: 'unknown', node: e, reason: `${key.v} is not a known key` };
        return { k: 'unknown', node: e, reason: `\`${e.text.slice(0, 60)}\` is only known when the app runs` };
      }
      case 'list':
      case 'tuple': {
        const items: PV[] = [];
        let partial = false;
        for (const el of e.namedChildren) {
          if (el.type === 'comment') continue;
          if (el.type === 'list_splat') {
            const v = this.eval(el.namedChildren[0]!, scope);
            if (v.k === 'arr' && !v.partial) items.push(...v.items);
            else partial = true;
          } else items.push(this.eval(el, scope));
        }
        return { k: 'arr', items, node: e, ...(partial ? { partial: true as const } : {}) };
      }
      case 'dictionary': {
        const props = new Map<string, { v: PV; key: Node }>();
        let partial = false;
        for (const p of e.namedChildren) {
          if (p.type === 'pair') {
            const key = this.eval(p.childForFieldName('key')!, scope);
            if (key.k === 'lit' && key.v !== null) props.set(String(key.v), { v: this.eval(p.childForFieldName('value')!, scope), key: p });
            else partial = true;
          } else if (p.type === 'dictionary_splat') {
            const v = this.eval(p.namedChildren[0]!, scope);
            if (v.k === 'obj') {
              for (const [k, entry] of v.props) props.set(k, entry);
              if (v.partial) partial = true;
            } else partial = true;
          }
        }
        return { k: 'obj', props, node: e, ...(partial ? { partial: true as const } : {}) };
      }
      case 'conditional_expression': {
        const [whenTrue, condition, whenFalse] = e.namedChildren;
        const cond = this.truthy(this.eval(condition!, scope));
        if (cond === true) return this.eval(whenTrue!, scope);
        if (cond === false) return this.eval(whenFalse!, scope);
        this.eval(whenTrue!, scope);
        this.eval(whenFalse!, scope);
        return { k: 'unknown', node: e, reason: `\`${condition!.text.slice(0, 60)}\` is only known when the app runs` };
      }
      case 'not_operator': {
        const t = this.truthy(this.eval(e.childForFieldName('argument')!, scope));
        return t === undefined ? { k: 'unknown', node: e, reason: 'a negated value only known when the app runs' } : { k: 'lit', v: !t, node: e };
      }
      case 'boolean_operator': {
        const left = this.eval(e.childForFieldName('left')!, scope);
        const op = operator(e);
        const t = this.truthy(left);
        if (op === 'or') return t === true ? left : t === false ? this.eval(e.childForFieldName('right')!, scope) : unknownOr(left, this.eval(e.childForFieldName('right')!, scope));
        return t === false ? left : t === true ? this.eval(e.childForFieldName('right')!, scope) : unknownOr(left, this.eval(e.childForFieldName('right')!, scope));
      }
      case 'unary_operator': {
        const v = this.eval(e.childForFieldName('argument')!, scope);
        if (e.text.trimStart().startsWith('-') && v.k === 'lit' && typeof v.v === 'number') return { k: 'lit', v: -v.v, node: e };
        if (e.text.trimStart().startsWith('+')) return v;
        return { k: 'unknown', node: e, reason: 'an arithmetic expression' };
      }
      case 'binary_operator':
        return this.binary(e, scope);
      case 'comparison_operator': {
        const [a, b] = e.namedChildren;
        if (e.namedChildren.length !== 2) break;
        const left = this.eval(a!, scope);
        const right = this.eval(b!, scope);
        const op = operator(e);
        if (left.k === 'lit' && right.k === 'lit' && (op === '==' || op === '!=' || op === 'is' || op === 'is not')) return { k: 'lit', v: (left.v === right.v) === (op === '==' || op === 'is'), node: e };
        break;
      }
      case 'call':
        return this.call(e, scope);
      default:
        break;
    }
    return { k: 'unknown', node: e, reason: `\`${e.text.slice(0, 60)}\` is only known when the app runs` };
  }

  private string(e: Node, scope: Scope): PV {
    const plain = stringValue(e);
    if (plain !== undefined) return { k: 'lit', v: plain, node: e };
    // An f-string: known when every interpolated value is.
    const parts = e.type === 'concatenated_string' ? e.namedChildren : [e];
    let text = '';
    for (const part of parts) {
      const start = part.namedChildren.find((c) => c.type === 'string_start')?.text ?? '"';
      for (const c of part.namedChildren) {
        if (c.type === 'string_content') text += decodeStringContent(c.text, start);
        else if (c.type === 'interpolation') {
          const inner = c.childForFieldName('expression') ?? c.namedChildren[0];
          const v = inner ? this.eval(inner, scope) : undefined;
          if (c.namedChildren.some((x) => x.type === 'format_specifier' || x.type === 'type_conversion') || v?.k !== 'lit' || v.v === null) {
            return { k: 'unknown', node: e, reason: `\`${e.text.slice(0, 60)}\` is built from values only known when the app runs` };
          }
          text += typeof v.v === 'boolean' ? (v.v ? 'True' : 'False') : String(v.v);
        }
      }
    }
    return { k: 'lit', v: text, node: e };
  }

  private binary(e: Node, scope: Scope): PV {
    const left = this.eval(e.childForFieldName('left')!, scope);
    const right = this.eval(e.childForFieldName('right')!, scope);
    const op = operator(e);
    if (left.k === 'lit' && right.k === 'lit') {
      const a = left.v;
      const b = right.v;
      if (typeof a === 'number' && typeof b === 'number') {
        if (op === '+') return { k: 'lit', v: a + b, node: e };
        if (op === '-') return { k: 'lit', v: a - b, node: e };
        if (op === '*') return { k: 'lit', v: a * b, node: e };
        if (op === '/' && b !== 0) return { k: 'lit', v: a / b, node: e };
        if (op === '//' && b !== 0) return { k: 'lit', v: Math.floor(a / b), node: e };
      }
      if (typeof a === 'string' && typeof b === 'string' && op === '+') return { k: 'lit', v: a + b, node: e };
    }
    if (op === '+' && left.k === 'arr' && right.k === 'arr') return { k: 'arr', items: [...left.items, ...right.items], node: e, ...(left.partial || right.partial ? { partial: true as const } : {}) };
    return { k: 'unknown', node: e, reason: `\`${e.text.slice(0, 60)}\` is only known when the app runs` };
  }

  private truthy(v: PV): boolean | undefined {
    if (v.k === 'lit') return Boolean(v.v);
    if (v.k === 'undef') return false;
    if (v.k === 'arr') return v.partial ? undefined : v.items.length > 0;
    if (v.k === 'obj') return v.partial ? undefined : v.props.size > 0;
    if (v.k === 'res' || v.k === 'inst' || v.k === 'func' || v.k === 'class' || v.k === 'duration') return true;
    return undefined;
  }

  /** `self` inside a class that extends a library construct stands for that construct, except for the class's own methods and fields. */
  private libraryView(target: PV, name: string): PV {
    if (target.k !== 'inst' || !target.c.library?.res || target.c.fields.has(name)) return target;
    if (target.c.cls && this.findMethod(this.classChain(target.c.cls).classes, name, 0)) return target;
    return { k: 'res', r: target.c.library.res, node: target.node };
  }

  private member(given: PV, name: string, node: Node): PV {
    const target = this.libraryView(given, name);
    switch (target.k) {
      case 'obj': {
        const found = target.props.get(name);
        if (found) return found.v;
        return { k: 'unknown', node, reason: `${name} of a dict` };
      }
      case 'inst': {
        const field = target.c.fields.get(name);
        if (field) return field;
        const method = target.c.cls && this.findMethod(this.classChain(target.c.cls).classes, name, 0);
        if (method) {
          const bound: PV & { k: 'func' } = { k: 'func', decl: method.decl, closure: method.cls.mod.scope, self: target, cls: { chain: method.chain, index: method.index }, node };
          // `@property def queue(self): return self._queue` is read as an attribute.
          const decorated = method.decl.parent?.type === 'decorated_definition' ? method.decl.parent : undefined;
          if (decorated?.namedChildren.some((d) => d.type === 'decorator' && d.text.trim() === '@property')) return this.invoke(bound, { pos: [], kw: new Map(), partial: false }, node);
          return bound;
        }
        return { k: 'unknown', node, reason: `${name} is ${/^(node|stack_name|region|account)$/.test(name) ? 'only known when the app runs' : "not set by the app's code"}` };
      }
      case 'class': {
        const method = this.findMethod(this.classChain(target.cls).classes, name, 0);
        if (method) return { k: 'func', decl: method.decl, closure: method.cls.mod.scope, node };
        const attr = target.cls.decl.childForFieldName('body')?.namedChildren.find((s) => s.type === 'expression_statement' && s.namedChildren[0]?.type === 'assignment' && s.namedChildren[0].childForFieldName('left')?.text === name);
        const right = attr?.namedChildren[0]?.childForFieldName('right');
        return right ? this.eval(right, target.cls.mod.scope) : { k: 'unknown', node, reason: `${name} is not defined in the class` };
      }
      case 'ext': {
        if (target.path.length === 0) {
          // `cdk.aws_lambda`, `aws_cdk.aws_sqs`: a module of the library.
          const sub = pythonCdkModule(`${target.module === 'core' ? 'aws_cdk' : target.module}.${name}`);
          if (target.module === 'core' && sub !== undefined && sub !== 'core') return { k: 'ext', module: sub, path: [], node };
          if (target.module === 'core' && name === 'core') return { k: 'ext', module: 'core', path: [], node };
        }
        return { k: 'ext', module: target.module, path: [...target.path, camel(name)], node };
      }
      case 'ns': {
        const v = this.exportOf(target.mod, name, node);
        if (v.k !== 'unknown') return v;
        // `import stacks.orders_stack` then `stacks.orders_stack.OrdersStack`: a submodule of a package.
        const sub = this.moduleValue(target.mod, name, 1, node);
        return sub.k === 'ns' ? sub : v;
      }
      case 'res':
        if (name === 'root') return target;
        if (name === 'role' || name === 'grant_principal') return { k: 'call', module: '#role', path: [], args: [target], node };
        return { k: 'unknown', node, reason: `${target.r.path}.${camel(name)} is only known at deploy time` };
      case 'arr':
        return { k: 'unknown', node, reason: `${name} of a list` };
      default:
        return { k: 'unknown', node, reason: `\`${node.text.slice(0, 60)}\` is only known when the app runs` };
    }
  }

  // ── calls ───────────────────────────────────────────────────────────────────────────────

  private args(list: Node | null, scope: Scope): Args {
    const out: Args = { pos: [], kw: new Map(), partial: false };
    for (const a of list?.namedChildren ?? []) {
      if (a.type === 'comment') continue;
      if (a.type === 'keyword_argument') {
        const name = a.childForFieldName('name')?.text;
        const value = a.childForFieldName('value');
        if (name && value) out.kw.set(name, { v: this.eval(value, scope), key: a });
      } else if (a.type === 'dictionary_splat') {
        const v = this.eval(a.namedChildren[0]!, scope);
        if (v.k === 'obj') {
          for (const [k, entry] of v.props) out.kw.set(k, entry);
          if (v.partial) out.partial = true;
        } else if (v.k !== 'undef') out.partial = true;
      } else if (a.type === 'list_splat') {
        const v = this.eval(a.namedChildren[0]!, scope);
        if (v.k === 'arr' && !v.partial) out.pos.push(...v.items);
        else out.partial = true;
      } else out.pos.push(this.eval(a, scope));
    }
    return out;
  }

  /** The arguments as the library takes them: positional ones, then the keywords as one props object in CDK's camelCase. */
  private libraryArgs(a: Args, node: Node): PV[] {
    if (!a.kw.size && !a.partial) return a.pos;
    const props = new Map<string, { v: PV; key: Node }>();
    for (const [k, entry] of a.kw) props.set(camel(k), entry);
    return [...a.pos, { k: 'obj', props, node, ...(a.partial ? { partial: true as const } : {}) }];
  }

  private call(e: Node, scope: Scope): PV {
    const fnNode = e.childForFieldName('function')!;
    const argList = e.childForFieldName('arguments');
    // `super().__init__(…)` and `super().method(…)`.
    if (fnNode.type === 'attribute' && fnNode.childForFieldName('object')?.type === 'call' && fnNode.childForFieldName('object')!.childForFieldName('function')?.text === 'super') {
      return this.superCall(fnNode.childForFieldName('attribute')!.text, this.args(argList, scope), scope, e);
    }
    // The receiver and the arguments are evaluated once each: evaluating them again would build the constructs they create twice.
    let args: Args | undefined;
    const argsOnce = (): Args => (args ??= this.args(argList, scope));
    let receiver: PV | undefined;
    if (fnNode.type === 'attribute') {
      const name = fnNode.childForFieldName('attribute')!.text;
      receiver = this.eval(fnNode.childForFieldName('object')!, scope);
      const target = this.libraryView(receiver, name);
      if (target.k === 'res') {
        const method = camel(name);
        target.r.calls.push({ method, args: this.libraryArgs(argsOnce(), argList ?? e), node: e });
        if (method === 'addResource' || method === 'resourceForPath' || method === 'addProxy') return { k: 'res', r: target.r, node: e };
        return { k: 'unknown', node: e, reason: `what ${name}() returns is only known when the app runs` };
      }
      // A statement is changed after it is built (`statement.add_actions(…)`): the lowering reads the changes.
      if (target.k === 'call' && target.path[target.path.length - 1] === 'PolicyStatement') {
        (target.mutations ??= []).push({ method: camel(name), args: argsOnce().pos, node: e });
        return { k: 'undef', node: e };
      }
      if (target.k === 'call' && target.module === '#role' && target.args[0]?.k === 'res') {
        target.args[0].r.calls.push({ method: `role.${camel(name)}`, args: this.libraryArgs(argsOnce(), argList ?? e), node: e });
        return { k: 'undef', node: e };
      }
      // `SecretValue.unsafe_plain_text("…").unsafe_unwrap()` is the literal.
      if (target.k === 'lit' && (name === 'unsafe_unwrap' || name === 'to_string')) return target;
      if (target.k === 'lit' && typeof target.v === 'string') return stringMethod(target, name, argsOnce(), e);
      if (target.k === 'obj' && !target.partial && (name === 'items' || name === 'keys' || name === 'values')) {
        const entries = [...target.props];
        const item = ([k, entry]: [string, { v: PV; key: Node }]): PV => (name === 'keys' ? { k: 'lit', v: k, node: entry.key } : name === 'values' ? entry.v : { k: 'arr', items: [{ k: 'lit', v: k, node: entry.key }, entry.v], node: entry.key });
        return { k: 'arr', items: entries.map(item), node: e };
      }
      if (target.k === 'obj' && name === 'get') {
        const a = argsOnce();
        const key = a.pos[0];
        if (key?.k === 'lit' && typeof key.v === 'string') return target.props.get(key.v)?.v ?? (target.partial ? { k: 'unknown', node: e, reason: `${key.v} may be set` } : (a.pos[1] ?? { k: 'lit', v: null, node: e }));
      }
    }
    const callee = receiver ? withNode(this.member(receiver, fnNode.childForFieldName('attribute')!.text, fnNode), fnNode) : this.eval(fnNode, scope);
    const a = argsOnce();
    switch (callee.k) {
      case 'func':
        return this.invoke(callee, a, e);
      case 'class':
        return this.instantiate(callee.cls, a, e);
      case 'ext':
        return this.callLibrary(callee, a, e);
      default:
        if (fnNode.type === 'identifier' && callee.k === 'unknown') return builtin(fnNode.text, a, e);
        return { k: 'unknown', node: e, reason: `\`${fnNode.text.slice(0, 60)}()\` is only known when the app runs` };
    }
  }

  private callLibrary(callee: PV & { k: 'ext' }, given: Args, e: Node): PV {
    const last = callee.path.at(-1) ?? '';
    let a = positional(last, given);
    const owner = callee.path.slice(0, -1).join('.');
    const module = callee.module;
    if (module === 'os.path' || (module === 'os' && owner === 'path')) return osPath(last, a, e);
    if (module === 'os' && /^(getenv|getcwd)$/.test(last)) return last === 'getcwd' ? { k: 'lit', v: this.appDir, node: e } : { k: 'unknown', node: e, reason: 'an environment variable' };
    if (module === 'core' && owner === 'Duration') return duration(last, a.pos[0], e);
    if (module === 'core' && owner === 'SecretValue' && /^(unsafePlainText|plainText)$/.test(last)) {
      const text = a.pos[0];
      return text?.k === 'lit' ? { k: 'lit', v: text.v, node: text.node, secret: true } : { k: 'unknown', node: e, reason: 'a secret value only known when the app runs' };
    }
    if (/^[A-Z]/.test(last) || /^from[A-Z]/.test(last)) a = constructArgs(a);
    const args = this.libraryArgs(a, e);
    // `sqs.Queue.from_queue_arn(self, "Id", arn)`: a construct outside the app.
    if (/^from[A-Z]/.test(last) && callee.path.length === 2 && (a.pos[0]?.k === 'inst' || a.pos[0]?.k === 'res')) {
      const id = a.pos[1]?.k === 'lit' ? String(a.pos[1].v) : '?';
      const res: PyRes = { type: `${module}.${callee.path[0]}`, id, path: joinPath(a.pos[0], id), stack: stackOf(a.pos[0]), node: e, props: undefined, args, anchor: undefined, calls: [], imported: true };
      return { k: 'res', r: res, node: e };
    }
    if (!/^[A-Z]/.test(last)) {
      return { k: 'call', module, path: callee.path, args, node: e };
    }
    const type = `${module}.${callee.path.join('.')}`;
    if (STRUCTS.has(type)) {
      const props = args.at(-1);
      return props?.k === 'obj' ? { ...props, node: e } : { k: 'obj', props: new Map(), node: e };
    }
    if (type === 'core.App') return { k: 'app', node: e };
    if (type === 'core.Stack' || type === 'core.NestedStack') return this.newStack(e, a, undefined);
    if (type === 'core.Construct' || type === 'core.Stage') return this.libraryScope(e, a, type);
    // A stack class from a module the app folder does not hold (a package installed elsewhere, or a broken import).
    if (a.pos[0]?.k === 'app' && module !== 'core') this.notices.push({ message: `${callee.path.join('.')} (from ${module}, which is not a module of the app folder) was not followed`, loc: this.locOf(e) });
    return this.newResource(type, e, args);
  }

  private newResource(type: string, e: Node, args: PV[]): PV {
    const parent = args[0];
    const idArg = args[1];
    // Integrations, event sources and statements take no scope: they are values passed to a construct.
    if (!parent || (parent.k !== 'inst' && parent.k !== 'res') || !idArg || idArg.k !== 'lit') {
      const [module, ...rest] = type.split('.');
      return { k: 'call', module: module!, path: rest, args, node: e };
    }
    const id = String(idArg.v);
    const stack = stackOf(parent);
    const res: PyRes = { type, id, path: joinPath(parent, id), stack, node: e, props: args[2], args, anchor: anchorOf(parent) ?? this.callAnchor, calls: [] };
    if (stack) stack.resources.push(res);
    else this.orphans++;
    return { k: 'res', r: res, node: e };
  }

  private libraryScope(e: Node, a: Args, type: string): PV {
    const parent = a.pos[0];
    const id = a.pos[1]?.k === 'lit' ? String(a.pos[1].v) : '?';
    return { k: 'inst', c: { cls: undefined, path: joinPath(parent, id), fields: new Map(), stack: type === 'core.Stage' || !parent ? undefined : stackOf(parent), anchor: parent ? anchorOf(parent) : undefined }, node: e };
  }

  private newStack(e: Node, a: Args, cls: PyClass | undefined): PV {
    const parent = a.pos[0] ?? a.kw.get('scope')?.v;
    const idV = a.pos[1] ?? a.kw.get('construct_id')?.v ?? a.kw.get('id')?.v;
    const id = idV?.k === 'lit' ? String(idV.v) : `Stack${this.stacks.length + 1}`;
    const stackPath = parent?.k === 'inst' ? `${parent.c.path}/${id}` : id;
    const stack: PyStack = { name: stackPath.replace(/\//g, '-'), path: stackPath, file: cls ? cls.mod.file : this.fileOf(e), node: e, resources: [] };
    this.stacks.push(stack);
    return { k: 'inst', c: { cls, path: stackPath, fields: new Map(), stack, anchor: undefined }, node: e };
  }

  /**
   * The user's classes from `cls` up to the first library class, and that library class. Read once
   * per class: every method call and attribute on an instance asks for it, and its bases are
   * evaluated in the module's scope, so the answer does not change.
   */
  private classChain(cls: PyClass): { classes: PyClass[]; base: string | undefined } {
    let chain = this.classChains.get(cls.decl);
    if (!chain) this.classChains.set(cls.decl, (chain = this.readClassChain(cls)));
    return chain;
  }

  private readClassChain(cls: PyClass): { classes: PyClass[]; base: string | undefined } {
    const classes: PyClass[] = [];
    let current: PyClass | undefined = cls;
    while (current && classes.length < 20) {
      classes.push(current);
      const supers = current.decl.childForFieldName('superclasses')?.namedChildren.filter((s) => s.type !== 'keyword_argument') ?? [];
      let next: PyClass | undefined;
      for (const s of supers) {
        const v = this.eval(s, current.mod.scope);
        if (v.k === 'class') {
          next = v.cls;
          break;
        }
        if (v.k === 'ext' && v.path.length) return { classes, base: `${v.module}.${v.path.join('.')}` };
      }
      current = next;
    }
    return { classes, base: undefined };
  }

  private findMethod(chain: PyClass[], name: string, from: number): { decl: Node; cls: PyClass; chain: PyClass[]; index: number } | undefined {
    for (let i = from; i < chain.length; i++) {
      const body = chain[i]!.decl.childForFieldName('body')?.namedChildren ?? [];
      for (const s of body) {
        const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
        if (def?.type === 'function_definition' && def.childForFieldName('name')?.text === name) return { decl: def, cls: chain[i]!, chain, index: i };
      }
    }
    return undefined;
  }

  private instantiate(cls: PyClass, a: Args, e: Node): PV {
    if (this.depth > MAX_DEPTH) return { k: 'unknown', node: e, reason: 'constructs nested too deeply to follow' };
    const { classes, base } = this.classChain(cls);
    let self: PV;
    if (base === 'core.Stack' || base === 'core.NestedStack') {
      self = this.newStack(e, a, cls);
    } else {
      const parent = a.pos[0] ?? a.kw.get('scope')?.v;
      const idV = a.pos[1] ?? a.kw.get('construct_id')?.v ?? a.kw.get('id')?.v;
      const id = idV?.k === 'lit' ? String(idV.v) : '?';
      // The outermost of the user's constructs whose instantiation chose the values passed down.
      const anchor = (parent && anchorOf(parent)) ?? this.callAnchor ?? (parent && stackOf(parent) ? e : undefined);
      const library = base && !base.startsWith('core.') ? { library: { type: base, creation: e } } : {};
      self = { k: 'inst', c: { cls, path: joinPath(parent, id), fields: new Map(), stack: parent && base !== 'core.Stage' ? stackOf(parent) : undefined, anchor, ...library }, node: e };
    }
    const init = this.findMethod(classes, '__init__', 0);
    if (init) this.invoke({ k: 'func', decl: init.decl, closure: init.cls.mod.scope, self, cls: { chain: classes, index: init.index }, node: e }, a, e);
    else if (self.k === 'inst') this.createLibraryBase(self.c, a);
    // The library construct is what the code goes on using (`queue.grant_send_messages(fn)`).
    return self.k === 'inst' && self.c.library?.res ? { k: 'res', r: self.c.library.res, node: e } : self;
  }

  /** The library construct a user class extends, with the arguments its constructor passes up. */
  private createLibraryBase(inst: PyInst, a: Args): void {
    const library = inst.library;
    if (!library || library.res) return;
    const v = this.newResource(library.type, library.creation, this.libraryArgs(constructArgs(a), library.creation));
    if (v.k === 'res') library.res = v.r;
  }

  private superCall(name: string, a: Args, scope: Scope, e: Node): PV {
    let s: Scope | undefined = scope;
    while (s && !s.cls) s = s.parent;
    const ctx = s?.cls;
    if (!ctx) return { k: 'unknown', node: e, reason: 'super() outside a method' };
    const method = this.findMethod(ctx.chain, name, ctx.index + 1);
    if (!method) {
      // The library base class's constructor: it creates the construct a class like `OrdersQueue(sqs.Queue)` extends.
      if (name === '__init__' && ctx.self.k === 'inst') this.createLibraryBase(ctx.self.c, a);
      return { k: 'undef', node: e };
    }
    return this.invoke({ k: 'func', decl: method.decl, closure: method.cls.mod.scope, self: ctx.self, cls: { chain: ctx.chain, index: method.index }, node: e }, a, e);
  }

  private invoke(fn: PV & { k: 'func' }, a: Args, e: Node): PV {
    const body = fn.decl.childForFieldName('body');
    if (this.depth > MAX_DEPTH || !body) return { k: 'unknown', node: e, reason: 'a call nested too deeply to follow' };
    this.depth++;
    const outerAnchor = this.callAnchor;
    // A helper called with a stack's scope (`make_function(self, "Reporter")`, `self.create_rule(…)` in a stack) chooses its constructs' values at the call.
    const inStack = (v: PV | undefined) => (v?.k === 'inst' || v?.k === 'res') && stackOf(v) !== undefined && anchorOf(v) === undefined;
    const isInit = fn.decl.childForFieldName('name')?.text === '__init__';
    if (!outerAnchor && !isInit && (a.pos.some(inStack) || [...a.kw.values()].some((x) => inStack(x.v)) || (fn.self?.k === 'inst' && inStack(fn.self) && fn.self.node === fn.self.c.stack?.node))) this.callAnchor = e;
    const scope = new Scope(fn.closure.mod, fn.closure, fn.cls && fn.self ? { ...fn.cls, self: fn.self } : undefined);
    try {
      this.bindParams(fn.decl, fn.self, a, scope);
      this.execBlock(body.namedChildren, scope);
      return { k: 'lit', v: null, node: e };
    } catch (error) {
      if (error instanceof Return) return error.value;
      throw error;
    } finally {
      this.depth--;
      this.callAnchor = outerAnchor;
    }
  }

  private bindParams(decl: Node, self: PV | undefined, a: Args, scope: Scope): void {
    const params = decl.childForFieldName('parameters')?.namedChildren ?? [];
    const pos = self ? [self, ...a.pos] : [...a.pos];
    const kw = new Map(a.kw);
    let i = 0;
    let keywordOnly = false;
    for (const p of params) {
      if (p.type === 'keyword_separator') {
        keywordOnly = true;
        continue;
      }
      if (p.type === 'positional_separator' || p.type === 'comment') continue;
      if (p.type === 'list_splat_pattern') {
        const name = p.namedChildren[0]?.text;
        if (name) scope.vars.set(name, { k: 'arr', items: pos.slice(i), node: p, ...(a.partial ? { partial: true as const } : {}) });
        i = pos.length;
        keywordOnly = true;
        continue;
      }
      if (p.type === 'dictionary_splat_pattern') {
        const name = p.namedChildren[0]?.text;
        if (name) scope.vars.set(name, { k: 'obj', props: kw, node: p, ...(a.partial ? { partial: true as const } : {}) });
        continue;
      }
      const name = p.type === 'identifier' ? p.text : (p.childForFieldName('name') ?? p.namedChildren[0])?.text;
      if (!name) continue;
      let v: PV | undefined;
      if (!keywordOnly && i < pos.length) v = pos[i++];
      else if (kw.has(name)) {
        v = kw.get(name)!.v;
        kw.delete(name);
      }
      if (v === undefined) {
        const dflt = p.childForFieldName('value');
        v = a.partial ? { k: 'unknown', node: p, reason: `${name} may come from **kwargs` } : dflt ? this.eval(dflt, scope.parent ?? scope) : { k: 'undef', node: p };
      }
      scope.vars.set(name, v);
    }
  }
}

/** `lambda_.Function(self, id="Fn", …)`, `Queue(scope=self, id="Q")`: a construct's scope and id, positional as the lowering reads them. */
function constructArgs(a: Args): Args {
  const scope = a.kw.get('scope');
  const id = a.kw.get('id');
  if ((!scope || a.pos.length) && (!id || a.pos.length !== 1)) return a;
  const kw = new Map(a.kw);
  const pos = [...a.pos];
  if (scope && !pos.length) {
    pos.push(scope.v);
    kw.delete('scope');
  }
  if (id && pos.length === 1) {
    pos.push(id.v);
    kw.delete('id');
  }
  return { ...a, pos, kw };
}

/**
 * The leading parameters of the library calls the lowering reads positionally, by their Python
 * names: `Code.from_asset(path="src")` is `Code.from_asset("src")`.
 */
const POSITIONAL: Record<string, string[]> = {
  fromAsset: ['path'],
  fromInline: ['code'],
  InlineCode: ['code'],
  AssetCode: ['path'],
  seconds: ['amount'],
  minutes: ['amount'],
  hours: ['amount'],
  days: ['amount'],
  rate: ['duration'],
  expression: ['expression'],
  fromAwsManagedPolicyName: ['managed_policy_name'],
  unsafePlainText: ['secret'],
  plainText: ['secret'],
  SqsEventSource: ['queue'],
  DynamoEventSource: ['table'],
  KinesisEventSource: ['stream'],
  SnsEventSource: ['topic'],
  SqsDlq: ['queue'],
  SnsDlq: ['topic'],
  SqsDestination: ['queue'],
  SnsDestination: ['topic'],
  LambdaFunction: ['handler'],
  SqsQueue: ['queue'],
  LambdaIntegration: ['handler'],
  HttpLambdaIntegration: ['id', 'handler'],
  LambdaSubscription: ['fn'],
  SqsSubscription: ['queue'],
  LambdaDestination: ['fn'],
};

function positional(name: string, a: Args): Args {
  const names = POSITIONAL[name];
  if (!names || !names.some((n) => a.kw.has(n))) return a;
  const pos = [...a.pos];
  const kw = new Map(a.kw);
  for (let i = pos.length; i < names.length; i++) {
    const entry = kw.get(names[i]!);
    if (!entry) break;
    pos.push(entry.v);
    kw.delete(names[i]!);
  }
  return { ...a, pos, kw };
}

/** The operator token of a binary, boolean or comparison expression (tree-sitter's copy keeps named nodes only). */
function operator(e: Node): string {
  const [left, right] = e.namedChildren;
  if (!left || !right) return '';
  return e.text.slice(left.endIndex - e.startIndex, right.startIndex - e.startIndex).trim().replace(/\s+/g, ' ');
}

function withNode(v: PV, node: Node): PV {
  return v.k === 'ext' ? { ...v, node } : v;
}

function unknownOr(left: PV, right: PV): PV {
  return right.k === 'unknown' ? left : { k: 'unknown', node: left.node, reason: `${(left as { reason?: string }).reason ?? 'a value'} (else ${right.node?.text.slice(0, 40) ?? 'a default'})` };
}

function stringMethod(target: PV & { k: 'lit' }, method: string, a: Args, e: Node): PV {
  const s = String(target.v);
  const arg = (i: number) => (a.pos[i]?.k === 'lit' ? (a.pos[i] as { v: unknown }).v : undefined);
  switch (method) {
    case 'lower':
      return { k: 'lit', v: s.toLowerCase(), node: e };
    case 'upper':
      return { k: 'lit', v: s.toUpperCase(), node: e };
    case 'replace':
      return typeof arg(0) === 'string' && typeof arg(1) === 'string' ? { k: 'lit', v: s.split(arg(0) as string).join(arg(1) as string), node: e } : { k: 'unknown', node: e, reason: 'a string built when the app runs' };
    case 'format':
      return a.pos.every((x) => x.k === 'lit') && !a.kw.size ? { k: 'lit', v: s.replace(/\{\}/g, () => String((a.pos.shift() as { v: unknown } | undefined)?.v ?? '')), node: e } : { k: 'unknown', node: e, reason: 'a string built when the app runs' };
    default:
      return { k: 'unknown', node: e, reason: `${method}() of a string` };
  }
}

/** `os.path.join(os.path.dirname(__file__), "lambda")` and its kin, on known strings. */
function osPath(fn: string, a: Args, e: Node): PV {
  const parts = a.pos.map((x) => (x.k === 'lit' && typeof x.v === 'string' ? x.v : undefined));
  if (parts.some((p) => p === undefined) || !parts.length) return { k: 'unknown', node: e, reason: 'a path built from values only known when the app runs' };
  const strings = parts as string[];
  switch (fn) {
    case 'join':
      return { k: 'lit', v: path.join(...strings), node: e };
    case 'dirname':
      return { k: 'lit', v: path.dirname(strings[0]!), node: e };
    case 'abspath':
    case 'realpath':
    case 'normpath':
      return { k: 'lit', v: path.normalize(strings[0]!), node: e };
    case 'basename':
      return { k: 'lit', v: path.basename(strings[0]!), node: e };
    default:
      return { k: 'unknown', node: e, reason: `os.path.${fn}()` };
  }
}

function builtin(name: string, a: Args, e: Node): PV {
  const first = a.pos[0];
  switch (name) {
    case 'dict': {
      const props = new Map(a.kw);
      if (first?.k === 'obj') for (const [k, v] of first.props) if (!props.has(k)) props.set(k, v);
      return { k: 'obj', props, node: e, ...(a.partial || (first && first.k !== 'obj') ? { partial: true as const } : {}) };
    }
    case 'str':
      return first?.k === 'lit' ? { k: 'lit', v: first.v === null ? 'None' : typeof first.v === 'boolean' ? (first.v ? 'True' : 'False') : String(first.v), node: e } : { k: 'unknown', node: e, reason: 'str() of a value only known when the app runs' };
    case 'int':
      return first?.k === 'lit' && Number.isFinite(Number(first.v)) ? { k: 'lit', v: Math.trunc(Number(first.v)), node: e } : { k: 'unknown', node: e, reason: 'int() of a value only known when the app runs' };
    case 'len':
      return first?.k === 'arr' && !first.partial ? { k: 'lit', v: first.items.length, node: e } : first?.k === 'lit' && typeof first.v === 'string' ? { k: 'lit', v: first.v.length, node: e } : { k: 'unknown', node: e, reason: 'len() of a value only known when the app runs' };
    case 'range': {
      const nums = a.pos.map((x) => (x.k === 'lit' && typeof x.v === 'number' ? x.v : undefined));
      if (nums.some((n) => n === undefined) || !nums.length) break;
      const [start, stop] = nums.length === 1 ? [0, nums[0]!] : [nums[0]!, nums[1]!];
      const items: PV[] = [];
      for (let i = start; i < stop && items.length < MAX_ITERATIONS; i++) items.push({ k: 'lit', v: i, node: e });
      return { k: 'arr', items, node: e };
    }
    case 'list':
    case 'tuple':
      if (first?.k === 'arr') return first;
      break;
    case 'print':
      return { k: 'lit', v: null, node: e };
    case 'enumerate':
      if (first?.k === 'arr' && !first.partial) return { k: 'arr', items: first.items.map((v, i) => ({ k: 'arr', items: [{ k: 'lit', v: i, node: e }, v], node: v.node ?? e })), node: e };
      break;
    default:
      break;
  }
  return { k: 'unknown', node: e, reason: `${name}() is only known when the app runs` };
}

function duration(method: string, n: PV | undefined, e: Node): PV {
  const factor = DURATION_SECONDS[method];
  if (factor !== undefined && n?.k === 'lit' && typeof n.v === 'number') return { k: 'duration', seconds: n.v * factor, node: e };
  return { k: 'unknown', node: e, reason: `\`${e.text.slice(0, 60)}\` is only known when the app runs` };
}

function stackOf(v: PV | undefined): PyStack | undefined {
  if (v?.k === 'inst') return v.c.stack;
  if (v?.k === 'res') return v.r.stack;
  return undefined;
}

function anchorOf(v: PV | undefined): Node | undefined {
  if (v?.k === 'inst') return v.c.anchor;
  if (v?.k === 'res') return v.r.anchor;
  return undefined;
}

function joinPath(parent: PV | undefined, id: string): string {
  if (parent?.k === 'inst') return `${parent.c.path}/${id}`;
  if (parent?.k === 'res') return `${parent.r.path}/${id}`;
  return id;
}

/** A Python CDK app read as code and lowered by the same StackLowering as a TypeScript one. */
export function readPythonCdkApp(parser: PythonParser, appDir: string, entry: string): CdkAppResult {
  const interpreter = new PythonCdkInterpreter(parser, appDir);
  const result = interpreter.run(entry);
  return lowerStacks(interpreter, result.stacks, [...result.files], result.notices);
}
