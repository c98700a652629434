import { describe, expect, it } from 'vitest';
import { HclSyntaxError, parseHcl, type HclAttribute, type HclBlock, type HclBody, type HclExpr } from '../src/parse/hcl.js';
import type { Loc } from '../src/parse/tree.js';

const FILE = '/p/main.tf';
/** Source from lines, so a line number in a test is the index of its line plus one. */
const tf = (...lines: string[]) => `${lines.join('\n')}\n`;
const parse = (text: string) => parseHcl(text, FILE).body;
const loc = (line: number, column: number, endLine: number, endColumn: number): Loc => ({ file: FILE, line, column, endLine, endColumn });

function attr(body: HclBody, name: string): HclAttribute {
  const found = body.attributes.find((a) => a.name === name);
  if (!found) throw new Error(`no attribute ${name}`);
  return found;
}

function block(body: HclBody, type: string, ...labels: string[]): HclBlock {
  const found = body.blocks.find((b) => b.type === type && labels.every((l, i) => b.labels[i]?.value === l));
  if (!found) throw new Error(`no block ${type} ${labels.join(' ')}`);
  return found;
}

function as<K extends HclExpr['kind']>(expr: HclExpr | undefined, kind: K): Extract<HclExpr, { kind: K }> {
  expect(expr?.kind).toBe(kind);
  return expr as Extract<HclExpr, { kind: K }>;
}

function item(expr: HclExpr, key: string): HclExpr {
  const found = as(expr, 'object').items.find((i) => i.keyName === key);
  if (!found) throw new Error(`no key ${key}`);
  return found.value;
}

function syntaxError(text: string): HclSyntaxError {
  try {
    parseHcl(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(HclSyntaxError);
    return error as HclSyntaxError;
  }
  throw new Error('expected a syntax error');
}

describe('HCL blocks and attributes', () => {
  const body = parse(
    tf(
      'resource "aws_lambda_function" "orders" {',
      '  function_name = "orders-${var.stage}"',
      '  runtime       = "nodejs20.x"',
      '  role          = aws_iam_role.lambda.arn',
      '  timeout       = 30',
      '',
      '  environment {',
      '    variables = {',
      '      TABLE_NAME  = aws_dynamodb_table.orders.name',
      '      "LOG_LEVEL" = "debug"',
      '    }',
      '  }',
      '}',
    ),
  );
  const fn = block(body, 'resource', 'aws_lambda_function', 'orders');

  it('locates the block type, its labels, its body and the whole block', () => {
    expect(fn.typeLoc).toEqual(loc(1, 1, 1, 9));
    expect(fn.labels).toEqual([
      { value: 'aws_lambda_function', loc: loc(1, 10, 1, 31) },
      { value: 'orders', loc: loc(1, 32, 1, 40) },
    ]);
    expect(fn.body.loc).toEqual(loc(1, 41, 13, 2));
    expect(fn.loc).toEqual(loc(1, 1, 13, 2));
    expect(body.loc).toEqual(loc(1, 1, 14, 1));
  });

  it('locates attribute names, values and the attribute from name to end of value', () => {
    const runtime = attr(fn.body, 'runtime');
    expect(runtime.nameLoc).toEqual(loc(3, 3, 3, 10));
    expect(runtime.expr).toEqual({ kind: 'literal', value: 'nodejs20.x', loc: loc(3, 19, 3, 31) });
    expect(runtime.loc).toEqual(loc(3, 3, 3, 31));
    expect(attr(fn.body, 'timeout').expr).toEqual({ kind: 'literal', value: 30, loc: loc(5, 19, 5, 21) });
    expect(attr(fn.body, 'role').expr).toEqual({
      kind: 'traversal',
      root: 'aws_iam_role',
      steps: [
        { kind: 'attr', name: 'lambda' },
        { kind: 'attr', name: 'arn' },
      ],
      loc: loc(4, 19, 4, 42),
    });
  });

  it('splits an interpolated string into located parts', () => {
    expect(attr(fn.body, 'function_name').expr).toEqual({
      kind: 'template',
      parts: [
        { kind: 'text', value: 'orders-', loc: loc(2, 20, 2, 27) },
        {
          kind: 'interpolation',
          expr: { kind: 'traversal', root: 'var', steps: [{ kind: 'attr', name: 'stage' }], loc: loc(2, 29, 2, 38) },
          loc: loc(2, 27, 2, 39),
        },
      ],
      loc: loc(2, 19, 2, 40),
    });
  });

  it('reads nested blocks and multi-line objects with identifier and string keys', () => {
    const environment = block(fn.body, 'environment');
    expect(environment.labels).toEqual([]);
    expect(environment.typeLoc).toEqual(loc(7, 3, 7, 14));
    expect(environment.loc).toEqual(loc(7, 3, 12, 4));
    const variables = as(attr(environment.body, 'variables').expr, 'object');
    expect(variables.loc).toEqual(loc(8, 17, 11, 6));
    expect(variables.items.map((i) => [i.keyName, i.key.loc, i.loc])).toEqual([
      ['TABLE_NAME', loc(9, 7, 9, 17), loc(9, 7, 9, 51)],
      ['LOG_LEVEL', loc(10, 7, 10, 18), loc(10, 7, 10, 28)],
    ]);
    expect(variables.items[0]!.key).toEqual({ kind: 'literal', value: 'TABLE_NAME', loc: loc(9, 7, 9, 17) });
    expect(variables.items[0]!.value).toMatchObject({ kind: 'traversal', root: 'aws_dynamodb_table', loc: loc(9, 21, 9, 51) });
    expect(variables.items[1]!.value).toEqual({ kind: 'literal', value: 'debug', loc: loc(10, 21, 10, 28) });
  });

  it('reads one-line, empty and bare-label blocks, comments of every kind', () => {
    const body = parse(
      tf(
        '# a comment',
        'terraform { required_version = ">= 1.5" } // trailing',
        'provider aws {}',
        '/* a block',
        '   comment */ locals {',
        '}',
        'lifecycle {',
        '  ignore_changes = [tags] # why',
        '}',
      ),
    );
    expect(body.blocks.map((b) => [b.type, b.labels.map((l) => l.value), b.loc])).toEqual([
      ['terraform', [], loc(2, 1, 2, 42)],
      ['provider', ['aws'], loc(3, 1, 3, 16)],
      ['locals', [], loc(5, 15, 6, 2)],
      ['lifecycle', [], loc(7, 1, 9, 2)],
    ]);
    expect(attr(body.blocks[0]!.body, 'required_version').expr).toEqual({ kind: 'literal', value: '>= 1.5', loc: loc(2, 32, 2, 40) });
    expect(body.blocks[1]!.labels[0]!.loc).toEqual(loc(3, 10, 3, 13));
    expect(body.blocks[2]!.body).toEqual({ attributes: [], blocks: [], loc: loc(5, 22, 6, 2) });
    expect(as(attr(body.blocks[3]!.body, 'ignore_changes').expr, 'tuple').items).toEqual([{ kind: 'traversal', root: 'tags', steps: [], loc: loc(8, 21, 8, 25) }]);
  });

  it('reads an IAM role whose policy is built with jsonencode', () => {
    const body = parse(
      tf(
        'resource "aws_iam_role" "lambda" {',
        '  name = "orders-lambda"',
        '  assume_role_policy = jsonencode({',
        '    Version = "2012-10-17"',
        '    Statement = [{',
        '      Effect    = "Allow"',
        '      Principal = { Service = "lambda.amazonaws.com" }',
        '      Action    = "sts:AssumeRole"',
        '    }]',
        '  })',
        '}',
      ),
    );
    const call = as(attr(block(body, 'resource', 'aws_iam_role', 'lambda').body, 'assume_role_policy').expr, 'call');
    expect(call).toMatchObject({ name: 'jsonencode', expandFinal: false, loc: loc(3, 24, 10, 5) });
    expect(call.args).toHaveLength(1);
    const policy = as(call.args[0], 'object');
    expect(policy.loc).toEqual(loc(3, 35, 10, 4));
    expect(item(policy, 'Version')).toEqual({ kind: 'literal', value: '2012-10-17', loc: loc(4, 15, 4, 27) });
    const statements = as(item(policy, 'Statement'), 'tuple');
    expect(statements.loc).toEqual(loc(5, 17, 9, 7));
    const statement = statements.items[0]!;
    expect(as(statement, 'object').items.map((i) => i.keyName)).toEqual(['Effect', 'Principal', 'Action']);
    expect(item(item(statement, 'Principal'), 'Service')).toEqual({ kind: 'literal', value: 'lambda.amazonaws.com', loc: loc(7, 31, 7, 53) });
    expect(item(statement, 'Action').loc).toEqual(loc(8, 19, 8, 35));
  });

  it('reads a policy document data source with several statement blocks', () => {
    const body = parse(
      tf(
        'data "aws_iam_policy_document" "publish" {',
        '  statement {',
        '    sid       = "Publish"',
        '    actions   = ["sns:Publish"]',
        '    resources = [aws_sns_topic.events.arn]',
        '  }',
        '',
        '  statement {',
        '    effect    = "Deny"',
        '    actions   = ["sns:*", "sqs:*",]',
        '    resources = ["*"]',
        '',
        '    condition {',
        '      test     = "Bool"',
        '      variable = "aws:SecureTransport"',
        '      values   = ["false"]',
        '    }',
        '  }',
        '}',
      ),
    );
    const doc = block(body, 'data', 'aws_iam_policy_document', 'publish');
    expect(doc.body.blocks.map((b) => [b.type, b.loc])).toEqual([
      ['statement', loc(2, 3, 6, 4)],
      ['statement', loc(8, 3, 18, 4)],
    ]);
    const [first, second] = doc.body.blocks as [HclBlock, HclBlock];
    expect(attr(first.body, 'actions').expr).toEqual({ kind: 'tuple', items: [{ kind: 'literal', value: 'sns:Publish', loc: loc(4, 18, 4, 31) }], loc: loc(4, 17, 4, 32) });
    expect(as(attr(first.body, 'resources').expr, 'tuple').items[0]).toEqual({
      kind: 'traversal',
      root: 'aws_sns_topic',
      steps: [
        { kind: 'attr', name: 'events' },
        { kind: 'attr', name: 'arn' },
      ],
      loc: loc(5, 18, 5, 42),
    });
    expect(as(attr(second.body, 'actions').expr, 'tuple').items.map((i) => as(i, 'literal').value)).toEqual(['sns:*', 'sqs:*']);
    const condition = block(second.body, 'condition');
    expect(condition.loc).toEqual(loc(13, 5, 17, 6));
    expect(attr(condition.body, 'variable').nameLoc).toEqual(loc(15, 7, 15, 15));
  });

  it('reads an SQS queue with a redrive policy pointing at its dead-letter queue', () => {
    const body = parse(
      tf(
        'resource "aws_sqs_queue" "dlq" {',
        '  name = "orders-dlq"',
        '}',
        '',
        'resource "aws_sqs_queue" "orders" {',
        '  name           = "orders"',
        '  redrive_policy = jsonencode({deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 3})',
        '}',
      ),
    );
    const redrive = attr(block(body, 'resource', 'aws_sqs_queue', 'orders').body, 'redrive_policy');
    expect(redrive.loc).toEqual(loc(7, 3, 7, 98));
    const object = as(as(redrive.expr, 'call').args[0], 'object');
    expect(object.loc).toEqual(loc(7, 31, 7, 97));
    expect(object.items).toEqual([
      {
        key: { kind: 'literal', value: 'deadLetterTargetArn', loc: loc(7, 32, 7, 51) },
        keyName: 'deadLetterTargetArn',
        value: {
          kind: 'traversal',
          root: 'aws_sqs_queue',
          steps: [
            { kind: 'attr', name: 'dlq' },
            { kind: 'attr', name: 'arn' },
          ],
          loc: loc(7, 54, 7, 75),
        },
        loc: loc(7, 32, 7, 75),
      },
      {
        key: { kind: 'literal', value: 'maxReceiveCount', loc: loc(7, 77, 7, 92) },
        keyName: 'maxReceiveCount',
        value: { kind: 'literal', value: 3, loc: loc(7, 95, 7, 96) },
        loc: loc(7, 77, 7, 96),
      },
    ]);
  });
});

describe('HCL heredocs', () => {
  it('keeps a <<EOF policy as the exact JSON text, located on its own lines', () => {
    const body = parse(
      tf(
        'resource "aws_iam_policy" "legacy" {',
        '  policy = <<EOF',
        '{',
        '  "Version": "2012-10-17",',
        '  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]',
        '}',
        'EOF',
        '  description = "after"',
        '}',
      ),
    );
    const resource = block(body, 'resource', 'aws_iam_policy', 'legacy');
    const policy = as(attr(resource.body, 'policy').expr, 'template');
    expect(policy.heredoc).toBe(true);
    expect(policy.loc).toEqual(loc(2, 12, 7, 4));
    expect(policy.parts).toEqual([
      {
        kind: 'text',
        value: '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]\n}\n',
        loc: loc(3, 1, 6, 2),
      },
    ]);
    expect(JSON.parse((policy.parts[0] as { value: string }).value).Statement[0].Action).toBe('s3:GetObject');
    expect(attr(resource.body, 'description').nameLoc).toEqual(loc(8, 3, 8, 14));
  });

  it('strips the common indentation of <<-EOF and keeps interpolations', () => {
    const body = parse(
      tf(
        'locals {',
        '  policy = <<-EOT',
        '    {',
        '      "Resource": "${aws_s3_bucket.assets.arn}/*",',
        '',
        '      "Effect": "Allow"',
        '    }',
        '  EOT',
        '}',
      ),
    );
    const policy = as(attr(body.blocks[0]!.body, 'policy').expr, 'template');
    expect(policy.loc).toEqual(loc(2, 12, 8, 6));
    expect(policy.parts).toEqual([
      { kind: 'text', value: '{\n  "Resource": "', loc: loc(3, 5, 4, 20) },
      {
        kind: 'interpolation',
        expr: {
          kind: 'traversal',
          root: 'aws_s3_bucket',
          steps: [
            { kind: 'attr', name: 'assets' },
            { kind: 'attr', name: 'arn' },
          ],
          loc: loc(4, 22, 4, 46),
        },
        loc: loc(4, 20, 4, 47),
      },
      { kind: 'text', value: '/*",\n\n  "Effect": "Allow"\n}\n', loc: loc(4, 47, 7, 6) },
    ]);
  });

  it('follows Terraform on blank lines, tabs, an unindented line and a line starting with an interpolation', () => {
    const text = (...lines: string[]) => {
      const expr = as(attr(parse(tf('x = <<-EOT', ...lines, 'EOT')), 'x').expr, 'template');
      return expr.parts.map((p) => (p.kind === 'text' ? p.value : `<${p.kind}>`)).join('');
    };
    expect(text('    a', '      ', '      b')).toBe('a\n      \n  b\n');
    expect(text('\t\ta', '\tb')).toBe('\ta\nb\n');
    expect(text('    a', 'b')).toBe('    a\nb\n');
    expect(text('    a', '${x} b')).toBe('    a\n<interpolation> b\n');
    expect(text('    a ${x}', '    b')).toBe('a <interpolation>\nb\n');
    expect(text()).toBe('');
  });

  it('reads an empty heredoc, a heredoc inside a call, and markers with surrounding spaces', () => {
    const body = parse(tf('a = <<EOF', 'EOF', 'b = trimspace(<<EOT', 'hello', '   EOT', ')'));
    expect(attr(body, 'a').expr).toEqual({ kind: 'template', parts: [], loc: loc(1, 5, 2, 4), heredoc: true });
    const call = as(attr(body, 'b').expr, 'call');
    expect(call.loc).toEqual(loc(3, 5, 6, 2));
    expect(as(call.args[0], 'template').parts).toEqual([{ kind: 'text', value: 'hello\n', loc: loc(4, 1, 4, 6) }]);
  });

  it('leaves backslashes alone in heredocs but unescapes $${ and %%{', () => {
    const body = parse(tf('a = <<EOF', 'C:\\dir\\n $${literal} %%{also}', 'EOF'));
    expect(as(attr(body, 'a').expr, 'template').parts).toEqual([{ kind: 'text', value: 'C:\\dir\\n ${literal} %{also}\n', loc: loc(2, 1, 2, 30) }]);
  });
});

describe('HCL strings and templates', () => {
  it('decodes escapes and keeps the raw source range', () => {
    const body = parse(tf('a = "tab\\t quote\\" slash\\\\ nl\\n \\u00e9 \\U0001F600 $${x} %%{y} $ %"'));
    expect(attr(body, 'a').expr).toEqual({ kind: 'literal', value: 'tab\t quote" slash\\ nl\n é 😀 ${x} %{y} $ %', loc: loc(1, 5, 1, 67) });
  });

  it('applies strip markers to the neighbouring text and narrows its location', () => {
    const expr = as(attr(parse(tf('a = "x  ${~ b ~}  y"')), 'a').expr, 'template');
    expect(expr.parts).toEqual([
      { kind: 'text', value: 'x', loc: loc(1, 6, 1, 7) },
      { kind: 'interpolation', expr: { kind: 'traversal', root: 'b', steps: [], loc: loc(1, 13, 1, 14) }, loc: loc(1, 9, 1, 17) },
      { kind: 'text', value: 'y', loc: loc(1, 19, 1, 20) },
    ]);
  });

  it('keeps an if/for directive as one opaque part, nested directives included', () => {
    const expr = as(attr(parse(tf('a = "<%{ if x }${y}%{ for i in z }${i}%{ endfor }%{ else }n%{ endif }>"')), 'a').expr, 'template');
    expect(expr.parts).toEqual([
      { kind: 'text', value: '<', loc: loc(1, 6, 1, 7) },
      { kind: 'directive', loc: loc(1, 7, 1, 70) },
      { kind: 'text', value: '>', loc: loc(1, 70, 1, 71) },
    ]);
  });

  it('keeps a for directive in a heredoc opaque and applies its ~} to the following line break', () => {
    const body = parse(tf('x = <<EOT', 'users:', '%{ for u in var.users ~}', '  - ${u}', '%{ endfor ~}', 'done', 'EOT'));
    expect(as(attr(body, 'x').expr, 'template').parts).toEqual([
      { kind: 'text', value: 'users:\n', loc: loc(2, 1, 2, 7) },
      { kind: 'directive', loc: loc(3, 1, 5, 13) },
      { kind: 'text', value: 'done\n', loc: loc(6, 1, 6, 5) },
    ]);
  });

  it('reads nested templates, braces and quotes inside interpolations', () => {
    const expr = as(attr(parse(tf('a = "${lookup({ k = "}" }, "${b}")}!"')), 'a').expr, 'template');
    expect(expr.parts.map((p) => p.kind)).toEqual(['interpolation', 'text']);
    const lookup = as((expr.parts[0] as { expr: HclExpr }).expr, 'call');
    expect(lookup.args.map((a) => a.kind)).toEqual(['object', 'template']);
    expect(expr.parts[1]).toEqual({ kind: 'text', value: '!', loc: loc(1, 36, 1, 37) });
  });
});

describe('HCL expressions', () => {
  const body = parse(
    tf(
      'variable "stage" {',
      '  type    = string',
      '  default = "dev"',
      '}',
      '',
      'locals {',
      '  is_prod   = var.stage == "prod"',
      '  retention = local.is_prod ? 30 : -7',
      '  upper     = [for s in var.subnets : upper(s) if s != "]"]',
      '  by_name   = { for k, v in var.queues : k => v.arn }',
      '  math      = 1 + 2 * 3 - 4 / 2 % 1',
      '  logic     = !a || b && c != d',
      '  compare   = a < b == c >= d',
      '  numbers   = [1.5, 1e3, 2.5E-2, 0]',
      '  splats    = [aws_instance.web[*].id, aws_instance.web.*.id, var.list[count.index].name, a.0.1]',
      '  ns        = provider::aws::arn_parse(var.arn).region',
      '  spread    = concat(var.a, var.b...)',
      '  computed  = { (var.key) = 1, "quoted": 2, plain: 3, }',
      '  nested    = data.aws_iam_policy_document.p.json',
      '  mod       = module.network.subnet_ids[0]',
      '  grouped   = (1 + 2) * 3',
      '}',
      '',
      'module "network" {',
      '  source  = "./modules/network"',
      '  count   = var.enabled ? 1 : 0',
      '}',
      '',
      'resource "aws_sqs_queue" "per_tenant" {',
      '  for_each = toset(var.tenants)',
      '  name     = "orders-${each.key}"',
      '  tags     = merge(local.tags, { Tenant = each.value })',
      '}',
      '',
      'resource "aws_security_group" "sg" {',
      '  dynamic "ingress" {',
      '    for_each = var.ports',
      '    content {',
      '      from_port = ingress.value',
      '    }',
      '  }',
      '}',
    ),
  );
  const locals = block(body, 'locals').body;
  const value = (name: string) => attr(locals, name).expr;

  it('reads variable defaults and type names', () => {
    const variable = block(body, 'variable', 'stage');
    expect(attr(variable.body, 'type').expr).toEqual({ kind: 'traversal', root: 'string', steps: [], loc: loc(2, 13, 2, 19) });
    expect(attr(variable.body, 'default').expr).toEqual({ kind: 'literal', value: 'dev', loc: loc(3, 13, 3, 18) });
  });

  it('reads comparisons and conditionals, folding a negative number into a literal', () => {
    expect(value('is_prod')).toEqual({
      kind: 'binary',
      op: '==',
      left: { kind: 'traversal', root: 'var', steps: [{ kind: 'attr', name: 'stage' }], loc: loc(7, 15, 7, 24) },
      right: { kind: 'literal', value: 'prod', loc: loc(7, 28, 7, 34) },
      loc: loc(7, 15, 7, 34),
    });
    expect(value('retention')).toEqual({
      kind: 'conditional',
      condition: { kind: 'traversal', root: 'local', steps: [{ kind: 'attr', name: 'is_prod' }], loc: loc(8, 15, 8, 28) },
      then: { kind: 'literal', value: 30, loc: loc(8, 31, 8, 33) },
      else: { kind: 'literal', value: -7, loc: loc(8, 36, 8, 38) },
      loc: loc(8, 15, 8, 38),
    });
  });

  it('reads for expressions into their parts, brackets inside strings included', () => {
    const upper = as(value('upper'), 'for');
    expect(upper.loc).toEqual(loc(9, 15, 9, 60));
    expect(upper.parsed).toMatchObject({ object: false, keyVar: undefined, valueVar: 's', grouping: false });
    expect(upper.parsed?.collection).toMatchObject({ kind: 'traversal', root: 'var', steps: [{ kind: 'attr', name: 'subnets' }] });
    expect(upper.parsed?.value).toMatchObject({ kind: 'call', name: 'upper' });
    expect(upper.parsed?.condition).toMatchObject({ kind: 'binary', op: '!=', right: { kind: 'literal', value: ']' } });
    const byName = as(value('by_name'), 'for');
    expect(byName.loc).toEqual(loc(10, 15, 10, 54));
    expect(byName.parsed).toMatchObject({ object: true, keyVar: 'k', valueVar: 'v', key: { kind: 'traversal', root: 'k' }, condition: undefined });
    expect(byName.parsed?.value).toMatchObject({ kind: 'traversal', root: 'v', steps: [{ kind: 'attr', name: 'arn' }] });
  });

  it('reads a grouping for expression spread over lines, and keeps one it cannot read as its extent', () => {
    const body = parse(tf('a = {', '  for k, v in var.m :', '  v.group => k...', '  if v.enabled', '}', 'b = [for x in y : x => x]'));
    const grouped = as(attr(body, 'a').expr, 'for');
    expect(grouped.parsed).toMatchObject({ object: true, grouping: true, condition: { kind: 'traversal', root: 'v' } });
    expect(grouped.loc).toEqual(loc(1, 5, 5, 2));
    // `=>` in a tuple for is not Terraform: the extent is kept, the rest of the file still reads.
    expect(attr(body, 'b').expr).toEqual({ kind: 'for', loc: loc(6, 5, 6, 26) });
  });

  it('applies operator precedence and left associativity', () => {
    const show = (e: HclExpr): string => {
      if (e.kind === 'binary') return `(${show(e.left)} ${e.op} ${show(e.right)})`;
      if (e.kind === 'unary') return `${e.op}${show(e.operand)}`;
      if (e.kind === 'literal') return String(e.value);
      if (e.kind === 'traversal') return e.root;
      if (e.kind === 'parens') return `[${show(e.expr)}]`;
      return e.kind;
    };
    expect(show(value('math'))).toBe('((1 + (2 * 3)) - ((4 / 2) % 1))');
    expect(show(value('logic'))).toBe('(!a || (b && (c != d)))');
    expect(show(value('compare'))).toBe('((a < b) == (c >= d))');
    expect(show(value('grouped'))).toBe('([(1 + 2)] * 3)');
    expect(value('grouped').loc).toEqual(loc(21, 15, 21, 26));
    expect(as(value('numbers'), 'tuple').items.map((i) => as(i, 'literal').value)).toEqual([1.5, 1000, 0.025, 0]);
  });

  it('reads splats, indexes and legacy numeric indexes as traversal steps', () => {
    const [full, attrSplat, indexed, legacy] = as(value('splats'), 'tuple').items as [HclExpr, HclExpr, HclExpr, HclExpr];
    expect(full).toEqual({ kind: 'traversal', root: 'aws_instance', steps: [{ kind: 'attr', name: 'web' }, { kind: 'splat' }, { kind: 'attr', name: 'id' }], loc: loc(15, 16, 15, 38) });
    expect(attrSplat).toEqual({ kind: 'traversal', root: 'aws_instance', steps: [{ kind: 'attr', name: 'web' }, { kind: 'splat' }, { kind: 'attr', name: 'id' }], loc: loc(15, 40, 15, 61) });
    expect(indexed).toEqual({
      kind: 'traversal',
      root: 'var',
      steps: [
        { kind: 'attr', name: 'list' },
        { kind: 'index', key: { kind: 'traversal', root: 'count', steps: [{ kind: 'attr', name: 'index' }], loc: loc(15, 72, 15, 83) } },
        { kind: 'attr', name: 'name' },
      ],
      loc: loc(15, 63, 15, 89),
    });
    expect(legacy).toEqual({
      kind: 'traversal',
      root: 'a',
      steps: [
        { kind: 'index', key: { kind: 'literal', value: 0, loc: loc(15, 93, 15, 94) } },
        { kind: 'index', key: { kind: 'literal', value: 1, loc: loc(15, 95, 15, 96) } },
      ],
      loc: loc(15, 91, 15, 96),
    });
    expect(value('nested')).toMatchObject({ kind: 'traversal', root: 'data', loc: loc(19, 15, 19, 50) });
    expect(as(value('nested'), 'traversal').steps.map((s) => (s.kind === 'attr' ? s.name : s.kind))).toEqual(['aws_iam_policy_document', 'p', 'json']);
    expect(value('mod')).toEqual({
      kind: 'traversal',
      root: 'module',
      steps: [
        { kind: 'attr', name: 'network' },
        { kind: 'attr', name: 'subnet_ids' },
        { kind: 'index', key: { kind: 'literal', value: 0, loc: loc(20, 41, 20, 42) } },
      ],
      loc: loc(20, 15, 20, 43),
    });
  });

  it('reads provider functions, steps after a call, and argument expansion', () => {
    const ns = as(value('ns'), 'relative');
    expect(ns.steps).toEqual([{ kind: 'attr', name: 'region' }]);
    expect(ns.loc).toEqual(loc(16, 15, 16, 55));
    expect(ns.source).toMatchObject({ kind: 'call', name: 'provider::aws::arn_parse', expandFinal: false, loc: loc(16, 15, 16, 48) });
    const spread = as(value('spread'), 'call');
    expect(spread).toMatchObject({ name: 'concat', expandFinal: true, loc: loc(17, 15, 17, 38) });
    expect(spread.args).toHaveLength(2);
  });

  it('reads computed, quoted and colon-separated object keys and a trailing comma', () => {
    const items = as(value('computed'), 'object').items;
    expect(items.map((i) => [i.keyName, i.key.kind])).toEqual([
      [undefined, 'parens'],
      ['quoted', 'literal'],
      ['plain', 'literal'],
    ]);
    expect(items[0]!.key.loc).toEqual(loc(18, 17, 18, 26));
  });

  it('reads module, count, for_each and dynamic blocks', () => {
    const network = block(body, 'module', 'network');
    expect(as(attr(network.body, 'count').expr, 'conditional').loc).toEqual(loc(26, 13, 26, 32));
    const tenant = block(body, 'resource', 'aws_sqs_queue', 'per_tenant');
    expect(attr(tenant.body, 'for_each').expr).toMatchObject({ kind: 'call', name: 'toset', loc: loc(30, 14, 30, 32) });
    expect(as(attr(tenant.body, 'name').expr, 'template').parts[1]).toMatchObject({
      kind: 'interpolation',
      expr: { kind: 'traversal', root: 'each', steps: [{ kind: 'attr', name: 'key' }], loc: loc(31, 24, 31, 32) },
    });
    expect(item(as(attr(tenant.body, 'tags').expr, 'call').args[1]!, 'Tenant').loc).toEqual(loc(32, 43, 32, 53));
    const dynamic = block(block(body, 'resource', 'aws_security_group', 'sg').body, 'dynamic', 'ingress');
    expect(dynamic.labels[0]!.loc).toEqual(loc(36, 11, 36, 20));
    expect(attr(block(dynamic.body, 'content').body, 'from_port').loc).toEqual(loc(39, 7, 39, 32));
  });
});

describe('HCL input variants', () => {
  it('tolerates CRLF line endings and a byte order mark with the same positions', () => {
    const lf = tf('resource "a" "b" {', '  x = "y" # c', '  p = <<-EOF', '    {"a": 1}', '  EOF', '}');
    const crlf = `\ufeff${lf.replace(/\n/g, '\r\n')}`;
    expect(parseHcl(crlf, FILE)).toEqual(parseHcl(lf, FILE));
    const p = as(attr(parse(crlf).blocks[0]!.body, 'p').expr, 'template');
    expect(p.parts).toEqual([{ kind: 'text', value: '{"a": 1}\n', loc: loc(4, 5, 4, 13) }]);
  });

  it('accepts identifiers with dashes, unicode names, and counts columns in UTF-16 units', () => {
    const body = parse(tf('my-name = "😀" # x', 'naïve = a-b', 'z = "😀${x}"'));
    expect(attr(body, 'my-name').expr).toEqual({ kind: 'literal', value: '😀', loc: loc(1, 11, 1, 15) });
    expect(attr(body, 'naïve').expr).toEqual({ kind: 'traversal', root: 'a-b', steps: [], loc: loc(2, 9, 2, 12) });
    expect(as(attr(body, 'z').expr, 'template').parts[1]!.loc).toEqual(loc(3, 8, 3, 12));
  });

  it('allows newlines inside brackets, calls and interpolations, and after operators', () => {
    const body = parse(tf('a = [', '  1,', '  2', ']', 'b = f(', '  x,', ')', 'c = "${', '  x', '}"', 'd = x ? (', '  1', ') : 2', 'e = 1 +', '  2'));
    expect(body.attributes.map((a) => a.name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(as(attr(body, 'a').expr, 'tuple').items).toHaveLength(2);
    expect(attr(body, 'e').expr.loc).toEqual(loc(14, 5, 15, 4));
  });
});

describe('HCL syntax errors', () => {
  const cases: [string, string, string, [number, number]][] = [
    ['missing "="', tf('locals {', '  a 1', '}'), 'Expected "=" or "{" after "a", found "1"', [2, 5]],
    ['a number where a label belongs', tf('', '', 'resource 5 {}'), 'Expected "=" or "{" after "resource", found "5"', [3, 10]],
    ['block header across lines', tf('resource "a" "b"', '{', '}'), 'Expected "{" to open the block "resource", found the end of the line', [1, 17]],
    ['unclosed block', tf('resource "a" "b" {', '  x = 1'), 'This block is never closed: expected "}" before the end of the file', [1, 18]],
    ['unterminated string', tf('a = 1', 'b = "abc', 'c = 2'), 'Unterminated string', [2, 5]],
    ['unterminated heredoc', tf('a = <<EOF', 'text', 'EOFX'), 'Unterminated heredoc', [1, 5]],
    ['text after a heredoc marker', tf('a = <<EOF x', 'EOF'), 'Expected a line break right after the heredoc marker "EOF"', [1, 10]],
    ['two attributes on one line', tf('a = 1 b = 2'), 'Expected a newline after "a", found "b"', [1, 7]],
    ['a quoted attribute name', tf('"a" = 1'), 'names are not quoted', [1, 1]],
    ['a missing value', tf('a =', 'b = 1'), 'Expected an expression, found the end of the line', [1, 4]],
    ['an unclosed tuple', 'a = [1, 2', 'Expected "," or "]" after a tuple item, found the end of the file', [1, 10]],
    ['object items on one line without comma', tf('a = {b = 1 c = 2}'), 'Expected a newline, "," or "}" after an object item, found "c"', [1, 12]],
    ['an invalid escape', tf('a = "x\\q"'), 'Invalid escape sequence "\\q"', [1, 7]],
    ['an unclosed interpolation', tf('a = "${x"'), 'Expected "}" to close the interpolation, found a string', [1, 9]],
    ['an unclosed directive', tf('a = "%{ if x }y"'), 'Unclosed %{ if }', [1, 6]],
    ['a stray endif', tf('a = "%{ endif }"'), 'Unexpected %{ endif }', [1, 6]],
    ['an unexpected character', tf('a = 1', 'b = @'), 'Unexpected character "@"', [2, 5]],
    ['a stray closing brace', tf('}'), 'Expected an attribute or block name, found "}"', [1, 1]],
    ['an unterminated comment', tf('a = 1 /* x'), 'Unterminated /* comment', [1, 7]],
    ['a label with interpolation', tf('resource "${x}" {}'), 'A block label cannot contain interpolations', [1, 10]],
    ['an unclosed for expression', tf('a = [for x in y : x'), 'Expected "]" before the end of the file', [2, 1]],
    ['mismatched brackets in a for expression', tf('a = [for x in y : x}'), 'Unexpected "}"', [1, 20]],
  ];

  it.each(cases)('%s', (_name, text, message, [line, column]) => {
    const error = syntaxError(text);
    expect(error.message).toContain(message);
    expect(error.message).toMatch(new RegExp(` at ${line}:${column}$`));
    expect(error.loc).toMatchObject({ file: FILE, line, column });
  });

  it('keeps messages short even when the offending token is long', () => {
    const error = syntaxError(tf(`${'x'.repeat(500)} ${'y'.repeat(500)}`));
    expect(error.message.length).toBeLessThan(120);
  });

  it('reports deep nesting as a syntax error instead of overflowing the stack', () => {
    for (const text of ['x = ' + '['.repeat(5000), 'x = ' + '-'.repeat(5000) + '1', 'x = ' + '"${'.repeat(3000), 'a {\n'.repeat(3000), 'x = ' + 'f('.repeat(5000), 'x = ' + '{a='.repeat(3000)]) {
      expect(syntaxError(text).message).toMatch(/Nesting is deeper than 500 levels/);
    }
    // Under the limit still parses; a template counts as two levels, as it costs the stack about twice as much.
    expect(() => parseHcl(`x = ${'['.repeat(450)}${']'.repeat(450)}`, FILE)).not.toThrow();
    expect(() => parseHcl(`x = ${'"${'.repeat(220)}1${'}"'.repeat(220)}`, FILE)).not.toThrow();
    expect(() => parseHcl(`${'a {\n'.repeat(450)}${'}\n'.repeat(450)}`, FILE)).not.toThrow();
  });
});

describe('HCL robustness', () => {
  /** A small deterministic PRNG (mulberry32), so a failure reproduces. */
  function random(seed: number): () => number {
    return () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const valid = tf(
    '# orders service',
    'resource "aws_lambda_function" "orders" {',
    '  function_name = "orders-${var.stage}"',
    '  environment { variables = { A = aws_sqs_queue.q.url, B = "%{ if x }y%{ endif }" } }',
    '  tags = merge(local.tags, { for k, v in var.t : k => v if v != "}" })',
    '}',
    'locals {',
    '  policy = <<-EOT',
    '    {"Resource": "${aws_s3_bucket.b.arn}/*"}',
    '  EOT',
    '  l = [for s in var.l : upper(s)]',
    '  c = var.a ? -1 : (2 + 3) * a[0].b[*].c',
    '  p = provider::aws::arn_parse(x).region',
    '  /* comment */ e = "\\u00e9\\n"',
    '}',
  );

  const outcome = (text: string): string => {
    try {
      parseHcl(text, FILE);
      return 'parsed';
    } catch (error) {
      if (error instanceof HclSyntaxError) return 'syntax-error';
      throw error;
    }
  };

  it('reads very long strings, heredocs and operator chains without running out of stack', () => {
    const escapes = parseHcl(`x = "${'\\n'.repeat(200_000)}"`, FILE).body.attributes[0]!.expr;
    expect(as(escapes, 'literal').value).toBe('\n'.repeat(200_000));
    const heredoc = as(parseHcl(`x = <<-EOF\n${'  line\n'.repeat(100_000)}EOF\n`, FILE).body.attributes[0]!.expr, 'template');
    expect(heredoc.parts).toHaveLength(1);
    expect(heredoc.parts[0]!.loc).toEqual(loc(2, 3, 100_001, 7));
    const chain = parseHcl(`x = ${Array.from({ length: 50_000 }, (_, i) => `a${i}`).join(' + ')}`, FILE).body.attributes[0]!.expr;
    expect(chain).toMatchObject({ kind: 'binary', op: '+', right: { kind: 'traversal', root: 'a49999' } });
  });

  it('parses the robustness fixture itself', () => {
    expect(outcome(valid)).toBe('parsed');
  });

  it('either parses or throws HclSyntaxError on truncations, mutations and garbage', () => {
    const next = random(20240611);
    const pick = (s: string) => s[Math.floor(next() * s.length)]!;
    const alphabet = '{}[]()"$%~<-=.,:?!*#/\\\n\r\t abcEOF019_\u00e9\ud83d\ude00\u0000\ufeff';
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      let text: string;
      if (i < 100) text = valid.slice(0, Math.floor(next() * valid.length));
      else if (i < 200) {
        const at = Math.floor(next() * valid.length);
        const mutation = next();
        text = mutation < 0.4 ? valid.slice(0, at) + valid.slice(at + 1) : mutation < 0.8 ? valid.slice(0, at) + pick(alphabet) + valid.slice(at) : valid.slice(0, at) + valid.slice(at).replace(/\n/, '');
      } else {
        const length = Math.floor(next() * 200);
        text = '';
        for (let j = 0; j < length; j++) text += next() < 0.1 ? String.fromCharCode(Math.floor(next() * 0x3000)) : pick(alphabet);
      }
      seen.add(outcome(text));
    }
    expect(seen).toEqual(new Set(['parsed', 'syntax-error']));
  });
});
