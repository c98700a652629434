/**
 * How the AWS SDKs name services and operations, for the frontends' AWS-call facts: which IAM
 * service prefix a client package or class belongs to, what a document-client method calls, and
 * which parameter of a request names its resource. Data, shared by every language's frontend.
 */

/**
 * SDK v3 packages (`@aws-sdk/client-<name>`) whose IAM prefix is not `<name>` with its dashes kept.
 * Names not listed here map to themselves; `src/iam/` then checks the prefix exists.
 */
export const V3_PACKAGE_PREFIXES: Record<string, string> = {
  sfn: 'states',
  eventbridge: 'events',
  'cloudwatch-events': 'events',
  'cloudwatch-logs': 'logs',
  'secrets-manager': 'secretsmanager',
  'dynamodb-streams': 'dynamodb',
  'api-gateway': 'apigateway',
  apigatewaymanagementapi: 'execute-api',
  apigatewayv2: 'apigateway',
  sesv2: 'ses',
  'cognito-identity-provider': 'cognito-idp',
  'iot-data-plane': 'iot',
  'bedrock-runtime': 'bedrock',
  'bedrock-agent-runtime': 'bedrock',
  'bedrock-agent': 'bedrock',
  'timestream-write': 'timestream',
  'timestream-query': 'timestream',
  'sagemaker-runtime': 'sagemaker',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  'elastic-load-balancing': 'elasticloadbalancing',
  'application-auto-scaling': 'application-autoscaling',
  'auto-scaling': 'autoscaling',
  'cost-explorer': 'ce',
  'marketplace-metering': 'aws-marketplace',
  'personalize-runtime': 'personalize',
  'personalize-events': 'personalize',
  'lex-runtime-v2': 'lex',
  'lex-runtime-service': 'lex',
  'kinesis-video': 'kinesisvideo',
  'kinesis-analytics-v2': 'kinesisanalytics',
  'connect-contact-lens': 'connect',
  'resource-groups-tagging-api': 'tag',
  'service-catalog': 'servicecatalog',
  'elastic-transcoder': 'elastictranscoder',
  'eventbridge-scheduler': 'scheduler',
  'location': 'geo',
  'pinpoint': 'mobiletargeting',
  'pinpoint-email': 'ses',
  'pinpoint-sms-voice-v2': 'sms-voice',
  'sso-oidc': 'sso-oauth',
  'emr': 'elasticmapreduce',
  'efs': 'elasticfilesystem',
  'elasticsearch-service': 'es',
  'opensearch': 'es',
  'mediastore-data': 'mediastore',
  'ivs-realtime': 'ivs',
  'service-quotas': 'servicequotas',
  opensearchserverless: 'aoss',
};

/** The IAM prefix of an SDK v3 package, or undefined when it is not a client package. */
export function v3PackageService(module: string): string | undefined {
  const match = /^@aws-sdk\/client-([a-z0-9-]+)$/.exec(module);
  if (!match) return undefined;
  return V3_PACKAGE_PREFIXES[match[1]!] ?? match[1]!;
}

/** SDK v2 service classes (`AWS.<Class>`) whose IAM prefix is not the class name in lower case. */
export const V2_CLASS_PREFIXES: Record<string, string> = {
  StepFunctions: 'states',
  TranscribeService: 'transcribe',
  EventBridge: 'events',
  CloudWatchEvents: 'events',
  CloudWatchLogs: 'logs',
  SecretsManager: 'secretsmanager',
  DynamoDBStreams: 'dynamodb',
  APIGateway: 'apigateway',
  ApiGatewayManagementApi: 'execute-api',
  ApiGatewayV2: 'apigateway',
  SESV2: 'ses',
  CognitoIdentityServiceProvider: 'cognito-idp',
  CognitoIdentity: 'cognito-identity',
  IotData: 'iot',
  TimestreamWrite: 'timestream',
  TimestreamQuery: 'timestream',
  SageMakerRuntime: 'sagemaker',
  RDSDataService: 'rds-data',
  ELBv2: 'elasticloadbalancing',
  ELB: 'elasticloadbalancing',
  ApplicationAutoScaling: 'application-autoscaling',
  AutoScaling: 'autoscaling',
  CostExplorer: 'ce',
  Pinpoint: 'mobiletargeting',
  LexRuntime: 'lex',
  LexRuntimeV2: 'lex',
  ResourceGroupsTaggingAPI: 'tag',
  EMR: 'elasticmapreduce',
  EFS: 'elasticfilesystem',
  ES: 'es',
  OpenSearch: 'es',
  Location: 'geo',
  MarketplaceMetering: 'aws-marketplace',
  KinesisVideo: 'kinesisvideo',
  ServiceCatalog: 'servicecatalog',
};

/** The IAM prefix of an SDK v2 service class (`S3`, `DynamoDB`, `StepFunctions`). */
export function v2ClassService(className: string): string {
  return V2_CLASS_PREFIXES[className] ?? className.toLowerCase();
}

/** `aws-sdk/clients/<module>` → its class: the module names are the class names in lower case. */
export function v2ModuleClass(module: string): string | undefined {
  const match = /^aws-sdk\/clients\/([a-z0-9]+)(\.js)?$/.exec(module);
  if (!match) return undefined;
  const name = match[1]!;
  const known = [...Object.keys(V2_CLASS_PREFIXES), 'S3', 'DynamoDB', 'SQS', 'SNS', 'Lambda', 'SSM', 'KMS', 'SES', 'Kinesis', 'Firehose', 'STS', 'IAM', 'EC2', 'ECS', 'Athena', 'Glue', 'Rekognition', 'Textract', 'Comprehend', 'Translate', 'Polly', 'AppSync', 'CloudWatch', 'CloudFormation', 'Batch', 'Route53', 'Iot', 'Organizations', 'CodePipeline', 'CodeBuild', 'ECR', 'RDS', 'Redshift', 'Transcribe', 'MediaConvert', 'SESV2', 'Scheduler', 'XRay', 'S3Control'];
  return known.find((k) => k.toLowerCase() === name) ?? name;
}

/** boto3 service names whose IAM prefix differs (`boto3.client("stepfunctions")`). */
export const BOTO3_PREFIXES: Record<string, string> = {
  stepfunctions: 'states',
  dynamodbstreams: 'dynamodb',
  apigatewaymanagementapi: 'execute-api',
  apigatewayv2: 'apigateway',
  sesv2: 'ses',
  'iot-data': 'iot',
  'bedrock-runtime': 'bedrock',
  'bedrock-agent-runtime': 'bedrock',
  'bedrock-agent': 'bedrock',
  'timestream-write': 'timestream',
  'timestream-query': 'timestream',
  'sagemaker-runtime': 'sagemaker',
  elbv2: 'elasticloadbalancing',
  elb: 'elasticloadbalancing',
  emr: 'elasticmapreduce',
  efs: 'elasticfilesystem',
  opensearch: 'es',
  location: 'geo',
  pinpoint: 'mobiletargeting',
  'lex-runtime': 'lex',
  'lexv2-runtime': 'lex',
  'meteringmarketplace': 'aws-marketplace',
  'resourcegroupstaggingapi': 'tag',
  'kinesis-video-media': 'kinesisvideo',
  'personalize-runtime': 'personalize',
  'personalize-events': 'personalize',
  'pinpoint-sms-voice-v2': 'sms-voice',
  'service-quotas': 'servicequotas',
  opensearchserverless: 'aoss',
};

export function boto3Service(name: string): string {
  return BOTO3_PREFIXES[name] ?? name;
}

/** The DynamoDB operation each document-client method or command calls. */
export const DOCUMENT_OPERATIONS: Record<string, string> = {
  put: 'PutItem',
  get: 'GetItem',
  query: 'Query',
  scan: 'Scan',
  update: 'UpdateItem',
  delete: 'DeleteItem',
  batchWrite: 'BatchWriteItem',
  batchGet: 'BatchGetItem',
  transactWrite: 'TransactWriteItems',
  transactGet: 'TransactGetItems',
  executeStatement: 'ExecuteStatement',
  batchExecuteStatement: 'BatchExecuteStatement',
  executeTransaction: 'ExecuteTransaction',
};

/** `@aws-sdk/lib-dynamodb` commands → the DynamoDB operation. */
export const DOCUMENT_COMMANDS: Record<string, string> = {
  PutCommand: 'PutItem',
  GetCommand: 'GetItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  BatchWriteCommand: 'BatchWriteItem',
  BatchGetCommand: 'BatchGetItem',
  TransactWriteCommand: 'TransactWriteItems',
  TransactGetCommand: 'TransactGetItems',
  ExecuteStatementCommand: 'ExecuteStatement',
  BatchExecuteStatementCommand: 'BatchExecuteStatement',
  ExecuteTransactionCommand: 'ExecuteTransaction',
};

/**
 * The request parameters that name a call's resource, per IAM service; `*` applies to every
 * service. SSM's `Name` is a parameter name; elsewhere `Name` names many things, so only SSM's counts.
 */
const TARGET_PARAMETERS: Record<string, string[]> = {
  '*': ['TableName', 'Bucket', 'QueueUrl', 'TopicArn', 'TargetArn', 'FunctionName', 'SecretId', 'StreamName', 'StreamARN', 'DeliveryStreamName', 'stateMachineArn', 'KeyId'],
  s3: ['CopySource'],
  ssm: ['Name', 'Names', 'Path'],
};

export function targetParameters(service: string): string[] {
  return [...TARGET_PARAMETERS['*']!, ...(TARGET_PARAMETERS[service] ?? [])];
}

/** `put_item` → `PutItem`, `list_objects_v2` → `ListObjectsV2`: boto3's names are the API's in snake case. */
export function pascalFromSnake(name: string): string {
  return name
    .split('_')
    .map((part) => (/^v\d+$/.test(part) ? part.toUpperCase() : part.charAt(0).toUpperCase() + part.slice(1)))
    .join('');
}

/** `getObject` → `GetObject`: SDK v2 methods and v3 aggregated clients name operations in camel case. */
export function pascalFromCamel(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
