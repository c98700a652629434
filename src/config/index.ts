/**
 * Configuration: found by cosmiconfig (or named with --config), validated strictly, and resolved
 * into the list of enabled rules with their levels and options.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { cosmiconfig as Cosmiconfig } from 'cosmiconfig';
import { rules as allRules } from '../../rules/index.js';
import { findProjectRoot } from '../discover/index.js';
import { BUILTIN_METAS } from '../engine/builtin-rules.js';
import type { EnabledRule } from '../engine/check.js';
import type { PresetName, Rule, RuleLevel, RuleMeta } from '../engine/rule.js';
import { ConfigError } from '../errors.js';

export const CONFIG_FILES = [
  'package.json',
  '.sls-lintrc',
  '.sls-lintrc.json',
  '.sls-lintrc.yaml',
  '.sls-lintrc.yml',
  'sls-lint.config.js',
  'sls-lint.config.mjs',
  'sls-lint.config.cjs',
  'sls-lint.config.ts',
];

export const DEFAULT_MAX_FILE_SIZE = 5 * 1024 * 1024;

export type RuleSetting = RuleLevel | 0 | 1 | 2 | [RuleLevel | 0 | 1 | 2, Record<string, unknown>?];

export interface UserConfig {
  preset?: PresetName;
  rules?: Record<string, RuleSetting>;
  ignores?: string[];
  maxFileSize?: number;
}

export interface ResolvedConfig {
  /** The config file, when one was found. */
  filepath: string | undefined;
  /** Folder that `ignores` are relative to. */
  base: string;
  enabled: EnabledRule[];
  /** Levels of the engine's own results (`parse-error`, `unused-disable-directive`). */
  builtinLevels: Map<string, { level: RuleLevel; configured: boolean }>;
  ignores: string[];
  maxFileSize: number;
  /** Every rule and engine result name, enabled or not. */
  allRuleNames: Set<string>;
  /** The preset the levels start from, and who chose it. */
  preset: { name: PresetName; from: string };
  /** For every rule and engine result: where its level came from, for --print-config. */
  levelFrom: Map<string, string>;
}

export const PRESETS: readonly PresetName[] = ['recommended', 'all'];
export const DEFAULT_PRESET: PresetName = 'recommended';

export function presetOf(meta: RuleMeta): PresetName {
  return meta.preset ?? 'recommended';
}

/** `all` includes every rule; `recommended` only the rules that name it. */
export function presetIncludes(preset: PresetName, meta: RuleMeta): boolean {
  return preset === 'all' || presetOf(meta) === preset;
}

/** What the caller decided outside the configuration file: `--preset` wins over the file's `preset`. */
export interface ConfigOverrides {
  preset?: string;
}

const TOP_LEVEL_KEYS = new Set(['preset', 'rules', 'ignores', 'maxFileSize']);

/**
 * The configuration named with `configFile`, or the nearest one above `cwd` (the folder of what is
 * linted): the search goes up to the git work tree's root, or to the nearest package.json outside one.
 */
export async function loadConfig(options: { cwd: string; configFile?: string } & ConfigOverrides): Promise<ResolvedConfig> {
  // One folder at a time: cosmiconfig's own walk stops at the first package.json, a monorepo package's.
  let instance: ReturnType<typeof Cosmiconfig> | undefined;
  const explorer = () => (instance ??= loadCosmiconfig()('sls-lint', { searchPlaces: CONFIG_FILES, searchStrategy: 'none', cache: false }));
  let found: { config: unknown; filepath: string; isEmpty?: boolean } | null = null;
  try {
    if (options.configFile) {
      found = await explorer().load(path.resolve(options.cwd, options.configFile));
    } else {
      const start = nearestExistingFolder(options.cwd);
      const repositoryRoot = findProjectRoot(start);
      const everyFolder = mayHaveMetaConfig(process.cwd());
      for (let dir = start; ; dir = path.dirname(dir)) {
        found = everyFolder || mayHoldConfig(dir) ? await explorer().search(dir) : null;
        const boundary = repositoryRoot ? dir === repositoryRoot : existsSync(path.join(dir, 'package.json'));
        if (found || boundary || path.dirname(dir) === dir) break;
      }
    }
  } catch (error) {
    const where = options.configFile ? ` ${options.configFile}` : '';
    throw new ConfigError(`Cannot load the configuration${where}: ${firstLine((error as Error).message)}`);
  }
  const filepath = found?.filepath;
  const raw = found?.config ?? {};
  return resolveConfig(raw, filepath, filepath ? path.dirname(filepath) : options.cwd, options.preset !== undefined ? { preset: options.preset } : {});
}

/** cosmiconfig and the loaders it requires, about 15 ms: loaded only for a folder that may hold a configuration. */
function loadCosmiconfig(): typeof Cosmiconfig {
  return (createRequire(import.meta.url)('cosmiconfig') as { cosmiconfig: typeof Cosmiconfig }).cosmiconfig;
}

/**
 * Whether cosmiconfig could find a configuration in `dir`: one of the configuration files, or a
 * package.json that is anything but plain JSON without an "sls-lint" key (cosmiconfig reads, or
 * rejects, whatever else). Most projects have no configuration, and then no folder needs it.
 */
function mayHoldConfig(dir: string): boolean {
  return CONFIG_FILES.some((name) => name !== 'package.json' && existsSync(path.join(dir, name))) || packageJsonMayHave(dir, 'sls-lint');
}

/**
 * cosmiconfig's "meta config", read from the process's working folder whenever it searches: a
 * `.config/config.*` file (whose "sls-lint" key is then a configuration too, and which may add
 * search places), or a "cosmiconfig" key in package.json or package.yaml. When one may be there,
 * every folder goes to cosmiconfig, as it did before `mayHoldConfig`.
 */
const META_CONFIG_FILES = ['package.yaml', ...['json', 'yaml', 'yml', 'js', 'ts', 'cjs', 'mjs'].map((ext) => `.config/config.${ext}`)];

function mayHaveMetaConfig(cwd: string): boolean {
  return META_CONFIG_FILES.some((name) => existsSync(path.join(cwd, name))) || packageJsonMayHave(cwd, 'cosmiconfig');
}

/** Whether `dir`'s package.json may have `key`: anything but plain JSON without it (or no package.json) may. */
function packageJsonMayHave(dir: string, key: string): boolean {
  let text: string;
  try {
    text = readFileSync(path.join(dir, 'package.json'), 'utf8');
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
  try {
    const manifest: unknown = JSON.parse(text);
    return manifest === null || typeof manifest !== 'object' || Array.isArray(manifest) ? true : key in manifest;
  } catch {
    return true;
  }
}

export function resolveConfig(raw: unknown, filepath: string | undefined, base: string, overrides: ConfigOverrides = {}): ResolvedConfig {
  const where = filepath ? ` in ${filepath}` : '';
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`The configuration${where} must be an object with "preset", "rules", "ignores" or "maxFileSize".`);
  }
  const config = raw as Record<string, unknown>;
  for (const key of Object.keys(config)) {
    if (key === 'extends') {
      throw new ConfigError(`"extends"${where} is not supported: choose a preset with "preset": "recommended" or "preset": "all".`);
    }
    if (!TOP_LEVEL_KEYS.has(key)) {
      throw new ConfigError(`Unknown configuration key "${key}"${where}. Allowed: ${[...TOP_LEVEL_KEYS].join(', ')}.`);
    }
  }
  const ignores = config.ignores ?? [];
  if (!Array.isArray(ignores) || ignores.some((g) => typeof g !== 'string')) {
    throw new ConfigError(`"ignores"${where} must be an array of glob strings.`);
  }
  const maxFileSize = config.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  if (typeof maxFileSize !== 'number' || !Number.isInteger(maxFileSize) || maxFileSize <= 0) {
    throw new ConfigError(`"maxFileSize"${where} must be a positive whole number of bytes.`);
  }
  const settings = config.rules ?? {};
  if (settings === null || typeof settings !== 'object' || Array.isArray(settings)) {
    throw new ConfigError(`"rules"${where} must be an object mapping rule names to "error", "warn" or "off".`);
  }

  const preset = choosePreset(config.preset, overrides.preset, where);

  const byName = new Map<string, Rule<unknown>>(allRules.map((rule) => [rule.meta.name, rule]));
  const builtinNames = new Set(BUILTIN_METAS.map((meta) => meta.name));
  const parsed = new Map<string, { level: RuleLevel; options: Record<string, unknown> | undefined }>();
  for (const [name, setting] of Object.entries(settings as Record<string, unknown>)) {
    if (!byName.has(name) && !builtinNames.has(name)) {
      const hint = closest(name, [...byName.keys(), ...builtinNames]);
      throw new ConfigError(`Unknown rule "${name}"${where}.${hint ? ` Did you mean "${hint}"?` : ''}`);
    }
    parsed.set(name, parseSetting(name, setting, where));
  }

  const configuredIn = `"rules" in ${filepath ?? 'the configuration'}`;
  const levelFrom = new Map<string, string>();
  const enabled: EnabledRule[] = [];
  for (const rule of allRules) {
    const setting = parsed.get(rule.meta.name);
    const included = presetIncludes(preset.name, rule.meta);
    const level = setting?.level ?? (included ? rule.meta.defaultLevel : 'off');
    levelFrom.set(
      rule.meta.name,
      setting ? configuredIn : included ? `preset ${preset.name} (${preset.from})` : `not in preset ${preset.name} (${preset.from}); in preset ${presetOf(rule.meta)}`,
    );
    if (level === 'off') continue;
    if (setting?.options) validateOptions(rule.meta, setting.options, where);
    enabled.push({
      rule,
      level,
      options: { ...(rule.defaultOptions as object), ...setting?.options },
      configured: setting !== undefined,
    });
  }
  const builtinLevels = new Map(
    BUILTIN_METAS.map((meta) => {
      const level: RuleLevel = parsed.get(meta.name)?.level ?? meta.defaultLevel;
      levelFrom.set(meta.name, parsed.has(meta.name) ? configuredIn : 'engine default (every preset)');
      return [meta.name, { level, configured: parsed.has(meta.name) }] as const;
    }),
  );
  const allRuleNames = new Set([...byName.keys(), ...builtinNames]);
  return { filepath, base, enabled, builtinLevels, ignores: ignores as string[], maxFileSize, allRuleNames, preset, levelFrom };
}

function choosePreset(fromFile: unknown, fromCommandLine: string | undefined, where: string): ResolvedConfig['preset'] {
  const known = (value: unknown): value is PresetName => PRESETS.includes(value as PresetName);
  if (fromCommandLine !== undefined) {
    if (!known(fromCommandLine)) throw new ConfigError(`Unknown preset "${fromCommandLine}" given to --preset. Use one of: ${PRESETS.join(', ')}.`);
  }
  if (fromFile !== undefined && !known(fromFile)) {
    throw new ConfigError(`"preset"${where} must be one of: ${PRESETS.join(', ')}; got ${JSON.stringify(fromFile)}.`);
  }
  if (fromCommandLine !== undefined) return { name: fromCommandLine as PresetName, from: '--preset' };
  if (fromFile !== undefined) return { name: fromFile as PresetName, from: `"preset"${where || ' in the configuration'}` };
  return { name: DEFAULT_PRESET, from: 'default' };
}

function parseSetting(name: string, setting: unknown, where: string): { level: RuleLevel; options: Record<string, unknown> | undefined } {
  const [levelValue, options] = Array.isArray(setting) ? setting : [setting, undefined];
  const level = normaliseLevel(levelValue);
  if (!level) {
    throw new ConfigError(`Rule "${name}"${where}: level must be "error", "warn" (or "warning") or "off" (or 2, 1, 0), got ${JSON.stringify(levelValue)}.`);
  }
  if (Array.isArray(setting) && setting.length > 2) {
    throw new ConfigError(`Rule "${name}"${where}: expected [level, options], got ${setting.length} items.`);
  }
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new ConfigError(`Rule "${name}"${where}: options must be an object.`);
  }
  return { level, options: options as Record<string, unknown> | undefined };
}

/** `warning` is what reports call the level (JSON, SARIF), so it is accepted as `warn`. */
function normaliseLevel(value: unknown): RuleLevel | undefined {
  if (value === 'error' || value === 2) return 'error';
  if (value === 'warn' || value === 'warning' || value === 1) return 'warn';
  if (value === 'off' || value === 0) return 'off';
  return undefined;
}

function validateOptions(meta: RuleMeta, options: Record<string, unknown>, where: string): void {
  const schema = meta.schema ?? { type: 'object', additionalProperties: false, properties: {} };
  const validate = ajv().compile(schema);
  if (!validate(options)) {
    const details = (validate.errors ?? [])
      .map((e) => `${e.instancePath || '(options)'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${String(e.params.additionalProperty)}"` : ''}`)
      .join('; ');
    throw new ConfigError(`Rule "${meta.name}"${where}: invalid options: ${details}.`);
  }
}

let ajvInstance: AjvInstance | undefined;
/** Ajv is loaded only when a configuration passes rule options: it is a tenth of start-up time. */
function ajv(): AjvInstance {
  if (!ajvInstance) {
    const loaded = createRequire(import.meta.url)('ajv') as { default?: unknown };
    const Ajv = (loaded.default ?? loaded) as new (options: object) => AjvInstance;
    ajvInstance = new Ajv({ allErrors: true, strict: false });
    // Rule options that are regular expressions must compile: a bad one is a config error, not a crash per file.
    ajvInstance.addFormat('regex', (pattern: string) => {
      try {
        new RegExp(pattern);
        return true;
      } catch {
        return false;
      }
    });
  }
  return ajvInstance;
}

type AjvInstance = import('ajv').default;

function nearestExistingFolder(start: string): string {
  let dir = path.resolve(start);
  while (!isFolder(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function isFolder(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0]!;
}

/** The known name nearest to a misspelled one, when it is close enough to be a typo. */
function closest(name: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
