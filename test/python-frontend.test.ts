import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HandlerFacts } from '../src/source/facts.js';
import { createPythonFrontend, type PythonFrontend } from '../src/source/python/frontend.js';

/** Writes a project to a fresh folder; returns its root. Leading indentation of each file is removed. */
function project(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'py-front-'));
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(root, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof text === 'string' ? dedent(text) : text);
  }
  return root;
}

function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}

async function facts(files: Record<string, string | Buffer>, handler = 'app.lambda_handler'): Promise<{ facts: HandlerFacts; frontend: PythonFrontend; root: string }> {
  const root = project(files);
  const frontend = await createPythonFrontend();
  const dot = handler.lastIndexOf('.');
  const result = frontend.handlerFacts(path.join(root, `${handler.slice(0, dot).replace(/\./g, '/')}.py`), handler.slice(dot + 1), root);
  if ('reason' in result) throw new Error(result.reason);
  return { facts: result.facts, frontend, root };
}

const constructions = (f: HandlerFacts) => f.constructions.map((c) => `${c.module}:${c.name}${c.firstArgument ? `(${c.firstArgument})` : ''} in ${c.within.description}${c.memoised ? ' memoised' : ''}${c.configuredFromInvocation ? ' per-invocation' : ''}`);
const clients = (f: HandlerFacts) => constructions(f).filter((c) => /^(boto3:(client|resource|Session|Session\.client)[( ]|(psycopg2|pymysql|redis|mysql\.connector|pymongo|sqlalchemy):\w+[( ]|requests:Session |httpx:Client )/.test(c));

describe('Python frontend: per-invocation reachability and constructions', () => {
  it('records clients built in the handler, not those at module scope or under __main__', async () => {
    const { facts: f } = await facts({
      'app.py': `
        import boto3
        s3 = boto3.client("s3")

        def lambda_handler(event, context):
            sqs = boto3.client("sqs")
            return s3.list_buckets()

        if __name__ == "__main__":
            import pandas
            boto3.client("ec2")
            lambda_handler({}, None)
      `,
    });
    expect(clients(f)).toEqual(['boto3:client(sqs) in lambda_handler() in app.py']);
    expect(f.constructions.find((c) => c.name === 'client')).toMatchObject({ callee: 'boto3.client', isNew: false, loc: { line: 5, column: 11, endLine: 5, endColumn: 30 }, within: { isEntry: true } });
    expect(f.coldStartImports.map((i) => i.specifier)).toEqual(['boto3']);
  });

  it('names imported callables by module and dotted name, through sessions and aliases', async () => {
    const { facts: f } = await facts({
      'app.py': `
        import boto3
        import redis
        import mysql.connector
        from psycopg2 import connect
        from sqlalchemy import create_engine as engine
        session = boto3.Session()

        def lambda_handler(event, context):
            connect(host="db")
            redis.Redis(host="cache")
            mysql.connector.connect(user="u")
            engine("postgresql://db")
            boto3.Session().client("s3")
            session.client(service_name="sns")
      `,
    });
    expect(clients(f)).toEqual([
      'psycopg2:connect in lambda_handler() in app.py',
      'redis:Redis in lambda_handler() in app.py',
      'mysql.connector:connect in lambda_handler() in app.py',
      'sqlalchemy:create_engine(postgresql://db) in lambda_handler() in app.py',
      'boto3:Session.client(s3) in lambda_handler() in app.py',
      'boto3:Session in lambda_handler() in app.py',
      'boto3:Session.client(sns) in lambda_handler() in app.py',
    ]);
  });

  it('knows memoised clients: guarded globals, module-level caches, lru_cache factories', async () => {
    const { facts: f } = await facts({
      'app.py': `
        import functools
        import boto3
        _ddb = None
        _sns = None
        _clients = {}

        def ddb():
            global _ddb
            if _ddb is None:
                _ddb = boto3.client("dynamodb")
            return _ddb

        def sns():
            global _sns
            if not _sns:
                _sns = boto3.client("sns")
            return _sns

        def regional(region):
            if region not in _clients:
                _clients[region] = boto3.client("s3", region_name=region)
            return _clients[region]

        @functools.lru_cache(maxsize=None)
        def secrets():
            return boto3.client("secretsmanager")

        def not_memoised():
            client = None
            if client is None:
                client = boto3.client("sqs")
            return client

        def lambda_handler(event, context):
            ddb(); sns(); regional("eu-west-1"); secrets(); not_memoised()
      `,
    });
    expect(clients(f).sort()).toEqual([
      'boto3:client(dynamodb) in ddb() in app.py memoised',
      'boto3:client(s3) in regional() in app.py memoised',
      'boto3:client(secretsmanager) in secrets() in app.py memoised',
      'boto3:client(sns) in sns() in app.py memoised',
      'boto3:client(sqs) in not_memoised() in app.py',
    ]);
  });

  it('follows calls into helper modules, however they are imported', async () => {
    const { facts: f } = await facts({
      'app.py': `
        import lib.aws as aws
        from lib import db
        from lib.queue import enqueue
        from lib.unused import never

        def lambda_handler(event, context):
            aws.make()
            db.connect_db()
            enqueue()
      `,
      'lib/__init__.py': '',
      'lib/aws.py': 'import boto3\ndef make():\n    return boto3.client("s3")\n',
      'lib/db.py': 'import pymysql\ndef connect_db():\n    return pymysql.connect(host="h")\n',
      'lib/queue.py': 'from .aws import make\ndef enqueue():\n    return make()\n',
      'lib/unused.py': 'import boto3\ndef never():\n    return boto3.client("ec2")\n',
    });
    expect(clients(f).sort()).toEqual(['boto3:client(s3) in make() in aws.py', 'pymysql:connect in connect_db() in db.py']);
  });

  it('a class instantiated per call runs its __init__ per call; a module-level instance does not', async () => {
    const perCall = await facts({
      'app.py': `
        from repo import Repo
        def lambda_handler(event, context):
            Repo().save(event)
      `,
      'repo.py': `
        import boto3
        from base import Base
        class Repo(Base):
            def __init__(self):
                super().__init__()
            def save(self, item):
                self.table.put_item(Item=item)
      `,
      'base.py': `
        import boto3
        class Base:
            def __init__(self):
                self.table = boto3.resource("dynamodb").Table("t")
      `,
    });
    expect(clients(perCall.facts)).toEqual(['boto3:resource(dynamodb) in Base.__init__() in base.py']);
    expect(constructions(perCall.facts)).toContain('boto3:resource.Table.put_item in Repo.save() in repo.py per-invocation');
    const moduleLevel = await facts({
      'app.py': `
        from repo import Repo
        repo = Repo()
        def lambda_handler(event, context):
            repo.save(event)
      `,
      'repo.py': `
        import boto3
        class Repo:
            def __init__(self):
                self.table = boto3.resource("dynamodb").Table("t")
            def save(self, item):
                self.table.put_item(Item=item)
      `,
    });
    expect(clients(moduleLevel.facts)).toEqual([]);
    expect(constructions(moduleLevel.facts)).toEqual(['boto3:resource.Table.put_item in Repo.save() in repo.py per-invocation']);
  });

  it('follows nested functions, project decorators, map, executors and comprehensions; never dynamic calls', async () => {
    const { facts: f } = await facts({
      'app.py': `
        import boto3
        from concurrent.futures import ThreadPoolExecutor
        from deco import traced

        def one(x): return boto3.client("s3")
        def two(x): return boto3.client("sns")
        def three(x): return boto3.client("sqs")
        def four(x): return boto3.client("kms")
        def dynamic(x): return boto3.client("ec2")
        HANDLERS = {"d": dynamic}

        @traced
        def lambda_handler(event, context):
            def inner():
                return boto3.client("sts")
            inner()
            list(map(one, event["items"]))
            with ThreadPoolExecutor() as pool:
                pool.submit(two, 1)
            [three(r) for r in event["Records"]]
            HANDLERS["d"](1)
            getattr(__import__("app"), "four")(1)
      `,
      'deco.py': `
        import functools, boto3
        def traced(fn):
            boto3.client("xray")
            @functools.wraps(fn)
            def wrapper(*args):
                boto3.client("logs")
                return fn(*args)
            return wrapper
      `,
    });
    expect(clients(f).map((c) => c.split(' in ')[0]).sort()).toEqual(['boto3:client(logs)', 'boto3:client(s3)', 'boto3:client(sns)', 'boto3:client(sqs)', 'boto3:client(sts)']);
  });

  it('a client configured from the event is per-invocation on purpose; a secret or environment variable is not', async () => {
    const { facts: f } = await facts({
      'app.py': `
        import os, boto3, pymongo
        def connect(creds):
            return boto3.client("s3", aws_access_key_id=creds["key"])
        def lambda_handler(event, context):
            tenant = event["requestContext"]["authorizer"]["tenant"]
            connect(tenant)
            boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{event['requestContext']['domainName']}")
            uri = boto3.client("secretsmanager").get_secret_value(SecretId=os.environ["SECRET"])["SecretString"]
            pymongo.MongoClient(uri)
            pymongo.MongoClient(os.environ["MONGO_URI"])
      `,
    });
    expect(clients(f)).toEqual([
      'boto3:client(apigatewaymanagementapi) in lambda_handler() in app.py per-invocation',
      'boto3:client(secretsmanager) in lambda_handler() in app.py',
      'pymongo:MongoClient in lambda_handler() in app.py',
      'pymongo:MongoClient in lambda_handler() in app.py',
      'boto3:client(s3) in connect() in app.py per-invocation',
    ]);
  });

  it('finds a decorated or wrapped handler, and says why one cannot be followed', async () => {
    const root = project({
      'app.py': `
        from aws_lambda_powertools import Logger
        from mangum import Mangum
        import boto3
        logger = Logger()
        def base(event, context):
            return boto3.client("s3")
        wrapped = logger.inject_lambda_context(base)
        asgi = Mangum(object())
        @logger.inject_lambda_context(log_event=True)
        def decorated(event, context):
            return boto3.client("sns")
      `,
    });
    const frontend = await createPythonFrontend();
    const file = path.join(root, 'app.py');
    const get = (name: string) => frontend.handlerFacts(file, name, root);
    expect('facts' in get('wrapped') && clients((get('wrapped') as { facts: HandlerFacts }).facts)).toEqual(['boto3:client(s3) in base() in app.py']);
    expect('facts' in get('decorated') && clients((get('decorated') as { facts: HandlerFacts }).facts)).toEqual(['boto3:client(sns) in decorated() in app.py']);
    expect(get('asgi')).toEqual({ reason: 'asgi in app.py is built by Mangum(…), which cannot be followed statically' });
    expect(get('missing')).toEqual({ reason: 'app.py defines no function missing' });
  });
});

describe('Python frontend: module resolution and cold-start imports', () => {
  it('resolves absolute, relative and package imports from the code root; packages outside it are named', async () => {
    const { facts: f } = await facts(
      {
        'orders/__init__.py': 'import numpy\n',
        'orders/api.py': `
          from .db import table
          from . import util
          from .v1 import routes
          # Climbs out of the top-level package: an ImportError in Python, so nothing is read.
          from ..shared.log import log
          import orders.models as models
          def handler(event, context):
              return table, util, log, models, routes
        `,
        'orders/v1/routes.py': 'from ..db import table\nfrom ...outside import nothing\nimport tenacity\n',
        'orders/db.py': 'import pandas as pd\ntable = 1\n',
        'orders/util.py': 'import requests\n',
        'orders/models.py': 'import pydantic\n',
        'shared/log.py': 'import structlog\nlog = 1\n',
        'nsp/mod.py': 'import scipy\n',
        'app.py': 'import nsp.mod\nimport boto3\nfrom orders import api\ndef lambda_handler(event, context):\n    pass\n',
      },
      'app.lambda_handler',
    );
    expect(f.coldStartImports.map((i) => `${i.specifier} from ${path.basename(i.file)}`).sort()).toEqual([
      'boto3 from app.py',
      'numpy from __init__.py',
      'pandas from db.py',
      'pydantic from models.py',
      'requests from util.py',
      'scipy from mod.py',
      'tenacity from routes.py',
    ]);
    expect(f.coldStartImports.find((i) => i.specifier === 'boto3')!.loc).toMatchObject({ line: 2, column: 1, endLine: 2, endColumn: 13 });
  });

  it('treats packages pip installed into the code root as third-party', async () => {
    const { facts: f } = await facts({
      'app.py': 'import requests\nimport helpers\ndef lambda_handler(event, context):\n    requests.post("https://x")\n',
      'helpers.py': 'import json\n',
      'requests/__init__.py': 'import urllib3\ndef post(url): pass\n',
      'requests-2.32.3.dist-info/METADATA': 'Name: requests\n',
    });
    expect(f.coldStartImports.map((i) => i.specifier)).toEqual(['requests', 'json']);
    expect(f.sideEffects.map((e) => e.label)).toEqual(['requests.post']);
  });

  it('terminates on import cycles and modules importing themselves', async () => {
    const { facts: f, frontend } = await facts({
      'app.py': 'import app\nimport a\ndef lambda_handler(event, context):\n    a.ping()\n',
      'a.py': 'import b\nimport pandas\ndef ping():\n    b.pong()\n',
      'b.py': 'import a\ndef pong():\n    a.ping()\n',
    });
    expect(f.coldStartImports.map((i) => i.specifier)).toEqual(['pandas']);
    expect([...frontend.parsedTexts().keys()].map((p) => path.basename(p)).sort()).toEqual(['a.py', 'app.py', 'b.py']);
  });
});

describe('Python frontend: side effects and guards', () => {
  const effects = async (body: string, extra = '') =>
    (
      await facts({
        'app.py': `import os, uuid, time, boto3, requests, httpx, stripe\nfrom datetime import datetime\n${extra}\ntable = boto3.resource("dynamodb").Table(os.environ["T"])\nddb = boto3.client("dynamodb")\nsns = boto3.client("sns")\nses = boto3.client("ses")\nlam = boto3.client("lambda")\ndef lambda_handler(event, context):\n    for record in event["Records"]:\n${body.replace(/^/gm, '        ')}\n`,
      })
    ).facts;

  it('reports writes keyed on fresh ids, counters, messages and external calls', async () => {
    const f = await effects(
      [
        'item = {"pk": str(uuid.uuid4()), "body": record["body"]}',
        'table.put_item(Item=item)',
        'ddb.put_item(TableName="t", Item={"pk": {"S": str(time.time())}})',
        'table.update_item(Key={"pk": "total"}, UpdateExpression="SET #c = #c + :one")',
        'ddb.update_item(Key={}, UpdateExpression="ADD hits :one")',
        'with table.batch_writer() as batch:',
        '    batch.put_item(Item={"orderId": datetime.now().isoformat()})',
        'sns.publish(TopicArn="t", Message="m")',
        'ses.send_email(Source="a", Destination={}, Message={})',
        'lam.invoke(FunctionName="f", InvocationType="Event")',
        'requests.post("https://api", json={})',
        'httpx.patch("https://api", json={})',
        'stripe.Charge.create(amount=100)',
      ].join('\n'),
    );
    expect(f.sideEffects.map((e) => `${e.label} | ${e.consequence}`)).toEqual([
      'Table.put_item with a generated key | a redelivered message writes a second item',
      'dynamodb.put_item with a generated key | a redelivered message writes a second item',
      'Table.update_item incrementing a counter | a redelivered message counts twice',
      'dynamodb.update_item incrementing a counter | a redelivered message counts twice',
      'batch_writer.put_item with a generated key | a redelivered message writes a second item',
      'sns.publish | a redelivered message publishes it again',
      'ses.send_email | a redelivered message sends it again',
      'lambda.invoke (InvocationType Event) | a redelivered message invokes the function again',
      'requests.post | a redelivered message sends the request again',
      'httpx.patch | a redelivered message sends the request again',
      'Stripe Charge.create | a redelivered message charges or creates it again',
    ]);
    expect(f.sideEffects[0]!.loc).toMatchObject({ line: 12, column: 9 });
    expect(f.idempotencyGuard).toBeUndefined();
  });

  it('leaves alone writes keyed on the message, conditional writes, PUTs, sync invokes and keyed Stripe calls', async () => {
    const f = await effects(
      [
        'table.put_item(Item={"pk": record["messageId"], "at": str(time.time())})',
        'table.put_item(Item={"file": record["body"], "TimeStamp": str(datetime.now())})',
        'table.put_item(Item={"pk": str(uuid.uuid4())}, ConditionExpression="attribute_not_exists(pk)")',
        'table.update_item(Key={"pk": "x"}, UpdateExpression="SET #s = :status")',
        'lam.invoke(FunctionName="f", InvocationType="RequestResponse")',
        'requests.put("https://api", json={})',
        'requests.post("https://api", headers={"Idempotency-Key": record["messageId"]})',
        'stripe.Charge.create(amount=100, idempotency_key=record["messageId"])',
        'requests.get("https://api")',
      ].join('\n'),
    );
    expect(f.sideEffects).toEqual([]);
  });

  it('follows a client passed as an argument when every call site passes the same one', async () => {
    const { facts: f } = await facts({
      'app.py': `
        import uuid, boto3
        from store import Store
        table = boto3.resource("dynamodb").Table("orders")
        sns = boto3.client("sns")
        def write(record, target):
            target.put_item(Item={"pk": str(uuid.uuid4()), "body": record["body"]})
        def notify(client, message):
            client.publish(TopicArn="t", Message=message)
        def lambda_handler(event, context):
            for record in event["Records"]:
                write(record, table)
                write(record, target=table)
                notify(sns, "a")
                notify(object(), "b")
                Store(table).save(record)
      `,
      'store.py': `
        import time
        class Store:
            def __init__(self, table):
                self.table = table
            def save(self, record):
                self.table.put_item(Item={"orderId": str(time.time())})
      `,
    });
    // notify() gets an SNS client at one call site and something else at the other: not judged.
    expect(f.sideEffects.map((e) => `${e.label} in ${path.basename(e.loc.file)}:${e.loc.line}`).sort()).toEqual([
      'Table.put_item with a generated key in app.py:6',
      'Table.put_item with a generated key in store.py:6',
    ]);
  });

  it('finds handler-wide guards: Powertools idempotency and a dedup lookup on the message ID', async () => {
    const powertools = await effects('sns.publish(TopicArn="t", Message="m")', 'from aws_lambda_powertools.utilities.idempotency import idempotent_function');
    expect(powertools.idempotencyGuard).toBe('Powertools idempotency');
    const dedup = await effects('if table.get_item(Key={"pk": record["messageId"]}).get("Item"):\n    continue\nsns.publish(TopicArn="t", Message="m")');
    expect(dedup.idempotencyGuard).toBe('a lookup keyed on the message ID in app.py');
    const lookAlike = await effects('table.get_item(Key={"pk": "config"})\nsns.publish(TopicArn="t", Message="m")');
    expect(lookAlike.idempotencyGuard).toBeUndefined();
    // Reading the ID out of the message is not checking whether it was seen.
    const dictRead = await effects('message = json.loads(record["body"])\nmessage_id = message.get("messageId")\nrecord.get("messageId")\nsns.publish(TopicArn="t", Message="m")', 'import json');
    expect(dictRead.idempotencyGuard).toBeUndefined();
    const redisSet = await effects('if not cache.set(record["messageId"], 1, nx=True, ex=3600):\n    continue\nsns.publish(TopicArn="t", Message="m")', 'import redis\ncache = redis.Redis()');
    expect(redisSet.idempotencyGuard).toBe('a lookup keyed on the message ID in app.py');
  });
});

describe('Python frontend: partial batch responses and consumers', () => {
  it('finds batchItemFailures dicts and Powertools batch processing in per-invocation code only', async () => {
    const literal = await facts({
      'app.py': 'def lambda_handler(event, context):\n    failures = []\n    return {"batchItemFailures": failures}\n',
    });
    expect(literal.facts.batchItemFailures).toMatchObject({ line: 3, column: 13 });
    expect(literal.facts.consumerEvidence).toBeUndefined();
    const powertools = await facts({
      'app.py': `
        from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
        from aws_lambda_powertools.utilities.data_classes import SQSEvent
        processor = BatchProcessor(event_type=EventType.SQS)
        def record_handler(record):
            pass
        def lambda_handler(event: SQSEvent, context):
            return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
      `,
    });
    expect(powertools.facts.batchItemFailures).toMatchObject({ line: 7, column: 12 });
    expect(powertools.facts.consumerEvidence).toBe('its type SQSEvent');
    const decorator = await facts({
      'app.py': `
        from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, batch_processor
        processor = BatchProcessor(event_type=EventType.SQS)
        @batch_processor(record_handler=print, processor=processor)
        def lambda_handler(event, context):
            return processor.response()
      `,
    });
    expect(decorator.facts.batchItemFailures).toMatchObject({ line: 3, column: 2 });
    const unreached = await facts({
      'app.py': 'def unused():\n    return {"batchItemFailures": []}\nRESPONSE = {"batchItemFailures": []}\ndef lambda_handler(event, context):\n    for record in event["Records"]:\n        pass\n',
    });
    expect(unreached.facts.batchItemFailures).toBeUndefined();
    expect(unreached.facts.consumerEvidence).toBe('it iterates event["Records"]');
  });

  it('knows consumers from Powertools data classes and async handlers', async () => {
    const dataClass = await facts({
      'app.py': `
        from aws_lambda_powertools.utilities.data_classes import event_source, SQSEvent
        @event_source(data_class=SQSEvent)
        def lambda_handler(event, context):
            return [r.body for r in event.records]
      `,
    });
    expect(dataClass.facts.consumerEvidence).toBe('its event_source data class SQSEvent');
    const iterated = await facts({
      'app.py': `
        from aws_lambda_powertools.utilities.batch import AsyncBatchProcessor, EventType, async_process_partial_response
        processor = AsyncBatchProcessor(event_type=EventType.SQS)
        async def handle(record):
            pass
        def lambda_handler(event, context):
            return async_process_partial_response(event=event, record_handler=handle, processor=processor, context=context)
      `,
    });
    expect(iterated.facts.batchItemFailures).toMatchObject({ line: 6, column: 12 });
    const api = await facts({
      'app.py': 'import json\ndef lambda_handler(event, context):\n    records = json.loads(event["body"])["Records"]\n    return {"statusCode": 200, "body": json.dumps(records)}\n',
    });
    expect(api.facts.consumerEvidence).toBeUndefined();
  });

  it('finds handlers by convention', async () => {
    const root = project({
      'app.py': `
        from aws_lambda_powertools.utilities.typing import LambdaContext
        def lambda_handler(event, context): pass
        def handler(event): pass
        def process(event: dict, context: LambdaContext) -> dict: pass
        def helper(a, b): pass
      `,
    });
    const frontend = await createPythonFrontend();
    expect(frontend.handlersByConvention(path.join(root, 'app.py')).map((h) => h.exportName)).toEqual(['lambda_handler', 'process']);
  });
});

describe('Python frontend: strings', () => {
  it('records literals with the names they are bound to, environment fallbacks, and skips f-strings and docstrings', async () => {
    const { facts: f } = await facts({
      'app.py': `
        """Module docstring."""
        import os
        API_KEY = "sk_live_1234567890abcdefghijklmn"
        password = os.environ.get("DB_PASSWORD", "")
        token = os.getenv("TOKEN", "dev-token")
        other = os.environ.get("OTHER") or "fallback"
        PEM = """-----BEGIN RSA PRIVATE KEY-----
        MIIEow
        -----END RSA PRIVATE KEY-----"""
        config = {"db_password": "hunter2", "nested": {"secret": r"a\\b"}}
        greeting = f"hello {os.getpid()}"
        plain = f"no interpolation"
        braces = f"{{literal}} \\x41"
        octal = "\\101\\102"
        beyond = "x\\U00110000"
        data = b"\\u0041\\x41"
        def lambda_handler(event, context, api_token="default-token"):
            """Handler docstring."""
            connect(password="p@ss")
            os.environ["SECRET_KEY"] = "abc" "def"
      `,
    });
    const named = f.strings.filter((s) => s.name !== undefined).map((s) => `${s.name}=${JSON.stringify(s.value)}${s.environmentFallback ? ' (fallback)' : ''}`);
    expect(named).toEqual([
      'API_KEY="sk_live_1234567890abcdefghijklmn"',
      'DB_PASSWORD="" (fallback)',
      'TOKEN="dev-token" (fallback)',
      'OTHER="fallback" (fallback)',
      'PEM="-----BEGIN RSA PRIVATE KEY-----\\nMIIEow\\n-----END RSA PRIVATE KEY-----"',
      'db_password="hunter2"',
      'secret="a\\\\b"',
      'plain="no interpolation"',
      'braces="{literal} A"',
      'octal="AB"',
      'beyond="x\\\\U00110000"',
      'data="\\\\u0041A"',
      'api_token="default-token"',
      'password="p@ss"',
      'SECRET_KEY="abcdef"',
    ]);
    const values = f.strings.map((s) => s.value);
    expect(values).not.toContain('Module docstring.');
    expect(values).not.toContain('Handler docstring.');
    expect(values.some((v) => v.startsWith('hello'))).toBe(false);
    expect(f.strings.find((s) => s.name === 'API_KEY')!.loc).toMatchObject({ line: 3, column: 11, endLine: 3, endColumn: 45 });
    expect(f.strings.find((s) => s.name === 'API_KEY')!.path).toMatch(/app\.py#API_KEY#3$/);
  });
});

describe('Python frontend: robustness', () => {
  it('keeps the facts of what parsed and records a syntax error in the handler', async () => {
    const { facts: f, frontend, root } = await facts({
      'app.py': 'import boto3\ndef helper():\n    return 1\ndef lambda_handler(event, context):\n    client = boto3.client("s3")\n    if client\n        helper()\n',
    });
    expect(clients(f)).toEqual(['boto3:client(s3) in lambda_handler() in app.py']);
    expect(frontend.problems.map((p) => ({ file: path.relative(root, p.file), reason: p.reason }))).toEqual([{ file: 'app.py', reason: 'syntax error at line 6' }]);
  });

  it('says nothing about a syntax error in code the handler never runs', async () => {
    const { facts: f, frontend } = await facts({
      'app.py': 'import boto3\ndef unused():\n    x = 1 +\n    return x\ndef lambda_handler(event, context):\n    return boto3.client("s3")\n',
    });
    expect(clients(f)).toEqual(['boto3:client(s3) in lambda_handler() in app.py']);
    expect(frontend.problems).toEqual([]);
  });

  it('points at the unclosed bracket when recovery wraps the whole file', async () => {
    const root = project({ 'app.py': 'import boto3\ndef lambda_handler(event, context):\n    return boto3.client("s3")\n\ndef unused():\n    x = (1,\n' });
    const frontend = await createPythonFrontend();
    const result = frontend.handlerFacts(path.join(root, 'app.py'), 'lambda_handler', root);
    expect('facts' in result && clients(result.facts)).toEqual(['boto3:client(s3) in lambda_handler() in app.py']);
    expect(frontend.problems.map((p) => p.reason)).toEqual(['syntax error at line 5']);
  });

  it('survives expressions nested as deep as a generated file makes them', async () => {
    const terms = Array.from({ length: 30000 }, (_, i) => `"s${i}"`).join(' + ');
    const { facts: f, frontend } = await facts({
      'app.py': `import boto3\nBLOB = ${terms}\ndef lambda_handler(event, context):\n    return boto3.client("s3")\n`,
    });
    expect(clients(f)).toEqual(['boto3:client(s3) in lambda_handler() in app.py']);
    expect(f.strings.length).toBe(30001);
    expect(frontend.problems).toEqual([]);
  });

  it('reads a Python 2 handler without crashing', async () => {
    const { facts: f } = await facts({
      'app.py': 'import boto3\nimport urllib2\ndef lambda_handler(event, context):\n    print "event", event\n    client = boto3.client("s3")\n    return client\n',
    });
    expect(f.coldStartImports.map((i) => i.specifier)).toEqual(['boto3', 'urllib2']);
    expect(clients(f)).toEqual(['boto3:client(s3) in lambda_handler() in app.py']);
  });

  it('turns binary, huge and missing modules into problems, and the rest of the handler still reads', async () => {
    const root = project({
      'app.py': 'import blob\nimport big\nimport boto3\ndef lambda_handler(event, context):\n    return boto3.client("s3")\n',
      'blob.py': Buffer.from([0x61, 0x00, 0x62, 0xff, 0x00]),
      'big.py': `x = "${'a'.repeat(3 * 1024 * 1024)}"\n`,
    });
    const frontend = await createPythonFrontend();
    const result = frontend.handlerFacts(path.join(root, 'app.py'), 'lambda_handler', root);
    expect('facts' in result && clients(result.facts)).toEqual(['boto3:client(s3) in lambda_handler() in app.py']);
    expect(frontend.problems.map((p) => `${path.basename(p.file)}: ${p.reason}`)).toEqual(['blob.py: binary file, not Python source', 'big.py: larger than 2 MiB (3.0 MiB), not read']);
    expect(frontend.handlerFacts(path.join(root, 'nope.py'), 'handler', root)).toEqual({ reason: expect.stringMatching(/^nope\.py could not be read: ENOENT/) });
  });
});

describe('Python frontend: measureImport', () => {
  it('measures a package installed in a virtualenv, a SAM build or a layer; undefined when absent', async () => {
    const root = project({
      'src/app.py': 'import pandas\n',
      '.venv/lib/python3.12/site-packages/pandas/__init__.py': 'x = 1\n',
      '.venv/lib/python3.12/site-packages/pandas/core/frame.py': 'y = 2\n'.repeat(10),
      '.venv/lib/python3.12/site-packages/pandas/__pycache__/x.pyc': 'zz',
      '.aws-sam/build/Fn/numpy/__init__.py': 'z = 3\n',
      '.aws-sam/build/Fn/numpy-2.0.0.dist-info/METADATA': 'Name: numpy\n',
      'layers/science/python/scipy/__init__.py': 'w = 4\n',
      'src/lib/__init__.py': '',
      '.git/HEAD': 'ref\n',
    });
    const frontend = await createPythonFrontend();
    const importer = path.join(root, 'src/app.py');
    expect(frontend.measureImport('pandas', importer)).toEqual({ files: 2, bytes: 6 + 60, truncated: false });
    expect(frontend.measureImport('numpy.linalg', importer)).toEqual({ files: 1, bytes: 6, truncated: false });
    expect(frontend.measureImport('scipy', importer)).toEqual({ files: 1, bytes: 6, truncated: false });
    expect(frontend.measureImport('torch', importer)).toBeUndefined();
    // The project's own package is not an installed one.
    expect(frontend.measureImport('lib', importer)).toBeUndefined();
  });

  it('stops at a Terraform configuration, and does not search a folder of many projects for layers', async () => {
    const projects = Object.fromEntries(Array.from({ length: 210 }, (_, i) => [`project-${i}/README.md`, 'x\n']));
    const root = project({
      ...projects,
      // A layer of another project in the collection: not this project's.
      'project-7/layer/python/requests/__init__.py': 'r = 1\n',
      '.venv/lib/python3.12/site-packages/pandas/__init__.py': 'x = 1\n',
      'terraform-app/main.tf': 'resource "aws_lambda_function" "f" {}\n',
      'terraform-app/src/app.py': 'import pandas\n',
      'terraform-app/layers/deps/python/boto_extras/__init__.py': 'b = 2\n',
      'loose/src/app.py': 'import requests\n',
    });
    const frontend = await createPythonFrontend();
    // The virtualenv above the Terraform root is another project's.
    expect(frontend.measureImport('pandas', path.join(root, 'terraform-app/src/app.py'))).toBeUndefined();
    expect(frontend.measureImport('boto_extras', path.join(root, 'terraform-app/src/app.py'))).toEqual({ files: 1, bytes: 6, truncated: false });
    expect(frontend.measureImport('requests', path.join(root, 'loose/src/app.py'))).toBeUndefined();
  });
});
