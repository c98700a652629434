import path from 'node:path';
import { spell } from '../../src/model/syntax.js';
import type { TNode } from '../../src/parse/tree.js';
import type { IacFormat } from '../../src/model/types.js';
import { createRule, docsUrl, type Report } from '../../src/engine/rule.js';
import type { Assumption, FunctionModel, QueueModel, StackModel, Trigger } from '../../src/model/types.js';

export const ruleName = 'function-timeout';

/** AWS: set the source queue's visibility timeout to at least six times the function timeout. */
const RECOMMENDED_VISIBILITY_FACTOR = 6;

/** Lambda's hard maximum, in seconds. */
const LAMBDA_MAX_TIMEOUT = 900;

/** Google Cloud Functions' maximum timeouts: event-driven functions and all 1st gen ones 540 s, 2nd gen HTTP functions 3,600 s. */
const GCP_EVENT_MAX_TIMEOUT = 540;
const GCP_HTTP_MAX_TIMEOUT = 3600;
/** Cloud Run's maximum request timeout, for every service (a Cloud Run function deployed with the Cloud Run Admin API included). */
const CLOUD_RUN_MAX_TIMEOUT = 3600;
/** Pub/Sub's longest ack deadline, which is also how long it waits for a push endpoint's response. */
const MAX_ACK_DEADLINE = 600;

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
        'Set `Timeout` on the function (or in SAM `Globals.Function`) to what the code needs. Keep functions behind API Gateway at or under its integration limit and move longer work to an asynchronous path. Set the queue\'s `VisibilityTimeout` to at least the function timeout.',
    },
    tags: ['reliability', 'timeouts', 'lambda', 'cloud-functions'],
    precision: 'very-high',
    platforms: ['azure', 'gcp'],
    messages: {
      missingTimeout:
        'Function {{fn}} sets no timeout, so it runs with the {{default}} s default. Set {{fix}} to what the code needs, so slow calls fail where you decided.',
      aboveApiLimit:
        'Function {{fn}} has a {{timeout}} s timeout but is invoked by {{caller}}, which gives up after {{limit}} s: callers get a 504 while the function keeps running and billing. Keep the timeout at or under {{limit}} s and move longer work to an asynchronous path.',
      aboveMaximum: 'Function {{fn}} has a {{timeout}} s timeout; Lambda allows at most 900 s, so the deployment fails.',
      gcpAboveMaximum:
        'Function {{fn}} has a {{timeout}} s timeout; {{service}} allows at most {{limit}} s for {{what}}, so the deployment fails. Set {{setting}} to {{limit}} or less and move longer work to Cloud Run jobs or Workflows.',
      gcpEventarcDeliveryLimit:
        'Function {{fn}} is a Cloud Run service with a {{timeout}} s timeout, fed by Eventarc trigger {{trigger}}: Eventarc delivers through a Pub/Sub push subscription, which waits at most 600 s for the response and then delivers the event again while it is still being processed, so it is processed twice. Keep template.timeout at or under 600 s and move longer work to a Cloud Run job or Workflows.',
      ackDeadlineBelowTimeout:
        'Subscription {{queue}} pushes to {{fn}} with an ack deadline of {{deadline}} s{{defaulted}}, below the function\'s {{timeout}} s timeout: Pub/Sub stops waiting for the response at the deadline and delivers a message that is still being processed again, so it is processed twice. {{fix}}',
      visibilityBelowRecommended:
        'Queue {{queue}} has a visibility timeout of {{visibility}} s{{defaulted}}, less than six times the {{timeout}} s timeout of its consumer {{fn}}: AWS recommends at least {{recommended}} s, so that retries after throttling or a slow batch do not make messages visible while they are still being processed. Set {{visibility_setting}} to {{recommended}} s or more.',
      azureAbovePlanMaximum:
        'host.json sets functionTimeout to {{timeout}}, but the function app runs on the Consumption plan ({{plan}}), where the maximum is 10 minutes: the Functions host rejects the setting and the functions do not run. Set functionTimeout to 00:10:00 or less, or move the app to a Flex Consumption, Premium or Dedicated plan.',
      azureAboveHttpLimit:
        'host.json sets functionTimeout to {{timeout}}, above the 230 s an HTTP-triggered function has to respond: Azure Load Balancer closes the request with a 502 after 230 s while the function keeps running and billing ({{functions}}). Keep HTTP work under 230 s (return 202 and hand long work to a queue or Durable Functions), and set functionTimeout to what the other functions need.',
      visibilityBelowTimeout:
        'Queue {{queue}} has a visibility timeout of {{visibility}} s{{defaulted}}, below the {{timeout}} s timeout of its consumer {{fn}}: messages become visible again while still being processed and are processed twice, and AWS rejects the event source mapping. Set {{visibility_setting}} to at least {{timeout}} s.',
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
    const consumers = new Map<QueueModel, Consumer>();
    if (stack.platform === 'gcp') return checkGoogle(stack, report);
    checkAzure(stack.functions.filter((fn) => fn.platform === 'azure'), report);
    for (const fn of stack.functions) {
      if (fn.platform) continue;
      const timeout = fn.timeout.value;
      if (fn.timeout.source === 'default') {
        report({ messageId: 'missingTimeout', loc: fn.loc, path: fn.resource.node.path, severity: 'warning', data: { fn: fn.id, default: fn.timeout.defaultValue ?? 3, fix: spell('timeout', stack.format, fn) } });
      }
      if (timeout && !timeout.known) continue;
      const seconds = timeout?.value ?? fn.timeout.defaultValue!;
      const assumptions = timeout?.assumptions ?? [];

      if (timeout && seconds > LAMBDA_MAX_TIMEOUT) {
        report({ messageId: 'aboveMaximum', node: timeout.node!, data: { fn: fn.id, timeout: seconds }, assumptions });
        continue;
      }
      const caller = strictestSyncCaller(fn, options);
      if (timeout && caller && seconds > caller.limit) {
        report({
          messageId: 'aboveApiLimit',
          node: timeout.node!,
          data: { fn: fn.id, timeout: seconds, caller: caller.description, limit: caller.limit },
          assumptions,
        });
      }
      for (const trigger of fn.triggers) {
        const queue = trigger.kind === 'sqs' ? queueOf(stack, trigger) : undefined;
        const known = queue && consumers.get(queue);
        if (queue && (!known || known.timeout < seconds)) consumers.set(queue, { fn, timeout: seconds, assumptions });
      }
    }
    for (const [queue, consumer] of consumers) checkVisibility(queue, consumer, report, stack.format);
  },
});

/** Azure's plan maximum (Consumption) and HTTP response limit, in seconds. */
const AZURE_CONSUMPTION_MAX_TIMEOUT = 600;
const AZURE_HTTP_RESPONSE_LIMIT = 230;

/**
 * An Azure app's functions share host.json's `functionTimeout`: one finding per setting. A missing
 * setting is the plan's default (5 or 30 minutes, both within each plan's maximum): not a finding.
 */
function checkAzure(functions: FunctionModel[], report: Report): void {
  const byNode = new Map<TNode, { seconds: number; functions: FunctionModel[] }>();
  for (const fn of functions) {
    const timeout = fn.timeout.value;
    if (!timeout?.known || !timeout.node) continue;
    const group = byNode.get(timeout.node) ?? { seconds: timeout.value, functions: [] };
    group.functions.push(fn);
    byNode.set(timeout.node, group);
  }
  for (const [node, { seconds, functions: group }] of byNode) {
    const timeout = Number.isFinite(seconds) ? `${seconds} s` : 'no limit (-1)';
    const plan = group.find((fn) => fn.azurePlan?.consumption)?.azurePlan;
    if (plan && seconds > AZURE_CONSUMPTION_MAX_TIMEOUT) {
      report({ messageId: 'azureAbovePlanMaximum', node, data: { timeout, plan: `sku_name ${plan.sku}, ${path.basename(plan.loc.file)}:${plan.loc.line}` } });
      continue;
    }
    const names = group.filter((fn) => fn.triggers.some((t) => t.kind === 'azure-http')).map((fn) => fn.id);
    if (names.length && seconds > AZURE_HTTP_RESPONSE_LIMIT) {
      const functions = names.length > 3 ? `HTTP functions ${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : `HTTP function${names.length > 1 ? 's' : ''} ${names.join(', ')}`;
      report({ messageId: 'azureAboveHttpLimit', node, severity: 'warning', data: { timeout, functions } });
    }
  }
}

/** The function with the longest timeout among those a queue feeds: the one its visibility timeout must cover. */
interface Consumer {
  fn: FunctionModel;
  timeout: number;
  assumptions: Assumption[];
}

/** The API Gateway event with the shortest integration timeout, if the function has any. */
function strictestSyncCaller(fn: FunctionModel, options: Options): { description: string; limit: number } | undefined {
  let strictest: { description: string; limit: number } | undefined;
  for (const trigger of fn.triggers) {
    const caller = apiCaller(trigger, options);
    if (caller && (!strictest || caller.limit < strictest.limit)) strictest = caller;
  }
  return strictest;
}

function apiCaller(trigger: Trigger, options: Options): { description: string; limit: number } | undefined {
  // The event's own integration timeout, when set, is the limit for that event; unknown, it is not judged.
  if (trigger.integrationTimeoutMillis && !trigger.integrationTimeoutMillis.known) return undefined;
  const own = trigger.integrationTimeoutMillis?.known ? Math.ceil(trigger.integrationTimeoutMillis.value / 1000) : undefined;
  if (trigger.kind === 'http-api') return { description: `API Gateway HTTP API event ${trigger.name}`, limit: own ?? options.httpApiTimeout };
  if (trigger.kind !== 'api') return undefined;
  if (trigger.via === 'sam-event') return { description: `API Gateway REST API event ${trigger.name}`, limit: own ?? options.restApiTimeout };
  // A Lambda permission for apigateway.amazonaws.com serves REST, HTTP and WebSocket APIs alike:
  // only a timeout above every API type's limit is certainly cut off.
  return { description: `API Gateway (permission ${trigger.name})`, limit: Math.max(options.restApiTimeout, options.httpApiTimeout) };
}

function queueOf(stack: StackModel, trigger: Trigger): QueueModel | undefined {
  return trigger.source?.id ? stack.queues.find((q) => q.id === trigger.source!.id) : undefined;
}

function checkVisibility(queue: QueueModel, consumer: Consumer, report: Report, format: IacFormat): void {
  const visibility = queue.visibilityTimeout.value;
  if (visibility && !visibility.known) return;
  const seconds = visibility?.value ?? queue.visibilityTimeout.defaultValue!;
  if (seconds >= RECOMMENDED_VISIBILITY_FACTOR * consumer.timeout) return;
  const belowTimeout = seconds < consumer.timeout;
  report({
    messageId: belowTimeout ? 'visibilityBelowTimeout' : 'visibilityBelowRecommended',
    ...(belowTimeout ? {} : { severity: 'warning' as const }),
    ...(visibility ? { node: visibility.node! } : { loc: queue.loc, path: queue.resource.node.path }),
    data: {
      queue: queue.id,
      visibility: seconds,
      defaulted: visibility ? '' : ' (the default)',
      timeout: consumer.timeout,
      fn: consumer.fn.id,
      recommended: RECOMMENDED_VISIBILITY_FACTOR * consumer.timeout,
      visibility_setting: spell('visibilityTimeout', format),
    },
    assumptions: [...(visibility?.assumptions ?? []), ...consumer.assumptions],
  });
}

/**
 * Google Cloud Functions: a timeout above the generation's and trigger's maximum fails the deployment
 * (a missing one is the 60 s default, not a finding), and a push subscription whose ack deadline is
 * shorter than the function's timeout redelivers messages that are still being processed.
 */
function checkGoogle(stack: StackModel, report: Report): void {
  for (const fn of stack.functions) {
    const timeout = fn.timeout.value;
    if (!timeout?.known) continue;
    if (fn.cloudRunService && timeout.value > CLOUD_RUN_MAX_TIMEOUT) {
      report({ messageId: 'gcpAboveMaximum', node: timeout.node!, data: { fn: fn.id, timeout: timeout.value, service: 'Cloud Run', limit: CLOUD_RUN_MAX_TIMEOUT, what: 'a service\'s requests', setting: 'template.timeout' }, assumptions: timeout.assumptions });
      continue;
    }
    // Cloud Run allows an hour whatever the trigger; Eventarc's push delivery gives up after 600 s.
    const eventarc = fn.cloudRunService ? fn.triggers.find((t) => t.via === 'eventarc-trigger') : undefined;
    if (eventarc && timeout.value > MAX_ACK_DEADLINE) {
      report({ messageId: 'gcpEventarcDeliveryLimit', severity: 'warning', node: timeout.node!, data: { fn: fn.id, timeout: timeout.value, trigger: eventarc.name }, assumptions: timeout.assumptions });
      continue;
    }
    // A trigger set by a dynamic block may be either kind: only the larger limit is certain.
    const eventDriven = fn.triggers.some((t) => t.via === 'gcp-trigger' && (t.invocation === 'async' || t.invocation === 'poll'));
    const triggerUnknown = fn.triggers.some((t) => t.invocation === 'unknown');
    const limit = fn.generation === 2 && (!eventDriven || triggerUnknown) ? GCP_HTTP_MAX_TIMEOUT : GCP_EVENT_MAX_TIMEOUT;
    if (!fn.cloudRunService && timeout.value > limit) {
      const what = fn.generation === 2 ? (triggerUnknown ? '2nd gen functions of any trigger' : eventDriven ? 'event-driven functions' : 'HTTP functions') : '1st gen functions';
      report({ messageId: 'gcpAboveMaximum', node: timeout.node!, data: { fn: fn.id, timeout: timeout.value, service: 'Google Cloud Functions', limit, what, setting: fn.generation === 2 ? 'service_config.timeout_seconds' : 'timeout' }, assumptions: timeout.assumptions });
      continue;
    }
    for (const trigger of fn.triggers) {
      const queue = trigger.via === 'pubsub-push' ? queueOf(stack, trigger) : undefined;
      const deadline = queue?.visibilityTimeout.value;
      if (!queue || (deadline && !deadline.known)) continue;
      const seconds = deadline?.value ?? queue.visibilityTimeout.defaultValue!;
      if (seconds >= timeout.value) continue;
      report({
        messageId: 'ackDeadlineBelowTimeout',
        // As documented: the function runs; the cost is a second delivery, not a failed deployment.
        severity: 'warning',
        ...(deadline ? { node: deadline.node! } : { loc: queue.loc, path: queue.resource.node.path }),
        data: {
          queue: queue.id,
          fn: fn.id,
          deadline: seconds,
          defaulted: deadline ? '' : ' (the default)',
          timeout: timeout.value,
          fix: timeout.value <= MAX_ACK_DEADLINE
            ? `Set ack_deadline_seconds to at least ${timeout.value}.`
            : `Pub/Sub waits at most ${MAX_ACK_DEADLINE} s for a push response: set ack_deadline_seconds to ${MAX_ACK_DEADLINE} and keep the function's work under it (or pull instead of push).`,
        },
        assumptions: [...(deadline?.assumptions ?? []), ...timeout.assumptions],
      });
    }
  }
}
