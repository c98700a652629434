import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';

/**
 * UTF-8 bytes as a string. Node 20 decodes UTF-8 slowly (about 0.1 s for the TypeScript compiler's
 * 9 MB), while ASCII, which most templates and code are, reads as Latin-1 at memory speed into the
 * same string.
 */
export function decodeUtf8(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

export function readUtf8(file: string): string {
  return decodeUtf8(readFileSync(file));
}
