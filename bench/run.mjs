#!/usr/bin/env node
/**
 * Benchmark: generates a synthetic corpus of realistic SAM projects in a temporary folder and times
 * the whole CLI over it (process start to exit), next to a baseline measured in the same run: a
 * bare Node process that reads every template and parses it with `yaml` — the floor for any
 * YAML-reading linter on this machine. Figures are reported as ratios to that baseline.
 *
 * A second corpus exercises source analysis: projects whose templates link handler files that
 * import project helper modules and SDK clients (some built per invocation, some not). A third puts
 * as many Python handlers beside them and measures what reading Python adds.
 *
 *   npm run bench -- --templates 500 --handlers 1000 --runs 5 [--keep]
 *   npm run bench -- --scale          (the template corpus at 1×, 4× and 16×: cost per file should stay flat)
 *   npm run bench -- --corpus <folder> [--runs 3] (a real repository; see corpus.mjs)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchCorpus } from './corpus.mjs';
import { measure as measureRuns } from './measure.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const { values } = parseArgs({
  options: {
    templates: { type: 'string', default: '500' },
    handlers: { type: 'string', default: '1000' },
    runs: { type: 'string' },
    keep: { type: 'boolean', default: false },
    corpus: { type: 'string' },
    scale: { type: 'boolean', default: false },
  },
});
const templateCount = Number(values.templates);
const handlerCount = Number(values.handlers);
const runs = Number(values.runs ?? (values.corpus || values.scale ? 3 : 5));

// ── corpus ──────────────────────────────────────────────────────────────────────────────────

/** Deterministic PRNG (mulberry32) so every run of the benchmark lints the same corpus. */
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EVENT_KINDS = ['Api', 'HttpApi', 'SQS', 'S3', 'Schedule', 'DynamoDB', 'SNS', 'EventBridgeRule'];

function generateTemplate(index, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const name = `Service${index}`;
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    'Transform: AWS::Serverless-2016-10-31',
    `Description: Synthetic service ${index} for the sls-lint benchmark`,
    'Parameters:',
    '  Stage:',
    '    Type: String',
    '    Default: dev',
    '  LogLevel:',
    '    Type: String',
    '    Default: info',
    'Globals:',
    '  Function:',
    `    Runtime: ${pick(['nodejs20.x', 'nodejs22.x', 'nodejs18.x'])}`,
    `    MemorySize: ${pick([128, 256, 512, 1024])}`,
    random() < 0.5 ? '    Timeout: 10' : '    Tracing: Active',
    '    Environment:',
    '      Variables:',
    '        STAGE: !Ref Stage',
    '        LOG_LEVEL: !Ref LogLevel',
    '        TABLE_NAME: !Ref Table',
    'Resources:',
  ];
  const functionCount = 3 + Math.floor(random() * 6);
  for (let f = 0; f < functionCount; f++) {
    const kind = pick(EVENT_KINDS);
    lines.push(
      `  ${name}Fn${f}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      `      Handler: fn${f}.handler`,
      ...(random() < 0.6 ? [`      Timeout: ${pick([3, 10, 30, 60, 120])}`] : []),
      '      Policies:',
      '        - DynamoDBCrudPolicy:',
      '            TableName: !Ref Table',
      ...(random() < 0.2 ? ['        - Statement:', '            - Effect: Allow', "              Action: 's3:*'", "              Resource: '*'"] : []),
      ...(random() < 0.1 ? ['        - AdministratorAccess'] : []),
      '      Events:',
      `        ${kind}Event:`,
      `          Type: ${kind}`,
      '          Properties:',
      ...eventProperties(kind, f),
    );
  }
  lines.push(
    '  Queue:',
    '    Type: AWS::SQS::Queue',
    '    Properties:',
    `      VisibilityTimeout: ${pick([30, 60, 180, 360])}`,
    ...(random() < 0.7 ? ['      RedrivePolicy:', '        deadLetterTargetArn: !GetAtt DeadLetterQueue.Arn', '        maxReceiveCount: 5'] : []),
    '  DeadLetterQueue:',
    '    Type: AWS::SQS::Queue',
    '  Topic:',
    '    Type: AWS::SNS::Topic',
    '  Bucket:',
    '    Type: AWS::S3::Bucket',
    '  Table:',
    '    Type: AWS::DynamoDB::Table',
    '    Properties:',
    '      BillingMode: PAY_PER_REQUEST',
    '      AttributeDefinitions:',
    '        - { AttributeName: pk, AttributeType: S }',
    '      KeySchema:',
    '        - { AttributeName: pk, KeyType: HASH }',
    '      StreamSpecification:',
    '        StreamViewType: NEW_IMAGE',
    'Outputs:',
    '  TableName:',
    '    Value: !Ref Table',
    '  QueueUrl:',
    '    Value: !Ref Queue',
  );
  return `${lines.join('\n')}\n`;
}

function eventProperties(kind, f) {
  switch (kind) {
    case 'Api':
      return [`            Path: /items/${f}`, '            Method: post'];
    case 'HttpApi':
      return [`            Path: /v2/items/${f}`, '            Method: get'];
    case 'SQS':
      return ['            Queue: !GetAtt Queue.Arn', '            BatchSize: 10'];
    case 'S3':
      return ['            Bucket: !Ref Bucket', '            Events: s3:ObjectCreated:*'];
    case 'Schedule':
      return ['            Schedule: rate(5 minutes)'];
    case 'DynamoDB':
      return ['            Stream: !GetAtt Table.StreamArn', '            StartingPosition: LATEST', '            MaximumRetryAttempts: 2'];
    case 'SNS':
      return ['            Topic: !Ref Topic'];
    default:
      return ['            Pattern:', '              source: [orders]'];
  }
}

function generateCorpus(dir, count) {
  const random = prng(42);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const project = path.join(dir, `service-${String(i).padStart(4, '0')}`);
    mkdirSync(project, { recursive: true });
    const text = generateTemplate(i, random);
    writeFileSync(path.join(project, 'template.yaml'), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

const HANDLERS_PER_PROJECT = 5;

function generateHandlerProject(dir, index, random) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  const functions = [];
  let bytes = 0;
  const write = (file, text) => {
    writeFileSync(path.join(dir, file), text);
    bytes += Buffer.byteLength(text);
  };
  write('src/lib/db.mjs', [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';",
    'let documents;',
    'const table = () => process.env.TABLE_NAME;',
    'export async function getItem(id) {',
    '  documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    '  const { Item } = await documents.send(new GetCommand({ TableName: table(), Key: { pk: id } }));',
    '  return Item;',
    '}',
    'export async function putItem(item) {',
    random() < 0.3 ? '  const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));' : '  const client = documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({}));',
    '  await client.send(new PutCommand({ TableName: table(), Item: item }));',
    '}',
    '',
  ].join('\n'));
  write('src/lib/format.mjs', [
    "import { randomUUID } from 'node:crypto';",
    random() < 0.2 ? "import moment from 'moment';" : "import dayjs from 'dayjs';",
    'export const newId = () => randomUUID();',
    'export const respond = (statusCode, body) => ({ statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });',
    'export function parseBody(event) {',
    '  try { return JSON.parse(event.body ?? "{}"); } catch { return {}; }',
    '}',
    '',
  ].join('\n'));
  for (let h = 0; h < HANDLERS_PER_PROJECT; h++) {
    const perInvocationClient = random() < 0.25;
    write(`src/handler${h}.mjs`, [
      "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
      "import { getItem, putItem } from './lib/db.mjs';",
      "import { newId, parseBody, respond } from './lib/format.mjs';",
      perInvocationClient ? '' : 'const sqs = new SQSClient({});',
      `export const handler = async (event) => {`,
      perInvocationClient ? '  const sqs = new SQSClient({});' : '',
      '  const body = parseBody(event);',
      '  const existing = body.id ? await getItem(body.id) : undefined;',
      '  const item = { ...existing, ...body, pk: body.id ?? newId() };',
      '  await putItem(item);',
      `  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(item) }));`,
      '  return respond(200, item);',
      '};',
      '',
    ].join('\n'));
    functions.push(
      `  Handler${h}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      `      Handler: handler${h}.handler`,
      `      Timeout: ${pick([10, 15, 29])}`,
      '      Events:',
      `        Api: { Type: Api, Properties: { Path: /items/${h}, Method: post } }`,
    );
  }
  write('template.yaml', [
    'Transform: AWS::Serverless-2016-10-31',
    `Description: Synthetic handler project ${index}`,
    'Globals:',
    '  Function:',
    '    Runtime: nodejs20.x',
    '    MemorySize: 256',
    'Resources:',
    ...functions,
    '',
  ].join('\n'));
  return bytes;
}

/** The same shape of project in Python: a handler per function, helper modules in a package, boto3. */
function generatePythonProject(dir, index, random) {
  mkdirSync(path.join(dir, 'src', 'lib'), { recursive: true });
  const functions = [];
  let bytes = 0;
  const write = (file, text) => {
    writeFileSync(path.join(dir, file), text);
    bytes += Buffer.byteLength(text);
  };
  write('src/lib/__init__.py', '');
  write('src/lib/db.py', [
    'import os',
    'import boto3',
    '',
    '_table = None',
    '',
    '',
    'def table():',
    '    global _table',
    '    if _table is None:',
    '        _table = boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"])',
    '    return _table',
    '',
    '',
    'def get_item(item_id: str) -> dict | None:',
    '    return table().get_item(Key={"pk": item_id}).get("Item")',
    '',
    '',
    'def put_item(item: dict) -> None:',
    random() < 0.3 ? '    boto3.resource("dynamodb").Table(os.environ["TABLE_NAME"]).put_item(Item=item)' : '    table().put_item(Item=item)',
    '',
  ].join('\n'));
  write('src/lib/fmt.py', [
    'import json',
    'import uuid',
    random() < 0.2 ? 'import pandas as pd' : 'from datetime import datetime, timezone',
    '',
    '',
    'def new_id() -> str:',
    '    return str(uuid.uuid4())',
    '',
    '',
    'def respond(status: int, body: dict) -> dict:',
    '    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}',
    '',
    '',
    'def parse_body(event: dict) -> dict:',
    '    try:',
    '        return json.loads(event.get("body") or "{}")',
    '    except ValueError:',
    '        return {}',
    '',
  ].join('\n'));
  for (let h = 0; h < HANDLERS_PER_PROJECT; h++) {
    const perInvocationClient = random() < 0.25;
    write(`src/handler${h}.py`, [
      'import json',
      'import os',
      'import boto3',
      'from lib.db import get_item, put_item',
      'from lib.fmt import new_id, parse_body, respond',
      '',
      perInvocationClient ? '' : 'sqs = boto3.client("sqs")',
      '',
      '',
      'def lambda_handler(event, context):',
      perInvocationClient ? '    sqs = boto3.client("sqs")' : '',
      '    body = parse_body(event)',
      '    existing = get_item(body["id"]) if "id" in body else None',
      '    item = {**(existing or {}), **body, "pk": body.get("id") or new_id()}',
      '    put_item(item)',
      '    sqs.send_message(QueueUrl=os.environ["QUEUE_URL"], MessageBody=json.dumps(item))',
      '    return respond(200, item)',
      '',
    ].join('\n'));
    functions.push(
      `  Handler${h}:`,
      '    Type: AWS::Serverless::Function',
      '    Properties:',
      '      CodeUri: src/',
      `      Handler: handler${h}.lambda_handler`,
      '      Timeout: 10',
      '      Events:',
      `        Api: { Type: Api, Properties: { Path: /items/${h}, Method: post } }`,
    );
  }
  write('template.yaml', [
    'Transform: AWS::Serverless-2016-10-31',
    `Description: Synthetic Python handler project ${index}`,
    'Globals:',
    '  Function:',
    '    Runtime: python3.12',
    '    MemorySize: 256',
    'Resources:',
    ...functions,
    '',
  ].join('\n'));
  return bytes;
}

function generatePythonCorpus(dir, count) {
  const random = prng(11);
  let bytes = 0;
  for (let i = 0; i < Math.ceil(count / HANDLERS_PER_PROJECT); i++) bytes += generatePythonProject(path.join(dir, `py-app-${String(i).padStart(4, '0')}`), i, random);
  return bytes;
}

/** Removes every `.py` file under `dir`: the templates stay, the Python code is no longer there to read. */
function removePythonSources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) removePythonSources(full);
    else if (entry.name.endsWith('.py')) rmSync(full);
  }
}

function generateHandlerCorpus(dir, count) {
  const random = prng(7);
  let bytes = 0;
  for (let i = 0; i < Math.ceil(count / HANDLERS_PER_PROJECT); i++) bytes += generateHandlerProject(path.join(dir, `app-${String(i).padStart(4, '0')}`), i, random);
  return bytes;
}

// ── measurement ─────────────────────────────────────────────────────────────────────────────

/** The command `runs` times (see measure.mjs). */
function measure(args, label) {
  return measureRuns(args, { runs, label });
}

if (values.corpus) {
  statSync(path.join(repo, 'dist', 'src', 'cli.js'));
  benchCorpus({ folder: path.resolve(values.corpus), runs, here, cli: path.join(repo, 'bin', 'sls-lint.js'), extraArgs: [] });
  process.exit(0);
}
if (values.scale) {
  benchScale();
  process.exit(0);
}

/**
 * The same mix of template and handler projects at 1×, 4× and 16×: time and memory per file must
 * stay flat, or something looks across stacks or handlers quadratically.
 */
function benchScale() {
  const cli = path.join(repo, 'bin', 'sls-lint.js');
  statSync(path.join(repo, 'dist', 'src', 'cli.js'));
  const baseTemplates = values.templates === '500' ? 125 : templateCount;
  const baseHandlers = values.handlers === '1000' ? 100 : handlerCount;
  const idle = measure(['-e', ''], 'node startup');
  console.log(`scale: ${baseTemplates} templates + ${baseHandlers} JS handlers per 1x; ${runs} runs each, median shown`);
  console.log(`node start-up ${idle.median.toFixed(3)} s, peak RSS ${(idle.rss / 1024 / 1024).toFixed(0)} MiB (subtracted below)`);
  console.log(`${'scale'.padEnd(6)} ${'files'.padStart(6)} ${'time s'.padStart(8)} ${'ms/file'.padStart(8)} ${'RSS MiB'.padStart(8)} ${'KiB/file'.padStart(9)}`);
  for (const factor of [1, 4, 16]) {
    const dir = mkdtempSync(path.join(tmpdir(), `sls-lint-scale-${factor}x-`));
    try {
      generateCorpus(path.join(dir, 'templates'), baseTemplates * factor);
      generateHandlerCorpus(path.join(dir, 'handlers'), baseHandlers * factor);
      const out = `${dir}.json`;
      const r = measure([cli, dir, '--format', 'json', '--output', out], `${factor}x`);
      const files = JSON.parse(readFileSync(out, 'utf8')).summary.filesSeen;
      rmSync(out, { force: true });
      const ms = ((r.median - idle.median) * 1000) / files;
      const kib = (r.rss - idle.rss) / 1024 / files;
      console.log(`${`${factor}x`.padEnd(6)} ${String(files).padStart(6)} ${r.median.toFixed(2).padStart(8)} ${ms.toFixed(2).padStart(8)} ${(r.rss / 1024 / 1024).toFixed(0).padStart(8)} ${kib.toFixed(1).padStart(9)}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

const corpus = mkdtempSync(path.join(tmpdir(), 'sls-lint-bench-'));
try {
  const bytes = generateCorpus(corpus, templateCount);
  const files = readdirSync(corpus).length;
  const cli = path.join(repo, 'bin', 'sls-lint.js');
  statSync(path.join(repo, 'dist', 'src', 'cli.js'));

  const node = measure(['-e', ''], 'node startup');
  const baseline = measure([path.join(here, 'baseline-parse.mjs'), corpus], 'baseline: read + yaml.parseDocument');
  const slsLint = measure([cli, corpus, '--format', 'json', '--output', path.join(corpus, '..', `${path.basename(corpus)}.json`)], 'sls-lint (whole CLI)');

  const mb = bytes / 1024 / 1024;
  const row = (r) =>
    `${r.label.padEnd(40)} ${r.median.toFixed(3).padStart(7)} s  ${(templateCount / r.median).toFixed(0).padStart(6)} templates/s  ${(mb / r.median).toFixed(2).padStart(6)} MB/s  peak RSS ${(r.rss / 1024 / 1024).toFixed(0).padStart(4)} MiB`;
  console.log(`corpus: ${files} SAM projects, ${templateCount} templates, ${mb.toFixed(2)} MB; ${runs} runs each, median shown`);
  console.log(row(node));
  console.log(row(baseline));
  console.log(row(slsLint));
  console.log(`ratio sls-lint / baseline parse: ${(slsLint.median / baseline.median).toFixed(2)}x; sls-lint / node startup: ${(slsLint.median / node.median).toFixed(1)}x`);
  console.log(`target: ${templateCount} templates in under 2 s → ${slsLint.median < 2 ? 'met' : 'NOT met'} (${slsLint.median.toFixed(2)} s)`);

  // --cache: the first run fills the cache (cold), the measured runs reuse it (warm).
  const cacheDir = path.join(corpus, '..', `${path.basename(corpus)}-cache`);
  const cachedArgs = [cli, corpus, '--cache', '--cache-location', cacheDir, '--format', 'json', '--output', path.join(corpus, '..', `${path.basename(corpus)}.json`)];
  spawnSync(process.execPath, cachedArgs, { stdio: 'ignore' });
  const warm = measure(cachedArgs, 'sls-lint --cache, unchanged files');
  console.log(row(warm));
  console.log(`ratio warm cache / cold run: ${(warm.median / slsLint.median).toFixed(2)}x`);
  rmSync(cacheDir, { recursive: true, force: true });

  if (handlerCount > 0) {
    const handlerCorpus = path.join(corpus, 'handlers');
    const handlerBytes = generateHandlerCorpus(handlerCorpus, handlerCount);
    const handlers = measure([cli, handlerCorpus, '--format', 'json', '--output', path.join(corpus, '..', `${path.basename(corpus)}-handlers.json`)], 'sls-lint on handler projects');
    const report = JSON.parse(readFileSync(path.join(corpus, '..', `${path.basename(corpus)}-handlers.json`), 'utf8'));
    const linked = report.handlers.filter((h) => h.status === 'linked').length;
    console.log('');
    console.log(`handler corpus: ${handlerCount} handler files (+ ${2 * Math.ceil(handlerCount / HANDLERS_PER_PROJECT)} helper modules), ${(handlerBytes / 1024 / 1024).toFixed(2)} MB; ${linked} handlers linked, ${report.findings.length} findings`);
    console.log(row({ ...handlers, label: handlers.label }).replace(/templates\/s/, 'files/s  '));
    console.log(`ratio handler run / template-only run: ${(handlers.median / slsLint.median).toFixed(2)}x`);
    console.log(`target: ${handlerCount} handler files in under 3 s → ${handlers.median < 3 ? 'met' : 'NOT met'} (${handlers.median.toFixed(2)} s)`);
    rmSync(path.join(corpus, '..', `${path.basename(corpus)}-handlers.json`), { force: true });

    // As many Python handlers as JavaScript ones, in one run; against the same run with the Python
    // sources removed (same templates, same JavaScript), so the difference is reading Python.
    const mixed = path.join(corpus, 'mixed');
    mkdirSync(mixed);
    generateHandlerCorpus(path.join(mixed, 'js'), handlerCount);
    const pythonBytes = generatePythonCorpus(path.join(mixed, 'py'), handlerCount);
    const mixedOut = path.join(corpus, '..', `${path.basename(corpus)}-mixed.json`);
    const withPython = measure([cli, mixed, '--format', 'json', '--output', mixedOut], 'sls-lint, JS + Python handlers');
    const mixedReport = JSON.parse(readFileSync(mixedOut, 'utf8'));
    const pythonLinked = mixedReport.handlers.filter((h) => h.status === 'linked' && h.language === 'python').length;
    removePythonSources(path.join(mixed, 'py'));
    const withoutPython = measure([cli, mixed, '--format', 'json', '--output', mixedOut], 'same, Python sources removed');
    rmSync(mixedOut, { force: true });
    console.log('');
    console.log(`mixed corpus: ${handlerCount} JS and ${handlerCount} Python handler files (Python ${(pythonBytes / 1024 / 1024).toFixed(2)} MB); ${pythonLinked} Python handlers linked`);
    console.log(row(withPython).replace(/templates\/s/, 'files/s  '));
    console.log(row(withoutPython).replace(/templates\/s/, 'files/s  '));
    const added = withPython.median / withoutPython.median;
    console.log(`ratio with Python read / without: ${added.toFixed(2)}x; target at most 1.33x → ${added <= 4 / 3 ? 'met' : 'NOT met'}`);
  }
} finally {
  if (values.keep) console.log(`corpus kept at ${corpus}`);
  else rmSync(corpus, { recursive: true, force: true });
  rmSync(`${corpus}.json`, { force: true });
}
