/**
 * Serverless Framework variables, resolved as far as the files alone determine them.
 *
 * `${self:…}` and `${file(…)}` are read; `${opt:…}`, `${env:…}` and `${param:…}` take the fallback
 * written after the comma and record that assumption, because the value at deploy time comes from
 * the command line or the environment of whoever deploys; `${ssm:…}`, `${cf:…}`, `${s3:…}` and
 * everything else stay unknown. The linting machine's own environment is never read: results must
 * not depend on who runs sls-lint.
 */
import path from 'node:path';
import { get, isMap, isScalar, isSeq, type Loc, type MapNode, type TNode } from '../parse/tree.js';
import { parseYamlOrJson } from '../parse/yaml-json.js';
import { fn, map, scalar } from './lower.js';
import { readUtf8 } from '../parse/decode.js';

/** A fallback the resolver had to assume; becomes a synthetic template parameter so findings can say so. */
export interface AssumedVariable {
  /** Parameter name in the lowered template, e.g. `opt:stage`. */
  name: string;
  value: string | number | boolean;
  loc: Loc;
}

/** `raw`: CloudFormation's own `${AWS::Region}`/`${Bucket}`, kept for `Fn::Sub` as written. */
type Part = { text: string } | { raw: string } | { assumed: AssumedVariable } | { unknown: string };

const MAX_DEPTH = 12;
/** A framework variable names its source: `self:`, `opt:`, `file(`, `ssm:`, … (`AWS::Region` does not). */
const FRAMEWORK_VARIABLE = /^\s*[A-Za-z][\w-]*(:(?!:)|\()/;

export class VariableResolver {
  readonly assumed = new Map<string, AssumedVariable>();
  readonly problems: { message: string; loc: Loc }[] = [];
  private readonly files = new Map<string, TNode | undefined>();
  private readonly resolving = new Set<string>();

  constructor(
    private readonly root: MapNode,
    private readonly configFile: string,
  ) {}

  /** A copy of `node` with every variable resolved, or replaced by a parameter reference or an unknown value. */
  resolve(node: TNode, depth = 0): TNode {
    if (depth > MAX_DEPTH) return node;
    switch (node.kind) {
      case 'scalar':
        return typeof node.value === 'string' && node.value.includes('${') ? this.resolveString(node.value, node, depth) : node;
      case 'map':
        return { ...node, entries: node.entries.map((e) => ({ ...e, value: this.resolve(e.value, depth) })) };
      case 'seq':
        return { ...node, items: node.items.map((item) => this.resolve(item, depth)) };
      case 'fn':
        if (node.name === 'Fn::Sub') return { ...node, arg: this.resolveSubArgument(node.arg, depth) };
        return { ...node, arg: this.resolve(node.arg, depth) };
    }
  }

  /** Inside `Fn::Sub` the result stays one template: framework variables become its `${…}` parts. */
  private resolveSubArgument(arg: TNode, depth: number): TNode {
    const template = isSeq(arg) ? arg.items[0] : arg;
    if (!isScalar(template) || typeof template.value !== 'string' || !template.value.includes('${')) return this.resolve(arg, depth);
    const text = this.parts(template.value, template, depth)
      .map((p) => ('text' in p ? p.text : 'raw' in p ? p.raw : 'assumed' in p ? '${' + p.assumed.name + '}' : '${' + p.unknown + '}'))
      .join('');
    const resolved = { ...template, value: text };
    return isSeq(arg) ? { ...arg, items: [resolved, ...arg.items.slice(1).map((item) => this.resolve(item, depth))] } : resolved;
  }

  private resolveString(text: string, at: TNode, depth: number): TNode {
    const whole = matchWhole(text);
    if (whole !== undefined) {
      // `key: ${self:custom.settings}` may stand for a whole map or list, or keep a number's type.
      const target = this.lookupNode(whole, at, depth);
      if (target) return target.kind === 'scalar' ? { ...target, loc: at.loc, path: at.path } : target;
    }
    const parts = this.parts(text, at, depth);
    if (parts.every((p) => 'text' in p || 'raw' in p)) return scalar(parts.map((p) => ('text' in p ? p.text : (p as { raw: string }).raw)).join(''), at.loc, at.path);
    if (parts.length === 1 && 'assumed' in parts[0]!) return fn('Ref', scalar(parts[0].assumed.name, at.loc, at.path), at.loc, at.path);
    // A partly known string: known text stays literal, the rest become `${…}` the evaluator cannot resolve.
    const template = parts
      .map((p) => ('text' in p ? p.text.replace(/\$\{/g, '${!') : 'raw' in p ? p.raw.replace(/\$\{/g, '${!') : 'assumed' in p ? '${' + p.assumed.name + '}' : '${' + p.unknown + '}'))
      .join('');
    return fn('Fn::Sub', scalar(template, at.loc, at.path), at.loc, at.path);
  }

  private parts(text: string, at: TNode, depth: number): Part[] {
    const out: Part[] = [];
    let index = 0;
    while (index < text.length) {
      const start = text.indexOf('${', index);
      if (start < 0) {
        out.push({ text: text.slice(index) });
        break;
      }
      if (start > index) out.push({ text: text.slice(index, start) });
      const end = closingBrace(text, start + 2);
      if (end < 0) {
        out.push({ text: text.slice(start) });
        break;
      }
      const expression = text.slice(start + 2, end);
      // `${AWS::Region}` and `${Bucket}` inside `Fn::Sub` are CloudFormation's, not the framework's.
      out.push(FRAMEWORK_VARIABLE.test(expression) ? this.variablePart(expression, at, depth) : { raw: text.slice(start, end + 1) });
      index = end + 1;
    }
    return out;
  }

  private variablePart(expression: string, at: TNode, depth: number): Part {
    const node = this.lookupNode(expression, at, depth);
    if (node && isScalar(node) && node.value !== null) return { text: String(node.value) };
    if (node?.kind === 'fn' && node.name === 'Ref' && isScalar(node.arg)) {
      const assumed = this.assumed.get(String(node.arg.value));
      if (assumed) return { assumed };
    }
    return { unknown: describe(expression) };
  }

  /** The node a variable expression (without `${ }`) stands for, or undefined when it is not known. */
  private lookupNode(expression: string, at: TNode, depth: number): TNode | undefined {
    if (depth > MAX_DEPTH || this.resolving.has(expression)) return undefined;
    this.resolving.add(expression);
    try {
      const inner = this.resolveNested(expression, at, depth);
      if (inner === undefined) return undefined;
      const [source, fallback] = splitFallback(inner);
      const found = this.lookupSource(source.trim(), at, depth);
      if (found) return found;
      if (fallback === undefined) return undefined;
      return this.fallback(source.trim(), fallback.trim(), at, depth);
    } finally {
      this.resolving.delete(expression);
    }
  }

  /** `self:custom.${opt:stage, 'dev'}.size`: inner variables first; an unknown inner makes the whole unknown. */
  private resolveNested(expression: string, at: TNode, depth: number): string | undefined {
    if (!expression.includes('${')) return expression;
    const parts = this.parts(expression, at, depth + 1);
    if (parts.some((p) => 'unknown' in p)) return undefined;
    return parts.map((p) => ('text' in p ? p.text : 'raw' in p ? p.raw : 'assumed' in p ? String(p.assumed.value) : '')).join('');
  }

  private lookupSource(source: string, at: TNode, depth: number): TNode | undefined {
    const selfMatch = /^self:(.*)$/.exec(source);
    if (selfMatch) return this.walk(this.root, selfMatch[1]!, depth);
    const fileMatch = /^file\(([^)]+)\)(?::(.*))?$/.exec(source);
    if (fileMatch) {
      const document = this.readFile(fileMatch[1]!.trim().replace(/^['"]|['"]$/g, ''), at);
      return document && this.walk(document, fileMatch[2] ?? '', depth);
    }
    if (source === 'sls:stage') return this.lookupNode("self:provider.stage, 'dev'", at, depth + 1);
    if (source === 'aws:region') return this.lookupNode("self:provider.region, 'us-east-1'", at, depth + 1);
    return undefined;
  }

  /** Follows a dotted path, resolving variables met on the way (`custom.limits` may itself be `${file(…)}`). */
  private walk(root: TNode, dotted: string, depth: number): TNode | undefined {
    let current: TNode | undefined = root;
    for (const key of dotted.split('.').filter(Boolean)) {
      if (isScalar(current) && typeof current.value === 'string' && current.value.includes('${')) current = this.resolve(current, depth + 1);
      if (isSeq(current) && /^\d+$/.test(key)) current = current.items[Number(key)];
      else if (isMap(current)) current = get(current, key);
      else return undefined;
    }
    return current && this.resolve(current, depth + 1);
  }

  private fallback(source: string, fallback: string, at: TNode, depth: number): TNode | undefined {
    const literal = /^(['"])(.*)\1$/.exec(fallback);
    let value: string | number | boolean | undefined;
    if (literal) value = literal[2]!;
    else if (/^-?\d+(\.\d+)?$/.test(fallback)) value = Number(fallback);
    else if (fallback === 'true' || fallback === 'false') value = fallback === 'true';
    if (value === undefined) {
      // `${opt:stage, self:provider.stage}` (old syntax) or `${env:A, ${env:B, 'x'}}`.
      return this.lookupNode(fallback.replace(/^\$\{(.*)\}$/s, '$1'), at, depth + 1);
    }
    // A fallback for a self or file reference is a plain default, not a deploy-time assumption.
    if (/^(self:|file\()/.test(source)) return scalar(value, at.loc, at.path);
    const base = source.replace(/[^A-Za-z0-9:._/-]/g, '');
    let name = base;
    for (let n = 2; this.assumed.has(name) && this.assumed.get(name)!.value !== value; n++) name = `${base}#${n}`;
    if (!this.assumed.has(name)) this.assumed.set(name, { name, value, loc: at.loc });
    return fn('Ref', scalar(name, at.loc, at.path), at.loc, at.path);
  }

  private readFile(relative: string, at: TNode): TNode | undefined {
    const absolute = path.resolve(path.dirname(this.configFile), relative);
    if (this.files.has(absolute)) return this.files.get(absolute);
    let document: TNode | undefined;
    if (/\.(ya?ml|json)$/i.test(absolute)) {
      try {
        const parsed = parseYamlOrJson(readUtf8(absolute), absolute, absolute.toLowerCase().endsWith('.json') ? 'json' : 'yaml');
        const fatal = parsed.diagnostics.find((d) => d.fatal);
        if (fatal) this.problems.push({ message: `${relative} (used by \${file(...)}) does not parse: ${fatal.message}`, loc: at.loc });
        else document = parsed.root;
      } catch (error) {
        this.problems.push({ message: `${relative} (used by \${file(...)}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, loc: at.loc });
      }
    }
    this.files.set(absolute, document);
    return document;
  }
}

/** The synthetic `Parameters` section declaring every assumed fallback. */
export function assumedParameters(assumed: Iterable<AssumedVariable>, loc: Loc): MapNode {
  return map(
    [...assumed].map((a) => [a.name, map([['Type', scalar('String', a.loc, '')], ['Default', scalar(a.value, a.loc, '')]], a.loc, `variables/${a.name}`), a.loc]),
    loc,
    'variables',
  );
}

function matchWhole(text: string): string | undefined {
  if (!text.startsWith('${')) return undefined;
  const end = closingBrace(text, 2);
  return end === text.length - 1 ? text.slice(2, end) : undefined;
}

function closingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text.startsWith('${', i)) {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) {
      return i;
    }
  }
  return -1;
}

/** Splits `source, fallback` at the first comma outside quotes, parentheses and nested variables. */
function splitFallback(expression: string): [string, string | undefined] {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '(' || c === '{') {
      depth++;
    } else if (c === ')' || c === '}') {
      depth--;
    } else if (c === ',' && depth === 0) {
      return [expression.slice(0, i), expression.slice(i + 1)];
    }
  }
  return [expression, undefined];
}


/** How an unknown variable is named in messages: `ssm:/orders/key`, without a fallback's text. */
function describe(expression: string): string {
  return splitFallback(expression)[0].trim().replace(/[{}]/g, '');
}

