/**
 * JSON documents → the positioned tree, without a YAML parser.
 *
 * JSON templates are often the largest files of a run (CDK output, generated stacks, and JSON that
 * only looks like a template, such as a vendored SDK's service models): building `yaml` Documents
 * for them cost 100× what `JSON.parse` does. The text has already passed `JSON.parse` when this
 * runs, so the scanner can trust the grammar and only has to record where each value is. It gives
 * the same tree, locations and duplicate-key diagnostics as the `yaml` path did (a test compares
 * the two on every JSON file of the fixtures).
 */
import { LineCounter } from 'yaml';
import type { Loc, MapEntry, TNode } from './tree.js';
import type { Diagnostic, ParsedDocument } from './yaml-json.js';

export interface JsonTreeOptions {
  /** Single-key `Ref`/`Fn::*` maps → intrinsic nodes, as the YAML path does. */
  toIntrinsic: (node: TNode) => TNode;
  escapeSegment: (key: string) => string;
  duplicateKeyMessage: string;
}

/** Parses text that `JSON.parse` has accepted. */
export function parseJsonTree(text: string, file: string, options: JsonTreeOptions): ParsedDocument {
  const diagnostics: Diagnostic[] = [];
  // The same line index the YAML path uses, so both give the same positions.
  const lineCounter = new LineCounter();
  lineCounter.addNewLine(0);
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineCounter.addNewLine(i + 1);
  const position = (offset: number): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locOf = (start: number, end: number): Loc => {
    const a = position(start);
    const b = position(end);
    return { file, line: a.line, column: a.column, endLine: b.line, endColumn: b.column };
  };

  let pos = 0;
  const skipSpace = () => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 10 || c === 13 || c === 9) pos++;
      else return;
    }
  };

  /** A string token starting at `pos` (on its quote): its value, and `pos` after the closing quote. */
  const readString = (): string => {
    const start = pos;
    pos++;
    let escaped = false;
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        pos += 2;
      } else {
        pos++;
      }
    }
    pos++;
    return escaped ? (JSON.parse(text.slice(start, pos)) as string) : text.slice(start + 1, pos - 1);
  };

  const readValue = (path: string): TNode => {
    skipSpace();
    const start = pos;
    const c = text.charCodeAt(pos);
    if (c === 123) {
      pos++;
      const entries: MapEntry[] = [];
      const seen = new Set<string>();
      skipSpace();
      if (text.charCodeAt(pos) === 125) {
        pos++;
      } else {
        for (;;) {
          skipSpace();
          const keyStart = pos;
          const key = readString();
          const keyLoc = locOf(keyStart, pos);
          if (seen.has(key)) {
            diagnostics.push({ code: 'duplicate-key', severity: 'error', fatal: false, message: options.duplicateKeyMessage, loc: locOf(keyStart, keyStart + 1) });
          }
          seen.add(key);
          skipSpace();
          pos++; // ':'
          entries.push({ key, keyLoc, value: readValue(`${path}/${options.escapeSegment(key)}`) });
          skipSpace();
          if (text.charCodeAt(pos++) === 125) break; // '}' ends, ',' goes on
        }
      }
      return options.toIntrinsic({ kind: 'map', entries, loc: locOf(start, pos), path });
    }
    if (c === 91) {
      pos++;
      const items: TNode[] = [];
      skipSpace();
      if (text.charCodeAt(pos) === 93) {
        pos++;
      } else {
        for (;;) {
          items.push(readValue(`${path}/${items.length}`));
          skipSpace();
          if (text.charCodeAt(pos++) === 93) break;
        }
      }
      return { kind: 'seq', items, loc: locOf(start, pos), path };
    }
    if (c === 34) {
      const value = readString();
      return { kind: 'scalar', value, loc: locOf(start, pos), path };
    }
    // A literal: true, false, null or a number, up to the next delimiter.
    while (pos < text.length && !DELIMITER.has(text.charCodeAt(pos))) pos++;
    const literal = text.slice(start, pos);
    const value = literal === 'true' ? true : literal === 'false' ? false : literal === 'null' ? null : Number(literal);
    return { kind: 'scalar', value, loc: locOf(start, pos), path };
  };

  const root = readValue('');
  return { root, diagnostics };
}

/** What ends a JSON number or keyword: whitespace, `,`, `]`, `}`. */
const DELIMITER = new Set([32, 10, 13, 9, 44, 93, 125]);
