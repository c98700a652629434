/**
 * The GitHub Action (action.yml) in one run: lint once, print the chosen format to the log, write
 * SARIF for code scanning when asked, append the job summary and set the step's outputs.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config/index.js';
import { lint } from '../engine/run.js';
import { countBySeverity } from '../engine/result.js';
import { UsageError } from '../errors.js';
import { FORMATS, formatResult, type FormatName } from '../report/index.js';
import { formatJson } from '../report/json.js';
import { version } from '../version.js';
import { renderJobSummary, type JsonReport } from './summary.js';

export interface ActionIo {
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdout: (text: string) => void;
}

/** Returns the process exit code: 1 when error-level findings fail the step, 2 for bad inputs. */
export async function runAction(io: ActionIo): Promise<number> {
  // action.yml passes each input as INPUT_<NAME>, hyphens written as underscores so any shell can read them.
  const input = (name: string) => (io.env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
  try {
    const format = (input('format') || 'github') as FormatName;
    if (!FORMATS.includes(format)) throw new UsageError(`Unknown format "${format}" in the action's "format" input. Use one of: ${FORMATS.join(', ')}.`);
    const failOn = input('fail-on') || 'error';
    if (!['error', 'warning', 'never'].includes(failOn)) throw new UsageError(`The "fail-on" input takes error, warning or never; got "${failOn}".`);
    const preset = input('preset');
    const configFile = input('config');
    const config = await loadConfig({ cwd: io.cwd, ...(configFile ? { configFile } : {}), ...(preset ? { preset } : {}) });
    // A runner's every core, as the CLI's default: the report is the same on any number of threads.
    const result = await lint({ cwd: io.cwd, paths: splitPaths(input('paths')), config, concurrency: 'auto' });

    const options = { color: false, toolVersion: version() };
    const log = formatResult(result, format, options);
    if (log) io.stdout(log.endsWith('\n') ? log : `${log}\n`);

    const outputs: Record<string, string> = {};
    if (input('upload-sarif') === 'true') {
      const sarifFile = path.resolve(io.cwd, input('sarif-file') || path.join(io.env.RUNNER_TEMP || io.cwd, 'sls-lint.sarif'));
      mkdirSync(path.dirname(sarifFile), { recursive: true });
      writeFileSync(sarifFile, formatResult(result, 'sarif', options));
      outputs['sarif-file'] = sarifFile;
    }

    const report = JSON.parse(formatJson(result, options)) as JsonReport;
    if (io.env.GITHUB_STEP_SUMMARY) {
      appendFileSync(io.env.GITHUB_STEP_SUMMARY, renderJobSummary(report, result, { workspace: io.env.GITHUB_WORKSPACE, blobBase: blobBase(io.env), preset: config.preset.name }));
    }
    const { errors, warnings } = countBySeverity(result.findings);
    outputs.errors = String(errors);
    outputs.warnings = String(warnings);
    if (io.env.GITHUB_OUTPUT) appendFileSync(io.env.GITHUB_OUTPUT, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));

    if (failOn === 'error' && errors > 0) return 1;
    if (failOn === 'warning' && errors + warnings > 0) return 1;
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      // A workflow command, so the mistake shows on the run's page and not only in its log.
      io.stdout(`::error title=sls-lint::${escapeData(error.message)}\n`);
      return 2;
    }
    throw error;
  }
}

/** Paths are separated by new lines (a YAML block) or, on one line, by spaces. */
export function splitPaths(value: string): string[] {
  const parts = value.includes('\n') ? value.split(/\r?\n/) : value.split(/\s+/);
  return parts.map((p) => p.trim()).filter(Boolean);
}

function blobBase(env: NodeJS.ProcessEnv): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = env;
  return server && repository && sha ? `${server}/${repository}/blob/${sha}` : undefined;
}

function escapeData(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
