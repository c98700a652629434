import { realpathSync } from 'node:fs';
import path from 'node:path';
import { toPosix } from '../discover/index.js';

/**
 * A file's path relative to the project root, with POSIX separators and symbolic links resolved
 * (code scanning matches alerts to files in the repository, not to the links that reach them).
 */
export function rootRelative(file: string, root: string): string {
  let real = file;
  try {
    real = realpathSync(file);
  } catch {
    // The file may be gone (or never existed, in tests): keep the path as given.
  }
  let realRoot = root;
  try {
    realRoot = realpathSync(root);
  } catch {
    // as above
  }
  const relative = path.relative(realRoot, real);
  return toPosix(relative.startsWith('..') ? path.relative(root, file) : relative);
}
