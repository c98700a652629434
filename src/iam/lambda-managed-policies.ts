/**
 * The AWS managed policies that SAM, the Serverless Framework and Terraform modules attach to
 * Lambda execution roles, by their published contents (the IAM console's policy versions, checked
 * 2026-12-04). None has a Condition. Any other managed policy is not known, and a role that has one
 * has grants sls-lint does not fully know.
 */
import type { TemplateStatement } from './sam-policy-templates.js';

const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];

export const LAMBDA_MANAGED_POLICIES: Record<string, TemplateStatement[]> = {
  AWSLambdaBasicExecutionRole: [{ actions: LOGS, resources: ['*'] }],
  AWSLambdaSQSQueueExecutionRole: [{ actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', ...LOGS], resources: ['*'] }],
  AWSLambdaKinesisExecutionRole: [
    {
      actions: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:ListStreams', 'kinesis:SubscribeToShard', ...LOGS],
      resources: ['*'],
    },
  ],
  AWSLambdaDynamoDBExecutionRole: [{ actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams', ...LOGS], resources: ['*'] }],
  AWSXRayDaemonWriteAccess: [{ actions: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'], resources: ['*'] }],
  AWSLambdaVPCAccessExecutionRole: [
    {
      actions: [...LOGS, 'ec2:CreateNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets', 'ec2:DeleteNetworkInterface', 'ec2:AssignPrivateIpAddresses', 'ec2:UnassignPrivateIpAddresses'],
      resources: ['*'],
    },
  ],
  AWSLambdaRole: [{ actions: ['lambda:InvokeFunction'], resources: ['*'] }],
  AWSLambdaExecute: [
    { actions: ['logs:*'], resources: ['arn:aws:logs:*:*:*'] },
    { actions: ['s3:GetObject', 's3:PutObject'], resources: ['arn:aws:s3:::*'] },
  ],
};

/** The policy's name from a managed policy ARN (`arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole`) or a SAM bare name. */
export function lambdaManagedPolicy(text: string): { name: string; statements: TemplateStatement[] } | undefined {
  const match = /^(?:arn:(?:aws|aws-cn|aws-us-gov|\$\{AWS::Partition\}):iam::aws:policy\/(?:service-role\/)?)?([A-Za-z0-9]+)$/.exec(text);
  const name = match?.[1];
  const statements = name ? LAMBDA_MANAGED_POLICIES[name] : undefined;
  return name && statements ? { name, statements } : undefined;
}
