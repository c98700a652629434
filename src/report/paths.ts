import path from 'node:path';
import { realOrSelf, toPosix } from '../discover/index.js';

/**
 * A function giving each file's path relative to the project root, with POSIX separators and
 * symbolic links resolved (code scanning matches alerts to files in the repository, not to the
 * links that reach them). Results are cached: reports ask for the same file many times.
 */
export function rootRelativePaths(root: string): (file: string) => string {
  const realRoot = realOrSelf(root);
  const cache = new Map<string, string>();
  return (file) => {
    let relative = cache.get(file);
    if (relative === undefined) {
      const fromReal = path.relative(realRoot, realOrSelf(file));
      relative = toPosix(fromReal.startsWith('..') ? path.relative(root, file) : fromReal);
      cache.set(file, relative);
    }
    return relative;
  };
}
