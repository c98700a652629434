import type { ts as TsNamespace } from 'ts-morph';
import { createRule, docsUrl } from '../../src/engine/rule.js';
import { classifyConstruction, type ExtraConstructor } from '../../src/source/clients.js';
import { innermostReached, type FunctionLike, type ParsedSource, type Ts } from '../../src/source/program.js';

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
    tags: ['performance', 'cold-start', 'lambda'],
    precision: 'high',
    messages: {
      perInvocation:
        '{{construction}} is created on every invocation of {{handler}}{{via}}: that costs {{cost}}. Create it once at module scope (outside the handler) and reuse it, or memoise it (client ??= new …).',
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
  checkSource({ ts, program, handler, reached, handlerLabel, options, report }) {
    for (const [fn, source] of reached) {
      const visit = (node: TsNamespace.Node): void => {
        if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
          const kind = classifyConstruction(ts, source, node, options.constructors);
          if (kind && innermostReached(ts, node, reached) === fn && !isMemoised(ts, node, source, fn) && !configuredPerInvocation(ts, node, fn)) {
            const via = source.file === handler.source.file && fn === handler.fn ? '' : ` (through ${describeFunction(ts, fn, source)})`;
            report({
              messageId: 'perInvocation',
              loc: program.loc(source, node),
              path: `${source.file}#${describeFunction(ts, fn, source)}#${node.expression.getText(source.sourceFile)}`,
              data: { construction: kind.label, handler: handlerLabel, via, cost: kind.cost },
            });
          }
        }
        ts.forEachChild(node, visit);
      };
      if (fn.body) visit(fn.body);
    }
  },
});


/**
 * A client configured from the invocation — a WebSocket callback endpoint from the event, tenant
 * credentials from the authorizer, a local value computed from either — is built per invocation on
 * purpose; caching it per key is a design choice the rule does not second-guess.
 */
function configuredPerInvocation(ts: Ts, node: TsNamespace.NewExpression | TsNamespace.CallExpression, fn: FunctionLike): boolean {
  let uses = false;
  const visit = (child: TsNamespace.Node): void => {
    if (uses) return;
    if (ts.isIdentifier(child) && !(child.parent && ts.isPropertyAccessExpression(child.parent) && child.parent.name === child) && declaredInside(ts, child.text, fn)) {
      uses = true;
      return;
    }
    ts.forEachChild(child, visit);
  };
  for (const argument of node.arguments ?? []) visit(argument);
  return uses;
}

/**
 * `client ??= new X()`, `client ||= new X()`, `client ?? (client = new X())`, and
 * `if (!client) client = new X()` where `client` lives outside the function: built once, reused.
 */
function isMemoised(ts: Ts, node: TsNamespace.Node, source: ParsedSource, fn: FunctionLike): boolean {
  // The construction may sit inside the memoised expression: `x ??= DocumentClient.from(new Client({}))`.
  for (let current: TsNamespace.Node = node; ; ) {
    if (isMemoisedAt(ts, current, source, fn)) return true;
    const parent = current.parent;
    if (!parent) return false;
    const enclosing =
      ts.isCallExpression(parent) || ts.isNewExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isObjectLiteralExpression(parent) ||
      ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isParenthesizedExpression(parent) || ts.isAwaitExpression(parent) || ts.isAsExpression(parent);
    if (!enclosing) return false;
    current = parent;
  }
}

function isMemoisedAt(ts: Ts, node: TsNamespace.Node, source: ParsedSource, fn: FunctionLike): boolean {
  let expr: TsNamespace.Node = node;
  while (expr.parent && (ts.isAwaitExpression(expr.parent) || ts.isParenthesizedExpression(expr.parent) || ts.isAsExpression(expr.parent))) expr = expr.parent;
  const parent = expr.parent;
  if (!parent || !ts.isBinaryExpression(parent) || parent.right !== expr) return false;
  const operator = parent.operatorToken.kind;
  if (operator === ts.SyntaxKind.QuestionQuestionEqualsToken || operator === ts.SyntaxKind.BarBarEqualsToken) return true;
  if (operator !== ts.SyntaxKind.EqualsToken) return false;
  const target = parent.left.getText(source.sourceFile);
  if (ts.isIdentifier(parent.left) && declaredInside(ts, parent.left.text, fn)) return false;
  // `client ?? (client = new X())`
  let outer: TsNamespace.Node = parent;
  while (outer.parent && ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  if (outer.parent && ts.isBinaryExpression(outer.parent) && outer.parent.right === outer) {
    const kind = outer.parent.operatorToken.kind;
    if ((kind === ts.SyntaxKind.QuestionQuestionToken || kind === ts.SyntaxKind.BarBarToken) && outer.parent.left.getText(source.sourceFile) === target) return true;
  }
  // `if (!client) { client = new X(); }` and the `=== undefined` / `== null` spellings.
  for (let current: TsNamespace.Node | undefined = parent.parent; current && current !== fn; current = current.parent) {
    if (ts.isIfStatement(current) && testsMissing(current.expression.getText(source.sourceFile), target)) return true;
  }
  return false;
}

function testsMissing(condition: string, target: string): boolean {
  const name = target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^!\\s*${name}$|^${name}\\s*={2,3}\\s*(undefined|null)$|^(undefined|null)\\s*={2,3}\\s*${name}$|^typeof\\s+${name}\\s*={2,3}\\s*['"]undefined['"]$`).test(condition.trim());
}

function declaredInside(ts: Ts, name: string, fn: FunctionLike): boolean {
  let found = false;
  const visit = (node: TsNamespace.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name) found = true;
    else if (ts.isParameter(node) && ts.isIdentifier(node.name) && node.name.text === name) found = true;
    else ts.forEachChild(node, visit);
  };
  fn.parameters.forEach(visit);
  if (fn.body) visit(fn.body);
  return found;
}

function describeFunction(ts: Ts, fn: FunctionLike, source: ParsedSource): string {
  const file = source.file.split(/[\\/]/).pop();
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name) return `${fn.name.getText(source.sourceFile)}() in ${file}`;
  const parent = fn.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return `${parent.name.text}() in ${file}`;
  // `exports.save = async () => …`, `{ save: async () => … }`
  if (parent && ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return `${parent.left.name.text}() in ${file}`;
  if (parent && ts.isPropertyAssignment(parent)) return `${parent.name.getText(source.sourceFile)}() in ${file}`;
  return `a function in ${file}`;
}
