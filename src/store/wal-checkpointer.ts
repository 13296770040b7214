import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { toldOutside, type Clock } from '../core/clock.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { RepeatedFailure } from '../core/repeated-failure.js';
import type { Db, SyncMode } from './database.js';

/** WAL pages after which the daemon's own connection checkpoints, should the background checkpointer be gone. */
export const FALLBACK_AUTOCHECKPOINT_PAGES = 1000;
/** With the background checkpointer running, the own connection's bound only caps the WAL if it falls far behind. */
const BACKSTOP_AUTOCHECKPOINT_PAGES = 20_000;

export interface CheckpointerOptions {
  file: string;
  db: Db;
  sync: SyncMode;
  logger: Logger;
  /** Next pass this soon after one that copied pages (the WAL is being written). */
  busyMs?: number;
  /** Next pass this soon after one that found nothing to copy. */
  idleMs?: number;
  /** Paces the warnings about failed passes (every failure is counted; see stats()). */
  clock?: Clock;
  /** After the first failed pass, at most one warning per this long (with a clock). Default 60000. */
  warnEveryMs?: number;
}

export interface CheckpointerStats {
  /** True while the worker runs; false once SQLite checkpoints inline again (or before start). */
  background: boolean;
  /** Failed background passes since start (each is retried). */
  failures: number;
  lastError: string | null;
}

// Plain JavaScript run by the worker (eval, so it works from the sources under test and from dist alike).
// PASSIVE never blocks the daemon's writers and never waits on them; it copies what it can and tries again soon.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.sync); // 'normal' or 'full', as the daemon's connection
let timer;
const pass = () => {
  let copied = 0;
  try {
    const [r] = db.pragma('wal_checkpoint(PASSIVE)');
    copied = r.checkpointed;
  } catch (error) {
    parentPort.postMessage({ error: String(error && error.message || error) });
  }
  timer = setTimeout(pass, copied > 0 ? workerData.busyMs : workerData.idleMs);
};
parentPort.on('message', () => {
  clearTimeout(timer);
  db.close();
  process.exit(0); // in a worker: ends this thread only
});
pass();
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default a commit that crosses the WAL threshold copies the
 * WAL into the database file inside that commit: a stall of several milliseconds every few hundred commits, which
 * every order in flight at that moment waits for. Here a worker thread with its own connection checkpoints in
 * the background, often enough that the WAL stays short (so readers stay fast) and keeps being reset. If the
 * worker fails, the daemon's connection checkpoints inline again, as SQLite does by default: slower, never unsafe.
 */
export class WalCheckpointer implements Service {
  readonly name = 'checkpointer';
  private worker: Worker | null = null;
  private exited: Promise<void> = Promise.resolve();
  private readonly passFailures: RepeatedFailure;

  constructor(private readonly options: CheckpointerOptions) {
    const pacing = options.clock ? { clock: options.clock, everyMs: options.warnEveryMs ?? 60_000 } : {};
    this.passFailures = new RepeatedFailure(options.logger, 'background WAL checkpoint failed; it keeps trying', pacing);
  }

  start(): void {
    const { db, file, sync, logger, busyMs = 5, idleMs = 200 } = this.options;
    if (this.worker || file === ':memory:') return;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { file, sync, busyMs, idleMs, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
    });
    // Never what keeps the process alive: the kernel stops it, and a crash loses nothing (SQLite recovers the WAL).
    worker.unref();
    this.worker = worker;
    db.pragma(`wal_autocheckpoint = ${BACKSTOP_AUTOCHECKPOINT_PAGES}`);
    worker.on('message', (m: { error?: string }) => {
      if (m.error) this.passFailures.record(m.error);
    });
    this.exited = new Promise((resolve) => {
      worker.once('error', (error) => {
        logger.warn({ err: error.message }, 'background WAL checkpointer stopped; SQLite checkpoints inline again');
        this.fallBack();
      });
      worker.once('exit', () => {
        this.fallBack();
        resolve();
      });
    });
  }

  /** Stops the worker and waits for it to close its connection, so the daemon's close is the last and removes the WAL. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    worker.ref(); // waited for now
    worker.postMessage('stop');
    // The thread ends in real time: a virtual clock must not run on while it does.
    await (this.options.clock ? toldOutside(this.options.clock, this.exited, 'WAL checkpointer exit') : this.exited);
  }

  stats(): CheckpointerStats {
    return Object.assign({ background: this.worker !== null }, this.passFailures.stats());
  }

  private fallBack(): void {
    this.worker = null;
    if (this.options.db.open) this.options.db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  }
}
