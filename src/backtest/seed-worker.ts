// A worker thread of the seed pool (seed-pool.ts): loads the job's files once, then runs each seed it is sent and
// answers with its figures (or the error), until it is sent null.
import { parentPort, workerData } from 'node:worker_threads';
import { errorMessage } from '../core/errors.js';
import { loadSeries } from './load-series.js';
import { jobParts, seedRunner, type SeedJob } from './seed-job.js';

const port = parentPort;
if (!port) throw new Error('seed-worker.js runs as a worker thread of the seed pool, not on its own');
const job = workerData as SeedJob;
const series = await loadSeries(job.files, job.span ?? {});
const runner = seedRunner(series, job, jobParts(job));
port.on('message', (seed: number | null) => {
  if (seed === null) {
    port.close();
    return;
  }
  runner.run(seed).then(
    (figures) => port.postMessage({ figures }),
    (error: unknown) => port.postMessage({ seed, error: errorMessage(error) }),
  );
});
port.postMessage({ ready: true });
