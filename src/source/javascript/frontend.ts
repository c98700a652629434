/**
 * The JavaScript/TypeScript frontend: reads a handler with the TypeScript parser (no type check)
 * and records the language-neutral facts of `../facts.ts`. Each list is computed on first use, so
 * a run with one source rule enabled pays for that rule's facts only.
 */
import path from 'node:path';
import type { ts as TsNamespace } from 'ts-morph';
import type { Loc } from '../../parse/tree.js';
import { frameworkHandlersByConvention, registeredHandlers } from './functions-framework.js';
import type { AwsCallFact, FrameworkRegistration, ConstructionFact, FunctionRef, HandlerFacts, ImportFact, SideEffectFact, SourceFrontend, StringFact } from '../facts.js';
import { measureImport } from '../module-size.js';
import { findAzureHandler } from './azure.js';
import { findAwsCalls, type JavaScriptAwsCalls } from './aws-calls.js';
import { findIdempotencyGuard, findSideEffects } from '../side-effects.js';
import { findLocalVariable, importedMembers, innermostReached, SourceProgram, type FunctionLike, type ParsedSource, type Ts } from '../program.js';

type Node = TsNamespace.Node;

/** Event types (from `aws-lambda`) that mark a handler as a consumer when no template says so. */
const CONSUMER_TYPES = /\b(SQSEvent|SQSHandler|SNSEvent|SNSHandler|KinesisStreamEvent|KinesisStreamHandler|DynamoDBStreamEvent|DynamoDBStreamHandler|EventBridgeEvent|EventBridgeHandler|S3Event|S3Handler)\b/;

export class JavaScriptFrontend implements SourceFrontend {
  readonly language = 'javascript' as const;
  readonly program: SourceProgram;

  constructor(readonly ts: Ts) {
    this.program = new SourceProgram(ts);
  }

  get problems() {
    return this.program.problems;
  }

  handlerFacts(file: string, exportName: string): { facts: HandlerFacts } | { reason: string } {
    const source = this.program.get(file);
    // A Google Cloud Function's entry point is an export or a name registered with the Functions Framework;
    // Azure Functions names handlers by registration (`app.http('orders')`) or as the v3 `module.exports`.
    const entry =
      source &&
      (findAzureHandler(this.program, source, exportName) ??
        this.program.findExport(source, exportName) ??
        registeredHandlers(this.program, source).find((r) => r.exportName === exportName));
    if (!entry) {
      return { reason: source ? `${path.basename(file)} has no export "${exportName}" that sls-lint can follow` : `cannot read ${path.basename(file)}` };
    }
    return { facts: new JavaScriptHandlerFacts(this.program, { ...entry, exportName }) };
  }

  provide(file: string, text: string): void {
    this.program.parse(file, text);
  }

  handlersByConvention(file: string): HandlerFacts[] {
    const source = this.program.get(file);
    return source ? this.handlersIn(source) : [];
  }

  /** Handlers by convention in text that is not (or not yet) on disk: an editor buffer. */
  handlersInText(file: string, text: string): HandlerFacts[] {
    return this.handlersIn(this.program.parse(file, text));
  }

  parsedTexts(): Map<string, string> {
    return new Map(this.program.parsedFiles().map((parsed) => [parsed.file, parsed.text]));
  }

  textOf(file: string): string | undefined {
    return this.program.parsedText(file);
  }

  measureImport(specifier: string, importer: string) {
    return measureImport(specifier, importer);
  }

  private handlersIn(source: ParsedSource): HandlerFacts[] {
    const lambda = this.program.handlersByConvention(source);
    const google = frameworkHandlersByConvention(this.program, source).filter((g) => !lambda.some((l) => l.fn === g.fn));
    return [...lambda, ...google].map((entry) => new JavaScriptHandlerFacts(this.program, entry));
  }
}

interface Entry {
  source: ParsedSource;
  fn: FunctionLike;
  exportName: string;
  registration?: FrameworkRegistration;
}

class JavaScriptHandlerFacts implements HandlerFacts {
  readonly language = 'javascript' as const;
  readonly file: string;
  readonly exportName: string;
  readonly registration: FrameworkRegistration | undefined;
  private readonly ts: Ts;
  private cache = new Map<string, unknown>();

  constructor(
    private readonly program: SourceProgram,
    private readonly entry: Entry,
  ) {
    this.ts = program.ts;
    this.file = entry.source.file;
    this.exportName = entry.exportName;
    this.registration = entry.registration;
  }

  private once<T>(key: string, compute: () => T): T {
    if (!this.cache.has(key)) this.cache.set(key, compute());
    return this.cache.get(key) as T;
  }

  /** Every project function that runs per invocation, with its file. */
  get reached(): Map<FunctionLike, ParsedSource> {
    return this.once('reached', () => this.program.reachableFrom(this.entry));
  }

  get coldStartImports(): ImportFact[] {
    return this.once('imports', () =>
      this.program.coldStartImports(this.entry.source).map(({ source, specifier, node }) => ({
        specifier,
        file: source.file,
        loc: this.program.loc(source, node),
        path: `${source.file}#import#${specifier}`,
      })),
    );
  }

  get constructions(): ConstructionFact[] {
    return this.once('constructions', () => {
      const ts = this.ts;
      const out: ConstructionFact[] = [];
      const nodes = new Map<number, TsNamespace.NewExpression | TsNamespace.CallExpression>();
      for (const [fn, source] of this.reached) {
        const within: FunctionRef = { file: source.file, description: describeFunction(ts, fn, source), isEntry: fn === this.entry.fn };
        const visit = (node: Node): void => {
          if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && innermostReached(ts, node, this.reached) === fn) {
            const target = importedTarget(ts, source, node.expression);
            if (target) {
              const callee = node.expression.getText(source.sourceFile).replace(/\s+/g, '');
              const first = node.arguments?.[0];
              nodes.set(out.length, node);
              out.push({
                module: target.module,
                name: target.name,
                isNew: ts.isNewExpression(node),
                callee,
                ...(first && ts.isStringLiteralLike(first) ? { firstArgument: first.text } : {}),
                loc: this.program.loc(source, node),
                path: `${source.file}#${within.description}#${callee}`,
                within,
                memoised: isMemoised(ts, node, source, fn),
                configuredFromInvocation: configuredPerInvocation(ts, node, fn),
              });
            }
          }
          ts.forEachChild(node, visit);
        };
        if (fn.body) visit(fn.body);
      }
      markWrapped(ts, out, nodes);
      return out;
    });
  }

  get sideEffects(): SideEffectFact[] {
    return this.once('sideEffects', () =>
      findSideEffects(this.program, this.reached).map((effect) => ({
        label: effect.label,
        consequence: effect.consequence,
        loc: this.program.loc(effect.source, effect.node),
        path: `${effect.source.file}#${effect.label}#${effect.node.getText(effect.source.sourceFile).slice(0, 40)}`,
      })),
    );
  }

  get idempotencyGuard(): string | undefined {
    return this.once('guard', () => findIdempotencyGuard(this.program, this.entry.source, this.reached));
  }

  get batchItemFailures(): Loc | undefined {
    return this.once('batch', () => this.program.batchItemFailuresReport(this.reached));
  }

  /** `(event: SQSEvent)`, `const handler: SQSHandler = …`, or a handler that iterates `event.Records`. */
  get consumerEvidence(): string | undefined {
    return this.once('consumer', () => {
      if (this.entry.registration?.invocation === 'event') return `it is registered with ${this.entry.registration.written}`;
      const ts = this.ts;
      const { fn, source } = this.entry;
      const sf = source.sourceFile;
      const parameter = fn.parameters[0];
      const declaration = fn.parent;
      const typed =
        (parameter?.type && CONSUMER_TYPES.exec(parameter.type.getText(sf))) ||
        (declaration && ts.isVariableDeclaration(declaration) && declaration.type && CONSUMER_TYPES.exec(declaration.type.getText(sf)));
      if (typed) return `its type ${typed[1]}`;
      const eventName = parameter && ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
      if (eventName !== undefined && fn.body !== undefined && new RegExp(`\\b${eventName}\\.Records\\b`).test(fn.body.getText(sf))) return `it iterates ${eventName}.Records`;
      return undefined;
    });
  }

  private get awsCallsRead(): JavaScriptAwsCalls {
    return this.once('awsCalls', () =>
      findAwsCalls(this.program, this.entry.source, this.reached, (fn, source) => ({ file: source.file, description: describeFunction(this.ts, fn, source), isEntry: fn === this.entry.fn })),
    );
  }

  get awsCalls(): AwsCallFact[] {
    return this.awsCallsRead.calls;
  }

  get awsCallsIncomplete(): string | undefined {
    return this.awsCallsRead.incomplete;
  }

  get strings(): StringFact[] {
    return this.once('strings', () => {
      const ts = this.ts;
      const out: StringFact[] = [];
      for (const source of this.program.moduleGraph(this.entry.source)) {
        const visit = (node: Node): void => {
          if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
            const name = boundName(ts, node, source.sourceFile);
            const loc = this.program.loc(source, node);
            out.push({
              value: node.text,
              ...(name !== undefined ? { name } : {}),
              environmentFallback: isEnvironmentFallback(ts, node),
              loc,
              path: `${source.file}#${name ?? 'literal'}#${loc.line}`,
            });
          }
          ts.forEachChild(node, visit);
        };
        visit(source.sourceFile);
      }
      return out;
    });
  }
}

/**
 * A construction passed to another (`DocumentClient.from(new DynamoDBClient())`, or through a local
 * declared for it) is part of that one: a single client, reported once at the outer construction.
 */
function markWrapped(ts: Ts, facts: ConstructionFact[], nodes: Map<number, TsNamespace.NewExpression | TsNamespace.CallExpression>): void {
  const indexOf = new Map([...nodes].map(([index, node]) => [node as Node, index]));
  nodes.forEach((outer, outerIndex) => {
    for (const argument of outer.arguments ?? []) {
      let inner: Node | undefined = argument;
      while (inner && (ts.isAwaitExpression(inner) || ts.isParenthesizedExpression(inner))) inner = inner.expression;
      if (inner && ts.isIdentifier(inner)) {
        const declared = findLocalVariable(ts, inner.text, outer);
        inner = declared?.initializer;
        while (inner && (ts.isAwaitExpression(inner) || ts.isParenthesizedExpression(inner))) inner = inner.expression;
      }
      const innerIndex = inner ? indexOf.get(inner) : undefined;
      if (innerIndex !== undefined && innerIndex !== outerIndex) facts[innerIndex]!.partOf = facts[outerIndex]!.loc;
    }
  });
}

/** `AWS.DynamoDB.DocumentClient` → the module `AWS` is imported from, and `default.DynamoDB.DocumentClient`. */
function importedTarget(ts: Ts, source: ParsedSource, expression: TsNamespace.Expression): { module: string; name: string } | undefined {
  const target = importedMembers(ts, source, expression);
  return target && { module: target.binding.module, name: [target.binding.imported, ...target.members].join('.') };
}

/**
 * A client configured from the invocation — a WebSocket callback endpoint from the event, tenant
 * credentials from the authorizer, a local value computed from either — is built per invocation on
 * purpose; caching it per key is a design choice the rule does not second-guess. A value that is the
 * same on every call (a secret fetched in the handler, an environment variable) does not excuse it.
 */
function configuredPerInvocation(ts: Ts, node: TsNamespace.NewExpression | TsNamespace.CallExpression, fn: FunctionLike): boolean {
  const fromInvocation = invocationValues(ts, fn);
  return (node.arguments ?? []).some((argument) => mentions(ts, argument, fromInvocation));
}

const invocationValueCache = new WeakMap<FunctionLike, Set<string>>();

/**
 * The names in a function that hold values of this invocation: its parameters (the event, the
 * context, or what a caller passed), and locals computed from them, followed to a fixed point.
 */
function invocationValues(ts: Ts, fn: FunctionLike): Set<string> {
  const cached = invocationValueCache.get(fn);
  if (cached) return cached;
  const names = new Set<string>();
  for (const parameter of fn.parameters) bindingNames(ts, parameter.name, names);
  const assignments: { targets: Set<string>; value: Node }[] = [];
  const collect = (node: Node): void => {
    if (ts.isVariableDeclaration(node) && node.initializer) {
      const targets = new Set<string>();
      bindingNames(ts, node.name, targets);
      assignments.push({ targets, value: node.initializer });
    } else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(node.left)) {
      assignments.push({ targets: new Set([node.left.text]), value: node.right });
    } else if ((ts.isForOfStatement(node) || ts.isForInStatement(node)) && ts.isVariableDeclarationList(node.initializer)) {
      const targets = new Set<string>();
      for (const declaration of node.initializer.declarations) bindingNames(ts, declaration.name, targets);
      assignments.push({ targets, value: node.expression });
    }
    ts.forEachChild(node, collect);
  };
  if (fn.body) collect(fn.body);
  for (let changed = true; changed; ) {
    changed = false;
    for (const { targets, value } of assignments) {
      if ([...targets].every((t) => names.has(t)) || !mentions(ts, value, names)) continue;
      for (const target of targets) names.add(target);
      changed = true;
    }
  }
  invocationValueCache.set(fn, names);
  return names;
}

function bindingNames(ts: Ts, name: TsNamespace.BindingName, into: Set<string>): void {
  if (ts.isIdentifier(name)) into.add(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(ts, element.name, into);
}

/** Whether an expression reads one of `names` (as a variable, not as a property name). */
function mentions(ts: Ts, expression: Node, names: Set<string>): boolean {
  let found = false;
  const visit = (child: Node): void => {
    if (found) return;
    if (ts.isIdentifier(child) && names.has(child.text) && !(child.parent && ts.isPropertyAccessExpression(child.parent) && child.parent.name === child) && !(child.parent && ts.isPropertyAssignment(child.parent) && child.parent.name === child)) {
      found = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  visit(expression);
  return found;
}

/**
 * `client ??= new X()`, `client ||= new X()`, `client ?? (client = new X())`, and
 * `if (!client) client = new X()` where `client` lives outside the function: built once, reused.
 */
function isMemoised(ts: Ts, node: Node, source: ParsedSource, fn: FunctionLike): boolean {
  // The construction may sit inside the memoised expression: `x ??= DocumentClient.from(new Client({}))`.
  for (let current: Node = node; ; ) {
    if (isMemoisedAt(ts, current, source, fn)) return true;
    const parent = current.parent;
    if (!parent) return false;
    const enclosing =
      ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isObjectLiteralExpression(parent) ||
      ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent);
    if (!enclosing) return false;
    current = parent;
  }
}

function isMemoisedAt(ts: Ts, node: Node, source: ParsedSource, fn: FunctionLike): boolean {
  let expr: Node = node;
  while (expr.parent && (ts.isAwaitExpression(expr.parent) || ts.isParenthesizedExpression(expr.parent) || ts.isAsExpression(expr.parent))) expr = expr.parent;
  const parent = expr.parent;
  if (!parent || !ts.isBinaryExpression(parent) || parent.right !== expr) return false;
  const operator = parent.operatorToken.kind;
  if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return true;
  if (operator !== ts.SyntaxKind.EqualsToken) return false;
  const target = parent.left.getText(source.sourceFile);
  if (ts.isIdentifier(parent.left) && declaredInside(ts, parent.left.text, fn)) return false;
  // `client ?? (client = new X())`
  let outer: Node = parent;
  while (outer.parent && ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  if (outer.parent && ts.isBinaryExpression(outer.parent) && outer.parent.right === outer) {
    const kind = outer.parent.operatorToken.kind;
    if ((kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken) && outer.parent.left.getText(source.sourceFile) === target) return true;
  }
  // `if (!client) { client = new X(); }` and the `=== undefined` / `== null` spellings.
  for (let current: Node | undefined = parent.parent; current && current !== fn; current = current.parent) {
    if (ts.isIfStatement(current) && testsMissing(current.expression.getText(source.sourceFile), target)) return true;
  }
  return false;
}

function testsMissing(condition: string, target: string): boolean {
  const name = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^!\\s*${name}$|^${name}\\s*={2,3}\\s*(undefined|null)$|^(undefined|null)\\s*={2,3}\\s*${name}$|^typeof\\s+${name}\\s*={2,3}\\s*['"]undefined['"]$`).test(condition.trim());
}

function declaredInside(ts: Ts, name: string, fn: FunctionLike): boolean {
  let found = false;
  const visit = (node: Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = true;
    else if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.name.text === name) found = true;
    else ts.forEachChild(node, visit);
  };
  fn.parameters.forEach(visit);
  if (fn.body) visit(fn.body);
  return found;
}

function describeFunction(ts: Ts, fn: FunctionLike, source: ParsedSource): string {
  const file = path.basename(source.file);
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return `${fn.name.getText(source.sourceFile)}() in ${file}`;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return `${parent.name.text}() in ${file}`;
  // `exports.save = async () => …`, `{ save: async () => … }`
  if (parent && ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return `${parent.left.name.text}() in ${file}`;
  if (parent && ts.isPropertyAssignment(parent)) return `${parent.name.getText(source.sourceFile)}() in ${file}`;
  return `a function in ${file}`;
}

/** The name a literal is bound to: `const apiKey = '…'`, `{ password: '…' }`, `config.token = '…'`. */
function boundName(ts: Ts, node: Node, sourceFile: TsNamespace.SourceFile): string | undefined {
  const parent = node.parent;
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && parent.initializer === node) return parent.name.getText(sourceFile).replace(/^['"`]|['"`]$/g, '');
  if (ts.isBinaryExpression(parent) && parent.right === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const left = parent.left;
    return ts.isPropertyAccessExpression(left) ? left.name.text : ts.isIdentifier(left) ? left.text : undefined;
  }
  if (ts.isParameter(parent) && parent.initializer === node && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}

/** `process.env.X || 'default'`: a fallback for a missing variable, not a secret. */
function isEnvironmentFallback(ts: Ts, node: Node): boolean {
  const parent = node.parent;
  if (!parent || !ts.isBinaryExpression(parent) || parent.right !== node) return false;
  const operator = parent.operatorToken.kind;
  if (operator !== ts.SyntaxKind.BarBarToken && operator !== ts.SyntaxKind.QuestionQuestionToken) return false;
  return /^process\.env\b/.test(parent.left.getText());
}
