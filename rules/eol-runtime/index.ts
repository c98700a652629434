import { createRule, docsUrl, type Report } from '../../src/engine/rule.js';
import type { StackModel, Value } from '../../src/model/types.js';
import type { TNode } from '../../src/parse/tree.js';
import { DEFAULT_BUNDLE_ID, FIRST_SUPPORTED_MAJOR, highestMajor, SUPPORTED_RANGE } from './azure-bundles.js';
import { RUNTIMES_BY_ID, type RuntimeLifecycle } from './runtimes.js';

export const ruleName = 'eol-runtime';

export interface Options {
  /** Warn this many days before a runtime's deprecation date. */
  warnDaysBefore: number;
  /** Evaluate as of this date (`YYYY-MM-DD`, UTC) instead of today. */
  today?: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 24 * 60 * 60 * 1000;

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'best-practice',
    reads: 'iac',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'Functions should not run on a Lambda runtime that AWS has deprecated or soon will',
      full:
        'AWS deprecates a managed runtime when its language version or operating system stops getting security updates: from the deprecation date the runtime gets no more patches and the function no technical support, and later AWS blocks creating and then updating functions that use it, so a deployment that creates or changes the function fails. The dates come from the "Lambda runtimes" page of the AWS documentation and are kept in the rule as data.',
      help: 'Change `Runtime` (on the function, or in SAM `Globals.Function`) to a supported runtime of the same language, test the code on it, and deploy before the block dates. The message names the newest runtime AWS lists for the language.',
    },
    tags: ['security', 'maintenance', 'lambda'],
    securitySeverity: '5.0',
    precision: 'very-high',
    platforms: ['azure'],
    messages: {
      azureExtensionBundle:
        'host.json pins the extension bundle to {{range}}, which allows nothing newer than bundle {{major}}.x: Microsoft lists extension bundles before 4.x as deprecated, and they can include deprecated binding extension versions. Set the version to {{supported}} and test the app\'s bindings on it.',
      deprecated:
        '{{fn}} {{runs}} {{runtime}}, deprecated by AWS on {{deprecated}}: it no longer gets security patches or support{{blocks}}. Move to {{successor}}.',
      deprecatedSoon:
        '{{fn}} {{runs}} {{runtime}}, which AWS deprecates on {{deprecated}} (in {{inDays}}){{blocks}}. Plan the move to {{successor}}.',
    },
    schema: {
      type: 'object',
      properties: {
        warnDaysBefore: { type: 'integer', minimum: 0 },
        today: { type: 'string', pattern: ISO_DATE.source },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { warnDaysBefore: 180 },
  check({ stack, options, report }) {
    if (stack.platform === 'azure') {
      checkExtensionBundle(stack.azureExtensionBundle, report);
      return;
    }
    const today = options.today ?? new Date().toISOString().slice(0, 10);
    const todayMs = parseDate(today);
    // One finding per place the runtime is written: a Globals runtime shared by ten functions is one fix.
    const byNode = new Map<TNode, { runtime: Value<string> & { known: true }; functions: string[] }>();
    for (const fn of stack.functions) {
      // Container images bring their own runtime; a Runtime inherited from Globals does not apply to them.
      if (fn.code.kind === 'image') continue;
      const runtime = fn.runtime.value;
      if (!runtime?.known || !runtime.node) continue;
      const group = byNode.get(runtime.node) ?? { runtime, functions: [] };
      group.functions.push(fn.id);
      byNode.set(runtime.node, group);
    }
    for (const { runtime, functions } of byNode.values()) {
      const lifecycle = RUNTIMES_BY_ID.get(runtime.value);
      if (!lifecycle) continue;
      const days = Math.round((parseDate(lifecycle.deprecated) - todayMs) / DAY_MS);
      const isDeprecated = days <= 0;
      if (!isDeprecated && days > options.warnDaysBefore) continue;
      report({
        messageId: isDeprecated ? 'deprecated' : 'deprecatedSoon',
        severity: isDeprecated ? 'error' : 'warning',
        // The value as written: on the function, or in Globals.Function when inherited.
        node: runtime.node!,
        data: {
          fn: functions.length > 1 ? `Functions ${functions.join(', ')}` : `Function ${functions[0]}`,
          runs: functions.length > 1 ? 'run' : 'runs',
          runtime: lifecycle.runtime,
          deprecated: lifecycle.deprecated,
          inDays: days === 1 ? '1 day' : `${days} days`,
          blocks: describeBlocks(lifecycle, today),
          successor: successorFor(lifecycle, today, options.warnDaysBefore),
        },
        assumptions: runtime.assumptions,
      });
    }
  },
});

/** A bundle range the host can satisfy only with a deprecated major version. Another bundle id (Preview, Workflows) has its own versions. */
function checkExtensionBundle(bundle: StackModel['azureExtensionBundle'], report: Report): void {
  if (!bundle?.version || !bundle.versionNode || bundle.id?.toLowerCase() !== DEFAULT_BUNDLE_ID.toLowerCase()) return;
  const major = highestMajor(bundle.version);
  if (major === undefined || major >= FIRST_SUPPORTED_MAJOR) return;
  report({ messageId: 'azureExtensionBundle', node: bundle.versionNode, data: { range: bundle.version, major, supported: SUPPORTED_RANGE } });
}

function parseDate(date: string): number {
  const ms = ISO_DATE.test(date) ? Date.parse(`${date}T00:00:00Z`) : NaN;
  // Date.parse rolls 2026-02-30 over to March: only a date that round-trips is a real one.
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) throw new Error(`"${date}" is not a date of the form YYYY-MM-DD`);
  return ms;
}

/** `; creating functions with it is blocked since …, and updating them will be blocked from …` (ISO dates compare as strings). */
function describeBlocks(lifecycle: RuntimeLifecycle, today: string): string {
  const parts: string[] = [];
  const { blockCreate, blockUpdate } = lifecycle;
  if (blockCreate) {
    parts.push(blockCreate <= today ? `creating functions with it is blocked since ${blockCreate}` : `creating functions with it will be blocked from ${blockCreate}`);
  }
  if (blockUpdate) {
    const what = blockCreate ? 'updating them' : 'updating functions with it';
    parts.push(
      blockUpdate <= today
        ? `${what} is blocked since ${blockUpdate}, so a deployment that changes this function fails`
        : `${what} will be blocked from ${blockUpdate}`,
    );
  }
  return parts.length ? `; ${parts.join(', and ')}` : '';
}

/** The successor the table names, unless it is this runtime or itself deprecated or about to be. */
function successorFor(lifecycle: RuntimeLifecycle, today: string, warnDaysBefore: number): string {
  const next = RUNTIMES_BY_ID.get(lifecycle.successor);
  const stillGood = next && next.runtime !== lifecycle.runtime && parseDate(next.deprecated) - parseDate(today) > warnDaysBefore * DAY_MS;
  return stillGood ? next.runtime : `a runtime newer than ${lifecycle.runtime} (see the AWS "Lambda runtimes" page)`;
}
