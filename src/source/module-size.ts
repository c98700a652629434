/**
 * What a package import costs at cold start, measured from `node_modules`: the files its entry
 * point loads through static `require`/`import`/`export … from`, followed transitively, and their
 * total size. Resolution is Node's own (`createRequire(...).resolve`), so `exports` maps apply.
 */
import { statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { readUtf8 } from '../parse/decode.js';

export interface ModuleCost {
  files: number;
  bytes: number;
  /** The walk stopped at the file limit: the real cost is higher. */
  truncated: boolean;
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
/** Static dependencies in CommonJS and ES modules; `import()` loads later and is not counted. */
const DEPENDENCY = /\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]/gm;
const MAX_FILES = 5000;

const cache = new Map<string, ModuleCost | undefined>();

/** The cost of importing `specifier` from `importer`; undefined when it cannot be resolved (not installed). */
export function measureImport(specifier: string, importer: string): ModuleCost | undefined {
  let entry: string;
  try {
    entry = createRequire(importer).resolve(specifier);
  } catch {
    return undefined;
  }
  if (BUILTINS.has(entry)) return undefined;
  if (cache.has(entry)) return cache.get(entry);
  const cost = measureFrom(entry);
  cache.set(entry, cost);
  return cost;
}

function measureFrom(entry: string): ModuleCost {
  const seen = new Set<string>();
  const queue = [entry];
  let bytes = 0;
  while (queue.length && seen.size < MAX_FILES) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    let text: string;
    try {
      bytes += statSync(file).size;
      if (!/\.(c|m)?js$/.test(file)) continue;
      text = readUtf8(file);
    } catch {
      continue;
    }
    const resolveFrom = createRequire(file);
    for (const match of text.matchAll(DEPENDENCY)) {
      const dependency = match[1] ?? match[2] ?? match[3]!;
      if (BUILTINS.has(dependency)) continue;
      try {
        const resolved = resolveFrom.resolve(dependency);
        if (!BUILTINS.has(resolved) && !seen.has(resolved)) queue.push(resolved);
      } catch {
        // Optional or platform-specific dependencies that are not installed: not loaded either.
      }
    }
  }
  return { files: seen.size, bytes, truncated: queue.length > 0 };
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KiB`;
}
