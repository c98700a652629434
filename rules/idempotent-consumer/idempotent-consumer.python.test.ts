import { describe } from 'vitest';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';
import { API_EVENT, PYTHON, SQS_EVENT, template } from './test-cases.js';

const sqs = template(SQS_EVENT, PYTHON);
const api = template(API_EVENT, PYTHON);

describe('Python', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'an API function with the same writes and sends is not a consumer',
        template: api,
        files: {
          'app.py': `
            import json
            import uuid
            import boto3

            table = boto3.resource("dynamodb").Table("orders")
            sns = boto3.client("sns")


            def lambda_handler(event, context):
                table.put_item(Item={"pk": str(uuid.uuid4()), **json.loads(event["body"])})
                sns.publish(TopicArn="arn:aws:sns:us-east-1:123456789012:t", Message=event["body"])
                return {"statusCode": 201}
          `,
        },
      },
      {
        name: 'Powertools idempotency guards the handler',
        template: sqs,
        files: {
          'app.py': `
            import boto3
            from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, idempotent

            persistence = DynamoDBPersistenceLayer(table_name="idempotency")
            sns = boto3.client("sns")


            @idempotent(persistence_store=persistence)
            def lambda_handler(event, context):
                for record in event["Records"]:
                    sns.publish(TopicArn="arn:aws:sns:us-east-1:123456789012:t", Message=record["body"])
          `,
        },
      },
      {
        name: 'writes keyed on the message ID, conditional writes, and assignments',
        template: sqs,
        files: {
          'app.py': `
            import time
            import uuid
            import boto3

            table = boto3.resource("dynamodb").Table("orders")


            def lambda_handler(event, context):
                for record in event["Records"]:
                    table.put_item(Item={"pk": record["messageId"], "at": int(time.time())})
                    table.put_item(Item={"pk": str(uuid.uuid4())}, ConditionExpression="attribute_not_exists(pk)")
                    table.update_item(Key={"pk": record["body"]}, UpdateExpression="SET #s = :s", ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": "PAID"})
                return {"batchItemFailures": []}
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'a fresh item per message, a counter, a publish, an HTTP POST and a Stripe charge in an SQS consumer, through a helper',
        template: sqs,
        files: {
          'app.py': `
            import uuid
            import boto3
            import requests
            from notify import notify

            table = boto3.resource("dynamodb").Table("orders")
            stats = boto3.client("dynamodb")


            def lambda_handler(event, context):
                for record in event["Records"]:
                    table.put_item(Item={"pk": str(uuid.uuid4()), "body": record["body"]})
                    stats.update_item(TableName="stats", Key={"pk": {"S": "orders"}}, UpdateExpression="ADD total :one", ExpressionAttributeValues={":one": {"N": "1"}})
                    requests.post("https://api.example.com/receipts", json={"body": record["body"]})
                    notify(record)
          `,
          'notify.py': `
            import boto3
            import stripe

            sns = boto3.client("sns")


            def notify(record):
                sns.publish(TopicArn="arn:aws:sns:us-east-1:123456789012:t", Message=record["body"])
                stripe.Charge.create(amount=100, currency="eur")
          `,
        },
        errors: [
          { file: 'app.py', line: 12, column: 9, messageIncludes: ['put_item with a generated key', 'function Worker (fed by SQS queue Orders, template.yaml:10)', 'writes a second item', 'Powertools idempotency (@idempotent or @idempotent_function)'] },
          { file: 'app.py', line: 13, column: 9, messageIncludes: ['update_item incrementing a counter', 'counts twice'] },
          { file: 'app.py', line: 14, column: 9, messageIncludes: ['requests.post', 'sends the request again'] },
          { file: 'notify.py', line: 8, column: 5, messageIncludes: ['publish', 'publishes it again'] },
          { file: 'notify.py', line: 9, column: 5, messageIncludes: ['Stripe', 'charges or creates it again'] },
        ],
      },
    ],
  });
});
