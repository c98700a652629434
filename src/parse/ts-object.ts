/**
 * `serverless.ts` → the positioned tree, when the configuration is an object literal.
 *
 * The configuration is read, never run: `const config: AWS = { … }` exported as `module.exports =
 * config` or `export default config` (or the literal itself). Inside it, anything that is not a
 * literal (a call, an imported constant, a spread) becomes a value the model treats as unknown. A
 * file whose configuration is not an object literal at all is skipped with the reason.
 */
import type { ts as TsNamespace } from 'ts-morph';
import type { Loc, MapEntry, MapNode, TNode } from './tree.js';
import { parseSourceFile } from './ts-source.js';

type Ts = typeof TsNamespace;

export interface TsObjectResult {
  root?: MapNode;
  reason?: string;
}

export function parseServerlessTs(ts: Ts, text: string, file: string): TsObjectResult {
  const source = parseSourceFile(ts, file, text, ts.ScriptKind.TS);
  const literal = exportedObject(ts, source);
  if (!literal) return { reason: 'serverless.ts does not export an object literal (a configuration built by code cannot be read without running it)' };
  const locOf = (node: TsNamespace.Node): Loc => {
    const start = source.getLineAndCharacterOfPosition(node.getStart(source));
    const end = source.getLineAndCharacterOfPosition(node.getEnd());
    return { file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };

  const convert = (node: TsNamespace.Expression, path: string, depth: number): TNode => {
    const loc = locOf(node);
    if (depth > 200) return unknown(node, loc, path, 'nested too deeply');
    while (ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node) || ts.isTypeAssertionExpression(node)) node = node.expression;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return { kind: 'scalar', value: node.text, loc, path };
    if (ts.isNumericLiteral(node)) return { kind: 'scalar', value: Number(node.text), loc, path };
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(node.operand)) {
      return { kind: 'scalar', value: -Number(node.operand.text), loc, path };
    }
    if (node.kind === ts.SyntaxKind.TrueKeyword) return { kind: 'scalar', value: true, loc, path };
    if (node.kind === ts.SyntaxKind.FalseKeyword) return { kind: 'scalar', value: false, loc, path };
    if (node.kind === ts.SyntaxKind.NullKeyword) return { kind: 'scalar', value: null, loc, path };
    if (ts.isArrayLiteralExpression(node)) {
      return { kind: 'seq', items: node.elements.map((e, i) => convert(e as TsNamespace.Expression, `${path}/${i}`, depth + 1)), loc, path };
    }
    if (ts.isObjectLiteralExpression(node)) {
      const entries: MapEntry[] = [];
      for (const property of node.properties) {
        if (ts.isPropertyAssignment(property)) {
          const key = propertyKey(ts, property.name);
          if (key === undefined) continue;
          entries.push({ key, keyLoc: locOf(property.name), value: convert(property.initializer, `${path}/${key}`, depth + 1) });
        } else if (ts.isShorthandPropertyAssignment(property)) {
          const key = property.name.text;
          entries.push({ key, keyLoc: locOf(property.name), value: unknown(property, locOf(property), `${path}/${key}`, key) });
        }
        // Spreads and methods: their keys cannot be known without running the code.
      }
      return { kind: 'map', entries, loc, path };
    }
    if (ts.isTemplateExpression(node)) return unknown(node, loc, path, 'a template string');
    return unknown(node, loc, path, node.getText(source).slice(0, 40));
  };

  const root = convert(literal, '', 0);
  return root.kind === 'map' ? { root } : { reason: 'serverless.ts does not export an object literal' };
}

/** A value only the running code knows; the model reads it as unknown. */
function unknown(_node: TsNamespace.Node, loc: Loc, path: string, what: string): TNode {
  return { kind: 'fn', name: 'Fn::Sub', arg: { kind: 'scalar', value: '${code:' + what.replace(/[{}$\s]+/g, ' ').trim() + '}', loc, path }, loc, path };
}

function propertyKey(ts: Ts, name: TsNamespace.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}

/** The object literal that `module.exports =`, `export default` or `export =` designates, directly or through a `const`. */
function exportedObject(ts: Ts, source: TsNamespace.SourceFile): TsNamespace.ObjectLiteralExpression | undefined {
  const constants = new Map<string, TsNamespace.Expression>();
  let exported: TsNamespace.Expression | undefined;
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer) constants.set(d.name.text, d.initializer);
    } else if (ts.isExportAssignment(statement)) {
      exported = statement.expression;
    } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = statement.expression.left;
      if (ts.isPropertyAccessExpression(left) && ts.isIdentifier(left.expression) && left.expression.text === 'module' && left.name.text === 'exports') {
        exported = statement.expression.right;
      }
    }
  }
  const unwrap = (node: TsNamespace.Expression | undefined): TsNamespace.Expression | undefined => {
    for (let i = 0; node && i < 5; i++) {
      if (ts.isAsExpression(node) || ts.isParenthesizedExpression(node) || ts.isSatisfiesExpression(node)) node = node.expression;
      else if (ts.isIdentifier(node)) node = constants.get(node.text);
      else break;
    }
    return node;
  };
  const target = unwrap(exported);
  return target && ts.isObjectLiteralExpression(target) ? target : undefined;
}
