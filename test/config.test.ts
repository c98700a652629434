import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rules } from '../rules/index.js';
import { loadConfig, presetOf, resolveConfig } from '../src/config/index.js';
import { ConfigError } from '../src/errors.js';

const enabledNames = (raw: unknown) => resolveConfig(raw, undefined, '/p').enabled.map((e) => e.rule.meta.name);

describe('resolveConfig', () => {
  it('enables the recommended rules at their default levels without a config', () => {
    const config = resolveConfig({}, undefined, '/p');
    expect(config.enabled.length).toBe(rules.filter((r) => presetOf(r.meta) === 'recommended').length);
    expect(config.enabled.every((e) => !e.configured && e.level === e.rule.meta.defaultLevel)).toBe(true);
    expect(config.builtinLevels.get('parse-error')).toEqual({ level: 'error', configured: false });
    expect(config.preset).toEqual({ name: 'recommended', from: 'default' });
  });

  it('keeps best-practice opinions out of the default and the defects in', () => {
    const recommended = enabledNames({});
    for (const opinion of ['function-tracing', 'function-memory', 'log-retention', 'api-logging', 'api-tracing', 'api-throttling']) {
      expect(recommended).not.toContain(opinion);
      expect(enabledNames({ preset: 'all' })).toContain(opinion);
    }
    for (const defect of ['eol-runtime', 'lambda-permission-principal', 'eventbridge-target-dlq', 'sns-subscription-redrive', 'client-in-handler', 'idempotent-consumer', 'iam-wildcard-action']) {
      expect(recommended).toContain(defect);
    }
    expect(enabledNames({ preset: 'all' })).toEqual(rules.map((r) => r.meta.name));
  });

  it('lets a rule setting turn on a rule outside the preset, and says where each level came from', () => {
    const config = resolveConfig({ rules: { 'log-retention': 'error', 'queue-redrive': 'off' } }, '/p/.sls-lintrc.json', '/p');
    expect(config.enabled.find((e) => e.rule.meta.name === 'log-retention')).toMatchObject({ level: 'error', configured: true });
    expect(config.levelFrom.get('log-retention')).toBe('"rules" in /p/.sls-lintrc.json');
    expect(config.levelFrom.get('queue-redrive')).toBe('"rules" in /p/.sls-lintrc.json');
    expect(config.levelFrom.get('function-tracing')).toBe('not in preset recommended (default); in preset all');
    expect(config.levelFrom.get('iam-admin-policy')).toBe('preset recommended (default)');
    expect(config.levelFrom.get('parse-error')).toBe('engine default (every preset)');
  });

  it('takes --preset over the file\'s preset', () => {
    const fromFile = resolveConfig({ preset: 'all' }, '/p/.sls-lintrc.json', '/p');
    expect(fromFile.preset).toEqual({ name: 'all', from: '"preset" in /p/.sls-lintrc.json' });
    expect(fromFile.levelFrom.get('function-tracing')).toBe('preset all ("preset" in /p/.sls-lintrc.json)');
    const overridden = resolveConfig({ preset: 'all' }, '/p/.sls-lintrc.json', '/p', { preset: 'recommended' });
    expect(overridden.preset).toEqual({ name: 'recommended', from: '--preset' });
    expect(overridden.enabled.map((e) => e.rule.meta.name)).not.toContain('function-tracing');
    expect(() => resolveConfig({}, undefined, '/p', { preset: 'strict' })).toThrow(/Unknown preset "strict" given to --preset. Use one of: recommended, all/);
  });

  it('turns rules off, sets levels in every accepted spelling and merges options over defaults', () => {
    expect(enabledNames({ rules: { 'iam-admin-policy': 'off' } })).not.toContain('iam-admin-policy');
    expect(enabledNames({ rules: { 'iam-admin-policy': 0 } })).not.toContain('iam-admin-policy');
    const config = resolveConfig({ rules: { 'iam-admin-policy': ['warn', { allow: ['AmazonSSMFullAccess'] }] } }, undefined, '/p');
    const entry = config.enabled.find((e) => e.rule.meta.name === 'iam-admin-policy')!;
    expect(entry).toMatchObject({ level: 'warn', configured: true, options: { allow: ['AmazonSSMFullAccess'] } });
    expect(resolveConfig({ rules: { 'iam-admin-policy': 2 } }, undefined, '/p').enabled[0]!.level).toBe('error');
    // Documented in configuration.md: the reports' name for the level.
    expect(resolveConfig({ rules: { 'iam-admin-policy': 'warning' } }, undefined, '/p').enabled.find((e) => e.rule.meta.name === 'iam-admin-policy')!.level).toBe('warn');
  });

  it.each([
    [{ rule: {} }, /Unknown configuration key "rule"/],
    [{ preset: 'sls-lint:all' }, /"preset" in \/p\/.sls-lintrc.json must be one of: recommended, all; got "sls-lint:all"/],
    [{ extends: ['sls-lint:all'] }, /"extends".*is not supported: choose a preset with "preset": "recommended" or "preset": "all"/],
    [{ rules: { 'iam-admin-policcy': 'error' } }, /Unknown rule "iam-admin-policcy".*Did you mean "iam-admin-policy"/],
    [{ rules: { 'iam-admin-policy': 'fatal' } }, /level must be "error", "warn" \(or "warning"\) or "off"/],
    [{ rules: { 'iam-admin-policy': ['error', { allow: 'AdministratorAccess' }] } }, /invalid options: \/allow must be array/],
    [{ rules: { 'iam-admin-policy': ['error', { alow: [] }] } }, /invalid options: .*must NOT have additional properties "alow"/],
    [{ rules: { 'iam-admin-policy': ['error', {}, {}] } }, /expected \[level, options\]/],
    [{ rules: { 'hardcoded-secret': ['error', { allow: ['(unclosed'] }] } }, /invalid options: \/allow\/0 must match format "regex"/],
    [{ ignores: 'dist' }, /"ignores".*array of glob strings/],
    [{ maxFileSize: -1 }, /"maxFileSize".*positive whole number/],
    [[], /must be an object/],
  ])('rejects %j clearly', (raw, message) => {
    expect(() => resolveConfig(raw, '/p/.sls-lintrc.json', '/p')).toThrow(ConfigError);
    expect(() => resolveConfig(raw, '/p/.sls-lintrc.json', '/p')).toThrow(message);
  });
});

describe('loadConfig', () => {
  const project = (files: Record<string, string>) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sls-lint-config-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p' }));
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
    return dir;
  };

  it('finds .sls-lintrc.yaml and resolves ignores relative to it', async () => {
    const dir = project({ '.sls-lintrc.yaml': 'rules:\n  iam-admin-policy: warn\nignores: ["legacy/**"]\n' });
    const config = await loadConfig({ cwd: dir });
    expect(config.filepath).toBe(path.join(dir, '.sls-lintrc.yaml'));
    expect(config.base).toBe(dir);
    expect(config.ignores).toEqual(['legacy/**']);
  });

  it('reads the "sls-lint" key of package.json', async () => {
    const dir = project({});
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'p', 'sls-lint': { rules: { 'iam-admin-policy': 'off' } } }));
    const config = await loadConfig({ cwd: dir });
    expect(config.enabled.map((e) => e.rule.meta.name)).not.toContain('iam-admin-policy');
  });

  it('loads an ES module config', async () => {
    const dir = project({ 'sls-lint.config.mjs': 'export default { rules: { "iam-admin-policy": "warn" } };\n' });
    const config = await loadConfig({ cwd: dir });
    expect(config.enabled.find((e) => e.rule.meta.name === 'iam-admin-policy')?.level).toBe('warn');
  });

  it('reports a malformed config file as a configuration error', async () => {
    const dir = project({ '.sls-lintrc.json': '{ "rules": ' });
    await expect(loadConfig({ cwd: dir })).rejects.toThrow(ConfigError);
  });

  it('looks past a folder whose package.json has no "sls-lint" key to the configuration above, and still rejects one that is not JSON', async () => {
    const dir = project({ '.sls-lintrc.json': '{ "rules": { "iam-admin-policy": "warn" } }' });
    mkdirSync(path.join(dir, '.git'));
    mkdirSync(path.join(dir, 'services', 'orders'), { recursive: true });
    // A package.json without the key, and one that is not valid JSON: only the second is cosmiconfig's to judge.
    writeFileSync(path.join(dir, 'services', 'orders', 'package.json'), JSON.stringify({ name: 'orders', scripts: { 'sls-lint': 'sls-lint .' } }));
    const config = await loadConfig({ cwd: path.join(dir, 'services', 'orders') });
    expect(config.filepath).toBe(path.join(dir, '.sls-lintrc.json'));
    writeFileSync(path.join(dir, 'services', 'orders', 'package.json'), '{ "name": ');
    await expect(loadConfig({ cwd: path.join(dir, 'services', 'orders') })).rejects.toThrow(ConfigError);
  });

  it('reports a missing --config file as a configuration error', async () => {
    const dir = project({});
    await expect(loadConfig({ cwd: dir, configFile: 'nope.json' })).rejects.toThrow(/Cannot load the configuration nope.json/);
  });
});
