/** End to end: real handler code read by the frontends, real `requirementsOf`, real templates. */
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';

const template = (policies: string, { handler = 'index.handler', runtime = 'nodejs20.x', extra = '' } = {}) => `
  Transform: AWS::Serverless-2016-10-31
  Resources:
    Fn:
      Type: AWS::Serverless::Function
${extra}
      Properties:
        CodeUri: .
        Handler: ${handler}
        Runtime: ${runtime}
        Environment:
          Variables:
            TABLE: !Ref Orders
            QUEUE_URL: !Ref Jobs
            TOPIC_ARN: !Ref Events
        Policies:
${policies.replace(/^/gm, '          ')}
    Orders: { Type: AWS::DynamoDB::Table }
    Jobs:
      Type: AWS::SQS::Queue
      Properties: { KmsMasterKeyId: alias/aws/sqs }
    Events: { Type: AWS::SNS::Topic }
`;

const PYTHON = { handler: 'app.lambda_handler', runtime: 'python3.12' };

const queryIndex = `
  import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
  import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  export const handler = async (event) => {
    const { Items } = await db.send(new QueryCommand({ TableName: process.env.TABLE, IndexName: 'ByCustomer', KeyConditionExpression: 'c = :c', ExpressionAttributeValues: { ':c': event.c } }));
    return Items;
  };
`;
const publishHelper = `
  import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
  const sns = new SNSClient({});
  export const publish = (message) => sns.send(new PublishCommand({ TopicArn: process.env.TOPIC_ARN, Message: message }));
`;
const publishingHandler = "import { publish } from './lib/events.mjs';\nexport const handler = async (event) => { await publish(JSON.stringify(event)); };\n";
const sendJob = `
  import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
  const sqs = new SQSClient({});
  export const handler = async (event) => { await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' })); };
`;
const pythonPut = `
  import os
  import boto3

  table = boto3.resource("dynamodb").Table(os.environ["TABLE"])


  def lambda_handler(event, context):
      table.put_item(Item={"pk": event["id"]})
`;

testSourceRule(rule, {
  valid: [
    { name: 'a GSI query with the index ARN granted', files: { 'index.mjs': queryIndex }, template: template("- Statement: [{ Effect: Allow, Action: dynamodb:Query, Resource: !Sub '${Orders.Arn}/index/*' }]") },
    {
      name: 'a publish made only in a helper module, granted through a connector',
      files: { 'index.mjs': publishingHandler, 'lib/events.mjs': publishHelper },
      template: template('- AWSLambdaBasicExecutionRole', { extra: '      Connectors:\n        Publish:\n          Properties: { Destination: { Id: Events }, Permissions: [Write] }' }),
    },
    { name: 'a KMS-encrypted queue: SQSSendMessagePolicy is enough for the role', files: { 'index.mjs': sendJob }, template: template('- SQSSendMessagePolicy: { QueueName: !GetAtt Jobs.QueueName }') },
    { name: 'Python: a boto3 Table write granted by DynamoDBCrudPolicy', files: { 'app.py': pythonPut }, template: template('- DynamoDBCrudPolicy: { TableName: !Ref Orders }', PYTHON) },
    { name: 'a managed policy sls-lint does not know', files: { 'index.mjs': sendJob }, template: template('- AmazonSQSFullAccess') },
    {
      name: 'a Condition on the only statement',
      files: { 'index.mjs': sendJob },
      template: template("- Statement: [{ Effect: Allow, Action: sqs:SendMessage, Resource: '*', Condition: { StringEquals: { aws:ResourceTag/app: orders } } }]"),
    },
  ],
  invalid: [
    {
      name: 'a GSI query granted on the table only',
      files: { 'index.mjs': queryIndex },
      template: template('- Statement: [{ Effect: Allow, Action: dynamodb:Query, Resource: !GetAtt Orders.Arn }]'),
      errors: [{ file: 'index.mjs', line: 5, column: 27, messageIncludes: ['dynamodb:Query on index Orders', 'DynamoDBReadPolicy: { TableName: !Ref Orders }'] }],
    },
    {
      name: 'a publish made only in a helper module, with no grant for it',
      files: { 'index.mjs': publishingHandler, 'lib/events.mjs': publishHelper },
      template: template('- DynamoDBCrudPolicy: { TableName: !Ref Orders }'),
      errors: [{ file: 'lib/events.mjs', line: 3, column: 37, messageIncludes: ['PublishCommand needs sns:Publish on topic Events', 'SNSPublishMessagePolicy: { TopicName: !GetAtt Events.TopicName }'] }],
    },
    {
      name: 'Python: a boto3 Table write with a read-only template',
      files: { 'app.py': pythonPut },
      template: template('- DynamoDBReadPolicy: { TableName: !Ref Orders }', PYTHON),
      errors: [{ file: 'app.py', line: 8, column: 5, messageIncludes: ['table.put_item needs dynamodb:PutItem on table Orders', 'DynamoDBWritePolicy: { TableName: !Ref Orders }'] }],
    },
    {
      name: 'SDK v2: DocumentClient.put with a read-only template',
      files: {
        'index.js': `
          const AWS = require('aws-sdk');
          const documents = new AWS.DynamoDB.DocumentClient();
          exports.handler = async (event) => {
            await documents.put({ TableName: process.env.TABLE, Item: event }).promise();
          };
        `,
      },
      template: template('- DynamoDBReadPolicy: { TableName: !Ref Orders }'),
      errors: [{ file: 'index.js', line: 4, column: 9, messageIncludes: ['dynamodb:PutItem on table Orders'] }],
    },
  ],
});
