import { describe } from 'vitest';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';
import { API_EVENT, SQS_EVENT, template } from './test-cases.js';

const sqs = template(SQS_EVENT);
const api = template(API_EVENT);

describe('with a template', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'an API function doing the same sends and writes is not a consumer',
        template: api,
        files: {
          'index.mjs': `
            import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
            import { randomUUID } from 'node:crypto';
            import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
            const ses = new SESClient({});
            const db = DynamoDBDocumentClient.from(new (await import('@aws-sdk/client-dynamodb')).DynamoDBClient({}));
            export const handler = async (event) => {
              await db.send(new PutCommand({ TableName: 't', Item: { pk: randomUUID(), ...JSON.parse(event.body) } }));
              await ses.send(new SendEmailCommand({ Destination: {}, Message: {}, Source: 'a@example.com' }));
              return { statusCode: 201 };
            };
          `,
        },
      },
      {
        name: 'a read-only consumer, and writes keyed on the message ID or conditional',
        template: sqs,
        files: {
          'index.mjs': `
            import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
            import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
            import { randomUUID } from 'node:crypto';
            const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
            export const handler = async (event) => {
              for (const record of event.Records) {
                const order = JSON.parse(record.body);
                await db.send(new GetCommand({ TableName: 't', Key: { pk: order.id } }));
                await db.send(new PutCommand({ TableName: 't', Item: { pk: record.messageId, at: Date.now(), ...order } }));
                await db.send(new PutCommand({ TableName: 't', Item: { pk: randomUUID() }, ConditionExpression: 'attribute_not_exists(pk)' }));
                await db.send(new UpdateCommand({ TableName: 't', Key: { pk: order.id }, UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'PAID' } }));
              }
              return { batchItemFailures: [] };
            };
          `,
        },
      },
      {
        name: 'a put keyed on the event whose only generated value is a timestamp overwrites on redelivery',
        template: template('Uploads:\n  Type: S3\n  Properties: { Bucket: !Ref Orders, Events: s3:ObjectCreated:* }'),
        files: {
          'index.mjs': `
            import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
            import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
            const dynamo = new DynamoDBClient({});
            const documents = DynamoDBDocumentClient.from(dynamo);
            export const handler = async (event) => {
              const key = event.Records[0].s3.object.key;
              await dynamo.send(new PutItemCommand({ TableName: 'results', Item: { documentKey: { S: key }, processedAt: { S: new Date().toISOString() } } }));
              await documents.send(new PutCommand({ TableName: 'results', Item: { objectKey: key, updatedAt: Date.now() } }));
            };
          `,
        },
      },
      {
        name: 'a read, then a put of a changed copy without an increment, is a last-writer-wins upsert',
        template: sqs,
        files: {
          'index.js': `
            const AWS = require('aws-sdk');
            exports.handler = async (event) => {
              const db = new AWS.DynamoDB.DocumentClient();
              for (const record of event.Records) {
                const found = await db.get({ TableName: 't', Key: { id: record.body } }).promise();
                const item = { ...found.Item, status: 'seen' };
                await db.put({ TableName: 't', Item: item }).promise();
              }
              return { batchItemFailures: [] };
            };
          `,
        },
      },
      {
        name: 'Powertools idempotency guards the handler (middy-wrapped, in another module)',
        template: sqs,
        files: {
          'index.mjs': `
            import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
            import { processRecord } from './process.mjs';
            const sns = new SNSClient({});
            export const handler = async (event) => {
              for (const record of event.Records) await processRecord(record, () => sns.send(new PublishCommand({ TopicArn: 'arn', Message: record.body })));
            };
          `,
          'process.mjs': `
            import { makeIdempotent } from '@aws-lambda-powertools/idempotency';
            import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
            const persistenceStore = new DynamoDBPersistenceLayer({ tableName: 'idempotency' });
            export const processRecord = makeIdempotent(async (record, publish) => publish(), { persistenceStore });
          `,
        },
      },
      {
        name: 'a dedup lookup keyed on the message ID before the side effect; PUT requests; POST with an idempotency key',
        template: sqs,
        files: {
          'index.mjs': `
            import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
            import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
            import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
            const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
            const sqs = new SQSClient({});
            export const handler = async (event) => {
              for (const record of event.Records) {
                const seen = await db.send(new GetCommand({ TableName: 'processed', Key: { pk: record.messageId } }));
                if (seen.Item) continue;
                await sqs.send(new SendMessageCommand({ QueueUrl: 'q', MessageBody: record.body }));
              }
            };
          `,
        },
      },
      {
        name: 'HTTP PUT is idempotent; POST and PATCH carry an Idempotency-Key',
        template: sqs,
        files: {
          'index.mjs': `
            import axios from 'axios';
            export const handler = async (event) => {
              for (const record of event.Records) {
                await fetch('https://api.example.com/orders/1', { method: 'PUT', body: record.body });
                await fetch('https://api.example.com/orders', { method: 'POST', body: record.body, headers: { 'Idempotency-Key': record.messageId } });
                await axios.patch('https://api.example.com/orders/1', {}, { headers: { 'idempotency-key': record.messageId } });
              }
            };
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'sends, async invokes, counters and generated keys in an SQS consumer, through a helper; the trigger is named with its location',
        template: sqs,
        files: {
          'index.mjs': `
            import { notify } from './notify.mjs';
            import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
            import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
            import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
            import { randomUUID } from 'node:crypto';
            const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
            const lambda = new LambdaClient({});
            export const handler = async (event) => {
              for (const record of event.Records) {
                await db.send(new PutCommand({ TableName: 'orders', Item: { pk: randomUUID(), body: record.body } }));
                await db.send(new UpdateCommand({ TableName: 'stats', Key: { pk: 'orders' }, UpdateExpression: 'SET total = total + :one', ExpressionAttributeValues: { ':one': 1 } }));
                await lambda.send(new InvokeCommand({ FunctionName: 'fulfil', InvocationType: 'Event', Payload: record.body }));
                await notify(record);
              }
            };
          `,
          'notify.mjs': `
            import { SESClient, SendEmailCommand } from '@aws-sdk/client-ses';
            const ses = new SESClient({});
            export const notify = (record) => ses.send(new SendEmailCommand({ Source: 'a@example.com', Destination: {}, Message: { Body: { Text: { Data: record.body } } } }));
          `,
        },
        errors: [
          { file: 'index.mjs', line: 10, column: 19, messageIncludes: ['PutCommand with a generated key', 'function Worker (fed by SQS queue Orders, template.yaml:10)', 'writes a second item'] },
          { file: 'index.mjs', line: 11, column: 19, messageIncludes: ['UpdateCommand incrementing a counter', 'counts twice'] },
          { file: 'index.mjs', line: 12, column: 23, messageIncludes: ['InvokeCommand (InvocationType Event)'] },
          { file: 'notify.mjs', line: 3, column: 44, messageIncludes: ['SendEmailCommand', 'sends it again'] },
        ],
      },
      {
        name: 'a generated key as a typed attribute value, and a read-modify-write counter from an SQS batch with a client built in the handler',
        template: sqs,
        files: {
          'index.js': `
            const AWS = require('aws-sdk');
            const { DynamoDBClient, PutItemCommand } = require('@aws-sdk/client-dynamodb');
            const { v4: uuidv4 } = require('uuid');
            const dynamo = new DynamoDBClient({});
            exports.handler = async (event) => {
              const documents = new AWS.DynamoDB.DocumentClient();
              const queue = new AWS.SQS();
              for (const record of event.Records) {
                await dynamo.send(new PutItemCommand({ TableName: 'log', Item: { pk: { S: uuidv4() }, at: { S: new Date().toISOString() } } }));
                const existing = await documents.get({ TableName: 't', Key: { id: record.messageAttributes.group.stringValue } }).promise();
                const item = { id: record.messageAttributes.group.stringValue, count: 1 };
                if (existing.Item) item.count = existing.Item.count + 1;
                await documents.put({ TableName: 't', Item: item }).promise();
                await queue.sendMessage({ QueueUrl: 'q', MessageBody: record.body }).promise();
              }
            };
          `,
        },
        errors: [
          { file: 'index.js', line: 9, column: 23, messageIncludes: ['PutItemCommand with a generated key'] },
          { file: 'index.js', line: 13, column: 11, messageIncludes: ['DocumentClient.put of a value read and changed in the same call', 'counts twice'] },
          { file: 'index.js', line: 14, column: 11, messageIncludes: ['SQS.sendMessage', 'enqueues it again'] },
        ],
      },
      {
        name: 'a lookup in an in-memory Map keyed on the message ID is no guard: another container gets the redelivery',
        template: sqs,
        files: {
          'index.mjs': `
            import { SNSClient, PublishCommand } from '@aws-sdk/client-sns';
            const sns = new SNSClient({});
            const seen = new Map();
            export const handler = async (event) => {
              for (const record of event.Records) {
                if (seen.get(record.messageId)) continue;
                seen.set(record.messageId, true);
                await sns.send(new PublishCommand({ TopicArn: 'arn', Message: record.body }));
              }
              return { batchItemFailures: [] };
            };
          `,
        },
        errors: [{ file: 'index.mjs', line: 8, column: 20, messageIncludes: ['PublishCommand', 'publishes it again'] }],
      },
      {
        name: 'SDK v2 clients, HTTP POST, and Stripe without an idempotency key (CommonJS)',
        template: template('Changes:\n  Type: Kinesis\n  Properties: { Stream: arn:aws:kinesis:us-east-1:123456789012:stream/s, StartingPosition: LATEST }'),
        files: {
          'index.js': `
            const AWS = require('aws-sdk');
            const Stripe = require('stripe');
            const axios = require('axios');
            const sns = new AWS.SNS();
            const stripe = new Stripe(process.env.STRIPE_KEY);
            exports.handler = async (event) => {
              for (const record of event.Records) {
                await sns.publish({ TopicArn: 'arn', Message: record.kinesis.data }).promise();
                await stripe.charges.create({ amount: 100, currency: 'eur' });
                await axios.post('https://api.example.com/receipts', { id: record.eventID });
              }
            };
          `,
        },
        errors: [
          { file: 'index.js', line: 8, column: 11, messageIncludes: ['SNS.publish', 'Kinesis stream Changes'] },
          { file: 'index.js', line: 9, column: 11, messageIncludes: ['Stripe charges.create', 'charges or creates it again'] },
          { file: 'index.js', line: 10, column: 11, messageIncludes: ['axios.post'] },
        ],
      },
    ],
  });
});
