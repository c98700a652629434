/** Configuration for snapshot tests: runtime deprecation judged as of a fixed date, so snapshots do not change with the calendar. */
import { loadConfig, type ConfigOverrides, type ResolvedConfig } from '../../src/config/index.js';

export const FIXTURE_DATE = '2026-11-23';

export async function loadPinnedConfig(cwd: string, overrides: ConfigOverrides = {}): Promise<ResolvedConfig> {
  const loaded = await loadConfig({ cwd, ...overrides });
  return {
    ...loaded,
    enabled: loaded.enabled.map((e) => (e.rule.meta.name === 'eol-runtime' ? { ...e, options: { ...(e.options as object), today: FIXTURE_DATE } } : e)),
  };
}
