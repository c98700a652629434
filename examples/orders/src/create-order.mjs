import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

// Built once per container and reused by every request: the right way.
const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});

// Pasted in to try the live account, then committed: the key is now in every clone of the repository.
// (A fallback after process.env, `process.env.KEY ?? '…'`, is read as a local default and not reported.)
const PAYMENTS_API_KEY = 'sk_live_7Hq2Rv9Lm4Xc8Tp3Wn6Zb1Ky';

export const handler = async (event) => {
  const order = JSON.parse(event.body ?? '{}');
  const quote = await fetch(`${process.env.PAYMENTS_URL}/quotes?amount=${order.total}`, { headers: { authorization: `Bearer ${PAYMENTS_API_KEY}` } });
  if (!quote.ok) return { statusCode: 402, body: JSON.stringify({ error: 'payment not possible' }) };
  const item = { id: randomUUID(), ...order, createdAt: new Date().toISOString() };
  await documents.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: item }));
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.PAYMENTS_QUEUE_URL, MessageBody: JSON.stringify(item) }));
  return { statusCode: 201, body: JSON.stringify({ id: item.id }) };
};
