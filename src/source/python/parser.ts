/**
 * Python source through tree-sitter's Python grammar, run as WebAssembly (`web-tree-sitter` and the
 * `.wasm` that ships in `tree-sitter-python`): no native build and no install script. The runtime
 * and grammar load on the first Python file only, so JavaScript-only runs never pay for them.
 *
 * Tree-sitter recovers from syntax errors: the tree still holds every statement that parsed, with
 * ERROR and MISSING nodes where it could not. Callers decide which errors matter (see `syntaxErrors`).
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Node, Parser as ParserType, Tree } from 'web-tree-sitter';
import type { Loc } from '../../parse/tree.js';

export type { Node, Tree } from 'web-tree-sitter';

export const MAX_PYTHON_BYTES = 2 * 1024 * 1024;

export interface PythonSource {
  file: string;
  text: string;
  tree: Tree;
  root: Node;
  /** Where the parser had to recover: ERROR nodes and tokens it inserted (MISSING), in source order. */
  syntaxErrors: Node[];
}

export class PythonParser {
  constructor(private readonly parser: ParserType) {}

  /** Parses text with the one shared parser; the tree keeps exact UTF-16 positions of the text. */
  parse(file: string, text: string): PythonSource {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('the Python parser returned no tree');
    return { file, text, tree, root: tree.rootNode, syntaxErrors: collectErrors(tree.rootNode) };
  }

  /** Reads and parses a file, or says why it cannot: too large, binary, unreadable. Never throws. */
  read(file: string): PythonSource | { reason: string } {
    try {
      const size = statSync(file).size;
      if (size > MAX_PYTHON_BYTES) return { reason: `larger than ${MAX_PYTHON_BYTES / 1024 / 1024} MiB (${(size / 1024 / 1024).toFixed(1)} MiB), not read` };
      const bytes = readFileSync(file);
      // A NUL byte never occurs in Python source; compiled or data files sometimes carry a .py name.
      if (bytes.subarray(0, 8192).includes(0)) return { reason: 'binary file, not Python source' };
      return this.parse(file, decode(bytes));
    } catch (error) {
      return { reason: (error as Error).message.split('\n')[0]! };
    }
  }
}

/** UTF-8 (Python 3's default, with or without a BOM); other declared encodings read as Latin-1 so positions stay per character. */
function decode(bytes: Buffer): string {
  const text = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false }).decode(bytes);
  if (!text.includes('\uFFFD')) return text;
  const head = bytes.subarray(0, 200).toString('latin1');
  return /^[ \t\f]*#.*?coding[:=][ \t]*(latin-1|iso-8859-1|cp1252|latin1)/im.test(head) ? bytes.toString('latin1') : text;
}

function collectErrors(root: Node): Node[] {
  if (!root.hasError) return [];
  const errors: Node[] = [];
  const visit = (node: Node): void => {
    if (node.isError || node.isMissing) {
      errors.push(node);
      return;
    }
    if (!node.hasError) return;
    for (const child of node.children) if (child) visit(child);
  };
  visit(root);
  return errors;
}

/** 1-based line and column, the end exclusive, in UTF-16 units: the same convention as the JavaScript frontend. */
export function pythonLoc(file: string, node: Node): Loc {
  const start = node.startPosition;
  const end = node.endPosition;
  return { file, line: start.row + 1, column: start.column + 1, endLine: end.row + 1, endColumn: end.column + 1 };
}

let loading: Promise<PythonParser> | undefined;

/**
 * The shared parser, created on first use (about 40 ms to compile the WebAssembly). One Parser is
 * reused for every file: tree-sitter parsers are cheap to reuse and costly to create.
 */
export function loadPythonParser(): Promise<PythonParser> {
  loading ??= (async () => {
    const { Parser, Language } = await import('web-tree-sitter');
    await Parser.init();
    const require = createRequire(import.meta.url);
    const language = await Language.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new Parser();
    parser.setLanguage(language);
    return new PythonParser(parser);
  })();
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}
