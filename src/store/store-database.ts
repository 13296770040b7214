import type Database from 'better-sqlite3';
import type { Db } from './database.js';
import { isStorageFailure } from '../core/storage-failure.js';
import { closeMarked } from './start-check.js';

export interface StoreDatabaseOptions {
  /** Called for every write that fails because of the storage itself (disk full, I/O error; see core/storage-failure.ts). */
  onStorageFailure?: (error: unknown) => void;
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
  /** A write failed on the storage: the close leaves the store marked open, so the next start checks all of it. */
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
      if (!statement.reader && this.options.onStorageFailure) statement = this.watched(statement);
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

  private checkFailure(error: unknown): void {
    if (!isStorageFailure(error)) return;
    this.storageFailed = true;
    this.options.onStorageFailure?.(error);
  }
}
