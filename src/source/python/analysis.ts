/**
 * What Python code refers to, statically: names resolved through local scopes, module scope and
 * imports, to project functions, classes, instances, modules, or names imported from a package.
 * Anything dynamic (getattr, a callable from a dict, a parameter) evaluates to undefined: a fact is
 * never a guess.
 */
import path from 'node:path';
import { addImport, definitionOf, type ImportBinding, type ModuleResolver, type PyModule, type Resolution } from './modules.js';
import type { Node } from './parser.js';

/** A project function: a module-level def, a method, or a nested def. */
export interface Fn {
  module: PyModule;
  node: Node;
  /** The class it is a method of. */
  className?: string;
  key: string;
}

export interface ClassValue {
  kind: 'class';
  module: PyModule;
  node: Node;
  name: string;
}

export type Value =
  | { kind: 'function'; fn: Fn }
  | ClassValue
  | { kind: 'instance'; cls: ClassValue }
  | { kind: 'module'; resolution: Resolution & { kind: 'project' }; dotted: string }
  /** Something from a package: `boto3` + [`client`], the result of calling it, members of that result. */
  | { kind: 'external'; module: string; path: string[]; service?: string; made?: MadeBy };

/** The call that produced an external value (`dynamodb.Table(name)`), and where it is written: its arguments name what it is. */
export interface MadeBy {
  call: Node;
  module: PyModule;
  fn: Fn | undefined;
}

/** What a function body binds locally. */
export interface FnInfo {
  params: string[];
  /** Parameter annotations as written, by parameter name. */
  annotations: Map<string, string>;
  globals: Set<string>;
  nested: Map<string, Node>;
  /** Right-hand sides assigned to local names (also `with … as x`, walrus), in source order. */
  assignments: Map<string, Node[]>;
  imports: { bindings: Map<string, ImportBinding>; imports: { statement: Node; module: string; level: number; names: string[] }[]; dottedImports: Set<string> };
}

const MAX_DEPTH = 24;

/**
 * What a parameter holds, from the calls that reach its function (known only once the handler's
 * call graph is): the same value at every call site, or undefined.
 */
export interface Environment {
  parameter(fn: Fn, name: string, depth: number): Value | undefined;
}

export function fnKey(module: PyModule, node: Node): string {
  return `${module.file}:${node.startIndex}`;
}

/**
 * Children of a function body that run with it: nested defs and classes are not entered, and
 * neither is a region the parser could only recover as an ERROR (what it holds is a guess).
 */
export function walkBody(body: Node | null, visit: (node: Node) => void): void {
  if (!body) return;
  for (const node of bodyNodes(body)) visit(node);
}

/** A body's nodes in walk order, listed once: the analyses and the call finders walk the same bodies several times. */
const nodesOfBody = new WeakMap<Node, Node[]>();

function bodyNodes(body: Node): Node[] {
  let nodes = nodesOfBody.get(body);
  if (nodes) return nodes;
  nodes = [];
  const stack: Node[] = [body];
  while (stack.length) {
    const node = stack.pop()!;
    nodes.push(node);
    for (let i = node.namedChildCount - 1; i >= 0; i--) {
      const child = node.namedChild(i);
      if (!child || child.isError || child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'decorated_definition') continue;
      stack.push(child);
    }
  }
  nodesOfBody.set(body, nodes);
  return nodes;
}

export function decoratorsOf(definition: Node): Node[] {
  const parent = definition.parent;
  if (parent?.type !== 'decorated_definition') return [];
  return parent.namedChildren.filter((c): c is Node => c?.type === 'decorator').map((d) => d.namedChild(0)!).filter(Boolean);
}

export class Analysis {
  private readonly infos = new Map<string, FnInfo>();
  private readonly moduleNames = new Map<string, Value | undefined | null>();

  constructor(
    readonly resolver: ModuleResolver,
    /** Reads a project module (once); undefined when it cannot be read. */
    readonly load: (file: string) => PyModule | undefined,
  ) {}

  fn(module: PyModule, node: Node, className?: string): Fn {
    return { module, node, ...(className ? { className } : {}), key: fnKey(module, node) };
  }

  /** How messages name a function: `save() in db.py`, `Repo.__init__() in repo.py`. */
  describe(fn: Fn): string {
    const name = fn.node.childForFieldName('name')?.text ?? 'lambda';
    return `${fn.className ? `${fn.className}.` : ''}${name}() in ${path.basename(fn.module.file)}`;
  }

  info(fn: Fn): FnInfo {
    let info = this.infos.get(fn.key);
    if (info) return info;
    info = { params: [], annotations: new Map(), globals: new Set(), nested: new Map(), assignments: new Map(), imports: { bindings: new Map(), imports: [], dottedImports: new Set() } };
    for (const param of fn.node.childForFieldName('parameters')?.namedChildren ?? []) {
      if (!param) continue;
      const name = param.type === 'identifier' ? param : (param.childForFieldName('name') ?? param.namedChildren.find((c) => c?.type === 'identifier'));
      if (!name || !/identifier|parameter|splat_pattern/.test(param.type)) continue;
      info.params.push(name.text);
      const type = param.childForFieldName('type');
      if (type) info.annotations.set(name.text, type.text);
    }
    const current = info;
    const assign = (target: Node | null, value: Node | null) => {
      if (!target || !value) return;
      if (target.type === 'identifier') current.assignments.set(target.text, [...(current.assignments.get(target.text) ?? []), value]);
    };
    const body = fn.node.childForFieldName('body');
    walkBody(body, (node) => {
      switch (node.type) {
        case 'assignment':
          assign(node.childForFieldName('left'), node.childForFieldName('right'));
          break;
        case 'named_expression':
          assign(node.childForFieldName('name'), node.childForFieldName('value'));
          break;
        case 'as_pattern': {
          const target = node.childForFieldName('alias')?.namedChild(0) ?? null;
          if (node.parent?.type === 'with_item') assign(target, node.namedChild(0));
          break;
        }
        case 'global_statement':
        case 'nonlocal_statement':
          for (const name of node.namedChildren) if (name?.type === 'identifier') current.globals.add(name.text);
          break;
        case 'import_statement':
        case 'import_from_statement':
          addImport(current.imports, node);
          break;
      }
    });
    // Nested defs, also those inside if/try blocks of the body; the first definition of a name wins.
    walkBody(body, (node) => {
      for (const child of node.namedChildren) {
        const definition = child ? definitionOf(child) : undefined;
        const name = definition?.childForFieldName('name')?.text;
        if (definition?.type === 'function_definition' && name && !info.nested.has(name)) info.nested.set(name, definition);
      }
    });
    this.infos.set(fn.key, info);
    return info;
  }

  /** The functions a node sits in, innermost first, up to module scope. */
  enclosingFunctions(module: PyModule, node: Node): Fn[] {
    const out: Fn[] = [];
    for (let current = node.parent; current; current = current.parent) {
      if (current.type !== 'function_definition') continue;
      const owner = current.parent?.type === 'decorated_definition' ? current.parent.parent : current.parent;
      const cls = owner?.type === 'block' && owner.parent?.type === 'class_definition' ? owner.parent.childForFieldName('name')?.text : undefined;
      out.push(this.fn(module, current, cls));
    }
    return out;
  }

  // ── evaluation ────────────────────────────────────────────────────────────────────────────

  /** What an expression refers to, in a function (or at module scope when `fn` is undefined). */
  evaluate(node: Node | null, module: PyModule, fn: Fn | undefined, depth = 0, env?: Environment): Value | undefined {
    if (!node || depth > MAX_DEPTH) return undefined;
    switch (node.type) {
      case 'identifier':
        return this.lookup(node.text, module, fn, depth + 1, env);
      case 'parenthesized_expression':
      case 'await':
        return this.evaluate(node.namedChild(0), module, fn, depth + 1, env);
      case 'boolean_operator':
        // `_client = _client or boto3.client(...)`
        return this.evaluate(node.childForFieldName('left'), module, fn, depth + 1, env) ?? this.evaluate(node.childForFieldName('right'), module, fn, depth + 1, env);
      case 'conditional_expression':
        return this.evaluate(node.namedChild(0), module, fn, depth + 1, env);
      case 'attribute': {
        const object = this.evaluate(node.childForFieldName('object'), module, fn, depth + 1, env);
        const name = node.childForFieldName('attribute')?.text;
        return object && name ? this.member(object, name, module, depth + 1, env) : undefined;
      }
      case 'call': {
        const function_ = node.childForFieldName('function');
        // `super().__init__()` in a method: the first project base class.
        if (function_?.type === 'identifier' && function_.text === 'super' && fn) {
          const method = [fn, ...this.enclosingFunctions(fn.module, fn.node)].find((f) => f.className);
          const cls = method?.className ? module.index.classes.get(method.className) : undefined;
          const base = cls?.childForFieldName('superclasses')?.namedChildren.find((b) => b.type !== 'keyword_argument');
          const value = base ? this.evaluate(base, module, undefined, depth + 1) : undefined;
          return value?.kind === 'class' ? { kind: 'instance', cls: value } : undefined;
        }
        const callee = this.evaluate(function_, module, fn, depth + 1, env);
        if (!callee) return undefined;
        if (callee.kind === 'class') return { kind: 'instance', cls: callee };
        if (callee.kind === 'external') {
          const last = callee.path.at(-1);
          const service = callee.service ?? (last === 'client' || last === 'resource' ? literalArgument(node, 'service_name') : undefined);
          return { ...callee, ...(service ? { service } : {}), made: { call: node, module, fn } };
        }
        if (callee.kind === 'function') return this.returnValue(callee.fn, depth + 1, env);
        return undefined;
      }
      default:
        return undefined;
    }
  }

  private returnValue(fn: Fn, depth: number, env?: Environment): Value | undefined {
    let value: Value | undefined;
    walkBody(fn.node.childForFieldName('body'), (node) => {
      if (value || node.type !== 'return_statement') return;
      value = this.evaluate(node.namedChild(0), fn.module, fn, depth, env);
    });
    return value;
  }

  lookup(name: string, module: PyModule, fn: Fn | undefined, depth: number, env?: Environment): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (fn) {
      const chain = [fn, ...this.enclosingFunctions(fn.module, fn.node)];
      for (const scope of chain) {
        const info = this.info(scope);
        if (info.globals.has(name)) break;
        const nested = info.nested.get(name);
        if (nested) return { kind: 'function', fn: this.fn(module, nested) };
        const binding = info.imports.bindings.get(name);
        if (binding) return this.fromImport(module, binding);
        if (info.params[0] === name && scope.className && !isStaticMethod(scope.node)) {
          const cls = module.index.classes.get(scope.className);
          if (cls) {
            const value: ClassValue = { kind: 'class', module, node: cls, name: scope.className };
            return isClassMethod(scope.node) ? value : { kind: 'instance', cls: value };
          }
        }
        if (info.params.includes(name)) return env?.parameter(scope, name, depth + 1);
        const assigned = info.assignments.get(name);
        if (assigned) {
          for (const right of assigned) {
            const value = this.evaluate(right, module, scope, depth + 1, env);
            if (value) return value;
          }
          return undefined;
        }
      }
    }
    return this.moduleName(module, name, depth + 1);
  }

  /** A module-scope name: a def, a class, an import, or an assignment (also one made under `global`). */
  moduleName(module: PyModule, name: string, depth: number): Value | undefined {
    const key = `${module.file}\0${name}`;
    const cached = this.moduleNames.get(key);
    if (cached !== undefined) return cached ?? undefined;
    if (this.moduleNames.has(key) || depth > MAX_DEPTH) return undefined;
    this.moduleNames.set(key, undefined);
    // Cached for every later lookup, so computed from a fresh depth: how deep this lookup happened
    // to start must not decide the value. The pending entry above stops cycles.
    const value = this.computeModuleName(module, name, 0);
    this.moduleNames.set(key, value ?? null);
    return value;
  }

  private computeModuleName(module: PyModule, name: string, depth: number): Value | undefined {
    const index = module.index;
    const def = index.functions.get(name);
    if (def) return { kind: 'function', fn: this.fn(module, def) };
    const cls = index.classes.get(name);
    if (cls) return { kind: 'class', module, node: cls, name };
    const binding = index.bindings.get(name);
    if (binding) return this.fromImport(module, binding);
    for (const right of index.assignments.get(name) ?? []) {
      const value = this.evaluate(right, module, undefined, depth + 1);
      if (value) return value;
    }
    // `global _client` in a function that assigns it: the memoised-global pattern.
    for (const def of index.functions.values()) {
      const fn = this.fn(module, def);
      const info = this.info(fn);
      if (!info.globals.has(name)) continue;
      for (const right of globalAssignments(def, name)) {
        const value = this.evaluate(right, module, fn, depth + 1);
        if (value) return value;
      }
    }
    return undefined;
  }

  fromImport(module: PyModule, binding: ImportBinding): Value | undefined {
    const resolution = this.resolver.resolve(module.file, binding.module, binding.level);
    if (resolution.kind === 'missing') return undefined;
    if (resolution.kind === 'external') {
      if (binding.level > 0) return undefined;
      return binding.name ? { kind: 'external', module: binding.module, path: [binding.name] } : { kind: 'external', module: binding.module, path: [] };
    }
    const moduleValue: Value = { kind: 'module', resolution, dotted: binding.module };
    return binding.name ? this.member(moduleValue, binding.name, module, 1) : moduleValue;
  }

  /** `object.name`. */
  member(object: Value, name: string, from: PyModule, depth: number, env?: Environment): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (object.kind) {
      case 'external': {
        // `import a.b` then `a.b.f()`: the module is `a.b`, not `a` with a member path.
        const dotted = `${object.module}.${name}`;
        if (object.path.length === 0 && from.index.dottedImports.has(dotted)) return { kind: 'external', module: dotted, path: [] };
        return { ...object, path: [...object.path, name] };
      }
      case 'module': {
        const target = object.resolution.file ? this.load(object.resolution.file) : undefined;
        // A package's own names come first; then its submodules (`from pkg import sub`, `pkg.sub`).
        const own = target ? this.moduleName(target, name, depth + 1) : undefined;
        if (own) return own;
        const sub = this.resolver.submodule(object.resolution, name);
        return sub?.kind === 'project' ? { kind: 'module', resolution: sub, dotted: `${object.dotted}.${name}` } : undefined;
      }
      case 'class': {
        const method = this.method(object, name, depth + 1);
        if (method) return { kind: 'function', fn: method };
        return undefined;
      }
      case 'instance': {
        const method = this.method(object.cls, name, depth + 1);
        if (method) return { kind: 'function', fn: method };
        for (const { right, fn } of this.selfAssignments(object.cls, name, depth + 1)) {
          const value = this.evaluate(right, fn.module, fn, depth + 1, env);
          if (value) return value;
        }
        return undefined;
      }
      default:
        return undefined;
    }
  }

  /** A method of a class or, failing that, of its project base classes. */
  method(cls: ClassValue, name: string, depth = 0): Fn | undefined {
    if (depth > MAX_DEPTH) return undefined;
    for (const child of cls.node.childForFieldName('body')?.namedChildren ?? []) {
      const definition = child ? definitionOf(child) : undefined;
      if (definition?.type === 'function_definition' && definition.childForFieldName('name')?.text === name) return this.fn(cls.module, definition, cls.name);
    }
    for (const base of cls.node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (!base || base.type === 'keyword_argument') continue;
      const value = this.evaluate(base, cls.module, undefined, depth + 1);
      if (value?.kind === 'class' && value.node !== cls.node) {
        const found = this.method(value, name, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }

  /** `self.name = value` in any method of the class or of its project base classes. */
  private selfAssignments(cls: ClassValue, name: string, depth: number): { right: Node; fn: Fn }[] {
    const out: { right: Node; fn: Fn }[] = [];
    if (depth > MAX_DEPTH) return out;
    for (const child of cls.node.childForFieldName('body')?.namedChildren ?? []) {
      const definition = child ? definitionOf(child) : undefined;
      if (definition?.type !== 'function_definition') continue;
      const fn = this.fn(cls.module, definition, cls.name);
      const self = this.info(fn).params[0];
      if (!self) continue;
      walkBody(definition.childForFieldName('body'), (node) => {
        if (node.type !== 'assignment') return;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'attribute' && left.childForFieldName('object')?.text === self && left.childForFieldName('attribute')?.text === name && right) out.push({ right, fn });
      });
    }
    for (const base of cls.node.childForFieldName('superclasses')?.namedChildren ?? []) {
      if (base.type === 'keyword_argument') continue;
      const value = this.evaluate(base, cls.module, undefined, depth + 1);
      if (value?.kind === 'class' && value.node !== cls.node) out.push(...this.selfAssignments(value, name, depth + 1));
    }
    return out;
  }
}

function globalAssignments(def: Node, name: string): Node[] {
  const out: Node[] = [];
  walkBody(def.childForFieldName('body'), (node) => {
    if (node.type !== 'assignment') return;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type === 'identifier' && left.text === name && right) out.push(right);
  });
  return out;
}

function isStaticMethod(def: Node): boolean {
  return decoratorsOf(def).some((d) => d.text === 'staticmethod');
}

function isClassMethod(def: Node): boolean {
  return decoratorsOf(def).some((d) => d.text === 'classmethod');
}

/** The literal first argument, or the named keyword argument: `boto3.client("s3")`, `client(service_name="s3")`. */
export function literalArgument(call: Node, keyword?: string): string | undefined {
  const args = call.childForFieldName('arguments');
  if (!args || args.type !== 'argument_list') return undefined;
  for (const arg of args.namedChildren) {
    if (!arg) continue;
    if (arg.type === 'keyword_argument') {
      if (keyword && arg.childForFieldName('name')?.text === keyword) return stringValue(arg.childForFieldName('value'));
      continue;
    }
    return stringValue(arg);
  }
  return undefined;
}

/** A string literal's value (escapes decoded unless raw); undefined for f-strings that interpolate, and for anything else. */
export function stringValue(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'concatenated_string') {
    const parts = node.namedChildren.map((c) => stringValue(c));
    return parts.every((p) => p !== undefined) ? parts.join('') : undefined;
  }
  if (node.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  const start = node.namedChildren.find((c) => c?.type === 'string_start')?.text ?? '"';
  const end = node.namedChildren.find((c) => c?.type === 'string_end')?.text ?? '"';
  return decodeStringContent(node.text.slice(start.length, node.text.length - end.length), start);
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '', '\r\n': '' };

/** An escape as Python reads it: one to three octal digits, `\x`, `\u` and `\U` (not in bytes), or one character (a line break, CRLF included). */
const ESCAPE = /\\([0-7]{1,3}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|\r\n|[\s\S])/g;
const ESCAPE_OR_BRACES = new RegExp(`${ESCAPE.source}|\\{\\{|\\}\\}`, 'g');

/**
 * The value of a string literal's text between its quotes (or of one `string_content` part of it):
 * escapes decoded unless the prefix makes it raw, and in an f-string `{{` and `}}` read as one
 * brace. One pass, so an escaped backslash before a brace (`\\{{`) reads as Python reads it. What
 * Python would reject (a code point above U+10FFFF) and `\N{name}` stay as written.
 */
export function decodeStringContent(text: string, stringStart: string): string {
  const prefix = stringStart.replace(/['"]/g, '');
  const raw = /r/i.test(prefix);
  const formatted = /f/i.test(prefix);
  const bytes = /b/i.test(prefix);
  if (!(text.includes('\\') && !raw) && !(formatted && /\{\{|\}\}/.test(text))) return text;
  const pattern = raw ? /\{\{|\}\}/g : formatted ? ESCAPE_OR_BRACES : ESCAPE;
  return text.replace(pattern, (whole: string) => {
    if (whole[0] !== '\\') return whole[0]!;
    const escape = whole.slice(1);
    if (/^[0-7]/.test(escape)) return String.fromCharCode(parseInt(escape, 8));
    if (/^[xuU]./.test(escape)) {
      if (bytes && escape[0] !== 'x') return whole;
      const code = parseInt(escape.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return SIMPLE_ESCAPES[escape] ?? whole;
  });
}
