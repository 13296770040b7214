import type Database from 'better-sqlite3';
import type { Db } from './database.js';
import { isDamagedRead, isStorageFailure } from '../core/storage-failure.js';
import { closeMarked } from './start-check.js';

export interface StoreDatabaseOptions {
  /**
   * Called for every write that fails because of the storage itself (disk full, I/O error; see core/storage-failure.ts),
   * and every read that finds the store damaged (`read`: SQLITE_CORRUPT, SQLITE_NOTADB).
   */
  onStorageFailure?: (error: unknown, read?: boolean) => void;
}

/** What groups writes: every repository has it, and all of them share one, so a transaction may span repositories. */
export interface Transactional {
  /** Runs `fn` in one transaction: all of its writes land, or none (nested ones become savepoints). */
  tx<T>(fn: () => T): T;
}

/**
 * The one wrapper over a SQLite connection that every repository shares: its statement cache, its transaction, and
 * the reporting of storage failures. Constructing it does no I/O; opening and migrating the file is openStore's.
 */
export class StoreDatabase implements Transactional {
  private readonly statements = new Map<string, Database.Statement>();
  /** Repositories' caches to drop when a transaction fails: they are reloaded from what was really committed. */
  private readonly rollbackListeners: (() => void)[] = [];
  /** One wrapper serves every transaction (nested ones become savepoints): better-sqlite3 builds four functions per wrapper. */
  private wrapper: ((fn: () => unknown) => unknown) | null = null;
  /** A write failed on the storage, or the store was found damaged: the close leaves it marked open, so the next start checks all of it. */
  private storageFailed = false;

  constructor(
    readonly db: Db,
    private readonly options: StoreDatabaseOptions = {},
  ) {}

  /** Runs `fn` in one transaction shared by every repository: all of its writes land, or none. */
  transaction<T>(fn: () => T): T {
    try {
      this.wrapper ??= this.db.transaction((inner: () => unknown) => inner());
      return this.wrapper(fn) as T;
    } catch (error) {
      for (const listener of this.rollbackListeners) listener();
      this.checkFailure(error);
      throw error;
    }
  }

  tx<T>(fn: () => T): T {
    return this.transaction(fn);
  }

  /** `listener` runs whenever a transaction fails (a repository drops its write-through cache). */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /** The prepared statement for `sql`, prepared once; writing ones report storage failures. */
  statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.options.onStorageFailure) statement = statement.reader ? this.watchedRead(statement) : this.watched(statement);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** Runs a write outside the repositories (retention, checkpoints) with the same failure reporting. */
  guarded<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      this.checkFailure(error);
      throw error;
    }
  }

  /** The store was found damaged while open (the periodic check): the close leaves it marked open, as after a failed write. */
  markDamaged(): void {
    this.storageFailed = true;
  }

  /** Closes the connection, marking the store closed cleanly unless a write failed on the storage (start-check.ts). */
  close(): void {
    closeMarked(this.db, this.storageFailed);
  }

  /** A writing statement whose storage failures are reported (a commit outside a transaction is one `run`). */
  private watched(statement: Database.Statement): Database.Statement {
    const run = statement.run;
    statement.run = (...params: unknown[]) => {
      try {
        return run.apply(statement, params);
      } catch (error) {
        this.checkFailure(error);
        throw error;
      }
    };
    return statement;
  }

  /**
   * A reading statement whose damaged pages are reported: a read that meets damage was an error of its loop alone,
   * logged and retried, never a storage failure. The wrapper costs about 0.3-0.5 µs a read (an indexed point read took
   * 4.7 µs, 5.1 wrapped), against the daemon's few hundred reads a second at most. An error thrown while iterating is
   * not seen (iterate is left as it is), nor is a read through the raw connection (store.db, the cockpit's).
   */
  private watchedRead(statement: Database.Statement): Database.Statement {
    for (const method of ['get', 'all'] as const) {
      const read = statement[method] as (...params: unknown[]) => unknown;
      (statement as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        try {
          return read.apply(statement, params);
        } catch (error) {
          if (isDamagedRead(error)) {
            this.storageFailed = true;
            this.options.onStorageFailure?.(error, true);
          }
          throw error;
        }
      };
    }
    return statement;
  }

  private checkFailure(error: unknown): void {
    if (!isStorageFailure(error)) return;
    this.storageFailed = true;
    this.options.onStorageFailure?.(error);
  }
}
