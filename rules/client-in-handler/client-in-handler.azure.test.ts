/** Azure Functions handlers: v4 registrations (JavaScript/TypeScript) and Python v2 decorators, with no template. */
import { describe } from 'vitest';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';

const HOST = '{ "version": "2.0" }';

describe('Azure Functions', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'clients at module scope or memoised; bindings and output objects are not clients',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/orders.js': `
            const { app, output } = require('@azure/functions');
            const { CosmosClient } = require('@azure/cosmos');
            const { BlobServiceClient } = require('@azure/storage-blob');
            const { ServiceBusClient } = require('@azure/service-bus');
            const cosmos = new CosmosClient(process.env.COSMOS);
            const blobs = BlobServiceClient.fromConnectionString(process.env.AzureWebJobsStorage);
            let bus;
            const outbox = output.storageQueue({ queueName: 'outbox', connection: 'AzureWebJobsStorage' });
            app.http('orders', {
              extraOutputs: [outbox],
              handler: async (request, context) => {
                bus ??= new ServiceBusClient(process.env.BUS);
                const { resource } = await cosmos.database('d').container('c').item('1', '1').read();
                context.extraOutputs.set(outbox, { id: resource.id });
                await blobs.getContainerClient('c').exists();
                return { jsonBody: resource };
              },
            });
          `,
        },
      },
      {
        name: 'Python: clients at module scope, and a client configured from the request',
        template: '',
        files: {
          'host.json': HOST,
          'function_app.py': `
            import os
            import azure.functions as func
            from azure.cosmos import CosmosClient
            from azure.storage.blob import BlobClient

            app = func.FunctionApp()
            cosmos = CosmosClient.from_connection_string(os.environ["COSMOS"])

            @app.route(route="blobs")
            def read_blob(req: func.HttpRequest) -> func.HttpResponse:
                blob = BlobClient.from_blob_url(req.params["sas_url"])
                return func.HttpResponse(blob.download_blob().readall())
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'Azure SDK clients built per invocation, inline and in a named handler of the same file',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/orders.ts': `
            import { app, HttpRequest, InvocationContext } from '@azure/functions';
            import { CosmosClient } from '@azure/cosmos';
            import { BlobServiceClient } from '@azure/storage-blob';
            import { SecretClient } from '@azure/keyvault-secrets';
            import { DefaultAzureCredential } from '@azure/identity';

            async function report(request: HttpRequest, context: InvocationContext) {
              const secrets = new SecretClient(process.env.VAULT_URL!, new DefaultAzureCredential());
              return { body: (await secrets.getSecret('x')).value };
            }

            app.http('report', { handler: report });
            app.storageQueue('archive', {
              queueName: 'archive',
              connection: 'AzureWebJobsStorage',
              handler: async (message: unknown, context: InvocationContext) => {
                const cosmos = new CosmosClient(process.env.COSMOS!);
                const blobs = BlobServiceClient.fromConnectionString(process.env.AzureWebJobsStorage!);
                await blobs.getContainerClient('a').getBlockBlobClient('b').upload('x', 1);
                await cosmos.database('d').container('c').items.upsert({ id: 'x' });
              },
            });
          `,
        },
        errors: [
          { file: 'src/functions/orders.ts', line: 8, column: 19, messageIncludes: ['SecretClient (Azure SDK client)', 'function report'] },
          { file: 'src/functions/orders.ts', line: 17, column: 20, messageIncludes: ['CosmosClient (Azure SDK client)', 'function archive'] },
          { file: 'src/functions/orders.ts', line: 18, column: 19, messageIncludes: ['BlobServiceClient.fromConnectionString() (Azure SDK client)'] },
        ],
      },
      {
        name: 'Python: from_connection_string in a queue-triggered function',
        template: '',
        files: {
          'host.json': HOST,
          'function_app.py': `
            import os
            import azure.functions as func
            from azure.servicebus import ServiceBusClient
            from azure.data.tables import TableClient
            from azure.communication.email import EmailClient

            app = func.FunctionApp()

            @app.queue_trigger(arg_name="msg", queue_name="jobs", connection="AzureWebJobsStorage")
            def run_job(msg: func.QueueMessage) -> None:
                bus = ServiceBusClient.from_connection_string(os.environ["BUS"])
                table = TableClient.from_connection_string(os.environ["TABLES"], table_name="jobs")
                table.upsert_entity({"PartitionKey": "j", "RowKey": msg.id})
                mail = EmailClient.from_connection_string(os.environ["ACS"])
          `,
        },
        errors: [
          { file: 'function_app.py', line: 11, column: 11, messageIncludes: ['ServiceBusClient.from_connection_string() (Azure SDK client)', 'function run_job'] },
          { file: 'function_app.py', line: 12, column: 13, messageIncludes: ['TableClient.from_connection_string()'] },
          { file: 'function_app.py', line: 14, column: 12, messageIncludes: ['EmailClient.from_connection_string()'] },
        ],
      },
    ],
  });
});
