import { createRule, docsUrl } from '../../src/engine/rule.js';
import { classifyConstruction, type ExtraConstructor } from '../../src/source/clients.js';
import type { HandlerFacts } from '../../src/source/facts.js';

export const ruleName = 'client-in-handler';

export interface Options {
  /** Further constructors or factories to treat as clients: `{ module: 'my-db', name: 'Database' }`. */
  constructors: ExtraConstructor[];
}

export default createRule<Options>({
  meta: {
    name: ruleName,
    family: 'clients',
    reads: 'source',
    defaultLevel: 'warn',
    url: docsUrl(ruleName),
    docs: {
      short: 'SDK clients, database pools and HTTP agents must be created once, not on every invocation',
      full:
        'Code at module scope runs once per cold start; the handler and everything it calls run on every invocation. A client built inside the handler (or a helper it calls) pays for a new connection, TLS handshake and credential lookup each time, and a database pool built there opens new connections until the database refuses them. sls-lint follows the handler into the project modules it calls, and does not flag constructions that are memoised (`client ??= new X()`, `if (!client) client = new X()`).',
      help:
        'Create the client once at module scope and reuse it:\n\n```js\nconst dynamodb = new DynamoDBClient({});\n\nexport const handler = async (event) => {\n  await dynamodb.send(/* … */);\n};\n```\n\nOr memoise it in a module-scope variable when it must be built lazily: `client ??= new DynamoDBClient({})`.',
    },
    tags: ['performance', 'cold-start', 'lambda', 'cloud-functions'],
    precision: 'high',
    platforms: ['azure', 'gcp'],
    messages: {
      perInvocation:
        '{{construction}} is created on every invocation of {{handler}}{{via}}: that costs {{cost}}. Create it once at module scope (outside the handler) and reuse it, or {{memoise}}.',
    },
    schema: {
      type: 'object',
      properties: {
        constructors: {
          type: 'array',
          items: {
            type: 'object',
            properties: { module: { type: 'string', minLength: 1 }, name: { type: 'string', minLength: 1 } },
            required: ['module', 'name'],
            additionalProperties: false,
          },
        },
      },
      additionalProperties: false,
    },
  },
  defaultOptions: { constructors: [] },
  checkSource({ facts, handlerLabel, options, report }) {
    const flagged = facts.constructions.flatMap((construction) => {
      if (construction.memoised || construction.configuredFromInvocation) return [];
      const kind = classifyConstruction(construction, options.constructors);
      return kind ? [{ construction, kind }] : [];
    });
    // `DocumentClient.from(new DynamoDBClient())` is one client built per call: said once, at the outer call.
    const outer = new Set(flagged.map(({ construction }) => locKey(construction.loc)));
    for (const { construction, kind } of flagged) {
      if (construction.partOf && outer.has(locKey(construction.partOf))) continue;
      report({
        messageId: 'perInvocation',
        loc: construction.loc,
        path: construction.path,
        data: {
          construction: kind.label,
          handler: handlerLabel,
          via: construction.within.isEntry ? '' : ` (through ${construction.within.description})`,
          cost: kind.cost,
          memoise: MEMOISE[facts.language],
        },
      });
    }
  },
});

/** How each language keeps a lazily built client. */
const MEMOISE: Record<HandlerFacts['language'], string> = {
  javascript: 'memoise it (client ??= new …)',
  python: 'build it once lazily (a module-level variable checked for None, or a functools.cache factory)',
};

function locKey(loc: { file: string; line: number; column: number }): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}
