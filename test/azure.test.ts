/** Azure Functions apps read into the model: the four programming models, host.json and local.settings.json. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/index.js';
import { discover } from '../src/discover/index.js';
import { lint } from '../src/engine/run.js';
import { buildAzureStacks, parseTimeSpan } from '../src/model/azure.js';
import { loadTypeScript } from '../src/source/program.js';
import { dedent } from './support/rule-tester.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-azure-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), dedent(content));
  }
  return dir;
}

async function model(files: Record<string, string>) {
  const dir = project(files);
  const found = discover(['.'], { cwd: dir, ignoresBase: dir, ignores: [] });
  const loads = await buildAzureStacks(found.files, loadTypeScript, 1024 * 1024);
  return { dir, loads, stacks: loads.flatMap((l) => (l.stack ? [l.stack] : [])), notices: loads.flatMap((l) => l.notices) };
}

const HOST = '{ "version": "2.0" }';

describe('Node.js v4 registrations', () => {
  it('reads each app.* method as its trigger, with how it invokes and what feeds it', async () => {
    const { dir, stacks, notices } = await model({
      'host.json': HOST,
      'src/functions/all.js': `
        const { app } = require('@azure/functions');
        app.http('web', { methods: ['GET'], route: 'items/{id}', handler: async () => ({}) });
        app.get('short', async () => ({}));
        app.timer('tick', { schedule: '0 */5 * * * *', handler: async () => {} });
        app.storageQueue('queue', { queueName: 'jobs', connection: 'S', handler: async () => {} });
        app.serviceBusQueue('sbq', { queueName: 'orders', connection: 'B', handler: async () => {} });
        app.serviceBusTopic('sbt', { topicName: 'events', subscriptionName: 's', connection: 'B', handler: async () => {} });
        app.eventHub('hub', { eventHubName: 'telemetry', connection: 'H', handler: async () => {} });
        app.eventGrid('grid', { handler: async () => {} });
        app.cosmosDB('feed', { databaseName: 'd', containerName: 'orders', connection: 'C', handler: async () => {} });
        app.storageBlob('blob', { path: 'uploads/{name}', connection: 'S', handler: async () => {} });
        app.generic('other', { trigger: { type: 'rabbitMQTrigger' }, handler: async () => {} });
      `,
    });
    expect(notices).toEqual([]);
    const [stack] = stacks;
    expect(stack!.format).toBe('azure-functions');
    const summary = stack!.functions.map((fn) => [fn.id, fn.platform, fn.triggers[0]?.kind, fn.triggers[0]?.invocation, fn.triggers[0]?.source?.external]);
    expect(summary).toEqual([
      ['web', 'azure', 'azure-http', 'sync', 'items/{id}'],
      ['short', 'azure', 'azure-http', 'sync', undefined],
      ['tick', 'azure', 'azure-timer', 'scheduled', '0 */5 * * * *'],
      ['queue', 'azure', 'azure-storage-queue', 'poll', 'jobs'],
      ['sbq', 'azure', 'azure-service-bus-queue', 'poll', 'orders'],
      ['sbt', 'azure', 'azure-service-bus-topic', 'poll', 'events'],
      ['hub', 'azure', 'azure-event-hub', 'poll', 'telemetry'],
      ['grid', 'azure', 'azure-event-grid', 'async', undefined],
      ['feed', 'azure', 'azure-cosmos-db', 'poll', 'orders'],
      ['blob', 'azure', 'azure-blob', 'poll', 'uploads/{name}'],
      ['other', 'azure', 'other', 'unknown', undefined],
    ]);
    const web = stack!.functions[0]!;
    expect([web.loc.line, web.loc.column]).toEqual([2, 10]);
    expect(web.handlerLink).toMatchObject({ status: 'linked', file: path.join(dir, 'src/functions/all.js'), exportName: "app.http('web')" });
    // A missing functionTimeout is the plan's default, recorded as not written.
    expect(web.timeout.source).toBe('default');
  });

  it('says which registrations it could not model instead of guessing', async () => {
    const { stacks, notices } = await model({
      'host.json': HOST,
      'src/functions/a.js': `
        const { app } = require('@azure/functions');
        const name = process.env.NAME;
        app.http(name, { handler: async () => ({}) });
        app.http('dup', { handler: async () => ({}) });
        app.http('dup', { handler: async () => ({}) });
        // Not the Functions app: an Express app's methods are no registrations.
        const express = require('express')();
        express.get('/x', () => {});
      `,
    });
    expect(stacks[0]!.functions.map((fn) => fn.id)).toEqual(['dup', 'dup (a.js:5)']);
    expect(notices.map((n) => n.message)).toEqual([
      expect.stringContaining('registration whose name is not a literal was not modelled (line 3)'),
      '1 function reuses a name already registered in this app, which the Functions host refuses (each is still checked): dup (src/functions/a.js:5)',
    ]);
  });
});

describe('Node.js v4 handlers', () => {
  it('follows a handler written behind a type assertion (<any>handler, handler as any) to its function', async () => {
    const dir = project({
      'host.json': HOST,
      'src/functions/hooks.ts': `
        import { app, HttpRequest, InvocationContext } from '@azure/functions';
        export async function withHooks(request: HttpRequest, extra: string, context: InvocationContext) {
          return { body: extra };
        }
        export async function other(request: HttpRequest) {
          return { body: 'x' };
        }
        app.http('withHooks', { handler: <any>withHooks });
        app.http('other', { handler: other as any });
      `,
    });
    // A source rule on: the handler is then followed into its code.
    const only = Object.fromEntries(rules.map((r) => [r.meta.name, r.meta.name === 'client-in-handler' ? 'error' : 'off']));
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: only }, undefined, dir) });
    expect(result.handlers.map((h) => [h.functionId, h.status])).toEqual([
      ['withHooks', 'linked'],
      ['other', 'linked'],
    ]);
  });
});

describe('resources', () => {
  it("puts each function's resource in its app's resources, where findings on its lines are attributed to it", async () => {
    const { stacks } = await model({
      'host.json': HOST,
      'src/functions/orders.ts': `
        import { app } from '@azure/functions';
        app.http('createOrder', { handler: async () => ({ body: 'ok' }) });
        app.storageQueue('shipOrder', { queueName: 'orders', connection: 'Storage', handler: async () => {} });
      `,
    });
    expect(stacks).toHaveLength(1);
    const [stack] = stacks;
    expect([...stack!.resources.keys()]).toEqual(['createOrder', 'shipOrder']);
    for (const fn of stack!.functions) expect(stack!.resources.get(fn.id)).toBe(fn.resource);
  });
});

describe('function.json (v3 Node.js, v1 Python)', () => {
  it('links scriptFile and entryPoint, a compiled script back to its TypeScript source, and says what is missing', async () => {
    const { dir, stacks } = await model({
      'host.json': HOST,
      'tsconfig.json': '{ "compilerOptions": { "outDir": "dist", "rootDir": "." } }',
      'Compiled/function.json': '{ "bindings": [ { "type": "serviceBusTrigger", "direction": "in", "name": "m", "queueName": "orders" } ], "scriptFile": "../dist/Compiled/index.js" }',
      'Compiled/index.ts': 'export default async function (context: unknown, message: unknown) {}',
      'Named/function.json': '{ "bindings": [ { "type": "httpTrigger", "direction": "in", "name": "req" }, { "type": "http", "direction": "out", "name": "res" } ], "entryPoint": "handle" }',
      'Named/index.js': 'exports.handle = async (context, req) => {};',
      'Missing/function.json': '{ "bindings": [ { "type": "blobTrigger", "direction": "in", "name": "b", "path": "in/{name}" } ], "scriptFile": "../dist/Missing/index.js" }',
      'Py/function.json': '{ "scriptFile": "__init__.py", "bindings": [ { "type": "eventHubTrigger", "direction": "in", "name": "events", "eventHubName": "hub" } ] }',
      'Py/__init__.py': 'def main(events):\n    pass\n',
    });
    const byId = new Map(stacks[0]!.functions.map((fn) => [fn.id, fn]));
    expect(byId.get('Compiled')!.handlerLink).toMatchObject({ status: 'linked', file: path.join(dir, 'Compiled/index.ts'), exportName: 'default' });
    expect(byId.get('Compiled')!.triggers[0]).toMatchObject({ kind: 'azure-service-bus-queue', invocation: 'poll', source: { external: 'orders' } });
    expect(byId.get('Named')!.handlerLink).toMatchObject({ status: 'linked', exportName: 'handle' });
    expect(byId.get('Named')!.triggers[0]!.kind).toBe('azure-http');
    expect(byId.get('Missing')!.handlerLink).toMatchObject({ status: 'not-linked', category: 'missing-file' });
    expect(byId.get('Py')!.handlerLink).toMatchObject({ status: 'linked', exportName: 'main', language: 'python', codeRoot: dir });
    expect(byId.get('Py')!.triggers[0]!.kind).toBe('azure-event-hub');
  });
});

describe('Python v2 decorators', () => {
  it('reads FunctionApp and Blueprint decorators, function_name, and decorators over several lines', async () => {
    const { stacks } = await model({
      'host.json': HOST,
      'function_app.py': `
        import azure.functions as func
        import functools
        from jobs import bp

        app = func.FunctionApp()
        app.register_functions(bp)

        @app.function_name(name="Hello")
        @app.route(route="hello", methods=["GET"])
        def hello(req: func.HttpRequest) -> func.HttpResponse:
            return func.HttpResponse("hi")

        @app.service_bus_topic_trigger(
            arg_name="msg",
            topic_name="orders",
            subscription_name="audit",
            connection="BUS",
        )
        async def audit(msg: func.ServiceBusMessage) -> None:
            pass

        @functools.cache
        def helper():
            return 1
      `,
      'jobs.py': `
        import azure.functions as func
        bp = func.Blueprint()

        @bp.timer_trigger(schedule="0 0 * * * *", arg_name="t")
        def hourly(t: func.TimerRequest) -> None:
            pass
      `,
    });
    const fns = stacks[0]!.functions.map((fn) => [fn.id, fn.triggers[0]?.kind, fn.triggers[0]?.source?.external, fn.handlerLink && 'exportName' in fn.handlerLink ? fn.handlerLink.exportName : undefined, fn.loc.line]);
    expect(fns).toEqual([
      ['Hello', 'azure-http', 'hello', 'hello', 10],
      ['audit', 'azure-service-bus-topic', 'orders', 'audit', 19],
      ['hourly', 'azure-timer', '0 0 * * * *', 'hourly', 5],
    ]);
  });
});

describe('host.json and apps', () => {
  it('reads functionTimeout as a .NET time span', () => {
    expect(parseTimeSpan('00:05:00')).toBe(300);
    expect(parseTimeSpan('01:30:15')).toBe(5415);
    expect(parseTimeSpan('1.00:00:00')).toBe(86400);
    expect(parseTimeSpan('5 minutes')).toBeUndefined();
  });

  it('a nested app owns its folder; a host.json that is not JSON is said, not a crash', async () => {
    const { stacks, notices } = await model({
      'host.json': HOST,
      'a.js': "const { app } = require('@azure/functions'); app.http('outer', { handler: async () => ({}) });",
      'inner/host.json': '{ "version": "2.0", "functionTimeout": "-1" }',
      'inner/b.js': "const { app } = require('@azure/functions'); app.http('inner', { handler: async () => ({}) });",
      'broken/host.json': '{ "version": ',
    });
    expect(stacks.map((s) => s.functions.map((fn) => fn.id))).toEqual([['outer'], ['inner']]);
    expect(stacks[1]!.functions[0]!.timeout.value).toMatchObject({ known: true, value: Number.POSITIVE_INFINITY });
    expect(notices.map((n) => path.basename(path.dirname(n.path!)))).toEqual(['broken']);
  });
});

describe('function-timeout on Azure', () => {
  const timeoutRule = rules.find((r) => r.meta.name === 'function-timeout')!;
  async function findings(files: Record<string, string>) {
    const dir = project(files);
    const only = Object.fromEntries(rules.map((r) => [r.meta.name, r === timeoutRule ? 'error' : 'off']));
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: only }, undefined, dir) });
    return result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.messageId} ${f.message}`);
  }
  const http = "const { app } = require('@azure/functions'); app.http('api', { handler: async () => ({}) });";
  const queue = "const { app } = require('@azure/functions'); app.storageQueue('work', { queueName: 'q', connection: 'S', handler: async () => {} });";

  it('flags a timeout above the 230 s HTTP limit, and no limit at all, at the host.json value', async () => {
    expect(await findings({ 'host.json': '{\n  "version": "2.0",\n  "functionTimeout": "00:03:51"\n}', 'a.js': http })).toEqual([
      expect.stringMatching(/^host\.json:3:22 azureAboveHttpLimit host\.json sets functionTimeout to 231 s, .*HTTP function api\)/),
    ]);
    expect(await findings({ 'host.json': '{ "functionTimeout": "-1" }', 'a.js': http })).toEqual([expect.stringContaining('functionTimeout to no limit (-1)')]);
  });

  it('does not flag 230 s, a long timeout without HTTP functions (the plan is not known), or no timeout', async () => {
    expect(await findings({ 'host.json': '{ "functionTimeout": "00:03:50" }', 'a.js': http })).toEqual([]);
    expect(await findings({ 'host.json': '{ "functionTimeout": "02:00:00" }', 'a.js': queue })).toEqual([]);
    expect(await findings({ 'host.json': HOST, 'a.js': http })).toEqual([]);
    // The Lambda checks (no timeout set) never speak about Azure functions.
    expect(await findings({ 'host.json': '{ "functionTimeout": "nonsense" }', 'a.js': http })).toEqual([]);
  });
});

describe('Terraform azurerm', () => {
  async function findingsOf(ruleName: string, files: Record<string, string>) {
    const dir = project(files);
    const only = Object.fromEntries(rules.map((r) => [r.meta.name, r.meta.name === ruleName ? 'error' : 'off']));
    const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: only }, undefined, dir) });
    return result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.messageId} ${f.message}`);
  }
  const app = (settings: string, identity = 'identity {\n    type = "SystemAssigned"\n  }') => `
resource "azurerm_service_plan" "plan" {
  name     = "plan"
  sku_name = "EP1"
}

resource "azurerm_user_assigned_identity" "worker" {
  name = "worker"
}

resource "azurerm_linux_function_app" "orders" {
  name            = "orders"
  service_plan_id = azurerm_service_plan.plan.id
  ${identity}
  app_settings = {
${settings}
  }
}
`;

  it('flags Owner, Contributor and User Access Administrator for the app identity at role_definition_name, system- or user-assigned', async () => {
    const tf = app('    A = "b"', 'identity {\n    type         = "SystemAssigned, UserAssigned"\n    identity_ids = [azurerm_user_assigned_identity.worker.id]\n  }') + `
resource "azurerm_role_assignment" "owner" {
  scope                = "/subscriptions/0000"
  role_definition_name = "Owner"
  principal_id         = azurerm_linux_function_app.orders.identity[0].principal_id
}

resource "azurerm_role_assignment" "uaa" {
  scope                = "/subscriptions/0000"
  role_definition_name = "User Access Administrator"
  principal_id         = azurerm_user_assigned_identity.worker.principal_id
}

resource "azurerm_role_assignment" "data" {
  scope                = "/subscriptions/0000"
  role_definition_name = "Storage Blob Data Contributor"
  principal_id         = azurerm_linux_function_app.orders.identity[0].principal_id
}

resource "azurerm_role_assignment" "people" {
  scope                = "/subscriptions/0000"
  role_definition_name = "Contributor"
  principal_id         = var.ops_group_id
}
`;
    const found = await findingsOf('iam-admin-policy', { 'main.tf': tf });
    expect(found).toEqual([
      expect.stringMatching(/^main\.tf:24:26 azureRoleAssignment azurerm_role_assignment\.owner gives the managed identity of azurerm_linux_function_app\.orders the Owner role on \/subscriptions\/0000/),
      expect.stringMatching(/^main\.tf:30:26 azureRoleAssignment .*User Access Administrator role/),
    ]);
  });

  it('flags literal keys in app settings and connection strings, not references, interpolated keys or Key Vault references', async () => {
    const tf = app(`    STORAGE  = "DefaultEndpointsProtocol=https;AccountName=orders;AccountKey=P8IIAirHFTcDGMKSlgX8F8TBm+08y3SUY6RypVHe+WRfRQM3Ykh3YnJviFsQfkAgdL0rbCWHRopDfaTyd0PT3g=="
    FROM_REF = azurerm_storage_account.orders.primary_connection_string
    BUILT    = "DefaultEndpointsProtocol=https;AccountName=\${var.name};AccountKey=\${var.key}"
    API_KEY  = var.api_key
    TOKEN    = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/token/)"
    PASSWORD = "correct-horse-battery"`);
    const found = await findingsOf('hardcoded-secret', { 'main.tf': tf });
    expect(found).toEqual([
      expect.stringMatching(/^main\.tf:17:16 azureAppSetting App setting STORAGE of azurerm_linux_function_app\.orders holds an Azure Storage or Cosmos DB account key \(\*{8}\)/),
      expect.stringMatching(/^main\.tf:22:16 azureAppSetting App setting PASSWORD .*is a literal secret/),
    ]);
    expect(found.join('\n')).not.toContain('P8IIAirHFTcDGMKSlgX8F8TBm+08y3SUY6RypVHe+WRfRQM3Ykh3YnJviFsQfkAgdL0rbCWHRopDfaTyd0PT3g=='.slice(0, 12));
  });

  it('flags SQL connection string passwords in app settings and connection_string blocks, masked; not interpolated, Key Vault or passwordless ones', async () => {
    const tf = app(`    SQL_LITERAL = "Server=tcp:orders.database.windows.net;Database=orders;User ID=app;Pwd=Qz8!rT4#mN2w;"
    SQL_VAR     = "Server=tcp:orders.database.windows.net;Database=orders;User ID=app;Password=\${var.sql_password};"
    SQL_VAULT   = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/sql/)"
    SQL_MI      = "Server=tcp:orders.database.windows.net;Database=orders;Authentication=Active Directory Default;"
    ServiceBusConnection__credential = "managedidentity"
    GraphConnection__clientSecret    = "Zt4~qW8.rP2_xL6-nV0"`) + `
resource "azurerm_windows_function_app" "legacy" {
  name = "legacy"
  connection_string {
    name  = "Orders"
    type  = "SQLAzure"
    value = "Data Source=tcp:orders.database.windows.net;Initial Catalog=orders;User ID=legacy;Password=Hx3\$kP9w!Lm2;"
  }
  connection_string {
    name  = "Reports"
    type  = "SQLAzure"
    value = "Data Source=tcp:orders.database.windows.net;Initial Catalog=reports;User ID=legacy;Password={your_password};"
  }
}
`;
    const found = await findingsOf('hardcoded-secret', { 'main.tf': tf });
    expect(found).toEqual([
      expect.stringMatching(/^main\.tf:17:19 azureAppSetting App setting SQL_LITERAL of azurerm_linux_function_app\.orders holds a database connection string password \(\*{8}\)/),
      expect.stringMatching(/^main\.tf:22:40 azureAppSetting App setting GraphConnection__clientSecret .* is a literal secret/),
      expect.stringMatching(/^main\.tf:31:13 azureAppSetting App setting Orders of azurerm_windows_function_app\.legacy holds a database connection string password/),
    ]);
    expect(found[0]).toContain('Authentication=Active Directory Managed Identity in the connection string, with no password), and rotate the password');
    expect(found.join('\n')).not.toMatch(/Qz8!rT4|Hx3\$kP9/);
  });
});
