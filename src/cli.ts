/**
 * Command line: `sls-lint [paths...]`. Exit codes: 0 no error-level finding, 1 error-level findings
 * (or more warnings than --max-warnings), 2 usage or configuration error.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type ResolvedConfig } from './config/index.js';
import { configIgnoreMatcher } from './discover/index.js';
import { lint, mergeResults } from './engine/run.js';
import { countBySeverity } from './engine/result.js';
import { UsageError } from './errors.js';
import { FORMATS, formatResult, type FormatName } from './report/index.js';
import { version } from './version.js';
import { lap, printTimings } from './engine/timing.js';
import { derivePolicies, formatPolicies, policiesAsJson } from './iam/policy.js';

export { version };

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
}

const HELP = `Usage: sls-lint [options] [paths...]
       sls-lint policy [--format json] [paths...]   print each function's least-privilege policy,
                                                    derived from its code, in its own format

Lint serverless projects: SAM and CloudFormation templates, serverless.yml, CDK synth output
(cdk.out) and Terraform, linked to the JavaScript and TypeScript handlers they deploy.
Paths are folders or files and default to the current folder. Given only files (a pre-commit
hook's changed files), sls-lint reads the rest of the project for context and reports the
findings located in the files given.

Options:
  -f, --format <name>                  Output format: stylish, json, sarif, github, mermaid (a diagram
                                       of the linked app) (default: stylish)
  -o, --output <file>                  Write the report to a file instead of standard output
  -c, --config <file>                  Use this configuration file instead of searching for one
                                       (by default, the nearest one above each path linted)
      --preset <name>                  Rules to start from: recommended (default: defects only) or
                                       all (adds best-practice rules); overrides "preset" in the config
      --max-warnings <n>               Exit with code 1 when there are more than n warnings
      --quiet                          Report errors only
      --report-unused-disable-directives
                                       Report suppressions that suppress nothing
      --context-findings               Given only files: also report the findings of the
                                       templates and handlers linked to them
      --no-error-on-unmatched-pattern  A path that is missing or holds nothing to lint is listed
                                       as not checked instead of failing the run (exit code 2)
      --print-config <file>            Print the configuration that applies to a file, as JSON
      --cache                          Reuse the result of an identical earlier run (stored in
                                       node_modules/.cache/sls-lint, or in the user's cache folder
                                       when the project has no node_modules)
      --cache-location <dir>           Where --cache keeps its file
      --cdk-out <dir>                  A CDK cloud assembly (cdk synth output) outside the linted folders
      --concurrency <n|auto>           Threads for the analysis (default: auto, one per core less
                                       one once the run is large enough; 1 stays single-threaded).
                                       The report is the same whatever the number
      --color / --no-color             Force or disable colours (NO_COLOR and FORCE_COLOR are honoured)
  -v, --version                        Print the version
  -h, --help                           Print this help

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage or configuration error,
or a path that matched nothing.
Docs: https://github.com/sls-lint/sls-lint#readme`;

function parseConcurrency(value: string | undefined): number | 'auto' {
  if (value === undefined || value === 'auto') return 'auto';
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1) throw new UsageError(`--concurrency takes a whole number of threads (1 or more) or "auto", got "${value}".`);
  return threads;
}

let analysed = false;

/** Whether this process has analysed files (not `--version`, `--help`, a usage error, a path that matched nothing or a `--cache` hit): src/launch.ts asks. */
export function analysedFiles(): boolean {
  return analysed;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`sls-lint: ${error.message}\n`);
      return 2;
    }
    io.stderr(`sls-lint: internal error: ${(error as Error).message}\nThis is a bug in sls-lint; please report it with the command you ran.\n${(error as Error).stack ?? ''}\n`);
    return 2;
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string', short: 'f' },
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        preset: { type: 'string' },
        'max-warnings': { type: 'string' },
        quiet: { type: 'boolean' },
        'report-unused-disable-directives': { type: 'boolean' },
        'print-config': { type: 'string' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        'cdk-out': { type: 'string', multiple: true },
        concurrency: { type: 'string' },
        'context-findings': { type: 'boolean' },
        'no-error-on-unmatched-pattern': { type: 'boolean' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        version: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\nRun sls-lint --help for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (values.version) {
    io.stdout(`${version()}\n`);
    return 0;
  }
  const format = (values.format ?? 'stylish') as FormatName;
  if (!FORMATS.includes(format)) throw new UsageError(`Unknown format "${values.format}". Use one of: ${FORMATS.join(', ')}.`);
  let maxWarnings = -1;
  if (values['max-warnings'] !== undefined) {
    maxWarnings = Number(values['max-warnings']);
    if (!Number.isInteger(maxWarnings) || maxWarnings < -1) throw new UsageError(`--max-warnings takes a whole number, got "${values['max-warnings']}".`);
  }

  const concurrency = parseConcurrency(values.concurrency);
  const preset = values.preset !== undefined ? { preset: values.preset } : {};
  const configFor = (target: string) =>
    loadConfig(values.config ? { cwd: io.cwd, configFile: values.config, ...preset } : { cwd: folderOf(path.resolve(io.cwd, target)), ...preset });
  if (positionals[0] === 'policy') return printPolicies(positionals.slice(1), values, configFor, io);
  if (values['print-config'] !== undefined) {
    const file = path.resolve(io.cwd, values['print-config']);
    io.stdout(`${JSON.stringify(effectiveConfig(await configFor(file), file), null, 2)}\n`);
    return 0;
  }
  // Each path is linted with the configuration nearest to it: `sls-lint services/orders` from the
  // repository root uses services/orders' configuration, as running from services/orders would.
  const targets = positionals.length ? positionals : ['.'];
  const groups = new Map<string, { config: ResolvedConfig; paths: string[] }>();
  for (const target of targets) {
    const config = await configFor(target);
    const key = config.filepath ?? '';
    const group = groups.get(key) ?? { config, paths: [] };
    group.paths.push(target);
    groups.set(key, group);
  }
  lap('start-up and configuration');
  const results = [];
  for (const { config, paths } of groups.values()) {
    results.push(
      await lint({
        cwd: io.cwd,
        paths,
        config,
        reportUnusedDisableDirectives: values['report-unused-disable-directives'] === true,
        contextFindings: values['context-findings'] === true,
        concurrency,
        ...(values['cdk-out'] ? { cdkOut: values['cdk-out'] } : {}),
        ...(values.cache || values['cache-location'] ? { cache: { version: version(), ...(values['cache-location'] ? { location: values['cache-location'] } : {}) } } : {}),
      }),
    );
  }
  const result = mergeResults(results);
  analysed ||= results.some((r) => !r.stats.fromCache && r.stats.filesSeen > 0);
  if (values.quiet) result.findings = result.findings.filter((f) => f.severity === 'error');
  const unmatched = result.unmatched ?? [];
  const failOnUnmatched = unmatched.length > 0 && values['no-error-on-unmatched-pattern'] !== true;

  const color = !values.output && useColor(values, io);
  const report = formatResult(result, format, { color, toolVersion: version(), quiet: values.quiet === true });
  lap('report');
  printTimings(io.stderr);
  if (values.output) {
    writeOutput(io.cwd, values.output, report);
  } else if (report && !(failOnUnmatched && unmatched.length === targets.length)) {
    // Nothing matched at all: a report of zero problems would read as a pass.
    io.stdout(report.endsWith('\n') ? report : `${report}\n`);
  }
  if (failOnUnmatched) {
    for (const p of unmatched) {
      const reason = result.skipped.find((s) => s.path === path.resolve(io.cwd, p))?.reason ?? 'nothing sls-lint reads';
      io.stderr(`sls-lint: No files matching the pattern "${p}" were found: ${reason}.\n`);
    }
    io.stderr('sls-lint: Check the path for typing mistakes, or pass --no-error-on-unmatched-pattern.\n');
    return 2;
  }

  const { errors, warnings } = countBySeverity(result.findings);
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    io.stderr(`sls-lint found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return 0;
}

/**
 * `sls-lint policy [paths]`: the least-privilege policy of each function, derived from its code, in
 * the function's format (`--format json` for tools). The lint run behind it reads the same files and
 * configuration ignores as a normal run; its findings are not printed.
 */
async function printPolicies(
  paths: string[],
  values: { format?: string; output?: string; 'cdk-out'?: string[] },
  configFor: (target: string) => Promise<ResolvedConfig>,
  io: CliIo,
): Promise<number> {
  if (values.format !== undefined && values.format !== 'json' && values.format !== 'text') throw new UsageError(`sls-lint policy prints text or --format json, not "${values.format}".`);
  const targets = paths.length ? paths : ['.'];
  const result = await lint({ cwd: io.cwd, paths: targets, config: await configFor(targets[0]!), keepModels: true, ...(values['cdk-out'] ? { cdkOut: values['cdk-out'] } : {}) });
  analysed ||= result.stats.filesSeen > 0;
  if (result.unmatched?.length) {
    for (const p of result.unmatched) io.stderr(`sls-lint: No files matching the pattern "${p}" were found.\n`);
    return 2;
  }
  const policies = await derivePolicies(result.stacks ?? []);
  const text = values.format === 'json' ? policiesAsJson(policies, io.cwd) : formatPolicies(policies, io.cwd);
  if (values.output) writeOutput(io.cwd, values.output, text);
  else io.stdout(text);
  return 0;
}

/** `--output FILE`: the one place sls-lint writes, creating its folder; a failure is a usage error. */
function writeOutput(cwd: string, output: string, text: string): void {
  const target = path.resolve(cwd, output);
  try {
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (error) {
    throw new UsageError(`Cannot write ${output}: ${(error as Error).message}`);
  }
}

/** What applies to one file: where the configuration came from, whether the file is ignored, every rule's level and options. */
function effectiveConfig(config: ResolvedConfig, file: string) {
  const enabled = new Map(config.enabled.map((e) => [e.rule.meta.name, e]));
  return {
    file,
    configFile: config.filepath ?? null,
    preset: config.preset,
    ignored: configIgnoreMatcher(config.ignores, config.base)(file, false),
    ignores: config.ignores,
    maxFileSize: config.maxFileSize,
    rules: Object.fromEntries(
      [...config.allRuleNames].sort().map((name) => {
        const rule = enabled.get(name);
        if (rule) return [name, [rule.level, rule.options]];
        const builtin = config.builtinLevels.get(name);
        return [name, builtin ? builtin.level : 'off'];
      }),
    ),
    levelFrom: Object.fromEntries([...config.allRuleNames].sort().map((name) => [name, config.levelFrom.get(name) ?? 'default'])),
  };
}

/** The folder a path is in (itself, for a folder); a missing path's parent. */
function folderOf(absolute: string): string {
  try {
    return statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  } catch {
    return path.dirname(absolute);
  }
}

function useColor(values: { color?: boolean; 'no-color'?: boolean }, io: CliIo): boolean {
  if (values['no-color']) return false;
  if (values.color) return true;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.stdoutIsTTY && io.env.TERM !== 'dumb';
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    cwd: process.cwd(),
    env: process.env,
    stdoutIsTTY: process.stdout.isTTY === true,
  };
}
