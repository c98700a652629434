/** Python CDK apps read as code (src/model/cdk-interpret-python.ts), lowered by the TypeScript side's StackLowering. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import { cdkAppEntry } from '../src/model/cdk-app.js';
import { camel, PythonCdkInterpreter, pythonCdkModule, readPythonCdkApp } from '../src/model/cdk-interpret-python.js';
import { asList, get, getPath, isMap, isScalar, type TNode } from '../src/parse/tree.js';
import { pythonCdkMessage } from '../src/model/cdk-python-spelling.js';
import { loadPythonParser } from '../src/source/python/parser.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-cdk-py-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const CDK_JSON = JSON.stringify({ app: 'python3 app.py' });
const APP = ['import aws_cdk as cdk', 'from stacks.app_stack import AppStack', '', 'app = cdk.App()', 'AppStack(app, "AppStack")', 'app.synth()', ''].join('\n');
const HANDLER = 'def handler(event, context):\n    return {"ok": True}\n';

/** An app whose stack `__init__` body is `body` (indented by 8), with the usual imports. */
function stackApp(body: string, extra: Record<string, string> = {}): string {
  const stack = [
    'from aws_cdk import Duration, SecretValue, Stack',
    'from aws_cdk import aws_lambda as _lambda, aws_sqs as sqs, aws_iam as iam, aws_dynamodb as dynamodb',
    'from aws_cdk.aws_lambda_event_sources import SqsEventSource',
    'from constructs import Construct',
    '',
    'class AppStack(Stack):',
    '    def __init__(self, scope: Construct, construct_id: str, **kwargs) -> None:',
    '        super().__init__(scope, construct_id, **kwargs)',
    body,
    '',
  ].join('\n');
  return project({ 'cdk.json': CDK_JSON, 'app.py': APP, 'stacks/__init__.py': '', 'stacks/app_stack.py': stack, 'lambda/index.py': HANDLER, ...extra });
}

const FN = (id: string, extra = '') =>
  `        ${id.toLowerCase()} = _lambda.Function(self, "${id}", runtime=_lambda.Runtime.PYTHON_3_12, code=_lambda.Code.from_asset("lambda"), handler="index.handler", timeout=Duration.seconds(10), memory_size=256, tracing=_lambda.Tracing.ACTIVE${extra})`;

async function read(dir: string) {
  return readPythonCdkApp(await loadPythonParser(), dir, path.join(dir, 'app.py'));
}

async function run(dir: string) {
  return lint({ cwd: dir, paths: ['.'], config: await loadConfig({ cwd: dir, preset: 'all' }) });
}

const where = (f: { loc: { file: string; line: number } }, dir: string) => `${path.relative(dir, f.loc.file)}:${f.loc.line}`;
const resourceOf = (root: TNode, id: string) => getPath(root, 'Resources', id);
const scalarAt = (node: TNode | undefined, ...keys: string[]) => {
  const v = getPath(node, ...keys);
  return isScalar(v) ? v.value : undefined;
};

describe('Python CDK names', () => {
  it('maps snake_case onto the camelCase CDK names and Python modules onto CDK modules', () => {
    expect(camel('visibility_timeout')).toBe('visibilityTimeout');
    expect(camel('report_batch_item_failures')).toBe('reportBatchItemFailures');
    expect(camel('from_asset')).toBe('fromAsset');
    expect(camel('PYTHON_3_12')).toBe('PYTHON_3_12');
    expect(camel('handler')).toBe('handler');
    expect(pythonCdkModule('aws_cdk')).toBe('core');
    expect(pythonCdkModule('aws_cdk.core')).toBe('core');
    expect(pythonCdkModule('constructs')).toBe('core');
    expect(pythonCdkModule('aws_cdk.aws_lambda_event_sources')).toBe('aws-lambda-event-sources');
    expect(pythonCdkModule('aws_cdk.aws_lambda_python_alpha')).toBe('aws-lambda-python');
    expect(pythonCdkModule('boto3')).toBeUndefined();
  });

  it('respells the CDK fixes of a message in Python, and nothing else in it', () => {
    expect(pythonCdkMessage('Add fn.addToRolePolicy(new PolicyStatement({ actions: [\'s3:GetObject\', \'s3:PutObject\'], resources: [...] })) (or the resource construct\'s grant method) for Fn.')).toBe(
      'Add fn.add_to_role_policy(iam.PolicyStatement(actions=["s3:GetObject", "s3:PutObject"], resources=[...])) (or the resource construct\'s grant method) for Fn.',
    );
    const partial = 'Add reportBatchItemFailures: true on the SqsEventSource and return batchItemFailures from the handler.';
    expect(pythonCdkMessage(partial)).toBe('Add report_batch_item_failures=True on the SqsEventSource and return batchItemFailures from the handler.');
    expect(pythonCdkMessage('Queue reportBatchItemFailuresQueue has no RedrivePolicy.')).toBe('Queue reportBatchItemFailuresQueue has no RedrivePolicy.');
  });

  it('finds the entry of a python app command', () => {
    const dir = project({ 'app.py': '' });
    for (const command of ['python3 app.py', 'python app.py', '.venv/bin/python app.py', 'python3.12 app.py']) expect(cdkAppEntry(command, dir), command).toEqual({ entry: path.join(dir, 'app.py') });
  });
});

describe('Python CDK apps read as code', () => {
  it('follows App, a stack class in another module, keyword arguments, module constants and f-strings', async () => {
    const dir = stackApp(
      [
        FN('Worker', ', environment={"QUEUE": f"{construct_id}-jobs", "BATCH": str(BATCH), "ESCAPED": f"{construct_id}\\t\\x41{{x}}\\\\", "RAW": rf"{construct_id}\\x41{{", "BEYOND": f"{construct_id}\\U00110000"}'),
        '        queue = sqs.Queue(self, "Jobs", visibility_timeout=Duration.minutes(2), dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=MAX, queue=sqs.Queue(self, "Dlq")))',
        '        worker.add_event_source(SqsEventSource(queue, batch_size=BATCH, report_batch_item_failures=True))',
      ].join('\n'),
    );
    const stackFile = path.join(dir, 'stacks/app_stack.py');
    const { readFileSync } = await import('node:fs');
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('class AppStack', 'BATCH = 5\nMAX = 3\n\nclass AppStack'));
    const result = await read(dir);
    expect(result.stacks.map((s) => s.name)).toEqual(['AppStack']);
    const root = result.stacks[0]!.root;
    const fn = resourceOf(root, 'Worker');
    expect(scalarAt(fn, 'Properties', 'Runtime')).toBe('python3.12');
    expect(scalarAt(fn, 'Properties', 'Timeout')).toBe(10);
    expect(scalarAt(fn, 'Properties', 'MemorySize')).toBe(256);
    expect(scalarAt(fn, 'Properties', 'Code')).toBe(path.join(dir, 'lambda'));
    expect(scalarAt(fn, 'Properties', 'Environment', 'Variables', 'QUEUE')).toBe('AppStack-jobs');
    expect(scalarAt(fn, 'Properties', 'Environment', 'Variables', 'BATCH')).toBe('5');
    // Escapes and doubled braces in an f-string read as Python reads them; a raw f-string keeps its backslashes.
    expect(scalarAt(fn, 'Properties', 'Environment', 'Variables', 'ESCAPED')).toBe('AppStack\tA{x}\\');
    expect(scalarAt(fn, 'Properties', 'Environment', 'Variables', 'RAW')).toBe('AppStack\\x41{');
    // Beyond Unicode: Python rejects it; read as written rather than failing the whole app.
    expect(scalarAt(fn, 'Properties', 'Environment', 'Variables', 'BEYOND')).toBe('AppStack\\U00110000');
    const queue = resourceOf(root, 'Jobs');
    expect(scalarAt(queue, 'Properties', 'VisibilityTimeout')).toBe(120);
    expect(scalarAt(queue, 'Properties', 'RedrivePolicy', 'maxReceiveCount')).toBe(3);
    const resources = get(root, 'Resources');
    const mapping = (isMap(resources) ? resources.entries : []).find((e) => scalarAt(e.value, 'Type') === 'AWS::Lambda::EventSourceMapping')?.value;
    expect(scalarAt(mapping, 'Properties', 'BatchSize')).toBe(5);
    // Located in the Python code: the keyword argument's line.
    const timeout = getPath(queue, 'Properties', 'VisibilityTimeout');
    expect(timeout?.loc.file).toBe(stackFile);
    expect(result.stats.functions).toBe(1);
  });

  it('builds what a call creates once when a method the reading does not model is called on it', async () => {
    const dir = stackApp(
      [
        '        Holder(self, "Held").with_tag("team")',
        '        sqs.Queue(self, "Loose").node.add_dependency(Holder(self, "Other"))',
      ].join('\n'),
    );
    const stackFile = path.join(dir, 'stacks/app_stack.py');
    const { readFileSync } = await import('node:fs');
    const holder = ['class Holder(Construct):', '    def __init__(self, scope, id):', '        super().__init__(scope, id)', '        sqs.Queue(self, "Inner")', '', ''].join('\n');
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('class AppStack', `${holder}class AppStack`));
    const result = await read(dir);
    const resources = get(result.stacks[0]!.root, 'Resources');
    const queues = (isMap(resources) ? resources.entries : []).filter((e) => scalarAt(e.value, 'Type') === 'AWS::SQS::Queue').map((e) => scalarAt(e.value, 'Metadata', 'aws:cdk:path'));
    expect(queues.sort()).toEqual(['AppStack/Held/Inner/Resource', 'AppStack/Loose/Resource', 'AppStack/Other/Inner/Resource']);
  });

  it('reports on the Python lines, with the construct path, and links the handler', async () => {
    const dir = stackApp(
      [
        FN('Consumer'),
        '        intake = sqs.Queue(self, "Intake", visibility_timeout=Duration.seconds(5))',
        '        consumer.add_event_source(SqsEventSource(intake, batch_size=10))',
        '        consumer.add_to_role_policy(iam.PolicyStatement(actions=["s3:*"], resources=["*"]))',
      ].join('\n'),
    );
    const { findings } = await run(dir);
    const by = (rule: string) => findings.filter((f) => f.ruleId === rule).map((f) => where(f, dir));
    expect(by('function-timeout')).toEqual(['stacks/app_stack.py:10']);
    expect(by('queue-redrive')).toEqual(['stacks/app_stack.py:10']);
    expect(by('sqs-partial-batch')).toEqual(['stacks/app_stack.py:11']);
    expect(by('iam-wildcard-action')).toEqual(['stacks/app_stack.py:12']);
    expect(findings.find((f) => f.ruleId === 'queue-redrive')?.message).toContain('AppStack/Intake');
    // The fixes are spelled in Python.
    expect(findings.find((f) => f.ruleId === 'queue-redrive')?.message).toContain('dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=5)');
    expect(findings.find((f) => f.ruleId === 'sqs-partial-batch')?.message).toContain('report_batch_item_failures=True on the SqsEventSource');
    expect(findings.find((f) => f.ruleId === 'function-timeout')?.message).toContain('visibility_timeout on the Queue construct');
  });

  it('reports a value passed to the app\'s own construct where it is passed, and one hard-coded inside it inside', async () => {
    const construct = [
      'from aws_cdk import Duration, aws_lambda as _lambda',
      'from constructs import Construct',
      '',
      'class TeamFunction(Construct):',
      '    def __init__(self, scope, construct_id, *, handler, timeout=Duration.seconds(10), **kwargs):',
      '        super().__init__(scope, construct_id)',
      '        self._fn = _lambda.Function(self, "Fn", runtime=_lambda.Runtime.PYTHON_3_8, code=_lambda.Code.from_asset("lambda"), handler=handler, timeout=timeout, memory_size=256, **kwargs)',
      '',
      '    @property',
      '    def fn(self):',
      '        return self._fn',
      '',
    ].join('\n');
    const dir = stackApp(
      [
        '        TeamFunction(self, "Slow", handler="index.handler", timeout=Duration.seconds(900), tracing=_lambda.Tracing.ACTIVE)',
        '        plain = TeamFunction(self, "Plain", handler="index.handler", tracing=_lambda.Tracing.ACTIVE)',
        '        for name, actions in {"Read": ["s3:GetObject"], "Admin": ["s3:*"]}.items():',
        '            plain.fn.add_to_role_policy(iam.PolicyStatement(sid=name, actions=actions, resources=["*"]))',
      ].join('\n'),
      { 'stacks/team.py': construct },
    );
    const stackFile = path.join(dir, 'stacks/app_stack.py');
    const { readFileSync } = await import('node:fs');
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('from constructs import Construct', 'from constructs import Construct\nfrom stacks.team import TeamFunction'));
    const { findings } = await run(dir);
    // The runtime is hard-coded in the construct: one finding inside it, though it is used twice.
    expect(findings.filter((f) => f.ruleId === 'eol-runtime').map((f) => where(f, dir))).toEqual(['stacks/team.py:7']);
    expect(findings.filter((f) => f.ruleId === 'function-tracing')).toEqual([]);
    // A @property of the construct, and a loop over a dict literal's items().
    expect(findings.filter((f) => f.ruleId === 'iam-wildcard-action').map((f) => where(f, dir))).toEqual(['stacks/app_stack.py:12']);
  });

  it('reads a class that extends a library construct as that construct, created with what its constructor passes up', async () => {
    const construct = [
      'from aws_cdk import Duration, aws_lambda as _lambda',
      '',
      'class TeamFunction(_lambda.Function):',
      '    def __init__(self, scope, construct_id, *, handler, **kwargs):',
      '        super().__init__(scope, construct_id, runtime=_lambda.Runtime.PYTHON_3_8, code=_lambda.Code.from_asset("lambda"),',
      '                         handler=handler, memory_size=256, tracing=_lambda.Tracing.ACTIVE, **kwargs)',
      '        self.add_environment("TEAM", "orders")',
      '',
    ].join('\n');
    const dir = stackApp(
      [
        '        worker = TeamFunction(self, "Worker", handler="index.handler", timeout=Duration.seconds(20))',
        '        table = dynamodb.Table(self, "T", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))',
        '        table.grant_read_data(worker)',
      ].join('\n'),
      { 'stacks/team.py': construct },
    );
    const stackFile = path.join(dir, 'stacks/app_stack.py');
    const { readFileSync } = await import('node:fs');
    writeFileSync(stackFile, readFileSync(stackFile, 'utf8').replace('from constructs import Construct', 'from constructs import Construct\nfrom stacks.team import TeamFunction'));
    const result = await read(dir);
    const fn = resourceOf(result.stacks[0]!.root, 'Worker');
    expect(scalarAt(fn, 'Properties', 'Timeout')).toBe(20);
    expect(scalarAt(fn, 'Properties', 'Environment', 'Variables', 'TEAM')).toBe('orders');
    expect(resourceOf(result.stacks[0]!.root, 'WorkerServiceRoleDefaultPolicy')).toBeDefined();
    // Keyed where the class is instantiated; the runtime, hard-coded in the class, is reported there.
    expect(fn?.loc.file).toBe(stackFile);
    const { findings } = await run(dir);
    expect(findings.filter((f) => f.ruleId === 'eol-runtime').map((f) => where(f, dir))).toEqual(['stacks/team.py:5']);
  });

  it('never judges values only known when the app runs', async () => {
    const dir = stackApp(
      [
        '        import os',
        '        size = int(os.environ["BATCH"]) if os.environ.get("BATCH") else 10',
        '        q = sqs.Queue(self, "Q", visibility_timeout=Duration.seconds(int(os.getenv("VIS"))), dead_letter_queue=sqs.DeadLetterQueue(max_receive_count=3, queue=sqs.Queue(self, "D")))',
        FN('Fn', ', timeout=Duration.seconds(self.node.try_get_context("timeout"))').replace(', timeout=Duration.seconds(10)', ''),
        '        fn.add_event_source(SqsEventSource(q, batch_size=size, report_batch_item_failures=True))',
      ].join('\n'),
    );
    const result = await read(dir);
    expect(result.stats.unknownValues).toBeGreaterThan(0);
    const { findings } = await run(dir);
    expect(findings.filter((f) => /function-timeout|queue-redrive/.test(f.ruleId) || f.messageId === 'notEnabled')).toEqual([]);
  });

  it('lowers grants, kwargs passed down with **kwargs, and a grant to a function of another stack', async () => {
    const app = [
      'import aws_cdk as cdk',
      'from stacks.app_stack import AppStack, DataStack',
      '',
      'app = cdk.App()',
      'data = DataStack(app, "Data")',
      'AppStack(app, "AppStack", table=data.table)',
      '',
    ].join('\n');
    const dir = stackApp('', {
      'app.py': app,
      'lambda/index.py': 'import boto3\n\ntable = boto3.resource("dynamodb").Table("orders")\n\ndef handler(event, context):\n    return table.get_item(Key={"pk": event["id"]})\n',
    });
    const stackFile = path.join(dir, 'stacks/app_stack.py');
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(stackFile, 'utf8')
      .replace('construct_id: str, **kwargs) -> None:', 'construct_id: str, *, table, **kwargs) -> None:')
      .concat(FN('Reader').replace('        reader', '        reader'), '\n        table.grant_read_data(reader)\n', '\n\nclass DataStack(Stack):\n    def __init__(self, scope, construct_id, **kwargs):\n        super().__init__(scope, construct_id, **kwargs)\n        self.table = dynamodb.Table(self, "Orders", partition_key=dynamodb.Attribute(name="pk", type=dynamodb.AttributeType.STRING))\n');
    writeFileSync(stackFile, text);
    const result = await read(dir);
    expect(result.stacks.map((s) => s.name)).toEqual(['Data', 'AppStack']);
    const policy = resourceOf(result.stacks[1]!.root, 'ReaderServiceRoleDefaultPolicy');
    const statement = asList(getPath(policy, 'Properties', 'PolicyDocument', 'Statement'))[0];
    expect(asList(get(statement, 'Action')).map((a) => (isScalar(a) ? a.value : undefined))).toContain('dynamodb:GetItem');
    // The table is in another stack: the statement's resource is not known here.
    expect(get(statement, 'Resource')).toBeDefined();
    const { findings } = await run(dir);
    expect(findings.filter((f) => f.ruleId === 'iam-missing-permission')).toEqual([]);
  });

  it('reads a CDK v1 app (aws_cdk.core) with a RestApi method integrating a function', async () => {
    const stack = [
      'from aws_cdk import core',
      'from aws_cdk import aws_lambda, aws_apigateway as apigw',
      '',
      'class ApiStack(core.Stack):',
      '    def __init__(self, scope: core.Construct, id: str, **kwargs) -> None:',
      '        super().__init__(scope, id, **kwargs)',
      '        fn = aws_lambda.Function(self, "Orders", runtime=aws_lambda.Runtime.PYTHON_3_12, handler="index.handler",',
      '                                 code=aws_lambda.Code.from_asset(path="lambda"), timeout=core.Duration.seconds(60), memory_size=256,',
      '                                 tracing=aws_lambda.Tracing.ACTIVE)',
      '        api = apigw.RestApi(self, "Api")',
      '        api.root.add_resource("orders").add_method("GET", apigw.LambdaIntegration(fn))',
      '',
    ].join('\n');
    const dir = project({ 'cdk.json': CDK_JSON, 'app.py': 'from aws_cdk import core\nfrom api_stack import ApiStack\n\napp = core.App()\nApiStack(app, "ApiStack")\napp.synth()\n', 'api_stack.py': stack, 'lambda/index.py': HANDLER });
    const { findings, handlers } = await run(dir);
    expect(findings.filter((f) => f.messageId === 'aboveApiLimit').map((f) => where(f, dir))).toEqual(['api_stack.py:8']);
    expect(handlers.map((h) => (h.source ? path.relative(dir, h.source) : h.reason))).toEqual(['lambda/index.py']);
  });

  it('turns code it cannot follow into notices and unknowns, not a crash', async () => {
    const dir = project({
      'cdk.json': CDK_JSON,
      'app.py': 'import aws_cdk as cdk\nfrom stacks.missing import Nope\nfrom stacks.bad import Bad\nfrom loop_a import *\n\napp = cdk.App()\nNope(app, "Nope")\nBad(app, "Bad")\nLooped(app, "Looped")\nfor name in load_names():\n    pass\n',
      'stacks/bad.py': 'class Bad(\n    def broken(:\n',
      // Star imports that import each other.
      'loop_a.py': 'from loop_b import *\n',
      'loop_b.py': 'from loop_a import *\n',
      // A package whose __init__.py imports its own submodule.
      'pkg/__init__.py': 'from . import helpers\nfrom .helpers import make\n',
      'pkg/helpers.py': 'def make():\n    return 1\n',
    });
    const result = await read(dir);
    expect(result.stacks).toEqual([]);
    expect(result.notices.some((n) => n.message.includes('loop'))).toBe(true);
    expect(result.notices.some((n) => n.message.startsWith('Nope (from stacks.missing'))).toBe(true);
    expect(readPythonCdkApp(await loadPythonParser(), dir, path.join(dir, 'pkg/__init__.py'))).toMatchObject({ stacks: [] });
    const interpreter = new PythonCdkInterpreter(await loadPythonParser(), dir);
    expect(() => interpreter.run(path.join(dir, 'missing.py'))).not.toThrow();
    expect(interpreter.notices[0]?.message).toContain('cannot be read');
  });
});
