/**
 * Inline code (SAM `InlineCode`, `Code.ZipFile`) is the function's source, written in the template.
 * It is read like a file of its own, under a name that exists nowhere on disk, and every finding in
 * it is moved back to the template line the code is written on.
 */
import type { Loc } from '../parse/tree.js';
import type { FunctionModel, HandlerLink, InlineSource } from '../model/types.js';
import { readUtf8 } from '../parse/decode.js';

/** Lambda's own names for inline code: `index.js` (Node.js) and `index.py` (Python). */
const INLINE_FILE: Record<string, string> = { nodejs: 'js', python: 'py' };

export function linkInlineCode(fn: FunctionModel): HandlerLink {
  const code = fn.code;
  if (code.kind !== 'inline') throw new Error('not inline code');
  const templateFile = code.loc.file;
  if (code.text === undefined) return { status: 'not-linked', reason: 'the inline code is built with an intrinsic function (!Sub, !Join), so its text is not known', category: 'inline-code' };
  const runtime = fn.runtime.value;
  const family = runtime?.known ? Object.keys(INLINE_FILE).find((prefix) => runtime.value.startsWith(prefix)) : undefined;
  if (!family) {
    const which = runtime?.known ? `, for runtime ${runtime.value}` : '';
    return { status: 'not-applicable', reason: `the code is inline in the template${which}`, category: runtime?.known ? 'runtime-not-analysed' : 'inline-code' };
  }
  if (!fn.handler?.known) return { status: 'not-linked', reason: 'the function has no Handler', category: 'other' };
  const handler = fn.handler.value;
  const exportName = handler.slice(handler.lastIndexOf('.') + 1);
  if (!exportName) return { status: 'not-linked', reason: `Handler "${handler}" is not of the form <file>.<export>`, category: 'other' };
  return {
    status: 'linked',
    file: `${templateFile}#${fn.id}.inline.${INLINE_FILE[family]}`,
    exportName,
    via: 'inline',
    language: family === 'python' ? 'python' : 'javascript',
    inline: placeInline(code.text, code.loc, templateFile),
  };
}

/**
 * Where the code's lines are in the template. A YAML block scalar (`|`, `|-`, `>`) or a Terraform
 * heredoc (`<<EOT`, `<<-EOT`) has its text on the lines after the indicator, indented: each code
 * line is a template line. A quoted string (JSON templates, `"…\n…"`) cannot be placed line by line.
 */
function placeInline(text: string, start: Loc, templateFile: string): InlineSource {
  const place: InlineSource = { text, templateFile, firstLine: start.line, indent: undefined, start };
  let lines: string[];
  try {
    lines = readUtf8(templateFile).split(/\r?\n/);
  } catch {
    return place;
  }
  const indicatorLine = lines[start.line - 1] ?? '';
  const indicator = indicatorLine.slice(start.column - 1).trim();
  if (!/^[|>][-+0-9]*\s*(#.*)?$/.test(indicator) && !/^<<-?[A-Za-z_]\w*$/.test(indicator)) return place;
  const firstCodeLine = text.split('\n').find((line) => line.trim() !== '');
  if (firstCodeLine === undefined) return place;
  // The block's indentation is the first non-empty line's, less the code's own leading spaces.
  for (let line = start.line + 1; line <= lines.length; line++) {
    const written = lines[line - 1]!;
    if (written.trim() === '') continue;
    const indent = written.length - written.trimStart().length - (firstCodeLine.length - firstCodeLine.trimStart().length);
    const leadingBlank = text.length - text.trimStart().length === 0 ? 0 : text.slice(0, text.indexOf(firstCodeLine)).split('\n').length - 1;
    return { ...place, firstLine: line - leadingBlank, indent };
  }
  return place;
}

/** A location in inline code, moved to where that code is written in the template. */
export function toTemplateLoc(loc: Loc, inline: InlineSource): Loc {
  if (inline.indent === undefined) return inline.start;
  return {
    file: inline.templateFile,
    line: inline.firstLine + loc.line - 1,
    column: loc.column + inline.indent,
    endLine: inline.firstLine + loc.endLine - 1,
    endColumn: loc.endColumn + inline.indent,
  };
}
