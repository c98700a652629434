/** File lookups shared by the handler linkers. */
import { statSync } from 'node:fs';
import path from 'node:path';
import type { SourceLanguage } from '../model/types.js';

export const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/** `stem` itself when it already names a source file, else `stem` plus the first of `extensions` that exists. */
export function withExtension(stem: string, extensions: string[] = SOURCE_EXTENSIONS): string | undefined {
  if (SOURCE_EXTENSIONS.includes(path.extname(stem)) && isFile(stem)) return stem;
  for (const extension of extensions) if (isFile(stem + extension)) return stem + extension;
  return undefined;
}

export function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A linked handler's language: as the linker recorded it, else from the file's extension. */
export function linkLanguage(link: { file: string; language?: SourceLanguage }): SourceLanguage {
  if (link.language) return link.language;
  if (/\.py$/i.test(link.file)) return 'python';
  return /\.[cm]?tsx?$/i.test(link.file) ? 'typescript' : 'javascript';
}
