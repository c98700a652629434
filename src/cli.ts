/**
 * Command line: `sls-lint [paths...]`. Exit codes: 0 no error-level finding, 1 error-level findings
 * (or more warnings than --max-warnings), 2 usage or configuration error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type ResolvedConfig } from './config/index.js';
import { configIgnoreMatcher } from './discover/index.js';
import { lint } from './engine/run.js';
import { countBySeverity } from './engine/result.js';
import { UsageError } from './errors.js';
import { FORMATS, formatResult, type FormatName } from './report/index.js';
import { version } from './version.js';

export { version };

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdoutIsTTY: boolean;
}

const HELP = `Usage: sls-lint [options] [paths...]

Lint serverless projects: CloudFormation and SAM templates (and, soon, their function code).
Paths default to the current folder.

Options:
  -f, --format <name>                  Output format: stylish, json, sarif, github, mermaid (a diagram
                                       of the linked app) (default: stylish)
  -o, --output <file>                  Write the report to a file instead of standard output
  -c, --config <file>                  Use this configuration file instead of searching for one
      --preset <name>                  Rules to start from: recommended (default: defects only) or
                                       all (adds best-practice rules); overrides "preset" in the config
      --max-warnings <n>               Exit with code 1 when there are more than n warnings
      --quiet                          Report errors only
      --report-unused-disable-directives
                                       Report suppressions that suppress nothing
      --print-config <file>            Print the configuration that applies to a file, as JSON
      --cache                          Reuse the result of an identical earlier run (stored in
                                       node_modules/.cache/sls-lint unless --cache-location is given)
      --cache-location <dir>           Where --cache keeps its file
      --cdk-out <dir>                  A CDK cloud assembly (cdk synth output) outside the linted folders
      --color / --no-color             Force or disable colours (NO_COLOR and FORCE_COLOR are honoured)
  -v, --version                        Print the version
  -h, --help                           Print this help

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage or configuration error.
Docs: https://github.com/sls-lint/sls-lint#readme`;

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

  const config = await loadConfig({ cwd: io.cwd, ...(values.config ? { configFile: values.config } : {}), ...(values.preset !== undefined ? { preset: values.preset } : {}) });
  if (values['print-config'] !== undefined) {
    io.stdout(`${JSON.stringify(effectiveConfig(config, path.resolve(io.cwd, values['print-config'])), null, 2)}\n`);
    return 0;
  }
  const result = await lint({
    cwd: io.cwd,
    paths: positionals,
    config,
    reportUnusedDisableDirectives: values['report-unused-disable-directives'] === true,
    ...(values['cdk-out'] ? { cdkOut: values['cdk-out'] } : {}),
    ...(values.cache || values['cache-location'] ? { cache: { version: version(), ...(values['cache-location'] ? { location: values['cache-location'] } : {}) } } : {}),
  });
  if (values.quiet) result.findings = result.findings.filter((f) => f.severity === 'error');

  const color = !values.output && useColor(values, io);
  const report = formatResult(result, format, { color, toolVersion: version(), quiet: values.quiet === true });
  if (values.output) {
    const target = path.resolve(io.cwd, values.output);
    try {
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, report);
    } catch (error) {
      throw new UsageError(`Cannot write ${values.output}: ${(error as Error).message}`);
    }
  } else if (report) {
    io.stdout(report.endsWith('\n') ? report : `${report}\n`);
  }

  const { errors, warnings } = countBySeverity(result.findings);
  if (errors > 0) return 1;
  if (maxWarnings >= 0 && warnings > maxWarnings) {
    io.stderr(`sls-lint found too many warnings (maximum: ${maxWarnings}).\n`);
    return 1;
  }
  return 0;
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
