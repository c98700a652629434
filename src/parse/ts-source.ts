import type { ts as TsNamespace } from 'ts-morph';

/**
 * A TypeScript or JavaScript file's syntax tree, with parent links. JSDoc is left unparsed:
 * sls-lint reads no type from a comment, and skipping it makes parsing about a tenth cheaper.
 */
export function parseSourceFile(ts: typeof TsNamespace, file: string, text: string, kind: TsNamespace.ScriptKind): TsNamespace.SourceFile {
  return ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, true, kind);
}
