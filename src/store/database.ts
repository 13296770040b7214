import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { OperationalError } from '../core/errors.js';
import { MIGRATIONS } from './migrations.js';

export type Db = Database.Database;

export type SyncMode = 'normal' | 'full';

/**
 * Opens (or creates) a SQLite file in WAL mode and applies pending migrations.
 * synchronous=NORMAL (default): every commit survives a crash or kill of the process and the file is never corrupted;
 * only a power loss or OS crash may roll back the last commits (the live broker's start-up reconciliation catches
 * that). synchronous=FULL also survives power loss, at an fsync per commit.
 */
export function openDatabase(file: string, sync: SyncMode = 'normal'): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (error) {
    throw new OperationalError(`Cannot open the store ${file}: ${(error as Error).message}. Check that the data directory is writable.`, {
      cause: error,
    });
  }
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > MIGRATIONS.length) {
    throw new OperationalError(
      `The store is at schema version ${current} but this conclave knows only ${MIGRATIONS.length}: it was written by a newer version. Upgrade conclave.`,
    );
  }
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
