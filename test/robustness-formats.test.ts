/**
 * serverless.yml and Terraform in the wrong shape everywhere the adapters read: every file gives a
 * clear result (findings, a parse-error, or a notice naming what was skipped), and no adapter or rule
 * throws — a crash would cost the user every other finding of the run.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/index.js';
import { lint } from '../src/engine/run.js';

const SERVERLESS = [
  'service: s\nprovider: aws\nfunctions: [a, b]\n',
  'service: s\nprovider: { name: aws, iam: { role: [1, 2] }, environment: [x], tracing: yes, logs: 7 }\nfunctions:\n  a: { handler: a.handler, events: {sqs: x} }\n',
  'service: s\nprovider: { name: aws }\nfunctions:\n  a:\n    handler: [not, a, string]\n    events:\n      - sqs\n      - null\n      - {}\n      - sqs: null\n      - stream: { arn: { Fn::GetAtt: [T, StreamArn] }, destinations: [] }\n      - sns: { redrivePolicy: 5 }\n      - http: { path: [] }\n      - eventBridge: { deadLetterQueueArn: null }\n',
  'service: s\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\nprovider:\n  name: aws\n  timeout: ${self:custom.a}\n  stage: ${opt:stage, ${env:STAGE, ${self:custom.missing, "dev"}}}\nfunctions:\n  a: { handler: "${self:provider.stage}.handler", timeout: "${file(./nope.yml):x, 10}" }\n',
  'service: s\nprovider: { name: aws }\nfunctions:\n  a: { handler: a.handler, destinations: { onFailure: { type: sqs } }, url: { authorizer: [] }, role: 42 }\nresources:\n  - Resources: { Q: { Type: AWS::SQS::Queue, Properties: [] } }\n  - 7\n',
  'service: s\nprovider: { name: aws }\nfunctions:\n  a: { handler: a.handler, events: [{ websocket: { route: $default } }, { alb: 1 }, { schedule: [] }, { cloudwatchLog: {} }, { iot: "x" }] }\n',
  `service: s\nprovider: { name: aws }\nfunctions:\n  a: { handler: a.handler, environment: { A: ${'['.repeat(300)}${']'.repeat(300)} } }\n`,
];

const TERRAFORM = [
  'resource "aws_lambda_function" {}\nresource "aws_sqs_queue" "q" "extra" {}\n',
  'resource "aws_lambda_function" "f" {\n  timeout = [1, 2]\n  role = {}\n  environment = "x"\n  tracing_config { mode = 5 }\n  filename = data.archive_file.missing.output_path\n}\n',
  'locals {\n  a = local.b\n  b = local.a\n}\nresource "aws_lambda_function" "f" {\n  function_name = local.a\n  timeout = var.undefined\n  handler = "${local.a}.handler"\n}\n',
  'resource "aws_iam_role_policy" "p" {\n  role = aws_iam_role.nowhere.id\n  policy = jsonencode([1, 2, { Statement = "x" }])\n}\nresource "aws_iam_policy" "h" {\n  policy = <<EOF\n{ "Statement": [ { "Effect": "Allow", "Action": \nEOF\n}\n',
  'data "aws_iam_policy_document" "d" {\n  statement { actions = "s3:*" }\n  statement {}\n}\nresource "aws_iam_role" "r" {\n  inline_policy { policy = data.aws_iam_policy_document.d.json }\n  inline_policy {}\n  managed_policy_arns = "arn:aws:iam::aws:policy/AdministratorAccess"\n}\n',
  'resource "aws_cloudwatch_event_target" "t" {\n  rule = "literal-name"\n  arn = aws_lambda_function.f.arn\n}\nresource "aws_api_gateway_method_settings" "m" {\n  stage_name = aws_api_gateway_stage.none.stage_name\n  method_path = "*/*"\n}\nresource "aws_lambda_function" "f" { count = 0 }\n',
  `resource "aws_lambda_function" "f" {\n  function_name = ${'('.repeat(200)}"x"${')'.repeat(200)}\n}\n`,
];

function write(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-shapes-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('lowered formats in the wrong shape', () => {
  it.each(SERVERLESS.map((text, i) => [i, text]))('serverless.yml #%i: no adapter or rule throws', async (_i, text) => {
    const dir = write({ 'serverless.yml': text as string, 'a.js': 'exports.handler = async () => 1;\n' });
    const result = await lint({ cwd: dir, paths: ['.'], config: await loadConfig({ cwd: dir }) });
    expect(result.notices.filter((n) => /could not build|failed on this file/.test(n.message))).toEqual([]);
  });

  it.each(TERRAFORM.map((text, i) => [i, text]))('main.tf #%i: no adapter or rule throws', async (_i, text) => {
    const dir = write({ 'main.tf': text as string, 'ok/main.tf': 'resource "aws_sqs_queue" "q" {}\n' });
    const result = await lint({ cwd: dir, paths: ['.'], config: await loadConfig({ cwd: dir }) });
    expect(result.notices.filter((n) => /could not build|failed on this file/.test(n.message))).toEqual([]);
    // The well-formed module next to it is always checked.
    expect(result.findings.some((f) => f.ruleId === 'queue-redrive' && f.loc.file.endsWith(path.join('ok', 'main.tf')))).toBe(true);
  });
});
