/**
 * A run's analysis spread over threads: the run is split into units (./units.ts), worker threads
 * and the main thread each take units from one queue, and the results are merged.
 *
 * What is reported never depends on the split. Each unit's analysis names its footprint, every
 * file it read or decided about; units whose footprints meet (a template linking a handler in
 * another project's folder, two projects sharing a module or a Terraform module) are analysed
 * again as one, until no two footprints meet. Results of units with disjoint footprints are what
 * one analysis of the whole would give, and the caller sorts them the same way (./run.ts).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { rules as allRules } from '../../rules/index.js';
import type { ResolvedConfig } from '../config/index.js';
import type { CdkAppLocation, DiscoveredFile } from '../discover/index.js';
import { analyseTemplates, analysisInputs, type AnalysisResult } from './analyse.js';
import type { EnabledRule } from './check.js';
import type { AppGraph } from './graph.js';
import type { Finding, HandlerSummary, Notice } from './result.js';
import type { RuleLevel } from './rule.js';
import { count, record, restartLap } from './timing.js';
import type { WorkUnit } from './units.js';

/** What one unit's analysis gives, as plain data that crosses threads. */
export interface UnitAnalysis {
  findings: Finding[];
  notices: Notice[];
  handlers: HandlerSummary[];
  graph: AppGraph;
  templates: number;
  azureApps: number;
  functions: number;
  bytesRead: number;
  footprint: string[];
}

export interface UnitTask {
  files: DiscoveredFile[];
  cdkApps: CdkAppLocation[];
  /** The folders of the units the task joins: its projects. */
  projects: string[];
  reportUnused: boolean;
}

/** The resolved configuration as plain data: rules travel by name and are found again in the worker. */
export interface ConfigSnapshot {
  filepath: string | undefined;
  base: string;
  enabled: [name: string, level: 'error' | 'warn', options: unknown, configured: boolean][];
  builtinLevels: [name: string, setting: { level: RuleLevel; configured: boolean }][];
  ignores: string[];
  maxFileSize: number;
  allRuleNames: string[];
  preset: ResolvedConfig['preset'];
  levelFrom: [string, string][];
}

export function snapshotConfig(config: ResolvedConfig): ConfigSnapshot {
  return {
    filepath: config.filepath,
    base: config.base,
    enabled: config.enabled.map((e) => [e.rule.meta.name, e.level, e.options, e.configured]),
    builtinLevels: [...config.builtinLevels],
    ignores: config.ignores,
    maxFileSize: config.maxFileSize,
    allRuleNames: [...config.allRuleNames],
    preset: config.preset,
    levelFrom: [...config.levelFrom],
  };
}

export function restoreConfig(snapshot: ConfigSnapshot): ResolvedConfig {
  const byName = new Map(allRules.map((rule) => [rule.meta.name, rule]));
  const enabled: EnabledRule[] = snapshot.enabled.map(([name, level, options, configured]) => {
    const rule = byName.get(name);
    if (!rule) throw new Error(`rule ${name} is not known to the worker thread`);
    return { rule, level, options, configured };
  });
  return {
    filepath: snapshot.filepath,
    base: snapshot.base,
    enabled,
    builtinLevels: new Map(snapshot.builtinLevels),
    ignores: snapshot.ignores,
    maxFileSize: snapshot.maxFileSize,
    allRuleNames: new Set(snapshot.allRuleNames),
    preset: snapshot.preset,
    levelFrom: new Map(snapshot.levelFrom),
  };
}

/** One unit's analysis, in whichever thread runs it. */
export async function analyseUnit(task: UnitTask, config: ResolvedConfig): Promise<UnitAnalysis> {
  const { templates, sources } = analysisInputs(task.files);
  restartLap();
  const a = await analyseTemplates(templates, config, task.reportUnused, sources, task.cdkApps, task.projects);
  return {
    findings: a.findings,
    notices: a.notices,
    handlers: a.handlers,
    graph: a.graph,
    templates: a.templates,
    azureApps: a.azureApps,
    functions: a.functions,
    bytesRead: a.bytesRead,
    footprint: [...a.footprint],
  };
}

/**
 * `--concurrency auto`: one thread per core, less one. A single JavaScript thread already keeps
 * about 1.5 cores busy (V8 compiles and collects garbage on threads of its own), and each thread
 * compiles the same code again: on 2 cores a second analysis thread made serverless-patterns
 * 6–15% slower and used 20–35% more CPU (`npm run bench -- --corpus`), so 2 cores stay on one thread.
 */
export function autoConcurrency(cores = availableParallelism()): number {
  return Math.max(1, cores - 1);
}

export interface PoolOptions {
  /** Threads in all, the main thread included: `concurrency - 1` workers are started. */
  concurrency: number;
  reportUnused: boolean;
  /** The worker's module; the built `worker.js` beside this file by default. */
  workerScript?: URL;
}

/**
 * Analyses `units` (in the run's order) on `concurrency` threads and merges the results. Units
 * analysed again together keep that order, as one analysis of the whole run would read them.
 */
export async function analyseInUnits(units: WorkUnit[], config: ResolvedConfig, options: PoolOptions): Promise<Omit<AnalysisResult, 'stacks' | 'footprint'> & { reanalysed: number }> {
  const started = performance.now();
  const pool = new ThreadPool(config, Math.max(0, options.concurrency - 1), options.workerScript);
  try {
    const runOrder = new Map(units.map((unit, i) => [unit, i]));
    let groups: Group[] = units.map((unit) => ({ units: [unit], result: undefined }));
    let reanalysed = 0;
    let pending = groups;
    for (;;) {
      await pool.runAll(pending.map((group) => ({ task: taskOf(group.units, options.reportUnused), weight: sum(group.units.map((u) => u.weight)) })), (index, result) => (pending[index]!.result = result));
      const merged = mergeMeeting(groups, runOrder);
      if (merged.length === groups.length) break;
      const fresh = merged.filter((group) => group.result === undefined);
      reanalysed += fresh.reduce((sum, group) => sum + group.units.length, 0);
      groups = merged;
      pending = fresh;
    }
    const results = groups.map((g) => g.result!);
    record(`analysis on ${options.concurrency} threads (wall clock)`, performance.now() - started);
    count('units of work', units.length);
    count('units analysed again with others', reanalysed);
    restartLap();
    return {
      findings: results.flatMap((r) => r.findings),
      notices: results.flatMap((r) => r.notices),
      handlers: results.flatMap((r) => r.handlers),
      graph: { functions: results.flatMap((r) => r.graph.functions) },
      templates: sum(results.map((r) => r.templates)),
      azureApps: sum(results.map((r) => r.azureApps)),
      functions: sum(results.map((r) => r.functions)),
      bytesRead: sum(results.map((r) => r.bytesRead)),
      reanalysed,
    };
  } finally {
    await pool.close();
  }
}

function taskOf(units: WorkUnit[], reportUnused: boolean): UnitTask {
  return { files: units.flatMap((u) => u.files), cdkApps: units.flatMap((u) => u.cdkApps), projects: units.map((u) => u.dir), reportUnused };
}

interface Group {
  units: WorkUnit[];
  result: UnitAnalysis | undefined;
}

/**
 * Groups whose footprints share a file, joined (union–find); a joined group has no result yet. Its
 * units are put back in the run's order, so the joined analysis reads them as a whole run would.
 */
function mergeMeeting(groups: Group[], runOrder: Map<WorkUnit, number>): Group[] {
  const parent = groups.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  groups.forEach((group, i) => {
    for (const file of group.result!.footprint) {
      const other = owner.get(file);
      if (other === undefined) owner.set(file, i);
      else parent[find(i)] = find(other);
    }
  });
  const joined = new Map<number, Group[]>();
  groups.forEach((group, i) => joined.set(find(i), [...(joined.get(find(i)) ?? []), group]));
  return [...joined.values()].map((members) =>
    members.length === 1 ? members[0]! : { units: members.flatMap((m) => m.units).sort((a, b) => runOrder.get(a)! - runOrder.get(b)!), result: undefined },
  );
}

/**
 * Worker threads plus the main thread, taking tasks from one queue: workers the largest first, the
 * main thread the smallest, so it comes back soon to hand out the next task.
 */
class ThreadPool {
  private readonly workers: Worker[] = [];
  private readonly script: URL;

  constructor(
    private readonly config: ResolvedConfig,
    private readonly size: number,
    script?: URL,
  ) {
    this.script = script ?? new URL('./worker.js', import.meta.url);
    if (size > 0 && !existsSync(fileURLToPath(this.script))) throw new Error(`the worker thread's module is missing: ${fileURLToPath(this.script)} (run the build)`);
  }

  async runAll(tasks: { task: UnitTask; weight: number }[], done: (index: number, result: UnitAnalysis) => void): Promise<void> {
    const queue = tasks.map(({ task, weight }, index) => ({ task, weight, index })).sort((a, b) => b.weight - a.weight);
    while (this.workers.length < Math.min(this.size, queue.length - 1)) this.workers.push(this.start());
    const onWorker = async (worker: Worker) => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const { task } = next;
        try {
          done(next.index, await this.send(worker, task));
        } catch {
          // A worker that failed is not the user's problem: its task runs here, and it gets no more.
          done(next.index, await analyseUnit(task, this.config));
          return;
        }
      }
    };
    const onMain = async () => {
      for (let next = queue.pop(); next; next = queue.pop()) {
        done(next.index, await analyseUnit(next.task, this.config));
        // Let the workers' answers in, so they get their next task without waiting for this thread.
        await new Promise((resolve) => setImmediate(resolve));
      }
    };
    await Promise.all([...this.workers.map(onWorker), onMain()]);
  }

  private start(): Worker {
    const worker = new Worker(this.script, { workerData: { config: snapshotConfig(this.config) } });
    worker.unref();
    return worker;
  }

  private send(worker: Worker, task: UnitTask): Promise<UnitAnalysis> {
    return new Promise((resolve, reject) => {
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      const onMessage = (message: { result?: UnitAnalysis; error?: string; laps?: [string, number][] }) => {
        cleanup();
        // A worker's phase times count in the run's, summed over the threads.
        for (const [phase, ms] of message.laps ?? []) record(phase, ms);
        if (message.result) resolve(message.result);
        else reject(new Error(message.error ?? 'the worker thread gave no result'));
      };
      const onError = (error: Error) => {
        cleanup();
        reject(error);
      };
      const onExit = (code: number) => {
        cleanup();
        reject(new Error(`the worker thread exited with code ${code}`));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(task);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
