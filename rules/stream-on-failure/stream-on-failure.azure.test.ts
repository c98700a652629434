/** Azure Event Hubs and Cosmos DB triggers: a failed execution's events are skipped unless a retry policy runs it again. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.js';
import { lint } from '../../src/engine/run.js';
import { rules } from '../index.js';
import { dedent } from '../../test/support/rule-tester.js';

async function findings(files: Record<string, string>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-stream-azure-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), dedent(content));
  }
  const only = Object.fromEntries(rules.map((r) => [r.meta.name, r.meta.name === 'stream-on-failure' ? 'error' : 'off']));
  const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: only }, undefined, dir) });
  return result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.severity} ${f.message}`);
}

const HOST = '{ "version": "2.0" }';

describe('stream-on-failure on Azure', () => {
  it('flags Event Hubs and Cosmos DB triggers without a retry policy, in each programming model, at the trigger', async () => {
    const found = await findings({
      'host.json': HOST,
      'src/functions/streams.js': `
        const { app } = require('@azure/functions');
        app.eventHub('readings', { eventHubName: 'telemetry', connection: 'HUB', handler: async () => {} });
        app.cosmosDB('orderChanges', { connection: 'COSMOS', databaseName: 'shop', containerName: 'orders', retry: { strategy: 'fixedDelay', maxRetryCount: 0, delayInterval: 1000 }, handler: async () => {} });
      `,
      'Audit/function.json': '{ "bindings": [ { "type": "eventHubTrigger", "direction": "in", "name": "events", "eventHubName": "audit", "connection": "HUB" } ] }',
      'Audit/index.js': 'module.exports = async function (context, events) {};',
      'function_app.py': `
        import azure.functions as func
        app = func.FunctionApp()

        @app.cosmos_db_trigger(arg_name="docs", connection="COSMOS", database_name="shop", container_name="stock")
        def stock(docs: func.DocumentList) -> None:
            pass
      `,
    });
    expect(found).toEqual([
      expect.stringMatching(/^Audit\/function\.json:1:\d+ \w+ Event Hubs trigger audit of function Audit has no retry policy: when an execution fails, Functions still advances the checkpoint past the batch .*"retry": \{ "strategy": "exponentialBackoff"/),
      expect.stringMatching(/^function_app\.py:4:1 \w+ Cosmos DB trigger stock of function stock has no retry policy: .*moves the change feed lease .*@app\.retry\(strategy="exponential_backoff"/),
      expect.stringMatching(/^src\/functions\/streams\.js:2:1 \w+ Event Hubs trigger telemetry of function readings has no retry policy: .*retry: \{ strategy: 'exponentialBackoff'/),
      expect.stringMatching(/^src\/functions\/streams\.js:3:1 \w+ Cosmos DB trigger orders of function orderChanges has a retry policy that allows no retries \(maxRetryCount 0\)/),
    ]);
  });

  it('does not flag a function retry policy, a host.json retry, or triggers a retry policy does not apply to', async () => {
    expect(await findings({
      'host.json': HOST,
      'src/functions/streams.js': `
        const { app } = require('@azure/functions');
        app.eventHub('readings', { eventHubName: 'telemetry', connection: 'HUB', retry: { strategy: 'exponentialBackoff', maxRetryCount: -1, minimumInterval: 1000, maximumInterval: 60000 }, handler: async () => {} });
        // Queues, Service Bus and blobs retry through their own extension (and a poison queue): no retry policy needed.
        app.storageQueue('jobs', { queueName: 'jobs', connection: 'S', handler: async () => {} });
        app.serviceBusQueue('orders', { queueName: 'orders', connection: 'B', handler: async () => {} });
        app.storageBlob('uploads', { path: 'uploads/{name}', connection: 'S', handler: async () => {} });
        app.timer('nightly', { schedule: '0 0 1 * * *', handler: async () => {} });
      `,
      'function_app.py': `
        import azure.functions as func
        app = func.FunctionApp()

        @app.event_hub_message_trigger(arg_name="event", event_hub_name="audit", connection="HUB")
        @app.retry(strategy="fixed_delay", max_retry_count="3", delay_interval="00:00:10")
        def audit(event: func.EventHubEvent) -> None:
            pass
      `,
    })).toEqual([]);
    expect(await findings({
      'host.json': '{ "version": "2.0", "retry": { "strategy": "fixedDelay", "maxRetryCount": 3, "delayInterval": "00:00:05" } }',
      'a.js': "const { app } = require('@azure/functions'); app.eventHub('readings', { eventHubName: 'telemetry', connection: 'HUB', handler: async () => {} });",
    })).toEqual([]);
  });

  it('names no hub when it is not a literal, rather than the function\'s name', async () => {
    const found = await findings({
      'host.json': HOST,
      'a.js': "const { app } = require('@azure/functions'); app.eventHub('readings', { eventHubName: process.env.HUB_NAME, connection: 'HUB', handler: async () => {} });",
    });
    expect(found).toEqual([expect.stringMatching(/^a\.js:1:\d+ \w+ Event Hubs trigger of function readings has no retry policy/)]);
  });

  it('reads a Terraform function\'s config_json retry', async () => {
    const tf = (retry: string) => `
      resource "azurerm_linux_function_app" "app" {
        name = "app"
      }
      resource "azurerm_function_app_function" "hub" {
        name            = "Hub"
        function_app_id = azurerm_linux_function_app.app.id
        language        = "Python"
        config_json = jsonencode({
          bindings = [{ name = "events", type = "eventHubTrigger", direction = "in", eventHubName = "telemetry" }]
          ${retry}
        })
      }
    `;
    expect(await findings({ 'main.tf': tf('') })).toEqual([expect.stringMatching(/^main\.tf:9:\d+ \w+ Event Hubs trigger telemetry of function Hub has no retry policy: .*"retry" in config_json/)]);
    expect(await findings({ 'main.tf': tf('retry = { strategy = "fixedDelay", maxRetryCount = 5, delayInterval = "00:00:10" }') })).toEqual([]);
  });
});
