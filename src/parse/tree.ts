/**
 * The positioned document tree that every IaC parser produces.
 *
 * YAML and JSON templates both become this tree, so the model and the rules never see
 * which syntax a template was written in. CloudFormation intrinsics are normalised into
 * `fn` nodes whether they were written as short-form tags (`!GetAtt A.Arn`) or as
 * single-key maps (`{"Fn::GetAtt": ["A", "Arn"]}`).
 */

/** A 1-based source range; `endColumn` is exclusive, columns count UTF-16 code units. */
export interface Loc {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

interface NodeBase {
  loc: Loc;
  /** Structural path from the document root, e.g. `Resources/Fn/Properties/Timeout`; stable when lines move. */
  path: string;
}

export interface ScalarNode extends NodeBase {
  kind: 'scalar';
  value: string | number | boolean | null;
}

export interface MapEntry {
  key: string;
  keyLoc: Loc;
  value: TNode;
}

export interface MapNode extends NodeBase {
  kind: 'map';
  entries: MapEntry[];
}

export interface SeqNode extends NodeBase {
  kind: 'seq';
  items: TNode[];
}

/** A CloudFormation intrinsic function or `Condition` reference. */
export interface FnNode extends NodeBase {
  kind: 'fn';
  /** Canonical long name: `Ref`, `Condition`, `Fn::GetAtt`, `Fn::Sub`, … */
  name: string;
  arg: TNode;
}

export type TNode = ScalarNode | MapNode | SeqNode | FnNode;

export function isMap(node: TNode | undefined): node is MapNode {
  return node?.kind === 'map';
}

export function isSeq(node: TNode | undefined): node is SeqNode {
  return node?.kind === 'seq';
}

export function isScalar(node: TNode | undefined): node is ScalarNode {
  return node?.kind === 'scalar';
}

export function isFn(node: TNode | undefined, name?: string): node is FnNode {
  return node?.kind === 'fn' && (name === undefined || node.name === name);
}

/** Value of `key` in a map node; later duplicates win, as in CloudFormation. */
export function get(node: TNode | undefined, key: string): TNode | undefined {
  return entry(node, key)?.value;
}

export function entry(node: TNode | undefined, key: string): MapEntry | undefined {
  if (!isMap(node)) return undefined;
  for (let i = node.entries.length - 1; i >= 0; i--) {
    const e = node.entries[i]!;
    if (e.key === key) return e;
  }
  return undefined;
}

export function getPath(node: TNode | undefined, ...keys: string[]): TNode | undefined {
  let current = node;
  for (const key of keys) current = get(current, key);
  return current;
}

/** Items of a sequence; a single non-sequence value counts as a one-item list (IAM allows both). */
export function asList(node: TNode | undefined): TNode[] {
  if (node === undefined) return [];
  return isSeq(node) ? node.items : [node];
}

/** Visit every node depth-first, parents before children. */
export function walk(node: TNode, visit: (node: TNode, parentKey: string | undefined) => void, parentKey?: string): void {
  visit(node, parentKey);
  switch (node.kind) {
    case 'map':
      for (const e of node.entries) walk(e.value, visit, e.key);
      break;
    case 'seq':
      for (const item of node.items) walk(item, visit, parentKey);
      break;
    case 'fn':
      walk(node.arg, visit, parentKey);
      break;
    default:
      break;
  }
}

export function locContains(outer: Loc, inner: Loc): boolean {
  if (outer.file !== inner.file) return false;
  const startsAfter = inner.line > outer.line || (inner.line === outer.line && inner.column >= outer.column);
  const endsBefore = inner.line < outer.endLine || (inner.line === outer.endLine && inner.column <= outer.endColumn);
  return startsAfter && endsBefore;
}

/** A parsed JSON value embedded in a string (a policy, a function.json) as a tree: every part is located at the string itself. */
export function jsonValueAt(value: unknown, loc: Loc, path: string): TNode | undefined {
  if (Array.isArray(value)) return { kind: 'seq', items: value.flatMap((v, i) => jsonValueAt(v, loc, `${path}/${i}`) ?? []), loc, path };
  if (value !== null && typeof value === 'object') {
    const entries: MapEntry[] = [];
    for (const [key, v] of Object.entries(value)) {
      const node = jsonValueAt(v, loc, `${path}/${key}`);
      if (node) entries.push({ key, keyLoc: loc, value: node });
    }
    return { kind: 'map', entries, loc, path };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return { kind: 'scalar', value, loc, path };
  return undefined;
}
