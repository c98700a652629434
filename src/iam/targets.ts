/**
 * Which resource a call acts on, as an ARN in the spelling of `resources.ts`: from a literal name,
 * URL or ARN in the code, or from the environment variable the code reads when the template sets it
 * from a resource of the same stack (`TABLE: !Ref Orders`, `QUEUE_URL: !Ref Jobs`, a lowered
 * `${self:…}` or Terraform reference).
 */
import type { FunctionModel, ResourceModel, StackModel } from '../model/types.js';
import { isScalar, type TNode } from '../parse/tree.js';
import type { CallRequirement } from './call-actions.js';
import { arnOf, normalisePartition, referencedValue, resourceKind } from './resources.js';

const P = '${AWS::Partition}';
const R = '${AWS::Region}';
const A = '${AWS::AccountId}';

export interface ResolvedTarget {
  /** The ARN the requirement is judged on; `*` for actions that name no resource; undefined when not known. */
  arn: string | undefined;
  /** The stack resource it is, when it is one. */
  resource?: ResourceModel;
  /** How messages name it: `table Orders`, `queue https://…/jobs`, `the resource in TABLE_NAME`. */
  label: string;
  /** The name, URL or ARN the code or the template writes, when it is a literal. */
  literal?: string;
}

export function resolveTarget(stack: StackModel, fn: FunctionModel, requirement: CallRequirement): ResolvedTarget {
  const service = requirement.action.slice(0, requirement.action.indexOf(':'));
  if (!requirement.resourceType) return { arn: '*', label: '"*"' };
  const type = requirement.resourceType.toLowerCase();
  const target = requirement.target;
  const unknownLabel = target?.value.kind === 'environment' ? `the ${type} in ${target.value.name}` : `its ${type}`;
  if (!target || target.value.kind === 'unknown') return { arn: undefined, label: unknownLabel };
  const suffix = suffixOf(requirement);
  if (target.value.kind === 'literal') {
    const arn = literalArn(service, requirement, target.value.value);
    const label = `${type} ${target.value.value}`;
    return arn ? { arn: arn + suffix, label, literal: target.value.value } : { arn: undefined, label };
  }
  const variable = [...fn.environment].reverse().find((v) => v.name === (target.value as { name: string }).name && v.source === 'resource') ?? fn.environment.find((v) => v.name === (target.value as { name: string }).name);
  if (!variable) return { arn: undefined, label: unknownLabel };
  return fromTemplateValue(stack, service, requirement, variable.value, suffix, unknownLabel, type);
}

function fromTemplateValue(stack: StackModel, service: string, requirement: CallRequirement, value: TNode, suffix: string, unknownLabel: string, type: string): ResolvedTarget {
  const referenced = referencedValue(stack, value);
  if (referenced) {
    const kind = resourceKind(referenced.resource);
    const arn = arnOf(referenced.resource);
    // The variable holds another kind of resource than the call expects (a function ARN as a table name): not judged.
    if (!kind || kind.service !== service || !arn || referenced.value === undefined) return { arn: undefined, label: unknownLabel };
    return { arn: arn + suffix, resource: referenced.resource, label: `${type} ${referenced.resource.id}` };
  }
  if (isScalar(value) && typeof value.value === 'string') {
    const arn = literalArn(service, requirement, value.value);
    return { arn: arn ? arn + suffix : undefined, label: `${type} ${value.value}`, ...(arn ? { literal: value.value } : {}) };
  }
  return { arn: undefined, label: unknownLabel };
}

function suffixOf(requirement: CallRequirement): string {
  const suffix = requirement.resourceSuffix;
  if (!suffix) return '';
  // `/*` stands for a key the code computes: any one key, not every key.
  const withSlash = suffix.startsWith('/') ? suffix : `/${suffix}`;
  return withSlash.replace(/\*/g, '${?key}');
}

/** The ARN a literal name, URL or ARN given to a call stands for; undefined when it cannot be told. */
export function literalArn(service: string, requirement: CallRequirement, value: string): string | undefined {
  if (value.startsWith('arn:')) {
    // An ARN with a qualifier (`function:name:alias`) or a secret's full ARN is taken as written.
    return normalisePartition(value);
  }
  if (!value || /[\s${}]/.test(value)) return undefined;
  switch (service) {
    case 'dynamodb':
      return `arn:${P}:dynamodb:${R}:${A}:table/${value}`;
    case 's3':
      return `arn:${P}:s3:::${value}`;
    case 'sqs': {
      const url = /^https:\/\/(?:sqs\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?|([a-z0-9-]+)\.queue\.amazonaws\.com)\/(\d{12})\/([A-Za-z0-9_.-]+)$/.exec(value);
      if (url) return `arn:${P}:sqs:${url[1] ?? url[2]}:${url[3]}:${url[4]}`;
      return requirement.target?.parameter === 'QueueName' ? `arn:${P}:sqs:${R}:${A}:${value}` : undefined;
    }
    case 'lambda':
      return /^[A-Za-z0-9_-]+$/.test(value) ? `arn:${P}:lambda:${R}:${A}:function:${value}` : undefined;
    case 'secretsmanager':
      // A secret named without its ARN: its ARN ends in six random characters.
      return /^[A-Za-z0-9/_+=.@-]+$/.test(value) ? `arn:${P}:secretsmanager:${R}:${A}:secret:${value}-\${?suffix}` : undefined;
    case 'ssm':
      // A path (GetParametersByPath) is authorised on the parameters under it, which are not named here.
      if (requirement.target?.parameter === 'Path') return undefined;
      return `arn:${P}:ssm:${R}:${A}:parameter/${value.replace(/^\//, '')}`;
    case 'events':
      return `arn:${P}:events:${R}:${A}:event-bus/${value}`;
    case 'kinesis':
      return `arn:${P}:kinesis:${R}:${A}:stream/${value}`;
    case 'kms':
      // An alias names no key: kms actions are authorised on the key it points to.
      return /^[0-9a-f-]{36}$/.test(value) ? `arn:${P}:kms:${R}:${A}:key/${value}` : undefined;
    default:
      return undefined;
  }
}
