import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { toldOutside, type Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Service } from '../core/lifecycle.js';
import type { Logger } from '../core/logger.js';
import { damagedWhileRunningAdvice } from './restore-advice.js';
import { damageFound } from './start-check.js';
import type { StoreCheckRecord } from './store-check-record.js';

/**
 * SQLite's quick_check of the running store, every `intervalMs`. A start checks the whole store only after a run that
 * did not close it (start-check.ts): damage that comes while the daemon runs (a failing disk, a bad sector under the
 * audit trail) was met only by the first write or read to reach it, which may be never for an old page. The check runs
 * on a worker thread with its own read-only connection, as the checkpointer does (wal-checkpointer.ts): quick_check
 * reads every page (3.5 s warm, 40 s cold on 1.3 GB), which on the event loop would hold every order that long. A WAL
 * reader takes no lock a writer waits for; it only keeps the checkpointer from copying past it until it ends.
 */
export interface PeriodicStoreCheckOptions {
  file: string;
  clock: Clock;
  logger: Logger;
  /** From the end of one check to the start of the next (the first: this long after the start, which checked). */
  intervalMs: number;
  /** Told once, when a check finds damage, with what to tell the operator and SQLite's findings: the daemon halts new entries. */
  onDamage: (message: string, damage: string) => void;
  /** Told of each check that ran, sound or not (recorded in the store for `conclave status`); must not throw. */
  onResult?: (result: StoreCheckRecord) => void;
}

export interface PeriodicStoreCheckStats {
  intervalMs: number;
  /** Checks that ended, finding damage or not. */
  runs: number;
  /** Checks that could not run (the file could not be opened, the worker failed); each is tried again next time. */
  failures: number;
  /** When the last check ended, and how long it took. */
  lastAt: number | null;
  lastMs: number | null;
  /** SQLite's findings, once a check found damage (no check runs after it); null while the store is sound. */
  damage: string | null;
  /**
   * The store's path, with `damage` only: `conclave health` names it in what to do (restore-advice.ts). Not on every
   * health line, whose size the log-volume warning counts.
   */
  file?: string;
}

// Plain JavaScript run by the worker (eval, so it works from the sources under test and from dist alike).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  parentPort.postMessage({ rows: db.pragma('quick_check(3)').map((r) => r.quick_check) });
} catch (error) {
  parentPort.postMessage({ error: String((error && error.message) || error), code: error && error.code });
} finally {
  if (db) db.close();
}
`;

/** Codes with which SQLite refuses to read a page or the file at all: damage, as quick_check's findings are. */
const DAMAGE_CODES = /^SQLITE_(CORRUPT|NOTADB)/;

type Outcome = { rows: string[] } | { error: string; code?: string };

export class PeriodicStoreCheck implements Service {
  readonly name = 'store-check';
  private cancel: (() => void) | null = null;
  private running: Promise<void> | null = null;
  private worker: Worker | null = null;
  private stopped = false;
  private readonly counts: PeriodicStoreCheckStats;

  constructor(private readonly options: PeriodicStoreCheckOptions) {
    this.counts = { intervalMs: options.intervalMs, runs: 0, failures: 0, lastAt: null, lastMs: null, damage: null };
  }

  start(): void {
    if (this.cancel || this.options.intervalMs <= 0 || this.options.file === ':memory:') return;
    this.stopped = false;
    this.schedule();
  }

  /**
   * Stops scheduling. A check under way is left to end on its own thread (unref'd, it never holds the exit): SQLite
   * cannot be interrupted from outside its thread, and a cold check of a large store outlasts the 10 s stop.
   */
  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = null;
    this.worker?.unref();
  }

  /** The check under way, if any (tests wait for it after moving the clock). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  /** SQLite's findings once a check found damage; null while the store is sound. */
  get damage(): string | null {
    return this.counts.damage;
  }

  stats(): PeriodicStoreCheckStats {
    return { ...this.counts };
  }

  /** Runs one check now (none runs twice at once), and schedules the next unless it found damage. */
  check(): Promise<void> {
    this.running ??= this.runOnce()
      .catch((error: unknown) => this.couldNotRun(errorMessage(error)))
      .finally(() => {
        this.running = null;
        if (!this.stopped && this.counts.damage === null) this.schedule();
      });
    return this.running;
  }

  private schedule(): void {
    this.cancel?.();
    this.cancel = this.options.clock.setTimer(this.options.intervalMs, () => {
      this.cancel = null;
      this.check().catch(() => undefined); // check() logs its own failures
    });
  }

  private async runOnce(): Promise<void> {
    const { clock, logger, file } = this.options;
    const began = clock.now();
    // The worker thread answers in real time, not on the clock: a virtual clock is told, so a test can wait for the
    // answer with the clock still (answered) instead of sleeping a fixed while.
    const outcome = await toldOutside(clock, this.inWorker(), 'store check');
    this.counts.lastAt = clock.now();
    this.counts.lastMs = this.counts.lastAt - began;
    if ('error' in outcome && !DAMAGE_CODES.test(outcome.code ?? '')) return this.couldNotRun(outcome.error);
    this.counts.runs++;
    const found = 'rows' in outcome ? damageFound(outcome.rows) : `${outcome.error} (${outcome.code})`;
    this.options.onResult?.({ at: this.counts.lastAt, ms: this.counts.lastMs, damage: found });
    if (found === null) {
      logger.info({ file, ms: this.counts.lastMs }, 'periodic check of the store: sound');
      return;
    }
    this.counts.damage = found;
    this.counts.file = file;
    const message =
      `The store ${file} is damaged (SQLite's quick_check, run while the daemon runs: ${found}). New entries are halted; ` +
      `open positions are still watched and exited. Do not trade on it: ${damagedWhileRunningAdvice(file)}`;
    logger.error({ file, found }, message);
    this.options.onDamage(message, found);
  }

  private couldNotRun(error: string): void {
    this.counts.failures++;
    this.options.logger.warn({ file: this.options.file, err: error }, `the periodic check of the store could not run (${error}); it is tried again in ${this.options.intervalMs} ms`);
  }

  private inWorker(): Promise<Outcome> {
    return new Promise((resolve) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { file: this.options.file, driver: createRequire(import.meta.url).resolve('better-sqlite3') },
      });
      this.worker = worker;
      if (this.stopped) worker.unref();
      let outcome: Outcome | null = null;
      worker.once('message', (m: Outcome) => (outcome = m));
      worker.once('error', (error) => (outcome ??= { error: error.message }));
      worker.once('exit', (code) => {
        this.worker = null;
        resolve(outcome ?? { error: `the check's thread ended (exit code ${code}) without an answer` });
      });
    });
  }
}
