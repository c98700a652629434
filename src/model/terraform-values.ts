/**
 * Terraform values as the lowering holds them: lowered nodes whose scalars, maps and lists are
 * known; whose references to resources (`Ref`, `Fn::GetAtt`) are known to exist but not their
 * value; and whose other functions (`Fn::Sub` of an unknown, `Fn::If` of an undecided condition)
 * are unknown. The operators and built-in functions that decide what gets deployed (`count`,
 * `for_each`, a conditional, a `dynamic` block) are evaluated here. Whatever depends on an unknown
 * stays unknown: nothing is guessed.
 */
import { isScalar, type Loc, type MapEntry, type TNode } from '../parse/tree.js';
import { scalar, seq, unknownValue } from './lower.js';

/**
 * An attribute, key or index that a known value does not have, or a function given what it
 * rejects: an error in Terraform, and what `try(…)` and `can(…)` catch.
 */
export class Missing extends Error {
  override name = 'Missing';
}

/** Resolves a reference to a variable's default (`Ref var:…`) to the default itself; anything else is returned as is. */
export type Deref = (node: TNode) => TNode;

const UNKNOWN = Symbol('unknown');
type Plain = string | number | boolean | null | Plain[] | { [key: string]: Plain };

/** A node's value when every part of it is known, else UNKNOWN. */
export function plain(node: TNode, deref: Deref): Plain | typeof UNKNOWN {
  const value = deref(node);
  switch (value.kind) {
    case 'scalar':
      return value.value;
    case 'seq': {
      const items: Plain[] = [];
      for (const item of value.items) {
        const p = plain(item, deref);
        if (p === UNKNOWN) return UNKNOWN;
        items.push(p);
      }
      return items;
    }
    case 'map': {
      const object: { [key: string]: Plain } = {};
      for (const entry of value.entries) {
        const p = plain(entry.value, deref);
        if (p === UNKNOWN) return UNKNOWN;
        object[entry.key] = p;
      }
      return object;
    }
    case 'fn':
      return UNKNOWN;
  }
}

/** true for null, false for a value that cannot be null (a literal, a collection, a resource's attribute), undefined when unknown. */
export function nullness(node: TNode, deref: Deref): boolean | undefined {
  const value = deref(node);
  if (value.kind === 'scalar') return value.value === null;
  if (value.kind === 'map' || value.kind === 'seq') return false;
  if (value.name === 'Fn::GetAtt') return false;
  // A reference to a resource (a variable's default has been resolved by deref already).
  if (value.name === 'Ref') return isScalar(value.arg) && String(value.arg.value).startsWith('var:') ? undefined : false;
  if (value.name === 'Fn::If') return sameForBoth(value, (branch) => nullness(branch, deref));
  if (value.name === 'Fn::Sub' && isScalar(value.arg) && typeof value.arg.value === 'string') {
    // Text around an unknown part makes a string; `${x}` alone may be an unknown null.
    return /^\$\{[^}]*\}$/.test(value.arg.value) ? undefined : false;
  }
  return undefined;
}

/** A condition's value: a boolean (or the strings "true"/"false", which Terraform converts), else undefined. */
export function truth(node: TNode, deref: Deref): boolean | undefined {
  const value = deref(node);
  if (value.kind === 'scalar') {
    if (typeof value.value === 'boolean') return value.value;
    if (value.value === 'true' || value.value === 'false') return value.value === 'true';
    return undefined;
  }
  if (value.kind === 'fn' && value.name === 'Fn::If') return sameForBoth(value, (branch) => truth(branch, deref));
  return undefined;
}

/** The entries of a known collection as `[key, value]`: a map's keys (in Terraform's order), a list's indexes. Undefined when unknown. */
export function elements(node: TNode, deref: Deref): [TNode, TNode][] | undefined {
  const value = deref(node);
  if (value.kind === 'map') return [...value.entries].sort((a, b) => compare(a.key, b.key)).map((e) => [scalar(e.key, e.keyLoc, value.path), e.value]);
  if (value.kind === 'seq') return value.items.map((item, i) => [scalar(i, item.loc, value.path), item]);
  return bothEmpty(value, deref) ? [] : undefined;
}

/** `unknown ? [] : {}`: whichever branch is deployed, the collection is empty. */
function bothEmpty(node: TNode, deref: Deref): boolean {
  return sameForBoth(node, (branch) => elements(branch, deref)?.length === 0) === true;
}

/**
 * The instance keys `for_each` makes of a known map (its keys) or set of strings (its members), in
 * Terraform's order; undefined when the collection or a member is unknown.
 */
export function forEachKeys(node: TNode, deref: Deref): { key: string; value: TNode; keyLoc: Loc }[] | undefined {
  const value = deref(node);
  if (value.kind === 'map') return value.entries.map((e) => ({ key: e.key, value: e.value, keyLoc: e.keyLoc })).sort((a, b) => compare(a.key, b.key));
  if (value.kind !== 'seq') return bothEmpty(value, deref) ? [] : undefined;
  const keys = new Map<string, { key: string; value: TNode; keyLoc: Loc }>();
  for (const item of value.items) {
    const p = plain(item, deref);
    if (typeof p !== 'string') return undefined;
    keys.set(p, { key: p, value: scalar(p, item.loc, item.path), keyLoc: item.loc });
  }
  return [...keys.values()].sort((a, b) => compare(a.key, b.key));
}

export function binary(op: string, left: TNode, right: TNode, deref: Deref, loc: Loc, path: string): TNode {
  const result = binaryValue(op, left, right, deref);
  return result === undefined ? unknownValue('a computed value', loc, path) : scalar(result, loc, path);
}

function binaryValue(op: string, left: TNode, right: TNode, deref: Deref): string | number | boolean | undefined {
  if (op === '&&' || op === '||') {
    const decisive = op === '||';
    const l = truth(left, deref);
    const r = truth(right, deref);
    // `false && unknown` is false whatever the unknown turns out to be.
    if (l === decisive || r === decisive) return decisive;
    return l === undefined || r === undefined ? undefined : !decisive;
  }
  if (op === '==' || op === '!=') {
    const equal = equality(left, right, deref);
    return equal === undefined ? undefined : equal === (op === '==');
  }
  const l = number(left, deref);
  const r = number(right, deref);
  if (l === undefined || r === undefined) return undefined;
  switch (op) {
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return r === 0 ? undefined : l / r;
    case '%': return r === 0 ? undefined : l % r;
    case '<': return l < r;
    case '>': return l > r;
    case '<=': return l <= r;
    case '>=': return l >= r;
    default: return undefined;
  }
}

export function unary(op: '!' | '-', operand: TNode, deref: Deref, loc: Loc, path: string): TNode {
  const value = op === '!' ? negate(truth(operand, deref)) : negative(number(operand, deref));
  return value === undefined ? unknownValue('a computed value', loc, path) : scalar(value, loc, path);
}

const negate = (b: boolean | undefined) => (b === undefined ? undefined : !b);
const negative = (n: number | undefined) => (n === undefined ? undefined : -n);

function equality(left: TNode, right: TNode, deref: Deref): boolean | undefined {
  const l = nullness(left, deref);
  const r = nullness(right, deref);
  if (l === true || r === true) return l === undefined || r === undefined ? undefined : l === r;
  const a = plain(left, deref);
  const b = plain(right, deref);
  if (a === UNKNOWN || b === UNKNOWN) return undefined;
  return JSON.stringify(a) === JSON.stringify(b);
}

function number(node: TNode, deref: Deref): number | undefined {
  const p = plain(node, deref);
  if (typeof p === 'number') return p;
  // Terraform converts a numeric string where a number is expected.
  if (typeof p === 'string' && p.trim() !== '' && Number.isFinite(Number(p))) return Number(p);
  return undefined;
}

/** Terraform orders map keys and set members lexically. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The built-in functions Terraform modules use to decide what they deploy, on evaluated
 * arguments. Undefined for a function not read here (the caller makes it unknown).
 */
export function builtin(name: string, args: TNode[], deref: Deref, loc: Loc, path: string): TNode | undefined {
  const unknown = () => unknownValue(`${name}()`, loc, path);
  const values = args.map(deref);
  const [first, second] = values;
  switch (name) {
    case 'jsonencode':
    case 'tolist':
    case 'tomap':
    case 'tostring':
    case 'tonumber':
      return args.length === 1 ? args[0] : unknown();
    case 'toset': {
      if (!first || first.kind !== 'seq') return first ?? unknown();
      const seen = new Set<string>();
      const items = first.items.filter((item) => {
        const p = plain(item, deref);
        if (p === UNKNOWN) return true;
        const key = JSON.stringify(p);
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      });
      return seq(items, first.loc, first.path);
    }
    case 'length': {
      if (!first) return unknown();
      if (first.kind === 'map') return scalar(first.entries.length, loc, path);
      if (first.kind === 'seq') return scalar(first.items.length, loc, path);
      if (first.kind === 'scalar' && typeof first.value === 'string') return scalar([...first.value].length, loc, path);
      return unknown();
    }
    case 'keys':
    case 'values': {
      if (first?.kind !== 'map') return unknown();
      const sorted = [...first.entries].sort((a, b) => compare(a.key, b.key));
      return seq(sorted.map((e) => (name === 'keys' ? scalar(e.key, e.keyLoc, path) : e.value)), loc, path);
    }
    case 'merge': {
      const merged = new Map<string, MapEntry>();
      for (const value of values) {
        if (value.kind === 'scalar' && value.value === null) continue;
        if (value.kind !== 'map') return unknown();
        for (const entry of value.entries) {
          merged.delete(entry.key);
          merged.set(entry.key, entry);
        }
      }
      return { kind: 'map', entries: [...merged.values()], loc, path };
    }
    case 'coalesce': {
      for (const value of args) {
        const isNull = nullness(value, deref);
        if (isNull === undefined) return unknown();
        const p = plain(value, deref);
        if (!isNull && p !== '') return value;
      }
      throw new Missing('coalesce() of only null or empty values');
    }
    case 'contains': {
      if (first?.kind !== 'seq' || !second) return unknown();
      const wanted = plain(second, deref);
      if (wanted === UNKNOWN) return unknown();
      const items = first.items.map((item) => plain(item, deref));
      const json = JSON.stringify(wanted);
      if (items.some((p) => p !== UNKNOWN && JSON.stringify(p) === json)) return scalar(true, loc, path);
      return items.includes(UNKNOWN) ? unknown() : scalar(false, loc, path);
    }
    case 'lookup': {
      if (!first || !second || args.length > 3) return unknown();
      const key = plain(second, deref);
      if (first.kind !== 'map' || typeof key !== 'string') {
        if (first.kind === 'scalar' && first.value === null) throw new Missing('lookup() in null');
        return unknown();
      }
      const entry = first.entries.find((e) => e.key === key);
      if (entry) return entry.value;
      if (args[2]) return args[2];
      throw new Missing(`lookup() of a missing key ${key}`);
    }
    case 'flatten': {
      if (first?.kind !== 'seq') return unknown();
      const flat: TNode[] = [];
      const visit = (node: TNode): boolean => {
        const value = deref(node);
        if (value.kind === 'seq') return value.items.every(visit);
        // An unknown may itself be a list, which would be spread: the result is unknown then.
        if (value.kind === 'fn' && value.name !== 'Ref' && value.name !== 'Fn::GetAtt') return false;
        flat.push(node);
        return true;
      };
      return visit(first) ? seq(flat, loc, path) : unknown();
    }
    case 'concat': {
      if (values.some((v) => v.kind !== 'seq')) return unknown();
      return seq(values.flatMap((v) => (v.kind === 'seq' ? v.items : [])), loc, path);
    }
    case 'compact': {
      if (first?.kind !== 'seq') return unknown();
      const kept: TNode[] = [];
      for (const item of first.items) {
        const p = plain(item, deref);
        if (p === UNKNOWN) return unknown();
        if (p !== null && p !== '') kept.push(item);
      }
      return seq(kept, loc, path);
    }
    case 'element': {
      const index = second && number(second, deref);
      if (first?.kind !== 'seq' || index === undefined || first.items.length === 0) return unknown();
      return first.items[Math.floor(index) % first.items.length];
    }
    case 'min':
    case 'max': {
      const numbers = args.map((a) => number(a, deref));
      if (!numbers.length || numbers.some((n) => n === undefined)) return unknown();
      return scalar(Math[name](...(numbers as number[])), loc, path);
    }
    default:
      return undefined;
  }
}

function sameForBoth<T>(node: TNode, read: (branch: TNode) => T | undefined): T | undefined {
  if (node.kind !== 'fn' || node.arg.kind !== 'seq') return undefined;
  const [, then, otherwise] = node.arg.items;
  if (!then || !otherwise) return undefined;
  const a = read(then);
  return a !== undefined && a === read(otherwise) ? a : undefined;
}
