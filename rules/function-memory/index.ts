import { createRule, docsUrl } from '../../src/engine/rule.js';

export const ruleName = 'function-memory';

export default createRule({
  meta: {
    name: ruleName,
    family: 'best-practice',
    reads: 'iac',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'Functions should set their memory size rather than rely on the 128 MB default',
      full:
        'Lambda allocates CPU in proportion to memory: the 128 MB default also means the smallest share of CPU, which makes cold starts and CPU-bound work slow. Memory is a tuning decision (measure it, e.g. with AWS Lambda Power Tuning); leaving the default hides that no decision was made.',
      help: 'Set `MemorySize` on the function, or in SAM `Globals.Function`, to the value you measured: `MemorySize: 512`.',
    },
    tags: ['performance', 'lambda'],
    precision: 'very-high',
    messages: {
      defaultMemory:
        'Function {{fn}} sets no MemorySize, so it runs with the 128 MB default and the smallest CPU share. Set MemorySize (or Globals.Function.MemorySize) to a measured value.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const fn of stack.functions) {
      if (fn.memorySize.source !== 'default') continue;
      report({ messageId: 'defaultMemory', loc: fn.loc, path: fn.resource.node.path, data: { fn: fn.id } });
    }
  },
});
