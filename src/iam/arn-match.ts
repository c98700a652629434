/**
 * Three-valued matching of a policy's Resource pattern against the ARN a call acts on, when parts of
 * either are only known at deploy time.
 *
 * Both sides are written as text in which `${…}` marks a part sls-lint cannot read (see
 * `src/iam/resources.ts` for how they are spelled): `${AWS::Region}` (a pseudo parameter),
 * `${name:Table}` (the physical name of stack resource Table: one fixed string, different from the
 * name of any other resource of the stack), and `${?…}` (anything at all). The pattern also has
 * IAM's `*` and `?`. A match is `yes` when it holds whatever the unknown parts turn out to be, `no`
 * when it holds for none of them, and `maybe` otherwise: the rules judge only `yes` and `no`.
 */
export type Match = 'yes' | 'no' | 'maybe';

type Element =
  | { t: 'ch'; c: string }
  | { t: 'star' }
  | { t: 'one' }
  /** A fixed unknown string: a pseudo parameter or a resource's name; equal ids are equal strings. */
  | { t: 'sym'; id: string }
  | { t: 'unk' };

function elements(text: string, pattern: boolean): Element[] {
  const out: Element[] = [];
  const parts = text.split(/(\$\{[^}]*\})/);
  for (const part of parts) {
    if (!part) continue;
    const token = /^\$\{([^}]*)\}$/.exec(part);
    if (token) {
      const name = token[1]!;
      out.push(name.startsWith('AWS::') || name.startsWith('name:') ? { t: 'sym', id: name } : { t: 'unk' });
      continue;
    }
    for (const c of part) {
      if (pattern && c === '*') out.push({ t: 'star' });
      else if (pattern && c === '?') out.push({ t: 'one' });
      else out.push({ t: 'ch', c });
    }
  }
  return out;
}

/** Every value of the unknown parts matches: each is consumed whole by a `*` or by the same symbol. */
function always(p: Element[], s: Element[]): boolean {
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    let result: boolean;
    if (i === p.length) result = j === s.length;
    else {
      const pe = p[i]!;
      if (pe.t === 'star') result = go(i + 1, j) || (j < s.length && go(i, j + 1));
      else if (j === s.length) result = false;
      else {
        const se = s[j]!;
        const same =
          (pe.t === 'ch' && se.t === 'ch' && pe.c === se.c) ||
          (pe.t === 'one' && se.t === 'ch') ||
          (pe.t === 'sym' && se.t === 'sym' && pe.id === se.id);
        result = same && go(i + 1, j + 1);
      }
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Some value of the unknown parts matches: unknowns and symbols facing other text may be anything. */
function sometimes(p: Element[], s: Element[]): boolean {
  const memo = new Map<number, boolean>();
  const flexible = (e: Element | undefined) => e !== undefined && (e.t === 'star' || e.t === 'unk' || e.t === 'sym');
  const go = (i: number, j: number): boolean => {
    const key = i * (s.length + 1) + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    memo.set(key, false);
    const pe = p[i];
    const se = s[j];
    let result = false;
    if (pe === undefined && se === undefined) result = true;
    else if (pe?.t === 'sym' && se?.t === 'sym') {
      // Two names of the stack: the same resource or two different ones.
      result = pe.id === se.id ? go(i + 1, j + 1) : (pe.id.startsWith('AWS::') || se.id.startsWith('AWS::')) && (go(i + 1, j) || go(i, j + 1));
    } else {
      if (flexible(pe)) result = go(i + 1, j) || (se !== undefined && go(i, j + 1));
      if (!result && flexible(se)) result = go(i, j + 1) || (pe !== undefined && go(i + 1, j));
      if (!result && pe && se && !flexible(pe) && !flexible(se)) {
        result = (pe.t === 'ch' && se.t === 'ch' && pe.c === se.c) || (pe.t === 'one' && se.t === 'ch');
        result &&= go(i + 1, j + 1);
      }
    }
    memo.set(key, result);
    return result;
  };
  return go(0, 0);
}

/** Whether a Resource pattern of a policy covers an ARN (both with `${…}` unknown parts). */
export function matchResource(pattern: string, arn: string): Match {
  const p = elements(pattern, true);
  const s = elements(arn, false);
  if (always(p, s)) return 'yes';
  return sometimes(p, s) ? 'maybe' : 'no';
}
