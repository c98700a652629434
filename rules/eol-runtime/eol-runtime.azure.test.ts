/** Azure Functions: a host.json extension bundle range that allows only deprecated bundles. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/index.js';
import { lint } from '../../src/engine/run.js';
import { rules } from '../index.js';
import { highestMajor } from './azure-bundles.js';

async function findings(host: object) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-bundle-'));
  writeFileSync(path.join(dir, 'host.json'), JSON.stringify(host, null, 2));
  writeFileSync(path.join(dir, 'a.js'), "const { app } = require('@azure/functions'); app.http('api', { handler: async () => ({}) });");
  const only = Object.fromEntries(rules.map((r) => [r.meta.name, r.meta.name === 'eol-runtime' ? 'error' : 'off']));
  const result = await lint({ cwd: dir, paths: ['.'], config: resolveConfig({ rules: only }, undefined, dir) });
  return result.findings.map((f) => `${path.relative(dir, f.loc.file)}:${f.loc.line}:${f.loc.column} ${f.messageId} ${f.message}`);
}

const bundle = (version: string, id = 'Microsoft.Azure.Functions.ExtensionBundle') => ({ version: '2.0', extensionBundle: { id, version } });

describe('extension bundle ranges', () => {
  it('reads the highest major a NuGet range allows', () => {
    expect(highestMajor('[1.*, 2.0.0)')).toBe(1);
    expect(highestMajor('[2.*, 3.0.0)')).toBe(2);
    expect(highestMajor('[3.3.0, 4.0.0)')).toBe(3);
    expect(highestMajor('[3.*, 4.0.0)')).toBe(3);
    expect(highestMajor('[3.3.0]')).toBe(3);
    expect(highestMajor('[3.0.0, 3.9.9]')).toBe(3);
    expect(highestMajor('[4.*, 5.0.0)')).toBe(4);
    expect(highestMajor('[4.0.0, 5.0.0)')).toBe(4);
    expect(highestMajor('[3.3.0, 4.1.0)')).toBe(4);
    // A bare version is a minimum: the host picks the newest bundle.
    expect(highestMajor('3.3.0')).toBeUndefined();
    expect(highestMajor('latest')).toBeUndefined();
  });

  it('flags a range that allows only deprecated bundles, at the version', async () => {
    for (const range of ['[1.*, 2.0.0)', '[2.*, 3.0.0)', '[3.3.0, 4.0.0)', '[3.*, 4.0.0)']) {
      const found = await findings(bundle(range));
      expect(found).toHaveLength(1);
      expect(found[0]).toMatch(/^host\.json:5:16 azureExtensionBundle /);
      expect(found[0]).toContain(`pins the extension bundle to ${range}, which allows nothing newer than bundle ${range[1]}.x: Microsoft lists extension bundles before 4.x as deprecated`);
      expect(found[0]).toContain('Set the version to [4.0.0, 5.0.0)');
    }
  });

  it('does not flag 4.x, a range that reaches 4.x, a bare minimum, another bundle id or no bundle', async () => {
    for (const host of [bundle('[4.*, 5.0.0)'), bundle('[3.3.0, 5.0.0)'), bundle('3.3.0'), bundle('[1.*, 2.0.0)', 'Microsoft.Azure.Functions.ExtensionBundle.Preview'), { version: '2.0' }]) {
      expect(await findings(host)).toEqual([]);
    }
  });
});
