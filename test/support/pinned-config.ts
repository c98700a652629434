/** Configuration for snapshot tests: runtime deprecation judged as of a fixed date, so snapshots do not change with the calendar. */
import { loadConfig, type ResolvedConfig } from '../../src/config/index.js';

export const FIXTURE_DATE = '2026-11-23';

export async function loadPinnedConfig(cwd: string): Promise<ResolvedConfig> {
  const loaded = await loadConfig({ cwd });
  return {
    ...loaded,
    enabled: loaded.enabled.map((e) => (e.rule.meta.name === 'eol-runtime' ? { ...e, options: { ...(e.options as object), today: FIXTURE_DATE } } : e)),
  };
}
