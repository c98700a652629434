/**
 * Handler linking: from a function's `Handler` and code location to the source file that holds the
 * handler. This is what lets a source rule know that *this* file is fed by an SQS queue.
 *
 * Node.js, in order: an esbuild entry point (SAM `Metadata.BuildMethod: esbuild`), the module
 * itself with any JS/TS extension, then a compiled path (`dist/index.handler`) mapped back to its
 * TypeScript source through `tsconfig.json` (`outDir` → `rootDir`). Python: the module as Lambda's
 * bootstrap imports it from the code root (./python.ts). The runtime decides which is tried; when
 * it is not known (Terraform `runtime = var.runtime`), JS/TS first, then Python. A handler that
 * cannot be linked gets a reason and a category for the run summary, never a guess.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import type { FunctionModel, HandlerLink, StackModel } from '../model/types.js';
import { linkCdkAsset } from './cdk-assets.js';
import { isFile, linkLanguage, SOURCE_EXTENSIONS, withExtension } from './files.js';
import { linkInlineCode } from './inline.js';
import { pythonCandidatesText, pythonModulePath, resolvePythonModule } from './python.js';
import { readUtf8 } from '../parse/decode.js';

const TYPESCRIPT_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js'];

/** Which source languages the runtime allows: both when the runtime is not known (a `.py` file decides). */
export type RuntimeFamily = 'node' | 'python';

export function linkHandlers(stack: StackModel): void {
  // Functions of one template mostly share a CodeUri: look each folder up once.
  const folders = new Map<string, string | undefined>();
  // The Serverless Framework deploys a function without a runtime as Node.js; elsewhere a missing runtime says nothing.
  const unsetRuntime: RuntimeFamily[] = stack.format === 'serverless' ? ['node'] : ['node', 'python'];
  for (const fn of stack.functions) fn.handlerLink = linkHandler(fn, path.dirname(stack.file), folders, unsetRuntime);
}

export function linkHandler(fn: FunctionModel, templateDir: string, folders = new Map<string, string | undefined>(), unsetRuntime: RuntimeFamily[] = ['node', 'python']): HandlerLink {
  const link = resolveHandler(fn, templateDir, folders, unsetRuntime);
  return link.status === 'linked' && !link.language ? { ...link, language: linkLanguage(link) } : link;
}

function resolveHandler(fn: FunctionModel, templateDir: string, folders: Map<string, string | undefined>, unsetRuntime: RuntimeFamily[]): HandlerLink {
  const code = fn.code;
  switch (code.kind) {
    case 'image':
      return { status: 'not-applicable', reason: 'the function is a container image', category: 'container-image' };
    case 'inline':
      return linkInlineCode(fn);
    case 's3':
      return { status: 'not-linked', reason: 'the code is already packaged in S3; lint the template that has the local CodeUri', category: 'prebuilt-package' };
    case 'unknown':
      // The lowerings say "prebuilt package" (Terraform `filename`) or "packaged artifact" (serverless `package.artifact`).
      return { status: 'not-linked', reason: code.reason, category: /prebuilt package|packaged artifact/.test(code.reason) ? 'prebuilt-package' : 'other' };
    default:
      break;
  }
  const runtime = fn.runtime.value;
  const families: RuntimeFamily[] = !runtime ? unsetRuntime : !runtime.known ? ['node', 'python'] : runtime.value.startsWith('nodejs') ? ['node'] : runtime.value.startsWith('python') ? ['python'] : [];
  if (runtime?.known && families.length === 0) {
    return { status: 'not-applicable', reason: `runtime ${runtime.value} is not analysed yet (Node.js and Python only)`, category: 'runtime-not-analysed' };
  }
  if (!fn.handler) return { status: 'not-linked', reason: 'the function has no Handler', category: 'other' };
  if (!fn.handler.known) return { status: 'not-linked', reason: `the Handler ${fn.handler.reason}`, category: 'other' };

  const handler = fn.handler.value;
  const dot = handler.lastIndexOf('.');
  if (dot <= 0 || dot === handler.length - 1) return { status: 'not-linked', reason: `Handler "${handler}" is not of the form <file>.<export>`, category: 'other' };
  const modulePath = handler.slice(0, dot);
  const exportName = handler.slice(dot + 1);
  if (code.kind === 'cdk-asset') return firstLinked(families.map((family) => () => linkCdkAsset(code.path, modulePath, exportName, templateDir, family)));
  if (/\.(zip|jar)$/i.test(code.path)) {
    return { status: 'not-linked', reason: `the code is a prebuilt package (${code.path}) that sls-lint does not unpack`, category: 'prebuilt-package' };
  }
  const location = path.resolve(templateDir, code.path);
  if (!folders.has(location)) folders.set(location, codeFolder(location));
  const base = folders.get(location);
  if (!base) return { status: 'not-linked', reason: `CodeUri ${code.path} does not exist`, category: 'missing-file' };
  const where = path.relative(templateDir, base) || "the template's folder";
  // `Handler: run.sh` with the Lambda Web Adapter layer: a script starts a web server, no function is the entry.
  if (exportName === 'sh' && isFile(path.resolve(base, `${modulePath}.sh`))) {
    return { status: 'not-applicable', reason: `the handler ${handler} is a script that starts the code (Lambda Web Adapter or an exec wrapper), not a function sls-lint can follow`, category: 'other' };
  }

  const tried: string[] = [];
  for (const family of families) {
    if (family === 'node') {
      const link = linkJavaScript(fn, base, modulePath, exportName, templateDir);
      if (link) return link;
      tried.push(`${modulePath}.{${SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`);
    } else {
      const relative = pythonModulePath(modulePath);
      if (!relative) {
        if (families.length === 1) return { status: 'not-linked', reason: `Handler "${handler}" does not name a Python module Lambda can import`, category: 'other' };
        continue;
      }
      const file = resolvePythonModule(base, relative);
      if (file) return { status: 'linked', file, exportName, via: 'source', language: 'python', codeRoot: base };
      tried.push(pythonCandidatesText(relative));
    }
  }
  // serverless-wsgi writes wsgi_handler.py into the package; the Flask/Django app it serves is named in custom.wsgi.app.
  if (modulePath === 'wsgi_handler' && families.includes('python')) {
    return { status: 'not-applicable', reason: 'wsgi_handler.py is generated by the serverless-wsgi plugin when it packages; the WSGI app it serves is not read', category: 'other' };
  }
  return { status: 'not-linked', reason: `no ${tried.join(' or ')} in ${where}`, category: 'missing-file' };
}

function linkJavaScript(fn: FunctionModel, base: string, modulePath: string, exportName: string, templateDir: string): HandlerLink | undefined {
  if (fn.build?.method === 'esbuild') {
    const entry = fn.build.entryPoints.find((e) => stripExtension(path.basename(e)) === path.basename(modulePath));
    if (entry && isFile(path.resolve(base, entry))) {
      return { status: 'linked', file: path.resolve(base, entry), exportName, via: 'esbuild-entry-point' };
    }
  }
  const direct = withExtension(path.resolve(base, modulePath), SOURCE_EXTENSIONS);
  if (direct) return { status: 'linked', file: direct, exportName, via: 'source' };

  const compiled = fromCompiledOutput(path.resolve(base, modulePath), base, templateDir);
  if (compiled) return { status: 'linked', file: compiled, exportName, via: 'tsconfig-out-dir' };
  return undefined;
}

/** The first attempt that links, else the last attempt's reason (the runtime's own family comes first). */
function firstLinked(attempts: (() => HandlerLink)[]): HandlerLink {
  let last: HandlerLink | undefined;
  for (const attempt of attempts) {
    last = attempt();
    if (last.status === 'linked') return last;
  }
  return last!;
}

/** The folder a CodeUri designates (a file's folder when it names a file). */
function codeFolder(location: string): string | undefined {
  try {
    return statSync(location).isDirectory() ? location : path.dirname(location);
  } catch {
    return undefined;
  }
}

/** A compiled file (`dist/HttpTrigger/index.js`) mapped back to its TypeScript source, looking for a tsconfig.json up to `projectDir`. */
export function findCompiledSource(compiled: string, projectDir: string): string | undefined {
  return fromCompiledOutput(compiled.replace(/\.[cm]?js$/, ''), path.dirname(compiled), projectDir);
}

/**
 * `dist/handlers/orders` → `src/handlers/orders.ts` when a tsconfig.json between the code folder
 * and the template says `outDir: dist` (and `rootDir`, default `src` when that folder exists).
 */
export function fromCompiledOutput(target: string, base: string, templateDir: string): string | undefined {
  for (let dir = base; ; dir = path.dirname(dir)) {
    const options = readCompilerOptions(path.join(dir, 'tsconfig.json'));
    if (options?.outDir) {
      const outDir = path.resolve(dir, options.outDir);
      const relative = path.relative(outDir, target);
      if (!relative.startsWith('..') && !path.isAbsolute(relative)) {
        const rootDir = options.rootDir ? path.resolve(dir, options.rootDir) : existsSync(path.join(dir, 'src')) ? path.join(dir, 'src') : dir;
        const source = withExtension(path.join(rootDir, relative), TYPESCRIPT_EXTENSIONS);
        if (source) return source;
      }
    }
    if (dir === templateDir || path.dirname(dir) === dir || !dir.startsWith(templateDir)) return undefined;
  }
}

function readCompilerOptions(file: string): { outDir?: string; rootDir?: string } | undefined {
  let text: string;
  try {
    text = readUtf8(file);
  } catch {
    return undefined;
  }
  try {
    const config = JSON.parse(stripJsonComments(text)) as { compilerOptions?: { outDir?: unknown; rootDir?: unknown } };
    const { outDir, rootDir } = config.compilerOptions ?? {};
    return { ...(typeof outDir === 'string' ? { outDir } : {}), ...(typeof rootDir === 'string' ? { rootDir } : {}) };
  } catch {
    return undefined;
  }
}

/** tsconfig.json allows comments and trailing commas; strip them outside strings. */
function stripJsonComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      const end = closingQuote(text, i);
      out += text.slice(i, end + 1);
      i = end;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end === -1 ? text.length : end + 1;
    } else {
      out += ch;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function closingQuote(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return text.length - 1;
}

function stripExtension(file: string): string {
  return file.slice(0, file.length - path.extname(file).length);
}
