/**
 * How each IaC format writes a setting, for the "how to fix" half of a message: a rule reads one
 * model, but the user edits serverless.yml, a Terraform block or a SAM template.
 */
import type { FunctionModel, IacFormat } from './types.js';

export type Setting =
  | 'timeout'
  | 'memorySize'
  | 'tracing'
  | 'asyncDestination'
  | 'reportBatchItemFailures'
  | 'logGroup'
  | 'logRetention'
  | 'runtime'
  | 'visibilityTimeout'
  | 'redrivePolicy';

/** `cdk`: the construct property, for findings located in a synthesized template. */
type Spelling = { sam: string; cloudformation: string; serverless: string; terraform: string; cdk: string };

const SPELLINGS: Record<Setting, Spelling> = {
  visibilityTimeout: {
    sam: 'VisibilityTimeout',
    cloudformation: 'VisibilityTimeout',
    serverless: 'VisibilityTimeout',
    terraform: 'visibility_timeout_seconds',
    cdk: 'visibilityTimeout on the Queue construct',
  },
  redrivePolicy: {
    sam: 'RedrivePolicy: {deadLetterTargetArn: !GetAtt {{queue}}DLQ.Arn, maxReceiveCount: 5}',
    cloudformation: 'RedrivePolicy: {deadLetterTargetArn: !GetAtt {{queue}}DLQ.Arn, maxReceiveCount: 5}',
    // serverless.yml resources take CloudFormation's long form (the short tags need a YAML schema that not every tool has).
    serverless: 'RedrivePolicy: { deadLetterTargetArn: { "Fn::GetAtt": [{{queue}}DLQ, Arn] }, maxReceiveCount: 5 }',
    terraform: 'redrive_policy = jsonencode({ deadLetterTargetArn = <dead-letter queue>.arn, maxReceiveCount = 5 })',
    cdk: 'deadLetterQueue: { queue, maxReceiveCount: 5 } on the Queue construct',
  },
  timeout: {
    sam: 'Timeout (or Globals.Function.Timeout)',
    cloudformation: 'Timeout',
    serverless: 'timeout on the function (or provider.timeout)',
    terraform: 'timeout on the aws_lambda_function',
    cdk: 'timeout: Duration.seconds(…) on the Function construct (the template\'s Timeout)',
  },
  memorySize: {
    sam: 'MemorySize (or Globals.Function.MemorySize)',
    cloudformation: 'MemorySize',
    serverless: 'memorySize on the function (or provider.memorySize)',
    terraform: 'memory_size on the aws_lambda_function',
    cdk: 'memorySize on the Function construct (the template\'s MemorySize)',
  },
  tracing: {
    sam: 'Tracing: Active (or Globals.Function.Tracing)',
    cloudformation: 'TracingConfig: { Mode: Active }',
    serverless: 'provider.tracing.lambda: true (or tracing: Active on the function)',
    terraform: 'tracing_config { mode = "Active" } on the aws_lambda_function',
    cdk: 'tracing: Tracing.ACTIVE on the Function construct',
  },
  asyncDestination: {
    sam: 'DeadLetterQueue or EventInvokeConfig.DestinationConfig.OnFailure',
    cloudformation: 'DeadLetterConfig, or an AWS::Lambda::EventInvokeConfig with DestinationConfig.OnFailure',
    serverless: 'destinations.onFailure (or onError) on the function',
    terraform: 'dead_letter_config on the aws_lambda_function, or an aws_lambda_function_event_invoke_config with destination_config { on_failure { destination } }',
    cdk: 'onFailure (or deadLetterQueue) on the Function construct',
  },
  reportBatchItemFailures: {
    sam: 'FunctionResponseTypes: [ReportBatchItemFailures]',
    cloudformation: 'FunctionResponseTypes: [ReportBatchItemFailures]',
    serverless: 'functionResponseType: ReportBatchItemFailures on the sqs event',
    terraform: 'function_response_types = ["ReportBatchItemFailures"] on the aws_lambda_event_source_mapping',
    cdk: 'reportBatchItemFailures: true on the SqsEventSource',
  },
  logGroup: {
    sam: 'an AWS::Logs::LogGroup for it with RetentionInDays',
    cloudformation: 'an AWS::Logs::LogGroup for it with RetentionInDays',
    serverless: 'provider.logRetentionInDays',
    terraform: 'an aws_cloudwatch_log_group named /aws/lambda/<function name> with retention_in_days',
    cdk: 'logGroup: new LogGroup(…, { retention }) on the Function construct',
  },
  logRetention: {
    sam: 'RetentionInDays',
    cloudformation: 'RetentionInDays',
    serverless: 'provider.logRetentionInDays (or logRetentionInDays on the function)',
    terraform: 'retention_in_days',
    cdk: 'retention on the LogGroup construct',
  },
  runtime: {
    sam: 'Runtime (or Globals.Function.Runtime)',
    cloudformation: 'Runtime',
    serverless: 'runtime (on the function or in provider)',
    terraform: 'runtime on the aws_lambda_function',
    cdk: 'runtime on the Function construct',
  },
};

/** How to write `setting` in the format `fn` is declared in (CDK output: the CloudFormation property the construct sets). */
export function spell(setting: Setting, format: IacFormat, fn?: Pick<FunctionModel, 'kind'>): string {
  const spelling = SPELLINGS[setting];
  switch (format) {
    case 'serverless':
      return spelling.serverless;
    case 'terraform':
      return spelling.terraform;
    case 'cdk':
      return spelling.cdk;
    default:
      return fn?.kind === 'sam' || (fn === undefined && format === 'sam') ? spelling.sam : spelling.cloudformation;
  }
}
