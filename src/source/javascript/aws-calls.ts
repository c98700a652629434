/**
 * AWS calls in JavaScript/TypeScript: SDK v3 commands sent through a client (and the lib-dynamodb
 * document commands, lib-storage `Upload`, paginators, presigned URLs, the aggregated `new S3().x()`
 * style), and SDK v2 service methods (`s3.getObject(…)`, `DocumentClient.put(…)`).
 *
 * Only the code the handler runs is read: its module scope and the module scope of every project
 * module it imports, and the per-invocation functions the frontend reaches. A use of a client that
 * cannot be followed (a computed method name, a client handed to a package, an SDK wrapper) is not
 * guessed at: it makes the list incomplete, with the reason.
 */
import path from 'node:path';
import type { ts as TsNamespace } from 'ts-morph';
import type { AwsCallFact, AwsCallTarget, FunctionRef } from '../facts.js';
import { DOCUMENT_COMMANDS, DOCUMENT_OPERATIONS, pascalFromCamel, targetParameters, v2ClassService, v2ModuleClass, v3PackageService } from '../aws-services.js';
import { findLocalVariable, findModuleVariable, importedMembers, isFunctionLike, wrapperName, type FunctionLike, type ParsedSource, type SourceProgram, type Ts } from '../program.js';

type Node = TsNamespace.Node;
type Expression = TsNamespace.Expression;

/** What an expression holds, as far as AWS calls are concerned. */
type SdkValue =
  /**
   * A service client. `methods`: `none` for a v3 bare client (`S3Client`: only `send`), `api` for
   * v2 clients and v3 aggregated ones (`new S3().getObject`), `document` for document clients.
   */
  | { kind: 'client'; sdk: 'v2' | 'v3'; service: string; methods: 'none' | 'api' | 'document'; name: string }
  | { kind: 'command'; service: string; operation: string; name: string; node: TsNamespace.NewExpression; source: ParsedSource }
  | { kind: 'upload'; node: TsNamespace.NewExpression; source: ParsedSource };

/**
 * Packages that call AWS for the code (data mappers, parameter and idempotency utilities, credential
 * providers): their calls are not read, so a handler that imports one has calls sls-lint cannot list.
 */
const SDK_WRAPPERS = /^(dynamoose|dynamodb-toolbox|electrodb|@aws\/dynamodb-data-mapper|dynamodb-lock-client|@aws-lambda-powertools\/(parameters|idempotency)|@middy\/(ssm|secrets-manager|sts|rds-signer|s3-object-response|dynamodb|appconfig|s3)|@aws-sdk\/(credential-providers|rds-signer)|aws-amplify|@aws-amplify\/.*|sqs-consumer|sqs-producer|@aws-crypto\/client-node|aws-appsync|serverless-dynamodb-client|@aws\/durable-execution-sdk-js)(\/.*)?$/;

/** v2 service methods that make no request (or whose request is read from an argument, below). */
const V2_LOCAL_METHODS = new Set(['createSet', 'on', 'setupRequestListeners', 'defineService', 'promise', 'send']);
/** Properties of a client that are not operations: reading them is not a use to follow. */
const CLIENT_PROPERTIES = new Set(['config', 'endpoint', 'middlewareStack', 'api', 'service', 'options', 'constructor']);

export interface JavaScriptAwsCalls {
  calls: AwsCallFact[];
  incomplete: string | undefined;
}

export function findAwsCalls(
  program: SourceProgram,
  entry: ParsedSource,
  reached: Map<FunctionLike, ParsedSource>,
  describe: (fn: FunctionLike, source: ParsedSource) => FunctionRef,
): JavaScriptAwsCalls {
  return new AwsCallReader(program, entry, reached, describe).read();
}

class AwsCallReader {
  private readonly ts: Ts;
  private readonly calls: { fact: AwsCallFact; order: number }[] = [];
  private readonly reasons: string[] = [];
  /** Commands and uploads built in the code read, and whether a recognised call sends them. */
  private readonly built = new Map<TsNamespace.NewExpression, { value: SdkValue; source: ParsedSource; fn: FunctionLike | undefined; consumed: boolean }>();
  private readonly values = new Map<Node, SdkValue | undefined | null>();
  private readonly parameterValues = new Map<string, SdkValue | undefined | null>();

  /** The functions that run: those the frontend reached, and those handed on as callbacks (see `callbacks`). */
  private readonly reached: Map<FunctionLike, ParsedSource>;
  private modules: ParsedSource[] = [];

  constructor(
    private readonly program: SourceProgram,
    private readonly entry: ParsedSource,
    reached: Map<FunctionLike, ParsedSource>,
    private readonly describe: (fn: FunctionLike, source: ParsedSource) => FunctionRef,
  ) {
    this.ts = program.ts;
    this.reached = new Map(reached);
  }

  read(): JavaScriptAwsCalls {
    const ts = this.ts;
    const modules = this.program.moduleGraph(this.entry);
    this.modules = modules;
    this.callbacks(modules);
    for (const source of modules) {
      for (const [local, binding] of source.imports) {
        if (SDK_WRAPPERS.test(binding.module)) this.incomplete(`${path.basename(source.file)} imports ${local} from ${binding.module}, which calls AWS itself`);
      }
    }
    const regions: { source: ParsedSource; fn: FunctionLike | undefined; nodes: readonly Node[] }[] = [
      ...modules.map((source) => ({ source, fn: undefined, nodes: source.sourceFile.statements })),
      ...[...this.reached].flatMap(([fn, source]) => (fn.body ? [{ source, fn, nodes: [fn.body as Node] }] : [])),
    ];
    for (const { source, fn, nodes } of regions) {
      const visit = (node: Node): void => {
        // Each function is its own region: a reached one is read there, any other does not run.
        if (isFunctionLike(ts, node) && !this.isInlineCallback(node, fn)) return;
        this.inspect(node, source, fn);
        ts.forEachChild(node, visit);
      };
      for (const node of nodes) visit(node);
    }
    // A command built but not sent where it is built (handed to a project helper that sends it):
    // the permission is needed all the same, so the call is placed at the command.
    for (const [node, built] of this.built) {
      if (built.consumed) continue;
      if (built.value.kind === 'command') this.record(built.source, built.fn, node, built.value.service, built.value.operation, built.value.name, node.arguments?.[0]);
      else this.record(built.source, built.fn, node, 's3', 'Upload', 'Upload', this.uploadParams(node, built.source));
    }
    return {
      calls: this.calls.map((c) => c.fact).sort((a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column),
      incomplete: this.reasons.length === 0 ? undefined : this.reasons.length === 1 ? this.reasons[0] : `${this.reasons[0]} (and ${this.reasons.length - 1} more)`,
    };
  }

  /**
   * Functions that run without being called by name: handed to a package as a callback
   * (`records.map(processRecord)`, `app.get('/', async (req, res) => …)`, GraphQL resolvers in an
   * object given to a constructor, a dispatch table `{ create, list }`). The frontend follows calls
   * only; here a project function referred to as a value from code that runs, and a function written
   * at module scope as a callback, count as running, with everything they call. A function bound to
   * a name (another handler of the module, an export) runs only when referred to.
   */
  private callbacks(modules: ParsedSource[]): void {
    const ts = this.ts;
    const pending: { source: ParsedSource; fn: FunctionLike }[] = [];
    const scan = (source: ParsedSource, root: Node, region: FunctionLike | undefined): void => {
      const visit = (node: Node): void => {
        if (node !== root && isFunctionLike(ts, node)) {
          if (this.reached.has(node)) return;
          if (region === undefined) {
            if (!isBound(ts, node)) pending.push({ source, fn: node });
            return;
          }
        }
        // A project function called at module scope runs when the module loads (`const ready = init();`).
        if (region === undefined && (ts.isCallExpression(node) || ts.isNewExpression(node))) {
          const target = this.program.callTarget(source, node.expression);
          if (target && !this.reached.has(target.fn)) pending.push(target);
        }
        // At module scope a name handed to a wrapper that is bound (`export const other = middy(base)`) is another handler's.
        if (ts.isIdentifier(node) && isValueReference(ts, node) && !(region === undefined && isBound(ts, node))) {
          const target = this.program.resolveLocal(source, node.text, 0);
          if (target && !this.reached.has(target.fn)) pending.push(target);
        }
        ts.forEachChild(node, visit);
      };
      visit(root);
    };
    for (const source of modules) for (const statement of source.sourceFile.statements) scan(source, statement, undefined);
    const scanned = new Set<FunctionLike>();
    const scanReached = () => {
      for (const [fn, source] of this.reached) {
        if (scanned.has(fn) || !fn.body) continue;
        scanned.add(fn);
        scan(source, fn.body, fn);
      }
    };
    scanReached();
    for (let rounds = 0; pending.length > 0 && rounds < 50; rounds++) {
      for (const next of pending.splice(0)) {
        if (this.reached.has(next.fn)) continue;
        for (const [fn, source] of this.program.reachableFrom(next)) if (!this.reached.has(fn)) this.reached.set(fn, source);
      }
      scanReached();
    }
  }

  /**
   * A function written inside a region that is not itself a reached function: an inline callback
   * (`records.map(async (r) => …)`) runs as part of the code around it. A nested function that the
   * frontend reached on its own is read as its own region.
   */
  private isInlineCallback(node: FunctionLike, region: FunctionLike | undefined): boolean {
    if (this.reached.has(node)) return false;
    if (region === undefined) return false;
    return true;
  }

  private incomplete(reason: string): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }

  private where(source: ParsedSource, node: Node): string {
    return `${path.basename(source.file)}:${this.program.loc(source, node).line}`;
  }

  // ── recognising calls ───────────────────────────────────────────────────────────────────────

  private inspect(node: Node, source: ParsedSource, fn: FunctionLike | undefined): void {
    const ts = this.ts;
    if (ts.isNewExpression(node)) {
      const value = this.evaluate(node, source);
      if (value && (value.kind === 'command' || value.kind === 'upload') && !this.built.has(node)) this.built.set(node, { value, source, fn, consumed: false });
      this.checkArguments(node, source);
      return;
    }
    if (ts.isCallExpression(node)) {
      if (!this.inspectCall(node, source, fn)) this.checkArguments(node, source);
      this.checkDynamicImport(node, source, fn);
      return;
    }
    // `s3.getObject` read as a value (`.bind`, handed on): its calls cannot be followed.
    if (ts.isPropertyAccessExpression(node) && !(ts.isCallExpression(node.parent) && node.parent.expression === node)) {
      const receiver = this.evaluate(node.expression, source);
      if (receiver?.kind === 'client' && !CLIENT_PROPERTIES.has(node.name.text) && !this.isCalledThroughChain(node)) {
        this.incomplete(`${node.getText(source.sourceFile)} is used as a value in ${this.where(source, node)}`);
      }
    }
  }

  /** `s3.getObject(p).promise()` reads `.promise` of the call, not of the client. */
  private isCalledThroughChain(node: TsNamespace.PropertyAccessExpression): boolean {
    const parent = node.parent;
    return this.ts.isPropertyAccessExpression(parent) || this.ts.isNonNullExpression(parent);
  }

  /** Records the call when it is one; true when the call was an SDK call or helper (its arguments are then accounted for). */
  private inspectCall(node: TsNamespace.CallExpression, source: ParsedSource, fn: FunctionLike | undefined): boolean {
    const ts = this.ts;
    const callee = node.expression;
    // Paginators, presigners and tracing wrappers imported from the SDK.
    if (ts.isIdentifier(callee)) {
      const binding = source.imports.get(callee.text);
      const imported = binding?.imported ?? '';
      if (binding && wrapperName(ts, callee)) return true;
      if (binding && (binding.module.startsWith('@aws-sdk/client-') || binding.module === '@aws-sdk/lib-dynamodb')) {
        const service = binding.module === '@aws-sdk/lib-dynamodb' ? 'dynamodb' : v3PackageService(binding.module)!;
        const paginated = /^paginate([A-Z]\w*)$/.exec(imported);
        if (paginated) {
          this.record(source, fn, node, service, paginated[1]!, imported, node.arguments[1]);
          return true;
        }
        if (/^waitUntil[A-Z]/.test(imported)) {
          this.incomplete(`${imported}() in ${this.where(source, node)} polls an operation sls-lint does not name`);
          return true;
        }
      }
      if (binding?.module === '@aws-sdk/s3-request-presigner' && imported === 'getSignedUrl') {
        const command = node.arguments[1] ? this.evaluate(node.arguments[1], source) : undefined;
        if (command?.kind === 'command') this.send(command, node, source, fn, 'getSignedUrl');
        else this.incomplete(`getSignedUrl() in ${this.where(source, node)} signs a command sls-lint cannot follow`);
        return true;
      }
      if (binding?.module === '@aws-sdk/s3-presigned-post' && imported === 'createPresignedPost') {
        this.record(source, fn, node, 's3', 'PutObject', 'createPresignedPost', node.arguments[1]);
        return true;
      }
    }
    if (ts.isPropertyAccessExpression(callee) && (callee.name.text === 'from') && ts.isIdentifier(callee.expression)) {
      const binding = source.imports.get(callee.expression.text);
      if (binding?.module === '@aws-sdk/lib-dynamodb') return true;
    }
    const access = methodAccess(ts, callee);
    if (!access) return false;
    const receiver = this.evaluate(access.receiver, source);
    if (!receiver) return false;
    if (receiver.kind === 'upload') {
      if (access.method === 'done') {
        const built = this.built.get(receiver.node);
        if (built) built.consumed = true;
        else this.built.set(receiver.node, { value: receiver, source: receiver.source, fn: undefined, consumed: true });
        this.record(source, fn, node, 's3', 'Upload', 'Upload', this.uploadParams(receiver.node, receiver.source));
      }
      return true;
    }
    if (receiver.kind !== 'client') return false;
    if (access.method === undefined) {
      this.incomplete(`a method of ${access.receiver.getText(source.sourceFile)} is called by a computed name in ${this.where(source, node)}`);
      return true;
    }
    const method = access.method;
    if (method === 'send' && receiver.sdk === 'v3') {
      const command = node.arguments[0] ? this.evaluate(node.arguments[0], source) : undefined;
      if (command?.kind === 'command') this.send(command, node, source, fn, command.name);
      else if (!this.isProjectParameter(node.arguments[0])) this.incomplete(`${callee.getText(source.sourceFile)}() in ${this.where(source, node)} sends something that is not a known command`);
      return true;
    }
    if (method === 'destroy' && receiver.sdk === 'v3') return true;
    if (receiver.methods === 'none') {
      this.incomplete(`${callee.getText(source.sourceFile)}() in ${this.where(source, node)} is not an operation sls-lint knows`);
      return true;
    }
    const written = access.receiver.getText(source.sourceFile);
    const label = /^[\w$.]+$/.test(written) ? `${written}.${method}` : `${receiver.name}.${method}`;
    if (receiver.methods === 'document') {
      const operation = DOCUMENT_OPERATIONS[method];
      if (operation) this.record(source, fn, node, 'dynamodb', operation, label, node.arguments[0]);
      else if (method !== 'createSet' && method !== 'send') this.incomplete(`${label}() in ${this.where(source, node)} is not a document-client operation sls-lint knows`);
      return true;
    }
    if (receiver.sdk === 'v2') {
      if (V2_LOCAL_METHODS.has(method)) return true;
      if (/^(getSignedUrl|getSignedUrlPromise|makeRequest|makeUnauthenticatedRequest)$/.test(method)) {
        const first = node.arguments[0];
        if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) this.record(source, fn, node, receiver.service, pascalFromCamel(first.text), label, node.arguments[1]);
        else this.incomplete(`${label}() in ${this.where(source, node)} names its operation by a value sls-lint cannot read`);
        return true;
      }
      if (method === 'waitFor') {
        this.incomplete(`${label}() in ${this.where(source, node)} polls an operation sls-lint does not name`);
        return true;
      }
      if (method === 'upload' && receiver.service === 's3') {
        this.record(source, fn, node, 's3', 'Upload', label, node.arguments[0]);
        return true;
      }
      if (method === 'createPresignedPost' && receiver.service === 's3') {
        this.record(source, fn, node, 's3', 'PutObject', label, node.arguments[0]);
        return true;
      }
    }
    this.record(source, fn, node, receiver.service, pascalFromCamel(method), label, node.arguments[0]);
    return true;
  }

  /** `client.send(command)` where `command` is a parameter of a project function: its callers build it, and are read there. */
  private isProjectParameter(argument: Expression | undefined): boolean {
    const ts = this.ts;
    if (!argument || !ts.isIdentifier(argument)) return false;
    const parameter = this.parameterOf(argument);
    return parameter !== undefined && (this.ts.isConstructorDeclaration(parameter.fn) || this.reached.has(parameter.fn));
  }

  private send(command: Extract<SdkValue, { kind: 'command' }>, call: TsNamespace.CallExpression, source: ParsedSource, fn: FunctionLike | undefined, label: string): void {
    const built = this.built.get(command.node);
    if (built) built.consumed = true;
    else this.built.set(command.node, { value: command, source: command.source, fn: undefined, consumed: true });
    this.record(source, fn, call, command.service, command.operation, label, command.node.arguments?.[0], command.source);
  }

  /**
   * A client (or an object holding one) passed to something sls-lint does not read makes the calls
   * incomplete: the package may call any operation with it.
   */
  private checkArguments(node: TsNamespace.CallExpression | TsNamespace.NewExpression, source: ParsedSource): void {
    const ts = this.ts;
    const args = node.arguments ?? [];
    if (args.length === 0) return;
    const candidates: Expression[] = [];
    for (const argument of args) {
      if (ts.isObjectLiteralExpression(argument)) {
        for (const property of argument.properties) {
          if (ts.isPropertyAssignment(property)) candidates.push(property.initializer);
          else if (ts.isShorthandPropertyAssignment(property)) candidates.push(property.name);
        }
      } else candidates.push(argument);
    }
    const clients = candidates.filter((c) => (ts.isIdentifier(c) || ts.isPropertyAccessExpression(c) || ts.isNewExpression(c)) && this.evaluate(c, source)?.kind === 'client');
    if (clients.length === 0) return;
    const callee = node.expression;
    // Handed to the SDK's own helpers, or to project code (read where it is used).
    if (ts.isNewExpression(node)) {
      const value = this.evaluate(node, source);
      if (value) return;
    }
    if (ts.isCallExpression(node) && wrapperName(ts, callee)) return;
    if (this.program.callTarget(source, callee)) return;
    // A project class: its constructor's parameters are read where the class uses them.
    if (ts.isNewExpression(node) && this.constructorOf(source, node)) return;
    if (ts.isIdentifier(callee) || ts.isPropertyAccessExpression(callee)) {
      const root = rootIdentifier(ts, callee);
      const binding = root ? source.imports.get(root) : undefined;
      if (binding && /^@aws-sdk\/(client-|lib-)/.test(binding.module)) return;
      // A project function sls-lint did not reach cannot have been called here; one it reached is read.
      if (ts.isIdentifier(callee) && !binding && this.program.resolveLocal(source, callee.text, 0)) return;
    }
    const name = clients[0]!.getText(source.sourceFile);
    const what = ts.isNewExpression(node) ? `new ${callee.getText(source.sourceFile)}` : `${callee.getText(source.sourceFile)}()`;
    this.incomplete(`${name} is passed to ${what} in ${this.where(source, node)}, which sls-lint does not read`);
  }

  /** `require('aws-sdk')`, `await import('@aws-sdk/…')` or `require('./db')` inside a function: what it loads is not followed. */
  private checkDynamicImport(node: TsNamespace.CallExpression, source: ParsedSource, fn: FunctionLike | undefined): void {
    if (fn === undefined) return;
    const ts = this.ts;
    const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
    const isImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
    const first = node.arguments[0];
    // A project module loaded lazily is not followed either: its calls are not read.
    if ((isRequire || isImport) && first && ts.isStringLiteral(first) && /^(aws-sdk|@aws-sdk\/|\.)/.test(first.text)) {
      this.incomplete(`${first.text} is loaded inside a function in ${this.where(source, node)}`);
    }
  }

  private record(source: ParsedSource, fn: FunctionLike | undefined, node: Node, service: string, operation: string, label: string, input: Expression | undefined, inputSource = source): void {
    const within = fn ? this.describe(fn, source) : undefined;
    const { targets, index } = this.targets(service, operation, input, inputSource);
    const loc = this.program.loc(source, node);
    const count = this.calls.filter((c) => c.fact.path.startsWith(`${source.file}#${within?.description ?? 'module scope'}#${label}#`)).length;
    this.calls.push({
      order: this.calls.length,
      fact: {
        service,
        operation,
        label,
        targets,
        ...(index !== undefined ? { index } : {}),
        loc,
        path: `${source.file}#${within?.description ?? 'module scope'}#${label}#${count + 1}`,
        ...(within ? { within } : {}),
      },
    });
  }

  // ── targets ─────────────────────────────────────────────────────────────────────────────────

  /** `new Upload({ client, params: { Bucket, Key, Body } })`: the request is `params`. */
  private uploadParams(node: TsNamespace.NewExpression, source: ParsedSource): Expression | undefined {
    const options = node.arguments?.[0] ? this.objectLiteral(node.arguments[0], source) : undefined;
    const params = options && property(this.ts, options, 'params');
    return params;
  }

  private targets(service: string, operation: string, input: Expression | undefined, source: ParsedSource): { targets: AwsCallTarget[]; index?: string } {
    const ts = this.ts;
    const object = input ? this.objectLiteral(input, source) : undefined;
    if (!object) return { targets: [] };
    const out: AwsCallTarget[] = [];
    const names = targetParameters(service);
    for (const [name, value] of this.properties(object, source)) {
      if (names.includes(name)) {
        const list = ts.isArrayLiteralExpression(value) && name === 'Names' ? value.elements : [value];
        for (const element of list) out.push({ parameter: name, value: this.stringValue(element, source), loc: this.program.loc(source, element) });
      }
    }
    const indexValue = property(ts, object, 'IndexName');
    const index = indexValue && (ts.isStringLiteral(indexValue) || ts.isNoSubstitutionTemplateLiteral(indexValue)) ? indexValue.text : undefined;
    if (service === 'events' && operation === 'PutEvents') out.push(...this.eventBusTargets(property(ts, object, 'Entries'), source));
    if (service === 'dynamodb' && /^Batch(Write|Get)Item$/.test(operation)) {
      const items = property(ts, object, 'RequestItems');
      const literal = items ? this.objectLiteral(items, source) : undefined;
      for (const element of literal?.properties ?? []) {
        if (!ts.isPropertyAssignment(element)) continue;
        const key = element.name;
        const value: AwsCallTarget['value'] = ts.isComputedPropertyName(key)
          ? this.stringValue(key.expression, source)
          : ts.isIdentifier(key) || ts.isStringLiteral(key)
            ? { kind: 'literal', value: key.text }
            : { kind: 'unknown' };
        out.push({ parameter: 'RequestItems', value, loc: this.program.loc(source, key) });
      }
    }
    if (service === 'dynamodb' && /^Transact(Write|Get)Items$/.test(operation)) {
      const items = property(ts, object, 'TransactItems');
      const list = items && ts.isArrayLiteralExpression(items) ? items.elements : [];
      for (const element of list) {
        const request = ts.isObjectLiteralExpression(element) ? element.properties.find((p): p is TsNamespace.PropertyAssignment => ts.isPropertyAssignment(p)) : undefined;
        const body = request ? this.objectLiteral(request.initializer, source) : undefined;
        const table = body && property(ts, body, 'TableName');
        if (request && table) out.push({ parameter: 'TableName', value: this.stringValue(table, source), loc: this.program.loc(source, table), request: request.name.getText(source.sourceFile) });
      }
    }
    return { targets: out, ...(index !== undefined ? { index } : {}) };
  }

  /** PutEvents names its bus per entry; an entry written out without one goes to the default bus. */
  private eventBusTargets(entries: Expression | undefined, source: ParsedSource): AwsCallTarget[] {
    const ts = this.ts;
    if (!entries || !ts.isArrayLiteralExpression(entries)) return [];
    const out: AwsCallTarget[] = [];
    for (const element of entries.elements) {
      const entry = this.objectLiteral(element, source);
      if (!entry) continue;
      const bus = property(ts, entry, 'EventBusName');
      if (bus) out.push({ parameter: 'EventBusName', value: this.stringValue(bus, source), loc: this.program.loc(source, bus) });
      else if (!entry.properties.some((p) => ts.isSpreadAssignment(p))) out.push({ parameter: 'EventBusName', value: { kind: 'literal', value: 'default' }, loc: this.program.loc(source, entry) });
    }
    return out;
  }

  /** Properties of an object literal, spreads of other literals included. */
  private properties(object: TsNamespace.ObjectLiteralExpression, source: ParsedSource, depth = 0): [string, Expression][] {
    const ts = this.ts;
    const out: [string, Expression][] = [];
    for (const element of object.properties) {
      if (ts.isPropertyAssignment(element) && (ts.isIdentifier(element.name) || ts.isStringLiteral(element.name))) out.push([element.name.text, element.initializer]);
      else if (ts.isShorthandPropertyAssignment(element)) out.push([element.name.text, element.name]);
      else if (ts.isSpreadAssignment(element) && depth < 4) {
        const spread = this.objectLiteral(element.expression, source);
        if (spread) out.push(...this.properties(spread, source, depth + 1));
      }
    }
    return out;
  }

  /** The object literal an expression is: written in place, or a variable initialised with one. */
  private objectLiteral(expression: Expression, source: ParsedSource, depth = 0): TsNamespace.ObjectLiteralExpression | undefined {
    const ts = this.ts;
    const expr = unwrapExpression(ts, expression);
    if (ts.isObjectLiteralExpression(expr)) return expr;
    if (depth > 4) return undefined;
    if (ts.isIdentifier(expr)) {
      const declaration = findLocalVariable(ts, expr.text, expr) ?? findModuleVariable(ts, source, expr.text);
      if (declaration?.initializer && ts.isIdentifier(declaration.name)) return this.objectLiteral(declaration.initializer, source, depth + 1);
    }
    return undefined;
  }

  /** What a target parameter is given: a literal, an environment variable (directly or through a constant), or unknown. */
  private stringValue(expression: Expression, source: ParsedSource, depth = 0): AwsCallTarget['value'] {
    const ts = this.ts;
    const expr = unwrapExpression(ts, expression);
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) return { kind: 'literal', value: expr.text };
    const environment = environmentName(ts, expr);
    if (environment) return { kind: 'environment', name: environment };
    if (depth > 6) return { kind: 'unknown' };
    // `process.env.TABLE || 'local'`: the variable, with a fallback for local runs.
    if (ts.isBinaryExpression(expr) && (expr.operatorToken.kind === ts.SyntaxKind.BarBarToken || expr.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)) {
      const left = this.stringValue(expr.left, source, depth + 1);
      return left.kind === 'environment' ? left : { kind: 'unknown' };
    }
    if (ts.isIdentifier(expr)) {
      const declaration = findLocalVariable(this.ts, expr.text, expr) ?? findModuleVariable(ts, source, expr.text) ?? findModuleBinding(ts, source, expr.text);
      if (declaration) {
        // `const { TABLE_NAME } = process.env`, `const { TABLE_NAME: table } = process.env`
        if (ts.isObjectBindingPattern(declaration.name) && declaration.initializer && /^process\.env$/.test(unwrapExpression(ts, declaration.initializer).getText(source.sourceFile))) {
          for (const element of declaration.name.elements) {
            if (!ts.isIdentifier(element.name) || element.name.text !== expr.text) continue;
            const key = element.propertyName && (ts.isIdentifier(element.propertyName) || ts.isStringLiteral(element.propertyName)) ? element.propertyName.text : element.name.text;
            return { kind: 'environment', name: key };
          }
        }
        const constant = declaration.parent && ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
        if (declaration.initializer && ts.isIdentifier(declaration.name) && constant) return this.stringValue(declaration.initializer, source, depth + 1);
        return { kind: 'unknown' };
      }
      const binding = source.imports.get(expr.text);
      if (binding && binding.imported !== '*') {
        const found = this.exportedExpression(source, binding.module, binding.imported);
        if (found) return this.stringValue(found.expression, found.source, depth + 1);
      }
      return { kind: 'unknown' };
    }
    // `config.tableName` with `const config = { tableName: process.env.TABLE }`.
    if (ts.isPropertyAccessExpression(expr)) {
      const object = this.objectLiteral(expr.expression, source);
      const value = object && property(ts, object, expr.name.text);
      if (value) return this.stringValue(value, source, depth + 1);
      if (ts.isIdentifier(expr.expression)) {
        const binding = source.imports.get(expr.expression.text);
        if (binding?.imported === '*') {
          const found = this.exportedExpression(source, binding.module, expr.name.text);
          if (found) return this.stringValue(found.expression, found.source, depth + 1);
        }
      }
    }
    return { kind: 'unknown' };
  }

  // ── values ──────────────────────────────────────────────────────────────────────────────────

  private evaluate(expression: Node, source: ParsedSource, depth = 0): SdkValue | undefined {
    const cached = this.values.get(expression);
    if (cached !== undefined) return cached ?? undefined;
    if (this.values.has(expression) || depth > 12) return undefined;
    this.values.set(expression, undefined);
    const value = this.compute(expression, source, depth);
    this.values.set(expression, value ?? null);
    return value;
  }

  private compute(expression: Node, source: ParsedSource, depth: number): SdkValue | undefined {
    const ts = this.ts;
    const expr = unwrapExpression(ts, expression as Expression);
    if (expr !== expression) return this.evaluate(expr, source, depth + 1);
    if (ts.isNewExpression(expr)) return this.constructed(expr, source);
    if (ts.isCallExpression(expr)) {
      const callee = expr.expression;
      // Tracing wrappers hand back the client they are given.
      if (wrapperName(ts, callee) && expr.arguments[0]) return this.evaluate(expr.arguments[0], source, depth + 1);
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'from' && ts.isIdentifier(callee.expression)) {
        const binding = source.imports.get(callee.expression.text);
        if (binding?.module === '@aws-sdk/lib-dynamodb' && /^DynamoDBDocument(Client)?$/.test(binding.imported)) {
          return { kind: 'client', sdk: 'v3', service: 'dynamodb', methods: binding.imported === 'DynamoDBDocument' ? 'document' : 'none', name: binding.imported };
        }
      }
      // A project factory: `getClient()` returns what its return statement evaluates to.
      const target = this.program.callTarget(source, callee);
      if (target) return this.returned(target.fn, target.source, depth + 1);
      return undefined;
    }
    if (ts.isIdentifier(expr)) return this.identifier(expr, source, depth);
    if (ts.isPropertyAccessExpression(expr)) {
      if (expr.expression.kind === ts.SyntaxKind.ThisKeyword) return this.member(expr, source, depth);
      if (ts.isIdentifier(expr.expression)) {
        // `db.client` where `db` is a project module imported whole.
        const binding = source.imports.get(expr.expression.text);
        if (binding?.imported === '*' || binding?.imported === 'default') {
          const found = this.exportedExpression(source, binding.module, expr.name.text);
          if (found) return this.evaluate(found.expression, found.source, depth + 1);
        }
      }
      const object = this.objectLiteral(expr.expression, source);
      const value = object && property(ts, object, expr.name.text);
      return value ? this.evaluate(value, source, depth + 1) : undefined;
    }
    return undefined;
  }

  /** `new S3Client()`, `new AWS.S3()`, `new AWS.DynamoDB.DocumentClient()`, `new PutItemCommand(…)`, `new Upload(…)`. */
  private constructed(node: TsNamespace.NewExpression, source: ParsedSource): SdkValue | undefined {
    const target = importedMembers(this.ts, source, node.expression);
    if (!target) return undefined;
    const { binding, members } = target;
    const names = [...(binding.imported === '*' || binding.imported === 'default' ? [] : [binding.imported]), ...members];
    const module = binding.module;
    // `const S3 = require('aws-sdk/clients/s3')`, `import S3 from 'aws-sdk/clients/s3'`: the module is the class.
    const className = v2ModuleClass(module);
    if (className) {
      if (names.at(-1) === 'DocumentClient' && className === 'DynamoDB') return { kind: 'client', sdk: 'v2', service: 'dynamodb', methods: 'document', name: 'DocumentClient' };
      if (names.length === 0 || (names.length === 1 && names[0] === className)) return { kind: 'client', sdk: 'v2', service: v2ClassService(className), methods: 'api', name: className };
      return undefined;
    }
    const last = names.at(-1);
    if (!last) return undefined;
    const v3Service = v3PackageService(module);
    if (v3Service) {
      if (/Command$/.test(last)) return { kind: 'command', service: v3Service, operation: last.replace(/Command$/, ''), name: last, node, source };
      if (/Client$/.test(last)) return { kind: 'client', sdk: 'v3', service: v3Service, methods: 'none', name: last };
      if (/^[A-Z]/.test(last) && !/(Exception|Error|ServiceException)$/.test(last)) return { kind: 'client', sdk: 'v3', service: v3Service, methods: 'api', name: last };
      return undefined;
    }
    if (module === '@aws-sdk/lib-dynamodb') {
      const operation = DOCUMENT_COMMANDS[last];
      if (operation) return { kind: 'command', service: 'dynamodb', operation, name: last, node, source };
      if (last === 'DynamoDBDocument') return { kind: 'client', sdk: 'v3', service: 'dynamodb', methods: 'document', name: last };
      return undefined;
    }
    if (module === '@aws-sdk/lib-storage' && last === 'Upload') return { kind: 'upload', node, source };
    if (module === 'aws-sdk' || module === 'aws-sdk/global' || module === 'aws-sdk/lib/core') {
      if (names.length === 0 || /^(Config|Endpoint|Request|Response|Service|\w*Credentials|HttpRequest|Signers)$/.test(names[0]!)) return undefined;
      if (names.length === 2 && names[0] === 'DynamoDB' && last === 'DocumentClient') return { kind: 'client', sdk: 'v2', service: 'dynamodb', methods: 'document', name: 'DocumentClient' };
      if (names.length !== 1 || !/^[A-Z]/.test(last)) return undefined;
      return { kind: 'client', sdk: 'v2', service: v2ClassService(last), methods: 'api', name: last };
    }
    return undefined;
  }

  private identifier(id: TsNamespace.Identifier, source: ParsedSource, depth: number): SdkValue | undefined {
    const ts = this.ts;
    const local = findLocalVariable(ts, id.text, id);
    const parameter = local ? undefined : this.parameterOf(id);
    if (parameter) return this.parameterValue(parameter.fn, parameter.index, depth);
    const declaration = local ?? findModuleVariable(ts, source, id.text);
    if (declaration) {
      if (!ts.isIdentifier(declaration.name)) return undefined;
      const initial = declaration.initializer ? this.evaluate(declaration.initializer, source, depth + 1) : undefined;
      return initial ?? this.assigned(source, id.text, depth);
    }
    const binding = source.imports.get(id.text);
    if (binding && binding.module.startsWith('.')) {
      const found = this.exportedExpression(source, binding.module, binding.imported);
      return found ? this.evaluate(found.expression, found.source, depth + 1) : undefined;
    }
    return undefined;
  }

  /** `let client; … client ??= new S3Client({})`: what the name is assigned in its file. */
  private assigned(source: ParsedSource, name: string, depth: number): SdkValue | undefined {
    const ts = this.ts;
    let found: SdkValue | undefined;
    const visit = (node: Node): void => {
      if (found) return;
      if (ts.isBinaryExpression(node) && ts.isIdentifier(node.left) && node.left.text === name && isAssignment(ts, node.operatorToken.kind)) {
        found = this.evaluate(node.right, source, depth + 1);
      }
      ts.forEachChild(node, visit);
    };
    visit(source.sourceFile);
    return found;
  }

  /** `this.client` in a class: a property initialiser, or `this.client = …` in one of its methods. */
  private member(expr: TsNamespace.PropertyAccessExpression, source: ParsedSource, depth: number): SdkValue | undefined {
    const ts = this.ts;
    let cls: Node | undefined = expr.parent;
    while (cls && !ts.isClassDeclaration(cls) && !ts.isClassExpression(cls)) cls = cls.parent;
    if (!cls || !(ts.isClassDeclaration(cls) || ts.isClassExpression(cls))) return undefined;
    const name = expr.name.text;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && member.name.getText(source.sourceFile) === name && member.initializer) return this.evaluate(member.initializer, source, depth + 1);
      // `constructor(private readonly client: …)`: a parameter property holds what `new` passes.
      if (ts.isConstructorDeclaration(member)) {
        const index = member.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === name && (ts.getModifiers(p) ?? []).length > 0);
        if (index >= 0) return this.parameterValue(member, index, depth + 1);
      }
    }
    let found: SdkValue | undefined;
    const visit = (node: Node): void => {
      if (found) return;
      if (ts.isBinaryExpression(node) && isAssignment(ts, node.operatorToken.kind) && ts.isPropertyAccessExpression(node.left) && node.left.expression.kind === ts.SyntaxKind.ThisKeyword && node.left.name.text === name) {
        found = this.evaluate(node.right, source, depth + 1);
      }
      ts.forEachChild(node, visit);
    };
    for (const member of cls.members) visit(member);
    return found;
  }

  /** The function a name is a parameter of (the nearest one that declares it), and its position. */
  private parameterOf(id: TsNamespace.Identifier): { fn: FunctionLike | TsNamespace.ConstructorDeclaration; index: number } | undefined {
    const ts = this.ts;
    for (let current: Node | undefined = id.parent; current; current = current.parent) {
      if (!isFunctionLike(ts, current) && !ts.isConstructorDeclaration(current)) continue;
      const index = current.parameters.findIndex((p) => ts.isIdentifier(p.name) && p.name.text === id.text);
      if (index >= 0) return { fn: current, index };
    }
    return undefined;
  }

  /** What every call of a reached project function passes for a parameter, when all agree. */
  private parameterValue(fn: FunctionLike | TsNamespace.ConstructorDeclaration, index: number, depth: number): SdkValue | undefined {
    const ts = this.ts;
    const key = `${fn.pos}:${fn.getSourceFile().fileName}:${index}`;
    const cached = this.parameterValues.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const constructor = ts.isConstructorDeclaration(fn);
    if (this.parameterValues.has(key) || (!constructor && !this.reached.has(fn))) return undefined;
    this.parameterValues.set(key, undefined);
    const values: (SdkValue | undefined)[] = [];
    // Call sites in code that runs: reached functions and module scope (`const repo = new Repo(client)`).
    const visit = (source: ParsedSource, moduleScope: boolean) => (node: Node): void => {
      if (moduleScope && isFunctionLike(ts, node)) return;
      const calls = constructor
        ? ts.isNewExpression(node) && this.constructorOf(source, node) === fn
        : ts.isCallExpression(node) && this.program.callTarget(source, node.expression)?.fn === fn;
      if (calls) {
        const argument = (node as TsNamespace.CallExpression | TsNamespace.NewExpression).arguments?.[index];
        values.push(argument ? this.evaluate(argument, source, depth + 1) : undefined);
      }
      ts.forEachChild(node, visit(source, moduleScope));
    };
    for (const [caller, source] of this.reached) if (caller.body) visit(source, false)(caller.body);
    for (const source of this.modules) for (const statement of source.sourceFile.statements) visit(source, true)(statement);
    const first = values[0];
    const agreed = first && values.every((v) => v !== undefined && sameValue(v, first)) ? first : undefined;
    this.parameterValues.set(key, agreed ?? null);
    return agreed;
  }

  /** The constructor a `new X(…)` of a project class runs: X declared in the module or imported from a project module. */
  private constructorOf(source: ParsedSource, node: TsNamespace.NewExpression): TsNamespace.ConstructorDeclaration | undefined {
    const ts = this.ts;
    if (!ts.isIdentifier(node.expression)) return undefined;
    let where = source;
    let name = node.expression.text;
    const binding = source.imports.get(name);
    if (binding) {
      const file = binding.module.startsWith('.') ? this.program.resolveRelative(source.file, binding.module) : undefined;
      const other = file ? this.program.get(file) : undefined;
      if (!other || binding.imported === '*') return undefined;
      where = other;
      name = binding.imported;
    }
    const declaration = where.sourceFile.statements.find(
      (s): s is TsNamespace.ClassDeclaration =>
        ts.isClassDeclaration(s) && (name === 'default' ? (ts.getModifiers(s) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) : s.name?.text === name),
    );
    return declaration?.members.find((m): m is TsNamespace.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined);
  }

  private returned(fn: FunctionLike, source: ParsedSource, depth: number): SdkValue | undefined {
    const ts = this.ts;
    if (!fn.body) return undefined;
    if (!ts.isBlock(fn.body)) return this.evaluate(fn.body, source, depth + 1);
    let found: SdkValue | undefined;
    const visit = (node: Node): void => {
      if (found || (node !== fn.body && isFunctionLike(ts, node))) return;
      if (ts.isReturnStatement(node) && node.expression) found = this.evaluate(node.expression, source, depth + 1);
      ts.forEachChild(node, visit);
    };
    visit(fn.body);
    return found;
  }

  /**
   * The expression a project module exports under a name: `export const x = …`, `exports.x = …`,
   * `module.exports = { x }`, `export default …`, or (`*`) the whole `module.exports = …`.
   */
  private exportedExpression(from: ParsedSource, specifier: string, name: string): { expression: Expression; source: ParsedSource } | undefined {
    const ts = this.ts;
    const file = this.program.resolveRelative(from.file, specifier);
    const source = file ? this.program.get(file) : undefined;
    if (!source) return undefined;
    for (const statement of source.sourceFile.statements) {
      if (name === 'default' && ts.isExportAssignment(statement)) return { expression: statement.expression, source };
      if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const { left, right } = statement.expression;
        const target = left.getText(source.sourceFile);
        if (target === `exports.${name}` || target === `module.exports.${name}`) return { expression: right, source };
        if (target === 'module.exports') {
          if ((name === '*' || name === 'default') && !ts.isObjectLiteralExpression(right)) return { expression: right, source };
          if (ts.isObjectLiteralExpression(right)) {
            const value = property(ts, right, name);
            if (value) return { expression: value, source };
          }
        }
      }
    }
    const variable = findModuleVariable(ts, source, name);
    if (variable?.initializer && ts.isIdentifier(variable.name)) return { expression: variable.initializer, source };
    // `import { client } from './clients'` re-exported from another module: `export { client } from './aws'`.
    for (const statement of source.sourceFile.statements) {
      if (!ts.isExportDeclaration(statement) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) {
        if (element.name.text !== name) continue;
        const local = element.propertyName?.text ?? element.name.text;
        if (statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) return this.exportedExpression(source, statement.moduleSpecifier.text, local);
        const declared = findModuleVariable(ts, source, local);
        if (declared?.initializer) return { expression: declared.initializer, source };
      }
    }
    return undefined;
  }
}

function sameValue(a: SdkValue, b: SdkValue): boolean {
  if (a.kind === 'client' && b.kind === 'client') return a.service === b.service && a.methods === b.methods && a.sdk === b.sdk;
  if (a.kind === 'command' || a.kind === 'upload') return a.kind === b.kind && a.node === (b as typeof a).node;
  return false;
}

function isAssignment(ts: Ts, kind: TsNamespace.SyntaxKind): boolean {
  return kind === ts.SyntaxKind.EqualsToken || kind === ts.SyntaxKind.QuestionQuestionEqualsToken || kind === ts.SyntaxKind.BarBarEqualsToken;
}

/** `client.m` → (client, m); `client['m']` → (client, m); `client[name]` → (client, undefined). */
function methodAccess(ts: Ts, callee: Expression): { receiver: Expression; method: string | undefined } | undefined {
  const expr = ts.isNonNullExpression(callee) ? callee.expression : callee;
  if (ts.isPropertyAccessExpression(expr)) return { receiver: expr.expression, method: expr.name.text };
  if (ts.isElementAccessExpression(expr)) {
    const argument = expr.argumentExpression;
    return { receiver: expr.expression, method: ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument) ? argument.text : undefined };
  }
  return undefined;
}

function unwrapExpression(ts: Ts, expression: Expression): Expression {
  let expr = expression;
  while (ts.isParenthesizedExpression(expr) || ts.isAsExpression(expr) || ts.isSatisfiesExpression(expr) || ts.isNonNullExpression(expr) || ts.isAwaitExpression(expr) || ts.isTypeAssertionExpression(expr)) expr = expr.expression;
  return expr;
}

function property(ts: Ts, object: TsNamespace.ObjectLiteralExpression, name: string): Expression | undefined {
  for (const element of object.properties) {
    if (ts.isPropertyAssignment(element) && (ts.isIdentifier(element.name) || ts.isStringLiteral(element.name)) && element.name.text === name) return element.initializer;
    if (ts.isShorthandPropertyAssignment(element) && element.name.text === name) return element.name;
  }
  return undefined;
}

/** `process.env.X`, `process.env['X']`. */
function environmentName(ts: Ts, expr: Expression): string | undefined {
  if (ts.isPropertyAccessExpression(expr) && isProcessEnv(ts, expr.expression)) return expr.name.text;
  if (ts.isElementAccessExpression(expr) && isProcessEnv(ts, expr.expression) && (ts.isStringLiteral(expr.argumentExpression) || ts.isNoSubstitutionTemplateLiteral(expr.argumentExpression))) return expr.argumentExpression.text;
  return undefined;
}

function isProcessEnv(ts: Ts, expr: Expression): boolean {
  return ts.isPropertyAccessExpression(expr) && expr.name.text === 'env' && ts.isIdentifier(expr.expression) && expr.expression.text === 'process';
}

function rootIdentifier(ts: Ts, expr: Expression): string | undefined {
  let current = expr;
  while (ts.isPropertyAccessExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current.text : undefined;
}

/** A module-scope declaration that binds `name` by destructuring: `const { TABLE } = process.env`. */
function findModuleBinding(ts: Ts, source: ParsedSource, name: string): TsNamespace.VariableDeclaration | undefined {
  for (const statement of source.sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isObjectBindingPattern(declaration.name) && declaration.name.elements.some((e) => ts.isIdentifier(e.name) && e.name.text === name)) return declaration;
    }
  }
  return undefined;
}

/**
 * A function at module scope bound to a name — directly or through wrappers (`const h = middy(async
 * () => …)`), as an export (`exports.list = …`, `export default …`, `module.exports = { list: … }`) —
 * runs only when something refers to it. Anything else there is a callback handed on at load time.
 */
function isBound(ts: Ts, fn: FunctionLike | TsNamespace.Identifier): boolean {
  if (ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) return true;
  let node: Node = fn;
  for (let parent = node.parent; parent; node = parent, parent = parent.parent) {
    if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent)) continue;
    // A wrapper call: `middy(fn)`, `wrap(fn).use(…)`.
    if (ts.isCallExpression(parent) && parent.arguments.includes(node as Expression)) continue;
    if (ts.isPropertyAccessExpression(parent) && parent.expression === node) continue;
    if (ts.isCallExpression(parent) && parent.expression === node) continue;
    if (ts.isVariableDeclaration(parent) || ts.isExportAssignment(parent) || ts.isPropertyDeclaration(parent)) return true;
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) return /^(module\.)?exports\b/.test(parent.left.getText());
    if (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent)) {
      const object = parent.parent;
      const assignment = object?.parent;
      return assignment !== undefined && ts.isBinaryExpression(assignment) && /^(module\.)?exports$/.test(assignment.left.getText());
    }
    return false;
  }
  return false;
}

/** An identifier read as a value: not a call's callee (calls are followed already), a declaration's name, a property name or an export. */
function isValueReference(ts: Ts, id: TsNamespace.Identifier): boolean {
  const parent = id.parent;
  if (!parent) return false;
  if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.expression === id) return false;
  if (ts.isPropertyAccessExpression(parent) && parent.name === id) return false;
  if ((ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === id) return false;
  if ((ts.isVariableDeclaration(parent) || ts.isFunctionDeclaration(parent) || ts.isParameter(parent) || ts.isClassDeclaration(parent) || ts.isBindingElement(parent)) && parent.name === id) return false;
  if (ts.isExportSpecifier(parent) || ts.isImportSpecifier(parent) || ts.isImportClause(parent) || ts.isNamespaceImport(parent) || ts.isExportAssignment(parent)) return false;
  if (ts.isTypeReferenceNode(parent) || ts.isQualifiedName(parent)) return false;
  // `module.exports = { list }`, `exports.list = list`: an export, not a use.
  if (ts.isShorthandPropertyAssignment(parent)) {
    const assignment = parent.parent?.parent;
    if (assignment && ts.isBinaryExpression(assignment) && /^(module\.)?exports$/.test(assignment.left.getText())) return false;
  }
  if (ts.isPropertyAssignment(parent) && parent.initializer === id) {
    const assignment = parent.parent?.parent;
    if (assignment && ts.isBinaryExpression(assignment) && /^(module\.)?exports$/.test(assignment.left.getText())) return false;
  }
  if (ts.isBinaryExpression(parent) && parent.right === id && /^(module\.)?exports\b/.test(parent.left.getText())) return false;
  return true;
}
