/**
 * Snapshot tests over the projects in fixtures/ and examples/: each holds its expected findings in
 * `expected.txt`, one per line. `UPDATE_FIXTURES=1 npx vitest run test/fixtures.test.ts` rewrites
 * them; review the diff before committing — an expectation is a claim about the rules.
 *
 * Fixtures run with the `all` preset, so the best-practice rules keep their assertions there; the
 * bundled examples run with the default, because they show what a first run prints.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PresetName } from '../src/engine/rule.js';
import { lint } from '../src/engine/run.js';
import { loadPinnedConfig } from './support/pinned-config.js';

const repo = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Every fixture project, and the bundled examples the README points users at. */
const projects = ['fixtures', 'examples'].flatMap((parent) =>
  readdirSync(path.join(repo, parent), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => `${parent}/${d.name}`),
);

export async function describeFindings(dir: string, preset?: PresetName): Promise<string> {
  const config = await loadPinnedConfig(dir, preset ? { preset } : {});
  const result = await lint({ cwd: dir, paths: ['.'], config });
  const lines = result.findings.map((f) => {
    const state = f.suppressed ? ` (suppressed: ${f.suppressed.kind})` : '';
    return `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.severity} ${f.ruleId}/${f.messageId}${state}`;
  });
  return lines.length ? `${lines.join('\n')}\n` : '';
}

describe('fixtures', () => {
  it('has projects', () => expect(projects.length).toBeGreaterThan(3));
  for (const project of projects) {
    it(project, async () => {
      const dir = path.join(repo, project);
      const actual = await describeFindings(dir, project.startsWith('fixtures/') ? 'all' : undefined);
      const expectedFile = path.join(dir, 'expected.txt');
      if (process.env.UPDATE_FIXTURES) writeFileSync(expectedFile, actual);
      expect(existsSync(expectedFile), `${project} has no expected.txt`).toBe(true);
      expect(actual).toBe(readFileSync(expectedFile, 'utf8'));
    });
  }
});
