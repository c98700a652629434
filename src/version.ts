import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The package version, read from the package.json above this module (src/ in tests, dist/src/ when built). */
export function version(): string {
  if (cached) return cached;
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'sls-lint') return (cached = pkg.version);
    } catch {
      // not here: keep climbing
    }
    if (path.dirname(dir) === dir) return '0.0.0';
  }
}
