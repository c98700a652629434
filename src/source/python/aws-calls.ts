/**
 * AWS calls in Python: boto3 clients (`boto3.client("s3").put_object(…)`, sessions, paginators,
 * the managed transfers), and resource objects where they are simple (`resource("dynamodb").Table(n)`
 * and its item methods and `batch_writer`, `s3.Bucket(n)`, `s3.Object(b, k)`, `sqs.Queue(url)`,
 * `sns.Topic(arn)`).
 *
 * What an expression holds comes from the frontend's analysis (`Analysis.evaluate`): a boto3 value
 * is an external value whose path says how it was made (`client`, `resource.Table`), and whose
 * `made` call gives the arguments (the service, the table name). A use of an AWS object that cannot
 * be followed (a computed method name, the object handed to a package, a wrapper package) makes the
 * list incomplete, with the reason.
 */
import path from 'node:path';
import type { AwsCallFact, AwsCallTarget, FunctionRef } from '../facts.js';
import { boto3Service, pascalFromSnake, targetParameters } from '../aws-services.js';
import { decoratorsOf, literalArgument, stringValue, walkBody, type Analysis, type Environment, type Fn, type Value } from './analysis.js';
import { definitionOf, moduleScopeStatements, type PyModule } from './modules.js';
import { pythonLoc, type Node } from './parser.js';

type External = Extract<Value, { kind: 'external' }>;

/** The SDK packages whose objects are read here. */
const SDK = /^(boto3|aioboto3)(\.|$)/;

/**
 * Packages that call AWS for the code (data mappers, dataframe I/O, parameter and idempotency
 * utilities, S3 file systems): their calls are not read, so importing one makes the list incomplete.
 */
const SDK_WRAPPERS = /^(pynamodb|awswrangler|s3fs|smart_open|aiobotocore|botocore\.session|aws_lambda_powertools\.utilities\.(parameters|idempotency|feature_flags|streaming)|sqlalchemy_aurora_data_api|aws_encryption_sdk|cloudpathlib|pyathena|aws_durable_execution_sdk_python)(\.|$)/;

/** Decorators that register a function with a framework that routes invocations to it (`@app.get("/x")`, `@app.resolver(…)`). */
const ROUTE_DECORATOR = /^(get|post|put|delete|patch|head|options|route|api_route|resolver|field|websocket)$/;
/** Client methods that make no request of their own. */
const CLIENT_LOCAL = new Set(['can_paginate', 'close']);
/** Attributes of a client or resource object that are not operations. */
const PLAIN_ATTRIBUTES = new Set(['meta', 'exceptions', 'name', 'table_name', 'bucket_name', 'key', 'url', 'arn', 'queue_url', 'topic_arn', 'objects', 'client']);
/** boto3's S3 managed transfers: methods of the client, a Bucket and an Object. */
const TRANSFERS = new Set(['upload_file', 'upload_fileobj', 'download_file', 'download_fileobj', 'copy']);

/** Resource objects read, with the operation each method calls and the parameter their constructor's argument fills. */
const RESOURCE_OBJECTS: Record<string, { parameter: string; methods: Record<string, string> }> = {
  Table: {
    parameter: 'TableName',
    methods: { put_item: 'PutItem', get_item: 'GetItem', query: 'Query', scan: 'Scan', update_item: 'UpdateItem', delete_item: 'DeleteItem', batch_writer: 'batch_writer', load: 'DescribeTable', reload: 'DescribeTable', delete: 'DeleteTable', update: 'UpdateTable' },
  },
  Bucket: {
    parameter: 'Bucket',
    methods: { put_object: 'PutObject', delete_objects: 'DeleteObjects', upload_file: 'upload_file', upload_fileobj: 'upload_fileobj', download_file: 'download_file', download_fileobj: 'download_fileobj', copy: 'copy', create: 'CreateBucket', delete: 'DeleteBucket', load: 'HeadBucket' },
  },
  Object: {
    parameter: 'Bucket',
    methods: { get: 'GetObject', put: 'PutObject', delete: 'DeleteObject', load: 'HeadObject', reload: 'HeadObject', copy_from: 'CopyObject', upload_file: 'upload_file', upload_fileobj: 'upload_fileobj', download_file: 'download_file', download_fileobj: 'download_fileobj', copy: 'copy' },
  },
  Queue: {
    parameter: 'QueueUrl',
    methods: { send_message: 'SendMessage', send_messages: 'SendMessageBatch', receive_messages: 'ReceiveMessage', delete_messages: 'DeleteMessageBatch', purge: 'PurgeQueue', load: 'GetQueueAttributes', reload: 'GetQueueAttributes' },
  },
  Topic: { parameter: 'TopicArn', methods: { publish: 'Publish', subscribe: 'Subscribe', load: 'GetTopicAttributes' } },
};

/** Actions of a service resource itself (`boto3.resource("dynamodb").batch_get_item(…)`). */
const SERVICE_RESOURCE_ACTIONS: Record<string, string> = {
  batch_get_item: 'BatchGetItem',
  batch_write_item: 'BatchWriteItem',
  get_queue_by_name: 'GetQueueUrl',
  create_queue: 'CreateQueue',
  create_topic: 'CreateTopic',
  create_bucket: 'CreateBucket',
  create_table: 'CreateTable',
};

export interface PythonCallContext {
  analysis: Analysis;
  env: Environment;
  /** The per-invocation functions, by key. */
  reached: Map<string, Fn>;
  /** Every module the handler loads. */
  modules: PyModule[];
  ref(fn: Fn): FunctionRef;
}

export function findPythonAwsCalls(context: PythonCallContext): { calls: AwsCallFact[]; incomplete: string | undefined } {
  return new PythonAwsCallReader(context).read();
}

/** Where a node is read: its module, and the function it runs in (undefined at module scope). */
interface Scope {
  module: PyModule;
  fn: Fn | undefined;
}

class PythonAwsCallReader {
  private readonly calls: AwsCallFact[] = [];
  private readonly reasons: string[] = [];

  constructor(private readonly context: PythonCallContext) {}

  read(): { calls: AwsCallFact[]; incomplete: string | undefined } {
    const { modules, reached } = this.context;
    for (const module of modules) {
      for (const imported of module.index.imports) {
        const wrapper = wrapperImported(imported);
        if (wrapper) this.incomplete(`${path.basename(module.file)} imports ${wrapper}, which calls AWS itself`);
      }
      for (const statement of moduleScopeStatements(module.root)) {
        if (definitionOf(statement)) continue;
        walkBody(statement, (node) => this.inspect(node, { module, fn: undefined }));
      }
    }
    for (const fn of [...reached.values(), ...this.callbacks()]) {
      for (const imported of this.context.analysis.info(fn).imports.imports) {
        const wrapper = wrapperImported(imported);
        if (wrapper) this.incomplete(`${this.context.analysis.describe(fn)} imports ${wrapper}, which calls AWS itself`);
      }
      walkBody(fn.node.childForFieldName('body'), (node) => this.inspect(node, { module: fn.module, fn }));
    }
    this.calls.sort((a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.column - b.loc.column);
    return {
      calls: this.calls,
      incomplete: this.reasons.length === 0 ? undefined : this.reasons.length === 1 ? this.reasons[0] : `${this.reasons[0]} (and ${this.reasons.length - 1} more)`,
    };
  }

  /**
   * Project functions that run without being called by name: kept in a dispatch table
   * (`ROUTES = {"GET": get_item}` … `ROUTES[method](event)`), handed to a package as a callback.
   * The frontend follows calls; here a function referred to as a value from code that runs counts
   * as running, with the functions it calls.
   */
  private callbacks(): Fn[] {
    const { analysis, reached, modules } = this.context;
    const found = new Map<string, Fn>();
    const queue: Fn[] = [];
    const consider = (node: Node, scope: Scope) => {
      if (node.type !== 'identifier' && node.type !== 'attribute') return;
      const parent = node.parent;
      if (parent?.type === 'call' && parent.childForFieldName('function')?.equals(node)) return;
      if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.equals(node)) return;
      if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.equals(node)) return;
      if (parent?.type === 'assignment' && parent.childForFieldName('left')?.equals(node)) return;
      if (/^(import_statement|import_from_statement|dotted_name|aliased_import|global_statement|nonlocal_statement)$/.test(parent?.type ?? '')) return;
      const value = analysis.evaluate(node, scope.module, scope.fn, 0, this.context.env);
      if (value?.kind === 'function' && !reached.has(value.fn.key) && !found.has(value.fn.key)) {
        found.set(value.fn.key, value.fn);
        queue.push(value.fn);
      }
    };
    const add = (fn: Fn | undefined) => {
      if (fn && !reached.has(fn.key) && !found.has(fn.key)) {
        found.set(fn.key, fn);
        queue.push(fn);
      }
    };
    for (const module of modules) {
      for (const statement of moduleScopeStatements(module.root)) {
        const definition = definitionOf(statement);
        // A function registered by a decorator call (`@app.post("/cars")`, `@router.get(…)`): the framework calls it.
        if (definition?.type === 'function_definition' && decoratorsOf(definition).some((d) => d.type === 'call' && ROUTE_DECORATOR.test(d.childForFieldName('function')?.childForFieldName('attribute')?.text ?? ''))) {
          add(analysis.fn(module, definition));
        }
        if (definition) continue;
        walkBody(statement, (node) => {
          consider(node, { module, fn: undefined });
          // A project function called at module scope runs when the module loads (`CONFIG = load_config()`).
          if (node.type === 'call') {
            const callee = analysis.evaluate(node.childForFieldName('function'), module, undefined, 0, this.context.env);
            add(callee?.kind === 'function' ? callee.fn : callee?.kind === 'class' ? analysis.method(callee, '__init__') : undefined);
          }
        });
      }
    }
    for (const fn of reached.values()) walkBody(fn.node.childForFieldName('body'), (node) => consider(node, { module: fn.module, fn }));
    while (queue.length) {
      const fn = queue.pop()!;
      walkBody(fn.node.childForFieldName('body'), (node) => {
        consider(node, { module: fn.module, fn });
        if (node.type !== 'call') return;
        const callee = analysis.evaluate(node.childForFieldName('function'), fn.module, fn, 0, this.context.env);
        const target = callee?.kind === 'function' ? callee.fn : callee?.kind === 'class' ? analysis.method(callee, '__init__') : undefined;
        if (target && !reached.has(target.key) && !found.has(target.key)) {
          found.set(target.key, target);
          queue.push(target);
        }
      });
    }
    return [...found.values()];
  }

  private incomplete(reason: string): void {
    if (!this.reasons.includes(reason)) this.reasons.push(reason);
  }

  private where(scope: Scope, node: Node): string {
    return `${path.basename(scope.module.file)}:${node.startPosition.row + 1}`;
  }

  private evaluate(node: Node | null, scope: Scope, depth = 0): Value | undefined {
    const analysis = this.context.analysis;
    // A local assigned more than once (`s3 = boto3.client("s3")` … `s3 = boto3.resource("s3")`):
    // the assignment nearest before the use, which the analysis (flow-insensitive) does not pick;
    // also at the root of a chain (`s3.Bucket(name).upload_file`).
    if (node && scope.fn && depth < 8) {
      if (node.type === 'identifier') {
        const assigned = analysis.info(scope.fn).assignments.get(node.text);
        if (assigned && assigned.length > 1) {
          const before = assigned.filter((right) => right.endIndex <= node.startIndex).at(-1);
          if (before) return analysis.evaluate(before, scope.module, scope.fn, 0, this.context.env);
        }
      } else if (node.type === 'attribute' && reassignedRoot(node, analysis.info(scope.fn).assignments)) {
        const object = this.evaluate(node.childForFieldName('object'), scope, depth + 1);
        const name = node.childForFieldName('attribute')?.text;
        return object && name ? analysis.member(object, name, scope.module, 0, this.context.env) : undefined;
      } else if (node.type === 'call' && reassignedRoot(node, analysis.info(scope.fn).assignments)) {
        const callee = this.evaluate(node.childForFieldName('function'), scope, depth + 1);
        if (callee?.kind !== 'external') return callee?.kind === 'class' ? { kind: 'instance', cls: callee } : undefined;
        const last = callee.path.at(-1);
        const service = callee.service ?? (last === 'client' || last === 'resource' ? literalArgument(node, 'service_name') : undefined);
        return { ...callee, ...(service ? { service } : {}), made: { call: node, module: scope.module, fn: scope.fn } };
      }
    }
    return analysis.evaluate(node, scope.module, scope.fn, 0, this.context.env);
  }

  /** An AWS object: a value made by boto3 (a client, a resource, a resource object), not the module or a function of it. */
  private awsObject(value: Value | undefined): External | undefined {
    if (value?.kind !== 'external' || !SDK.test(value.module) || value.made === undefined) return undefined;
    const shape = value.path.join('.');
    // A client or resource; a resource object (`resource.Table`, `resource.Bucket.Object`) or collection
    // (`resource.Bucket.objects`); a paginator or batch writer. What an operation returns is data.
    if (/(^|\.)(client|resource)$/.test(shape) || /(^|\.)resource(\.([A-Z]\w*|objects|object_versions))+$/.test(shape)) return value;
    if (/(^|\.)(client|[A-Z]\w*)\.(get_paginator|batch_writer)$/.test(shape)) return value;
    return undefined;
  }

  private inspect(node: Node, scope: Scope): void {
    if (node.type === 'call') {
      this.inspectCall(node, scope);
      return;
    }
    // `send = sqs.send_message`, `table.item_count`: an attribute of an AWS object read but not called.
    if (node.type === 'attribute' && !(node.parent?.type === 'call' && node.parent.childForFieldName('function')?.equals(node))) {
      const object = this.awsObject(this.evaluate(node.childForFieldName('object'), scope));
      const name = node.childForFieldName('attribute')?.text ?? '';
      if (object && !PLAIN_ATTRIBUTES.has(name) && node.parent?.type !== 'attribute') this.incomplete(`${node.text} is used as a value in ${this.where(scope, node)}`);
    }
  }

  private inspectCall(call: Node, scope: Scope): void {
    const calleeNode = call.childForFieldName('function');
    if (calleeNode?.type === 'attribute') {
      const receiver = this.awsObject(this.evaluate(calleeNode.childForFieldName('object'), scope));
      const method = calleeNode.childForFieldName('attribute')?.text;
      if (receiver && method) {
        this.method(call, calleeNode, receiver, method, scope);
        return;
      }
    }
    // `getattr(client, name)(…)` and `getattr(client, name)`: the operation is a value.
    if (calleeNode?.type === 'identifier' && calleeNode.text === 'getattr') {
      const [object, name] = argumentsOf(call);
      if (object && this.awsObject(this.evaluate(object, scope))) {
        this.incomplete(`${call.text.replace(/\s+/g, ' ')} in ${this.where(scope, call)} names a method by ${stringValue(name ?? null) !== undefined ? 'a string' : 'a value'}`);
        return;
      }
    }
    this.checkArguments(call, scope);
  }

  private method(call: Node, calleeNode: Node, receiver: External, method: string, scope: Scope): void {
    const label = calleeNode.text.replace(/\s+/g, '');
    const shape = receiver.path;
    const last = shape.at(-1)!;
    const service = receiver.service ? boto3Service(receiver.service) : undefined;
    if (last === 'client') {
      if (!service) {
        this.incomplete(`${label}() in ${this.where(scope, call)} is called on a client whose service is not a literal`);
        return;
      }
      if (CLIENT_LOCAL.has(method)) return;
      if (method === 'get_paginator') {
        // The operation runs when the paginator is iterated: recorded at `paginate(…)`.
        if (stringValue(argumentsOf(call)[0] ?? null) === undefined) this.incomplete(`${label}() in ${this.where(scope, call)} names its operation by a value`);
        return;
      }
      if (method === 'get_waiter') {
        this.incomplete(`${label}() in ${this.where(scope, call)} polls an operation sls-lint does not name`);
        return;
      }
      if (method === 'generate_presigned_url') {
        const operation = stringValue(keywordOrPosition(call, 'ClientMethod', 0) ?? null);
        if (operation === undefined) this.incomplete(`${label}() in ${this.where(scope, call)} names its operation by a value`);
        else this.record(call, scope, service, pascalFromSnake(operation), label, this.targets(service, keywordOrPosition(call, 'Params', 1), scope));
        return;
      }
      if (method === 'generate_presigned_post') {
        this.record(call, scope, service, 'PutObject', label, this.keywordTargets(service, call, scope));
        return;
      }
      const operation = service === 's3' && TRANSFERS.has(method) ? method : pascalFromSnake(method);
      this.record(call, scope, service, operation, label, service === 's3' && TRANSFERS.has(method) ? this.transferTargets(call, scope) : this.keywordTargets(service, call, scope));
      return;
    }
    if (last === 'get_paginator') {
      if (method !== 'paginate' || !service) return;
      const operation = stringValue(argumentsOf(receiver.made!.call)[0] ?? null);
      if (operation !== undefined) this.record(call, scope, service, pascalFromSnake(operation), label, this.keywordTargets(service, call, scope));
      return;
    }
    if (last === 'batch_writer') return; // its writes are the batch_writer's, recorded where it is made
    if (!service) {
      this.incomplete(`${label}() in ${this.where(scope, call)} is called on a resource whose service is not a literal`);
      return;
    }
    if (last === 'resource') {
      const operation = SERVICE_RESOURCE_ACTIONS[method];
      // `Table(name)`, `NetworkInterface(id)`: builds a resource object, no request; its methods are judged when called.
      if (/^[A-Z]/.test(method)) return;
      if (operation) this.record(call, scope, service, operation, label, operation === 'GetQueueUrl' ? [] : this.keywordTargets(service, call, scope));
      else this.incomplete(`${label}() in ${this.where(scope, call)} is a resource action sls-lint does not know`);
      return;
    }
    // A resource object, or a collection of one (`bucket.objects.filter(…)`).
    const objectName = shape.includes('objects') && shape.at(-1) === 'objects' ? 'objects' : last;
    if (objectName === 'objects') {
      if (/^(all|filter|limit|page_size)$/.test(method)) this.record(call, scope, service, 'ListObjects', label, this.resourceTarget(receiver, 'Bucket', 'Bucket'));
      else if (method === 'delete') this.record(call, scope, service, 'DeleteObjects', label, this.resourceTarget(receiver, 'Bucket', 'Bucket'));
      else this.incomplete(`${label}() in ${this.where(scope, call)} is a collection method sls-lint does not know`);
      return;
    }
    const kind = RESOURCE_OBJECTS[last];
    if (kind && method === 'Object' && last === 'Bucket') return;
    const operation = kind?.methods[method];
    if (!kind || !operation) {
      this.incomplete(`${label}() in ${this.where(scope, call)} is not a resource method sls-lint knows`);
      return;
    }
    const targets = [...this.resourceTarget(receiver, kind.parameter, last), ...(operation === 'CopyObject' || operation === 'copy' ? this.keywordTargets(service, call, scope).filter((t) => t.parameter === 'CopySource') : [])];
    const index = operation === 'Query' || operation === 'Scan' ? stringValue(keywordOrPosition(call, 'IndexName', -1) ?? null) : undefined;
    this.record(call, scope, service, operation, label, targets, index);
  }

  /**
   * An AWS object handed to something sls-lint does not read (a package, a builtin that is not a
   * container) may be used for any operation: the list is then incomplete. Project functions are
   * read where they use it.
   */
  private checkArguments(call: Node, scope: Scope): void {
    const args = argumentsOf(call, true);
    const passed = args.find((arg) => arg.type !== 'string' && this.awsObject(this.evaluate(arg, scope)));
    if (!passed) return;
    const callee = this.evaluate(call.childForFieldName('function'), scope);
    if (callee?.kind === 'function' || callee?.kind === 'class') return;
    const name = call.childForFieldName('function')?.text.replace(/\s+/g, '') ?? 'a call';
    if (/^(print|isinstance|type|id|repr|str|hasattr|len)$/.test(name)) return;
    // The SDK's own helpers (a resource's client, a session) are read as SDK values.
    if (callee?.kind === 'external' && SDK.test(callee.module)) return;
    this.incomplete(`${passed.text} is passed to ${name}() in ${this.where(scope, call)}, which sls-lint does not read`);
  }

  private record(call: Node, scope: Scope, service: string, operation: string, label: string, targets: AwsCallTarget[], index?: string): void {
    const within = scope.fn ? this.context.ref(scope.fn) : undefined;
    const key = `${scope.module.file}#${within?.description ?? 'module scope'}#${label}#`;
    const count = this.calls.filter((c) => c.path.startsWith(key)).length;
    this.calls.push({
      service,
      operation,
      label,
      targets,
      ...(index !== undefined ? { index } : {}),
      loc: pythonLoc(scope.module.file, call),
      path: `${key}${count + 1}`,
      ...(within ? { within } : {}),
    });
  }

  // ── targets ─────────────────────────────────────────────────────────────────────────────────

  /** `Table(name)`, `Bucket(name)`, `Object(bucket, key)`, `Queue(url)`: the argument that names it. */
  private resourceTarget(receiver: External, parameter: string, kind: string): AwsCallTarget[] {
    // For `bucket.objects.filter()` too: `objects` keeps the call that made the bucket.
    const made = receiver.made;
    if (!made) return [];
    const madeCallee = made.call.childForFieldName('function');
    const builtName = madeCallee?.type === 'attribute' ? madeCallee.childForFieldName('attribute')?.text : undefined;
    // `bucket.Object(key)` is named by the bucket it was built from, which is not followed here.
    if (kind === 'Object' && builtName === 'Object' && receiver.path.at(-2) === 'Bucket') return [];
    const keyword = { Table: 'name', Bucket: 'name', Object: 'bucket_name', Queue: 'url', Topic: 'arn' }[kind] ?? 'name';
    const argument = keywordOrPosition(made.call, keyword, 0);
    if (!argument) return [];
    const madeScope = { module: made.module, fn: made.fn };
    return [{ parameter, value: this.stringOf(argument, madeScope), loc: pythonLoc(made.module.file, argument) }];
  }

  /** `upload_file(Filename, Bucket, Key)` and the other transfers take the bucket by position or keyword. */
  private transferTargets(call: Node, scope: Scope): AwsCallTarget[] {
    const label = call.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '';
    const position = label === 'copy' ? 1 : label === 'download_file' || label === 'download_fileobj' ? 0 : 1;
    const bucket = keywordOrPosition(call, 'Bucket', position);
    const out: AwsCallTarget[] = bucket ? [{ parameter: 'Bucket', value: this.stringOf(bucket, scope), loc: pythonLoc(scope.module.file, bucket) }] : [];
    if (label === 'copy') {
      const source = keywordOrPosition(call, 'CopySource', 0);
      if (source) out.push({ parameter: 'CopySource', value: this.stringOf(source, scope), loc: pythonLoc(scope.module.file, source) });
    }
    return out;
  }

  private keywordTargets(service: string, call: Node, scope: Scope): AwsCallTarget[] {
    return this.targets(service, call.childForFieldName('arguments'), scope);
  }

  /** Targets from keyword arguments (`TableName=…`), a `**params` dict, or a dict given as a value. */
  private targets(service: string, from: Node | null | undefined, scope: Scope): AwsCallTarget[] {
    const pairs = this.pairs(from ?? null, scope, 0);
    const names = targetParameters(service);
    const out: AwsCallTarget[] = [];
    for (const [name, value, where] of pairs) {
      if (names.includes(name)) {
        const list = name === 'Names' && value.type === 'list' ? value.namedChildren : [value];
        for (const element of list) out.push({ parameter: name, value: this.stringOf(element, where), loc: pythonLoc(where.module.file, element) });
      }
      if (name === 'RequestItems' && service === 'dynamodb') {
        const dict = this.dictionary(value, where, 0);
        for (const pair of dict?.node.namedChildren ?? []) {
          if (pair.type !== 'pair') continue;
          const key = pair.childForFieldName('key');
          if (key) out.push({ parameter: 'RequestItems', value: this.stringOf(key, dict!.scope), loc: pythonLoc(dict!.scope.module.file, key) });
        }
      }
      if (name === 'TransactItems' && service === 'dynamodb' && value.type === 'list') {
        for (const item of value.namedChildren) {
          if (item.type !== 'dictionary') continue;
          const request = item.namedChildren.find((p) => p.type === 'pair');
          const requestName = request ? stringValue(request.childForFieldName('key')) : undefined;
          const body = request?.childForFieldName('value');
          const table = body ? this.pairs(body, where, 1).find(([n]) => n === 'TableName') : undefined;
          if (requestName && table) out.push({ parameter: 'TableName', value: this.stringOf(table[1], table[2]), loc: pythonLoc(table[2].module.file, table[1]), request: requestName });
        }
      }
      if (name === 'Entries' && service === 'events' && value.type === 'list') {
        for (const entry of value.namedChildren) {
          if (entry.type !== 'dictionary') continue;
          const bus = this.pairs(entry, where, 1).find(([n]) => n === 'EventBusName');
          if (bus) out.push({ parameter: 'EventBusName', value: this.stringOf(bus[1], bus[2]), loc: pythonLoc(bus[2].module.file, bus[1]) });
          else if (!entry.namedChildren.some((c) => c.type === 'dictionary_splat')) out.push({ parameter: 'EventBusName', value: { kind: 'literal', value: 'default' }, loc: pythonLoc(where.module.file, entry) });
        }
      }
    }
    return out;
  }

  /** Name/value pairs of keyword arguments, `**dict` splats and dict literals (followed through local names). */
  private pairs(node: Node | null, scope: Scope, depth: number): [string, Node, Scope][] {
    if (!node || depth > 4) return [];
    const out: [string, Node, Scope][] = [];
    if (node.type === 'argument_list') {
      for (const arg of node.namedChildren) {
        if (arg.type === 'keyword_argument') {
          const name = arg.childForFieldName('name')?.text;
          const value = arg.childForFieldName('value');
          if (name && value) out.push([name, value, scope]);
        } else if (arg.type === 'dictionary_splat') out.push(...this.pairs(arg.namedChild(0), scope, depth + 1));
      }
      return out;
    }
    const dict = this.dictionary(node, scope, depth);
    if (dict) {
      for (const pair of dict.node.namedChildren) {
        if (pair.type === 'pair') {
          const key = stringValue(pair.childForFieldName('key'));
          const value = pair.childForFieldName('value');
          if (key !== undefined && value) out.push([key, value, dict.scope]);
        } else if (pair.type === 'dictionary_splat') out.push(...this.pairs(pair.namedChild(0), dict.scope, depth + 1));
      }
      return out;
    }
    // `dict(TableName=…, Key=…)`
    if (node.type === 'call' && node.childForFieldName('function')?.text === 'dict') return this.pairs(node.childForFieldName('arguments'), scope, depth + 1);
    return out;
  }

  /** A dict literal, written in place or assigned once to the name. */
  private dictionary(node: Node, scope: Scope, depth: number): { node: Node; scope: Scope } | undefined {
    if (node.type === 'dictionary') return { node, scope };
    if (node.type !== 'identifier' || depth > 4) return undefined;
    const assigned = this.assignment(node.text, scope);
    return assigned ? this.dictionary(assigned.node, assigned.scope, depth + 1) : undefined;
  }

  /** The one value a name is assigned: in the function (or an enclosing one), else at module scope, else imported from a project module. */
  private assignment(name: string, scope: Scope): { node: Node; scope: Scope } | undefined {
    const analysis = this.context.analysis;
    if (scope.fn) {
      for (const fn of [scope.fn, ...analysis.enclosingFunctions(scope.fn.module, scope.fn.node)]) {
        const info = analysis.info(fn);
        if (info.params.includes(name)) return undefined;
        const local = info.assignments.get(name);
        if (local) return local.length === 1 ? { node: local[0]!, scope: { module: fn.module, fn } } : undefined;
      }
    }
    const global = scope.module.index.assignments.get(name);
    if (global) return global.length === 1 ? { node: global[0]!, scope: { module: scope.module, fn: undefined } } : undefined;
    const binding = scope.module.index.bindings.get(name);
    if (binding?.name) {
      const resolution = analysis.resolver.resolve(scope.module.file, binding.module, binding.level);
      const file = resolution.kind === 'project' ? resolution.file : undefined;
      const other = file ? analysis.load(file) : undefined;
      const assigned = other?.index.assignments.get(binding.name);
      if (other && assigned?.length === 1) return { node: assigned[0]!, scope: { module: other, fn: undefined } };
    }
    return undefined;
  }

  /** What a target is given: a literal, an environment variable (directly or through a name), or unknown. */
  private stringOf(node: Node, scope: Scope, depth = 0): AwsCallTarget['value'] {
    const literal = stringValue(node);
    if (literal !== undefined) return { kind: 'literal', value: literal };
    const environment = environmentName(node);
    if (environment) return { kind: 'environment', name: environment };
    if (depth > 6) return { kind: 'unknown' };
    if (node.type === 'parenthesized_expression' && node.namedChild(0)) return this.stringOf(node.namedChild(0)!, scope, depth + 1);
    // `os.environ.get("TABLE") or "local"`
    if (node.type === 'boolean_operator') {
      const left = node.childForFieldName('left');
      const value = left ? this.stringOf(left, scope, depth + 1) : undefined;
      return value?.kind === 'environment' ? value : { kind: 'unknown' };
    }
    if (node.type === 'identifier') {
      const assigned = this.assignment(node.text, scope);
      return assigned ? this.stringOf(assigned.node, assigned.scope, depth + 1) : { kind: 'unknown' };
    }
    // `config.TABLE` where `config` is a project module.
    if (node.type === 'attribute') {
      const object = this.evaluate(node.childForFieldName('object'), scope);
      const name = node.childForFieldName('attribute')?.text;
      if (object?.kind === 'module' && name && object.resolution.file) {
        const other = this.context.analysis.load(object.resolution.file);
        const assigned = other?.index.assignments.get(name);
        if (other && assigned?.length === 1) return this.stringOf(assigned[0]!, { module: other, fn: undefined }, depth + 1);
      }
    }
    return { kind: 'unknown' };
  }
}

/** `os.environ["X"]`, `os.environ.get("X"[, default])`, `os.getenv("X")`, and the same through `from os import environ, getenv`. */
function environmentName(node: Node): string | undefined {
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value')?.text.replace(/\s+/g, '');
    return value === 'os.environ' || value === 'environ' ? stringValue(node.childForFieldName('subscript')) : undefined;
  }
  if (node.type === 'call') {
    const callee = node.childForFieldName('function')?.text.replace(/\s+/g, '');
    if (callee && /^(os\.)?(environ\.get|getenv)$/.test(callee)) return stringValue(argumentsOf(node)[0] ?? null);
  }
  return undefined;
}

/** Positional arguments of a call (with `all`, keyword values too). */
function argumentsOf(call: Node, all = false): Node[] {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  return args.flatMap((arg) => (arg.type === 'keyword_argument' ? (all && arg.childForFieldName('value') ? [arg.childForFieldName('value')!] : []) : arg.type === 'comment' ? [] : [arg]));
}

/** The argument given for a parameter by keyword, else at a position (-1: keyword only). */
function keywordOrPosition(call: Node, keyword: string, position: number): Node | undefined {
  const args = call.childForFieldName('arguments')?.namedChildren ?? [];
  for (const arg of args) if (arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === keyword) return arg.childForFieldName('value') ?? undefined;
  if (position < 0) return undefined;
  return argumentsOf(call)[position];
}

/** The wrapper package an import loads (`import awswrangler`, `from aws_lambda_powertools.utilities import parameters`). */
function wrapperImported(imported: { module: string; level: number; names: string[] }): string | undefined {
  if (imported.level > 0) return undefined;
  if (SDK_WRAPPERS.test(imported.module)) return imported.module;
  return imported.names.map((name) => `${imported.module}.${name}`).find((dotted) => SDK_WRAPPERS.test(dotted));
}

/** Whether the name at the root of an attribute/call chain is assigned more than once in the function. */
function reassignedRoot(node: Node, assignments: Map<string, Node[]>): boolean {
  let current: Node | null = node;
  while (current && (current.type === 'attribute' || current.type === 'call')) current = current.type === 'attribute' ? current.childForFieldName('object') : current.childForFieldName('function');
  return current?.type === 'identifier' && (assignments.get(current.text)?.length ?? 0) > 1;
}
