/**
 * Terraform for Azure Functions (the azurerm provider): function apps with their app settings,
 * managed identity and service plan, and the role assignments that give that identity rights.
 *
 * Read from the parsed HCL of each folder on its own (the AWS lowering in ./terraform.ts knows
 * nothing of azurerm), into a stack whose only contents are these facts: `azureAppSettings` for
 * hardcoded-secret, `azureRoleAssignments` for iam-admin-policy, and each app's plan, which the
 * code-defined app of the same run takes over when the pairing is unambiguous.
 */
import { emptyStack } from './stack.js';
import type { HclBlock, HclBody, HclExpr, HclFile } from '../parse/hcl.js';
import type { Loc, MapNode, ScalarNode, TNode } from '../parse/tree.js';
import type { AzureAppSetting, AzureRoleAssignment, StackModel } from './types.js';

const FUNCTION_APP_TYPES = new Set(['azurerm_linux_function_app', 'azurerm_windows_function_app', 'azurerm_function_app', 'azurerm_function_app_flex_consumption']);

export interface AzureTerraformApp {
  /** `azurerm_linux_function_app.orders` */
  address: string;
  loc: Loc;
  plan?: { sku: string; consumption: boolean; loc: Loc };
}

export interface AzureTerraformResult {
  stack: StackModel | undefined;
  apps: AzureTerraformApp[];
}

/** One folder of parsed .tf files. Undefined stack when it declares no function app. */
export function buildAzureTerraform(files: { file: string; hcl: HclFile }[]): AzureTerraformResult {
  const resources = new Map<string, HclBlock>();
  for (const { hcl } of files) {
    for (const block of hcl.body.blocks) {
      if (block.type === 'resource' && block.labels.length === 2) resources.set(`${block.labels[0]!.value}.${block.labels[1]!.value}`, block);
    }
  }
  const apps = [...resources].filter(([address]) => FUNCTION_APP_TYPES.has(address.split('.')[0]!));
  if (!apps.length) return { stack: undefined, apps: [] };

  const settings: AzureAppSetting[] = [];
  const out: AzureTerraformApp[] = [];
  const entries: MapNode['entries'] = [];
  for (const [address, block] of apps) {
    const header = headerLoc(block);
    const app: AzureTerraformApp = { address, loc: header };
    const plan = planOf(block.body, resources, address);
    if (plan) app.plan = plan;
    out.push(app);
    const appSettings = block.body.attributes.find((a) => a.name === 'app_settings');
    if (appSettings?.expr.kind === 'object') {
      for (const item of appSettings.expr.items) {
        const name = item.keyName ?? (item.key.kind === 'literal' ? String(item.key.value) : undefined);
        if (name === undefined) continue;
        settings.push({ app: address, name, node: toNode(item.value, `resource/${address}/app_settings/${name}`), literal: item.value.kind === 'literal' });
      }
    }
    // `connection_string { value = "…" }` blocks hold connection strings too.
    for (const connection of block.body.blocks.filter((b) => b.type === 'connection_string')) {
      const value = connection.body.attributes.find((a) => a.name === 'value');
      const name = connection.body.attributes.find((a) => a.name === 'name');
      if (value) settings.push({ app: address, name: name?.expr.kind === 'literal' ? String(name.expr.value) : 'connection_string', node: toNode(value.expr, `resource/${address}/connection_string`), literal: value.expr.kind === 'literal' });
    }
    entries.push({ key: address, keyLoc: header, value: { kind: 'map', entries: [], loc: block.loc, path: `resource/${address}` } });
  }

  const assignments: AzureRoleAssignment[] = [];
  for (const [address, block] of resources) {
    if (!address.startsWith('azurerm_role_assignment.')) continue;
    const role = block.body.attributes.find((a) => a.name === 'role_definition_name');
    const principal = block.body.attributes.find((a) => a.name === 'principal_id');
    if (!role || !principal) continue;
    const app = identityOwner(principal.expr, apps, resources);
    if (!app) continue;
    const scope = block.body.attributes.find((a) => a.name === 'scope');
    assignments.push({
      address,
      role: toNode(role.expr, `resource/${address}/role_definition_name`),
      app,
      scope: scope ? exprText(scope.expr) : undefined,
    });
  }

  const file = files[0]!.file;
  const rootLoc = files[0]!.hcl.body.loc;
  const stack: StackModel = emptyStack({
    format: 'terraform',
    file,
    root: { kind: 'map', entries: [], loc: rootLoc, path: '' },
    azureAppSettings: settings,
    azureRoleAssignments: assignments,
  });
  for (const entry of entries) {
    const block = resources.get(entry.key)!;
    stack.resources.set(entry.key, {
      id: entry.key,
      type: entry.key.split('.')[0]!,
      loc: entry.keyLoc,
      blockLoc: block.loc,
      node: entry.value as MapNode,
      properties: undefined,
      ignores: new Set(),
      ignoresAll: false,
    });
  }
  return { stack, apps: out };
}

/** `service_plan_id = azurerm_service_plan.plan.id` → that plan's literal `sku_name`. */
function planOf(body: HclBody, resources: Map<string, HclBlock>, address: string): AzureTerraformApp['plan'] {
  // The flex consumption app is its own plan type: no 10-minute maximum.
  if (address.startsWith('azurerm_function_app_flex_consumption.')) return undefined;
  const reference = body.attributes.find((a) => a.name === 'service_plan_id' || a.name === 'app_service_plan_id');
  if (reference?.expr.kind !== 'traversal') return undefined;
  const [type, name] = [reference.expr.root, reference.expr.steps[0]?.kind === 'attr' ? reference.expr.steps[0].name : undefined];
  const plan = name ? resources.get(`${type}.${name}`) : undefined;
  if (!plan) return undefined;
  const sku = plan.body.attributes.find((a) => a.name === 'sku_name');
  if (sku?.expr.kind === 'literal' && typeof sku.expr.value === 'string') return { sku: sku.expr.value, consumption: sku.expr.value === 'Y1', loc: sku.expr.loc };
  // The legacy azurerm_app_service_plan: `sku { tier = "Dynamic" }`.
  const tier = plan.body.blocks.find((b) => b.type === 'sku')?.body.attributes.find((a) => a.name === 'tier');
  if (tier?.expr.kind === 'literal' && typeof tier.expr.value === 'string') return { sku: tier.expr.value, consumption: tier.expr.value === 'Dynamic', loc: tier.expr.loc };
  return undefined;
}

/**
 * The function app whose managed identity a `principal_id` names: its system-assigned identity
 * (`azurerm_linux_function_app.x.identity[0].principal_id`), or a user-assigned identity listed in
 * its `identity { identity_ids = [...] }`.
 */
function identityOwner(expr: HclExpr, apps: [string, HclBlock][], resources: Map<string, HclBlock>): string | undefined {
  if (expr.kind !== 'traversal') return undefined;
  const name = expr.steps[0]?.kind === 'attr' ? expr.steps[0].name : undefined;
  if (!name) return undefined;
  const address = `${expr.root}.${name}`;
  if (FUNCTION_APP_TYPES.has(expr.root) && expr.steps.some((s) => s.kind === 'attr' && s.name === 'identity')) return apps.some(([a]) => a === address) ? address : undefined;
  if (expr.root !== 'azurerm_user_assigned_identity' || !resources.has(address)) return undefined;
  for (const [app, block] of apps) {
    const ids = block.body.blocks.find((b) => b.type === 'identity')?.body.attributes.find((a) => a.name === 'identity_ids');
    const items = ids?.expr.kind === 'tuple' ? ids.expr.items : [];
    if (items.some((item) => item.kind === 'traversal' && item.root === 'azurerm_user_assigned_identity' && item.steps[0]?.kind === 'attr' && item.steps[0].name === name)) return app;
  }
  return undefined;
}

function headerLoc(block: HclBlock): Loc {
  const last = block.labels.at(-1)!;
  return { ...block.typeLoc, endLine: last.loc.endLine, endColumn: last.loc.endColumn };
}

/** A literal as a scalar; anything else as its text, so it is never mistaken for a written value. */
function toNode(expr: HclExpr, nodePath: string): TNode {
  if (expr.kind === 'literal') return { kind: 'scalar', value: expr.value, loc: expr.loc, path: nodePath } satisfies ScalarNode;
  // A template's text is a value only where it is text: `${…}` parts stay as written.
  return { kind: 'scalar', value: exprText(expr), loc: expr.loc, path: nodePath };
}

function exprText(expr: HclExpr): string {
  switch (expr.kind) {
    case 'literal':
      return String(expr.value);
    case 'template':
      return expr.parts.map((p) => (p.kind === 'text' ? p.value : '${…}')).join('');
    case 'traversal':
      return [expr.root, ...expr.steps.map((s) => (s.kind === 'attr' ? `.${s.name}` : s.kind === 'splat' ? '.*' : '[…]'))].join('');
    default:
      return `(${expr.kind})`;
  }
}

