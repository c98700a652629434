/**
 * The ARNs of the resources of a stack, spelled so that a policy's Resource and a call's target can
 * be compared like with like (see `arn-match.ts`): a resource whose physical name is generated is
 * `${name:<logical ID>}`, the stack's region, account and partition are `${AWS::Region}`,
 * `${AWS::AccountId}` and `${AWS::Partition}`, and anything else not known is `${?…}`.
 *
 * A policy writes a table as `!GetAtt Table.Arn` or `!Sub arn:…:table/${Table}`; the code names it
 * with an environment variable set from `!Ref Table`. Both become
 * `arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${name:Table}`.
 */
import { get, isScalar, type TNode } from '../parse/tree.js';
import { getAttAttribute, getAttTarget } from '../model/evaluate.js';
import type { ResourceModel, StackModel } from '../model/types.js';

const P = '${AWS::Partition}';
const R = '${AWS::Region}';
const A = '${AWS::AccountId}';

interface ResourceKind {
  /** The IAM service prefix of the resource's actions. */
  service: string;
  /** The property that names it, when the template sets a literal name. */
  nameProperty: string;
  arn: (name: string) => string;
  /** What `!Ref` returns: its name, its ARN or (a queue) its URL. */
  ref: 'name' | 'arn' | 'url';
  /** `GetAtt` attributes that return the name. */
  nameAttributes: string[];
}

const KINDS: Record<string, ResourceKind> = {
  'AWS::DynamoDB::Table': { service: 'dynamodb', nameProperty: 'TableName', arn: (n) => `arn:${P}:dynamodb:${R}:${A}:table/${n}`, ref: 'name', nameAttributes: [] },
  'AWS::Serverless::SimpleTable': { service: 'dynamodb', nameProperty: 'TableName', arn: (n) => `arn:${P}:dynamodb:${R}:${A}:table/${n}`, ref: 'name', nameAttributes: [] },
  'AWS::SQS::Queue': { service: 'sqs', nameProperty: 'QueueName', arn: (n) => `arn:${P}:sqs:${R}:${A}:${n}`, ref: 'url', nameAttributes: ['QueueName'] },
  'AWS::SNS::Topic': { service: 'sns', nameProperty: 'TopicName', arn: (n) => `arn:${P}:sns:${R}:${A}:${n}`, ref: 'arn', nameAttributes: ['TopicName'] },
  'AWS::S3::Bucket': { service: 's3', nameProperty: 'BucketName', arn: (n) => `arn:${P}:s3:::${n}`, ref: 'name', nameAttributes: [] },
  'AWS::Lambda::Function': { service: 'lambda', nameProperty: 'FunctionName', arn: (n) => `arn:${P}:lambda:${R}:${A}:function:${n}`, ref: 'name', nameAttributes: [] },
  'AWS::Serverless::Function': { service: 'lambda', nameProperty: 'FunctionName', arn: (n) => `arn:${P}:lambda:${R}:${A}:function:${n}`, ref: 'name', nameAttributes: [] },
  'AWS::SecretsManager::Secret': { service: 'secretsmanager', nameProperty: '', arn: (n) => `arn:${P}:secretsmanager:${R}:${A}:secret:${n}`, ref: 'arn', nameAttributes: [] },
  'AWS::StepFunctions::StateMachine': { service: 'states', nameProperty: 'StateMachineName', arn: (n) => `arn:${P}:states:${R}:${A}:stateMachine:${n}`, ref: 'arn', nameAttributes: ['Name'] },
  'AWS::Serverless::StateMachine': { service: 'states', nameProperty: 'Name', arn: (n) => `arn:${P}:states:${R}:${A}:stateMachine:${n}`, ref: 'arn', nameAttributes: ['Name'] },
  'AWS::Events::EventBus': { service: 'events', nameProperty: 'Name', arn: (n) => `arn:${P}:events:${R}:${A}:event-bus/${n}`, ref: 'name', nameAttributes: ['Name'] },
  'AWS::Kinesis::Stream': { service: 'kinesis', nameProperty: 'Name', arn: (n) => `arn:${P}:kinesis:${R}:${A}:stream/${n}`, ref: 'name', nameAttributes: [] },
  'AWS::KMS::Key': { service: 'kms', nameProperty: '', arn: (n) => `arn:${P}:kms:${R}:${A}:key/${n}`, ref: 'name', nameAttributes: ['KeyId'] },
  'AWS::SSM::Parameter': { service: 'ssm', nameProperty: 'Name', arn: (n) => `arn:${P}:ssm:${R}:${A}:parameter/${n.replace(/^\//, '')}`, ref: 'name', nameAttributes: [] },
};

export function resourceKind(resource: ResourceModel | undefined): ResourceKind | undefined {
  return resource ? KINDS[resource.type] : undefined;
}

/** The resource's physical name: the literal its template sets, else `${name:<id>}`. */
export function nameOf(resource: ResourceModel): string {
  const kind = KINDS[resource.type];
  const written = kind?.nameProperty ? get(resource.properties, kind.nameProperty) : undefined;
  if (isScalar(written) && typeof written.value === 'string' && !written.value.includes('${')) return written.value;
  return '${name:' + resource.id + '}';
}

/** The ARN of a stack resource, when its type is one the least-privilege rules know. */
export function arnOf(resource: ResourceModel): string | undefined {
  const kind = KINDS[resource.type];
  return kind ? kind.arn(nameOf(resource)) : undefined;
}

function refValue(resource: ResourceModel): string | undefined {
  const kind = KINDS[resource.type];
  if (!kind) return undefined;
  if (kind.ref === 'name') return nameOf(resource);
  if (kind.ref === 'arn') return kind.arn(nameOf(resource));
  return `https://sqs.${R}.amazonaws.com/${A}/${nameOf(resource)}`;
}

function attributeValue(resource: ResourceModel, attribute: string): string | undefined {
  const kind = KINDS[resource.type];
  if (!kind) return undefined;
  if (attribute === 'Arn' || attribute === 'TopicArn') return kind.arn(nameOf(resource));
  if (kind.nameAttributes.includes(attribute)) return nameOf(resource);
  // Terraform's `aws_sqs_queue.x.url` is lowered to the attribute `Url`.
  if (attribute === 'QueueUrl' || (attribute === 'Url' && resource.type === 'AWS::SQS::Queue')) return refValue(resource);
  return undefined;
}

/** A resource of the stack by a token's name: `Table`, or a Terraform address `aws_sqs_queue.jobs`. */
function splitReference(stack: StackModel, token: string): { resource: ResourceModel; attribute: string | undefined } | undefined {
  const whole = stack.resources.get(token);
  if (whole) return { resource: whole, attribute: undefined };
  const dot = token.lastIndexOf('.');
  if (dot > 0) {
    const resource = stack.resources.get(token.slice(0, dot));
    if (resource) return { resource, attribute: token.slice(dot + 1) };
  }
  return undefined;
}

/**
 * A Resource as the model renders it (`arn:${AWS::Partition}:dynamodb:*:*:table/${Table}`,
 * `${Queue.Arn}`) in the spelling of this module. The partition is the stack's: `arn:aws:` is read as
 * `arn:${AWS::Partition}:`, since a stack's ARNs all share one.
 */
export function normaliseResourceText(stack: StackModel, text: string): string {
  const expanded = text.replace(/\$\{([^}]*)\}/g, (whole, token: string) => {
    if (/^AWS::(Partition|Region|AccountId)$/.test(token)) return whole;
    if (token.startsWith('name:') || token.startsWith('?')) return whole;
    const reference = splitReference(stack, token);
    const value = reference && (reference.attribute ? attributeValue(reference.resource, reference.attribute) : refValue(reference.resource));
    return value ?? '${?' + token + '}';
  });
  return normalisePartition(expanded);
}

export function normalisePartition(arn: string): string {
  return arn.replace(/^arn:aws(-cn|-us-gov)?:/, `arn:${P}:`);
}

/** The stack resource a template value points at by `Ref`, `GetAtt` or a whole `${X}`/`${X.Arn}` Sub, and which of its values it gives. */
export function referencedValue(stack: StackModel, node: TNode | undefined): { resource: ResourceModel; value: string | undefined } | undefined {
  if (node?.kind !== 'fn') return undefined;
  let token: string | undefined;
  if (node.name === 'Ref' && isScalar(node.arg)) token = String(node.arg.value);
  else if (node.name === 'Fn::GetAtt') {
    const target = getAttTarget(node);
    const attribute = getAttAttribute(node);
    if (target) token = attribute ? `${target}.${attribute}` : target;
  } else if (node.name === 'Fn::Sub' && isScalar(node.arg) && typeof node.arg.value === 'string') {
    token = /^\$\{([^}!]+)\}$/.exec(node.arg.value)?.[1];
  }
  const reference = token ? splitReference(stack, token) : undefined;
  if (!reference) return undefined;
  return {
    resource: reference.resource,
    value: reference.attribute ? attributeValue(reference.resource, reference.attribute) : refValue(reference.resource),
  };
}
