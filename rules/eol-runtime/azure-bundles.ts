/**
 * Azure Functions extension bundles (host.json `extensionBundle`): the binding extensions a
 * non-.NET app runs with. Microsoft's "Azure Functions extension bundles" page lists each major
 * version's support state: 4.x is active, 1.x, 2.x and 3.x are deprecated.
 */
export const DEFAULT_BUNDLE_ID = 'Microsoft.Azure.Functions.ExtensionBundle';
export const FIRST_SUPPORTED_MAJOR = 4;
export const SUPPORTED_RANGE = '[4.0.0, 5.0.0)';

/**
 * The highest major version a NuGet version range lets the host pick (it always picks the highest
 * version the range allows), or undefined when the range has no upper bound or is not read.
 * `[1.*, 2.0.0)` → 1, `[3.3.0, 4.0.0)` → 3, `[4.*, 5.0.0)` → 4, `[3.3.0]` → 3, `3.3.0` → undefined.
 */
export function highestMajor(range: string): number | undefined {
  const text = range.trim();
  const exact = /^\[\s*([^,\s\]]+)\s*\]$/.exec(text);
  if (exact) return major(exact[1]!);
  const interval = /^[[(]\s*[^,]*,\s*([^\])\s]+)\s*([\])])$/.exec(text);
  if (!interval) return undefined;
  const upper = parseVersion(interval[1]!);
  if (!upper) return undefined;
  const exclusive = interval[2] === ')';
  // `[x, 4.0.0)` stops before 4.0.0: the highest allowed major is 3.
  return exclusive && upper.minor === 0 && upper.patch === 0 ? upper.major - 1 : upper.major;
}

function major(version: string): number | undefined {
  return parseVersion(version)?.major;
}

function parseVersion(version: string): { major: number; minor: number; patch: number } | undefined {
  const match = /^(\d+)(?:\.(\d+|\*))?(?:\.(\d+|\*))?$/.exec(version.trim());
  if (!match) return undefined;
  const part = (p: string | undefined) => (p === undefined ? 0 : p === '*' ? Number.POSITIVE_INFINITY : Number(p));
  return { major: Number(match[1]), minor: part(match[2]), patch: part(match[3]) };
}
