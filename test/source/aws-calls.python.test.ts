/**
 * AWS calls read from Python handlers: boto3 clients, sessions, paginators, managed transfers and
 * simple resource objects, with their targets, and the reasons the list is incomplete.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AwsCallFact, HandlerFacts } from '../../src/source/facts.js';
import { createPythonFrontend } from '../../src/source/python/frontend.js';

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

/** A project on disk; the handler is `lambda_handler` in app.py. */
async function handler(files: Record<string, string>): Promise<HandlerFacts> {
  const root = mkdtempSync(path.join(tmpdir(), 'aws-calls-py-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), dedent(text));
  }
  const frontend = await createPythonFrontend();
  const result = frontend.handlerFacts(path.join(root, 'app.py'), 'lambda_handler', root);
  if ('reason' in result) throw new Error(result.reason);
  return result.facts;
}

const target = (t: AwsCallFact['targets'][number]) => `${t.parameter}=${t.value.kind === 'literal' ? `'${t.value.value}'` : t.value.kind === 'environment' ? `env.${t.value.name}` : '?'}${t.request ? ` (${t.request})` : ''}`;
const calls = (facts: HandlerFacts) =>
  facts.awsCalls.map((c) => `${path.basename(c.loc.file)}:${c.loc.line} ${c.service}:${c.operation}${c.index ? ` index ${c.index}` : ''} ${c.targets.map(target).join(' ')}`.trim());

describe('boto3 clients', () => {
  it('reads client calls, sessions, paginators and managed transfers, with literal and environment targets', async () => {
    const facts = await handler({
      'app.py': `
        import os
        import boto3
        from os import environ

        QUEUE = os.environ.get("QUEUE_URL")
        s3 = boto3.client("s3")
        session = boto3.session.Session()
        sqs = session.client("sqs")
        sfn = boto3.client(service_name="stepfunctions")

        def lambda_handler(event, context):
            s3.put_object(Bucket="out", Key="k", Body=b"")
            s3.upload_file("/tmp/a", "uploads", "k")
            s3.download_file(Bucket=environ["IN_BUCKET"], Key="k", Filename="/tmp/b")
            paginator = s3.get_paginator("list_objects_v2")
            for page in paginator.paginate(Bucket=os.getenv("REPORTS")):
                print(page)
            sqs.send_message_batch(QueueUrl=QUEUE, Entries=[])
            sfn.start_execution(stateMachineArn=os.environ["MACHINE"], input="{}")
            s3.head_object(Bucket="out", Key="k")
            return s3.generate_presigned_url("get_object", Params={"Bucket": "out", "Key": "k"})
      `,
    });
    expect(calls(facts)).toEqual([
      "app.py:12 s3:PutObject Bucket='out'",
      "app.py:13 s3:upload_file Bucket='uploads'",
      'app.py:14 s3:download_file Bucket=env.IN_BUCKET',
      'app.py:16 s3:ListObjectsV2 Bucket=env.REPORTS',
      'app.py:18 sqs:SendMessageBatch QueueUrl=env.QUEUE_URL',
      'app.py:19 states:StartExecution stateMachineArn=env.MACHINE',
      "app.py:20 s3:HeadObject Bucket='out'",
      "app.py:21 s3:GetObject Bucket='out'",
    ]);
    expect(facts.awsCalls[0]!.label).toBe('s3.put_object');
    expect(facts.awsCalls[0]!.within?.description).toBe('lambda_handler() in app.py');
    expect(facts.awsCalls[0]!.loc).toMatchObject({ line: 12, column: 5 });
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('reads keyword arguments given through a dict, batch and transaction requests, and PutEvents buses', async () => {
    const facts = await handler({
      'app.py': `
        import os
        import boto3

        ddb = boto3.client("dynamodb")
        events = boto3.client("events")
        TABLE = os.environ["TABLE"]

        def lambda_handler(event, context):
            params = {"TableName": TABLE, "Key": {"id": {"S": "1"}}}
            ddb.get_item(**params)
            ddb.batch_write_item(RequestItems={TABLE: [], "Audit": []})
            ddb.transact_write_items(TransactItems=[{"Put": {"TableName": "Orders", "Item": {}}}, {"Delete": {"TableName": TABLE, "Key": {}}}])
            events.put_events(Entries=[{"Source": "app", "Detail": "{}"}, {"EventBusName": os.environ["BUS"], "Source": "app"}])
      `,
    });
    expect(calls(facts)).toEqual([
      'app.py:10 dynamodb:GetItem TableName=env.TABLE',
      "app.py:11 dynamodb:BatchWriteItem RequestItems=env.TABLE RequestItems='Audit'",
      "app.py:12 dynamodb:TransactWriteItems TableName='Orders' (Put) TableName=env.TABLE (Delete)",
      "app.py:13 events:PutEvents EventBusName='default' EventBusName=env.BUS",
    ]);
  });
});

describe('boto3 resources', () => {
  it('reads Table methods and batch_writer with the table name, and simple S3, SQS and SNS resource objects', async () => {
    const facts = await handler({
      'app.py': `
        import os
        import boto3

        dynamodb = boto3.resource("dynamodb")
        table = dynamodb.Table(os.environ["TABLE_NAME"])
        s3 = boto3.resource("s3")

        def lambda_handler(event, context):
            table.put_item(Item={"id": "1"})
            table.get_item(Key={"id": "1"})
            table.query(IndexName="byUser", KeyConditionExpression="u = :u")
            table.scan()
            table.update_item(Key={"id": "1"})
            table.delete_item(Key={"id": "1"})
            with table.batch_writer() as batch:
                batch.put_item(Item={"id": "2"})
            s3.Object("in", "key").get()
            bucket = s3.Bucket("out")
            bucket.put_object(Key="k", Body=b"")
            for item in bucket.objects.filter(Prefix="a/"):
                print(item.key)
            boto3.resource("sqs").Queue(os.environ["QUEUE_URL"]).send_message(MessageBody="x")
            boto3.resource("sns").Topic("arn:aws:sns:eu-west-1:123456789012:t").publish(Message="m")
      `,
    });
    expect(calls(facts)).toEqual([
      'app.py:9 dynamodb:PutItem TableName=env.TABLE_NAME',
      'app.py:10 dynamodb:GetItem TableName=env.TABLE_NAME',
      'app.py:11 dynamodb:Query index byUser TableName=env.TABLE_NAME',
      'app.py:12 dynamodb:Scan TableName=env.TABLE_NAME',
      'app.py:13 dynamodb:UpdateItem TableName=env.TABLE_NAME',
      'app.py:14 dynamodb:DeleteItem TableName=env.TABLE_NAME',
      'app.py:15 dynamodb:batch_writer TableName=env.TABLE_NAME',
      "app.py:17 s3:GetObject Bucket='in'",
      "app.py:19 s3:PutObject Bucket='out'",
      "app.py:20 s3:ListObjects Bucket='out'",
      'app.py:22 sqs:SendMessage QueueUrl=env.QUEUE_URL',
      "app.py:23 sns:Publish TopicArn='arn:aws:sns:eu-west-1:123456789012:t'",
    ]);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('follows clients and tables into helper modules and classes, and names a table made in a helper by its argument', async () => {
    const facts = await handler({
      'app.py': `
        from repo import Repository, notify
        from clients import s3

        repo = Repository()

        def lambda_handler(event, context):
            repo.save(event)
            notify(s3, "done")
      `,
      'repo.py': `
        import os
        import boto3

        class Repository:
            def __init__(self):
                self.table = boto3.resource("dynamodb").Table(os.environ["ORDERS"])

            def save(self, item):
                self.table.put_item(Item=item)

        def notify(client, message):
            client.put_object(Bucket="logs", Key="k", Body=message)

        def unused():
            boto3.client("sqs").send_message(QueueUrl="q", MessageBody="never")
      `,
      'clients.py': `
        import boto3
        s3 = boto3.client("s3")
      `,
    });
    expect(calls(facts)).toEqual(['repo.py:9 dynamodb:PutItem TableName=env.ORDERS', "repo.py:12 s3:PutObject Bucket='logs'"]);
    expect(facts.awsCalls.map((c) => c.within?.description)).toEqual(['Repository.save() in repo.py', 'notify() in repo.py']);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('records a call at module scope without a function, and none under __main__', async () => {
    const facts = await handler({
      'app.py': `
        import boto3
        ssm = boto3.client("ssm")
        CONFIG = ssm.get_parameter(Name="/app/config")

        def lambda_handler(event, context):
            return CONFIG

        if __name__ == "__main__":
            ssm.put_parameter(Name="/app/config", Value="x")
            lambda_handler({}, None)
      `,
    });
    expect(calls(facts)).toEqual(["app.py:3 ssm:GetParameter Name='/app/config'"]);
    expect(facts.awsCalls[0]!.within).toBeUndefined();
  });
});

describe('code that runs without being called by name', () => {
  it('reads functions kept in a dispatch table, and the nearest assignment of a reassigned name', async () => {
    const facts = await handler({
      'app.py': `
        import boto3

        def get_item(event):
            return boto3.resource("dynamodb").Table("Orders").get_item(Key={"id": event["id"]})

        def delete_item(event):
            return boto3.client("dynamodb").delete_item(TableName="Orders", Key={})

        ROUTES = {"GET": get_item, "DELETE": delete_item}

        def lambda_handler(event, context):
            s3 = boto3.client("s3")
            s3.download_file("in", "k", "/tmp/k")
            s3 = boto3.resource("s3")
            s3.Bucket("out").upload_file("/tmp/k", "k")
            return ROUTES[event["method"]](event)
      `,
    });
    expect(calls(facts)).toEqual(["app.py:4 dynamodb:GetItem TableName='Orders'", "app.py:7 dynamodb:DeleteItem TableName='Orders'", "app.py:13 s3:download_file Bucket='in'", "app.py:15 s3:upload_file Bucket='out'"]);
    expect(facts.awsCalls[0]!.within?.description).toBe('get_item() in app.py');
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });

  it('reads functions a framework routes to, and project functions called at module scope', async () => {
    const facts = await handler({
      'app.py': `
        import boto3
        from aws_lambda_powertools import Logger
        from aws_lambda_powertools.event_handler import APIGatewayRestResolver

        app = APIGatewayRestResolver()
        logger = Logger()
        table = boto3.resource("dynamodb").Table("Cars")

        def load_config():
            return boto3.client("ssm").get_parameter(Name="/cars/config")

        CONFIG = load_config()

        @app.post("/cars")
        def create_car():
            table.put_item(Item=app.current_event.json_body)

        @logger.inject_lambda_context
        def other_handler(event, context):
            table.delete_item(Key={"id": "x"})

        def lambda_handler(event, context):
            return app.resolve(event, context)
      `,
    });
    expect(calls(facts)).toEqual(["app.py:10 ssm:GetParameter Name='/cars/config'", "app.py:16 dynamodb:PutItem TableName='Cars'"]);
  });

  it('treats what an operation returns as data: response.get() is not a call', async () => {
    const facts = await handler({
      'app.py': `
        import boto3
        table = boto3.resource("dynamodb").Table("Orders")

        def lambda_handler(event, context):
            response = table.get_item(Key={"id": "1"})
            item = response.get("Item")
            rows = table.query(KeyConditionExpression="id = :id").get("Items", [])
            return item, rows
      `,
    });
    expect(calls(facts)).toEqual(["app.py:5 dynamodb:GetItem TableName='Orders'", "app.py:7 dynamodb:Query TableName='Orders'"]);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });
});

describe('look-alikes that are not AWS calls', () => {
  it('ignores SDK-like method names on other objects, and calls the handler never reaches', async () => {
    const facts = await handler({
      'app.py': `
        import boto3
        import requests

        cache = {}
        table = boto3.resource("dynamodb").Table("Orders")
        session = requests.Session()

        def lambda_handler(event, context):
            cache.get(event["id"])
            session.put("https://example.com", data="x")
            return cache.put_item if hasattr(cache, "put_item") else None

        def never_called():
            table.put_item(Item={})
      `,
    });
    expect(facts.awsCalls).toEqual([]);
    expect(facts.awsCallsIncomplete).toBeUndefined();
  });
});

describe('awsCallsIncomplete', () => {
  const reason = async (body: string) => (await handler({ 'app.py': `import boto3\nimport os\nsqs = boto3.client("sqs")\n${dedent(body)}` })).awsCallsIncomplete;

  it('is set when a method is named by a value', async () => {
    expect(await reason('def lambda_handler(event, context):\n    return getattr(sqs, event["op"])(QueueUrl="q")\n')).toBe('getattr(sqs, event["op"]) in app.py:5 names a method by a value');
  });

  it('is set when a client is handed to a package sls-lint does not read', async () => {
    expect(await reason('from mylib import consume\ndef lambda_handler(event, context):\n    consume(sqs, "q")\n')).toBe('sqs is passed to consume() in app.py:6, which sls-lint does not read');
  });

  it('is set when the code imports a package that calls AWS for it', async () => {
    expect(await reason('import awswrangler as wr\ndef lambda_handler(event, context):\n    return wr.s3.read_csv("s3://b/k")\n')).toBe('app.py imports awswrangler, which calls AWS itself');
    expect(await reason('def lambda_handler(event, context):\n    from aws_lambda_powertools.utilities import parameters\n    return parameters.get_parameter("/x")\n')).toBe('lambda_handler() in app.py imports aws_lambda_powertools.utilities.parameters, which calls AWS itself');
  });

  it('is set for a client whose service is not a literal, and a client method used as a value', async () => {
    expect(await reason('def lambda_handler(event, context):\n    boto3.client(os.environ["SERVICE"]).list_things()\n')).toBe('boto3.client(os.environ["SERVICE"]).list_things() in app.py:5 is called on a client whose service is not a literal');
    expect(await reason('send = sqs.send_message\ndef lambda_handler(event, context):\n    send(QueueUrl="q", MessageBody="x")\n')).toBe('sqs.send_message is used as a value in app.py:4');
  });

  it('stays undefined when every use of every client is understood', async () => {
    expect(await reason('def lambda_handler(event, context):\n    sqs.send_message(QueueUrl="q", MessageBody="x")\n    print(sqs.meta.region_name)\n')).toBeUndefined();
  });
});
