/**
 * Findings in a Python CDK app give their fix in Python: the rules word a CDK fix once, in the
 * TypeScript spelling (`reportBatchItemFailures: true on the SqsEventSource`), and a finding of a
 * Python app has it respelled here (`report_batch_item_failures=True on the SqsEventSource`).
 *
 * Only the fix phrases the rules write for the `cdk` format are respelled, each as a whole, so the
 * rest of a message (logical IDs, a handler's `batchItemFailures` key, action names) is untouched.
 */
import path from 'node:path';
import type { Finding } from '../engine/result.js';
import { cdkRolePolicyStatement } from '../iam/fix-hint.js';

/** TypeScript CDK fix phrase → its Python spelling; longest first, so a phrase never respells part of a longer one. */
const PHRASES: [string, string][] = [
  ['deadLetterQueue: <queue> to the subscription (new SqsSubscription(queue, { deadLetterQueue }) or new LambdaSubscription(fn, { deadLetterQueue }))', 'dead_letter_queue=<queue> to the subscription (subs.SqsSubscription(queue, dead_letter_queue=dlq) or subs.LambdaSubscription(fn, dead_letter_queue=dlq))'],
  ['deployOptions: { accessLogDestination: new LogGroupLogDestination(logGroup), accessLogFormat } on the RestApi', 'deploy_options=apigw.StageOptions(access_log_destination=apigw.LogGroupLogDestination(log_group), access_log_format=…) on the RestApi'],
  ['deadLetterQueue: <queue> to the target (new LambdaFunction(fn, { deadLetterQueue }))', 'dead_letter_queue=<queue> to the target (targets.LambdaFunction(fn, dead_letter_queue=dlq))'],
  ['deployOptions: { throttlingRateLimit, throttlingBurstLimit } on the RestApi', 'deploy_options=apigw.StageOptions(throttling_rate_limit=…, throttling_burst_limit=…) on the RestApi'],
  ['deadLetterQueue: { queue, maxReceiveCount: 5 } on the Queue construct', 'dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=5) on the Queue construct'],
  ['logGroup: new LogGroup(…, { retention }) on the Function construct', 'log_group=logs.LogGroup(…, retention=…) on the Function construct'],
  ["throttle: { rateLimit, burstLimit } on the stage (the HttpApi construct's default stage has none)", "throttle=apigwv2.ThrottleSettings(rate_limit=…, burst_limit=…) on the stage (the HttpApi construct's default stage has none)"],
  ["accessLogSettings on the stage (the HttpApi construct's default stage has none)", "access_log_settings on the stage (the HttpApi construct's default stage has none)"],
  ["timeout: Duration.seconds(…) on the Function construct (the template's Timeout)", "timeout=Duration.seconds(…) on the Function construct (the template's Timeout)"],
  ["memorySize on the Function construct (the template's MemorySize)", "memory_size on the Function construct (the template's MemorySize)"],
  ['deployOptions: { tracingEnabled: true } on the RestApi', 'deploy_options=apigw.StageOptions(tracing_enabled=True) on the RestApi'],
  ['onFailure (or deadLetterQueue) on the Function construct', 'on_failure (or dead_letter_queue) on the Function construct'],
  ['onFailure: new SqsDlq(queue) on the event source', 'on_failure=SqsDlq(queue) on the event source'],
  ['reportBatchItemFailures: true on the SqsEventSource', 'report_batch_item_failures=True on the SqsEventSource'],
  ['tracing: Tracing.ACTIVE on the Function construct', 'tracing=_lambda.Tracing.ACTIVE on the Function construct'],
  ['authType: FunctionUrlAuthType.AWS_IAM', 'auth_type=_lambda.FunctionUrlAuthType.AWS_IAM'],
  ['visibilityTimeout on the Queue construct', 'visibility_timeout on the Queue construct'],
  ['retryAttempts on the event source', 'retry_attempts on the event source'],
  ['bisectBatchOnError: true', 'bisect_batch_on_error=True'],
];

/** `fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [...] }))` (src/iam/fix-hint.ts). */
const ADD_TO_ROLE_POLICY = /fn\.addToRolePolicy\(new PolicyStatement\(\{ actions: \[([^\]]*)\], resources: \[\.\.\.\] \}\)\)/g;

export function pythonCdkMessage(message: string): string {
  let out = message;
  for (const [ts, py] of PHRASES) if (out.includes(ts)) out = out.split(ts).join(py);
  return out.replace(ADD_TO_ROLE_POLICY, (_, actions: string) => cdkRolePolicyStatement(actions ? actions.split(', ').map((a) => a.replace(/'/g, '')) : [], ['...'], 'python'));
}

/** Respells the findings located in a Python CDK app's folder (its stack code and the handlers beside it). */
export function respellPythonCdkFindings(findings: Finding[], appDirs: string[]): void {
  if (!appDirs.length) return;
  const roots = appDirs.map((d) => path.resolve(d) + path.sep);
  for (const finding of findings) {
    const file = path.resolve(finding.loc.file);
    if (roots.some((root) => file.startsWith(root))) finding.message = pythonCdkMessage(finding.message);
  }
}
