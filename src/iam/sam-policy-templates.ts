/**
 * The statements of the common SAM policy templates, as the SAM policy template list documents them
 * (policy_templates.json of aws/serverless-application-model; facts, written down here, checked
 * 2026-12-04). A template's resources use its parameters as `${Name}`; the stack's partition, region
 * and account are `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}`.
 *
 * A template not listed here is not guessed at: a function that uses one has grants sls-lint does
 * not fully know, and the least-privilege rules stay silent about it.
 */
export interface TemplateStatement {
  actions: string[];
  resources: string[];
}

export interface PolicyTemplateDefinition {
  parameters: string[];
  statements: TemplateStatement[];
}

const ARN = 'arn:${AWS::Partition}';
const REGION_ACCOUNT = '${AWS::Region}:${AWS::AccountId}';
const table = [`${ARN}:dynamodb:${REGION_ACCOUNT}:table/\${TableName}`, `${ARN}:dynamodb:${REGION_ACCOUNT}:table/\${TableName}/index/*`];
const bucket = [`${ARN}:s3:::\${BucketName}`, `${ARN}:s3:::\${BucketName}/*`];
const secretValue: PolicyTemplateDefinition = { parameters: ['SecretArn'], statements: [{ actions: ['secretsmanager:GetSecretValue'], resources: ['${SecretArn}'] }] };

export const SAM_POLICY_TEMPLATES: Record<string, PolicyTemplateDefinition> = {
  DynamoDBCrudPolicy: {
    parameters: ['TableName'],
    statements: [
      {
        actions: ['dynamodb:GetItem', 'dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable', 'dynamodb:ConditionCheckItem'],
        resources: table,
      },
    ],
  },
  DynamoDBReadPolicy: {
    parameters: ['TableName'],
    statements: [{ actions: ['dynamodb:GetItem', 'dynamodb:Scan', 'dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:DescribeTable'], resources: table }],
  },
  DynamoDBWritePolicy: {
    parameters: ['TableName'],
    statements: [{ actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'], resources: table }],
  },
  DynamoDBReconfigurePolicy: {
    parameters: ['TableName'],
    statements: [{ actions: ['dynamodb:UpdateTable'], resources: [`${ARN}:dynamodb:${REGION_ACCOUNT}:table/\${TableName}`] }],
  },
  DynamoDBStreamReadPolicy: {
    parameters: ['TableName', 'StreamName'],
    statements: [
      { actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'], resources: [`${ARN}:dynamodb:${REGION_ACCOUNT}:table/\${TableName}/stream/\${StreamName}`] },
      { actions: ['dynamodb:ListStreams'], resources: [`${ARN}:dynamodb:${REGION_ACCOUNT}:table/\${TableName}/stream/*`] },
    ],
  },
  S3ReadPolicy: {
    parameters: ['BucketName'],
    statements: [{ actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:GetLifecycleConfiguration'], resources: bucket }],
  },
  S3WritePolicy: {
    parameters: ['BucketName'],
    statements: [{ actions: ['s3:PutObject', 's3:PutObjectAcl', 's3:PutLifecycleConfiguration'], resources: bucket }],
  },
  S3CrudPolicy: {
    parameters: ['BucketName'],
    statements: [
      {
        actions: ['s3:GetObject', 's3:ListBucket', 's3:GetBucketLocation', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration', 's3:DeleteObject'],
        resources: bucket,
      },
    ],
  },
  S3FullAccessPolicy: {
    parameters: ['BucketName'],
    statements: [
      {
        actions: ['s3:GetObject', 's3:GetObjectAcl', 's3:GetObjectVersion', 's3:PutObject', 's3:PutObjectAcl', 's3:DeleteObject', 's3:DeleteObjectTagging', 's3:DeleteObjectVersionTagging', 's3:GetObjectTagging', 's3:GetObjectVersionTagging', 's3:PutObjectTagging', 's3:PutObjectVersionTagging'],
        resources: [`${ARN}:s3:::\${BucketName}/*`],
      },
      { actions: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetLifecycleConfiguration', 's3:PutLifecycleConfiguration'], resources: [`${ARN}:s3:::\${BucketName}`] },
    ],
  },
  SQSSendMessagePolicy: {
    parameters: ['QueueName'],
    statements: [{ actions: ['sqs:SendMessage*'], resources: [`${ARN}:sqs:${REGION_ACCOUNT}:\${QueueName}`] }],
  },
  SQSPollerPolicy: {
    parameters: ['QueueName'],
    statements: [
      {
        actions: ['sqs:ChangeMessageVisibility', 'sqs:ChangeMessageVisibilityBatch', 'sqs:DeleteMessage', 'sqs:DeleteMessageBatch', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage'],
        resources: [`${ARN}:sqs:${REGION_ACCOUNT}:\${QueueName}`],
      },
    ],
  },
  SNSPublishMessagePolicy: {
    parameters: ['TopicName'],
    statements: [{ actions: ['sns:Publish'], resources: [`${ARN}:sns:${REGION_ACCOUNT}:\${TopicName}`] }],
  },
  SNSCrudPolicy: {
    parameters: ['TopicName'],
    statements: [{ actions: ['sns:ListSubscriptionsByTopic', 'sns:CreateTopic', 'sns:SetTopicAttributes', 'sns:Subscribe', 'sns:Publish'], resources: [`${ARN}:sns:${REGION_ACCOUNT}:\${TopicName}*`] }],
  },
  LambdaInvokePolicy: {
    parameters: ['FunctionName'],
    statements: [{ actions: ['lambda:InvokeFunction'], resources: [`${ARN}:lambda:${REGION_ACCOUNT}:function:\${FunctionName}*`] }],
  },
  SSMParameterReadPolicy: {
    parameters: ['ParameterName'],
    statements: [
      { actions: ['ssm:DescribeParameters'], resources: ['*'] },
      { actions: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], resources: [`${ARN}:ssm:${REGION_ACCOUNT}:parameter/\${ParameterName}`] },
    ],
  },
  SSMParameterWithSlashPrefixReadPolicy: {
    parameters: ['ParameterName'],
    statements: [
      { actions: ['ssm:DescribeParameters'], resources: ['*'] },
      { actions: ['ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParametersByPath'], resources: [`${ARN}:ssm:${REGION_ACCOUNT}:parameter\${ParameterName}`] },
    ],
  },
  SecretsManagerGetSecretValuePolicy: secretValue,
  AWSSecretsManagerGetSecretValuePolicy: secretValue,
  KMSDecryptPolicy: {
    parameters: ['KeyId'],
    statements: [{ actions: ['kms:Decrypt'], resources: [`${ARN}:kms:${REGION_ACCOUNT}:key/\${KeyId}`] }],
  },
  KMSEncryptPolicy: {
    parameters: ['KeyId'],
    statements: [{ actions: ['kms:Encrypt'], resources: [`${ARN}:kms:${REGION_ACCOUNT}:key/\${KeyId}`] }],
  },
  StepFunctionsExecutionPolicy: {
    parameters: ['StateMachineName'],
    statements: [{ actions: ['states:StartExecution'], resources: [`${ARN}:states:${REGION_ACCOUNT}:stateMachine:\${StateMachineName}`] }],
  },
  EventBridgePutEventsPolicy: {
    parameters: ['EventBusName'],
    statements: [{ actions: ['events:PutEvents'], resources: [`${ARN}:events:${REGION_ACCOUNT}:event-bus/\${EventBusName}`] }],
  },
  KinesisCrudPolicy: {
    parameters: ['StreamName'],
    statements: [
      {
        actions: [
          'kinesis:AddTagsToStream', 'kinesis:CreateStream', 'kinesis:DecreaseStreamRetentionPeriod', 'kinesis:DeleteStream', 'kinesis:DescribeStream',
          'kinesis:DescribeStreamConsumer', 'kinesis:DescribeStreamSummary', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:IncreaseStreamRetentionPeriod',
          'kinesis:ListShards', 'kinesis:ListStreamConsumers', 'kinesis:ListTagsForStream', 'kinesis:MergeShards', 'kinesis:PutRecord', 'kinesis:PutRecords',
          'kinesis:SplitShard', 'kinesis:RemoveTagsFromStream',
        ],
        resources: [`${ARN}:kinesis:${REGION_ACCOUNT}:stream/\${StreamName}`],
      },
    ],
  },
  KinesisStreamReadPolicy: {
    parameters: ['StreamName'],
    statements: [
      { actions: ['kinesis:ListStreams', 'kinesis:DescribeLimits'], resources: [`${ARN}:kinesis:${REGION_ACCOUNT}:stream/*`] },
      { actions: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator'], resources: [`${ARN}:kinesis:${REGION_ACCOUNT}:stream/\${StreamName}`] },
    ],
  },
  SESCrudPolicy: {
    parameters: ['IdentityName'],
    statements: [{ actions: ['ses:GetIdentityVerificationAttributes', 'ses:SendEmail', 'ses:SendRawEmail', 'ses:VerifyEmailIdentity'], resources: [`${ARN}:ses:${REGION_ACCOUNT}:identity/\${IdentityName}`] }],
  },
  CloudWatchPutMetricPolicy: { parameters: [], statements: [{ actions: ['cloudwatch:PutMetricData'], resources: ['*'] }] },
  VPCAccessPolicy: {
    parameters: [],
    statements: [{ actions: ['ec2:CreateNetworkInterface', 'ec2:DeleteNetworkInterface', 'ec2:DescribeNetworkInterfaces', 'ec2:DetachNetworkInterface'], resources: ['*'] }],
  },
};

/**
 * Which templates to suggest for a single action on one resource, narrowest first: the fix a message
 * gives for a SAM function, and the "narrower template" iam-unused-permission names.
 */
export const NARROW_TEMPLATES: { template: string; parameter: string; service: string; actions: string[] }[] = [
  { template: 'DynamoDBReadPolicy', parameter: 'TableName', service: 'dynamodb', actions: SAM_POLICY_TEMPLATES.DynamoDBReadPolicy!.statements[0]!.actions },
  { template: 'DynamoDBWritePolicy', parameter: 'TableName', service: 'dynamodb', actions: SAM_POLICY_TEMPLATES.DynamoDBWritePolicy!.statements[0]!.actions },
  { template: 'DynamoDBCrudPolicy', parameter: 'TableName', service: 'dynamodb', actions: SAM_POLICY_TEMPLATES.DynamoDBCrudPolicy!.statements[0]!.actions },
  { template: 'S3ReadPolicy', parameter: 'BucketName', service: 's3', actions: SAM_POLICY_TEMPLATES.S3ReadPolicy!.statements[0]!.actions },
  { template: 'S3WritePolicy', parameter: 'BucketName', service: 's3', actions: SAM_POLICY_TEMPLATES.S3WritePolicy!.statements[0]!.actions },
  { template: 'S3CrudPolicy', parameter: 'BucketName', service: 's3', actions: SAM_POLICY_TEMPLATES.S3CrudPolicy!.statements[0]!.actions },
  { template: 'SQSSendMessagePolicy', parameter: 'QueueName', service: 'sqs', actions: ['sqs:SendMessage'] },
  { template: 'SQSPollerPolicy', parameter: 'QueueName', service: 'sqs', actions: SAM_POLICY_TEMPLATES.SQSPollerPolicy!.statements[0]!.actions },
  { template: 'SNSPublishMessagePolicy', parameter: 'TopicName', service: 'sns', actions: ['sns:Publish'] },
  { template: 'LambdaInvokePolicy', parameter: 'FunctionName', service: 'lambda', actions: ['lambda:InvokeFunction'] },
  { template: 'StepFunctionsExecutionPolicy', parameter: 'StateMachineName', service: 'states', actions: ['states:StartExecution'] },
  { template: 'EventBridgePutEventsPolicy', parameter: 'EventBusName', service: 'events', actions: ['events:PutEvents'] },
];
