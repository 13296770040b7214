import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SeedFigures, SeedJob } from './seed-job.js';

type Answer = { ready: true } | { figures: SeedFigures } | { seed: number; error: string } | { seed: number; done: number; total: number };

/** A seed's bars revealed of its total, as its run goes. */
export type SeedBars = (seed: number, done: number, total: number) => void;

/** The worker's compiled script; absent when conclave runs from its TypeScript sources (the tests), where seeds run in-thread. */
export function seedWorkerScript(): string | null {
  const file = fileURLToPath(new URL('./seed-worker.js', import.meta.url));
  return existsSync(file) ? file : null;
}

/**
 * Runs `seeds` of `job` on up to `jobs` worker threads, each loading the files once and taking the next seed as it
 * finishes one. The seeds' runs are independent and each is deterministic, so the figures are the same as in one
 * thread, in any order of completion; they are returned by seed. The first failure stops every worker and rejects.
 */
export function runSeedsInWorkers(script: string, job: SeedJob, seeds: readonly number[], jobs: number, onSeed?: (done: number, total: number, figures: SeedFigures) => void, onSeedBars?: SeedBars, signal?: AbortSignal): Promise<SeedFigures[]> {
  const queue = [...seeds];
  const results: SeedFigures[] = [];
  const workers: Worker[] = [];
  return new Promise<SeedFigures[]>((resolve, reject) => {
    let failed = false;
    let running = 0;
    // Stopped (Ctrl-C): every worker is terminated, and the seeds that ended are answered once all have exited, so
    // no seed writes into its folder after the caller removes it (a walk-forward's seed made its next fold's folder).
    let stopped = false;
    signal?.addEventListener('abort', () => {
      stopped = true;
      for (const w of workers) w.terminate().catch(() => undefined);
    }, { once: true });
    const fail = (error: Error) => {
      if (failed) return;
      failed = true;
      // Terminating cannot fail in a way that matters more than the failure being reported.
      for (const w of workers) w.terminate().catch(() => undefined);
      reject(error);
    };
    const next = (worker: Worker) => worker.postMessage(queue.length > 0 ? queue.shift()! : null);
    const count = Math.max(1, Math.min(jobs, seeds.length));
    for (let i = 0; i < count; i++) {
      const worker = new Worker(script, { workerData: job });
      workers.push(worker);
      running++;
      worker.on('message', (answer: Answer) => {
        if (stopped) return;
        if ('error' in answer) return fail(new Error(`baseline seed ${answer.seed} failed: ${answer.error}`));
        if ('done' in answer) return onSeedBars?.(answer.seed, answer.done, answer.total);
        if ('figures' in answer) {
          results.push(answer.figures);
          onSeed?.(results.length, seeds.length, answer.figures);
        }
        next(worker);
      });
      worker.on('error', (error) => fail(error));
      worker.on('exit', (code) => {
        running--;
        if (stopped) {
          if (running === 0 && !failed) resolve(results.sort((a, b) => a.seed - b.seed));
          return;
        }
        if (code !== 0) return fail(new Error(`a baseline worker exited with code ${code}`));
        if (running === 0 && !failed) {
          if (results.length !== seeds.length) return fail(new Error(`the baseline workers ran ${results.length} of ${seeds.length} seeds`));
          resolve(results.sort((a, b) => a.seed - b.seed));
        }
      });
    }
  });
}
