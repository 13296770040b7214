import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { makeFolder } from '../core/make-folder.js';
import { unreadableFileHint, unwritableFileHint, writableHint } from './writable-hint.js';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, OperationalError } from '../core/errors.js';
import { unwritableDataDir, unwritableFile } from './unwritable-data-dir.js';
import { READS_AS_STORED_FROM } from './migrations.js';
import { assertKnownSchema, keepPreUpgradeCopy, migrate, migratedCopy, type StoreUpgrade } from './schema-upgrade.js';
import { cannotOpenShared, readOnlyCopy } from './read-only-copy.js';
import { assertSound, markOpen } from './start-check.js';
import { createdMarkerOf } from './restore-advice.js';

export type Db = Database.Database;

export type SyncMode = 'normal' | 'full';

/** The WAL file is cut back to this size when a commit starts it over (about 1,000 pages, the usual checkpoint threshold). */
export const WAL_SIZE_LIMIT_BYTES = 4 * 1_048_576;

/**
 * Opens (or creates) a SQLite file in WAL mode and applies pending migrations.
 * synchronous=NORMAL (default): every commit survives a crash or kill of the process and the file is never corrupted;
 * only a power loss or OS crash may roll back the last commits (the live broker's start-up reconciliation catches
 * that). synchronous=FULL also survives power loss, at an fsync per commit.
 */
export function openDatabase(file: string, sync: SyncMode = 'normal', onUpgrade?: (upgrade: StoreUpgrade) => void): Db {
  if (file !== ':memory:') {
    makeFolder(dirname(file));
    assertNotEmpty(file);
    // SQLite opens a store this user may not write read-only, without a word: it would fail at the first write.
    const refused = unwritableFile(file);
    if (refused) throw new ConfigError(`Cannot write the store ${file} (${refused}): ${unwritableFileHint(file, dirname(file), refused)}`, 'dataDir');
    if (sizeOf(file) === null) {
      assertNeverCreated(file);
      createStore(file);
    }
  }
  const db = sqliteFile(file, `open the store ${file}`);
  try {
    // Read before anything is written (journal_mode=WAL rewrites the header of a store in another mode).
    const version = userVersion(db);
    // Every store this conclave makes has its schema from birth (createStore); a file without one is not ours.
    if (file !== ':memory:' && version === 0) {
      throw new OperationalError(
        `The store ${file} holds no conclave store (a SQLite file without conclave's schema). It is not taken as a new ` +
          `account: restore the store from a backup, or move this file away to start a new account on purpose.`,
      );
    }
    assertKnownSchema(version, file);
    db.pragma('journal_mode = WAL');
    // All of it after a run that did not close it, the tables the account trades on otherwise (start-check.ts).
    if (file !== ':memory:') assertSound(db, file);
  } catch (error) {
    db.close();
    if (error instanceof OperationalError || error instanceof ConfigError) throw error;
    throw new OperationalError(
      `The store ${file} cannot be read as a SQLite database (${(error as Error).message}): it is damaged or not a store. ` +
        `Restore it from a backup; to start a new account on purpose, move the file away.`,
      { cause: error },
    );
  }
  if (file !== ':memory:') markCreated(file);
  db.pragma(`synchronous = ${sync === 'full' ? 'FULL' : 'NORMAL'}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // SQLite reuses its WAL file from the start after a checkpoint but never shrinks it: one burst (a first retention
  // pass, a backup's long read) left it at its peak for the life of the process, and the health line's walMb with it.
  db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  const upgrade = keepPreUpgradeCopy(db, file);
  try {
    migrate(db, file);
  } catch (error) {
    // The store is as it was: its copy would only pile up at each restart of a daemon that fails here.
    if (upgrade?.copy) rmSync(upgrade.copy, { force: true });
    db.close();
    throw error;
  }
  if (upgrade) onUpgrade?.(upgrade);
  // Until a clean close marks it closed, the next start takes this run for one that crashed and checks the whole store.
  if (file !== ':memory:') markOpen(db);
  return db;
}

/**
 * Opens an existing store read-only (no migration, no marker): safe while the daemon writes it, since WAL lets
 * readers and one writer work at once. An empty file is refused as in openDatabase. A store of an older schema is
 * read through a migrated copy in memory (schema-upgrade.ts), unless `asStored` (a backup copies it as it is).
 */
export function openDatabaseReadOnly(file: string, options: { asStored?: boolean } = {}): Db {
  assertNotEmpty(file);
  let db = sqliteFile(file, `open the store ${file} to read it`, { readonly: true, fileMustExist: true });
  // SQLite reads a file only at the first statement: a CSV named by mistake failed later with a bare "file is not a database".
  let version: number;
  try {
    version = userVersion(db);
  } catch (error) {
    db.close();
    try {
      if (!cannotOpenShared(error)) throw error;
      db = readOnlyCopy(file, error);
      version = userVersion(db);
    } catch (failure) {
      if (failure instanceof OperationalError) throw failure;
      // The data dir's own store, damaged, was told to "name a conclave store", where the daemon says to restore it.
      throw new OperationalError(`${file} cannot be read as a SQLite database (${(failure as Error).message}): it is damaged or not a store. The daemon's store: restore it from a backup; another file: name a conclave store, such as a backtest's conclave-paper.db`, { cause: failure });
    }
  }
  if (version === 0) {
    db.close();
    throw new OperationalError(`${file} holds no conclave store (a SQLite file without conclave's schema): name a conclave store, such as a backtest's conclave-paper.db`);
  }
  // As the daemon would refuse them: a newer schema may mean other things by the same columns, and a damaged schema
  // (read here, not at the first query) is said with what to do rather than as a bare "malformed".
  try {
    assertKnownSchema(version, file);
    db.prepare('SELECT COUNT(*) FROM sqlite_master').get();
    if (version >= READS_AS_STORED_FROM || options.asStored) return db;
    const copy = migratedCopy(db, file);
    db.close();
    return copy;
  } catch (error) {
    db.close();
    if (error instanceof ConfigError || error instanceof OperationalError) throw error;
    throw new OperationalError(`The store ${file} cannot be read (${(error as Error).message}): it is damaged. Restore it from a backup.`, { cause: error });
  }
}

function userVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** What a path that is not a regular file is, for the message that refuses it as a store. */
function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'a special file';
}

const sizeOf = (file: string): number | null => {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new OperationalError(`Cannot read the store ${file}: ${(error as Error).message}. Check the data directory's permissions.`, { cause: error });
  }
  // A directory read as "unable to open database file, check that the data directory is writable", and a FIFO as an
  // empty store "truncated by a full disk": neither is what happened.
  if (!stat.isFile()) {
    throw new ConfigError(
      `The store ${file} is ${kindOf(stat)}, not a SQLite file. Move it away (a new account then starts there), or point CONCLAVE_DATA_DIR at the folder that holds this account's store.`,
      'dataDir',
    );
  }
  return stat.size;
};

/**
 * A new account's store is built under a temporary name and renamed into place once its schema is in, so a crash
 * never leaves an empty file behind. An empty or missing store where one existed is then never a new account: an
 * empty file, or a WAL without its database, is refused.
 */
function createStore(file: string): void {
  const wal = sizeOf(`${file}-wal`);
  if (wal !== null && wal > 0) {
    throw new OperationalError(
      `The store ${file} is missing but its write-ahead log ${file}-wal is still there: the store was deleted or moved. ` +
        `Restore ${file} from a backup; to start a new account instead, remove ${file}-wal and ${file}-shm.`,
    );
  }
  const tmp = `${file}.new`;
  for (const leftover of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(leftover, { force: true });
  const db = sqliteFile(tmp, `create the store ${file}`);
  try {
    // Set before the first table: pages freed by retention go back to the file system (PRAGMA incremental_vacuum).
    db.pragma('auto_vacuum = INCREMENTAL');
    db.pragma('journal_mode = WAL');
    migrate(db, file);
  } finally {
    db.close();
  }
  renameSync(tmp, file);
}

/** Refuses a store file that exists but is empty: it held an account once, and starting afresh would hide that. */
export function assertNotEmpty(file: string): void {
  if (file === ':memory:' || sizeOf(file) !== 0) return;
  throw new OperationalError(
    `The store ${file} exists but is empty (0 bytes). A store that existed and is now empty is not a new account: ` +
      `it was truncated (a full disk, a failed copy, a restore gone wrong). Restore it from a backup; to start a new ` +
      `account on purpose, delete the empty file.`,
  );
}

/** Beside the store, says that a store was made here: if the store goes missing, the next start knows it is not new. */
// Where the damaged-store advice names it too (restore-advice.ts, free of the driver for `conclave health`).
export { createdMarkerOf };

function markCreated(file: string): void {
  const marker = createdMarkerOf(file);
  if (existsSync(marker)) return;
  try {
    const stat = statSync(file);
    writeFileSync(marker, `${JSON.stringify({ store: file, markedAt: new Date(stat.birthtimeMs || stat.mtimeMs).toISOString() })}\n`);
  } catch {
    // Only a safety net for a store deleted later; the store itself is fine without it.
  }
}

/** A missing store where one was made before was deleted or moved: a new account would hide that. */
function assertNeverCreated(file: string): void {
  const marker = createdMarkerOf(file);
  if (!existsSync(marker)) return;
  let since = '';
  try {
    since = ` (made ${String((JSON.parse(readFileSync(marker, 'utf8')) as { markedAt?: unknown }).markedAt ?? '?')})`;
  } catch {
    since = '';
  }
  throw new OperationalError(
    `The store ${file} is missing, but a store was made here before${since}: it was deleted or moved, and starting ` +
      `afresh would open a new, empty account. Restore it from a backup; to start a new account on purpose, delete ${marker}.`,
  );
}

/** A SQLite connection to `path`, or an error that says what could not be done and what to check. */
function sqliteFile(path: string, doing: string, options?: Database.Options): Db {
  try {
    return new Database(path, options);
  } catch (error) {
    const hint = (options?.readonly ? unreadableFileHint(path) : undefined) ?? writableHint(dirname(path));
    const message = `Cannot ${doing}: ${(error as Error).message}. ${hint}`;
    // A data dir this user may not write is the dataDir setting (or its owner): exit 78, a restart cannot fix it.
    if (!options?.readonly && unwritableDataDir(error, dirname(path), path)) throw new ConfigError(message, 'dataDir', { cause: error });
    throw new OperationalError(message, { cause: error });
  }
}
