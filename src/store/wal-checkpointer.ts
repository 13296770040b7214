import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import type { Db } from './database.js';

/**
 * SQLite's automatic WAL checkpoint runs inside a commit and stalls the event loop for milliseconds (it copies pages
 * and fsyncs). This moves it to a worker thread with its own connection: the daemon's connection stops checkpointing,
 * and the worker runs a PASSIVE checkpoint (never blocks the writer) each time the clock asks. If the worker dies,
 * the daemon's connection checkpoints again by itself, so the WAL never grows without bound.
 */
const WORKER_CODE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 5000');
parentPort.on('message', (message) => {
  if (message === 'stop') {
    try { db.pragma('wal_checkpoint(PASSIVE)'); } finally { db.close(); }
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: result.busy, log: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message || error) });
  }
});
`;

export interface CheckpointerOptions {
  db: Db;
  file: string;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}

export class WalCheckpointer implements Service {
  readonly name = 'wal-checkpointer';
  private worker: Worker | null = null;
  private cancel: (() => void) | null = null;
  private failures = 0;
  checkpoints = 0;

  constructor(private readonly options: CheckpointerOptions) {}

  start(): void {
    const { db, file, logger } = this.options;
    if (this.worker) return;
    try {
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      this.worker = new Worker(WORKER_CODE, { eval: true, workerData: { file, driver } });
    } catch (error) {
      logger.warn({ err: errorMessage(error) }, 'WAL checkpoints stay in the main thread: the worker could not start');
      return;
    }
    db.pragma('wal_autocheckpoint = 0');
    this.worker.on('message', (m: { ok: boolean; error?: string }) => {
      if (m.ok) this.checkpoints++;
      else if (++this.failures % 60 === 1) logger.warn({ err: m.error, failures: this.failures }, 'WAL checkpoint failed; will retry');
    });
    this.worker.on('error', (error) => this.fallBack(error));
    this.worker.unref();
    this.schedule();
  }

  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = null;
    const worker = this.worker;
    if (!worker) return;
    this.worker = null;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    // Unreferenced while running (it must not keep the process alive); referenced now so its last checkpoint finishes.
    worker.ref();
    worker.postMessage('stop');
    await exited;
  }

  private schedule(): void {
    this.cancel = this.options.clock.setTimer(this.options.intervalMs ?? 1_000, () => {
      this.worker?.postMessage('checkpoint');
      if (this.worker) this.schedule();
    });
  }

  private fallBack(error: unknown): void {
    this.options.logger.error({ err: errorMessage(error) }, 'WAL checkpoint worker failed; the main connection checkpoints again');
    this.cancel?.();
    this.worker = null;
    if (this.options.db.open) this.options.db.pragma('wal_autocheckpoint = 1000');
  }
}
