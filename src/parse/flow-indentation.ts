/**
 * CloudFormation (like PyYAML) accepts multi-line flow constructs whose continuation lines are not
 * indented past their key — a JSON policy pasted into a single-quoted `!Sub '{ … }'`, or
 * `Resource: [` followed by items at the key's own indentation. The `yaml` package follows the spec
 * and rejects them. This pass indents those continuation lines just enough; indentation inside a
 * flow collection or a quoted scalar's line folding carries no meaning, so no value changes. It
 * records how far each line moved so positions can be mapped back to the user's file.
 */

export interface Reindented {
  text: string;
  /** Spaces added at the start of each line (0-based line index); absent means none. */
  shifts: Map<number, number>;
}

/** Error codes from `yaml` that an under-indented flow construct produces. */
export const FLOW_INDENTATION_ERRORS = new Set(['BAD_INDENT', 'MISSING_CHAR']);

export function reindentFlowContinuations(text: string): Reindented | undefined {
  const lines = text.split('\n');
  const shifts = new Map<number, number>();
  let quote: "'" | '"' | undefined;
  let depth = 0;
  /** Minimum indentation for continuation lines of the open construct. */
  let required = 0;
  let blockScalarIndent: number | undefined;

  for (let index = 0; index < lines.length; index++) {
    let line = lines[index]!;
    const indent = line.length - line.trimStart().length;
    const open = quote !== undefined || depth > 0;

    if (!open && blockScalarIndent !== undefined) {
      if (line.trim() === '' || indent > blockScalarIndent) continue;
      blockScalarIndent = undefined;
    }
    if (open && line.trim() !== '' && indent < required) {
      const added = required - indent;
      line = ' '.repeat(added) + line;
      lines[index] = line;
      shifts.set(index, added);
    }
    if (!open) required = ownerIndent(line) + 1;

    // Scan the line for quotes, brackets and comments.
    let previous = '';
    for (let i = 0; i < line.length; i++) {
      const ch = line[i]!;
      if (quote === "'") {
        if (ch === "'") {
          if (line[i + 1] === "'") i++;
          else quote = undefined;
        }
        continue;
      }
      if (quote === '"') {
        if (ch === '\\') i++;
        else if (ch === '"') quote = undefined;
        continue;
      }
      if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) break;
      if ((ch === "'" || ch === '"') && startsScalar(previous)) {
        quote = ch;
        continue;
      }
      if (ch === '[' || ch === '{') {
        if (depth > 0 || startsScalar(previous)) depth++;
      } else if ((ch === ']' || ch === '}') && depth > 0) {
        depth--;
      }
      if (!/\s/.test(ch)) previous = tokenEnd(line, i, previous);
    }
    if (quote === undefined && depth === 0 && /:\s*[|>][-+0-9]*\s*(#.*)?$/.test(line)) blockScalarIndent = indent;
  }
  return shifts.size ? { text: lines.join('\n'), shifts } : undefined;
}

/** Indentation of the node that owns a line's value: sequence dashes count as indentation. */
function ownerIndent(line: string): number {
  const match = /^(\s*(?:-\s+)*)/.exec(line)!;
  return match[1]!.length;
}

/** A quote or bracket opens a scalar/collection only where a value can start. */
function startsScalar(previous: string): boolean {
  return previous === '' || previous === ':' || previous === '-' || previous === '[' || previous === '{' || previous === ',' || previous === '?' || previous.startsWith('!');
}

/** The "previous token" after the character at `i`: punctuation stands alone, a tag is kept whole. */
function tokenEnd(line: string, i: number, previous: string): string {
  const ch = line[i]!;
  if (ch === '!') return '!';
  if (previous.startsWith('!') && !/[\s,[\]{}]/.test(ch) && i > 0 && !/\s/.test(line[i - 1]!)) return previous + ch;
  if (':-[{,?'.includes(ch)) {
    // `:` and `-` are indicators only when followed by a space or the line end.
    if ((ch === ':' || ch === '-') && i + 1 < line.length && !/\s/.test(line[i + 1]!)) return 'word';
    return ch;
  }
  return 'word';
}
