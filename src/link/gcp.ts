/**
 * Google Cloud Functions: from a function's source folder and entry point to the file that holds it.
 *
 * The Functions Framework loads one module per function: for Node.js the file `main` names in the
 * folder's package.json, else `index.js`; for Python `main.py`. The entry point is an export of that
 * module or a name registered with `functions.http('name', fn)` / `functions.cloudEvent(…)` (the
 * JavaScript frontend looks for both); in Python it is a function of `main.py`.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FunctionModel, HandlerLink, StackModel } from '../model/types.js';
import { isFile, withExtension } from './files.js';
import { fromCompiledOutput } from './handlers.js';

export function linkGcpFunctions(stack: StackModel): void {
  const templateDir = path.dirname(stack.file);
  for (const fn of stack.functions) if (fn.platform === 'gcp') fn.handlerLink = linkGcpFunction(fn, templateDir);
}

export function linkGcpFunction(fn: FunctionModel, templateDir: string): HandlerLink {
  const code = fn.code;
  if (code.kind !== 'path') {
    const reason = code.kind === 'unknown' ? code.reason : 'the code is not a local folder';
    return { status: 'not-linked', reason, category: /prebuilt package/.test(reason) ? 'prebuilt-package' : 'other' };
  }
  const runtime = fn.runtime.value;
  const family = runtime?.known ? (runtime.value.startsWith('nodejs') ? 'node' : runtime.value.startsWith('python') ? 'python' : undefined) : 'either';
  if (!family) return { status: 'not-applicable', reason: `runtime ${runtime!.known ? runtime!.value : ''} is not analysed yet (Node.js and Python only)`, category: 'runtime-not-analysed' };
  if (!fn.handler) return { status: 'not-linked', reason: 'the function has no entry_point', category: 'other' };
  if (!fn.handler.known) return { status: 'not-linked', reason: `the entry_point ${fn.handler.reason}`, category: 'other' };
  const exportName = fn.handler.value;
  const folder = path.resolve(templateDir, code.path);
  if (!isDirectory(folder)) return { status: 'not-linked', reason: `source folder ${code.path} does not exist`, category: 'missing-file' };
  if (family !== 'node' && isFile(path.join(folder, 'main.py'))) {
    return { status: 'linked', file: path.join(folder, 'main.py'), exportName, via: 'source', language: 'python', codeRoot: folder };
  }
  if (family !== 'python') {
    const file = nodeMainFile(folder);
    if (file) return { status: 'linked', file, exportName, via: file.endsWith('.ts') ? 'tsconfig-out-dir' : 'source' };
  }
  const expected = family === 'python' ? 'main.py' : family === 'node' ? "package.json's main or index.js" : "main.py, package.json's main or index.js";
  return { status: 'not-linked', reason: `no ${expected} in ${code.path}`, category: 'missing-file' };
}

/** The module the Node.js Functions Framework loads: package.json `main` (its TypeScript source when it is compiled), else index.js. */
export function nodeMainFile(folder: string): string | undefined {
  let main: unknown;
  try {
    main = (JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { main?: unknown }).main;
  } catch {
    main = undefined;
  }
  if (typeof main === 'string' && main.trim()) {
    const target = path.resolve(folder, main);
    const direct = withExtension(target) ?? withExtension(path.join(target, 'index'));
    if (direct) return direct;
    const compiled = fromCompiledOutput(target.replace(/\.[cm]?js$/, ''), folder, folder);
    if (compiled) return compiled;
  }
  return withExtension(path.join(folder, 'index'), ['.js', '.mjs', '.cjs', '.ts']);
}

function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
