import Database from 'better-sqlite3';
import { ConfigError, OperationalError, errorMessage } from '../core/errors.js';
import { existsSync } from 'node:fs';
import type { Db } from './database.js';
import { MIGRATIONS } from './migrations.js';
import { backupStore } from './backup-store.js';

// A store's schema across conclave versions: upgrading it, refusing one a newer conclave wrote, and reading an older one.

function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * A store a newer conclave wrote (a downgrade, or an older binary started on a newer data dir): its columns may mean
 * other things to it. Refused before anything is written, with exit 78: restarting this binary cannot help.
 */
export function assertKnownSchema(version: number, file: string): void {
  if (version <= MIGRATIONS.length) return;
  throw new ConfigError(
    `The store ${file} is at schema version ${version}, but this conclave knows only versions up to ${MIGRATIONS.length}: ` +
      `a newer conclave wrote it. Nothing was changed. Upgrade conclave to the version that wrote it (or a later one); ` +
      `to go back to this version instead, move the store and its -wal and -shm files away and restore a backup taken ` +
      `before the upgrade in their place.`,
    'dataDir',
  );
}

/**
 * Applies the pending migrations in one transaction: all of them land, or none. One transaction each left a store
 * that failed (or was killed) half-way at a version its old conclave refuses and this one cannot finish: no way back.
 */
export function migrate(db: Db, file = 'in memory'): void {
  const current = userVersion(db);
  assertKnownSchema(current, file);
  if (current === MIGRATIONS.length) return;
  let failed = current;
  try {
    db.transaction(() => {
      for (let version = current; version < MIGRATIONS.length; version++) {
        failed = version + 1;
        db.exec(MIGRATIONS[version]!);
      }
      db.pragma(`user_version = ${MIGRATIONS.length}`);
    })();
  } catch (error) {
    throw new OperationalError(
      `Upgrading the store ${file} from schema version ${current} to ${MIGRATIONS.length} failed at migration ${failed} ` +
        `(${errorMessage(error)}). Nothing of the upgrade was kept: the store is still at version ${current}, as the conclave ` +
        `that wrote it left it. Run that version again, or restore the store from a backup; if its schema was changed by ` +
        `hand, undo that change.`,
      { cause: error },
    );
  }
}

/**
 * An older store read by this version's commands (status, explain, scorecard, a backup's check), beside the older
 * daemon or before the first start migrates it: they failed with "no such column". The file is not touched (the old
 * daemon may run on it, or it is the way back): its current state is copied into memory and migrated there.
 */
export function migratedCopy(db: Db, file: string): Db {
  const bytes = db.serialize();
  // Bytes 18-19 of the header say WAL (2); an in-memory database cannot be WAL, so the copy reads as a rollback one.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  const copy = new Database(bytes);
  try {
    migrate(copy, file);
  } catch (error) {
    copy.close();
    throw error;
  }
  return copy;
}

/** What an upgrade at start did: the versions, and where the store was copied as it was (null: the copy failed, why). */
export interface StoreUpgrade {
  from: number;
  to: number;
  copy: string | null;
  copyError?: string;
}

/**
 * Before migrating a store, a checked copy of it as it is, beside it (`<store>.schema-<from>`): the upgraded store is
 * refused by the older conclave, so this copy is the way back to it (losing what happened since). A copy that cannot
 * be made (a full disk) does not stop the upgrade, which keeps the account whole: it is said instead.
 */
export function keepPreUpgradeCopy(db: Db, file: string): StoreUpgrade | null {
  const from = userVersion(db);
  if (file === ':memory:' || from === 0 || from >= MIGRATIONS.length) return null;
  let target = `${file}.schema-${from}`;
  for (let n = 2; existsSync(target); n++) target = `${file}.schema-${from}.${n}`;
  try {
    return { from, to: MIGRATIONS.length, copy: backupStore(db, target).file };
  } catch (error) {
    return { from, to: MIGRATIONS.length, copy: null, copyError: errorMessage(error) };
  }
}
