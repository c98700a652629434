/**
 * A worker thread of ./pool.ts: analyses the units the main thread sends, one at a time, with the
 * configuration it was started with, and answers with plain data (and its phase timings).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { analyseUnit, restoreConfig, type ConfigSnapshot, type UnitTask } from './pool.js';
import { takeLaps } from './timing.js';

const port = parentPort;
if (!port) throw new Error('worker.ts runs only as a worker thread of the analysis pool');
const config = restoreConfig((workerData as { config: ConfigSnapshot }).config);

port.on('message', (task: UnitTask) => {
  analyseUnit(task, config).then(
    (result) => port.postMessage({ result, laps: takeLaps() }),
    (error: unknown) => port.postMessage({ error: error instanceof Error ? error.message : String(error), laps: takeLaps() }),
  );
});
