/**
 * Google Cloud Functions in JavaScript/TypeScript: the handlers the Functions Framework serves.
 *
 * A function is registered by name (`functions.http('helloHttp', fn)`, `functions.cloudEvent(…)`
 * from `@google-cloud/functions-framework`), or exported from the module the framework loads
 * (`exports.helloGET = (req, res) => …`, 1st gen's `exports.helloPubSub = (message, context) => …`).
 * The registration says how the function is invoked when no Terraform does.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ts as TsNamespace } from 'ts-morph';
import type { FrameworkRegistration } from '../facts.js';
import { nodeMainFile } from '../../link/gcp.js';
import type { FunctionLike, ParsedSource, SourceProgram } from '../program.js';

export const FUNCTIONS_FRAMEWORK = '@google-cloud/functions-framework';

export interface FrameworkHandler {
  exportName: string;
  source: ParsedSource;
  fn: FunctionLike;
  registration: FrameworkRegistration;
}

/** `functions.http('name', fn)` and `functions.cloudEvent('name', fn)` at module scope, with the function each registers. */
export function registeredHandlers(program: SourceProgram, source: ParsedSource): FrameworkHandler[] {
  const ts = program.ts;
  const out: FrameworkHandler[] = [];
  for (const statement of source.sourceFile.statements) {
    if (!ts.isExpressionStatement(statement) || !ts.isCallExpression(statement.expression)) continue;
    const call = statement.expression;
    const method = frameworkMethod(ts, source, call.expression);
    const [nameArg, handlerArg] = call.arguments;
    if (!method || !nameArg || !handlerArg || !ts.isStringLiteralLike(nameArg)) continue;
    const found = program.unwrap(source, handlerArg, 0);
    if (!found) continue;
    out.push({
      exportName: nameArg.text,
      ...found,
      registration: { platform: 'gcp', invocation: method === 'http' ? 'http' : 'event', written: `${call.expression.getText(source.sourceFile)}('${nameArg.text}')`, loc: program.loc(source, call) },
    });
  }
  return out;
}

/** `http`/`cloudEvent` when the callee is the framework's (`functions.http`, `ff.cloudEvent`, an imported `http`). */
function frameworkMethod(ts: typeof TsNamespace, source: ParsedSource, callee: TsNamespace.Expression): 'http' | 'cloudEvent' | undefined {
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    const binding = source.imports.get(callee.expression.text);
    const method = callee.name.text;
    if (binding?.module === FUNCTIONS_FRAMEWORK && (binding.imported === '*' || binding.imported === 'default') && (method === 'http' || method === 'cloudEvent')) return method;
    return undefined;
  }
  if (ts.isIdentifier(callee)) {
    const binding = source.imports.get(callee.text);
    if (binding?.module === FUNCTIONS_FRAMEWORK && (binding.imported === 'http' || binding.imported === 'cloudEvent')) return binding.imported;
  }
  return undefined;
}

/**
 * Handlers by convention in a file no Terraform links: the framework's registrations, and — in the
 * module the framework loads for a package that depends on it — exports shaped like a function:
 * `(req, res)` is an HTTP function, `(data, context)` a 1st gen background function.
 */
export function frameworkHandlersByConvention(program: SourceProgram, source: ParsedSource): FrameworkHandler[] {
  const registered = registeredHandlers(program, source);
  if (registered.length || !isFrameworkMainModule(source.file)) return registered;
  const ts = program.ts;
  const out: FrameworkHandler[] = [];
  for (const name of exportedNames(ts, source)) {
    const found = program.findExport(source, name);
    const invocation = found && invocationByShape(ts, found.fn);
    if (!found || !invocation) continue;
    out.push({ exportName: name, ...found, registration: { platform: 'gcp', invocation, written: `exports.${name}`, loc: program.loc(found.source, found.fn) } });
  }
  return out;
}

/** What 1st gen background functions call their event: `(data, context)`, `(event)`, `(pubsubMessage)`. */
const EVENT_PARAMETER = /^(event|data|message|pubSubEvent|pubsubEvent|pubsubMessage|pubSubMessage|file|cloudEvent)$/;

/**
 * `(req, res)` → HTTP; an event parameter alone, with `context`, or with `context, callback` → a
 * background event. Anything else is not judged a handler.
 */
function invocationByShape(ts: typeof TsNamespace, fn: FunctionLike): 'http' | 'event' | undefined {
  const names = fn.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : ''));
  if (names.length === 2 && /^req(uest)?$/.test(names[0]!) && /^res(ponse)?$/.test(names[1]!)) return 'http';
  if (!EVENT_PARAMETER.test(names[0] ?? '')) return undefined;
  if (names.length === 1 || (names[1] === 'context' && (names.length === 2 || (names.length === 3 && names[2] === 'callback')))) return 'event';
  return undefined;
}

function exportedNames(ts: typeof TsNamespace, source: ParsedSource): string[] {
  const names: string[] = [];
  for (const statement of source.sourceFile.statements) {
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const match = /^(?:module\.)?exports\.(\w+)$/.exec(statement.expression.left.getText(source.sourceFile));
      if (match) names.push(match[1]!);
    }
    const modifiers = ts.canHaveModifiers(statement) ? ts.getModifiers(statement) : undefined;
    if (!modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) continue;
    if (ts.isFunctionDeclaration(statement) && statement.name) names.push(statement.name.text);
    if (ts.isVariableStatement(statement)) for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
  }
  return names;
}

/** The file is the module the framework loads (package.json `main`, else index.js) of a package that depends on the framework. */
export function isFrameworkMainModule(file: string): boolean {
  const folder = path.dirname(file);
  for (const dir of [folder, path.dirname(folder), path.dirname(path.dirname(folder))]) {
    let manifest: { dependencies?: Record<string, unknown>; devDependencies?: Record<string, unknown> };
    try {
      manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    } catch {
      continue;
    }
    if (!manifest.dependencies?.[FUNCTIONS_FRAMEWORK] && !manifest.devDependencies?.[FUNCTIONS_FRAMEWORK]) return false;
    return nodeMainFile(dir) === file;
  }
  return false;
}
