/**
 * Terraform for Azure Functions (the azurerm provider): function apps with their app settings,
 * managed identity and service plan, and the role assignments that give that identity rights.
 *
 * Read from the parsed HCL of each folder on its own (the AWS lowering in ./terraform.ts knows
 * nothing of azurerm), into a stack whose only contents are these facts: `azureAppSettings` for
 * hardcoded-secret, `azureRoleAssignments` for iam-admin-policy, and each app's plan, which the
 * code-defined app of the same run takes over when the pairing is unambiguous.
 */
import path from 'node:path';
import { emptyStack } from './stack.js';
import { attr } from './terraform.js';
import type { HclBlock, HclBody, HclExpr, HclFile } from '../parse/hcl.js';
import { jsonValueAt, type Loc, type MapNode, type ScalarNode, type SeqNode, type TNode } from '../parse/tree.js';
import type { AzureAppSetting, AzureRoleAssignment, StackModel } from './types.js';

const FUNCTION_APP_TYPES = new Set(['azurerm_linux_function_app', 'azurerm_windows_function_app', 'azurerm_function_app', 'azurerm_function_app_flex_consumption']);

export interface AzureTerraformApp {
  /** `azurerm_linux_function_app.orders` */
  address: string;
  loc: Loc;
  plan?: { sku: string; consumption: boolean; loc: Loc };
  /** The plan resource `service_plan_id` references (`azurerm_service_plan.main`), whether or not its SKU is literal. */
  planAddress?: string;
  /** The folder `zip_deploy_file` packages: a `data.archive_file`'s literal `source_dir`, absolute. */
  codeDir?: string;
}

/** One `azurerm_function_app_function`: a function declared in Terraform with its bindings and code files. */
export interface AzureTerraformFunction {
  address: string;
  /** `name` when it is a literal. */
  name: string | undefined;
  /** The `name` value, else the resource header. */
  loc: Loc;
  resourceLoc: Loc;
  blockLoc: Loc;
  /** The function app `function_app_id` references, when it is one of this folder. */
  app: string | undefined;
  /** `language` as written: `Javascript`, `TypeScript`, `Python`, … */
  language: string | undefined;
  /** `config_json` read as function.json, when it is written out (jsonencode of an object, or a JSON string). */
  config: MapNode | undefined;
  /** `file` blocks: `content = file("…")` resolved to an absolute path; inline content has none. */
  files: { name: string | undefined; path: string | undefined; loc: Loc }[];
}

export interface AzureTerraformResult {
  stack: StackModel | undefined;
  apps: AzureTerraformApp[];
  functions: AzureTerraformFunction[];
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
  if (!apps.length) return { stack: undefined, apps: [], functions: [] };
  const folder = path.dirname(files[0]!.file);
  const archives = new Map<string, HclBlock>();
  for (const { hcl } of files) {
    for (const block of hcl.body.blocks) {
      if (block.type === 'data' && block.labels[0]?.value === 'archive_file' && block.labels[1]) archives.set(block.labels[1].value, block);
    }
  }

  const settings: AzureAppSetting[] = [];
  const out: AzureTerraformApp[] = [];
  const entries: MapNode['entries'] = [];
  for (const [address, block] of apps) {
    const header = headerLoc(block);
    const app: AzureTerraformApp = { address, loc: header };
    const plan = planOf(block.body, resources, address);
    if (plan) app.plan = plan;
    const planAddress = planReference(block.body);
    if (planAddress && resources.has(planAddress)) app.planAddress = planAddress;
    const codeDir = deployedFolder(block.body, archives, folder);
    if (codeDir) app.codeDir = codeDir;
    out.push(app);
    const appSettings = attr(block.body, 'app_settings');
    if (appSettings?.expr.kind === 'object') {
      for (const item of appSettings.expr.items) {
        const name = item.keyName ?? (item.key.kind === 'literal' ? String(item.key.value) : undefined);
        if (name === undefined) continue;
        settings.push({ app: address, name, node: toNode(item.value, `resource/${address}/app_settings/${name}`), literal: item.value.kind === 'literal' });
      }
    }
    // `connection_string { value = "…" }` blocks hold connection strings too.
    for (const connection of block.body.blocks.filter((b) => b.type === 'connection_string')) {
      const value = attr(connection.body, 'value');
      const name = attr(connection.body, 'name');
      if (value) settings.push({ app: address, name: name?.expr.kind === 'literal' ? String(name.expr.value) : 'connection_string', node: toNode(value.expr, `resource/${address}/connection_string`), literal: value.expr.kind === 'literal' });
    }
    entries.push({ key: address, keyLoc: header, value: { kind: 'map', entries: [], loc: block.loc, path: `resource/${address}` } });
  }

  const assignments: AzureRoleAssignment[] = [];
  for (const [address, block] of resources) {
    if (!address.startsWith('azurerm_role_assignment.')) continue;
    const role = attr(block.body, 'role_definition_name');
    const principal = attr(block.body, 'principal_id');
    if (!role || !principal) continue;
    const app = identityOwner(principal.expr, apps, resources);
    if (!app) continue;
    const scope = attr(block.body, 'scope');
    assignments.push({
      address,
      role: toNode(role.expr, `resource/${address}/role_definition_name`),
      app,
      scope: scope ? exprText(scope.expr) : undefined,
    });
  }

  const functions: AzureTerraformFunction[] = [];
  for (const [address, block] of resources) {
    if (address.startsWith('azurerm_function_app_function.')) functions.push(terraformFunction(address, block, apps, folder));
  }

  const file = files[0]!.file;
  const rootLoc = files[0]!.hcl.body.loc;
  const stack: StackModel = emptyStack({
    format: 'terraform',
    // Only Azure facts live here (the AWS reading of the folder is its own stack): rules without Azure facts stay away.
    platform: 'azure',
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
  return { stack, apps: out, functions };
}

function terraformFunction(address: string, block: HclBlock, apps: [string, HclBlock][], folder: string): AzureTerraformFunction {
  const header = headerLoc(block);
  const attribute = (name: string) => attr(block.body, name);
  const name = attribute('name');
  const literalName = name?.expr.kind === 'literal' && typeof name.expr.value === 'string' ? name.expr.value : undefined;
  const appId = attribute('function_app_id')?.expr;
  const appAddress = appId?.kind === 'traversal' && appId.steps[0]?.kind === 'attr' ? `${appId.root}.${appId.steps[0].name}` : undefined;
  const language = attribute('language')?.expr;
  const config = attribute('config_json');
  const files: AzureTerraformFunction['files'] = [];
  for (const fileBlock of block.body.blocks.filter((b) => b.type === 'file')) {
    const fileName = attr(fileBlock.body, 'name')?.expr;
    const content = attr(fileBlock.body, 'content')?.expr;
    // `content = file("${path.module}/src/index.js")`: the code is that file; anything else is written inline or computed.
    const read = content?.kind === 'call' && content.name === 'file' && content.args.length === 1 ? pathValue(content.args[0]!) : undefined;
    files.push({
      name: fileName?.kind === 'literal' && typeof fileName.value === 'string' ? fileName.value : undefined,
      path: read === undefined ? undefined : path.resolve(folder, read),
      loc: fileBlock.typeLoc,
    });
  }
  return {
    address,
    name: literalName,
    loc: literalName !== undefined ? name!.expr.loc : header,
    resourceLoc: header,
    blockLoc: block.loc,
    app: appAddress && apps.some(([a]) => a === appAddress) ? appAddress : undefined,
    language: language?.kind === 'literal' && typeof language.value === 'string' ? language.value : undefined,
    config: config ? configNode(config.expr, `resource/${address}/config_json`) : undefined,
    files,
  };
}

/**
 * `config_json` as the function.json it is: `jsonencode({ bindings = [...] })` keeps every value's
 * place; a JSON string is parsed, its values placed at the string. Anything computed is undefined.
 */
function configNode(expr: HclExpr, nodePath: string): MapNode | undefined {
  if (expr.kind === 'call' && expr.name === 'jsonencode' && expr.args.length === 1) {
    const node = hclToNode(expr.args[0]!, nodePath);
    return node?.kind === 'map' ? node : undefined;
  }
  if (expr.kind === 'literal' && typeof expr.value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(expr.value);
    } catch {
      return undefined;
    }
    const node = jsonValueAt(parsed, expr.loc, nodePath);
    return node?.kind === 'map' ? node : undefined;
  }
  return undefined;
}

function hclToNode(expr: HclExpr, nodePath: string): TNode | undefined {
  switch (expr.kind) {
    case 'literal':
      return { kind: 'scalar', value: expr.value, loc: expr.loc, path: nodePath } satisfies ScalarNode;
    case 'tuple': {
      const items = expr.items.map((item, i) => hclToNode(item, `${nodePath}/${i}`));
      return { kind: 'seq', items: items.map((item, i) => item ?? { kind: 'scalar', value: null, loc: expr.items[i]!.loc, path: `${nodePath}/${i}` }), loc: expr.loc, path: nodePath } satisfies SeqNode;
    }
    case 'object': {
      const entries: MapNode['entries'] = [];
      for (const item of expr.items) {
        const key = item.keyName ?? (item.key.kind === 'literal' ? String(item.key.value) : undefined);
        const value = key === undefined ? undefined : hclToNode(item.value, `${nodePath}/${key}`);
        if (key !== undefined && value) entries.push({ key, keyLoc: item.key.loc, value });
      }
      return { kind: 'map', entries, loc: expr.loc, path: nodePath };
    }
    case 'parens':
      return hclToNode(expr.expr, nodePath);
    default:
      // A reference or interpolation is no literal: its text stands in, never mistaken for a value.
      return undefined;
  }
}

/** A path written as a literal or with `${path.module}` (the folder itself); undefined when computed. */
function pathValue(expr: HclExpr): string | undefined {
  if (expr.kind === 'literal') return typeof expr.value === 'string' ? expr.value : undefined;
  if (expr.kind !== 'template') return undefined;
  let out = '';
  for (const part of expr.parts) {
    if (part.kind === 'text') out += part.value;
    else if (part.kind === 'interpolation' && part.expr.kind === 'traversal' && part.expr.root === 'path' && part.expr.steps.length === 1 && part.expr.steps[0]!.kind === 'attr' && part.expr.steps[0].name === 'module') out += '.';
    else return undefined;
  }
  return out;
}

/** `service_plan_id = azurerm_service_plan.x.id` → `azurerm_service_plan.x`. */
function planReference(body: HclBody): string | undefined {
  const reference = body.attributes.find((a) => a.name === 'service_plan_id' || a.name === 'app_service_plan_id');
  if (reference?.expr.kind !== 'traversal' || reference.expr.steps[0]?.kind !== 'attr') return undefined;
  return `${reference.expr.root}.${reference.expr.steps[0].name}`;
}

/** `zip_deploy_file = data.archive_file.app.output_path` → that archive's literal `source_dir`. */
function deployedFolder(body: HclBody, archives: Map<string, HclBlock>, folder: string): string | undefined {
  const zip = attr(body, 'zip_deploy_file')?.expr;
  if (zip?.kind !== 'traversal' || zip.root !== 'data' || zip.steps[0]?.kind !== 'attr' || zip.steps[0].name !== 'archive_file' || zip.steps[1]?.kind !== 'attr') return undefined;
  const archive = archives.get(zip.steps[1].name);
  const source = archive && attr(archive.body, 'source_dir')?.expr;
  const dir = source ? pathValue(source) : undefined;
  return dir === undefined ? undefined : path.resolve(folder, dir);
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
  const sku = attr(plan.body, 'sku_name');
  if (sku?.expr.kind === 'literal' && typeof sku.expr.value === 'string') return { sku: sku.expr.value, consumption: sku.expr.value === 'Y1', loc: sku.expr.loc };
  // The legacy azurerm_app_service_plan: `sku { tier = "Dynamic" }`.
  const skuBody = plan.body.blocks.find((b) => b.type === 'sku')?.body;
  const tier = skuBody && attr(skuBody, 'tier');
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
    const identity = block.body.blocks.find((b) => b.type === 'identity')?.body;
    const ids = identity && attr(identity, 'identity_ids');
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

