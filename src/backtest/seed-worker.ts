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
  // A hundred progress messages a seed at most: the command's progress line moves during a seed, not only after it.
  let posted = -1;
  const progress = (done: number, total: number) => {
    if (done === total || done - posted >= total / 100) {
      posted = done;
      port.postMessage({ seed, done, total });
    }
  };
  runner.run(seed, progress).then(
    (figures) => port.postMessage({ figures }),
    (error: unknown) => port.postMessage({ seed, error: errorMessage(error) }),
  );
});
port.postMessage({ ready: true });
