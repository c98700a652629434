import { describe } from 'vitest';
import { PYTHON, testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';


describe('Python', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'clients at module scope, memoised globals, cached factories, and a __main__ block',
        ...PYTHON,
        files: {
          'app.py': `
            import functools
            import boto3
            import requests

            s3 = boto3.client("s3")
            http = requests.Session()
            _table = None


            def table():
                global _table
                if _table is None:
                    _table = boto3.resource("dynamodb").Table("orders")
                return _table


            @functools.lru_cache(maxsize=None)
            def sqs():
                return boto3.client("sqs")


            def lambda_handler(event, context):
                s3.get_object(Bucket="b", Key=event["key"])
                table().put_item(Item={"pk": event["id"]})
                sqs().send_message(QueueUrl="q", MessageBody="m")
                return http.get("https://example.com").status_code


            if __name__ == "__main__":
                local = boto3.client("s3")
                lambda_handler({"key": "k", "id": "1"}, None)
          `,
        },
      },
      {
        name: 'a client configured from the invocation (a WebSocket callback endpoint) is per-call on purpose',
        ...PYTHON,
        files: {
          'app.py': `
            import boto3


            def lambda_handler(event, context):
                domain = event["requestContext"]["domainName"]
                stage = event["requestContext"]["stage"]
                callbacks = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{domain}/{stage}")
                callbacks.post_to_connection(ConnectionId=event["requestContext"]["connectionId"], Data=b"ok")
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'a boto3 client, a requests Session and a database connection built per invocation, in the handler and a helper module',
        ...PYTHON,
        files: {
          'app.py': `
            import boto3
            import requests
            from lib.db import save


            def lambda_handler(event, context):
                dynamodb = boto3.client("dynamodb")
                session = requests.Session()
                save(event)
                return [dynamodb, session]
          `,
          'lib/__init__.py': '',
          'lib/db.py': `
            import os
            import psycopg2


            def save(record):
                connection = psycopg2.connect(os.environ["DSN"])
                with connection.cursor() as cursor:
                    cursor.execute("insert into t values (%s)", (record["id"],))
          `,
        },
        errors: [
          { file: 'app.py', line: 7, column: 16, messageIncludes: ['boto3.client("dynamodb") (boto3)', 'on every invocation of function Fn', 'module-level variable checked for None'] },
          { file: 'app.py', line: 8, column: 15, messageIncludes: ['requests.Session() (requests Session)'] },
          { file: 'lib/db.py', line: 6, column: 18, messageIncludes: ['psycopg2.connect() (PostgreSQL connection)', '(through save() in db.py)'] },
        ],
      },
      {
        name: 'a class instantiated per call builds its client in __init__; a secret fetched per call does not make a connection per-tenant',
        ...PYTHON,
        files: {
          'app.py': `
            import boto3
            import pymysql
            from repository import Repository


            def get_secret():
                return boto3.client("secretsmanager").get_secret_value(SecretId="db")["SecretString"]


            def lambda_handler(event, context):
                repository = Repository()
                password = get_secret()
                connection = pymysql.connect(host="db", user="app", password=password)
                return repository.find(event["id"]), connection
          `,
          'repository.py': `
            import boto3


            class Repository:
                def __init__(self):
                    self.table = boto3.resource("dynamodb").Table("orders")

                def find(self, key):
                    return self.table.get_item(Key={"pk": key})
          `,
        },
        errors: [
          { file: 'app.py', line: 7, column: 12, messageIncludes: ['boto3.client("secretsmanager")', '(through get_secret() in app.py)'] },
          { file: 'app.py', line: 13, column: 18, messageIncludes: ['pymysql.connect() (MySQL connection)'] },
          { file: 'repository.py', line: 6, column: 22, messageIncludes: ['boto3.resource("dynamodb")', 'Repository.__init__'] },
        ],
      },
    ],
  });
});
