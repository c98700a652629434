import { createRule, docsUrl, type Report } from '../../src/engine/rule.js';
import type { Assumption, FunctionModel, QueueModel, StackModel, Trigger } from '../../src/model/types.js';

export const ruleName = 'function-timeout';

/** Lambda's hard maximum, in seconds. */
const LAMBDA_MAX_TIMEOUT = 900;

export interface Options {
  /** API Gateway REST integration timeout; 29 s by default, raisable by quota for regional and private APIs. */
  restApiTimeout: number;
  /** API Gateway HTTP API integration timeout (fixed at 30 s). */
  httpApiTimeout: number;
}

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'timeouts-and-dlq',
    reads: 'iac',
    defaultLevel: 'error',
    url: docsUrl(ruleName),
    docs: {
      short: 'Functions need an explicit timeout that fits their callers and their queues',
      full:
        "A function without a timeout runs with Lambda's 3-second default, which hides the decision and is rarely what the code needs. A function behind API Gateway with a timeout longer than the gateway's integration limit (29 s for REST APIs, 30 s for HTTP APIs) is cut off by the gateway while it keeps running and billing. An SQS queue whose visibility timeout is shorter than its consumer's timeout makes messages visible again while they are still being processed, so they are processed twice (and AWS rejects the event source mapping).",
      help:
        'Set `Timeout` on the function (or in SAM `Globals.Function`) to what the code needs. Keep functions behind API Gateway at or under its integration limit and move longer work to an asynchronous path. Set the queue\'s `VisibilityTimeout` to at least the function timeout (AWS recommends six times, plus the batching window).',
    },
    tags: ['reliability', 'timeouts', 'lambda'],
    precision: 'very-high',
    messages: {
      missingTimeout:
        'Function {{fn}} sets no Timeout, so it runs with the 3 s default. Set Timeout (or Globals.Function.Timeout) to what the code needs, so slow calls fail where you decided.',
      aboveApiLimit:
        'Function {{fn}} has a {{timeout}} s timeout but is invoked by {{api}} {{trigger}}, which gives up after {{limit}} s: callers get a 504 while the function keeps running and billing. Keep the timeout at or under {{limit}} s and move longer work to an asynchronous path.',
      aboveMaximum: 'Function {{fn}} has a {{timeout}} s timeout; Lambda allows at most 900 s, so the deployment fails.',
      visibilityBelowTimeout:
        'Queue {{queue}} has a visibility timeout of {{visibility}} s{{defaulted}}, below the {{timeout}} s timeout of its consumer {{fn}}: messages become visible again while still being processed and are processed twice, and AWS rejects the event source mapping. Set VisibilityTimeout to at least {{timeout}} s (AWS recommends 6× the function timeout).',
    },
    schema: {
      type: 'object',
      properties: {
        restApiTimeout: { type: 'integer', minimum: 1 },
        httpApiTimeout: { type: 'integer', minimum: 1 },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { restApiTimeout: 29, httpApiTimeout: 30 },
  check({ stack, options, report }) {
    for (const fn of stack.functions) {
      const timeout = fn.timeout.value;
      if (fn.timeout.source === 'default') {
        report({ messageId: 'missingTimeout', loc: fn.loc, path: fn.resource.node.path, severity: 'warning', data: { fn: fn.id } });
      }
      if (timeout && !timeout.known) continue;
      const seconds = timeout?.value ?? fn.timeout.defaultValue!;
      const assumptions = timeout?.assumptions ?? [];

      if (timeout && seconds > LAMBDA_MAX_TIMEOUT) {
        report({ messageId: 'aboveMaximum', node: timeout.node!, data: { fn: fn.id, timeout: seconds }, assumptions });
        continue;
      }
      const sync = syncLimit(fn, options);
      if (timeout && sync && seconds > sync.limit) {
        report({
          messageId: 'aboveApiLimit',
          node: timeout.node!,
          data: { fn: fn.id, timeout: seconds, api: sync.api, trigger: sync.trigger.name, limit: sync.limit },
          assumptions,
        });
      }
      for (const trigger of fn.triggers) {
        if (trigger.kind !== 'sqs') continue;
        const queue = queueOf(stack, trigger);
        if (queue) checkVisibility(queue, fn, seconds, assumptions, report);
      }
    }
  },
});

function syncLimit(fn: FunctionModel, options: Options): { api: string; trigger: Trigger; limit: number } | undefined {
  const rest = fn.triggers.find((t) => t.kind === 'api');
  if (rest) return { api: 'API Gateway REST API event', trigger: rest, limit: options.restApiTimeout };
  const http = fn.triggers.find((t) => t.kind === 'http-api');
  if (http) return { api: 'API Gateway HTTP API event', trigger: http, limit: options.httpApiTimeout };
  return undefined;
}

function queueOf(stack: StackModel, trigger: Trigger): QueueModel | undefined {
  return trigger.source?.id ? stack.queues.find((q) => q.id === trigger.source!.id) : undefined;
}

function checkVisibility(
  queue: QueueModel,
  fn: FunctionModel,
  timeout: number,
  fnAssumptions: Assumption[],
  report: Report,
): void {
  const visibility = queue.visibilityTimeout.value;
  if (visibility && !visibility.known) return;
  const seconds = visibility?.value ?? queue.visibilityTimeout.defaultValue!;
  if (seconds >= timeout) return;
  report({
    messageId: 'visibilityBelowTimeout',
    ...(visibility ? { node: visibility.node! } : { loc: queue.loc, path: queue.resource.node.path }),
    data: { queue: queue.id, visibility: seconds, defaulted: visibility ? '' : ' (the default)', timeout, fn: fn.id },
    assumptions: [...(visibility?.assumptions ?? []), ...fnAssumptions],
  });
}
