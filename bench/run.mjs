#!/usr/bin/env node
/**
 * Benchmark: generates a synthetic corpus of realistic SAM projects in a temporary folder and times
 * the whole CLI over it (process start to exit), next to a baseline measured in the same run: a
 * bare Node process that reads every template and parses it with `yaml` — the floor for any
 * YAML-reading linter on this machine. Figures are reported as ratios to that baseline.
 *
 *   npm run bench -- --templates 500 --runs 5 [--keep]
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..');
const { values } = parseArgs({
  options: {
    templates: { type: 'string', default: '500' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'boolean', default: false },
  },
});
const templateCount = Number(values.templates);
const runs = Number(values.runs);

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

// ── measurement ─────────────────────────────────────────────────────────────────────────────

/** Runs a Node command `runs` times; the preload prints the process's peak RSS on exit. */
function measure(args, label) {
  const preload = path.join(here, 'report-rss.mjs');
  const samples = [];
  let rss = 0;
  let lastStatus = 0;
  for (let i = 0; i < runs; i++) {
    const started = process.hrtime.bigint();
    const child = spawnSync(process.execPath, ['--import', preload, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 256 * 1024 * 1024 });
    const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
    if (child.error) throw child.error;
    lastStatus = child.status;
    if (child.status !== 0 && child.status !== 1) {
      throw new Error(`${label} exited with ${child.status}:\n${child.stderr}`);
    }
    const match = /SLS_LINT_BENCH_MAXRSS=(\d+)/.exec(child.stderr);
    rss = Math.max(rss, match ? Number(match[1]) * 1024 : 0);
    samples.push(elapsed);
  }
  samples.sort((a, b) => a - b);
  return { label, median: samples[Math.floor(samples.length / 2)], best: samples[0], rss, status: lastStatus };
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
} finally {
  if (values.keep) console.log(`corpus kept at ${corpus}`);
  else rmSync(corpus, { recursive: true, force: true });
  rmSync(`${corpus}.json`, { force: true });
}
