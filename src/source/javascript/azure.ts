/**
 * Azure Functions in JavaScript/TypeScript: the registrations of the Node.js v4 programming model
 * (`app.http('name', { handler, … })` with `app` from `@azure/functions`), and the handlers of the
 * v3 model, which `function.json` names by file and `entryPoint` (or the module's single export).
 *
 * A v4 handler is often not exported at all (an inline arrow, a function of the same file), so a
 * link names it by its registration: `app.http('orders')`. The frontend resolves that name here.
 */
import type { ts as TsNamespace } from 'ts-morph';
import type { FunctionLike, ParsedSource, SourceProgram, Ts } from '../program.js';

type Node = TsNamespace.Node;

/** The package whose `app` object registers v4 functions. */
export const AZURE_FUNCTIONS_PACKAGE = '@azure/functions';

export interface AzureRegistration {
  /** The `app` method called: `http`, `storageQueue`, `get`, … */
  method: string;
  /** The function's name, when it is a literal. */
  name: string | undefined;
  call: TsNamespace.CallExpression;
  nameNode: TsNamespace.Expression;
  /** The options object, when it is written inline. */
  options: TsNamespace.ObjectLiteralExpression | undefined;
  /** The handler expression: the options' `handler`, or the second argument of the `app.get('name', fn)` shorthands. */
  handler: TsNamespace.Expression | undefined;
}

/** The link's export name for a registration: `app.http('orders')`. */
export function registrationExportName(method: string, name: string): string {
  return `app.${method}('${name}')`;
}

const REGISTRATION_NAME = /^app\.(\w+)\('(.*)'\)$/;

/** Every `app.<method>('name', …)` call at any depth of a file whose `app` comes from `@azure/functions`. */
export function azureRegistrations(ts: Ts, source: ParsedSource): AzureRegistration[] {
  const appNames = [...source.imports].filter(([, b]) => b.module === AZURE_FUNCTIONS_PACKAGE && b.imported === 'app').map(([local]) => local);
  // `import * as functions from '@azure/functions'` → `functions.app.http(…)`.
  const namespaces = [...source.imports].filter(([, b]) => b.module === AZURE_FUNCTIONS_PACKAGE && (b.imported === '*' || b.imported === 'default')).map(([local]) => local);
  if (!appNames.length && !namespaces.length) return [];
  const out: AzureRegistration[] = [];
  const visit = (node: Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const receiver = node.expression.expression;
      const isApp =
        (ts.isIdentifier(receiver) && appNames.includes(receiver.text)) ||
        (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'app' && ts.isIdentifier(receiver.expression) && namespaces.includes(receiver.expression.text));
      const [first, second] = node.arguments;
      if (isApp && first && node.expression.name.text !== 'setup' && node.expression.name.text !== 'hook') {
        const options = second && ts.isObjectLiteralExpression(second) ? second : undefined;
        const handlerProperty = options?.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p) || ts.isMethodDeclaration(p)) && p.name.getText(source.sourceFile) === 'handler');
        const handler = handlerProperty
          ? ts.isPropertyAssignment(handlerProperty)
            ? handlerProperty.initializer
            : ts.isShorthandPropertyAssignment(handlerProperty)
              ? handlerProperty.name
              : undefined
          : second && !options
            ? second
            : undefined;
        out.push({
          method: node.expression.name.text,
          name: ts.isStringLiteralLike(first) ? first.text : undefined,
          call: node,
          nameNode: first,
          options,
          handler,
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source.sourceFile);
  return out;
}

/**
 * The function an Azure link names in `source`: a v4 registration (`app.http('orders')`), or the
 * v3 `module.exports = async function (context, req) { … }` (`module.exports`). Undefined for any
 * other name, so ordinary exports are found the ordinary way.
 */
export function findAzureHandler(program: SourceProgram, source: ParsedSource, name: string): { source: ParsedSource; fn: FunctionLike } | undefined {
  const ts = program.ts;
  if (name === 'module.exports') {
    for (const statement of source.sourceFile.statements) {
      if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
      const { left, right, operatorToken } = statement.expression;
      if (operatorToken.kind === ts.SyntaxKind.EqualsToken && left.getText(source.sourceFile) === 'module.exports') return program.unwrap(source, right, 0);
    }
    return undefined;
  }
  const match = REGISTRATION_NAME.exec(name);
  if (!match) return undefined;
  const registration = azureRegistrations(ts, source).find((r) => r.method === match[1] && r.name === match[2]);
  if (!registration) return undefined;
  if (!registration.handler) {
    const method = registration.options?.properties.find((p) => ts.isMethodDeclaration(p) && p.name.getText(source.sourceFile) === 'handler');
    return method && ts.isMethodDeclaration(method) ? { source, fn: method } : undefined;
  }
  return program.unwrap(source, registration.handler, 0);
}
