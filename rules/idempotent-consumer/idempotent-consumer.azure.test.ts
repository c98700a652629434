/** Azure Functions: which triggers deliver at least once, and which effects and guards count. */
import { describe } from 'vitest';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';

const HOST = '{ "version": "2.0" }';

describe('Azure Functions', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'HTTP and timer functions are not consumers, whatever they send',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/api.js': `
            const { app } = require('@azure/functions');
            const { ServiceBusClient } = require('@azure/service-bus');
            const sender = new ServiceBusClient(process.env.BUS).createSender('orders');
            app.http('placeOrder', { methods: ['POST'], handler: async (request) => {
              await sender.sendMessages({ body: await request.json() });
              return { status: 202 };
            } });
            app.timer('nightly', { schedule: '0 0 1 * * *', handler: async () => {
              await fetch(process.env.REPORT_URL, { method: 'POST' });
            } });
          `,
        },
      },
      {
        name: 'a queue consumer whose only write is keyed on the message, and one that checks a dedup record first',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/consumers.js': `
            const { app } = require('@azure/functions');
            const { CosmosClient } = require('@azure/cosmos');
            const { TableClient } = require('@azure/data-tables');
            const { ServiceBusClient } = require('@azure/service-bus');
            const container = new CosmosClient(process.env.COSMOS).database('d').container('orders');
            const seen = TableClient.fromConnectionString(process.env.TABLES, 'seen');
            const sender = new ServiceBusClient(process.env.BUS).createSender('shipments');
            app.storageQueue('saveOrder', { queueName: 'orders', connection: 'AzureWebJobsStorage', handler: async (order) => {
              await container.items.upsert({ id: order.orderId, ...order });
            } });
            app.serviceBusQueue('ship', { queueName: 'paid', connection: 'BUS', handler: async (message, context) => {
              const done = await seen.getEntity('ship', context.triggerMetadata.messageId).catch(() => undefined);
              if (done) return;
              await sender.sendMessages({ body: message });
            } });
          `,
        },
      },
      {
        name: 'Python: an HTTP route and a timer sending messages',
        template: '',
        files: {
          'host.json': HOST,
          'function_app.py': `
            import os
            import azure.functions as func
            import requests
            app = func.FunctionApp()

            @app.route(route="orders", methods=["POST"])
            def place(req: func.HttpRequest) -> func.HttpResponse:
                requests.post(os.environ["ORDERS_URL"], json=req.get_json(), timeout=5)
                return func.HttpResponse(status_code=202)

            @app.timer_trigger(schedule="0 0 * * * *", arg_name="timer")
            def hourly(timer: func.TimerRequest) -> None:
                requests.post(os.environ["REPORT_URL"], timeout=5)
          `,
        },
      },
      {
        name: 'a timer whose retry policy allows no retries, and one retried only by host.json (Microsoft documents retries per function)',
        template: '',
        files: {
          'host.json': '{ "version": "2.0", "retry": { "strategy": "fixedDelay", "maxRetryCount": 3, "delayInterval": "00:00:05" } }',
          'src/functions/jobs.js': `
            const { app } = require('@azure/functions');
            app.timer('nightly', { schedule: '0 0 1 * * *', retry: { strategy: 'fixedDelay', maxRetryCount: 0, delayInterval: 1000 }, handler: async () => {
              await fetch(process.env.REPORT_URL, { method: 'POST' });
            } });
            app.timer('hourly', { schedule: '0 0 * * * *', handler: async () => {
              await fetch(process.env.REPORT_URL, { method: 'POST' });
            } });
            // A retry policy on an HTTP function does nothing: HTTP is not retried by the host.
            app.http('report', { retry: { strategy: 'fixedDelay', maxRetryCount: 3, delayInterval: 1000 }, handler: async () => {
              await fetch(process.env.REPORT_URL, { method: 'POST' });
              return { status: 202 };
            } });
          `,
        },
      },
      {
        name: 'Python: dedup records on Azure stores keyed on the delivery, created first (409 Conflict or ResourceExistsError on a repeat) or read',
        template: '',
        files: {
          'host.json': HOST,
          'function_app.py': `
            import json
            import os
            import azure.functions as func
            import requests
            from azure.cosmos import CosmosClient
            from azure.data.tables import TableClient
            from azure.storage.blob import BlobServiceClient

            app = func.FunctionApp()
            processed = CosmosClient.from_connection_string(os.environ["COSMOS"]).get_database_client("shop").get_container_client("processed")
            receipts = TableClient.from_connection_string(os.environ["TABLES"], table_name="receipts")
            archive = BlobServiceClient.from_connection_string(os.environ["BLOBS"]).get_container_client("handled")

            @app.service_bus_queue_trigger(arg_name="msg", queue_name="payments", connection="BUS")
            def charge(msg: func.ServiceBusMessage) -> None:
                processed.create_item(body={"id": msg.message_id, "queue": "payments"})
                requests.post(os.environ["PAY_URL"], json=msg.get_body().decode(), timeout=5)

            @app.queue_trigger(arg_name="msg", queue_name="emails", connection="AzureWebJobsStorage")
            def email(msg: func.QueueMessage) -> None:
                marker = {"PartitionKey": "email", "RowKey": msg.id}
                receipts.create_entity(entity=marker)
                requests.post(os.environ["MAIL_URL"], json={"to": msg.get_json()["to"]}, timeout=5)

            @app.event_grid_trigger(arg_name="event")
            def uploaded(event: func.EventGridEvent) -> None:
                archive.get_blob_client(f"{event.id}.json").upload_blob(json.dumps(event.get_json()))
                requests.post(os.environ["HOOK_URL"], json=event.get_json(), timeout=5)

            @app.event_hub_message_trigger(arg_name="event", event_hub_name="readings", connection="HUB")
            def reading(event: func.EventHubEvent) -> None:
                if receipts.get_entity(partition_key="reading", row_key=str(event.sequence_number)):
                    return
                requests.post(os.environ["ALERT_URL"], data=event.get_body(), timeout=5)
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'Service Bus, Event Grid and Cosmos DB change feed consumers that send or post per delivery',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/consumers.ts': `
            import { app } from '@azure/functions';
            import { ServiceBusClient } from '@azure/service-bus';
            import { EventHubProducerClient } from '@azure/event-hubs';
            const bus = new ServiceBusClient(process.env.BUS!);
            const producer = new EventHubProducerClient(process.env.HUB!, 'audit');
            app.serviceBusTopic('notify', { topicName: 'orders', subscriptionName: 'notify', connection: 'BUS', handler: async (message) => {
              const sender = bus.createSender('emails');
              await sender.sendMessages({ body: message });
            } });
            app.eventGrid('uploaded', { handler: async (event) => {
              await fetch(process.env.HOOK!, { method: 'POST', body: JSON.stringify(event) });
            } });
            app.cosmosDB('changed', { connection: 'COSMOS', databaseName: 'd', containerName: 'orders', handler: async (documents: unknown[]) => {
              await producer.sendBatch(documents.map((body) => ({ body })));
            } });
          `,
        },
        errors: [
          { file: 'src/functions/consumers.ts', line: 8, column: 9, messageIncludes: ['Service Bus sendMessages', 'function notify', 'Service Bus topic orders', 'keyed on the message ID; creating it again fails with 409 Conflict'] },
          { file: 'src/functions/consumers.ts', line: 11, column: 9, messageIncludes: ['fetch POST', 'function uploaded', 'Event Grid events to uploaded'] },
          { file: 'src/functions/consumers.ts', line: 14, column: 9, messageIncludes: ['Event Hubs sendBatch', 'Cosmos DB change feed of orders'] },
        ],
      },
      {
        name: 'Python v1: a queue function declared in function.json',
        template: '',
        files: {
          'host.json': HOST,
          'ProcessJob/function.json': '{ "scriptFile": "__init__.py", "bindings": [ { "name": "msg", "type": "queueTrigger", "direction": "in", "queueName": "jobs", "connection": "AzureWebJobsStorage" } ] }',
          'ProcessJob/__init__.py': `
            import os
            import azure.functions as func
            import requests

            def main(msg: func.QueueMessage) -> None:
                requests.post(os.environ["JOBS_URL"], data=msg.get_body(), timeout=5)
          `,
        },
        errors: [{ file: 'ProcessJob/__init__.py', line: 6, column: 5, messageIncludes: ['requests.post', 'function ProcessJob', 'Storage queue jobs'] }],
      },
      {
        name: 'timers whose own retry policy re-runs a failed execution (v4 options, function.json, @app.retry)',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/jobs.js': `
            const { app } = require('@azure/functions');
            app.timer('nightly', { schedule: '0 0 1 * * *', retry: { strategy: 'exponentialBackoff', maxRetryCount: 5, minimumInterval: 1000, maximumInterval: 60000 }, handler: async () => {
              await fetch(process.env.REPORT_URL, { method: 'POST' });
            } });
          `,
          'Cleanup/function.json': '{ "bindings": [ { "name": "t", "type": "timerTrigger", "direction": "in", "schedule": "0 */5 * * * *" } ], "retry": { "strategy": "fixedDelay", "maxRetryCount": -1, "delayInterval": "00:00:10" } }',
          'Cleanup/index.js': "module.exports = async function (context) { await fetch(process.env.CLEANUP_URL, { method: 'POST' }); };",
          'function_app.py': `
            import os
            import azure.functions as func
            import requests
            app = func.FunctionApp()

            @app.timer_trigger(schedule="0 0 * * * *", arg_name="timer")
            @app.retry(strategy="fixed_delay", max_retry_count="3", delay_interval="00:00:10")
            def hourly(timer: func.TimerRequest) -> None:
                requests.post(os.environ["REPORT_URL"], timeout=5)
          `,
        },
        errors: [
          { file: 'Cleanup/index.js', line: 1, column: 51, messageIncludes: ['fetch POST runs in function Cleanup', 'timer 0 */5 * * * *, retried on failure', 'its retry policy runs a failed execution again, so a retried run sends the request again', "keyed on the run's scheduled time"] },
          { file: 'function_app.py', line: 9, column: 5, messageIncludes: ['requests.post runs in function hourly', 'retried on failure, function_app.py:6'] },
          { file: 'src/functions/jobs.js', line: 3, column: 9, messageIncludes: ['fetch POST runs in function nightly', 'retried on failure'] },
        ],
      },
      {
        name: 'Python: look-alike records that do not stop a repeat (upsert, a generated id, overwrite=True)',
        template: '',
        files: {
          'host.json': HOST,
          'function_app.py': `
            import os
            import uuid
            import azure.functions as func
            import requests
            from azure.cosmos import CosmosClient
            from azure.storage.blob import BlobServiceClient

            app = func.FunctionApp()
            processed = CosmosClient.from_connection_string(os.environ["COSMOS"]).get_database_client("shop").get_container_client("processed")
            archive = BlobServiceClient.from_connection_string(os.environ["BLOBS"]).get_container_client("handled")

            @app.queue_trigger(arg_name="msg", queue_name="a", connection="S")
            def upserted(msg: func.QueueMessage) -> None:
                processed.upsert_item({"id": msg.id})
                requests.post(os.environ["A_URL"], timeout=5)

            @app.queue_trigger(arg_name="msg", queue_name="b", connection="S")
            def generated(msg: func.QueueMessage) -> None:
                processed.create_item(body={"id": str(uuid.uuid4()), "messageId": msg.id})
                requests.post(os.environ["B_URL"], timeout=5)

            @app.queue_trigger(arg_name="msg", queue_name="c", connection="S")
            def overwritten(msg: func.QueueMessage) -> None:
                archive.get_blob_client(f"{msg.id}.json").upload_blob(msg.get_body(), overwrite=True)
                requests.post(os.environ["C_URL"], timeout=5)
          `,
        },
        errors: [
          { file: 'function_app.py', line: 15, column: 5, messageIncludes: ['requests.post', 'function upserted'] },
          { file: 'function_app.py', line: 20, column: 5, messageIncludes: ['requests.post', 'function generated'] },
          { file: 'function_app.py', line: 25, column: 5, messageIncludes: ['requests.post', 'function overwritten'] },
        ],
      },
      {
        name: 'the fix names what identifies a delivery: Event Hubs events have no message ID',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/hub.js': `
            const { app } = require('@azure/functions');
            app.eventHub('telemetry', { eventHubName: 'readings', connection: 'HUB', cardinality: 'many', handler: async (events) => {
              await fetch(process.env.ALERTS_URL, { method: 'POST', body: JSON.stringify(events) });
            } });
            app.storageBlob('resize', { path: 'uploads/{name}', connection: 'S', handler: async (blob) => {
              await fetch(process.env.RESIZE_URL, { method: 'POST' });
            } });
            app.storageQueue('jobs', { queueName: process.env.JOBS_QUEUE, connection: 'S', handler: async () => {
              await fetch(process.env.JOBS_URL, { method: 'POST' });
            } });
          `,
        },
        errors: [
          { file: 'src/functions/hub.js', line: 3, column: 9, messageIncludes: ['Event Hub readings', 'keyed on the partition ID and sequence number: Event Hubs events carry no message ID', 'a conditional write keyed on the partition ID and sequence number, or'] },
          { file: 'src/functions/hub.js', line: 6, column: 9, messageIncludes: ['blobs at uploads/{name}', "keyed on the blob's name and ETag"] },
          { file: 'src/functions/hub.js', line: 9, column: 9, messageIncludes: ['function jobs (fed by Storage queue, hub.js:8)'] },
        ],
      },
    ],
  });
});
