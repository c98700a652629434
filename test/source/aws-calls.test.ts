/**
 * AWS calls read from JavaScript/TypeScript handlers: SDK v3 (commands, lib-dynamodb, lib-storage,
 * paginators, aggregated clients) and SDK v2 (service methods, DocumentClient), with their targets,
 * and the reasons a handler's list of calls is incomplete.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import type { AwsCallFact, HandlerFacts } from '../../src/source/facts.js';
import { JavaScriptFrontend } from '../../src/source/javascript/frontend.js';

function handler(text: string, file = '/p/src/index.mjs'): HandlerFacts {
  const facts = new JavaScriptFrontend(ts).handlersInText(file, text).find((f) => f.exportName === 'handler');
  if (!facts) throw new Error('no handler');
  return facts;
}

/** A project on disk (helper modules are read from it); the handler is `handler` in the first file. */
function project(files: Record<string, string>): HandlerFacts {
  const root = mkdtempSync(path.join(tmpdir(), 'aws-calls-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  const result = new JavaScriptFrontend(ts).handlerFacts(path.join(root, Object.keys(files)[0]!), 'handler');
  if ('reason' in result) throw new Error(result.reason);
  return result.facts;
}

const target = (t: AwsCallFact['targets'][number]) => `${t.parameter}=${t.value.kind === 'literal' ? `'${t.value.value}'` : t.value.kind === 'environment' ? `env.${t.value.name}` : '?'}${t.request ? ` (${t.request})` : ''}`;
const calls = (facts: HandlerFacts) =>
  facts.awsCalls.map((c) => `${c.loc.line} ${c.service}:${c.operation}${c.index ? ` index ${c.index}` : ''} ${c.targets.map(target).join(' ')}`.trim());

describe('SDK v3', () => {
  it('reads commands sent in place and built into a variable first, with literal and environment targets', () => {
    const facts = handler(
      [
        "import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';",
        'const client = new DynamoDBClient({});',
        'const TABLE = process.env.ORDERS_TABLE;',
        'export const handler = async (event) => {',
        "  await client.send(new PutItemCommand({ TableName: 'Orders', Item: {} }));",
        "  const query = new QueryCommand({ TableName: TABLE, IndexName: 'byCustomer', KeyConditionExpression: 'c = :c' });",
        '  const found = await client.send(query);',
        '  return found;',
        '};',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual(["5 dynamodb:PutItem TableName='Orders'", '7 dynamodb:Query index byCustomer TableName=env.ORDERS_TABLE']);
    expect(facts.awsCalls[0]!.label).toBe('PutItemCommand');
    expect(facts.awsCalls[0]!.within?.isEntry).toBe(true);
    expect(facts.awsCalls[0]!.loc).toMatchObject({ line: 5, column: 9 });
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('names lib-dynamodb document commands as the DynamoDB operations they call', () => {
    const facts = handler(
      [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, PutCommand, GetCommand, UpdateCommand, DeleteCommand, ScanCommand, BatchWriteCommand, BatchGetCommand, TransactWriteCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';",
        'const docs = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
        'const { TABLE_NAME, AUDIT: auditTable } = process.env;',
        'export const handler = async () => {',
        '  await docs.send(new PutCommand({ TableName: TABLE_NAME, Item: {} }));',
        '  await docs.send(new GetCommand({ TableName: TABLE_NAME, Key: {} }));',
        '  await docs.send(new UpdateCommand({ TableName: TABLE_NAME, Key: {} }));',
        '  await docs.send(new DeleteCommand({ TableName: TABLE_NAME, Key: {} }));',
        '  await docs.send(new ScanCommand({ TableName: auditTable }));',
        "  await docs.send(new BatchWriteCommand({ RequestItems: { Orders: [], [TABLE_NAME]: [] } }));",
        "  await docs.send(new BatchGetCommand({ RequestItems: { 'Orders': {} } }));",
        "  await docs.send(new TransactWriteCommand({ TransactItems: [{ Put: { TableName: 'Orders', Item: {} } }, { ConditionCheck: { TableName: auditTable, Key: {} } }] }));",
        "  await docs.send(new TransactGetCommand({ TransactItems: [{ Get: { TableName: 'Orders', Key: {} } }] }));",
        '};',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual([
      '6 dynamodb:PutItem TableName=env.TABLE_NAME',
      '7 dynamodb:GetItem TableName=env.TABLE_NAME',
      '8 dynamodb:UpdateItem TableName=env.TABLE_NAME',
      '9 dynamodb:DeleteItem TableName=env.TABLE_NAME',
      '10 dynamodb:Scan TableName=env.AUDIT',
      "11 dynamodb:BatchWriteItem RequestItems='Orders' RequestItems=env.TABLE_NAME",
      "12 dynamodb:BatchGetItem RequestItems='Orders'",
      "13 dynamodb:TransactWriteItems TableName='Orders' (Put) TableName=env.AUDIT (ConditionCheck)",
      "14 dynamodb:TransactGetItems TableName='Orders' (Get)",
    ]);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('reads lib-storage uploads, paginators and aggregated clients', () => {
    const facts = handler(
      [
        "import { S3Client, S3, paginateListObjectsV2 } from '@aws-sdk/client-s3';",
        "import { DynamoDB } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';",
        "import { Upload } from '@aws-sdk/lib-storage';",
        'const s3 = new S3Client({});',
        'const docs = DynamoDBDocumentClient.from(new DynamoDB({}));',
        'export const handler = async () => {',
        '  const upload = new Upload({ client: s3, params: { Bucket: process.env.BUCKET, Key: "k", Body: "b" } });',
        '  await upload.done();',
        "  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: 'reports' })) console.log(page);",
        "  for await (const page of paginateQuery({ client: docs }, { TableName: 'Orders' })) console.log(page);",
        "  await new DynamoDB({}).putItem({ TableName: 'Orders', Item: {} });",
        "  await new S3({ region: 'eu-west-1' }).getObject({ Bucket: 'reports', Key: 'a' });",
        '};',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual([
      '9 s3:Upload Bucket=env.BUCKET',
      "10 s3:ListObjectsV2 Bucket='reports'",
      "11 dynamodb:Query TableName='Orders'",
      "12 dynamodb:PutItem TableName='Orders'",
      "13 s3:GetObject Bucket='reports'",
    ]);
    expect(facts.awsCalls.map((c) => c.label)).toEqual(['Upload', 'paginateListObjectsV2', 'paginateQuery', 'DynamoDB.putItem', 'S3.getObject']);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('maps client packages to IAM prefixes where they differ, and reads PutEvents buses', () => {
    const facts = handler(
      [
        "import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';",
        "import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';",
        "import { SecretsManagerClient, GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';",
        "import { ApiGatewayManagementApiClient, PostToConnectionCommand } from '@aws-sdk/client-apigatewaymanagementapi';",
        "import { CloudWatchLogsClient, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';",
        'const sfn = new SFNClient({}); const events = new EventBridgeClient({}); const secrets = new SecretsManagerClient({}); const logs = new CloudWatchLogsClient({});',
        'export const handler = async (event) => {',
        '  await sfn.send(new StartExecutionCommand({ stateMachineArn: process.env.MACHINE, input: "{}" }));',
        "  await events.send(new PutEventsCommand({ Entries: [{ Source: 'app', DetailType: 'x', Detail: '{}' }, { EventBusName: process.env.BUS, Source: 'app' }] }));",
        "  await secrets.send(new GetSecretValueCommand({ SecretId: 'prod/db' }));",
        '  const api = new ApiGatewayManagementApiClient({ endpoint: event.endpoint });',
        '  await api.send(new PostToConnectionCommand({ ConnectionId: event.id, Data: "x" }));',
        "  await logs.send(new PutLogEventsCommand({ logGroupName: 'g', logStreamName: 's', logEvents: [] }));",
        '};',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual([
      '8 states:StartExecution stateMachineArn=env.MACHINE',
      "9 events:PutEvents EventBusName='default' EventBusName=env.BUS",
      "10 secretsmanager:GetSecretValue SecretId='prod/db'",
      '12 execute-api:PostToConnection',
      '13 logs:PutLogEvents',
    ]);
  });

  it('follows calls into helper modules, clients exported from a module, factories and class members', () => {
    const facts = project({
      'src/handler.ts': [
        "import { saveOrder } from './repo';",
        "import * as queue from './queue';",
        "import { Notifier } from './notify';",
        'const notifier = new Notifier();',
        'export const handler = async (event: unknown) => {',
        '  await saveOrder(event);',
        '  await queue.enqueue(event);',
        '  await notifier.notify("hi");',
        '};',
      ].join('\n'),
      'src/repo.ts': [
        "import { PutCommand } from '@aws-sdk/lib-dynamodb';",
        "import { documents } from './clients';",
        "export async function saveOrder(order: unknown) { return documents.send(new PutCommand({ TableName: process.env.TABLE, Item: order as Record<string, unknown> })); }",
        "export async function unused() { return documents.send(new PutCommand({ TableName: 'Never' , Item: {} })); }",
      ].join('\n'),
      'src/clients.ts': [
        "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';",
        'export const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));',
      ].join('\n'),
      'src/queue.js': [
        "const AWS = require('aws-sdk');",
        'let sqs;',
        'function client() { sqs ??= new AWS.SQS(); return sqs; }',
        'exports.enqueue = async (body) => client().sendMessage({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(body) }).promise();',
      ].join('\n'),
      'src/notify.ts': [
        "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
        'export class Notifier {',
        '  private readonly sns = new SNSClient({});',
        "  async notify(message: string) { return this.sns.send(new PublishCommand({ TopicArn: 'arn:aws:sns:eu-west-1:123456789012:alerts', Message: message })); }",
        '}',
      ].join('\n'),
    });
    expect(facts.awsCalls.map((c) => `${path.basename(c.path.split('#')[0]!)}:${c.loc.line} ${c.service}:${c.operation} ${c.targets.map(target).join(' ')} in ${c.within?.description}`)).toEqual([
      "notify.ts:4 sns:Publish TopicArn='arn:aws:sns:eu-west-1:123456789012:alerts' in notify() in notify.ts",
      'queue.js:4 sqs:SendMessage QueueUrl=env.QUEUE_URL in enqueue() in queue.js',
      'repo.ts:3 dynamodb:PutItem TableName=env.TABLE in saveOrder() in repo.ts',
    ]);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('follows methods of an instance a project module exports', () => {
    const facts = project({
      'src/index.js': "import { store } from './store';\nexport const handler = async (event) => store.save(event);\n",
      'src/store.js': [
        "import * as AWS from 'aws-sdk';",
        'const S3 = new AWS.S3();',
        "class Store { save(event) { return S3.upload({ Bucket: process.env.BUCKET, Key: 'k', Body: event.body }).promise(); } }",
        'export const store = new Store();',
      ].join('\n'),
    });
    expect(calls(facts)).toEqual(['3 s3:Upload Bucket=env.BUCKET']);
  });

  it('follows a client given to a project class through its constructor', () => {
    const facts = project({
      'src/index.ts': [
        "import AWS from 'aws-sdk';",
        "import { Repository } from './repository';",
        'const repository = new Repository(new AWS.DynamoDB.DocumentClient(), process.env.TABLE!);',
        'export const handler = async (event: { id: string }) => repository.find(event.id);',
      ].join('\n'),
      'src/repository.ts': [
        "import type { DynamoDB } from 'aws-sdk';",
        'export class Repository {',
        '  constructor(private readonly client: DynamoDB.DocumentClient, private readonly table: string) {}',
        '  find(id: string) { return this.documents().get({ TableName: this.table, Key: { id } }).promise(); }',
        '  private documents() { return this.client; }',
        '}',
      ].join('\n'),
    });
    expect(calls(facts)).toEqual(['4 dynamodb:GetItem TableName=?']);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('records a call at module scope without a function, and a command sent through a project helper at the send', () => {
    const facts = handler(
      [
        "import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';",
        "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
        'const ssm = new SSMClient({});',
        'const sqs = new SQSClient({});',
        "const config = await ssm.send(new GetParameterCommand({ Name: '/app/config' }));",
        'const run = (command) => sqs.send(command);',
        'export const handler = async () => {',
        "  await run(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', MessageBody: 'x' }));",
        '  return config;',
        '};',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual(["5 ssm:GetParameter Name='/app/config'", "6 sqs:SendMessage QueueUrl='https://sqs.eu-west-1.amazonaws.com/123456789012/jobs'"]);
    expect(facts.awsCalls[0]!.within).toBeUndefined();
    expect(facts.awsCalls[1]!.within?.description).toBe('run() in index.mjs');
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('places commands at their construction when helpers send different ones', () => {
    const facts = handler(
      [
        "import { SQSClient, SendMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';",
        'const sqs = new SQSClient({});',
        'const run = (command) => sqs.send(command);',
        'export const handler = async () => {',
        "  await run(new SendMessageCommand({ QueueUrl: process.env.OUT, MessageBody: 'x' }));",
        '  await run(new DeleteMessageCommand({ QueueUrl: process.env.IN, ReceiptHandle: "r" }));',
        '};',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual(['5 sqs:SendMessage QueueUrl=env.OUT', '6 sqs:DeleteMessage QueueUrl=env.IN']);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });
});

describe('callbacks', () => {
  it('reads functions handed on as callbacks or kept in a dispatch table, but not the other handlers of the module', () => {
    const facts = handler(
      [
        "import { SQSClient, SendMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';",
        "import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';",
        "import middy from '@middy/core';",
        "import express from 'express';",
        'const sqs = new SQSClient({});',
        'const sns = new SNSClient({});',
        'const app = express();',
        "app.post('/orders', async (req, res) => { await sqs.send(new SendMessageCommand({ QueueUrl: process.env.ORDERS, MessageBody: '' })); });",
        "async function forward(record) { await sns.send(new PublishCommand({ TopicArn: process.env.TOPIC, Message: record.body })); }",
        "async function purge(record) { await sqs.send(new DeleteMessageCommand({ QueueUrl: process.env.IN, ReceiptHandle: record.receiptHandle })); }",
        'const actions = { purge };',
        'export const handler = async (event) => { await Promise.all(event.Records.map(forward)); await actions[event.action](event); return app; };',
        "export const other = middy(async () => sqs.send(new SendMessageCommand({ QueueUrl: 'other', MessageBody: '' })));",
        "exports.third = async () => sns.send(new PublishCommand({ TopicArn: 'third', Message: '' }));",
      ].join('\n'),
    );
    expect(calls(facts)).toEqual(['8 sqs:SendMessage QueueUrl=env.ORDERS', '9 sns:Publish TopicArn=env.TOPIC', '10 sqs:DeleteMessage QueueUrl=env.IN']);
    expect(facts.awsCalls.map((c) => c.within?.description)).toEqual(['a function in index.mjs', 'forward() in index.mjs', 'purge() in index.mjs']);
  });
});

describe('module load', () => {
  it('reads project functions called at module scope', () => {
    const facts = handler(
      [
        "import { SSMClient, GetParameterCommand } from '@aws-sdk/client-ssm';",
        'const ssm = new SSMClient({});',
        'async function parameter(name) { const response = await ssm.send(new GetParameterCommand({ Name: name })); return response.Parameter.Value; }',
        "async function init() { return parameter('/app/pool'); }",
        'const ready = init();',
        'export const handler = async () => ready;',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual(['3 ssm:GetParameter Name=?']);
    expect(facts.awsCalls[0]!.within?.description).toBe('parameter() in index.mjs');
  });
});

describe('SDK v2', () => {
  it('reads service methods with promise and callback styles, clients from aws-sdk/clients, and DocumentClient methods', () => {
    const facts = handler(
      [
        "const AWS = require('aws-sdk');",
        "const S3 = require('aws-sdk/clients/s3');",
        "const { DocumentClient } = require('aws-sdk/clients/dynamodb');",
        'const s3 = new S3();',
        'const lambda = new AWS.Lambda();',
        'const docs = new AWS.DynamoDB.DocumentClient();',
        'const other = new DocumentClient();',
        'const table = process.env.TABLE;',
        'exports.handler = async (event) => {',
        "  const object = await s3.getObject({ Bucket: 'in', Key: event.key }).promise();",
        "  s3.putObject({ Bucket: 'out', Key: 'k', Body: object.Body }, (error) => console.log(error));",
        "  await lambda.invoke({ FunctionName: 'worker', Payload: '{}' }).promise();",
        '  await docs.put({ TableName: table, Item: {} }).promise();',
        '  await docs.get({ TableName: table, Key: {} }).promise();',
        "  await docs.query({ TableName: table, IndexName: 'byDate' }).promise();",
        '  await docs.scan({ TableName: table }).promise();',
        '  await docs.update({ TableName: table, Key: {} }).promise();',
        '  await docs.delete({ TableName: table, Key: {} }).promise();',
        '  await other.batchWrite({ RequestItems: { [table]: [] } }).promise();',
        "  await other.batchGet({ RequestItems: { Orders: {} } }).promise();",
        '  await other.transactWrite({ TransactItems: [{ Update: { TableName: table, Key: {} } }] }).promise();',
        '  await other.transactGet({ TransactItems: [] }).promise();',
        '  const set = docs.createSet([1, 2]);',
        "  await new AWS.SecretsManager().getSecretValue({ SecretId: 'db' }).promise();",
        "  return s3.getSignedUrl('getObject', { Bucket: 'in', Key: 'k' });",
        '};',
      ].join('\n'),
      '/p/src/index.js',
    );
    expect(calls(facts)).toEqual([
      "10 s3:GetObject Bucket='in'",
      "11 s3:PutObject Bucket='out'",
      "12 lambda:Invoke FunctionName='worker'",
      '13 dynamodb:PutItem TableName=env.TABLE',
      '14 dynamodb:GetItem TableName=env.TABLE',
      '15 dynamodb:Query index byDate TableName=env.TABLE',
      '16 dynamodb:Scan TableName=env.TABLE',
      '17 dynamodb:UpdateItem TableName=env.TABLE',
      '18 dynamodb:DeleteItem TableName=env.TABLE',
      '19 dynamodb:BatchWriteItem RequestItems=env.TABLE',
      "20 dynamodb:BatchGetItem RequestItems='Orders'",
      '21 dynamodb:TransactWriteItems TableName=env.TABLE (Update)',
      '22 dynamodb:TransactGetItems',
      "24 secretsmanager:GetSecretValue SecretId='db'",
      "25 s3:GetObject Bucket='in'",
    ]);
    expect(facts.awsCalls.map((c) => c.label).slice(0, 4)).toEqual(['s3.getObject', 's3.putObject', 'lambda.invoke', 'docs.put']);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('reads clients wrapped by X-Ray and the v2 managed upload', () => {
    const facts = handler(
      [
        "import AWSXRay from 'aws-xray-sdk-core';",
        "const AWS = AWSXRay.captureAWS(require('aws-sdk'));",
        'const s3 = new AWS.S3();',
        'const sns = AWSXRay.captureAWSClient(new AWS.SNS());',
        'export const handler = async () => {',
        "  await s3.upload({ Bucket: 'out', Key: 'k', Body: 'x' }).promise();",
        '  await sns.publish({ TopicArn: process.env.TOPIC, Message: "m" }).promise();',
        '};',
      ].join('\n'),
    );
    expect(calls(facts)).toEqual(["6 s3:Upload Bucket='out'", '7 sns:Publish TopicArn=env.TOPIC']);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });
});

describe('look-alikes that are not AWS calls', () => {
  it('ignores SDK-like method names on other objects, a WebSocket send, and code the handler never reaches', () => {
    const facts = handler(
      [
        "import AWS from 'aws-sdk';",
        "import WebSocket from 'ws';",
        "import { PutCommand } from '@aws-sdk/lib-dynamodb';",
        'const docs = new AWS.DynamoDB.DocumentClient();',
        'const cache = new Map();',
        'const map = { put: (k, v) => v };',
        "const ws = new WebSocket('wss://example.com');",
        'export const handler = async (event) => {',
        '  if (cache.get(event.id)) return cache.get(event.id);',
        '  map.put(event.id, 1);',
        "  ws.send(JSON.stringify({ TableName: 'Orders' }));",
        '  return 1;',
        '};',
        "export async function neverCalled() { await docs.put({ TableName: 'Orders', Item: {} }).promise(); }",
        "function alsoUnused(client) { return client.send(new PutCommand({ TableName: 'Orders', Item: {} })); }",
      ].join('\n'),
    );
    expect(facts.awsCalls).toEqual([]);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });
});

describe('awsCallsIncomplete', () => {
  const base = ["import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';", "import AWS from 'aws-sdk';", 'const s3 = new S3Client({});', 'const sqs = new AWS.SQS();'];
  const reason = (...body: string[]) => handler([...base, ...body].join('\n')).awsCallsIncomplete;

  it('is set when a method is called by a computed name', () => {
    expect(reason('export const handler = async (event) => sqs[event.method]({}).promise();')).toBe('a method of sqs is called by a computed name in index.mjs:5');
  });

  it('is set when a client is handed to a package sls-lint does not read', () => {
    expect(reason("import { store } from 'some-store';", 'export const handler = async () => store(s3, "key");')).toBe('s3 is passed to store() in index.mjs:6, which sls-lint does not read');
    expect(reason("import { Store } from 'some-store';", 'const store = new Store({ client: sqs });', 'export const handler = async () => store.get("k");')).toBe('sqs is passed to new Store in index.mjs:6, which sls-lint does not read');
  });

  it('is set when send() is given something that is not a known command', () => {
    expect(reason('export const handler = async (event) => s3.send(event.command);')).toBe('s3.send() in index.mjs:5 sends something that is not a known command');
  });

  it('is set when the code imports a package that calls AWS for it, or loads the SDK inside a function', () => {
    expect(reason("import dynamoose from 'dynamoose';", 'export const handler = async () => 1;')).toBe('index.mjs imports dynamoose from dynamoose, which calls AWS itself');
    expect(reason("import { getParameter } from '@aws-lambda-powertools/parameters/ssm';", "export const handler = async () => getParameter('/x');")).toBe(
      'index.mjs imports getParameter from @aws-lambda-powertools/parameters/ssm, which calls AWS itself',
    );
    expect(reason("export const handler = async () => { const { SNS } = require('aws-sdk'); return new SNS().publish({}).promise(); };")).toBe('aws-sdk is loaded inside a function in index.mjs:5');
    expect(reason("export const handler = async () => (await import('./db.mjs')).save();")).toBe('./db.mjs is loaded inside a function in index.mjs:5');
  });

  it('is set when a client method is used as a value', () => {
    expect(reason('const send = sqs.sendMessage;', 'export const handler = async () => send({});')).toBe('sqs.sendMessage is used as a value in index.mjs:5');
    expect(reason('const send = sqs.sendMessage.bind(sqs);', 'export const handler = async () => send({});')).toBe('sqs is passed to sqs.sendMessage.bind() in index.mjs:5, which sls-lint does not read');
  });

  it('stays undefined when every use of every client is understood', () => {
    expect(reason("export const handler = async () => { await s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'k' })); console.log(s3.config.region); await sqs.sendMessage({}).promise(); };")).toBeUndefined();
  });
});
