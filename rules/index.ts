/** Every rule sls-lint ships, in catalogue order. Names are stable: SARIF ruleId, ESLint rule name, doc file. */
import type { Rule } from '../src/engine/rule.js';
import functionTimeout from './function-timeout/index.js';
import iamAdminPolicy from './iam-admin-policy/index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const rules: Rule<any>[] = [iamAdminPolicy, functionTimeout];
