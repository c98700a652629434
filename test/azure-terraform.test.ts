/** Terraform-declared Azure Functions: azurerm_function_app_function, and which plan a code app runs on. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { resolveConfig } from '../src/config/index.js';
import { discover } from '../src/discover/index.js';
import { lint } from '../src/engine/run.js';
import { buildAzureStacks } from '../src/model/azure.js';
import { loadTypeScript } from '../src/source/program.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-azure-tf-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

async function model(files: Record<string, string>) {
  const dir = project(files);
  const found = discover(['.'], { cwd: dir, ignoresBase: dir, ignores: [] });
  const loads = await buildAzureStacks(found.files, loadTypeScript, 1024 * 1024);
  const functions = loads.flatMap((l) => l.stack?.functions ?? []);
  return { dir, functions, notices: loads.flatMap((l) => l.notices) };
}

async function findingsOf(ruleName: string, files: Record<string, string>) {
  const dir = project(files);
  const only = Object.fromEntries(rules.map((r) => [r.meta.name, r.meta.name === ruleName ? 'error' : 'off']));
  const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: only }, undefined, dir) });
  return result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.messageId} ${f.message}`);
}

const APP = `
resource "azurerm_service_plan" "plan" {
  name     = "plan"
  os_type  = "Linux"
  sku_name = "Y1"
}

resource "azurerm_linux_function_app" "orders" {
  name            = "orders"
  service_plan_id = azurerm_service_plan.plan.id
}
`;

const QUEUE_FUNCTION = `
resource "azurerm_function_app_function" "ship" {
  name            = "ShipOrder"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Javascript"
  test_data       = jsonencode({ orderId = "o-1" })

  file {
    name    = "index.js"
    content = file("\${path.module}/../functions/ShipOrder/index.js")
  }

  config_json = jsonencode({
    bindings = [
      {
        name      = "order"
        type      = "queueTrigger"
        direction = "in"
        queueName = "orders"
      },
    ]
  })
}
`;

const SENDER = `const { ServiceBusClient } = require('@azure/service-bus');
const sender = new ServiceBusClient(process.env.BUS).createSender('shipments');
module.exports = async function (context, order) {
  await sender.sendMessages({ body: order });
};
`;

describe('azurerm_function_app_function', () => {
  it('models the function with its trigger from config_json, its code from the file block and its app plan', async () => {
    const { dir, functions } = await model({ 'infra/main.tf': APP + QUEUE_FUNCTION, 'functions/ShipOrder/index.js': SENDER });
    expect(functions.map((fn) => [fn.id, fn.platform, fn.triggers[0]?.kind, fn.triggers[0]?.invocation, fn.triggers[0]?.source?.external, fn.azurePlan?.sku])).toEqual([
      ['ShipOrder', 'azure', 'azure-storage-queue', 'poll', 'orders', 'Y1'],
    ]);
    const [fn] = functions;
    expect(fn!.functionName).toBe('ShipOrder');
    expect(fn!.handlerLink).toMatchObject({ status: 'linked', file: path.join(dir, 'functions/ShipOrder/index.js'), exportName: 'module.exports' });
    // The trigger points at the binding's type inside jsonencode.
    expect([fn!.triggers[0]!.loc.file, fn!.triggers[0]!.loc.line]).toEqual([path.join(dir, 'infra/main.tf'), 28]);
  });

  it('places its code at the file block scriptFile names, not at the first file block', async () => {
    const tf = APP + `
resource "azurerm_function_app_function" "ship" {
  name            = "ShipOrder"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Javascript"

  file {
    name    = "README.md"
    content = file("\${path.module}/../functions/ShipOrder/README.md")
  }

  file {
    name    = "run.js"
    content = file("\${path.module}/../functions/ShipOrder/run.js")
  }

  config_json = jsonencode({
    scriptFile = "run.js"
    bindings   = [{ name = "order", type = "queueTrigger", direction = "in", queueName = "orders" }]
  })
}
`;
    const { dir, functions } = await model({ 'infra/main.tf': tf, 'functions/ShipOrder/run.js': SENDER, 'functions/ShipOrder/README.md': '# Ship\n' });
    const [fn] = functions;
    expect(fn!.handlerLink).toMatchObject({ status: 'linked', file: path.join(dir, 'functions/ShipOrder/run.js') });
    expect(fn!.code.loc.line).toBe(tf.split('\n').indexOf('    name    = "run.js"'));
  });

  it('reads config_json written as a JSON string, a Python function, and says why code is not read', async () => {
    const tf = APP + `
resource "azurerm_function_app_function" "hello" {
  name            = "Hello"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Python"
  file {
    name    = "__init__.py"
    content = file("hello/__init__.py")
  }
  config_json = "{\\"bindings\\": [{\\"type\\": \\"httpTrigger\\", \\"direction\\": \\"in\\", \\"name\\": \\"req\\"}, {\\"type\\": \\"http\\", \\"direction\\": \\"out\\", \\"name\\": \\"$return\\"}]}"
}

resource "azurerm_function_app_function" "report" {
  name            = "Report"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "CSharp"
  config_json     = jsonencode({ bindings = [{ type = "timerTrigger", direction = "in", name = "t", schedule = "0 0 * * * *" }] })
}

resource "azurerm_function_app_function" "inline" {
  name            = "Inline"
  function_app_id = azurerm_linux_function_app.orders.id
  language        = "Javascript"
  file {
    name    = "index.js"
    content = "module.exports = async () => {};"
  }
  config_json = var.config
}
`;
    const { dir, functions } = await model({ 'main.tf': tf, 'hello/__init__.py': 'def main(req):\n    return "hi"\n' });
    const byName = new Map(functions.map((fn) => [fn.functionName, fn]));
    expect(byName.get('Hello')!.triggers[0]).toMatchObject({ kind: 'azure-http', invocation: 'sync' });
    expect(byName.get('Hello')!.handlerLink).toMatchObject({ status: 'linked', file: path.join(dir, 'hello/__init__.py'), exportName: 'main', language: 'python' });
    expect(byName.get('Report')!.triggers[0]).toMatchObject({ kind: 'azure-timer', source: { external: '0 0 * * * *' } });
    expect(byName.get('Report')!.handlerLink).toMatchObject({ status: 'not-linked', category: 'runtime-not-analysed' });
    // Inline content and a computed config: no code file, no trigger, nothing guessed.
    expect(byName.get('Inline')!.handlerLink).toMatchObject({ status: 'not-linked', category: 'inline-code' });
    expect(byName.get('Inline')!.triggers).toEqual([]);
  });

  it('is one function when the code folder declares it too, and two when the names differ', async () => {
    const code = {
      'functions/host.json': '{ "version": "2.0" }',
      'functions/ShipOrder/function.json': '{ "bindings": [ { "type": "queueTrigger", "direction": "in", "name": "order", "queueName": "orders" } ] }',
      'functions/ShipOrder/index.js': SENDER,
    };
    const same = await model({ ...code, 'infra/main.tf': APP + QUEUE_FUNCTION });
    expect(same.functions.map((fn) => [fn.id, fn.resource.type, fn.azurePlan?.sku])).toEqual([['ShipOrder', 'Azure::Functions::Function', 'Y1']]);
    const renamed = await model({ ...code, 'infra/main.tf': APP + QUEUE_FUNCTION.replace('"ShipOrder"', '"ShipOrderV2"') });
    expect(renamed.functions.map((fn) => fn.functionName)).toEqual(['ShipOrder', 'ShipOrderV2']);
  });

  it('joins the app whose folder holds its code, with that host.json, even when the app declares no function itself', async () => {
    const files = { 'functions/host.json': '{ "version": "2.0", "functionTimeout": "00:20:00" }', 'functions/ShipOrder/index.js': SENDER, 'infra/main.tf': APP + QUEUE_FUNCTION };
    const { functions } = await model(files);
    expect(functions.map((fn) => [fn.functionName, fn.timeout.value?.known && fn.timeout.value.value])).toEqual([['ShipOrder', 1200]]);
    expect(await findingsOf('function-timeout', files)).toEqual([expect.stringMatching(/^functions\/host\.json:1:\d+ azureAbovePlanMaximum .*sku_name Y1/)]);
  });

  it('is seen by the source rules, once', async () => {
    const found = await findingsOf('idempotent-consumer', { 'infra/main.tf': APP + QUEUE_FUNCTION, 'functions/ShipOrder/index.js': SENDER });
    expect(found).toEqual([expect.stringMatching(/^functions\/ShipOrder\/index\.js:4:9 repeatedSideEffect Service Bus sendMessages runs for every delivery to .*Storage queue orders, main\.tf:28/)]);
  });
});

describe('the plan a code app runs on', () => {
  const host = '{ "version": "2.0", "functionTimeout": "00:20:00" }';
  const code = "const { app } = require('@azure/functions'); app.storageQueue('work', { queueName: 'q', connection: 'S', handler: async () => {} });";
  const plan = (name: string, sku: string) => `resource "azurerm_service_plan" "${name}" {\n  sku_name = "${sku}"\n}\n`;
  const app = (name: string, planRef: string, extra = '') => `resource "azurerm_linux_function_app" "${name}" {\n  service_plan_id = ${planRef}\n${extra}}\n`;
  const timeout = (tf: string, files: Record<string, string> = {}) => findingsOf('function-timeout', { 'app/host.json': host, 'app/a.js': code, 'infra/main.tf': tf, ...files });

  it('one app: its plan', async () => {
    expect(await timeout(plan('p', 'Y1') + app('a', 'azurerm_service_plan.p.id'))).toEqual([expect.stringContaining('azureAbovePlanMaximum')]);
    expect(await timeout(plan('p', 'EP1') + app('a', 'azurerm_service_plan.p.id'))).toEqual([]);
  });

  it('several apps on one plan: that plan, whichever app runs the code', async () => {
    expect(await timeout(plan('p', 'Y1') + app('a', 'azurerm_service_plan.p.id') + app('b', 'azurerm_service_plan.p.id'))).toEqual([expect.stringContaining('azureAbovePlanMaximum')]);
  });

  it('several apps on several plans: the app zip_deploy_file packages the code folder for, else unknown', async () => {
    const archive = 'data "archive_file" "code" {\n  type        = "zip"\n  source_dir  = "${path.module}/../app"\n  output_path = "app.zip"\n}\n';
    const two = (deployed: 'a' | 'b') => plan('y', 'Y1') + plan('e', 'EP1') + archive
      + app('a', 'azurerm_service_plan.y.id', deployed === 'a' ? '  zip_deploy_file = data.archive_file.code.output_path\n' : '')
      + app('b', 'azurerm_service_plan.e.id', deployed === 'b' ? '  zip_deploy_file = data.archive_file.code.output_path\n' : '');
    expect(await timeout(two('a'))).toEqual([expect.stringContaining('azureAbovePlanMaximum')]);
    expect(await timeout(two('b'))).toEqual([]);
    // No tie: the code may run on either plan.
    expect(await timeout(plan('y', 'Y1') + plan('e', 'EP1') + app('a', 'azurerm_service_plan.y.id') + app('b', 'azurerm_service_plan.e.id'))).toEqual([]);
  });

  it('a plan Terraform does not resolve is unknown', async () => {
    expect(await timeout(plan('p', 'Y1') + app('a', 'var.plan_id'))).toEqual([]);
    expect(await timeout(plan('p', 'Y1') + app('a', 'azurerm_service_plan.p.id') + app('b', 'var.plan_id'))).toEqual([]);
  });

  it('a Terraform function whose file lies in the code folder ties the code app to its app', async () => {
    const tf = plan('y', 'Y1') + plan('e', 'EP1') + app('a', 'azurerm_service_plan.y.id') + app('b', 'azurerm_service_plan.e.id')
      + 'resource "azurerm_function_app_function" "f" {\n  name            = "other"\n  function_app_id = azurerm_linux_function_app.a.id\n  file {\n    name    = "index.js"\n    content = file("../app/a.js")\n  }\n}\n';
    expect(await timeout(tf)).toEqual([expect.stringContaining('azureAbovePlanMaximum')]);
  });
});
