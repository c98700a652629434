import { DynamoDBClient, UpdateItemCommand } from '@aws-sdk/client-dynamodb';

const dynamodb = new DynamoDBClient({});

export const handler = async (event) => {
  const batchItemFailures = [];
  for (const record of event.Records) {
    try {
      const { orderId } = JSON.parse(record.body);
      await dynamodb.send(
        new UpdateItemCommand({
          TableName: process.env.TABLE_NAME,
          Key: { id: { S: orderId } },
          UpdateExpression: 'SET #status = :fulfilled',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':fulfilled': { S: 'FULFILLED' } },
        }),
      );
    } catch {
      batchItemFailures.push({ itemIdentifier: record.messageId });
    }
  }
  return { batchItemFailures };
};
