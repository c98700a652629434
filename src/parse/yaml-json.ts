/**
 * YAML and JSON documents → the positioned tree of `tree.ts`.
 *
 * Both syntaxes go through the `yaml` package (JSON is valid YAML 1.2 flow syntax), which keeps
 * offsets for every node. CloudFormation short-form tags are not registered with `yaml`: an
 * unregistered tag keeps the node and its `tag`, which is all we need to rebuild the intrinsic.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node as YamlNode, type ScalarTag } from 'yaml';
import { FLOW_INDENTATION_ERRORS, reindentFlowContinuations } from './flow-indentation.js';
import { parseJsonTree } from './json.js';
import type { Loc, MapEntry, TNode } from './tree.js';

export interface Diagnostic {
  code: 'syntax' | 'duplicate-key' | 'unknown-tag';
  severity: 'error' | 'warning';
  /** Never contains source text: messages may be printed next to masked secrets. */
  message: string;
  loc?: Loc;
  /** A fatal diagnostic means the document could not be analysed at all. */
  fatal: boolean;
}

export interface ParsedDocument {
  root: TNode | undefined;
  diagnostics: Diagnostic[];
}

/** Short-form tag → canonical intrinsic name. */
const SHORT_FORM_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!ToJsonString': 'Fn::ToJsonString',
  '!Length': 'Fn::Length',
};

/**
 * The short forms registered with `yaml` as pass-through tags: nodes keep their `tag`, and `yaml`
 * does not build an "unresolved tag" warning (an Error with a stack trace) for each `!Ref`.
 */
const CLOUDFORMATION_TAGS = Object.keys(SHORT_FORM_TAGS).flatMap((tag) => [
  { tag, resolve: (value: unknown) => value },
  { tag, collection: 'seq' as const, resolve: (value: unknown) => value },
  { tag, collection: 'map' as const, resolve: (value: unknown) => value },
]) as unknown as ScalarTag[];

/** Prefix for intrinsics whose tag we do not know; the evaluator treats them as unknown values. */
export const UNKNOWN_TAG_PREFIX = 'UnknownTag:';

const PLACEHOLDER = /\{\{|\{%|\$\{\{/;

export function parseYamlOrJson(text: string, file: string, syntax: 'yaml' | 'json'): ParsedDocument {
  if (syntax === 'json') {
    const jsonError = checkJson(text, file);
    if (jsonError) return { root: undefined, diagnostics: [jsonError] };
    return parseJsonTree(text, file, { toIntrinsic, escapeSegment, duplicateKeyMessage: describeYamlError('DUPLICATE_KEY', 'Map keys must be unique', text) });
  }
  return parseYaml(text, file, syntax);
}

/**
 * The `yaml` package's reading of a document. JSON read this way gives the same tree as
 * `parseJsonTree`, only far slower: the tests compare the two.
 */
export function parseYaml(text: string, file: string, syntax: 'yaml' | 'json'): ParsedDocument {
  const diagnostics: Diagnostic[] = [];

  let attempt = parseOnce(text);
  if (attempt.error) return { root: undefined, diagnostics: [attempt.error] };
  let shifts: Map<number, number> | undefined;
  if (syntax === 'yaml' && attempt.doc.errors.some((e) => FLOW_INDENTATION_ERRORS.has(e.code))) {
    const reindented = reindentFlowContinuations(text);
    const retry = reindented && parseOnce(reindented.text);
    if (retry && !retry.error && retry.doc.errors.every((e) => e.code === 'DUPLICATE_KEY')) {
      attempt = retry;
      shifts = reindented.shifts;
    }
  }
  const { doc, lineCounter } = attempt;

  const position = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    const shift = shifts?.get(pos.line - 1) ?? 0;
    return { line: pos.line, col: Math.max(1, pos.col - shift) };
  };
  const locOf = (start: number, end: number): Loc => {
    const a = position(start);
    const b = position(Math.max(start, end));
    return { file, line: a.line, column: a.col, endLine: b.line, endColumn: b.col };
  };

  let fatal = false;
  for (const error of doc.errors) {
    const duplicateKey = error.code === 'DUPLICATE_KEY';
    // One fatal error per file: the ones after it are usually echoes of the first.
    if (fatal) break;
    if (!duplicateKey) fatal = true;
    diagnostics.push({
      code: duplicateKey ? 'duplicate-key' : 'syntax',
      severity: 'error',
      fatal: !duplicateKey,
      message: describeYamlError(error.code, firstLine(error.message), text),
      loc: locOf(error.pos[0], error.pos[1]),
    });
  }
  if (fatal) return { root: undefined, diagnostics };

  const converted = new Map<unknown, TNode>();
  const convert = (node: unknown, path: string): TNode => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (!target) return scalarAt(null, node as YamlNode, path);
      node = target;
    }
    const cached = converted.get(node);
    if (cached) return cached;
    const yamlNode = node as YamlNode | null;
    let result: TNode;
    if (yamlNode === null || yamlNode === undefined) {
      result = { kind: 'scalar', value: null, loc: locOf(0, 0), path };
    } else if (isMap(yamlNode)) {
      result = convertMap(yamlNode, path);
    } else if (isSeq(yamlNode)) {
      result = { kind: 'seq', items: [], loc: rangeLoc(yamlNode), path };
      converted.set(node, result);
      yamlNode.items.forEach((item, i) => (result as { items: TNode[] }).items.push(convert(item, `${path}/${i}`)));
    } else if (isScalar(yamlNode)) {
      result = scalarAt(yamlNode.value as ScalarValue, yamlNode, path);
    } else {
      result = { kind: 'scalar', value: null, loc: rangeLoc(yamlNode), path };
    }
    const final = toIntrinsic(wrapTag(result, yamlNode, path));
    converted.set(node, final);
    return final;
  };

  type ScalarValue = string | number | boolean | null;
  const scalarAt = (value: ScalarValue, node: YamlNode, path: string): TNode => ({
    kind: 'scalar',
    value: typeof value === 'bigint' ? Number(value) : (value as unknown) instanceof Date ? String(value) : value,
    loc: rangeLoc(node),
    path,
  });

  const rangeLoc = (node: YamlNode): Loc => {
    const range = node.range;
    return range ? locOf(range[0], range[1]) : locOf(0, 0);
  };

  const convertMap = (node: YamlNode & { items: unknown[] }, path: string): TNode => {
    const entries: MapEntry[] = [];
    const mapNode: TNode = { kind: 'map', entries, loc: rangeLoc(node), path };
    converted.set(node, mapNode);
    const own: MapEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : keyNode ? String(keyNode) : '';
      const keyLoc = keyNode?.range ? locOf(keyNode.range[0], keyNode.range[1]) : mapNode.loc;
      if (keyNode !== null && !isScalar(keyNode)) {
        // CloudFormation has no complex keys; `{{ name }}:` is an unrendered Jinja/cookiecutter placeholder.
        complexKey ??= locOf(keyNode.range?.[0] ?? 0, keyNode.range?.[1] ?? 0);
        continue;
      }
      if (isScalar(keyNode) && (typeof keyNode.value === 'symbol' || (keyNode.value === '<<' && keyNode.type === 'PLAIN'))) {
        // Merge keys: merged entries first so the map's own keys, added later, win in `get()`.
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of sources) {
          const merged = convert(source, path);
          if (merged.kind === 'map') entries.push(...merged.entries);
        }
        continue;
      }
      own.push({ key, keyLoc, value: convert(pair.value, `${path}/${escapeSegment(key)}`) });
    }
    entries.push(...own);
    return mapNode;
  };

  const wrapTag = (result: TNode, node: YamlNode | null, path: string): TNode => {
    const tag = node && 'tag' in node ? (node as { tag?: string }).tag : undefined;
    if (!tag || tag.startsWith('tag:yaml.org,2002:')) return result;
    const name = SHORT_FORM_TAGS[tag];
    const loc = tagStartLoc(node, tag) ?? result.loc;
    if (name) return { kind: 'fn', name, arg: result, loc, path };
    diagnostics.push({
      code: 'unknown-tag',
      severity: 'warning',
      fatal: false,
      message: `unknown tag ${tag}: its value is treated as unknown`,
      loc,
    });
    return { kind: 'fn', name: UNKNOWN_TAG_PREFIX + tag, arg: result, loc, path };
  };

  /** `yaml` ranges start after a node's tag; findings should underline `!Sub …` from the `!`. */
  const tagStartLoc = (node: YamlNode | null, tag: string): Loc | undefined => {
    const range = node?.range;
    if (!range) return undefined;
    let pos = range[0];
    while (pos > 0 && (text[pos - 1] === ' ' || text[pos - 1] === '\t')) pos--;
    if (text.slice(pos - tag.length, pos) !== tag) return undefined;
    return locOf(pos - tag.length, range[1]);
  };

  let complexKey: Loc | undefined;
  const root = doc.contents ? convert(doc.contents, '') : undefined;
  if (complexKey) {
    const placeholder = PLACEHOLDER.test(text);
    return {
      root: undefined,
      diagnostics: [{
        code: 'syntax',
        severity: 'error',
        fatal: true,
        loc: complexKey,
        message: placeholder
          ? 'a mapping key is a template placeholder such as {{ … }}: render the file (cookiecutter, Jinja) before linting, since sls-lint checks rendered templates only, not placeholders'
          : 'a mapping key is itself a mapping or a list, which CloudFormation does not allow',
      }],
    };
  }
  return { root, diagnostics };
}

type ParseAttempt =
  | { doc: Document.Parsed; lineCounter: LineCounter; error?: undefined }
  | { error: Diagnostic; doc?: undefined; lineCounter?: undefined };

function parseOnce(text: string): ParseAttempt {
  const lineCounter = new LineCounter();
  // `yaml` reports each bad token as an Error, and a template whose flow lists break YAML's
  // indentation rules has thousands; their stack traces, never read, were most of its parse time.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return { doc: parseDocument(text, { lineCounter, merge: true, prettyErrors: false, uniqueKeys: true, strict: false, customTags: CLOUDFORMATION_TAGS }), lineCounter };
  } catch (error) {
    return { error: { code: 'syntax', severity: 'error', fatal: true, message: `could not parse: ${sanitise((error as Error).message)}` } };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

/** `{"Ref": "X"}` and `{"Fn::Sub": …}` are the long form of intrinsics: normalise them. */
function toIntrinsic(node: TNode): TNode {
  if (node.kind !== 'map' || node.entries.length !== 1) return node;
  const only = node.entries[0]!;
  if (only.key === 'Ref' || (only.key.startsWith('Fn::') && only.key !== 'Fn::ForEach')) {
    return { kind: 'fn', name: only.key, arg: only.value, loc: node.loc, path: node.path };
  }
  return node;
}

function escapeSegment(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function firstLine(message: string): string {
  return sanitise(message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, ''));
}

/** `yaml` quotes the offending source in some messages; a secret may sit there, so cut it out. */
function sanitise(message: string): string {
  return message.replace(/:\s*".*$/s, '').replace(/"[^"]*"/g, '…');
}

function describeYamlError(code: string, message: string, text: string): string {
  if (PLACEHOLDER.test(text)) {
    return `${message} (the file contains template placeholders such as {{ … }} or {% … %}: render it, e.g. with cookiecutter or Jinja, before linting)`;
  }
  if (code === 'DUPLICATE_KEY') return `${message}: only the last value takes effect and the earlier one is silently ignored; sls-lint analyses the last one`;
  return message;
}

/**
 * JSON.parse gives JSON-specific messages, but V8 quotes source text in some of them; keep only
 * the description and compute the position ourselves so no value (a secret, say) is echoed.
 */
function checkJson(text: string, file: string): Diagnostic | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const raw = (error as Error).message;
    const position = /position (\d+)/.exec(raw);
    const description = raw
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '')
      .replace(/"[^"]*"/g, '…');
    const diagnostic: Diagnostic = { code: 'syntax', severity: 'error', fatal: true, message: `invalid JSON: ${description}` };
    if (position) {
      const offset = Number(position[1]);
      let line = 1;
      let lineStart = 0;
      for (let i = 0; i < offset && i < text.length; i++) {
        if (text.charCodeAt(i) === 10) {
          line++;
          lineStart = i + 1;
        }
      }
      const column = offset - lineStart + 1;
      diagnostic.loc = { file, line, column, endLine: line, endColumn: column + 1 };
    }
    return diagnostic;
  }
}
