/**
 * A CDK app's TypeScript/JavaScript code, read without running it: the entry file's statements are
 * followed into the stacks, the user's own construct classes and helper functions it calls (across
 * files, by import path), and every `aws-cdk-lib` construct they create is recorded with its props
 * as written. aws-cdk-lib itself is never read (it is usually not even installed): a class is known
 * by its import specifier and name (`aws-cdk-lib/aws-lambda` `Function`, or `@aws-cdk/aws-lambda`).
 *
 * Values are evaluated only where the code alone decides them: literals, constants, `Duration`,
 * enum members, props passed down to a construct. Everything else is `unknown` with a reason; a
 * branch whose condition is unknown is read both ways (the resources in it may exist).
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { ts as TsNamespace } from 'ts-morph';
import { parseSourceFile } from '../parse/ts-source.js';
import type { Loc } from '../parse/tree.js';
import { readUtf8 } from '../parse/decode.js';

type Ts = typeof TsNamespace;
type Node = TsNamespace.Node;

/**
 * A value of the app's code as far as it is known without running it, over the syntax nodes `N` of
 * the app's language; `X` adds the interpreter's own kinds (instances, classes, functions, modules),
 * which the lowering (cdk-app.ts) never looks into.
 */
export type CdkValue<N, X> =
  | { k: 'lit'; v: string | number | boolean | null; node: N; secret?: true }
  | { k: 'undef'; node: N | undefined }
  | { k: 'obj'; props: Map<string, { v: CdkValue<N, X>; key: N }>; node: N; partial?: true }
  | { k: 'arr'; items: CdkValue<N, X>[]; node: N; partial?: true }
  | { k: 'duration'; seconds: number; node: N }
  /** A name exported by a library: `lambda.Runtime.NODEJS_20_X` is module `aws-lambda`, path `Runtime.NODEJS_20_X`. */
  | { k: 'ext'; module: string; path: string[]; node: N }
  /** What a library's static method returned: `Code.fromAsset('lambda')`, `Schedule.rate(…)`. */
  | {
      k: 'call';
      module: string;
      path: string[];
      args: CdkValue<N, X>[];
      node: N;
      /** What the code did to the object afterwards: `statement.addActions('s3:GetObject')`. */
      mutations?: { method: string; args: CdkValue<N, X>[]; node: N }[];
    }
  | { k: 'res'; r: CdkRes<N, X>; node: N }
  | { k: 'unknown'; node: N | undefined; reason: string }
  | X;

/** The TypeScript interpreter's own kinds of value. */
type TsKinds =
  | { k: 'inst'; c: Inst; node: Node }
  | { k: 'class'; decl: TsNamespace.ClassLikeDeclaration; mod: Mod; node: Node }
  | { k: 'func'; decl: TsNamespace.FunctionLikeDeclaration; scope: Scope; thisVal?: V; node: Node }
  | { k: 'ns'; mod: Mod; node: Node }
  | { k: 'app'; node: Node };

export type V = CdkValue<Node, TsKinds>;
export type Res = CdkRes<Node, TsKinds>;
export type StackCtx = CdkStack<Node, TsKinds>;

/** A construct of a library (aws-cdk-lib or another): `aws-lambda.Function` with its props. */
export interface CdkRes<N, X> {
  /** `aws-lambda.Function`, `aws-sqs.Queue`, … */
  type: string;
  id: string;
  /** Construct path: `OrdersStack/Notify/Function`. */
  path: string;
  stack: CdkStack<N, X> | undefined;
  /** The expression that creates it (`new lambda.Function(…)`). */
  node: N;
  props: CdkValue<N, X> | undefined;
  /** Further construct arguments (`HttpLambdaIntegration('id', fn)` has the function second). */
  args: CdkValue<N, X>[];
  /**
   * Where the user's own construct that created this one is instantiated, outermost first: a value
   * that is not written inside the construct was chosen there.
   */
  anchor: N | undefined;
  /** What the code does with it after creating it: `fn.addEventSource(…)`, `table.grantReadData(fn)`, … */
  calls: { method: string; args: CdkValue<N, X>[]; node: N }[];
  /** Imported by name or ARN (`Queue.fromQueueArn`): exists outside the app. */
  imported?: true;
}

/** An instance of one of the user's own classes (a stack or a construct). */
export interface Inst {
  decl: TsNamespace.ClassLikeDeclaration;
  path: string;
  fields: Map<string, V>;
  stack: StackCtx | undefined;
  anchor: Node | undefined;
}

export interface CdkStack<N, X> {
  name: string;
  /** Construct path: `OrdersStack`, or `Prod/OrdersStack` in a Stage (the `displayName` of its cdk.out artifact). */
  path: string;
  /** The file the stack class is written in. */
  file: string;
  /** Where the stack is instantiated. */
  node: N;
  resources: CdkRes<N, X>[];
}

export interface Mod {
  file: string;
  source: TsNamespace.SourceFile;
  bindings: Map<string, Binding>;
  exports: Map<string, string>;
  /** `export * from './x'`. */
  reexports: string[];
  scope: Scope;
}

type Binding =
  | { kind: 'import'; spec: string; name: string }
  | { kind: 'decl'; node: TsNamespace.ClassDeclaration | TsNamespace.FunctionDeclaration | TsNamespace.VariableDeclaration | TsNamespace.EnumDeclaration };

export class Scope {
  readonly vars = new Map<string, V>();
  constructor(
    readonly mod: Mod,
    readonly parent?: Scope,
    readonly thisVal?: V,
  ) {}
  lookupLocal(name: string): V | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.vars.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }
  set(name: string, v: V): void {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      if (s.vars.has(name)) {
        s.vars.set(name, v);
        return;
      }
    }
    this.vars.set(name, v);
  }
  get this(): V | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) if (s.thisVal) return s.thisVal;
    return undefined;
  }
}

class Return {
  constructor(readonly value: V) {}
}

const MAX_DEPTH = 40;
const MAX_ITERATIONS = 200;
const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs'];

/**
 * The library module an import names, without its package prefix: `aws-cdk-lib/aws-lambda` and
 * `@aws-cdk/aws-lambda` are both `aws-lambda`; `aws-cdk-lib`, `@aws-cdk/core` and `constructs` are
 * `core`. Alpha packages lose their suffix. Undefined for a module that is not the CDK's.
 */
export function cdkModule(spec: string): string | undefined {
  if (spec === 'aws-cdk-lib' || spec === '@aws-cdk/core' || spec === 'constructs') return 'core';
  const lib = /^aws-cdk-lib\/([a-z0-9-]+)$/.exec(spec);
  if (lib) return lib[1]!;
  const v1 = /^@aws-cdk\/([a-z0-9-]+?)(?:-alpha)?$/.exec(spec);
  if (v1) return v1[1]!;
  return undefined;
}

export interface InterpretResult {
  stacks: StackCtx[];
  files: Set<string>;
  notices: { message: string; loc?: Loc }[];
}

export class CdkInterpreter {
  private readonly mods = new Map<string, Mod | null>();
  readonly stacks: StackCtx[] = [];
  readonly notices: { message: string; loc?: Loc }[] = [];
  private depth = 0;
  /** The outermost call of a helper function that creates constructs in a stack, while it runs. */
  private callAnchor: Node | undefined;
  /** Resources created outside any stack's scope are dropped; count them for the notice. */
  private orphans = 0;

  constructor(
    readonly ts: Ts,
    /** The cdk.json folder: the app's process cwd, which relative asset paths resolve from. */
    readonly appDir: string,
  ) {}

  run(entry: string): InterpretResult {
    const mod = this.load(entry);
    if (!mod) {
      this.notices.push({ message: `the CDK app entry ${path.relative(this.appDir, entry)} cannot be read` });
    } else {
      try {
        this.execBlock(mod.source.statements, mod.scope);
      } catch (error) {
        if (!(error instanceof Return)) throw error;
      }
    }
    if (this.orphans) this.notices.push({ message: `${this.orphans} construct(s) created outside any stack were not modelled` });
    return { stacks: this.stacks, files: new Set([...this.mods.keys()].filter((f) => this.mods.get(f))), notices: this.notices };
  }

  locOf(node: Node): Loc {
    const source = node.getSourceFile();
    const start = source.getLineAndCharacterOfPosition(node.getStart(source));
    const end = source.getLineAndCharacterOfPosition(node.getEnd());
    return { file: source.fileName, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }

  /** `new lambda.Function(this, 'Worker'`: the head of a construct's creation, where its findings land. */
  headLocOf(node: Node): Loc {
    const whole = this.locOf(node);
    const args = this.ts.isNewExpression(node) || this.ts.isCallExpression(node) ? node.arguments : undefined;
    const idArg = args?.[1] ?? args?.[0];
    if (!idArg) return whole;
    const end = this.locOf(idArg);
    return { ...whole, endLine: end.endLine, endColumn: end.endColumn };
  }

  textOf(node: Node): string {
    return node.getText();
  }

  fileOf(node: Node): string {
    return node.getSourceFile().fileName;
  }

  // ── modules ───────────────────────────────────────────────────────────────────────────

  load(file: string): Mod | undefined {
    const cached = this.mods.get(file);
    if (cached !== undefined) return cached ?? undefined;
    let text: string;
    try {
      text = readUtf8(file);
    } catch {
      this.mods.set(file, null);
      return undefined;
    }
    const ts = this.ts;
    const kind = /\.[cm]?js$/.test(file) ? ts.ScriptKind.JS : file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const source = parseSourceFile(ts, file, text, kind);
    const mod: Mod = { file, source, bindings: new Map(), exports: new Map(), reexports: [], scope: undefined as unknown as Scope };
    mod.scope = new Scope(mod);
    this.mods.set(file, mod);
    const exported = (node: TsNamespace.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = (node: TsNamespace.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    for (const statement of source.statements) {
      if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
        const spec = statement.moduleSpecifier.text;
        const clause = statement.importClause;
        if (!clause) continue;
        if (clause.name) mod.bindings.set(clause.name.text, { kind: 'import', spec, name: 'default' });
        const named = clause.namedBindings;
        if (named && ts.isNamespaceImport(named)) mod.bindings.set(named.name.text, { kind: 'import', spec, name: '*' });
        else if (named) for (const el of named.elements) mod.bindings.set(el.name.text, { kind: 'import', spec, name: (el.propertyName ?? el.name).text });
      } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
        mod.bindings.set(statement.name.text, { kind: 'import', spec: statement.moduleReference.expression.text, name: '*' });
      } else if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) {
        mod.bindings.set(statement.name.text, { kind: 'decl', node: statement });
        if (exported(statement)) mod.exports.set(isDefault(statement) ? 'default' : statement.name.text, statement.name.text);
      } else if (ts.isVariableStatement(statement)) {
        for (const decl of statement.declarationList.declarations) {
          if (ts.isIdentifier(decl.name)) {
            mod.bindings.set(decl.name.text, { kind: 'decl', node: decl });
            if (exported(statement)) mod.exports.set(decl.name.text, decl.name.text);
            // `const cdk = require('aws-cdk-lib')`, `const { Function } = require('aws-cdk-lib/aws-lambda')`.
            const spec = requireSpec(ts, decl.initializer);
            if (spec) mod.bindings.set(decl.name.text, { kind: 'import', spec, name: '*' });
          } else if (ts.isObjectBindingPattern(decl.name)) {
            const spec = requireSpec(ts, decl.initializer);
            if (!spec) continue;
            for (const el of decl.name.elements) {
              if (!ts.isIdentifier(el.name)) continue;
              const imported = el.propertyName && ts.isIdentifier(el.propertyName) ? el.propertyName.text : el.name.text;
              mod.bindings.set(el.name.text, { kind: 'import', spec, name: imported });
            }
          }
        }
      } else if (ts.isExportDeclaration(statement)) {
        const spec = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        if (!statement.exportClause && spec) mod.reexports.push(spec);
        else if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
          for (const el of statement.exportClause.elements) {
            const local = (el.propertyName ?? el.name).text;
            if (spec) {
              mod.bindings.set(`\0${el.name.text}`, { kind: 'import', spec, name: local });
              mod.exports.set(el.name.text, `\0${el.name.text}`);
            } else mod.exports.set(el.name.text, local);
          }
        }
      } else if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression)) {
        mod.exports.set('default', statement.expression.text);
      } else if (ts.isExpressionStatement(statement)) {
        // CommonJS: `module.exports = { OrdersStack }` / `exports.OrdersStack = OrdersStack`.
        const e = statement.expression;
        if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
          const target = e.left.getText(source);
          if (target === 'module.exports' && ts.isObjectLiteralExpression(e.right)) {
            for (const p of e.right.properties) {
              if (ts.isShorthandPropertyAssignment(p)) mod.exports.set(p.name.text, p.name.text);
              else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer) && ts.isIdentifier(p.name)) mod.exports.set(p.name.text, p.initializer.text);
            }
          } else if (target === 'module.exports' && ts.isIdentifier(e.right)) mod.exports.set('default', e.right.text);
          else if (/^(module\.)?exports\.\w+$/.test(target) && ts.isIdentifier(e.right)) mod.exports.set(target.split('.').pop()!, e.right.text);
        }
      }
    }
    return mod;
  }

  private resolveFile(from: string, spec: string): string | undefined {
    const base = path.resolve(path.dirname(from), spec);
    const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => base + e), ...SOURCE_EXTENSIONS.map((e) => path.join(base, `index${e}`))];
    // ESM TypeScript imports name the compiled file: `./orders-stack.js` is `orders-stack.ts`.
    if (/\.[cm]?js$/.test(spec)) candidates.unshift(base.replace(/\.([cm]?)js$/, '.$1ts'));
    for (const candidate of candidates) {
      try {
        if (statSync(candidate).isFile()) return candidate;
      } catch {
        // try the next spelling
      }
    }
    return undefined;
  }

  /** The value a module exports under `name` (`*`: the module itself). */
  private importValue(mod: Mod, spec: string, name: string, node: Node): V {
    if (spec.startsWith('.')) {
      const file = this.resolveFile(mod.file, spec);
      const target = file && this.load(file);
      if (!target) return { k: 'unknown', node, reason: `the module ${spec} cannot be read` };
      if (name === '*') return { k: 'ns', mod: target, node };
      return this.exportOf(target, name, node, 0);
    }
    const cdk = cdkModule(spec);
    if (cdk === undefined) {
      if (spec === 'path' || spec === 'node:path') return { k: 'ext', module: 'node:path', path: name === '*' || name === 'default' ? [] : [name], node };
      return { k: 'ext', module: spec, path: name === '*' || name === 'default' ? [] : [name], node };
    }
    // `import { aws_lambda as lambda } from 'aws-cdk-lib'`.
    if (cdk === 'core' && /^aws_[a-z0-9_]+$/.test(name)) return { k: 'ext', module: name.replace(/_/g, '-'), path: [], node };
    return { k: 'ext', module: cdk, path: name === '*' || name === 'default' ? [] : [name], node };
  }

  private readonly nsExport = (mod: Mod, name: string, node: Node): V => this.exportOf(mod, name, node, 0);

  private exportOf(mod: Mod, name: string, node: Node, hops: number): V {
    const local = mod.exports.get(name);
    if (local !== undefined) return this.lookup(local, mod.scope, node);
    if (hops < 10) {
      for (const spec of mod.reexports) {
        const file = spec.startsWith('.') ? this.resolveFile(mod.file, spec) : undefined;
        const target = file && this.load(file);
        if (target && (target.exports.has(name) || target.reexports.length)) {
          const v = this.exportOf(target, name, node, hops + 1);
          if (v.k !== 'unknown') return v;
        }
      }
    }
    // A CommonJS module that exports without `module.exports = {…}`: its top-level names.
    if (mod.bindings.has(name)) return this.lookup(name, mod.scope, node);
    return { k: 'unknown', node, reason: `${path.basename(mod.file)} exports no ${name}` };
  }

  private lookup(name: string, scope: Scope, node: Node): V {
    const local = scope.lookupLocal(name);
    if (local !== undefined) return local;
    const mod = scope.mod;
    const binding = mod.bindings.get(name);
    if (!binding) {
      if (name === 'undefined') return { k: 'undef', node };
      if (name === '__dirname') return { k: 'lit', v: path.dirname(mod.file), node };
      if (name === '__filename') return { k: 'lit', v: mod.file, node };
      return { k: 'unknown', node, reason: `${name} is not defined in the app's code` };
    }
    if (binding.kind === 'import') return this.importValue(mod, binding.spec, binding.name, node);
    const decl = binding.node;
    const ts = this.ts;
    if (ts.isClassDeclaration(decl)) return { k: 'class', decl, mod, node };
    if (ts.isFunctionDeclaration(decl)) return { k: 'func', decl, scope: mod.scope, node };
    if (ts.isEnumDeclaration(decl)) return { k: 'unknown', node, reason: `${name} is an enum of the app` };
    // A module-level variable: evaluated once, when first used.
    mod.scope.vars.set(name, { k: 'unknown', node, reason: `${name} refers to itself` });
    const v = decl.initializer ? this.eval(decl.initializer, mod.scope) : { k: 'undef' as const, node };
    mod.scope.vars.set(name, v);
    return v;
  }

  // ── statements ──────────────────────────────────────────────────────────────────────────

  execBlock(statements: readonly TsNamespace.Statement[], scope: Scope): void {
    // Function declarations are hoisted.
    for (const s of statements) {
      if (this.ts.isFunctionDeclaration(s) && s.name && scope !== scope.mod.scope) scope.vars.set(s.name.text, { k: 'func', decl: s, scope, node: s });
    }
    for (const s of statements) this.exec(s, scope);
  }

  private exec(s: TsNamespace.Statement, scope: Scope): void {
    const ts = this.ts;
    if (ts.isVariableStatement(s)) {
      for (const decl of s.declarationList.declarations) this.declare(decl, scope);
    } else if (ts.isExpressionStatement(s)) {
      this.eval(s.expression, scope);
    } else if (ts.isIfStatement(s)) {
      const cond = truthy(this.eval(s.expression, scope));
      if (cond !== false) this.exec(s.thenStatement, new Scope(scope.mod, scope));
      if (cond !== true && s.elseStatement) this.exec(s.elseStatement, new Scope(scope.mod, scope));
    } else if (ts.isBlock(s)) {
      this.execBlock(s.statements, new Scope(scope.mod, scope));
    } else if (ts.isReturnStatement(s)) {
      throw new Return(s.expression ? this.eval(s.expression, scope) : { k: 'undef', node: s });
    } else if (ts.isForOfStatement(s)) {
      const iterable = this.eval(s.expression, scope);
      const items = iterable.k === 'arr' && !iterable.partial ? iterable.items : undefined;
      if (!items) {
        this.notices.push({ message: 'a loop over values only known when the app runs was not followed', loc: this.locOf(s.expression) });
        return;
      }
      for (const item of items.slice(0, MAX_ITERATIONS)) {
        const inner = new Scope(scope.mod, scope);
        const init = s.initializer;
        if (ts.isVariableDeclarationList(init) && init.declarations[0]) this.bind(init.declarations[0].name, item, inner);
        this.exec(s.statement, inner);
      }
    } else if (ts.isTryStatement(s)) {
      this.execBlock(s.tryBlock.statements, new Scope(scope.mod, scope));
    } else if (ts.isClassDeclaration(s) && s.name && scope !== scope.mod.scope) {
      scope.vars.set(s.name.text, { k: 'class', decl: s, mod: scope.mod, node: s });
    }
  }

  private declare(decl: TsNamespace.VariableDeclaration, scope: Scope): void {
    if (scope === scope.mod.scope && this.ts.isIdentifier(decl.name)) {
      // Top level of a module: evaluated in order (the entry file creates the app here).
      const v = decl.initializer ? this.eval(decl.initializer, scope) : { k: 'undef' as const, node: decl };
      scope.vars.set(decl.name.text, v);
      return;
    }
    const v = decl.initializer ? this.eval(decl.initializer, scope) : { k: 'undef' as const, node: decl };
    this.bind(decl.name, v, scope);
  }

  private bind(name: TsNamespace.BindingName, v: V, scope: Scope): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      scope.vars.set(name.text, v);
      return;
    }
    if (ts.isObjectBindingPattern(name)) {
      for (const el of name.elements) {
        const key = el.propertyName ? propName(ts, el.propertyName) : ts.isIdentifier(el.name) ? el.name.text : undefined;
        let value: V = key === undefined || el.dotDotDotToken ? { k: 'unknown', node: el, reason: 'a rest binding' } : member(v, key, el, this.nsExport);
        if (value.k === 'undef' && el.initializer) value = this.eval(el.initializer, scope);
        this.bind(el.name, value, scope);
      }
      return;
    }
    name.elements.forEach((el, i) => {
      if (ts.isOmittedExpression(el)) return;
      let value: V = v.k === 'arr' && !el.dotDotDotToken ? (v.items[i] ?? { k: 'undef', node: el }) : { k: 'unknown', node: el, reason: 'not a known array' };
      if (value.k === 'undef' && el.initializer) value = this.eval(el.initializer, scope);
      this.bind(el.name, value, scope);
    });
  }

  // ── expressions ─────────────────────────────────────────────────────────────────────────

  eval(e: TsNamespace.Expression, scope: Scope): V {
    const ts = this.ts;
    while (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e) || ts.isTypeAssertionExpression(e) || ts.isAwaitExpression(e)) e = e.expression;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { k: 'lit', v: e.text, node: e };
    if (ts.isNumericLiteral(e)) return { k: 'lit', v: Number(e.text.replace(/_/g, '')), node: e };
    if (e.kind === ts.SyntaxKind.TrueKeyword) return { k: 'lit', v: true, node: e };
    if (e.kind === ts.SyntaxKind.FalseKeyword) return { k: 'lit', v: false, node: e };
    if (e.kind === ts.SyntaxKind.NullKeyword) return { k: 'lit', v: null, node: e };
    if (e.kind === ts.SyntaxKind.ThisKeyword) return scope.this ?? { k: 'unknown', node: e, reason: '`this` outside a class' };
    if (ts.isIdentifier(e)) return withNode(this.lookup(e.text, scope, e), e);
    if (ts.isPrefixUnaryExpression(e)) {
      const v = this.eval(e.operand, scope);
      if (e.operator === ts.SyntaxKind.MinusToken && v.k === 'lit' && typeof v.v === 'number') return { k: 'lit', v: -v.v, node: e };
      if (e.operator === ts.SyntaxKind.ExclamationToken) {
        const t = truthy(v);
        return t === undefined ? { k: 'unknown', node: e, reason: 'a negated value only known when the app runs' } : { k: 'lit', v: !t, node: e };
      }
      return { k: 'unknown', node: e, reason: 'an arithmetic expression' };
    }
    if (ts.isTemplateExpression(e)) {
      let text = e.head.text;
      for (const span of e.templateSpans) {
        const v = this.eval(span.expression, scope);
        if (v.k !== 'lit' || v.v === null) return { k: 'unknown', node: e, reason: `\`${e.getText().slice(0, 60)}\` is built from values only known when the app runs` };
        text += String(v.v) + span.literal.text;
      }
      return { k: 'lit', v: text, node: e };
    }
    if (ts.isObjectLiteralExpression(e)) return this.object(e, scope);
    if (ts.isArrayLiteralExpression(e)) {
      const items: V[] = [];
      let partial = false;
      for (const el of e.elements) {
        if (ts.isSpreadElement(el)) {
          const v = this.eval(el.expression, scope);
          if (v.k === 'arr') items.push(...v.items);
          else partial = true;
        } else items.push(this.eval(el, scope));
      }
      return { k: 'arr', items, node: e, ...(partial ? { partial: true as const } : {}) };
    }
    if (ts.isPropertyAccessExpression(e)) {
      const target = this.eval(e.expression, scope);
      if (e.questionDotToken && target.k === 'undef') return { k: 'undef', node: e };
      return withNode(member(target, e.name.text, e, this.nsExport), e);
    }
    if (ts.isElementAccessExpression(e)) {
      const target = this.eval(e.expression, scope);
      const key = this.eval(e.argumentExpression, scope);
      if (key.k === 'lit' && (typeof key.v === 'string' || typeof key.v === 'number')) {
        if (target.k === 'arr' && typeof key.v === 'number') return target.items[key.v] ?? { k: 'undef', node: e };
        return withNode(member(target, String(key.v), e, this.nsExport), e);
      }
      return { k: 'unknown', node: e, reason: 'an element chosen when the app runs' };
    }
    if (ts.isConditionalExpression(e)) {
      const cond = truthy(this.eval(e.condition, scope));
      if (cond === true) return this.eval(e.whenTrue, scope);
      if (cond === false) return this.eval(e.whenFalse, scope);
      // Both branches run through the evaluator: constructs created in either are found.
      this.eval(e.whenTrue, scope);
      this.eval(e.whenFalse, scope);
      return { k: 'unknown', node: e, reason: `\`${e.condition.getText().slice(0, 60)}\` is only known when the app runs` };
    }
    if (ts.isBinaryExpression(e)) return this.binary(e, scope);
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return { k: 'func', decl: e, scope, thisVal: ts.isArrowFunction(e) ? scope.this : undefined, node: e };
    if (ts.isClassExpression(e)) return { k: 'class', decl: e, mod: scope.mod, node: e };
    if (ts.isNewExpression(e)) return this.construct(e, scope);
    if (ts.isCallExpression(e)) return this.call(e, scope);
    return { k: 'unknown', node: e, reason: `\`${e.getText().slice(0, 60)}\` is only known when the app runs` };
  }

  private object(e: TsNamespace.ObjectLiteralExpression, scope: Scope): V {
    const ts = this.ts;
    const props = new Map<string, { v: V; key: Node }>();
    let partial = false;
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = ts.isComputedPropertyName(p.name) ? this.eval(p.name.expression, scope) : undefined;
        const name = key ? (key.k === 'lit' ? String(key.v) : undefined) : propName(ts, p.name);
        if (name === undefined) {
          partial = true;
          continue;
        }
        props.set(name, { v: this.eval(p.initializer, scope), key: p });
      } else if (ts.isShorthandPropertyAssignment(p)) {
        props.set(p.name.text, { v: withNode(this.lookup(p.name.text, scope, p.name), p), key: p });
      } else if (ts.isSpreadAssignment(p)) {
        const v = this.eval(p.expression, scope);
        if (v.k === 'obj') {
          for (const [k, entry] of v.props) props.set(k, entry);
          if (v.partial) partial = true;
        } else if (v.k !== 'undef') partial = true;
      }
    }
    return { k: 'obj', props, node: e, ...(partial ? { partial: true as const } : {}) };
  }

  private binary(e: TsNamespace.BinaryExpression, scope: Scope): V {
    const ts = this.ts;
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.EqualsToken) {
      const v = this.eval(e.right, scope);
      if (ts.isPropertyAccessExpression(e.left)) {
        const target = this.eval(e.left.expression, scope);
        if (target.k === 'inst') target.c.fields.set(e.left.name.text, v);
        else if (target.k === 'obj') target.props.set(e.left.name.text, { v, key: e.left });
      } else if (ts.isIdentifier(e.left)) scope.set(e.left.text, v);
      return v;
    }
    const left = this.eval(e.left, scope);
    if (op === ts.SyntaxKind.QuestionQuestionToken) return left.k === 'undef' || (left.k === 'lit' && left.v === null) ? this.eval(e.right, scope) : left.k === 'unknown' ? unknownOr(left, this.eval(e.right, scope)) : left;
    if (op === ts.SyntaxKind.BarBarToken) {
      const t = truthy(left);
      return t === true ? left : t === false ? this.eval(e.right, scope) : unknownOr(left, this.eval(e.right, scope));
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
      const t = truthy(left);
      return t === false ? left : t === true ? this.eval(e.right, scope) : unknownOr(left, this.eval(e.right, scope));
    }
    const right = this.eval(e.right, scope);
    if (left.k === 'lit' && right.k === 'lit') {
      const a = left.v;
      const b = right.v;
      switch (op) {
        case ts.SyntaxKind.PlusToken:
          return { k: 'lit', v: typeof a === 'number' && typeof b === 'number' ? a + b : String(a) + String(b), node: e };
        case ts.SyntaxKind.AsteriskToken:
          if (typeof a === 'number' && typeof b === 'number') return { k: 'lit', v: a * b, node: e };
          break;
        case ts.SyntaxKind.MinusToken:
          if (typeof a === 'number' && typeof b === 'number') return { k: 'lit', v: a - b, node: e };
          break;
        case ts.SyntaxKind.SlashToken:
          if (typeof a === 'number' && typeof b === 'number' && b !== 0) return { k: 'lit', v: a / b, node: e };
          break;
        case ts.SyntaxKind.EqualsEqualsEqualsToken:
        case ts.SyntaxKind.EqualsEqualsToken:
          return { k: 'lit', v: a === b, node: e };
        case ts.SyntaxKind.ExclamationEqualsEqualsToken:
        case ts.SyntaxKind.ExclamationEqualsToken:
          return { k: 'lit', v: a !== b, node: e };
        default:
          break;
      }
    }
    return { k: 'unknown', node: e, reason: `\`${e.getText().slice(0, 60)}\` is only known when the app runs` };
  }

  private args(list: readonly TsNamespace.Expression[] | undefined, scope: Scope): V[] {
    const out: V[] = [];
    for (const a of list ?? []) {
      if (this.ts.isSpreadElement(a)) {
        const v = this.eval(a.expression, scope);
        if (v.k === 'arr') out.push(...v.items);
        else out.push({ k: 'unknown', node: a, reason: 'spread arguments' });
      } else out.push(this.eval(a, scope));
    }
    return out;
  }

  private construct(e: TsNamespace.NewExpression, scope: Scope): V {
    const callee = this.eval(e.expression, scope);
    const args = this.args(e.arguments, scope);
    if (callee.k === 'class') return this.instantiate(callee.decl, callee.mod, args, e);
    if (callee.k === 'ext') {
      const type = `${callee.module}.${callee.path.join('.')}`;
      if (type === 'core.App' || type === 'core.Stage') return type === 'core.App' ? { k: 'app', node: e } : this.libraryScope(e, args, type);
      if (type === 'core.Stack') return this.newStack(e, args, undefined);
      if (type === 'core.Construct') return this.libraryScope(e, args, type);
      return this.newResource(type, e, args);
    }
    return { k: 'unknown', node: e, reason: `\`${e.expression.getText()}\` is not a class the app's code defines or imports from the CDK` };
  }

  /** A bare `new Construct(this, 'Group')` (or a Stage): a scope for the constructs created in it. */
  private libraryScope(e: TsNamespace.NewExpression, args: V[], type: string): V {
    const parent = args[0];
    const id = args[1]?.k === 'lit' ? String(args[1].v) : '?';
    const stack = parent ? stackOf(parent) : undefined;
    const inst: Inst = { decl: undefined as unknown as TsNamespace.ClassLikeDeclaration, path: joinPath(parent, id), fields: new Map(), stack: type === 'core.Stage' ? undefined : stack, anchor: anchorOf(parent) };
    return { k: 'inst', c: inst, node: e };
  }

  private newStack(e: TsNamespace.NewExpression, args: V[], decl: TsNamespace.ClassLikeDeclaration | undefined): V {
    const parent = args[0];
    const id = args[1]?.k === 'lit' ? String(args[1].v) : `Stack${this.stacks.length + 1}`;
    // Named by its construct id, as its cdk.out template is (`stackName` only renames the deployed stack).
    const stackPath = parent && parent.k === 'inst' ? `${parent.c.path}/${id}` : id;
    const stack: StackCtx = { name: stackPath.replace(/\//g, '-'), path: stackPath, file: (decl ?? e).getSourceFile().fileName, node: e, resources: [] };
    this.stacks.push(stack);
    const inst: Inst = { decl: decl!, path: parent && parent.k === 'inst' ? `${parent.c.path}/${id}` : id, fields: new Map(), stack, anchor: undefined };
    return { k: 'inst', c: inst, node: e };
  }

  private instantiate(decl: TsNamespace.ClassLikeDeclaration, mod: Mod, args: V[], e: TsNamespace.NewExpression): V {
    if (this.depth > MAX_DEPTH) return { k: 'unknown', node: e, reason: 'constructs nested too deeply to follow' };
    const chain = this.classChain(decl, mod);
    const base = chain.base;
    let self: V;
    if (base === 'core.Stack' || base === 'core.NestedStack') {
      self = this.newStack(e, args, decl);
    } else {
      const parent = args[0];
      const id = args[1]?.k === 'lit' ? String(args[1].v) : '?';
      // The outermost of the user's constructs whose instantiation chose the values passed down.
      const anchor = (parent && anchorOf(parent)) ?? this.callAnchor ?? (parent && stackOf(parent) ? e : undefined);
      self = { k: 'inst', c: { decl, path: joinPath(parent, id), fields: new Map(), stack: parent ? stackOf(parent) : undefined, anchor }, node: e };
      if (base && base !== 'core.Construct' && base !== 'core.Stage' && base !== 'core.Resource') {
        // A class that extends a library construct (`class OrdersQueue extends sqs.Queue`): the library construct, with the props passed to super.
        const superArgs = this.superArgs(chain.classes, args, self);
        const res = this.newResource(base, e, superArgs ?? args);
        if (res.k === 'res') {
          this.runConstructors(chain.classes, args, res, true);
          return res;
        }
      }
      if (base === 'core.Stage') (self as { c: Inst }).c.stack = undefined;
    }
    this.runConstructors(chain.classes, args, self, false);
    return self;
  }

  /** The user's classes from `decl` up to the first library class, and that library class. */
  private classChain(decl: TsNamespace.ClassLikeDeclaration, mod: Mod): { classes: { decl: TsNamespace.ClassLikeDeclaration; mod: Mod }[]; base: string | undefined } {
    const classes: { decl: TsNamespace.ClassLikeDeclaration; mod: Mod }[] = [];
    let current: { decl: TsNamespace.ClassLikeDeclaration; mod: Mod } | undefined = { decl, mod };
    while (current && classes.length < 20) {
      classes.push(current);
      const heritage = current.decl.heritageClauses?.find((h) => h.token === this.ts.SyntaxKind.ExtendsKeyword)?.types[0];
      if (!heritage) return { classes, base: undefined };
      const v = this.eval(heritage.expression, current.mod.scope);
      if (v.k === 'class') current = { decl: v.decl, mod: v.mod };
      else if (v.k === 'ext') return { classes, base: `${v.module}.${v.path.join('.')}` };
      else return { classes, base: undefined };
    }
    return { classes, base: undefined };
  }

  /** The arguments the innermost user class passes to its library base class. */
  private superArgs(classes: { decl: TsNamespace.ClassLikeDeclaration; mod: Mod }[], args: V[], self: V): V[] | undefined {
    let current = args;
    for (const { decl, mod } of classes) {
      const ctor = decl.members.find(this.ts.isConstructorDeclaration);
      if (!ctor?.body) continue;
      const scope = new Scope(mod, mod.scope, self);
      this.bindParams(ctor, current, scope);
      const superCall = ctor.body.statements.find((s) => this.ts.isExpressionStatement(s) && this.ts.isCallExpression(s.expression) && s.expression.expression.kind === this.ts.SyntaxKind.SuperKeyword);
      if (!superCall) return current;
      current = this.args(((superCall as TsNamespace.ExpressionStatement).expression as TsNamespace.CallExpression).arguments, scope);
    }
    return current;
  }

  /** Runs the user's constructors, base class first, each with the arguments its subclass passes up. */
  private runConstructors(classes: { decl: TsNamespace.ClassLikeDeclaration; mod: Mod }[], args: V[], self: V, baseIsLibrary: boolean): void {
    const ts = this.ts;
    this.depth++;
    try {
      const run = (index: number, args: V[]): void => {
        const cls = classes[index];
        if (!cls) return;
        const ctor = cls.decl.members.find(ts.isConstructorDeclaration);
        const scope = new Scope(cls.mod, cls.mod.scope, self);
        const initFields = () => {
          for (const m of cls.decl.members) {
            if (ts.isPropertyDeclaration(m) && m.initializer && !(ts.getModifiers(m) ?? []).some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) {
              const name = propName(ts, m.name);
              if (name !== undefined && self.k === 'inst') self.c.fields.set(name, this.eval(m.initializer, scope));
            }
          }
        };
        if (!ctor?.body) {
          // No constructor: the arguments go to the base class as they are.
          run(index + 1, args);
          initFields();
          return;
        }
        this.bindParams(ctor, args, scope);
        for (const p of ctor.parameters) {
          // `constructor(private readonly props: Props)` is also a field.
          if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.length && self.k === 'inst') self.c.fields.set(p.name.text, scope.vars.get(p.name.text)!);
        }
        let sawSuper = false;
        try {
          for (const s of ctor.body.statements) {
            if (ts.isExpressionStatement(s) && ts.isCallExpression(s.expression) && s.expression.expression.kind === ts.SyntaxKind.SuperKeyword) {
              sawSuper = true;
              if (!(baseIsLibrary && index === classes.length - 1)) run(index + 1, this.args(s.expression.arguments, scope));
              initFields();
              continue;
            }
            this.exec(s, scope);
          }
        } catch (error) {
          if (!(error instanceof Return)) throw error;
        }
        if (!sawSuper) initFields();
      };
      run(0, args);
    } finally {
      this.depth--;
    }
  }

  private bindParams(fn: TsNamespace.SignatureDeclarationBase, args: V[], scope: Scope): void {
    fn.parameters.forEach((p, i) => {
      let v: V = p.dotDotDotToken ? { k: 'arr', items: args.slice(i), node: p } : (args[i] ?? { k: 'undef', node: p });
      if (v.k === 'undef' && p.initializer) v = this.eval(p.initializer, scope);
      this.bind(p.name, v, scope);
    });
  }

  private newResource(type: string, e: TsNamespace.NewExpression, args: V[]): V {
    const parent = args[0];
    const stack = parent ? stackOf(parent) : undefined;
    // Integrations and event sources take no scope: they are values passed to a construct.
    const idArg = args[1];
    if (!parent || (parent.k !== 'inst' && parent.k !== 'res') || !idArg || idArg.k === 'obj' || idArg.k === 'res' || idArg.k === 'arr' || idArg.k === 'undef') {
      return { k: 'call', module: type.split('.')[0]!, path: type.split('.').slice(1), args, node: e };
    }
    const id = args[1]?.k === 'lit' ? String(args[1].v) : '?';
    const res: Res = { type, id, path: joinPath(parent, id), stack, node: e, props: args[2], args, anchor: anchorOf(parent) ?? this.callAnchor, calls: [] };
    if (stack) stack.resources.push(res);
    else this.orphans++;
    return { k: 'res', r: res, node: e };
  }

  private call(e: TsNamespace.CallExpression, scope: Scope): V {
    const ts = this.ts;
    const calleeExpr = e.expression;
    if (calleeExpr.kind === ts.SyntaxKind.SuperKeyword) return { k: 'undef', node: e };
    // `require('aws-cdk-lib')` in an expression.
    const spec = requireSpec(ts, e);
    if (spec) return this.importValue(scope.mod, spec, '*', e);
    if (ts.isPropertyAccessExpression(calleeExpr)) {
      const target = this.eval(calleeExpr.expression, scope);
      const method = calleeExpr.name.text;
      const args = this.args(e.arguments, scope);
      if (target.k === 'res') {
        target.r.calls.push({ method, args, node: e });
        // Methods that return a construct the code goes on using.
        if (method === 'addResource' || method === 'resourceForPath' || method === 'addProxy') return { k: 'res', r: target.r, node: e };
        if (method === 'unsafeUnwrap' || method === 'toString') return target;
        return { k: 'unknown', node: e, reason: `what ${method}() returns is only known when the app runs` };
      }
      if (target.k === 'inst') {
        const m = this.findMethod(target.c.decl, method);
        if (m) return this.invoke(m.decl, m.mod, args, target, e);
        return { k: 'unknown', node: e, reason: `${method}() is not a method of the app's code` };
      }
      if (target.k === 'lit' && (method === 'unsafeUnwrap' || method === 'toString')) return target;
      if (target.k === 'lit' && typeof target.v === 'string') return stringMethod(target, method, args, e);
      if (target.k === 'ext') {
        if (target.module === 'node:path' && (method === 'join' || method === 'resolve')) {
          if (args.every((a) => a.k === 'lit' && typeof a.v === 'string')) {
            const parts = args.map((a) => String((a as { v: unknown }).v));
            return { k: 'lit', v: method === 'join' ? path.join(...parts) : path.resolve(this.appDir, ...parts), node: e };
          }
          return { k: 'unknown', node: e, reason: 'a path built from values only known when the app runs' };
        }
        if (target.module === 'core' && target.path.join('.') === 'Duration') return duration(method, args, e);
        if (target.module === 'core' && target.path.join('.') === 'SecretValue' && /^(unsafePlainText|plainText)$/.test(method)) {
          const text = args[0];
          return text?.k === 'lit' ? { k: 'lit', v: text.v, node: text.node, secret: true } : { k: 'unknown', node: e, reason: 'a secret value only known when the app runs' };
        }
        // `Queue.fromQueueArn(this, 'Id', arn)`: a construct outside the app.
        if (/^from[A-Z]/.test(method) && args[0] && (args[0].k === 'inst' || args[0].k === 'res') && target.path.length === 1 && /^[A-Z]/.test(target.path[0]!)) {
          const stack = stackOf(args[0]);
          const id = args[1]?.k === 'lit' ? String(args[1].v) : '?';
          const res: Res = { type: `${target.module}.${target.path[0]}`, id, path: joinPath(args[0], id), stack, node: e, props: undefined, args, anchor: undefined, calls: [], imported: true };
          return { k: 'res', r: res, node: e };
        }
        return { k: 'call', module: target.module, path: [...target.path, method], args, node: e };
      }
      if (target.k === 'arr' && (method === 'forEach' || method === 'map')) {
        const fn = args[0];
        if (fn?.k !== 'func') return { k: 'unknown', node: e, reason: 'a callback only known when the app runs' };
        const results = target.items.slice(0, MAX_ITERATIONS).map((item, i) => this.invoke(fn.decl, fn.scope.mod, [item, { k: 'lit', v: i, node: e }], fn.thisVal, e, fn.scope));
        return method === 'map' ? { k: 'arr', items: results, node: e } : { k: 'undef', node: e };
      }
      if (target.k === 'obj') {
        const m = target.props.get(method)?.v;
        if (m?.k === 'func') return this.invoke(m.decl, m.scope.mod, args, m.thisVal, e, m.scope);
      }
      if (target.k === 'ns') {
        const fn = this.exportOf(target.mod, method, e, 0);
        if (fn.k === 'func') return this.invoke(fn.decl, fn.scope.mod, args, undefined, e, fn.scope);
      }
      // A statement is changed after it is built (`statement.addActions(…)`): the lowering reads the changes.
      if (target.k === 'call' && target.path[target.path.length - 1] === 'PolicyStatement') {
        (target.mutations ??= []).push({ method, args, node: e });
        return { k: 'undef', node: e };
      }
      if (target.k === 'call' && target.module === '#role' && target.args[0]?.k === 'res') {
        const owner = target.args[0].r;
        owner.calls.push({ method: `role.${method}`, args, node: e });
        return { k: 'undef', node: e };
      }
      if (target.k === 'call' && (method === 'unsafeUnwrap' || method === 'toString')) return { k: 'unknown', node: e, reason: 'a value only known when the app runs' };
      return { k: 'unknown', node: e, reason: `\`${calleeExpr.getText().slice(0, 60)}()\` is only known when the app runs` };
    }
    const callee = this.eval(calleeExpr, scope);
    const args = this.args(e.arguments, scope);
    if (callee.k === 'func') return this.invoke(callee.decl, callee.scope.mod, args, callee.thisVal, e, callee.scope);
    if (callee.k === 'ext') return { k: 'call', module: callee.module, path: callee.path, args, node: e };
    return { k: 'unknown', node: e, reason: `\`${calleeExpr.getText().slice(0, 60)}()\` is only known when the app runs` };
  }

  private findMethod(decl: TsNamespace.ClassLikeDeclaration | undefined, name: string): { decl: TsNamespace.MethodDeclaration; mod: Mod } | undefined {
    if (!decl) return undefined;
    const mod = this.mods.get(decl.getSourceFile().fileName);
    if (!mod) return undefined;
    for (const { decl: cls, mod: m } of this.classChain(decl, mod).classes) {
      const found = cls.members.find((x): x is TsNamespace.MethodDeclaration => this.ts.isMethodDeclaration(x) && propName(this.ts, x.name) === name && x.body !== undefined);
      if (found) return { decl: found, mod: m };
    }
    return undefined;
  }

  private invoke(decl: TsNamespace.FunctionLikeDeclaration, mod: Mod, args: V[], thisVal: V | undefined, e: Node, closure?: Scope): V {
    if (this.depth > MAX_DEPTH || !decl.body) return { k: 'unknown', node: e, reason: 'a call nested too deeply to follow' };
    this.depth++;
    // A helper called with a stack's scope (`teamFunction(this, 'Reporter', …)`) chooses its constructs' values at the call.
    const outerAnchor = this.callAnchor;
    const inStack = (v: V | undefined) => (v?.k === 'inst' || v?.k === 'res') && stackOf(v) !== undefined && anchorOf(v) === undefined;
    if (!outerAnchor && this.ts.isCallExpression(e) && (args.some(inStack) || (thisVal !== undefined && inStack(thisVal) && thisVal.k === 'inst' && thisVal.c.stack?.node !== undefined && thisVal.c.path === thisVal.c.stack.name))) this.callAnchor = e;
    const scope = new Scope(mod, closure ?? mod.scope, thisVal);
    try {
      this.bindParams(decl, args, scope);
      if (!this.ts.isBlock(decl.body)) return this.eval(decl.body, scope);
      this.execBlock(decl.body.statements, scope);
      return { k: 'undef', node: e };
    } catch (error) {
      if (error instanceof Return) return error.value;
      throw error;
    } finally {
      this.depth--;
      this.callAnchor = outerAnchor;
    }
  }
}

function requireSpec(ts: Ts, e: TsNamespace.Expression | undefined): string | undefined {
  if (e && ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments[0] && ts.isStringLiteral(e.arguments[0])) return e.arguments[0].text;
  return undefined;
}

export function propName(ts: Ts, name: TsNamespace.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** A value seen through a name keeps its value, but a library name is located where it is used. */
function withNode(v: V, node: Node): V {
  return v.k === 'ext' ? { ...v, node } : v;
}

function member(target: V, name: string, node: Node, exportOf?: (mod: Mod, name: string, node: Node) => V): V {
  switch (target.k) {
    case 'obj': {
      const found = target.props.get(name);
      if (found) return found.v;
      return target.partial ? { k: 'unknown', node, reason: `${name} may come from a spread object` } : { k: 'undef', node };
    }
    case 'inst': {
      const field = target.c.fields.get(name);
      if (field) return field;
      if (name === 'node' || name === 'stackName' || name === 'region' || name === 'account') return { k: 'unknown', node, reason: `${name} is only known when the app runs` };
      return { k: 'unknown', node, reason: `${name} is not set by the app's code` };
    }
    case 'ext':
      // `aws_lambda.Function` imported from the root package.
      if (target.module === 'core' && target.path.length === 0 && /^aws_[a-z0-9_]+$/.test(name)) return { k: 'ext', module: name.replace(/_/g, '-'), path: [], node };
      return { k: 'ext', module: target.module, path: [...target.path, name], node };
    case 'ns':
      return exportOf ? exportOf(target.mod, name, node) : { k: 'unknown', node, reason: `${name} of a module` };
    case 'arr':
      if (name === 'length' && !target.partial) return { k: 'lit', v: target.items.length, node };
      return { k: 'unknown', node, reason: `${name} of an array` };
    case 'res':
      // `api.root` is where methods are added; `fn.role` receives policies on the function's behalf.
      if (name === 'root') return target;
      if (name === 'role' || name === 'grantPrincipal') return { k: 'call', module: '#role', path: [], args: [target], node };
      // Attributes of a construct (`queue.queueUrl`, `fn.functionArn`) are tokens resolved at deploy time.
      return { k: 'unknown', node, reason: `${target.r.path}.${name} is only known at deploy time` };
    case 'undef':
      return { k: 'undef', node };
    default:
      return { k: 'unknown', node, reason: `\`${node.getText().slice(0, 60)}\` is only known when the app runs` };
  }
}

function truthy(v: V): boolean | undefined {
  if (v.k === 'lit') return Boolean(v.v);
  if (v.k === 'undef') return false;
  if (v.k === 'obj' || v.k === 'arr' || v.k === 'res' || v.k === 'inst' || v.k === 'func' || v.k === 'duration') return true;
  return undefined;
}

function unknownOr(left: V, right: V): V {
  return right.k === 'unknown' ? left : { k: 'unknown', node: left.node, reason: `${(left as { reason: string }).reason} (else ${right.node?.getText().slice(0, 40) ?? 'a default'})` };
}

function stringMethod(target: V & { k: 'lit' }, method: string, args: V[], e: Node): V {
  const s = String(target.v);
  const arg = (i: number) => (args[i]?.k === 'lit' ? (args[i] as { v: unknown }).v : undefined);
  switch (method) {
    case 'toLowerCase':
      return { k: 'lit', v: s.toLowerCase(), node: e };
    case 'toUpperCase':
      return { k: 'lit', v: s.toUpperCase(), node: e };
    case 'concat':
      return args.every((a) => a.k === 'lit') ? { k: 'lit', v: s + args.map((a) => String((a as { v: unknown }).v)).join(''), node: e } : { k: 'unknown', node: e, reason: 'a string built when the app runs' };
    case 'replace':
      return typeof arg(0) === 'string' && typeof arg(1) === 'string' ? { k: 'lit', v: s.replace(arg(0) as string, arg(1) as string), node: e } : { k: 'unknown', node: e, reason: 'a string built when the app runs' };
    default:
      return { k: 'unknown', node: e, reason: `${method}() of a string` };
  }
}

export const DURATION_SECONDS: Record<string, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400, millis: 0.001 };

function duration(method: string, args: V[], e: Node): V {
  const factor = DURATION_SECONDS[method];
  const n = args[0];
  if (factor !== undefined && n?.k === 'lit' && typeof n.v === 'number') return { k: 'duration', seconds: n.v * factor, node: e };
  return { k: 'unknown', node: e, reason: `\`${e.getText().slice(0, 60)}\` is only known when the app runs` };
}

function stackOf(v: V): StackCtx | undefined {
  if (v.k === 'inst') return v.c.stack;
  if (v.k === 'res') return v.r.stack;
  return undefined;
}

function anchorOf(v: V): Node | undefined {
  if (v.k === 'inst') return v.c.anchor;
  if (v.k === 'res') return v.r.anchor;
  return undefined;
}

function joinPath(parent: V | undefined, id: string): string {
  if (parent?.k === 'inst') return `${parent.c.path}/${id}`;
  if (parent?.k === 'res') return `${parent.r.path}/${id}`;
  return id;
}
