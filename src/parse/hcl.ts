/**
 * HCL2 native syntax (Terraform `.tf`) → a syntax tree that keeps exact source positions.
 *
 * Hand-written because no HCL package on npm reports where things are, and every finding on a
 * Terraform file has to point at the block, attribute or value it is about. Only syntax is read:
 * nothing is evaluated, and a template directive
 * (`%{ if }`…`%{ endif }`, `%{ for }`…`%{ endfor }`) is kept as one opaque part.
 *
 * String values are what Terraform would produce: escapes decoded, `$${`/`%%{` unescaped, strip
 * markers (`${~`, `~}`) applied, and `<<-` heredocs stripped of their common indentation. One
 * difference: a CRLF line break inside a heredoc comes out as "\n", so a Windows checkout reads the
 * same as any other.
 *
 * A few things Terraform rejects are accepted, because accepting them is harmless for a linter:
 * a newline after a binary operator, `?` or `:`; a closing brace on the line of a block's last
 * attribute; a heredoc whose closing marker is the last line of the file without a newline.
 */
import type { Loc } from './tree.js';

export interface HclFile {
  body: HclBody;
}

export interface HclBody {
  attributes: HclAttribute[];
  blocks: HclBlock[];
  /** The whole file for the top-level body; from `{` through `}` for a block's body. */
  loc: Loc;
}

export interface HclAttribute {
  name: string;
  nameLoc: Loc;
  expr: HclExpr;
  /** From the name through the end of the value. */
  loc: Loc;
}

export interface HclBlock {
  type: string;
  typeLoc: Loc;
  /** A quoted label's loc includes its quotes. */
  labels: { value: string; loc: Loc }[];
  body: HclBody;
  /** From the type through the closing brace. */
  loc: Loc;
}

export type HclStep = { kind: 'attr'; name: string } | { kind: 'index'; key: HclExpr } | { kind: 'splat' };

export type HclExpr =
  /** A quoted string without interpolation or directive, a number (`-1` folds to one literal), true, false, null. */
  | { kind: 'literal'; value: string | number | boolean | null; loc: Loc }
  /** A quoted string with `${…}`/`%{…}`, or any heredoc (so its text parts keep their positions). */
  | { kind: 'template'; parts: HclTemplatePart[]; loc: Loc; heredoc?: boolean }
  | { kind: 'tuple'; items: HclExpr[]; loc: Loc }
  /** A bare identifier key (`name = …`) is a string key, so it comes out as a literal string. */
  | { kind: 'object'; items: { key: HclExpr; keyName: string | undefined; value: HclExpr; loc: Loc }[]; loc: Loc }
  | { kind: 'call'; name: string; args: HclExpr[]; expandFinal: boolean; loc: Loc }
  /** A variable and what follows it: `var.x`, `aws_sqs_queue.dlq.arn`, `a[0].b`, `a.*.id`, `a[*].id`, `a.0`. */
  | { kind: 'traversal'; root: string; steps: HclStep[]; loc: Loc }
  /** Steps after something that is not a variable: `jsondecode(x).a`, `(x)[0]`, `[a, b][0]`. */
  | { kind: 'relative'; source: HclExpr; steps: HclStep[]; loc: Loc }
  | { kind: 'conditional'; condition: HclExpr; then: HclExpr; else: HclExpr; loc: Loc }
  | { kind: 'binary'; op: string; left: HclExpr; right: HclExpr; loc: Loc }
  | { kind: 'unary'; op: '!' | '-'; operand: HclExpr; loc: Loc }
  /** `[for v in c : x if p]`, `{for k, v in c : k => v...}`; without `parsed` when it is not one Terraform could read. */
  | { kind: 'for'; loc: Loc; parsed?: HclFor }
  | { kind: 'parens'; expr: HclExpr; loc: Loc };

export interface HclFor {
  /** `{ for … }` builds an object, `[ for … ]` a tuple. */
  object: boolean;
  /** The first variable of `for k, v in`: the key or index. */
  keyVar?: string;
  valueVar: string;
  collection: HclExpr;
  /** The key expression of an object `for` (before `=>`). */
  key?: HclExpr;
  value: HclExpr;
  /** `...` after the value: values with the same key are grouped into a list. */
  grouping: boolean;
  condition?: HclExpr;
}

export type HclTemplatePart =
  /** `loc` covers the source of the text, after any stripped indentation and without a final line break. */
  | { kind: 'text'; value: string; loc: Loc }
  | { kind: 'interpolation'; expr: HclExpr; loc: Loc }
  | { kind: 'directive'; loc: Loc };

export class HclSyntaxError extends Error {
  override name = 'HclSyntaxError';
  constructor(
    message: string,
    public readonly loc: Loc,
  ) {
    super(`${message} at ${loc.line}:${loc.column}`);
  }
}

/** Parses a Terraform file. Throws HclSyntaxError on invalid input, and nothing else. */
export function parseHcl(text: string, file: string): HclFile {
  // Like the rest of sls-lint, columns count from after a byte order mark.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const parser = new Parser(text, file);
  try {
    return { body: parser.parseFile() };
  } catch (error) {
    // The depth limit should make this unreachable; it keeps the promise if it is not.
    if (error instanceof RangeError && /call stack/i.test(error.message)) {
      throw new HclSyntaxError('The file is nested too deeply to read', parser.loc(0, 0));
    }
    throw error;
  }
}

interface Token {
  kind: 'ident' | 'number' | 'quote' | 'heredoc' | 'punct' | 'newline' | 'eof';
  /** The identifier, number or punctuation; for a heredoc, its closing marker. */
  text: string;
  start: number;
  end: number;
  /** `<<-`: the heredoc's common indentation is removed. */
  indented?: boolean;
}

/**
 * A piece of literal template text. `raw` text is exactly the source between `s` and `e`, so it
 * can be trimmed character by character; an escape or a line break maps to its whole source range.
 */
interface Piece {
  kind: 'raw' | 'escape' | 'newline';
  v: string;
  s: number;
  e: number;
}

/**
 * Template content as Terraform tokenises it before building parts: literal runs (one per heredoc
 * line), interpolations and directive tags. Strip markers and `<<-` indentation are defined on this
 * sequence, so it is kept until they have been applied. `hidden` marks what lies inside a directive.
 */
type TemplateToken =
  | { t: 'lit'; pieces: Piece[]; hidden: boolean }
  | { t: 'interp'; part: HclTemplatePart; hidden: boolean }
  | { t: 'tag'; part?: { kind: 'directive'; loc: Loc }; hidden: boolean };

const MAX_DEPTH = 500;
const PUNCTUATION = ['...', '==', '!=', '<=', '>=', '&&', '||', '::', '=>', '~}', ...'{}[](),.=:?!<>+-*/%'];
const PRECEDENCE = new Map([
  ['||', 1], ['&&', 2], ['==', 3], ['!=', 3], ['<', 4], ['>', 4], ['<=', 4], ['>=', 4], ['+', 5], ['-', 5], ['*', 6], ['/', 6], ['%', 6],
]);
const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
/** Go's unicode.IsSpace, which Terraform uses for strip markers and heredoc indentation. */
const SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;
const IDENTIFIER = /[\p{ID_Start}_][\p{ID_Continue}-]*/uy;
const NUMBER = /[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/y;
const QUOTED_TEXT = /[^"\\$%\r\n]*/y;
const HEREDOC_TEXT = /[^$%\r\n]*/y;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };
const DIRECTIVES = ['if', 'for', 'else', 'endif', 'endfor'];

class Parser {
  private readonly lineStarts: number[] = [0];
  private pos = 0;
  /** Whether a newline ends what is being read: in a body and an object, yes; inside (), [] and ${}, no. */
  private nl = true;
  private depth = 0;
  private cached: { pos: number; nl: boolean; token: Token } | undefined;

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  parseFile(): HclBody {
    const { attributes, blocks } = this.parseBody(undefined);
    return { attributes, blocks, loc: this.loc(0, this.text.length) };
  }

  // ---- positions and errors ----

  loc(start: number, end: number): Loc {
    const a = this.position(start);
    const b = this.position(end);
    return { file: this.file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  }

  private position(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - this.lineStarts[lo]! + 1 };
  }

  private fail(message: string, start: number, end = start): HclSyntaxError {
    return new HclSyntaxError(message, this.loc(start, end));
  }

  private failAt(message: string, token: Token): HclSyntaxError {
    // A newline is reported where the line ends rather than as a range onto the next line.
    return this.fail(message, token.start, token.kind === 'newline' ? token.start : token.end);
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw this.fail(`Nesting is deeper than ${MAX_DEPTH} levels`, this.pos);
  }

  // ---- scanner ----

  /** The token at `start`; the scanner has no state of its own, so looking further ahead is free. */
  private lex(start: number, nl: boolean): Token {
    const text = this.text;
    let i = start;
    for (;;) {
      const c = text[i];
      if (c === ' ' || c === '\t' || (c === '\r' && text[i + 1] !== '\n')) i++;
      else if (c === '\n' || c === '\r') {
        const end = c === '\r' ? i + 2 : i + 1;
        if (nl) return { kind: 'newline', text: '\n', start: i, end };
        i = end;
      } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
        // The line break after a comment still ends an attribute, so it is not skipped here.
        const eol = text.indexOf('\n', i);
        i = eol < 0 ? text.length : text[eol - 1] === '\r' ? eol - 1 : eol;
      } else if (c === '/' && text[i + 1] === '*') {
        const close = text.indexOf('*/', i + 2);
        if (close < 0) throw this.fail('Unterminated /* comment', i, i + 2);
        i = close + 2;
      } else break;
    }
    if (i >= text.length) return { kind: 'eof', text: '', start: text.length, end: text.length };
    const c = text[i]!;
    if (c >= '0' && c <= '9') {
      NUMBER.lastIndex = i;
      NUMBER.test(text);
      return { kind: 'number', text: text.slice(i, NUMBER.lastIndex), start: i, end: NUMBER.lastIndex };
    }
    const identEnd = this.identEnd(i);
    if (identEnd > i) return { kind: 'ident', text: text.slice(i, identEnd), start: i, end: identEnd };
    if (c === '"') return { kind: 'quote', text: c, start: i, end: i + 1 };
    if (c === '<' && text[i + 1] === '<') {
      const indented = text[i + 2] === '-';
      const markerStart = i + (indented ? 3 : 2);
      const markerEnd = this.identEnd(markerStart);
      if (markerEnd > markerStart) return { kind: 'heredoc', text: text.slice(markerStart, markerEnd), start: i, end: markerEnd, indented };
    }
    const punct = PUNCTUATION.find((p) => text.startsWith(p, i));
    if (punct) return { kind: 'punct', text: punct, start: i, end: i + punct.length };
    const ch = String.fromCodePoint(text.codePointAt(i)!);
    const shown = /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch) ? `"${ch}"` : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    throw this.fail(`Unexpected character ${shown}`, i, i + ch.length);
  }

  /** End of the identifier starting at `i`, or `i` if there is none. Identifiers may contain dashes. */
  private identEnd(i: number): number {
    IDENTIFIER.lastIndex = i;
    return IDENTIFIER.test(this.text) ? IDENTIFIER.lastIndex : i;
  }

  private peek(nl = this.nl): Token {
    const c = this.cached;
    if (c && c.pos === this.pos && c.nl === nl) return c.token;
    const token = this.lex(this.pos, nl);
    this.cached = { pos: this.pos, nl, token };
    return token;
  }

  private next(nl = this.nl): Token {
    const token = this.peek(nl);
    this.pos = token.end;
    return token;
  }

  private is(token: Token, punct: string): boolean {
    return token.kind === 'punct' && token.text === punct;
  }

  /** Moves past newlines (and comments) even where newlines matter. */
  private skipNewlines(): void {
    this.pos = this.peek(false).start;
  }

  private expect(punct: string, context: string): Token {
    const token = this.peek();
    if (!this.is(token, punct)) throw this.failAt(`Expected "${punct}" ${context}, found ${describe(token)}`, token);
    return this.next();
  }

  /** Runs `read` with newlines significant or not, restoring the surrounding mode afterwards. */
  private withNewlines<T>(nl: boolean, read: () => T): T {
    const saved = this.nl;
    this.nl = nl;
    const result = read();
    this.nl = saved;
    return result;
  }

  // ---- bodies ----

  /** Reads attributes and blocks up to the end of the file, or up to (not past) the `}` matching `open`. */
  private parseBody(open: Token | undefined): { attributes: HclAttribute[]; blocks: HclBlock[] } {
    this.enter();
    const saved = this.nl;
    this.nl = true;
    const attributes: HclAttribute[] = [];
    const blocks: HclBlock[] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'newline') {
        this.next();
        continue;
      }
      if (token.kind === 'eof') {
        if (open) throw this.failAt('This block is never closed: expected "}" before the end of the file', open);
        break;
      }
      if (open && this.is(token, '}')) break;
      if (token.kind !== 'ident') {
        const hint = token.kind === 'quote' ? ' (names are not quoted)' : '';
        throw this.failAt(`Expected an attribute or block name, found ${describe(token)}${hint}`, token);
      }
      this.next();
      const after = this.peek();
      if (this.is(after, '=')) attributes.push(this.parseAttribute(token));
      else if (after.kind === 'quote' || after.kind === 'ident' || this.is(after, '{')) blocks.push(this.parseBlock(token));
      else throw this.failAt(`Expected "=" or "{" after "${short(token.text)}", found ${describe(after)}`, after);
      const end = this.peek();
      if (end.kind === 'newline') this.next();
      else if (end.kind !== 'eof' && !(open && this.is(end, '}'))) {
        throw this.failAt(`Expected a newline after "${short(token.text)}", found ${describe(end)}`, end);
      }
    }
    this.nl = saved;
    this.depth--;
    return { attributes, blocks };
  }

  private parseAttribute(name: Token): HclAttribute {
    this.next(); // =
    const expr = this.parseExpression();
    const nameLoc = this.loc(name.start, name.end);
    return { name: name.text, nameLoc, expr, loc: span(nameLoc, expr.loc) };
  }

  private parseBlock(type: Token): HclBlock {
    const labels: HclBlock['labels'] = [];
    for (;;) {
      const token = this.peek();
      if (token.kind === 'ident') {
        this.next();
        labels.push({ value: token.text, loc: this.loc(token.start, token.end) });
      } else if (token.kind === 'quote') {
        this.next();
        const label = this.parseString(token);
        if (label.kind !== 'literal') throw new HclSyntaxError('A block label cannot contain interpolations or directives', label.loc);
        labels.push({ value: label.value as string, loc: label.loc });
      } else break;
    }
    const open = this.expect('{', `to open the block "${short(type.text)}"`);
    const { attributes, blocks } = this.parseBody(open);
    const close = this.next();
    const typeLoc = this.loc(type.start, type.end);
    return { type: type.text, typeLoc, labels, body: { attributes, blocks, loc: this.loc(open.start, close.end) }, loc: this.loc(type.start, close.end) };
  }

  // ---- expressions ----

  private parseExpression(): HclExpr {
    this.enter();
    const condition = this.parseBinary(1);
    let result = condition;
    if (this.is(this.peek(), '?')) {
      this.next();
      this.skipNewlines();
      const then = this.parseExpression();
      const colon = this.peek(false);
      if (!this.is(colon, ':')) throw this.failAt(`Expected ":" in the conditional expression, found ${describe(colon)}`, colon);
      this.pos = colon.end;
      this.skipNewlines();
      const otherwise = this.parseExpression();
      result = { kind: 'conditional', condition, then, else: otherwise, loc: span(condition.loc, otherwise.loc) };
    }
    this.depth--;
    return result;
  }

  /** Precedence climbing: operands bind to operators of at least `minPrecedence`; all are left-associative. */
  private parseBinary(minPrecedence: number): HclExpr {
    let left = this.parseUnary();
    for (;;) {
      const op = this.peek();
      const precedence = op.kind === 'punct' ? PRECEDENCE.get(op.text) : undefined;
      if (precedence === undefined || precedence < minPrecedence) return left;
      this.next();
      this.skipNewlines();
      const right = this.parseBinary(precedence + 1);
      left = { kind: 'binary', op: op.text, left, right, loc: span(left.loc, right.loc) };
    }
  }

  private parseUnary(): HclExpr {
    const op = this.peek();
    if (!this.is(op, '-') && !this.is(op, '!')) return this.parsePostfix(this.parsePrimary());
    this.next();
    this.enter();
    const operand = this.parseUnary();
    this.depth--;
    const loc = span(this.loc(op.start, op.end), operand.loc);
    // A negative number is a value in its own right (`retention_in_days = -1`), not arithmetic.
    if (op.text === '-' && operand.kind === 'literal' && typeof operand.value === 'number') return { kind: 'literal', value: -operand.value, loc };
    return { kind: 'unary', op: op.text as '-' | '!', operand, loc };
  }

  private parsePrimary(): HclExpr {
    const token = this.peek();
    const loc = this.loc(token.start, token.end);
    if (token.kind === 'number') {
      this.next();
      return { kind: 'literal', value: Number(token.text), loc };
    }
    if (token.kind === 'quote' || token.kind === 'heredoc') {
      this.next();
      return token.kind === 'quote' ? this.parseString(token) : this.parseHeredoc(token);
    }
    if (token.kind === 'ident') {
      this.next();
      if (token.text === 'true' || token.text === 'false') return { kind: 'literal', value: token.text === 'true', loc };
      if (token.text === 'null') return { kind: 'literal', value: null, loc };
      const after = this.peek();
      if (this.is(after, '(') || this.is(after, '::')) return this.parseCall(token);
      return { kind: 'traversal', root: token.text, steps: [], loc };
    }
    if (this.is(token, '[')) return this.parseTuple();
    if (this.is(token, '{')) return this.parseObject();
    if (this.is(token, '(')) {
      this.next();
      return this.withNewlines(false, () => {
        const expr = this.parseExpression();
        const close = this.expect(')', 'to close the parenthesis');
        return { kind: 'parens', expr, loc: this.loc(token.start, close.end) };
      });
    }
    throw this.failAt(`Expected an expression, found ${describe(token)}`, token);
  }

  private parseCall(first: Token): HclExpr {
    let name = first.text;
    // Provider functions: provider::aws::arn_parse(…)
    while (this.is(this.peek(), '::')) {
      this.next();
      const part = this.peek();
      if (part.kind !== 'ident') throw this.failAt(`Expected a function name after "::", found ${describe(part)}`, part);
      this.next();
      name += `::${part.text}`;
    }
    this.expect('(', `after the function name "${short(name)}"`);
    return this.withNewlines(false, () => {
      const args: HclExpr[] = [];
      let expandFinal = false;
      while (!this.is(this.peek(), ')')) {
        args.push(this.parseExpression());
        const sep = this.peek();
        if (this.is(sep, '...')) {
          this.next();
          expandFinal = true;
          break;
        }
        if (this.is(sep, ',')) this.next();
        else if (!this.is(sep, ')')) throw this.failAt(`Expected "," or ")" in the arguments of ${short(name)}(), found ${describe(sep)}`, sep);
      }
      const close = this.expect(')', `to close the arguments of ${short(name)}()`);
      return { kind: 'call', name, args, expandFinal, loc: this.loc(first.start, close.end) };
    });
  }

  /** `[for …` or `{for …`: `for` followed by a variable name, so a key or variable named `for` still works. */
  private atFor(): boolean {
    const token = this.peek(false);
    return token.kind === 'ident' && token.text === 'for' && this.lex(token.end, false).kind === 'ident';
  }

  private parseTuple(): HclExpr {
    const open = this.next();
    if (this.atFor()) return this.skipFor(open);
    return this.withNewlines(false, () => {
      const items: HclExpr[] = [];
      while (!this.is(this.peek(), ']')) {
        items.push(this.parseExpression());
        const sep = this.peek();
        if (this.is(sep, ',')) this.next();
        else if (!this.is(sep, ']')) throw this.failAt(`Expected "," or "]" after a tuple item, found ${describe(sep)}`, sep);
      }
      const close = this.next();
      return { kind: 'tuple', items, loc: this.loc(open.start, close.end) };
    });
  }

  private parseObject(): HclExpr {
    const open = this.next();
    if (this.atFor()) return this.skipFor(open);
    return this.withNewlines(true, () => {
      const items: Extract<HclExpr, { kind: 'object' }>['items'] = [];
      for (;;) {
        this.skipNewlines();
        if (this.is(this.peek(), '}')) break;
        let key = this.parseExpression();
        let keyName: string | undefined;
        if (key.kind === 'traversal' && key.steps.length === 0) {
          keyName = key.root;
          key = { kind: 'literal', value: key.root, loc: key.loc };
        } else if (key.kind === 'literal' && typeof key.value === 'string') keyName = key.value;
        const eq = this.peek();
        if (!this.is(eq, '=') && !this.is(eq, ':')) throw this.failAt(`Expected "=" or ":" after an object key, found ${describe(eq)}`, eq);
        this.next();
        const value = this.parseExpression();
        items.push({ key, keyName, value, loc: span(key.loc, value.loc) });
        const sep = this.peek();
        if (this.is(sep, ',') || sep.kind === 'newline') this.next();
        else if (!this.is(sep, '}')) throw this.failAt(`Expected a newline, "," or "}" after an object item, found ${describe(sep)}`, sep);
      }
      const close = this.next();
      return { kind: 'object', items, loc: this.loc(open.start, close.end) };
    });
  }

  /**
   * A `for` expression, read into its parts; one that does not read as one (a parse error inside)
   * is kept as its extent, found by matching brackets, so the error is reported as before.
   */
  private skipFor(open: Token): HclExpr {
    const saved = { pos: this.pos, nl: this.nl, depth: this.depth };
    try {
      return this.withNewlines(false, () => this.parseFor(open));
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      this.pos = saved.pos;
      this.nl = saved.nl;
      this.depth = saved.depth;
    }
    const close = this.withNewlines(false, () => this.skipBalanced(CLOSER[open.text]!));
    return { kind: 'for', loc: this.loc(open.start, close.end) };
  }

  private parseFor(open: Token): HclExpr {
    const object = open.text === '{';
    const closer = CLOSER[open.text]!;
    this.next(); // for
    const name = (what: string) => {
      const token = this.next();
      if (token.kind !== 'ident') throw this.failAt(`Expected ${what} in the for expression, found ${describe(token)}`, token);
      return token.text;
    };
    let valueVar = name('a variable name');
    let keyVar: string | undefined;
    if (this.is(this.peek(), ',')) {
      this.next();
      keyVar = valueVar;
      valueVar = name('a variable name');
    }
    const keyword = this.next();
    if (keyword.kind !== 'ident' || keyword.text !== 'in') throw this.failAt(`Expected "in" in the for expression, found ${describe(keyword)}`, keyword);
    const collection = this.parseExpression();
    this.expect(':', 'after the collection of the for expression');
    let key: HclExpr | undefined;
    if (object) {
      key = this.parseExpression();
      this.expect('=>', 'after the key of the for expression');
    }
    const value = this.parseExpression();
    let grouping = false;
    if (object && this.is(this.peek(), '...')) {
      this.next();
      grouping = true;
    }
    let condition: HclExpr | undefined;
    const maybeIf = this.peek();
    if (maybeIf.kind === 'ident' && maybeIf.text === 'if') {
      this.next();
      condition = this.parseExpression();
    }
    const close = this.expect(closer, 'to close the for expression');
    return { kind: 'for', loc: this.loc(open.start, close.end), parsed: { object, keyVar, valueVar, collection, key, value, grouping, condition } };
  }

  /** Skips tokens up to and including the unmatched `closer`; strings are read properly so brackets in them do not count. */
  private skipBalanced(closer: string): Token {
    const stack = [closer];
    for (;;) {
      const token = this.next(false);
      if (token.kind === 'eof') throw this.failAt(`Expected "${stack.at(-1)}" before the end of the file`, token);
      if (token.kind === 'quote') this.parseString(token);
      else if (token.kind === 'heredoc') this.parseHeredoc(token);
      else if (token.kind === 'punct' && CLOSER[token.text]) stack.push(CLOSER[token.text]!);
      else if (this.is(token, ')') || this.is(token, ']') || this.is(token, '}') || this.is(token, '~}')) {
        const found = token.text === '~}' ? '}' : token.text;
        if (found !== stack.pop()) throw this.failAt(`Unexpected "${token.text}"`, token);
        if (stack.length === 0) return token;
      }
    }
  }

  /** Attribute access, indexes and splats after a term; newlines end them where newlines matter. */
  private parsePostfix(source: HclExpr): HclExpr {
    const steps: HclStep[] = [];
    let end = source.loc;
    for (;;) {
      const token = this.peek();
      if (this.is(token, '.')) {
        this.next();
        const name = this.peek();
        if (name.kind === 'ident') {
          steps.push({ kind: 'attr', name: name.text });
          this.next();
        } else if (this.is(name, '*')) {
          steps.push({ kind: 'splat' });
          this.next();
        } else if (name.kind === 'number') {
          // Legacy index `a.0`: `a.0.1` scans as the number 0.1, so only the digits are taken.
          const digits = /^[0-9]+/.exec(name.text)![0];
          this.pos = name.start + digits.length;
          steps.push({ kind: 'index', key: { kind: 'literal', value: Number(digits), loc: this.loc(name.start, this.pos) } });
        } else throw this.failAt(`Expected an attribute name after ".", found ${describe(name)}`, name);
        end = this.loc(token.start, this.pos);
      } else if (this.is(token, '[')) {
        this.next();
        const close = this.withNewlines(false, () => {
          const star = this.peek();
          const after = this.is(star, '*') ? this.lex(star.end, false) : undefined;
          if (after && this.is(after, ']')) {
            steps.push({ kind: 'splat' });
            this.pos = after.end;
            return after;
          }
          steps.push({ kind: 'index', key: this.parseExpression() });
          return this.expect(']', 'to close the index');
        });
        end = this.loc(close.start, close.end);
      } else break;
    }
    if (steps.length === 0) return source;
    const loc = span(source.loc, end);
    if (source.kind === 'traversal') return { kind: 'traversal', root: source.root, steps, loc };
    return { kind: 'relative', source, steps, loc };
  }

  // ---- templates ----

  /** A quoted string whose opening quote has been read. */
  private parseString(open: Token): HclExpr {
    const { tokens, end } = this.scanTemplate(open, undefined);
    const loc = this.loc(open.start, end);
    const parts = assemble(tokens, this);
    if (tokens.every((t) => t.t === 'lit')) return { kind: 'literal', value: parts.map((p) => (p.kind === 'text' ? p.value : '')).join(''), loc };
    return { kind: 'template', parts, loc };
  }

  /** A heredoc whose `<<MARKER` has been read. */
  private parseHeredoc(open: Token): HclExpr {
    const { tokens, end } = this.scanTemplate(open, open.text);
    if (open.indented) removeIndentation(tokens);
    return { kind: 'template', parts: assemble(tokens, this), loc: this.loc(open.start, end), heredoc: true };
  }

  /**
   * Reads template content from `this.pos` to the closing quote, or to the line holding only the
   * heredoc `marker`, and leaves `this.pos` after it. Expressions inside `${…}` are parsed by the
   * expression parser, which is what makes `"${ "}" }"` and nested templates come out right.
   */
  private scanTemplate(open: Token, marker: string | undefined): { tokens: TemplateToken[]; end: number } {
    // A template costs the stack about twice what a bracket does, so it counts as a level of its own.
    this.enter();
    const text = this.text;
    const tokens: TemplateToken[] = [];
    let pieces: Piece[] | undefined;
    let trimNext = false;
    /** Open `%{ if }`/`%{ for }` directives: their content is hidden inside one opaque part. */
    const directives: { keyword: string; start: number; tag: TemplateToken & { t: 'tag' } }[] = [];
    let lineStart = marker !== undefined;
    let i = this.pos;

    if (marker !== undefined) {
      const eol = text[i] === '\r' && text[i + 1] === '\n' ? i + 2 : text[i] === '\n' ? i + 1 : -1;
      if (eol < 0) throw this.fail(`Expected a line break right after the heredoc marker "${short(marker)}"`, i);
      i = eol;
    }
    const add = (kind: Piece['kind'], v: string, s: number, e: number) => {
      pieces ??= [];
      const last = pieces.at(-1);
      if (kind === 'raw' && last?.kind === 'raw' && last.e === s) {
        last.v += v;
        last.e = e;
      } else pieces.push({ kind, v, s, e });
    };
    const endLiteral = () => {
      if (!pieces) return;
      if (trimNext) trimStart(pieces);
      tokens.push({ t: 'lit', pieces, hidden: directives.length > 0 });
      pieces = undefined;
      trimNext = false;
    };
    // `${~` and `%{~` trim only a literal that comes immediately before them.
    const trimPrevious = () => {
      const last = tokens.at(-1);
      if (last?.t === 'lit') trimEnd(last.pieces);
    };
    const sequence = (start: number, directive: boolean): number => {
      endLiteral();
      const strip = text[start + 2] === '~';
      if (strip) trimPrevious();
      this.pos = start + (strip ? 3 : 2);
      const saved = this.nl;
      this.nl = false;
      let close: Token;
      if (!directive) {
        const expr = this.parseExpression();
        close = this.peek();
        if (!this.is(close, '}') && !this.is(close, '~}')) throw this.failAt(`Expected "}" to close the interpolation, found ${describe(close)}`, close);
        this.next();
        tokens.push({ t: 'interp', part: { kind: 'interpolation', expr, loc: this.loc(start, close.end) }, hidden: directives.length > 0 });
      } else {
        const keyword = this.next();
        if (keyword.kind !== 'ident' || !DIRECTIVES.includes(keyword.text)) {
          throw this.failAt(`Expected a template directive (if, for, else, endif, endfor), found ${describe(keyword)}`, keyword);
        }
        close = this.skipBalanced('}');
        const top = directives.at(-1);
        const opens = keyword.text === 'if' || keyword.text === 'for';
        // Only the tag opening an outermost directive is visible: it becomes the opaque part.
        const part = opens && !top ? { kind: 'directive' as const, loc: this.loc(start, close.end) } : undefined;
        const tag: TemplateToken & { t: 'tag' } = { t: 'tag', part, hidden: !part };
        if (opens) directives.push({ keyword: keyword.text, start, tag });
        else if (keyword.text === 'else' ? top?.keyword !== 'if' : top?.keyword !== keyword.text.slice(3)) {
          throw this.fail(`Unexpected %{ ${keyword.text} }`, start, close.end);
        } else if (keyword.text !== 'else') {
          directives.pop();
          // The outermost directive is closed: its part now spans through this tag.
          if (directives.length === 0) top!.tag.part!.loc = this.loc(top!.start, close.end);
        }
        tokens.push(tag);
      }
      this.nl = saved;
      trimNext = close.text === '~}';
      return close.end;
    };

    for (;;) {
      if (lineStart) {
        const eol = text.indexOf('\n', i);
        const line = text.slice(i, eol < 0 ? text.length : eol);
        if (line.trim() === marker) {
          i += line.length - line.trimStart().length + marker.length;
          break;
        }
        lineStart = false;
      }
      if (i >= text.length) {
        const what = marker === undefined ? 'string' : `heredoc: expected a line holding only "${short(marker)}"`;
        throw this.fail(`Unterminated ${what}`, open.start, open.end);
      }
      const c = text[i]!;
      const brace = text[i + 1] === '{';
      if (c === '\n' || (c === '\r' && text[i + 1] === '\n')) {
        if (marker === undefined) throw this.fail('Unterminated string: a quoted string must end on the line it starts', open.start, open.end);
        const e = c === '\r' ? i + 2 : i + 1;
        add('newline', '\n', i, e);
        endLiteral();
        i = e;
        lineStart = true;
      } else if (c === '"' && marker === undefined) {
        endLiteral();
        i++;
        break;
      } else if ((c === '$' || c === '%') && brace) {
        i = sequence(i, c === '%');
      } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') {
        add('escape', `${c}{`, i, i + 3);
        i += 3;
      } else if (c === '\\' && marker === undefined) {
        i = this.escape(i, add);
      } else {
        // Plain text up to the next character that could mean something.
        const plain = marker === undefined ? QUOTED_TEXT : HEREDOC_TEXT;
        plain.lastIndex = i + 1;
        plain.test(text);
        add('raw', text.slice(i, plain.lastIndex), i, plain.lastIndex);
        i = plain.lastIndex;
      }
    }
    endLiteral();
    const unclosed = directives[0];
    if (unclosed) throw this.fail(`Unclosed %{ ${unclosed.keyword} }: expected %{ end${unclosed.keyword} }`, unclosed.start, unclosed.start + 2);
    this.pos = i;
    this.depth--;
    return { tokens, end: i };
  }

  /** Decodes the backslash escape at `i` in a quoted string; returns where it ends. */
  private escape(i: number, add: (kind: Piece['kind'], v: string, s: number, e: number) => void): number {
    const c = this.text[i + 1];
    if (c !== undefined && ESCAPES[c] !== undefined) {
      add('escape', ESCAPES[c], i, i + 2);
      return i + 2;
    }
    const digits = c === 'u' ? 4 : c === 'U' ? 8 : 0;
    const hex = this.text.slice(i + 2, i + 2 + digits);
    const code = digits && /^[0-9A-Fa-f]+$/.test(hex) && hex.length === digits ? parseInt(hex, 16) : -1;
    if (code < 0 || code > 0x10ffff) {
      const shown = c === undefined || c === '\n' || c === '\r' ? '\\' : `\\${String.fromCodePoint(this.text.codePointAt(i + 1)!)}`;
      throw this.fail(`Invalid escape sequence "${shown}"`, i, i + shown.length);
    }
    add('escape', String.fromCodePoint(code), i, i + 2 + digits);
    return i + 2 + digits;
  }
}

// ---- template text ----

function trimStart(pieces: Piece[]): void {
  while (pieces.length > 0) {
    const p = pieces[0]!;
    if (p.kind === 'raw') {
      const lead = leadingSpace(p.v);
      p.v = p.v.slice(lead);
      p.s += lead;
      if (p.v) return;
    } else if (!isAllSpace(p.v)) return;
    pieces.shift();
  }
}

function trimEnd(pieces: Piece[]): void {
  while (pieces.length > 0) {
    const p = pieces.at(-1)!;
    if (p.kind === 'raw') {
      let keep = p.v.length;
      while (keep > 0 && SPACE.test(p.v[keep - 1]!)) keep--;
      p.e -= p.v.length - keep;
      p.v = p.v.slice(0, keep);
      if (p.v) return;
    } else if (!isAllSpace(p.v)) return;
    pieces.pop();
  }
}

function leadingSpace(s: string): number {
  let n = 0;
  while (n < s.length && SPACE.test(s[n]!)) n++;
  return n;
}

function isAllSpace(s: string): boolean {
  return leadingSpace(s) === s.length;
}

const valueOf = (pieces: Piece[]): string => pieces.map((p) => p.v).join('');

/**
 * `<<-`: removes the smallest indentation of the lines from each line, as Terraform does it: on the
 * literal that starts each line, blank lines not counting, and a line that starts with `${` or
 * `%{` counting as not indented at all.
 */
function removeIndentation(tokens: TemplateToken[]): void {
  let min = Infinity;
  let lineStart = true;
  const adjust: Piece[][] = [];
  for (const token of tokens) {
    if (lineStart) {
      lineStart = false;
      if (token.t !== 'lit') min = 0;
      else {
        const value = valueOf(token.pieces);
        const lead = leadingSpace(value);
        if (lead < value.length || !value.endsWith('\n')) {
          min = Math.min(min, lead);
          adjust.push(token.pieces);
        }
      }
    }
    if (token.t === 'lit' && valueOf(token.pieces).endsWith('\n')) lineStart = true;
  }
  if (!Number.isFinite(min) || min === 0) return;
  for (const pieces of adjust) {
    let remove = min;
    while (remove > 0 && pieces.length > 0) {
      const p = pieces[0]!;
      const take = Math.min(remove, p.v.length);
      remove -= take;
      if (p.kind === 'raw' && take < p.v.length) {
        p.v = p.v.slice(take);
        p.s += take;
      } else pieces.shift();
    }
  }
}

/** Turns the visible template tokens into parts, joining adjacent literal runs into one text part. */
function assemble(tokens: TemplateToken[], positions: { loc(start: number, end: number): Loc }): HclTemplatePart[] {
  const parts: HclTemplatePart[] = [];
  let run: Piece[] = [];
  const endRun = () => {
    const value = valueOf(run);
    if (value) {
      const last = run.at(-1)!;
      // The loc stays on the lines of the text: a final line break is part of the value, not of the range.
      parts.push({ kind: 'text', value, loc: positions.loc(run[0]!.s, last.kind === 'newline' ? last.s : last.e) });
    }
    run = [];
  };
  for (const token of tokens) {
    if (token.hidden) continue;
    if (token.t === 'lit') {
      for (const piece of token.pieces) run.push(piece);
    } else {
      endRun();
      if (token.part) parts.push(token.part);
    }
  }
  endRun();
  return parts;
}

function span(from: Loc, to: Loc): Loc {
  return { file: from.file, line: from.line, column: from.column, endLine: to.endLine, endColumn: to.endColumn };
}

function short(text: string): string {
  return text.length > 24 ? `${text.slice(0, 21)}...` : text;
}

const DESCRIPTIONS: Partial<Record<Token['kind'], string>> = { eof: 'the end of the file', newline: 'the end of the line', quote: 'a string', heredoc: 'a heredoc' };

/** A token as an error message names it: never more than a short piece of the source. */
function describe(token: Token): string {
  return DESCRIPTIONS[token.kind] ?? `"${short(token.text)}"`;
}
