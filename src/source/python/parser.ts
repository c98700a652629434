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
import type { Parser as ParserType, Point, TreeCursor } from 'web-tree-sitter';
import type { Loc } from '../../parse/tree.js';

export const MAX_PYTHON_BYTES = 2 * 1024 * 1024;

/**
 * A syntax node, copied out of tree-sitter's WebAssembly memory in one cursor pass. Reading nodes
 * through web-tree-sitter marshals each access across the WASM boundary, which made analysis ten
 * times slower than parsing; plain objects also compare by identity and free the WASM tree at once.
 * Anonymous tokens (punctuation, keywords) are dropped, except those the parser reports MISSING.
 */
export class Node {
  parent: Node | null = null;
  readonly namedChildren: Node[] = [];
  /** Named children by grammar field (`name`, `body`, `left`, …). */
  private fields: Map<string, Node[]> | undefined;
  hasError = false;

  constructor(
    private readonly source: SourceText,
    readonly type: string,
    readonly startIndex: number,
    readonly endIndex: number,
    readonly isMissing: boolean,
  ) {}

  /** Row and column (0-based, UTF-16 units), as tree-sitter reports them; computed here, not read through WASM. */
  get startPosition(): Point {
    return this.source.position(this.startIndex);
  }

  get endPosition(): Point {
    return this.source.position(this.endIndex);
  }

  get isError(): boolean {
    return this.type === 'ERROR';
  }

  get text(): string {
    return this.source.text.slice(this.startIndex, this.endIndex);
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  namedChild(index: number): Node | null {
    return this.namedChildren[index] ?? null;
  }

  childForFieldName(field: string): Node | null {
    return this.fields?.get(field)?.[0] ?? null;
  }

  childrenForFieldName(field: string): Node[] {
    return this.fields?.get(field) ?? [];
  }

  /** Descendants of a type, in source order (not the node itself). */
  descendantsOfType(types: string | string[]): Node[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: Node[] = [];
    const stack = [...this.namedChildren].reverse();
    while (stack.length) {
      const node = stack.pop()!;
      if (wanted.includes(node.type)) out.push(node);
      for (let i = node.namedChildren.length - 1; i >= 0; i--) stack.push(node.namedChildren[i]!);
    }
    return out;
  }

  equals(other: Node | null | undefined): boolean {
    return this === other;
  }

  addChild(child: Node, field: string | null): void {
    child.parent = this;
    this.namedChildren.push(child);
    if (field) {
      this.fields ??= new Map();
      const list = this.fields.get(field);
      if (list) list.push(child);
      else this.fields.set(field, [child]);
    }
    if (child.hasError) this.hasError = true;
  }
}

export interface PythonSource {
  file: string;
  text: string;
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
    try {
      const root = copyTree(tree.walk(), text);
      return { file, text, root, syntaxErrors: collectErrors(root) };
    } finally {
      tree.delete();
    }
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

class SourceText {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  position(index: number): Point {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle]! <= index) low = middle;
      else high = middle - 1;
    }
    return { row: low, column: index - this.lineStarts[low]! };
  }
}

function copyTree(cursor: TreeCursor, text: string): Node {
  const source = new SourceText(text);
  const make = () => {
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    // Only a zero-width node can be one the parser inserted.
    const node = new Node(source, cursor.nodeType, start, end, start === end && cursor.nodeIsMissing);
    if (node.isError || node.isMissing) node.hasError = true;
    return node;
  };
  const root = make();
  const stack: Node[] = [root];
  if (!cursor.gotoFirstChild()) return root;
  for (;;) {
    const parent = stack.at(-1)!;
    const keep = cursor.nodeIsNamed || cursor.nodeIsMissing || cursor.nodeType === 'ERROR';
    const node = keep ? make() : undefined;
    if (node) parent.addChild(node, cursor.currentFieldName);
    if (node && cursor.gotoFirstChild()) {
      stack.push(node);
      continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || stack.length === 1) {
        cursor.delete();
        return root;
      }
      const done = stack.pop()!;
      if (done.hasError) stack.at(-1)!.hasError = true;
    }
  }
}

function collectErrors(root: Node): Node[] {
  if (!root.hasError) return [];
  const errors: Node[] = [];
  // Iterative: a long chain of binary operators nests as deep as it is long.
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    if (node.isError || node.isMissing) errors.push(node);
    else if (node.hasError) for (let i = node.namedChildren.length - 1; i >= 0; i--) stack.push(node.namedChildren[i]!);
  }
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
    const require = createRequire(import.meta.url);
    // Its CommonJS build: the CLI bundle runs from V8's code cache, where `import()` has no loader.
    const { Parser, Language } = require('web-tree-sitter') as typeof import('web-tree-sitter');
    await Parser.init();
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
