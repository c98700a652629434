/**
 * Azure connection strings: keys in a committed local.settings.json and in code. The keys here are
 * made up with the shape of real ones (base64 of 64 and 32 bytes); none opens any account.
 */
import { describe } from 'vitest';
import { testSourceRule } from '../../test/support/source-rule-tester.js';
import rule from './index.js';

const HOST = '{ "version": "2.0" }';
const ACCOUNT_KEY = 'P8IIAirHFTcDGMKSlgX8F8TBm+08y3SUY6RypVHe+WRfRQM3Ykh3YnJviFsQfkAgdL0rbCWHRopDfaTyd0PT3g==';
const SHARED_ACCESS_KEY = 'SGlwv5wfM6wjpFjXiS81sS20yfe/y0R/7bHu7DwuVcc=';
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const FUNCTION = `
  const { app } = require('@azure/functions');
  app.http('hello', { handler: async () => ({ body: process.env.GREETING }) });
`;

describe('Azure Functions', () => {
  testSourceRule(rule, {
    valid: [
      {
        name: 'development storage, the Azurite key, Key Vault and App Configuration references, identity-based connections, placeholders',
        template: '',
        files: {
          'host.json': HOST,
          'local.settings.json': JSON.stringify({
            IsEncrypted: false,
            Values: {
              AzureWebJobsStorage: 'UseDevelopmentStorage=true',
              AZURITE: `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`,
              COSMOS_CONNECTION: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/cosmos/)',
              DB_PASSWORD: '@Microsoft.KeyVault(VaultName=kv;SecretName=db-password)',
              FEATURE_TOKEN: '@Microsoft.AppConfiguration(Endpoint=https://cfg.azconfig.io; Key=token)',
              BUS__fullyQualifiedNamespace: 'orders.servicebus.windows.net',
              BUS__credential: 'managedidentity',
              BUS__clientId: '5f0c6a7e-1c2d-4e3f-9a8b-7c6d5e4f3a2b',
              TEMPLATE: 'Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=<your-key>',
              MASKED: 'AccountName=orders;AccountKey=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx==',
            },
          }),
          'src/functions/hello.js': FUNCTION,
        },
      },
      {
        name: 'a git-ignored local.settings.json is not in the repository',
        template: '',
        files: {
          'host.json': HOST,
          '.gitignore': 'local.settings.json\n',
          'local.settings.json': JSON.stringify({ Values: { STORAGE: `DefaultEndpointsProtocol=https;AccountName=orders;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net` } }),
          'src/functions/hello.js': FUNCTION,
        },
      },
      {
        name: 'code that reads connection strings from app settings',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/hello.js': `
            const { app } = require('@azure/functions');
            const { ServiceBusClient } = require('@azure/service-bus');
            const bus = new ServiceBusClient(process.env.ServiceBusConnection);
            const local = 'UseDevelopmentStorage=true';
            app.http('hello', { handler: async () => ({ body: local }) });
          `,
        },
      },
      {
        name: 'SQL connection strings whose password is a placeholder, a format slot, read from the environment, or not used (Windows or Entra authentication)',
        template: '',
        files: {
          'host.json': HOST,
          'local.settings.json': JSON.stringify({
            Values: { FUNCTIONS_WORKER_RUNTIME: 'python' },
            ConnectionStrings: {
              Template: 'Server=tcp:orders.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password={your_password};Encrypt=True;',
              Vault: '@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sql/)',
              Managed: 'Server=tcp:orders.database.windows.net;Database=orders;Authentication=Active Directory Managed Identity;',
              Windows: 'Data Source=localhost;Initial Catalog=orders;Integrated Security=True;',
            },
          }),
          'function_app.py': `
            import os
            import azure.functions as func
            app = func.FunctionApp()
            TEMPLATE = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:orders.database.windows.net;UID=app;PWD=%s;"
            FROM_ENV = f"Server=tcp:orders.database.windows.net;Database=orders;User ID=app;Password={os.environ['SQL_PASSWORD']};"
            NOT_A_CONNECTION = "Password=must be at least twelve characters"

            @app.route(route="orders")
            def orders(req: func.HttpRequest) -> func.HttpResponse:
                return func.HttpResponse(TEMPLATE % os.environ["SQL_PASSWORD"])
          `,
        },
      },
    ],
    invalid: [
      {
        name: 'account and shared access keys in a committed local.settings.json, masked',
        template: '',
        files: {
          'host.json': HOST,
          'local.settings.json': `{
            "IsEncrypted": false,
            "Values": {
              "AzureWebJobsStorage": "DefaultEndpointsProtocol=https;AccountName=orders;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net",
              "BUS": "Endpoint=sb://orders.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${SHARED_ACCESS_KEY}",
              "API_TOKEN": "f3b9c2d17a4e4b0c9e1d2a3b4c5d6e7f"
            },
            "ConnectionStrings": {
              "Sql": "Server=tcp:orders.database.windows.net;Database=orders;User ID=app;Password=Tr0ub4dor&3horse;"
            }
          }`,
          'src/functions/hello.js': FUNCTION,
        },
        errors: [
          { file: 'local.settings.json', line: 4, column: 38, messageIncludes: ['AzureWebJobsStorage', 'an Azure Storage or Cosmos DB account key', '(********)', 'Key Vault'] },
          { file: 'local.settings.json', line: 5, column: 22, messageIncludes: ['BUS', 'Service Bus or Event Hubs shared access key'] },
          { file: 'local.settings.json', line: 6, column: 28, messageIncludes: ['API_TOKEN', 'a literal secret'] },
          { file: 'local.settings.json', line: 9, column: 22, messageIncludes: ['Setting Sql', 'a database connection string password (********)'] },
        ],
      },
      {
        name: 'a connection string with a key in code, worded for Azure',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/hello.js': `
            const { app } = require('@azure/functions');
            const { CosmosClient } = require('@azure/cosmos');
            const cosmos = new CosmosClient('AccountEndpoint=https://orders.documents.azure.com:443/;AccountKey=${ACCOUNT_KEY};');
            app.http('hello', { handler: async () => ({ body: 'hi' }) });
          `,
        },
        errors: [{ file: 'src/functions/hello.js', line: 3, column: 33, messageIncludes: ['AccountKey=********', 'Azure Key Vault', 'function hello'] }],
      },
      {
        name: 'SQL connection strings with a literal password in code (ADO.NET and ODBC), masked',
        template: '',
        files: {
          'host.json': HOST,
          'src/functions/report.js': `
            const { app } = require('@azure/functions');
            const sql = require('mssql');
            const pool = new sql.ConnectionPool('Server=tcp:orders.database.windows.net,1433;Initial Catalog=orders;User ID=reporting;Password=Gv7#pLq2!xW9;Encrypt=True;');
            app.http('report', { handler: async () => ({ body: 'ok' }) });
          `,
          'function_app.py': `
            import azure.functions as func
            import pyodbc
            app = func.FunctionApp()
            CONNECTION = "Driver={ODBC Driver 18 for SQL Server};Server=tcp:orders.database.windows.net;Database=orders;UID=reporting;PWD={Gv7#pLq2;xW9};"

            @app.route(route="stock")
            def stock(req: func.HttpRequest) -> func.HttpResponse:
                return func.HttpResponse(str(pyodbc.connect(CONNECTION)))
          `,
        },
        errors: [
          { file: 'function_app.py', line: 4, column: 14, messageIncludes: ['a database connection string password (PWD=********)', 'function stock'] },
          { file: 'src/functions/report.js', line: 3, column: 37, messageIncludes: ['a database connection string password (Password=********)', 'function report'] },
        ],
      },
    ],
  });
});
