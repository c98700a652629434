/** Terraform → the application model: resources by address, IAM documents in every form, links between resources, all located in the .tf file. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';
import { buildTerraformStack } from '../src/model/terraform.js';
import type { StackModel } from '../src/model/types.js';
import { parseHcl } from '../src/parse/hcl.js';
import { modelOf } from './support/rule-tester.js';

const model = (template: string): StackModel => modelOf({ template, format: 'terraform' });

describe('Terraform model', () => {
  it('lowers a function with its settings, located at the block header and the values', () => {
    const stack = model(`
      variable "timeout" {
        default = 20
      }

      resource "aws_lambda_function" "orders" {
        function_name = "orders"
        handler       = "index.handler"
        runtime       = "nodejs22.x"
        timeout       = var.timeout
        role          = aws_iam_role.orders.arn
        tracing_config {
          mode = "Active"
        }
        dead_letter_config {
          target_arn = aws_sqs_queue.dlq.arn
        }
        environment {
          variables = { TABLE = "orders" }
        }
      }

      resource "aws_iam_role" "orders" {
        assume_role_policy = "{}"
      }

      resource "aws_sqs_queue" "dlq" {
        name = "orders-dlq"
      }
    `);
    const fn = stack.functions[0]!;
    expect(fn.id).toBe('aws_lambda_function.orders');
    expect(fn.loc).toMatchObject({ line: 5, column: 1, endLine: 5, endColumn: 40 });
    expect(fn.timeout.value).toMatchObject({ known: true, value: 20, assumptions: [{ parameter: 'var:timeout', value: 20 }] });
    expect(fn.timeout.loc).toMatchObject({ line: 9, column: 19 });
    expect(fn.tracing.value).toMatchObject({ known: true, value: 'Active' });
    expect(fn.deadLetter?.target).toMatchObject({ id: 'aws_sqs_queue.dlq' });
    expect(fn.role).toMatchObject({ id: 'aws_iam_role.orders' });
    expect(fn.environment.map((v) => [v.name, v.nameLoc.line])).toEqual([['TABLE', 18]]);
    expect(fn.functionName).toBe('orders');
    expect(stack.deadLetterTargets).toEqual(new Set(['aws_sqs_queue.dlq']));
  });

  it('reads IAM policies from policy documents, jsonencode, heredoc JSON and attachments, with their lines', () => {
    const stack = model(`
      resource "aws_lambda_function" "f" {
        function_name = "f"
        role          = aws_iam_role.r.arn
      }
      resource "aws_iam_role" "r" {
        assume_role_policy = "{}"
        inline_policy {
          name   = "inline"
          policy = data.aws_iam_policy_document.doc.json
        }
      }
      data "aws_iam_policy_document" "doc" {
        statement {
          actions   = ["s3:*"]
          resources = ["*"]
        }
        statement {
          effect      = "Deny"
          not_actions = ["iam:*"]
          resources   = ["*"]
          condition {
            test     = "Bool"
            variable = "aws:SecureTransport"
            values   = ["false"]
          }
        }
      }
      resource "aws_iam_role_policy" "encoded" {
        role   = aws_iam_role.r.id
        policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "sqs:*", Resource = "*" }] })
      }
      resource "aws_iam_policy" "heredoc" {
        policy = <<EOF
      {
        "Statement": [{ "Effect": "Allow", "Action": "dynamodb:*", "Resource": "*" }]
      }
      EOF
      }
      resource "aws_iam_role_policy_attachment" "heredoc" {
        role       = aws_iam_role.r.name
        policy_arn = aws_iam_policy.heredoc.arn
      }
      resource "aws_iam_role_policy_attachment" "admin" {
        role       = aws_iam_role.r.name
        policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
      }
    `);
    const summary = stack.statements.map((s) => [s.holder.id, s.effect?.known ? s.effect.value : '?', s.actionKey, s.actions.map((a) => (a.known ? a.value : '?')), s.actionsLoc?.line, s.hasCondition, s.functions]);
    expect(summary).toEqual([
      ['aws_iam_role.r', 'Allow', 'Action', ['s3:*'], 14, false, ['aws_lambda_function.f']],
      ['aws_iam_role.r', 'Deny', 'NotAction', ['iam:*'], 19, true, ['aws_lambda_function.f']],
      ['aws_iam_role_policy.encoded', 'Allow', 'Action', ['sqs:*'], 30, false, ['aws_lambda_function.f']],
      ['aws_iam_policy.heredoc', 'Allow', 'Action', ['dynamodb:*'], 35, false, ['aws_lambda_function.f']],
    ]);
    // The heredoc statement keeps its column in the .tf file.
    expect(stack.statements[3]!.actionsLoc).toMatchObject({ line: 35, column: 48 });
    expect(stack.managedPolicies.map((m) => [m.policyName, m.functions])).toEqual([['AdministratorAccess', ['aws_lambda_function.f']]]);
  });

  it('links event sources, invoke configs, redrive policies, subscriptions, rule targets and permissions', () => {
    const stack = model(`
      resource "aws_lambda_function" "f" {
        function_name = "f"
      }
      resource "aws_sqs_queue" "q" {
        redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 3 })
      }
      resource "aws_sqs_queue" "q2" {}
      resource "aws_sqs_queue_redrive_policy" "q2" {
        queue_url      = aws_sqs_queue.q2.id
        redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 3 })
      }
      resource "aws_sqs_queue" "dlq" {}
      resource "aws_dynamodb_table" "t" {}
      resource "aws_lambda_event_source_mapping" "queue" {
        function_name           = aws_lambda_function.f.arn
        event_source_arn        = aws_sqs_queue.q.arn
        function_response_types = ["ReportBatchItemFailures"]
      }
      resource "aws_lambda_event_source_mapping" "stream" {
        function_name          = aws_lambda_function.f.function_name
        event_source_arn       = aws_dynamodb_table.t.stream_arn
        maximum_retry_attempts = 2
        destination_config {
          on_failure {
            destination_arn = aws_sqs_queue.dlq.arn
          }
        }
      }
      resource "aws_lambda_function_event_invoke_config" "f" {
        function_name = aws_lambda_function.f.function_name
        destination_config {
          on_failure {
            destination = aws_sqs_queue.dlq.arn
          }
        }
      }
      resource "aws_sns_topic" "t" {}
      resource "aws_sns_topic_subscription" "s" {
        topic_arn = aws_sns_topic.t.arn
        protocol  = "lambda"
        endpoint  = aws_lambda_function.f.arn
      }
      resource "aws_cloudwatch_event_rule" "nightly" {
        schedule_expression = "rate(1 day)"
      }
      resource "aws_cloudwatch_event_target" "nightly" {
        rule = aws_cloudwatch_event_rule.nightly.name
        arn  = aws_lambda_function.f.arn
      }
      resource "aws_lambda_permission" "s3" {
        function_name = aws_lambda_function.f.function_name
        principal     = "s3.amazonaws.com"
      }
    `);
    const fn = stack.functions[0]!;
    expect(fn.triggers.map((t) => [t.kind, t.invocation, t.name])).toEqual([
      ['sqs', 'poll', 'aws_lambda_event_source_mapping.queue'],
      ['dynamodb-stream', 'poll', 'aws_lambda_event_source_mapping.stream'],
      ['sns', 'async', 'aws_sns_topic_subscription.s'],
      ['schedule', 'async', 'aws_cloudwatch_event_rule.nightly'],
      ['s3', 'async', 'aws_lambda_permission.s3'],
    ]);
    expect(fn.triggers[0]!.reportBatchItemFailures).toMatchObject({ known: true, value: true });
    expect(fn.triggers[1]!.onFailure?.target).toMatchObject({ id: 'aws_sqs_queue.dlq' });
    expect(fn.asyncOnFailure?.target).toMatchObject({ id: 'aws_sqs_queue.dlq' });
    expect(stack.queues.map((q) => [q.id, q.deadLetterTarget?.id])).toEqual([
      ['aws_sqs_queue.q', 'aws_sqs_queue.dlq'],
      ['aws_sqs_queue.q2', 'aws_sqs_queue.dlq'],
      ['aws_sqs_queue.dlq', undefined],
    ]);
    expect(stack.eventRules[0]!.targets).toMatchObject([{ id: 'nightly', deadLetter: undefined }]);
    expect(stack.permissions).toMatchObject([{ id: 'aws_lambda_permission.s3', scoped: false }]);
  });

  it('models API stages with their access logs, tracing and method-settings throttling', () => {
    const stack = model(`
      resource "aws_api_gateway_stage" "prod" {
        stage_name           = "prod"
        xray_tracing_enabled = true
        access_log_settings {
          destination_arn = aws_cloudwatch_log_group.api.arn
          format          = "$context.requestId"
        }
      }
      resource "aws_api_gateway_method_settings" "all" {
        stage_name  = aws_api_gateway_stage.prod.stage_name
        method_path = "*/*"
        settings {
          throttling_rate_limit  = 100
          throttling_burst_limit = 50
        }
      }
      resource "aws_apigatewayv2_api" "http" {
        protocol_type = "HTTP"
      }
      resource "aws_apigatewayv2_stage" "http" {
        api_id = aws_apigatewayv2_api.http.id
      }
      resource "aws_cloudwatch_log_group" "api" {}
    `);
    expect(stack.apiStages.map((s) => [s.id, s.protocol, Boolean(s.accessLog), s.tracing?.known && s.tracing.value, s.throttling ? 'throttled' : 'none'])).toEqual([
      ['aws_api_gateway_stage.prod', 'rest', true, true, 'throttled'],
      ['aws_apigatewayv2_stage.http', 'http', false, undefined, 'none'],
    ]);
  });

  it('links handlers through data.archive_file, and says why a prebuilt zip is not linked', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-tf-'));
    mkdirSync(path.join(dir, 'lambda'));
    writeFileSync(path.join(dir, 'lambda', 'index.js'), 'exports.handler = async () => 1;\n');
    writeFileSync(
      path.join(dir, 'main.tf'),
      [
        'data "archive_file" "code" {',
        '  type        = "zip"',
        '  source_dir  = "${path.module}/lambda"',
        '  output_path = "build/code.zip"',
        '}',
        'resource "aws_lambda_function" "a" {',
        '  filename = data.archive_file.code.output_path',
        '  handler  = "index.handler"',
        '  runtime  = "nodejs22.x"',
        '}',
        'resource "aws_lambda_function" "b" {',
        '  filename = "build/prebuilt.zip"',
        '  handler  = "index.handler"',
        '}',
        'module "vpc" {',
        '  source = "terraform-aws-modules/vpc/aws"',
        '}',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'broken.tf'), 'resource "aws_sqs_queue" "q" {\n  name = \n');
    const result = await lint({ cwd: dir, paths: ['.'], config: await loadConfig({ cwd: dir, preset: 'all' }) });
    expect(result.handlers.map((h) => [h.functionId, h.status, h.source ? path.relative(dir, h.source) : h.reason])).toEqual([
      ['aws_lambda_function.a', 'linked', path.join('lambda', 'index.js')],
      ['aws_lambda_function.b', 'not-linked', expect.stringMatching(/depends on a prebuilt package \(build\/prebuilt\.zip\)/)],
    ]);
    expect(result.notices).toEqual([{ path: path.join(dir, 'main.tf'), message: 'module vpc (source terraform-aws-modules/vpc/aws) is not read: only the resources of this folder are checked (line 15)' }]);
    const parseErrors = result.findings.filter((f) => f.ruleId === 'parse-error');
    expect(parseErrors.map((f) => [path.basename(f.loc.file), f.loc.line])).toEqual([['broken.tf', 2]]);
    // The broken file costs only itself: main.tf is still checked.
    expect(result.findings.some((f) => f.ruleId === 'function-tracing' && f.resource === 'aws_lambda_function.a')).toBe(true);
  });
});

/** A project on disk: `{ 'main.tf': …, 'modules/sqs/main.tf': … }`. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-tf-modules-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

/** The model of `/project/main.tf` whose local modules are the other entries, read from memory. */
function modelWithModules(files: Record<string, string>) {
  const folders = new Map<string, { file: string; hcl: ReturnType<typeof parseHcl> }[]>();
  for (const [file, text] of Object.entries(files)) {
    const full = path.join('/project', file);
    folders.set(path.dirname(full), [...(folders.get(path.dirname(full)) ?? []), { file: full, hcl: parseHcl(text, full) }]);
  }
  return buildTerraformStack({
    dir: '/project',
    files: folders.get('/project')!,
    readModule: (dir) => (folders.has(dir) ? { files: folders.get(dir)! } : { problem: `its folder ${path.relative('/project', dir)} does not exist or cannot be read` }),
  });
}

const lintDir = async (dir: string) => lint({ cwd: dir, paths: ['.'], config: await loadConfig({ cwd: dir, preset: 'all' }) });

describe('Terraform local modules', () => {
  const queueModule = [
    'variable "name" {}',
    'variable "dead_letter_arn" {}',
    'resource "aws_sqs_queue" "this" {',
    '  name           = var.name',
    '  redrive_policy = jsonencode({ deadLetterTargetArn = var.dead_letter_arn, maxReceiveCount = 5 })',
    '}',
    'output "arn" {',
    '  value = try(aws_sqs_queue.this[0].arn, null)',
    '}',
  ].join('\n');
  const plainQueueModule = ['resource "aws_sqs_queue" "this" {', '  name = "plain"', '}', 'output "queue_arn" {', '  value = aws_sqs_queue.this.arn', '}'].join('\n');

  it('reads a local module: its queue with a redrive policy bound from the call is not flagged, an on-failure queue wired through a module output is a dead-letter target', async () => {
    const dir = project({
      'main.tf': [
        'resource "aws_sqs_queue" "dead_letters" {',
        '  name = "orders-dlq"',
        '}',
        'module "orders" {',
        '  source          = "./modules/queue"',
        '  name            = "orders"',
        '  dead_letter_arn = aws_sqs_queue.dead_letters.arn',
        '}',
        'module "failures" {',
        '  source = "./modules/plain"',
        '}',
        'module "unused" {',
        '  source = "./modules/plain"',
        '}',
        'resource "aws_lambda_function" "worker" {',
        '  function_name = "worker"',
        '}',
        'resource "aws_lambda_event_source_mapping" "orders" {',
        '  function_name    = aws_lambda_function.worker.function_name',
        '  event_source_arn = module.orders.arn',
        '  destination_config {',
        '    on_failure {',
        '      destination_arn = module.failures.queue_arn',
        '    }',
        '  }',
        '}',
      ].join('\n'),
      'modules/queue/main.tf': queueModule,
      'modules/plain/main.tf': plainQueueModule,
    });
    const result = await lintDir(dir);
    const redrive = result.findings.filter((f) => f.ruleId === 'queue-redrive');
    // The unused call's queue has no redrive and is no dead-letter target: flagged, in the module's file.
    expect(redrive.map((f) => [f.resource, path.relative(dir, f.loc.file), f.loc.line])).toEqual([['module.unused.aws_sqs_queue.this', path.join('modules', 'plain', 'main.tf'), 1]]);
    expect(result.notices).toEqual([]);
  });

  it('links the handler of a function written in a module through its archive_file (path.module)', async () => {
    const dir = project({
      'main.tf': ['module "orders" {', '  source = "./modules/fn"', '  name   = "orders"', '}'].join('\n'),
      'modules/fn/main.tf': [
        'variable "name" {}',
        'data "archive_file" "code" {',
        '  type        = "zip"',
        '  source_dir  = "${path.module}/src"',
        '  output_path = "${path.module}/build/code.zip"',
        '}',
        'resource "aws_lambda_function" "this" {',
        '  function_name = var.name',
        '  filename      = data.archive_file.code.output_path',
        '  handler       = "index.handler"',
        '  runtime       = "nodejs22.x"',
        '}',
      ].join('\n'),
      'modules/fn/src/index.js': 'exports.handler = async () => 1;\n',
    });
    const result = await lintDir(dir);
    expect(result.handlers.map((h) => [h.functionId, h.status, h.source ? path.relative(dir, h.source) : h.reason])).toEqual([
      ['module.orders.aws_lambda_function.this', 'linked', path.join('modules', 'fn', 'src', 'index.js')],
    ]);
    // Called twice, a finding anywhere in the module's block names the same call in its resource and its message.
    const twice = project({
      'main.tf': ['module "orders" {', '  source = "./modules/fn"', '  name   = "orders"', '}', 'module "refunds" {', '  source = "./modules/fn"', '  name   = "refunds"', '}'].join('\n'),
      'modules/fn/main.tf': [
        'resource "aws_lambda_function" "this" {',
        '  function_name = var.name',
        '  handler       = "index.handler"',
        '  runtime       = "nodejs16.x"',
        '}',
        'variable "name" {}',
      ].join('\n'),
    });
    const inModule = (await lintDir(twice)).findings.filter((f) => f.loc.file.endsWith(path.join('fn', 'main.tf')));
    expect(inModule.some((f) => f.loc.line === 4)).toBe(true);
    for (const f of inModule) expect([f.ruleId, f.message.includes(f.resource!)]).toEqual([f.ruleId, true]);
    const tracing = result.findings.find((f) => f.ruleId === 'function-tracing');
    expect([tracing?.resource, tracing && path.relative(dir, tracing.loc.file), tracing?.loc.line]).toEqual(['module.orders.aws_lambda_function.this', path.join('modules', 'fn', 'main.tf'), 7]);
  });

  it('binds variables from the call, falls back to defaults as assumptions, and never guesses one neither gives', () => {
    const { stack } = modelWithModules({
      'main.tf': ['module "worker" {', '  source = "./modules/fn"', '  memory = 1024', '}'].join('\n'),
      'modules/fn/main.tf': [
        'variable "memory" {',
        '  default = 128',
        '}',
        'variable "timeout" {}',
        'variable "image" {',
        '  default = null',
        '}',
        'variable "retries" {',
        '  default = 2',
        '}',
        'resource "aws_lambda_function" "this" {',
        '  function_name = "worker"',
        '  memory_size   = var.memory',
        '  timeout       = var.timeout',
        '  image_uri     = var.image',
        '  filename      = "build/worker.zip"',
        '}',
        'resource "aws_lambda_function_event_invoke_config" "this" {',
        '  function_name          = aws_lambda_function.this.function_name',
        '  maximum_retry_attempts = var.retries',
        '}',
      ].join('\n'),
    });
    const fn = stack!.functions[0]!;
    expect(fn.id).toBe('module.worker.aws_lambda_function.this');
    // The call's argument wins over the default and is located where it is written.
    expect(fn.memorySize.value).toMatchObject({ known: true, value: 1024, assumptions: [] });
    expect(fn.memorySize.loc).toMatchObject({ file: '/project/main.tf', line: 3 });
    expect(fn.timeout.value.known).toBe(false);
    // A module's null default its call leaves alone is unset: this is a zip package, not a container image.
    expect(fn.code.kind).not.toBe('image');
    const variables = stack!.root.entries.find((e) => e.key === 'Parameters')?.value;
    const parameters = variables?.kind === 'map' ? variables.entries.map((e) => e.key) : [];
    expect(parameters).toEqual(['var:module.worker.retries']);
  });

  it('names a missing module folder, a call back into a folder being read, and a registry module, and reads the rest', () => {
    const { stack, notices } = modelWithModules({
      'main.tf': [
        'module "gone" {',
        '  source = "./modules/gone"',
        '}',
        'module "again" {',
        '  source = "./"',
        '}',
        'module "a" {',
        '  source = "./modules/a"',
        '}',
        'module "vpc" {',
        '  source = "terraform-aws-modules/vpc/aws"',
        '}',
        'resource "aws_sqs_queue" "q" {}',
      ].join('\n'),
      'modules/a/main.tf': ['module "b" {', '  source = "../b"', '}', 'resource "aws_sqs_queue" "qa" {}'].join('\n'),
      'modules/b/main.tf': ['module "a" {', '  source = "../a"', '}', 'resource "aws_sqs_queue" "qb" {}'].join('\n'),
    });
    expect(notices.map((n) => [n.message, n.loc.file, n.loc.line])).toEqual([
      ['module gone (source ./modules/gone) is not read: its folder modules/gone does not exist or cannot be read', '/project/main.tf', 1],
      ['module again (source ./) is not read: it calls a module that is already being read (a cycle)', '/project/main.tf', 4],
      ['module module.a.module.b.a (source ../a) is not read: it calls a module that is already being read (a cycle)', '/project/modules/b/main.tf', 1],
      ['module vpc (source terraform-aws-modules/vpc/aws) is not read: only the resources of this folder are checked', '/project/main.tf', 10],
    ]);
    expect(stack!.queues.map((q) => q.id)).toEqual(['aws_sqs_queue.q', 'module.a.aws_sqs_queue.qa', 'module.a.module.b.aws_sqs_queue.qb']);
  });

  it('reads a folder called as a module only through its callers, and a module called twice gives one finding per line', async () => {
    const dir = project({
      'app/main.tf': ['module "one" {', '  source = "../modules/plain"', '}', 'module "two" {', '  source = "../modules/plain"', '}'].join('\n'),
      'modules/plain/main.tf': plainQueueModule,
      // Beside it, one SAM Globals timeout shared by two API functions is two findings: the merging is for module files only.
      'sam/template.yaml': [
        'Transform: AWS::Serverless-2016-10-31',
        'Globals:',
        '  Function:',
        '    Timeout: 300',
        'Resources:',
        '  A:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { Runtime: nodejs22.x, Handler: a.handler, InlineCode: "x", Events: { Api: { Type: Api, Properties: { Path: /a, Method: get } } } }',
        '  B:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { Runtime: nodejs22.x, Handler: b.handler, InlineCode: "x", Events: { Api: { Type: Api, Properties: { Path: /b, Method: get } } } }',
      ].join('\n'),
    });
    const result = await lintDir(dir);
    const redrive = result.findings.filter((f) => f.ruleId === 'queue-redrive');
    expect(redrive.map((f) => [f.resource, path.relative(dir, f.loc.file), f.loc.line])).toEqual([['module.one.aws_sqs_queue.this', path.join('modules', 'plain', 'main.tf'), 1]]);
    const globalsTimeout = result.findings.filter((f) => f.ruleId === 'function-timeout' && f.loc.file.endsWith('template.yaml'));
    expect(globalsTimeout.map((f) => [/^Function (\w+)/.exec(f.message)?.[1], f.loc.line])).toEqual([['A', 4], ['B', 4]]);
  });
});
