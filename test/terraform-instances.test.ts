/** Terraform `count`, `for_each`, `dynamic` blocks and conditionals: one resource per known instance, nothing guessed for an unknown one. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeAssumptions } from '../src/model/evaluate.js';
import { buildTerraformStack } from '../src/model/terraform.js';
import type { StackModel } from '../src/model/types.js';
import { parseHcl } from '../src/parse/hcl.js';
import { get, isScalar, type TNode } from '../src/parse/tree.js';
import iamWildcardAction from '../rules/iam-wildcard-action/index.js';
import { lintTemplate } from './support/rule-tester.js';

/** The model of `/project/main.tf` (plus local modules under it), read from memory. */
function build(files: Record<string, string | string[]>) {
  const folders = new Map<string, { file: string; hcl: ReturnType<typeof parseHcl> }[]>();
  for (const [file, text] of Object.entries(files)) {
    const full = path.join('/project', file);
    const source = Array.isArray(text) ? text.join('\n') : text;
    folders.set(path.dirname(full), [...(folders.get(path.dirname(full)) ?? []), { file: full, hcl: parseHcl(source, full) }]);
  }
  return buildTerraformStack({
    dir: '/project',
    files: folders.get('/project')!,
    readModule: (dir) => (folders.has(dir) ? { files: folders.get(dir)! } : { problem: 'missing' }),
  });
}

const stackOf = (files: Record<string, string | string[]>): StackModel => build(files).stack!;
const ids = (stack: StackModel, type: string) => [...stack.resources.values()].filter((r) => r.type === type).map((r) => r.id);
const property = (stack: StackModel, id: string, name: string): TNode | undefined => get(stack.resources.get(id)?.properties, name);
const value = (node: TNode | undefined) => (node && isScalar(node) ? node.value : node ? `unknown ${node.kind === 'fn' ? node.name : node.kind}` : 'absent');

/** The value one expression lowers to, as a queue's name. */
function evaluate(expression: string, ...extra: string[]) {
  const stack = stackOf({ 'main.tf': [...extra, 'resource "aws_sqs_queue" "q" {', `  name = ${expression}`, '}'] });
  return value(property(stack, 'aws_sqs_queue.q', 'QueueName'));
}

describe('Terraform count and for_each', () => {
  it('makes one resource per key of a known map or set and per count, binding each.key, each.value and count.index', () => {
    const stack = stackOf({
      'main.tf': [
        'locals {',
        '  queues = { orders = "orders-in", refunds = "refunds-in" }',
        '}',
        'variable "regions" {',
        '  default = ["eu", "us"]',
        '}',
        'resource "aws_sqs_queue" "by_map" {',
        '  for_each = local.queues',
        '  name     = "${each.key}:${each.value}"',
        '}',
        'resource "aws_sqs_queue" "by_set" {',
        '  for_each = toset(var.regions)',
        '  name     = each.value',
        '}',
        'resource "aws_sqs_queue" "counted" {',
        '  count = 2',
        '  name  = "copy-${count.index}"',
        '}',
        'resource "aws_sqs_queue" "none" {',
        '  count = 0',
        '}',
      ],
    });
    expect(ids(stack, 'AWS::SQS::Queue')).toEqual([
      'aws_sqs_queue.by_map["orders"]',
      'aws_sqs_queue.by_map["refunds"]',
      'aws_sqs_queue.by_set["eu"]',
      'aws_sqs_queue.by_set["us"]',
      'aws_sqs_queue.counted[0]',
      'aws_sqs_queue.counted[1]',
    ]);
    expect(value(property(stack, 'aws_sqs_queue.by_map["refunds"]', 'QueueName'))).toBe('refunds:refunds-in');
    expect(value(property(stack, 'aws_sqs_queue.by_set["us"]', 'QueueName'))).toBe('us');
    expect(value(property(stack, 'aws_sqs_queue.counted[1]', 'QueueName'))).toBe('copy-1');
  });

  it('keeps one instance, as written, when the collection is unknown: each.value stays unknown, nothing is guessed', () => {
    const stack = stackOf({
      'main.tf': [
        'variable "queues" {}',
        'resource "aws_sqs_queue" "from_var" {',
        '  for_each = var.queues',
        '  name     = each.value',
        '}',
        'resource "aws_sqs_queue" "from_attribute" {',
        '  count = length(aws_sqs_queue.from_var)',
        '  name  = "q-${count.index}"',
        '}',
        'resource "aws_sqs_queue" "from_condition" {',
        '  for_each = var.queues == null ? {} : { a = 1 }',
        '}',
        'resource "aws_sqs_queue" "too_many" {',
        '  count = 100000',
        '}',
      ],
    });
    expect(ids(stack, 'AWS::SQS::Queue')).toEqual(['aws_sqs_queue.from_var', 'aws_sqs_queue.from_attribute', 'aws_sqs_queue.from_condition', 'aws_sqs_queue.too_many']);
    expect(value(property(stack, 'aws_sqs_queue.from_var', 'QueueName'))).toBe('unknown Fn::Sub');
    const name = property(stack, 'aws_sqs_queue.from_attribute', 'QueueName');
    expect(name?.kind === 'fn' && isScalar(name.arg) && name.arg.value).toBe('q-${count.index}');
  });

  it('links a reference to one instance to that instance, and a missing instance to nothing', () => {
    const stack = stackOf({
      'main.tf': [
        'resource "aws_sqs_queue" "dlq" {',
        '  for_each = toset(["orders", "refunds"])',
        '  name     = "${each.key}-dlq"',
        '}',
        'resource "aws_sqs_queue" "orders" {',
        '  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq["orders"].arn, maxReceiveCount = 3 })',
        '}',
        'resource "aws_sqs_queue" "absent" {',
        '  count = 0',
        '}',
        'resource "aws_sqs_queue" "refunds" {',
        '  redrive_policy = try(jsonencode({ deadLetterTargetArn = aws_sqs_queue.absent[0].arn }), null)',
        '}',
      ],
    });
    expect([...stack.deadLetterTargets]).toEqual(['aws_sqs_queue.dlq["orders"]']);
    // try() falls back to null when the instance does not exist, and null is "not set".
    expect(property(stack, 'aws_sqs_queue.refunds', 'RedrivePolicy')).toBeUndefined();
  });
});

describe('Terraform dynamic blocks', () => {
  const fn = (deadLetterForEach: string) =>
    stackOf({
      'main.tf': [
        'variable "dlq_arn" {}',
        'resource "aws_lambda_function" "f" {',
        '  function_name = "f"',
        '  dynamic "dead_letter_config" {',
        `    for_each = ${deadLetterForEach}`,
        '    iterator = dlq',
        '    content {',
        '      target_arn = dlq.value',
        '    }',
        '  }',
        '}',
        'resource "aws_sqs_queue" "dlq" {}',
      ],
    }).functions[0]!;

  it('makes one block per element, with the iterator bound, and no block for an empty collection', () => {
    expect(fn('[aws_sqs_queue.dlq.arn]').deadLetter?.target).toMatchObject({ id: 'aws_sqs_queue.dlq', known: true });
    expect(fn('[]').deadLetter).toBeUndefined();
    expect(fn('var.dlq_arn == null ? [] : []').deadLetter).toBeUndefined();
  });

  it('keeps a block whose collection is unknown, with an unknown iterator: it may exist', () => {
    expect(fn('var.dlq_arn == null ? [] : [var.dlq_arn]').deadLetter?.target).toMatchObject({ known: false });
  });
});

describe('Terraform conditionals and functions', () => {
  it('takes the branch of a known condition only, and keeps an unknown condition unknown', () => {
    expect(evaluate('var.on ? "a" : "b"', 'variable "on" {', '  default = false', '}')).toBe('b');
    expect(evaluate('var.on ? "a" : "b"', 'variable "on" {}')).toBe('unknown Fn::If');
    expect(evaluate('var.on != null ? "a" : "b"', 'variable "on" {}')).toBe('unknown Fn::If');
    // A resource's attribute is never null, though its value is unknown.
    expect(evaluate('aws_sqs_queue.other.arn != null ? "set" : "unset"', 'resource "aws_sqs_queue" "other" {}')).toBe('set');
    // `false && x` is false whatever x is; `true && x` is x.
    expect(evaluate('false && var.x ? "a" : "b"', 'variable "x" {}')).toBe('b');
    expect(evaluate('true && var.x ? "a" : "b"', 'variable "x" {}')).toBe('unknown Fn::If');
  });

  it('evaluates the functions modules decide with, and leaves the rest unknown', () => {
    const m = ['locals {', '  m = { b = "2", a = "1", e = "" }', '}'];
    expect(evaluate('try(local.m.zzz, "fallback")', ...m)).toBe('fallback');
    expect(evaluate('try(local.m.a, "fallback")', ...m)).toBe('1');
    expect(evaluate('lookup(local.m, "b", "none")', ...m)).toBe('2');
    expect(evaluate('lookup(local.m, "c", "none")', ...m)).toBe('none');
    expect(evaluate('merge(local.m, { a = "9" }).a', ...m)).toBe('9');
    expect(evaluate('coalesce(null, local.m.e, "third")', ...m)).toBe('third');
    expect(evaluate('length(keys(local.m))', ...m)).toBe(3);
    expect(evaluate('join(",", keys(local.m))', ...m)).toBe('unknown Fn::Sub');
    expect(evaluate('keys(local.m)[0]', ...m)).toBe('a');
    expect(evaluate('values(local.m)[1]', ...m)).toBe('2');
    expect(evaluate('contains(["x", "y"], "y") ? "in" : "out"')).toBe('in');
    expect(evaluate('contains(["x", var.v], "y") ? "in" : "out"', 'variable "v" {}')).toBe('unknown Fn::If');
    expect(evaluate('length({ for k, v in local.m : k => v if v != "" })', ...m)).toBe(2);
    expect(evaluate('[for v in values(local.m) : "${v}!"][0]', ...m)).toBe('1!');
    // can() of an unknown function is unknown, not true.
    expect(evaluate('can(regex("a", var.v)) ? "a" : "b"', 'variable "v" {}')).toBe('unknown Fn::If');
    expect(evaluate('can(local.m.zzz) ? "a" : "b"', ...m)).toBe('b');
  });

  it('never reports a missing attribute as a value: outside try() it is unknown', () => {
    expect(evaluate('local.m.zzz', 'locals {', '  m = { a = 1 }', '}')).toBe('unknown Fn::Sub');
  });
});

describe('Terraform module calls with count and for_each', () => {
  const queueModule = [
    'variable "name" {}',
    'variable "mappings" {',
    '  default = {}',
    '}',
    'resource "aws_sqs_queue" "this" {',
    '  name = var.name',
    '}',
    'output "arn" {',
    '  value = aws_sqs_queue.this.arn',
    '}',
  ];

  it('reads each instance of a call with its own bindings, none for count = 0, one as today for an unknown collection', () => {
    const stack = stackOf({
      'main.tf': [
        'variable "unknown" {}',
        'module "per_key" {',
        '  source   = "./modules/queue"',
        '  for_each = { orders = "o", refunds = "r" }',
        '  name     = "${each.key}-${each.value}"',
        '}',
        'module "off" {',
        '  source = "./modules/queue"',
        '  count  = 0',
        '  name   = "never"',
        '}',
        'module "maybe" {',
        '  source   = "./modules/queue"',
        '  for_each = var.unknown',
        '  name     = each.key',
        '}',
        'resource "aws_sqs_queue" "consumer" {',
        '  redrive_policy = jsonencode({ deadLetterTargetArn = module.per_key["refunds"].arn })',
        '}',
      ],
      'modules/queue/main.tf': queueModule,
    });
    expect(ids(stack, 'AWS::SQS::Queue')).toEqual([
      'aws_sqs_queue.consumer',
      'module.per_key["orders"].aws_sqs_queue.this',
      'module.per_key["refunds"].aws_sqs_queue.this',
      'module.maybe.aws_sqs_queue.this',
    ]);
    expect(value(property(stack, 'module.per_key["orders"].aws_sqs_queue.this', 'QueueName'))).toBe('orders-o');
    expect(value(property(stack, 'module.maybe.aws_sqs_queue.this', 'QueueName'))).toBe('unknown Fn::Sub');
    expect([...stack.deadLetterTargets]).toEqual(['module.per_key["refunds"].aws_sqs_queue.this']);
  });

  it('wires an on-failure queue through a module whose mappings are a filtered for_each with dynamic destination blocks', () => {
    const stack = stackOf({
      'main.tf': [
        'module "consumer" {',
        '  source = "./modules/consumer"',
        '  event_source_mapping = {',
        '    stream = {',
        '      event_source_arn           = aws_kinesis_stream.s.arn',
        '      destination_arn_on_failure = aws_sqs_queue.failures.arn',
        '    }',
        '    plain = {',
        '      event_source_arn = aws_kinesis_stream.s.arn',
        '    }',
        '  }',
        '}',
        'resource "aws_kinesis_stream" "s" {}',
        'resource "aws_sqs_queue" "failures" {}',
      ],
      'modules/consumer/main.tf': [
        'variable "create" {',
        '  default = true',
        '}',
        'variable "event_source_mapping" {',
        '  default = {}',
        '}',
        'resource "aws_lambda_function" "this" {',
        '  count         = var.create ? 1 : 0',
        '  function_name = "consumer"',
        '}',
        'resource "aws_lambda_event_source_mapping" "this" {',
        '  for_each         = { for k, v in var.event_source_mapping : k => v if var.create }',
        '  function_name    = aws_lambda_function.this[0].arn',
        '  event_source_arn = try(each.value.event_source_arn, null)',
        '  maximum_retry_attempts = try(each.value.maximum_retry_attempts, null)',
        '  dynamic "destination_config" {',
        '    for_each = try(each.value.destination_arn_on_failure, null) != null ? [true] : []',
        '    content {',
        '      on_failure {',
        '        destination_arn = each.value["destination_arn_on_failure"]',
        '      }',
        '    }',
        '  }',
        '}',
      ],
    });
    expect(ids(stack, 'AWS::Lambda::EventSourceMapping')).toEqual(['module.consumer.aws_lambda_event_source_mapping.this["plain"]', 'module.consumer.aws_lambda_event_source_mapping.this["stream"]']);
    const triggers = stack.functions[0]!.triggers;
    expect(stack.functions.map((f) => f.id)).toEqual(['module.consumer.aws_lambda_function.this[0]']);
    expect(triggers.map((t) => [t.name, t.onFailure?.target])).toEqual([
      ['module.consumer.aws_lambda_event_source_mapping.this["plain"]', undefined],
      ['module.consumer.aws_lambda_event_source_mapping.this["stream"]', expect.objectContaining({ id: 'aws_sqs_queue.failures' })],
    ]);
    // `try(each.value.maximum_retry_attempts, null)` for a key the call does not set is null: not set.
    expect(triggers[0]!.maximumRetryAttempts).toBeUndefined();
    expect(stack.deadLetterTargets.has('aws_sqs_queue.failures')).toBe(true);
  });
});

describe('rules over expanded Terraform', () => {
  const wildcardActions = async (template: string) => (await lintTemplate(iamWildcardAction, { format: 'terraform', template })).map((f) => `${f.line}:${f.messageId}`);
  const policy = (actions: string, ...extra: string[]) => `
${extra.join('\n')}
resource "aws_iam_role_policy" "worker" {
  role = "worker"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = ${actions}, Resource = "arn:aws:sqs:eu-west-1:123456789012:orders" }] })
}
`;

  it('reads the branch a known condition deploys, and both of an unknown one, as before', async () => {
    expect(await wildcardActions(policy('var.admin ? "sqs:*" : "sqs:SendMessage"', 'variable "admin" {', '  default = false', '}'))).toEqual([]);
    expect(await wildcardActions(policy('var.admin ? "sqs:*" : "sqs:SendMessage"', 'variable "admin" {', '  default = true', '}'))).toHaveLength(1);
    expect(await wildcardActions(policy('var.admin ? "sqs:*" : "sqs:SendMessage"', 'variable "admin" {}'))).toHaveLength(1);
  });

  it('links a policy to its role through the role name, even when the name is known, so the message names the function', async () => {
    const template = `
resource "aws_iam_role" "worker" {
  count              = 1
  name               = "worker"
  assume_role_policy = "{}"
}
resource "aws_lambda_function" "worker" {
  function_name = "worker"
  role          = aws_iam_role.worker[0].arn
}
resource "aws_iam_role_policy" "worker" {
  role   = aws_iam_role.worker[0].name
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "*" }] })
}
`;
    const [finding] = await lintTemplate(iamWildcardAction, { format: 'terraform', template });
    expect(finding?.message).toContain('(used by function aws_lambda_function.worker)');
  });

  it('checks every instance of a policy: count.index picks each document', async () => {
    const template = `
variable "documents" {
  default = ["sqs:SendMessage", "sqs:*"]
}
resource "aws_iam_role_policy" "each" {
  count  = length(var.documents)
  role   = "worker"
  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = var.documents[count.index], Resource = "arn:aws:sqs:eu-west-1:123456789012:orders" }] })
}
`;
    const findings = await lintTemplate(iamWildcardAction, { format: 'terraform', template });
    expect(findings.map((f) => f.message.match(/aws_iam_role_policy\.each\[\d\]/)?.[0])).toEqual(['aws_iam_role_policy.each[1]']);
  });
});

describe('assumptions in module instances', () => {
  it('names the variable and the instance of the call whose default a finding relies on', () => {
    const loc = { file: '/project/main.tf', line: 1, column: 1, endLine: 1, endColumn: 2 };
    expect(describeAssumptions([{ parameter: 'var:module.consumer["eu.west"].timeout', value: 3, loc }])).toBe(' (assuming var.timeout of module.consumer["eu.west"] = 3, its default)');
    expect(describeAssumptions([{ parameter: 'var:module.a[0].module.b.retries', value: 2, loc }])).toBe(' (assuming var.retries of module.a[0].module.b = 2, its default)');
  });
});
