/**
 * Source analysis for handlers: which code runs once per cold start (module scope) and which runs
 * on every invocation (the handler and every project function it calls, across relative imports).
 *
 * It works on the TypeScript AST of each file's text, parsed on demand without a type check, so
 * the same analysis serves the CLI (which follows imports) and an editor (one file at a time).
 * TypeScript is loaded only when there is source to read.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ts as TsNamespace } from 'ts-morph';
import { readUtf8 } from '../parse/decode.js';
import { parseSourceFile } from '../parse/ts-source.js';
import type { Loc } from '../parse/tree.js';
import { compileCacheDir, requireWithCodeCache } from './compile-cache.js';

export type Ts = typeof TsNamespace;
type Node = TsNamespace.Node;
type SourceFile = TsNamespace.SourceFile;
export type FunctionLike = TsNamespace.FunctionDeclaration | TsNamespace.FunctionExpression | TsNamespace.ArrowFunction | TsNamespace.MethodDeclaration;

let typescript: Ts | undefined;

/**
 * The minified compiler scripts/bundle.mjs writes beside the CLI bundle, named by the size of the
 * file it was built from: a published sls-lint used with another patch of ts-morph's compiler than
 * the one it was built with loads the installed one instead.
 */
export function minifiedCompilerName(compilerSize: number): string {
  return `typescript-${compilerSize}.min.js`;
}

/** The TypeScript compiler ts-morph pins (one copy); loaded only when there is code to read. */
export async function loadTypeScript(): Promise<Ts> {
  return requireTypeScript();
}

/**
 * The compiler module ts-morph bundles, required directly: ts-morph's own wrapper (the Project
 * API, which sls-lint does not use) doubles the load time, about 0.4 s more on every run that
 * reads code; and compiled from V8's code cache (./compile-cache.ts). Synchronous, for ESLint
 * rules. Falls back to ts-morph's export if its layout changes.
 *
 * The CLI bundle loads a minified build of that same file, which the build writes beside it
 * (scripts/bundle.mjs): 3.6 MB instead of 9.1, so reading it, and V8 checking it against the code
 * cache, cost about 55 ms less on every run. Elsewhere (tsc's output, the tests) there is none, and
 * there is none for another build of the compiler than the installed one.
 */
export function requireTypeScript(): Ts {
  if (typescript) return typescript;
  const require = createRequire(import.meta.url);
  try {
    const compiler = createRequire(require.resolve('ts-morph')).resolve('@ts-morph/common/dist/typescript.js');
    const minified = path.join(path.dirname(fileURLToPath(import.meta.url)), minifiedCompilerName(statSync(compiler).size));
    const file = existsSync(minified) ? minified : compiler;
    typescript = requireWithCodeCache(file, compileCacheDir(), { standsFor: compiler }) as Ts;
    if (typeof typescript.createSourceFile !== 'function') throw new Error('not the compiler');
  } catch {
    typescript = (require('ts-morph') as { ts: Ts }).ts;
  }
  return typescript;
}

/** Where an imported local name comes from. `*` is a namespace or CommonJS module object. */
export interface ImportBinding {
  module: string;
  imported: string;
}

/** `AWS.DynamoDB.DocumentClient`: the import `AWS` is bound to, and the members after it (`DynamoDB`, `DocumentClient`). */
export function importedMembers(ts: Ts, source: ParsedSource, expression: TsNamespace.Expression): { binding: ImportBinding; members: string[] } | undefined {
  const members: string[] = [];
  let current = expression;
  while (ts.isPropertyAccessExpression(current)) {
    members.unshift(current.name.text);
    current = current.expression;
  }
  if (!ts.isIdentifier(current)) return undefined;
  const binding = source.imports.get(current.text);
  return binding && { binding, members };
}

export interface ParsedSource {
  file: string;
  text: string;
  sourceFile: SourceFile;
  imports: Map<string, ImportBinding>;
}

const RESOLVE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs', '.jsx'];
const MAX_SOURCE_BYTES = 2 * 1024 * 1024;

export class SourceProgram {
  private readonly files = new Map<string, ParsedSource | undefined>();
  readonly problems: { file: string; reason: string }[] = [];

  constructor(readonly ts: Ts) {}

  /** Parses a file once; undefined (with a recorded problem) when it cannot be read. */
  get(file: string): ParsedSource | undefined {
    if (this.files.has(file)) return this.files.get(file);
    let parsed: ParsedSource | undefined;
    try {
      if (statSync(file).size > MAX_SOURCE_BYTES) throw new Error(`larger than ${MAX_SOURCE_BYTES / 1024 / 1024} MiB`);
      parsed = this.parse(file, readUtf8(file));
    } catch (error) {
      this.problems.push({ file, reason: (error as Error).message.split('\n')[0]! });
    }
    this.files.set(file, parsed);
    return parsed;
  }

  /** Parses text that is not (or not yet) on disk, e.g. an editor buffer. */
  parse(file: string, text: string): ParsedSource {
    const ts = this.ts;
    const kind = /\.(ts|mts|cts)$/.test(file) ? ts.ScriptKind.TS : /\.tsx$/.test(file) ? ts.ScriptKind.TSX : ts.ScriptKind.JS;
    const sourceFile = parseSourceFile(ts, file, text, kind);
    const parsed = { file, text, sourceFile, imports: collectImports(ts, sourceFile) };
    this.files.set(file, parsed);
    return parsed;
  }

  parsedText(file: string): string | undefined {
    return this.files.get(file)?.text;
  }

  parsedFiles(): ParsedSource[] {
    return [...this.files.values()].filter((f): f is ParsedSource => f !== undefined);
  }

  /** A relative import (`./db`, `../lib/client`) resolved to a file; packages are not followed. */
  resolveRelative(from: string, specifier: string): string | undefined {
    if (!specifier.startsWith('.')) return undefined;
    const target = path.resolve(path.dirname(from), specifier);
    const candidates = [
      target,
      // `./db.js` written in TypeScript sources refers to `./db.ts`.
      target.replace(/\.(m|c)?js$/, '.$1ts'),
      ...RESOLVE_EXTENSIONS.map((e) => target + e),
      ...RESOLVE_EXTENSIONS.map((e) => path.join(target, `index${e}`)),
    ];
    return candidates.find((c) => {
      try {
        return statSync(c).isFile();
      } catch {
        return false;
      }
    });
  }

  loc(source: ParsedSource, node: Node): Loc {
    const start = source.sourceFile.getLineAndCharacterOfPosition(node.getStart(source.sourceFile));
    const end = source.sourceFile.getLineAndCharacterOfPosition(node.getEnd());
    return { file: source.file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  }

  // ── exports ─────────────────────────────────────────────────────────────────────────────

  /** The function an export name designates, through wrappers, re-exports and class instances. */
  findExport(source: ParsedSource, name: string, depth = 0): { source: ParsedSource; fn: FunctionLike } | undefined {
    if (depth > 8) return undefined;
    const ts = this.ts;
    for (const statement of source.sourceFile.statements) {
      if (ts.isFunctionDeclaration(statement) && isExported(ts, statement) && statement.name?.text === name && statement.body) {
        return { source, fn: statement };
      }
      if (ts.isVariableStatement(statement) && isExported(ts, statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) {
            return this.unwrap(source, declaration.initializer, depth);
          }
        }
      }
      if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        for (const element of statement.exportClause.elements) {
          if (element.name.text !== name) continue;
          const local = element.propertyName?.text ?? element.name.text;
          if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
            const target = this.resolveRelative(source.file, statement.moduleSpecifier.text);
            const other = target ? this.get(target) : undefined;
            return other ? this.findExport(other, local, depth + 1) : undefined;
          }
          return this.resolveLocal(source, local, depth);
        }
      }
      if (ts.isExportDeclaration(statement) && !statement.exportClause && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
        const target = this.resolveRelative(source.file, statement.moduleSpecifier.text);
        const other = target ? this.get(target) : undefined;
        const found = other ? this.findExport(other, name, depth + 1) : undefined;
        if (found) return found;
      }
      if (ts.isExportAssignment(statement) && name === 'default') return this.unwrap(source, statement.expression, depth);
      if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const { left, right } = statement.expression;
        const target = left.getText(source.sourceFile);
        if (target === `exports.${name}` || target === `module.exports.${name}`) return this.unwrap(source, right, depth);
        if (target === 'module.exports' && ts.isObjectLiteralExpression(right)) {
          for (const property of right.properties) {
            if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return this.resolveLocal(source, name, depth);
            if (ts.isPropertyAssignment(property) && property.name.getText(source.sourceFile).replace(/['"]/g, '') === name) {
              return this.unwrap(source, property.initializer, depth);
            }
            if (ts.isMethodDeclaration(property) && property.name.getText(source.sourceFile) === name) return { source, fn: property };
          }
        }
      }
    }
    return undefined;
  }

  /**
   * The function an expression evaluates to: a literal function, a name bound to one, the base
   * handler inside a wrapper call (`middy(base).use(…)`, `wrap(fn)`), or a class method through
   * `new Handler().handle` / `instance.handle.bind(instance)`.
   */
  unwrap(source: ParsedSource, expression: TsNamespace.Expression, depth: number): { source: ParsedSource; fn: FunctionLike } | undefined {
    const ts = this.ts;
    let expr = expression;
    // `(h)`, `h as any`, `<any>h`, `h satisfies T`, `h!`: the same function.
    while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isTypeAssertionExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr)) expr = expr.expression;
    if (ts.isArrowFunction(expr) || ts.isFunctionExpression(expr)) return { source, fn: expr };
    if (ts.isIdentifier(expr)) return this.resolveLocal(source, expr.text, depth + 1);
    if (ts.isCallExpression(expr)) {
      const callee = expr.expression;
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'bind') return this.unwrap(source, callee.expression, depth + 1);
      for (const argument of expr.arguments) {
        if (ts.isCallExpression(argument)) continue;
        const found = this.unwrap(source, argument, depth + 1);
        if (found) return found;
      }
      if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)) return this.unwrap(source, callee.expression, depth + 1);
      return undefined;
    }
    if (ts.isPropertyAccessExpression(expr)) {
      const className = this.classOf(source, expr.expression);
      const method = className ? findMethod(ts, source, className, expr.name.text) : undefined;
      return method ? { source, fn: method } : undefined;
    }
    return undefined;
  }

  /** The class an expression is an instance of: `new X()`, or a name bound to `new X()`; `X.prototype`. */
  private classOf(source: ParsedSource, expression: TsNamespace.Expression, depth = 0): string | undefined {
    const ts = this.ts;
    if (depth > 8) return undefined;
    if (ts.isNewExpression(expression) && ts.isIdentifier(expression.expression)) return expression.expression.text;
    if (ts.isPropertyAccessExpression(expression) && expression.name.text === 'prototype' && ts.isIdentifier(expression.expression)) return expression.expression.text;
    if (ts.isIdentifier(expression)) {
      const initializer = findVariable(ts, source, expression.text, expression)?.initializer;
      return initializer ? this.classOf(source, initializer, depth + 1) : undefined;
    }
    return undefined;
  }

  /** A module-scope name: a function declaration, a variable holding a function, or a relative import. */
  resolveLocal(source: ParsedSource, name: string, depth: number): { source: ParsedSource; fn: FunctionLike } | undefined {
    if (depth > 8) return undefined;
    const ts = this.ts;
    for (const statement of source.sourceFile.statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return { source, fn: statement };
    }
    const variable = findModuleVariable(ts, source, name);
    if (variable?.initializer) return this.unwrap(source, variable.initializer, depth + 1);
    const binding = source.imports.get(name);
    if (binding && binding.imported !== '*') {
      const target = this.resolveRelative(source.file, binding.module);
      const other = target ? this.get(target) : undefined;
      return other ? this.findExport(other, binding.imported, depth + 1) : undefined;
    }
    return undefined;
  }

  /**
   * Handlers found by convention, for files no template links (an editor, a project without IaC):
   * an export named `handler`, or an exported function that uses a type from `aws-lambda`.
   */
  handlersByConvention(source: ParsedSource): { exportName: string; source: ParsedSource; fn: FunctionLike }[] {
    const ts = this.ts;
    const lambdaTypes = [...source.imports].filter(([, b]) => b.module === 'aws-lambda').map(([local]) => local);
    const usesLambdaType = (node: Node) => lambdaTypes.length > 0 && new RegExp(`\\b(${lambdaTypes.join('|')})\\b`).test(node.getText(source.sourceFile));
    const names = new Set<string>(['handler']);
    for (const statement of source.sourceFile.statements) {
      if (!isExported(ts, statement)) continue;
      if (ts.isFunctionDeclaration(statement) && statement.name && usesLambdaType(statement)) names.add(statement.name.text);
      if (ts.isVariableStatement(statement)) {
        for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && usesLambdaType(d)) names.add(d.name.text);
      }
    }
    return [...names].flatMap((exportName) => {
      const found = this.findExport(source, exportName);
      return found ? [{ exportName, ...found }] : [];
    });
  }

  // ── cold start ──────────────────────────────────────────────────────────────────────────

  /**
   * Every static import that loads when the handler's module loads: the module's own and, through
   * relative imports, those of every project module it pulls in. Type-only imports load nothing;
   * `await import()` and `require()` inside functions load later and are not included.
   */
  coldStartImports(entry: ParsedSource): StaticImport[] {
    return this.moduleGraph(entry).flatMap((source) =>
      staticImports(this.ts, source.sourceFile)
        .filter(({ specifier }) => !specifier.startsWith('.'))
        .map(({ specifier, node }) => ({ source, specifier, node })),
    );
  }

  /** The handler's module and every project module it imports statically, transitively. */
  moduleGraph(entry: ParsedSource): ParsedSource[] {
    const seen = new Map<string, ParsedSource>();
    const queue = [entry];
    while (queue.length) {
      const source = queue.pop()!;
      if (seen.has(source.file)) continue;
      seen.set(source.file, source);
      for (const { specifier } of staticImports(this.ts, source.sourceFile)) {
        const target = specifier.startsWith('.') ? this.resolveRelative(source.file, specifier) : undefined;
        const next = target ? this.get(target) : undefined;
        if (next) queue.push(next);
      }
    }
    return [...seen.values()];
  }

  /**
   * Where per-invocation code reports partial batch failures: an object with `batchItemFailures`,
   * or Powertools' `processPartialResponse`/`processPartialResponseSync`, which build that response.
   */
  batchItemFailuresReport(reached: Map<FunctionLike, ParsedSource>): Loc | undefined {
    const ts = this.ts;
    for (const [fn, source] of reached) {
      let found: Node | undefined;
      const visit = (node: Node): void => {
        if (found) return;
        const named = (ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) && node.name.getText(source.sourceFile) === 'batchItemFailures';
        const powertools =
          ts.isCallExpression(node) && /^(processPartialResponse|processPartialResponseSync)$/.test(node.expression.getText(source.sourceFile).split('.').pop() ?? '');
        if (named || powertools) found = node;
        else ts.forEachChild(node, visit);
      };
      if (fn.body) visit(fn.body);
      if (found) return this.loc(source, found);
    }
    return undefined;
  }

  // ── reachability ────────────────────────────────────────────────────────────────────────

  /** Every project function that runs when `entry` runs: calls followed through names and relative imports. */
  reachableFrom(entry: { source: ParsedSource; fn: FunctionLike }): Map<FunctionLike, ParsedSource> {
    const ts = this.ts;
    const reached = new Map<FunctionLike, ParsedSource>();
    const queue = [entry];
    while (queue.length) {
      const { source, fn } = queue.pop()!;
      if (reached.has(fn)) continue;
      reached.set(fn, source);
      const visit = (node: Node): void => {
        if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
          const target = this.callTarget(source, node.expression);
          if (target && !reached.has(target.fn)) queue.push(target);
        }
        ts.forEachChild(node, visit);
      };
      if (fn.body) visit(fn.body);
    }
    return reached;
  }

  callTarget(source: ParsedSource, callee: TsNamespace.Expression): { source: ParsedSource; fn: FunctionLike } | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(callee)) return this.resolveLocal(source, callee.text, 0);
    if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
      // `db.query()` where `db` is `import * as db from './db'` or `const db = require('./db')`.
      const binding = source.imports.get(callee.expression.text);
      if (binding?.imported === '*') {
        const target = this.resolveRelative(source.file, binding.module);
        const other = target ? this.get(target) : undefined;
        if (other) return this.findExport(other, callee.name.text);
      }
      const className = this.classOf(source, callee.expression);
      if (className) return this.methodOf(source, className, callee.name.text);
      // `resizer.process()` where `resizer` is an instance exported by a project module (`export const resizer = new Resizer()`).
      if (binding && binding.imported !== '*' && binding.imported !== 'default') {
        const target = this.resolveRelative(source.file, binding.module);
        const other = target ? this.get(target) : undefined;
        const initializer = other ? findModuleVariable(ts, other, binding.imported)?.initializer : undefined;
        const exportedClass = other && initializer ? this.classOf(other, initializer) : undefined;
        if (other && exportedClass) return this.methodOf(other, exportedClass, callee.name.text);
      }
    }
    // `this.save()` in a method: another method of the same class.
    if (ts.isPropertyAccessExpression(callee) && callee.expression.kind === ts.SyntaxKind.ThisKeyword) {
      let owner: Node | undefined = callee.parent;
      while (owner && !ts.isClassDeclaration(owner) && !ts.isClassExpression(owner)) owner = owner.parent;
      if (owner && (ts.isClassDeclaration(owner) || ts.isClassExpression(owner))) {
        for (const member of owner.members) {
          if (ts.isMethodDeclaration(member) && member.name.getText(source.sourceFile) === callee.name.text && member.body) return { source, fn: member };
        }
      }
    }
    return undefined;
  }

  /** A method of a class declared in this module or imported from a project module (`import { Repo } from './repo'`). */
  private methodOf(source: ParsedSource, className: string, name: string): { source: ParsedSource; fn: FunctionLike } | undefined {
    const method = findMethod(this.ts, source, className, name);
    if (method) return { source, fn: method };
    const binding = source.imports.get(className);
    if (!binding || binding.imported === '*') return undefined;
    const target = this.resolveRelative(source.file, binding.module);
    const other = target ? this.get(target) : undefined;
    if (!other) return undefined;
    const ts = this.ts;
    const declared =
      binding.imported === 'default'
        ? other.sourceFile.statements.find((s): s is TsNamespace.ClassDeclaration => ts.isClassDeclaration(s) && (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword))?.name?.text
        : binding.imported;
    const found = declared ? findMethod(ts, other, declared, name) : undefined;
    return found ? { source: other, fn: found } : undefined;
  }
}

/**
 * The innermost per-invocation function around a node (callbacks inside it count as part of it), so
 * each construct is reported once; undefined at module scope.
 */
export function innermostReached(ts: Ts, node: Node, reached: Map<FunctionLike, ParsedSource>): FunctionLike | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionLike(ts, current) && reached.has(current)) return current;
  }
  return undefined;
}

export function isFunctionLike(ts: Ts, node: Node): node is FunctionLike {
  return ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node);
}

function isExported(ts: Ts, node: TsNamespace.Statement): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The module-scope `const`/`let`/`var` declaration of `name`, if there is one. */
export function findModuleVariable(ts: Ts, source: ParsedSource, name: string): TsNamespace.VariableDeclaration | undefined {
  for (const statement of source.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration;
    }
  }
  return undefined;
}

/** The declaration of `name` in the nearest function around `at` that declares it, if any. */
export function findLocalVariable(ts: Ts, name: string, at: Node): TsNamespace.VariableDeclaration | undefined {
  for (let fn = at.parent; fn; fn = fn.parent) {
    if (!isFunctionLike(ts, fn)) continue;
    const found = localDeclarations(ts, fn).get(name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Each name's first declaration in a function's own body (nested functions are theirs), indexed
 * once per function: a CDK stack's constructor looks up hundreds of names, and walking the body for
 * each one was quadratic.
 */
const declarationsByFunction = new WeakMap<Node, Map<string, TsNamespace.VariableDeclaration>>();

function localDeclarations(ts: Ts, fn: FunctionLike): Map<string, TsNamespace.VariableDeclaration> {
  let declarations = declarationsByFunction.get(fn);
  if (declarations) return declarations;
  const found = new Map<string, TsNamespace.VariableDeclaration>();
  const visit = (child: Node): void => {
    if (child !== fn && isFunctionLike(ts, child)) return;
    if (ts.isVariableDeclaration(child) && ts.isIdentifier(child.name) && !found.has(child.name.text)) found.set(child.name.text, child);
    ts.forEachChild(child, visit);
  };
  visit(fn);
  declarationsByFunction.set(fn, (declarations = found));
  return declarations;
}

/** What `name` means where `at` is: a local of an enclosing function, else a module-scope variable. */
export function findVariable(ts: Ts, source: ParsedSource, name: string, at: Node): TsNamespace.VariableDeclaration | undefined {
  return findLocalVariable(ts, name, at) ?? findModuleVariable(ts, source, name);
}

function findMethod(ts: Ts, source: ParsedSource, className: string, method: string): TsNamespace.MethodDeclaration | undefined {
  for (const statement of source.sourceFile.statements) {
    if (!ts.isClassDeclaration(statement) || statement.name?.text !== className) continue;
    for (const member of statement.members) {
      if (ts.isMethodDeclaration(member) && member.name.getText(source.sourceFile) === method && member.body) return member;
    }
  }
  return undefined;
}

export interface StaticImport {
  source: ParsedSource;
  specifier: string;
  /** The import declaration, or the `require()` call. */
  node: Node;
}

/** Module-scope imports that execute when the module loads. */
function staticImports(ts: Ts, sourceFile: SourceFile): { specifier: string; node: Node }[] {
  const out: { specifier: string; node: Node }[] = [];
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (!statement.importClause?.isTypeOnly) out.push({ specifier: statement.moduleSpecifier.text, node: statement });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (!statement.isTypeOnly) out.push({ specifier: statement.moduleSpecifier.text, node: statement });
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      if (!statement.isTypeOnly) out.push({ specifier: statement.moduleReference.expression.text, node: statement });
    } else {
      // `const x = require('m')`, `require('m')`, `module.exports = require('m')` at the top level.
      const visit = (node: Node): void => {
        if (isFunctionLike(ts, node) || ts.isClassDeclaration(node)) return;
        if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0]!)) {
          out.push({ specifier: node.arguments[0].text, node });
          return;
        }
        ts.forEachChild(node, visit);
      };
      visit(statement);
    }
  }
  return out;
}

/** ES imports and CommonJS requires at module scope: local name → module and imported name. */
function collectImports(ts: Ts, sourceFile: SourceFile): Map<string, ImportBinding> {
  const imports = new Map<string, ImportBinding>();
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.importClause) {
      const module = statement.moduleSpecifier.text;
      const clause = statement.importClause;
      if (clause.name) imports.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, imported: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) imports.set(element.name.text, { module, imported: element.propertyName?.text ?? element.name.text });
      }
    }
    if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference) && ts.isStringLiteral(statement.moduleReference.expression)) {
      imports.set(statement.name.text, { module: statement.moduleReference.expression.text, imported: '*' });
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const required = declaration.initializer && requiredModule(ts, declaration.initializer);
        if (!required) continue;
        if (ts.isIdentifier(declaration.name)) {
          imports.set(declaration.name.text, { module: required.module, imported: required.member ?? '*' });
        } else if (ts.isObjectBindingPattern(declaration.name)) {
          for (const element of declaration.name.elements) {
            if (!ts.isIdentifier(element.name)) continue;
            const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
            imports.set(element.name.text, { module: required.module, imported });
          }
        }
      }
    }
  }
  return imports;
}

/**
 * Tracing wrappers hand back the module or client they are given, instrumented: the result is still
 * the SDK (`AWSXRay.captureAWS(require('aws-sdk'))`, `captureAWSv3Client(new S3Client({}))`).
 */
export const PASS_THROUGH_WRAPPERS = /^(captureAWS|captureAWSClient|captureAWSv3Client|captureAWSClientV3)$/;

/** `require('m')`, `require('m').X`, `await import('m')`, and those inside a tracing wrapper, at module scope. */
function requiredModule(ts: Ts, expression: TsNamespace.Expression): { module: string; member?: string } | undefined {
  let expr = expression;
  if (ts.isAwaitExpression(expr)) expr = expr.expression;
  if (ts.isCallExpression(expr) && expr.arguments.length === 1 && wrapperName(ts, expr.expression) !== undefined) return requiredModule(ts, expr.arguments[0]!);
  if (ts.isPropertyAccessExpression(expr)) {
    const inner = requiredModule(ts, expr.expression);
    return inner && !inner.member ? { module: inner.module, member: expr.name.text } : undefined;
  }
  if (!ts.isCallExpression(expr) || expr.arguments.length !== 1 || !ts.isStringLiteral(expr.arguments[0]!)) return undefined;
  const isRequire = ts.isIdentifier(expr.expression) && expr.expression.text === 'require';
  const isImport = expr.expression.kind === ts.SyntaxKind.ImportKeyword;
  return isRequire || isImport ? { module: expr.arguments[0].text } : undefined;
}

/** The name of a pass-through tracing wrapper a callee designates (`AWSXRay.captureAWS`, `captureAWSv3Client`). */
export function wrapperName(ts: Ts, callee: TsNamespace.Expression): string | undefined {
  const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
  return name && PASS_THROUGH_WRAPPERS.test(name) ? name : undefined;
}
