/** Messages that fit the user's project: fix text in the file's format, names the user wrote. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { handlerLabel } from '../src/engine/rule.js';
import eventbridgeTargetDlq from '../rules/eventbridge-target-dlq/index.js';
import lambdaPermissionPrincipal from '../rules/lambda-permission-principal/index.js';
import wildcardResource from '../rules/iam-wildcard-resource/index.js';
import queueRedrive from '../rules/queue-redrive/index.js';
import snsSubscriptionRedrive from '../rules/sns-subscription-redrive/index.js';
import { lintTemplate } from './support/rule-tester.js';

describe('handler labels', () => {
  it('never says "handler handler": a handler found by convention is named by its export and file', () => {
    expect(handlerLabel([], { exportName: 'handler', file: path.join('/work', 'app', 'lambda-fns', 'sqs.ts') })).toBe('handler in lambda-fns/sqs.ts');
    expect(handlerLabel([], { exportName: 'resize', file: path.join('/work', 'app', 'src', 'images.ts') })).toBe('handler resize in src/images.ts');
    expect(handlerLabel([{ id: 'Resize' }] as never, { exportName: 'resize', file: '/work/app/src/images.ts' })).toBe('function Resize');
  });
});

describe('Terraform fix text and variable defaults', () => {
  it('a public function URL read through a variable default says so, in HCL', async () => {
    const findings = await lintTemplate(lambdaPermissionPrincipal, {
      name: 'url',
      format: 'terraform',
      template: `
        variable "authorization_type" {
          default = "NONE"
        }
        resource "aws_lambda_function" "fn" {
          function_name = "fn"
        }
        resource "aws_lambda_function_url" "url" {
          function_name      = aws_lambda_function.fn.function_name
          authorization_type = var.authorization_type
        }
      `,
    });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('Use authorization_type = "AWS_IAM"')]);
    expect(findings[0]!.message).toContain('var.authorization_type = "NONE", its default');
    expect(findings[0]!.message).not.toContain('AuthType: AWS_IAM');
  });

  it('an SNS subscription without a dead-letter queue is told the HCL argument, not the CloudFormation property', async () => {
    const findings = await lintTemplate(snsSubscriptionRedrive, {
      name: 'subscription',
      format: 'terraform',
      template: `
        resource "aws_sns_topic" "orders" {}
        resource "aws_sqs_queue" "audit" {}
        resource "aws_sns_topic_subscription" "audit" {
          topic_arn = aws_sns_topic.orders.arn
          protocol  = "sqs"
          endpoint  = aws_sqs_queue.audit.arn
        }
      `,
    });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('Add redrive_policy = jsonencode({ deadLetterTargetArn = <queue>.arn })')]);
    expect(findings[0]!.message).not.toContain('RedrivePolicy: {');
  });

  it('an EventBridge target without a dead-letter queue is told the HCL block', async () => {
    const findings = await lintTemplate(eventbridgeTargetDlq, {
      name: 'target',
      format: 'terraform',
      template: `
        resource "aws_lambda_function" "fn" {
          function_name = "fn"
        }
        resource "aws_cloudwatch_event_rule" "nightly" {
          schedule_expression = "rate(1 day)"
        }
        resource "aws_cloudwatch_event_target" "run" {
          rule = aws_cloudwatch_event_rule.nightly.name
          arn  = aws_lambda_function.fn.arn
        }
      `,
    });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('Add dead_letter_config { arn = <queue>.arn }')]);
  });
});

describe('serverless.yml provider-level findings', () => {
  it('name the provider, not the role the framework generates', async () => {
    const findings = await lintTemplate(wildcardResource, {
      name: 'provider',
      format: 'serverless',
      template: `
        service: orders
        provider:
          name: aws
          runtime: nodejs20.x
          iam:
            role:
              statements:
                - { Effect: Allow, Action: [sqs:SendMessage], Resource: '*' }
        functions:
          create:
            handler: create.handler
            iamRoleStatements:
              - { Effect: Allow, Action: [sns:Publish], Resource: '*' }
      `,
    });
    expect(findings.map((f) => [f.resource, f.message.slice(0, 40)])).toEqual([
      ['provider', 'The provider role (provider.iam.role) al'],
      ['create', expect.any(String)],
    ]);
  });
});

describe('serverless.yml fix text', () => {
  it('uses the long form, not the short tags', async () => {
    const findings = await lintTemplate(queueRedrive, {
      name: 'queue',
      format: 'serverless',
      template: `
        service: orders
        provider: { name: aws, runtime: nodejs20.x }
        functions:
          work: { handler: work.handler, events: [{ sqs: { arn: { "Fn::GetAtt": [Jobs, Arn] } } }] }
        resources:
          Resources:
            Jobs: { Type: AWS::SQS::Queue }
      `,
    });
    expect(findings.map((f) => f.message)).toEqual([expect.stringContaining('{ "Fn::GetAtt": [JobsDLQ, Arn] }')]);
    expect(findings[0]!.message).not.toContain('!GetAtt');
  });
});
