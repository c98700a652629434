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
          { file: 'src/functions/consumers.ts', line: 8, column: 9, messageIncludes: ['Service Bus sendMessages', 'function notify', 'Service Bus topic orders', 'processed message IDs'] },
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
    ],
  });
});
