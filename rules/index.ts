/** Every rule sls-lint ships, in catalogue order. Names are stable: SARIF ruleId, ESLint rule name, doc file. */
import type { Rule } from '../src/engine/rule.js';
import apiLogging from './api-logging/index.js';
import apiThrottling from './api-throttling/index.js';
import apiTracing from './api-tracing/index.js';
import asyncDlq from './async-dlq/index.js';
import clientInHandler from './client-in-handler/index.js';
import eolRuntime from './eol-runtime/index.js';
import eventbridgeTargetDlq from './eventbridge-target-dlq/index.js';
import functionMemory from './function-memory/index.js';
import functionTimeout from './function-timeout/index.js';
import functionTracing from './function-tracing/index.js';
import hardcodedSecret from './hardcoded-secret/index.js';
import heavyImport from './heavy-import/index.js';
import iamAdminPolicy from './iam-admin-policy/index.js';
import iamMissingPermission from './iam-missing-permission/index.js';
import iamUnusedPermission from './iam-unused-permission/index.js';
import idempotentConsumer from './idempotent-consumer/index.js';
import lambdaPermissionPrincipal from './lambda-permission-principal/index.js';
import logRetention from './log-retention/index.js';
import iamWildcardAction from './iam-wildcard-action/index.js';
import iamWildcardResource from './iam-wildcard-resource/index.js';
import queueRedrive from './queue-redrive/index.js';
import snsSubscriptionRedrive from './sns-subscription-redrive/index.js';
import sqsPartialBatch from './sqs-partial-batch/index.js';
import streamOnFailure from './stream-on-failure/index.js';

export const rules: Rule<any>[] = [iamWildcardAction, iamWildcardResource, iamAdminPolicy, iamMissingPermission, iamUnusedPermission, hardcodedSecret, functionTimeout, asyncDlq, queueRedrive, streamOnFailure, sqsPartialBatch, idempotentConsumer, clientInHandler, heavyImport, eventbridgeTargetDlq, snsSubscriptionRedrive, functionMemory, functionTracing, logRetention, lambdaPermissionPrincipal, apiLogging, apiTracing, apiThrottling, eolRuntime];
