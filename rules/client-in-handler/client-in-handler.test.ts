import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';

testSourceRule(rule, {
  valid: [
    {
      name: 'X-Ray wrapped clients built once at module scope',
      files: {
        'index.js': `
          const AWSXRay = require('aws-xray-sdk-core');
          const AWS = AWSXRay.captureAWS(require('aws-sdk'));
          const { S3Client } = require('@aws-sdk/client-s3');
          const sns = new AWS.SNS();
          const s3 = AWSXRay.captureAWSv3Client(new S3Client({}));
          const sqs = AWSXRay.captureAWSClient(new AWS.SQS());
          exports.handler = async (event) => [sns, s3, sqs, AWSXRay.getSegment(), event];
        `,
      },
    },
    {
      name: 'clients at module scope, used in the handler (ESM)',
      files: {
        'index.mjs': `
          import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
          import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
          import { Logger } from '@aws-lambda-powertools/logger';
          const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
          const logger = new Logger();
          export const handler = async (event) => {
            logger.info('put');
            await documents.send(new PutCommand({ TableName: 't', Item: event }));
          };
        `,
      },
    },
    {
      name: 'memoised construction: ??=, ||=, guarded assignment, x ?? (x = …), cached getter',
      files: {
        'index.js': `
          const { Pool } = require('pg');
          const { S3Client } = require('@aws-sdk/client-s3');
          const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
          const { DynamoDBDocumentClient } = require('@aws-sdk/lib-dynamodb');
          const mongoose = require('mongoose');
          let pool;
          let s3;
          let connection;
          let cached;
          function getPool() {
            if (!pool) {
              pool = new Pool();
            }
            return pool;
          }
          let documents;
          exports.handler = async () => {
            documents ??= DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 2 }));
            s3 ??= new S3Client({});
            connection ||= await mongoose.connect(process.env.URL);
            const other = cached ?? (cached = new S3Client({}));
            if (cached === undefined) cached = new S3Client({});
            return getPool().query('select 1');
          };
        `,
      },
    },
    {
      name: 'commands, plain objects and look-alike names are not clients',
      files: {
        'index.ts': `
          import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
          import AWS from 'aws-sdk';
          const s3 = new S3Client({});
          class Client { constructor(readonly name: string) {} }
          export async function handler(event: { key: string }) {
            const command = new GetObjectCommand({ Bucket: 'b', Key: event.key });
            const config = new AWS.Config({ region: 'eu-west-1' });
            const local = new Client('x');
            const date = new Date();
            return s3.send(command);
          }
        `,
      },
    },
    {
      name: 'clients configured from the invocation: a WebSocket endpoint, tenant credentials',
      files: {
        'index.mjs': `
          import { ApiGatewayManagementApiClient } from '@aws-sdk/client-apigatewaymanagementapi';
          import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
          export const handler = async (event) => {
            const endpoint = \`https://\${event.requestContext.domainName}/\${event.requestContext.stage}\`;
            const callbacks = new ApiGatewayManagementApiClient({ endpoint });
            const tenant = new DynamoDBClient({ credentials: { accessKeyId: event.requestContext.authorizer.key } });
            return [callbacks, tenant];
          };
        `,
      },
    },
    {
      name: 'a helper that builds a client, called only at module scope',
      files: {
        'index.js': `
          import { makeClient } from './lib/clients.js';
          const client = makeClient();
          export const handler = async () => client.send();
        `,
        'lib/clients.js': `
          import { SQSClient } from '@aws-sdk/client-sqs';
          export function makeClient() { return new SQSClient({}); }
        `,
      },
    },
  ],
  invalid: [
    {
      name: 'SDK v3 and v2 clients, document client, pools and agents built in the handler',
      files: {
        'index.mjs': `
          import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
          import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
          import AWS from 'aws-sdk';
          import https from 'node:https';
          import mysql from 'mysql2/promise';
          export const handler = async (event) => {
            const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
            const s3 = new AWS.S3();
            const docs = new AWS.DynamoDB.DocumentClient();
            const agent = new https.Agent({ keepAlive: true });
            const db = await mysql.createPool({ host: 'db' });
            return event;
          };
        `,
      },
      errors: [
        { file: 'index.mjs', line: 7, column: 15, messageIncludes: ['DynamoDBDocumentClient.from() (DynamoDBDocumentClient (AWS SDK v3))', 'on every invocation of function Fn', 'TLS handshake'] },
        { file: 'index.mjs', line: 8, column: 14, messageIncludes: ['AWS.S3 (AWS SDK v2 client)'] },
        { file: 'index.mjs', line: 9, column: 16, messageIncludes: ['AWS.DynamoDB.DocumentClient'] },
        { file: 'index.mjs', line: 10, column: 17, messageIncludes: ['https.Agent (HTTP agent)', 'keep-alive'] },
        { file: 'index.mjs', line: 11, column: 20, messageIncludes: ['mysql.createPool() (MySQL pool or connection)', 'connection limit'] },
      ],
    },
    {
      name: 'through a helper module, a middy wrapper and per-record callbacks (CommonJS)',
      files: {
        'index.js': `
          const middy = require('@middy/core');
          const db = require('./db');
          const base = async (event) => {
            await Promise.all(event.Records.map(async (record) => db.save(record)));
          };
          module.exports.handler = middy(base).use(someMiddleware());
        `,
        'db.js': `
          const { Client } = require('pg');
          exports.save = async (record) => {
            const client = new Client();
            await client.connect();
            return client.query('insert', [record.body]);
          };
        `,
      },
      errors: [{ file: 'db.js', line: 3, column: 18, messageIncludes: ['Client (PostgreSQL (pg) pool or client)', '(through save() in db.js)'] }],
    },
    {
      name: 'a local variable reassigned each call is not memoisation; class handler methods; extra constructors',
      options: { constructors: [{ module: 'tenant-db', name: 'TenantDatabase' }] },
      handler: 'index.handler',
      files: {
        'index.ts': `
          import { SNSClient } from '@aws-sdk/client-sns';
          import { TenantDatabase } from 'tenant-db';
          class Handler {
            async handle(event: unknown) {
              let sns;
              if (!sns) sns = new SNSClient({});
              const db = new TenantDatabase();
              return [sns, db, event];
            }
          }
          const instance = new Handler();
          export const handler = instance.handle.bind(instance);
        `,
      },
      errors: [
        { file: 'index.ts', line: 6, column: 21, messageIncludes: ['SNSClient'] },
        { file: 'index.ts', line: 7, column: 16, messageIncludes: ['TenantDatabase (tenant-db)'] },
      ],
    },
    {
      name: 'clients hidden behind X-Ray wrappers, built per invocation',
      files: {
        'index.ts': `
          const AWSXRay = require('aws-xray-sdk');
          const AWS = AWSXRay.captureAWS(require('aws-sdk'));
          import { captureAWSv3Client } from 'aws-xray-sdk-core';
          import { S3Client } from '@aws-sdk/client-s3';
          exports.handler = async function (event: any) {
            const sqs = new AWS.SQS({ apiVersion: '2012-11-05' });
            const s3 = captureAWSv3Client(new S3Client({}));
            return [sqs, s3, event];
          };
        `,
      },
      errors: [
        { file: 'index.ts', line: 6, column: 15, messageIncludes: ['AWS.SQS (AWS SDK v2 client)'] },
        { file: 'index.ts', line: 7, column: 33, messageIncludes: ['S3Client (AWS SDK v3 client)'] },
      ],
    },
    {
      name: 'inline code in the template, located on the template line it is written on',
      template: `
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Inline:
            Type: AWS::Serverless::Function
            Properties:
              Runtime: nodejs20.x
              Handler: index.handler
              InlineCode: |
                const { S3Client } = require('@aws-sdk/client-s3');
                exports.handler = async () => {
                  const s3 = new S3Client({});
                  return s3;
                };
      `,
      files: {},
      errors: [{ file: 'template.yaml', line: 11, column: 22, messageIncludes: ['S3Client (AWS SDK v3 client) is created on every invocation of function Inline'] }],
    },
    {
      name: 'a value that is the same on every call (a secret fetched per call, an environment variable) does not make a client per-tenant',
      files: {
        'index.ts': `
          import { MongoClient } from 'mongodb';
          import { Pool } from 'pg';
          import { getSecret } from './secrets';
          export const handler = async (event: { body: string }, context: unknown) => {
            const uri = await getSecret('docdb-uri');
            const client = new MongoClient(uri, { tls: true });
            const host = process.env.DB_HOST;
            const pool = new Pool({ host, password: uri });
            return [client, pool, event, context];
          };
        `,
        'secrets.ts': `
          export async function getSecret(name: string): Promise<string> {
            return name;
          }
        `,
      },
      errors: [
        { file: 'index.ts', line: 6, column: 18, messageIncludes: ['MongoClient'] },
        { file: 'index.ts', line: 8, column: 16, messageIncludes: ['Pool (PostgreSQL (pg) pool or client)'] },
      ],
    },
    {
      name: 'a client built to be wrapped (through a local) is one finding, at the wrapper',
      files: {
        'index.js': `
          const { DynamoDBClient } = require('@aws-sdk/client-dynamodb');
          const { DynamoDBDocumentClient, PutCommand } = require('@aws-sdk/lib-dynamodb');
          exports.handler = async function (event) {
            const client = new DynamoDBClient();
            const documents = DynamoDBDocumentClient.from(client);
            await documents.send(new PutCommand({ TableName: 't', Item: JSON.parse(event[0].body) }));
          };
        `,
      },
      errors: [{ file: 'index.js', line: 5, column: 21, messageIncludes: ['DynamoDBDocumentClient.from() (DynamoDBDocumentClient (AWS SDK v3))'] }],
    },
  ],
});
