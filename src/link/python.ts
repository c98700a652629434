/**
 * Python handlers: `Handler: orders.api.handler` → `orders/api.py` under the function's code root.
 *
 * Lambda's Python bootstrap splits the handler at its last dot and imports the rest with
 * `importlib.import_module(modname.replace('/', '.'))`, with the code root (the unpacked package)
 * first on `sys.path`. So `src/handlers/create.main` and `src.handlers.create.main` name the same
 * module, and a package folder (`orders/api/__init__.py`) wins over a module file of the same name,
 * as it does for Python's own finder.
 */
import path from 'node:path';
import { isFile } from './files.js';

/** The module's path relative to the code root, without extension (`orders/api`); undefined when Python could not import it. */
export function pythonModulePath(modulePath: string): string | undefined {
  const segments = modulePath.replace(/\//g, '.').split('.');
  // `./app` or `a..b` make import_module fail at run time: nothing to link.
  if (segments.some((s) => s === '' || /\s/.test(s))) return undefined;
  return segments.join('/');
}

/** The file Python imports for `relative` under `codeRoot`, if there is one. */
export function resolvePythonModule(codeRoot: string, relative: string): string | undefined {
  const stem = path.join(codeRoot, ...relative.split('/'));
  for (const candidate of [path.join(stem, '__init__.py'), `${stem}.py`]) if (isFile(candidate)) return candidate;
  return undefined;
}

/** The files tried, for a reason that names them: `orders/api.py or orders/api/__init__.py`. */
export function pythonCandidatesText(relative: string): string {
  return `${relative}.py or ${relative}/__init__.py`;
}
