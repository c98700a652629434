/** A stack model with nothing in it yet: each adapter fills the lists it reads. */
import type { StackModel } from './types.js';

export function emptyStack(fields: Pick<StackModel, 'format' | 'file' | 'root'> & Partial<StackModel>): StackModel {
  return {
    resources: new Map(),
    parameters: new Map(),
    functions: [],
    statements: [],
    managedPolicies: [],
    policyTemplates: [],
    queues: [],
    topics: [],
    subscriptions: [],
    eventRules: [],
    permissions: [],
    functionUrls: [],
    logGroups: [],
    apiStages: [],
    deadLetterTargets: new Set(),
    ...fields,
  };
}
