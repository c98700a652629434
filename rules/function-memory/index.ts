import { spell } from '../../src/model/syntax.js';
import { createRule, docsUrl } from '../../src/engine/rule.js';

export const ruleName = 'function-memory';

export default createRule({
  meta: {
    name: ruleName,
    family: 'best-practice',
    reads: 'iac',
    defaultLevel: 'warn',
    preset: 'all',
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
        'Function {{fn}} sets no memory size, so it runs with the {{default}} MB default{{cpu}}. Set {{fix}} to a measured value.',
    },
    schema: { type: 'object', properties: {}, additionalProperties: false },
  },
  defaultOptions: {},
  check({ stack, report }) {
    for (const fn of stack.functions) {
      if (fn.platform) continue;
      if (fn.memorySize.source !== 'default') continue;
      const memory = fn.memorySize.defaultValue ?? 128;
      // CPU is allocated in proportion to memory: a full vCPU only at 1,769 MB.
      const cpu = memory <= 128 ? ' and the smallest CPU share' : memory < 1769 ? ` and ${Math.round((memory / 1769) * 100)}% of a vCPU` : '';
      report({ messageId: 'defaultMemory', loc: fn.loc, path: fn.resource.node.path, data: { fn: fn.id, default: memory, cpu, fix: spell('memorySize', stack.format, fn) } });
    }
  },
});
