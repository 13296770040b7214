/**
 * One daemon per store. Two daemons on one store trade one account twice (each sells what the other bought), so the
 * second must refuse before it opens the store. The lock is an OS file lock that SQLite takes on a small lock file
 * beside the store (`conclave-<mode>.lock`): a write transaction held open for the daemon's life. The kernel
 * releases such a lock when the process ends, however it ends (SIGKILL included), so it never goes stale; it works
 * across processes and across containers that share the volume (one kernel, one file). Who holds it is written to
 * `conclave-<mode>.owner` (pid, host, start time), so the refusal can name the other process.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { makeFolder } from '../core/make-folder.js';
import { unwritableFileHint, writableHint } from './writable-hint.js';
import { hostname } from 'node:os';
import Database from 'better-sqlite3';
import { ConfigError, OperationalError, errorMessage } from '../core/errors.js';
import { processRunning } from '../core/process-running.js';
import { unwritableDataDir, unwritableFile } from './unwritable-data-dir.js';

export interface LockOwner {
  pid: number;
  host: string;
  /** ISO time the owner started. */
  startedAt: string;
  /** The owner's command line, to tell a systemd unit from a manual start. */
  command: string;
}

export class StoreLockedError extends OperationalError {
  /** Who holds the lock, in words: its pid, host, start and command (a command other than the daemon words its own refusal). */
  readonly holder: string;

  constructor(
    readonly lockFile: string,
    readonly owner: LockOwner | null,
  ) {
    const who = owner
      ? `pid ${owner.pid} on host ${owner.host}, started ${owner.startedAt} (${owner.command})`
      : 'a process that has not yet said who it is';
    super(
      `Another conclave is already running on this store: ${who}. Two daemons on one store would trade the same ` +
        `account twice. Stop the other one first (SIGTERM, \`systemctl stop conclave\` or \`docker stop\`), or give ` +
        `this one its own CONCLAVE_DATA_DIR. (Lock: ${lockFile})`,
    );
    this.holder = who;
  }
}

export const lockFileOf = (storeFile: string): string => storeFile.replace(/\.db$/, '') + '.lock';
export const ownerFileOf = (storeFile: string): string => storeFile.replace(/\.db$/, '') + '.owner';

/** Reads who holds (or last held) the lock; null when unknown or unreadable. */
export function readLockOwner(storeFile: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(ownerFileOf(storeFile), 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt ?? '?'), command: String(parsed.command ?? '?') };
  } catch {
    return null;
  }
}

/**
 * The daemon running on the store, by its lock's record; null when none is recorded or its process on this host is
 * gone. Another host's pid is not ours to check: a daemon in another container on the same volume is taken as running.
 */
export function runningOwner(storeFile: string): LockOwner | null {
  const owner = readLockOwner(storeFile);
  return isCurrent(owner) ? owner : null;
}

/** A record is current unless it names a process on this host that is gone (the holder has not written its own yet). */
function isCurrent(owner: LockOwner | null): boolean {
  if (!owner) return false;
  if (owner.host !== hostname()) return true; // another container: its pids are not ours to check
  return processRunning(owner.pid);
}

/** Who holds the lock: a holder that has just taken it writes its record within microseconds, so wait briefly for it. */
function holderOf(storeFile: string): LockOwner | null {
  let owner = readLockOwner(storeFile);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 10 && !isCurrent(owner); i++) {
    Atomics.wait(pause, 0, 0, 20); // a synchronous 20 ms pause, only on this refusal path
    owner = readLockOwner(storeFile);
  }
  return owner;
}

const isBusy = (error: unknown) => /SQLITE_BUSY|SQLITE_LOCKED/.test(String((error as { code?: string }).code ?? ''));

export class StoreLock {
  private constructor(
    private readonly db: Database.Database,
    readonly lockFile: string,
  ) {}

  /**
   * Takes the lock of `storeFile` or throws StoreLockedError naming the holder. `now` stamps the owner record.
   * Throws ConfigError when the data dir may not be written (its owner, its mode, a read-only file system), and
   * OperationalError when the lock file cannot be created for another reason.
   */
  static acquire(storeFile: string, now: number, dir: string): StoreLock {
    const lockFile = lockFileOf(storeFile);
    let db: Database.Database;
    try {
      makeFolder(dir);
      // SQLite opens a lock file this user may not write read-only, without a word, and then does not lock it.
      const refused = unwritableFile(lockFile);
      if (refused) throw new ConfigError(`Cannot use the store's lock file ${lockFile} (${refused}): ${unwritableFileHint(lockFile, dir, refused)}`, 'dataDir');
      db = new Database(lockFile, { timeout: 0 });
      // A rollback journal (not WAL): its write lock is a plain fcntl lock on the file, released when the process ends.
      db.pragma('journal_mode = DELETE');
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if (isBusy(error)) throw new StoreLockedError(lockFile, holderOf(storeFile));
      const message = `Cannot create the store's lock file ${lockFile}: ${errorMessage(error)}. ${writableHint(dir)}`;
      // A folder this user may not write is the dataDir setting (or its owner): exit 78, a restart cannot fix it.
      if (unwritableDataDir(error, dir, lockFile)) throw new ConfigError(message, 'dataDir', { cause: error });
      throw new OperationalError(message, { cause: error });
    }
    try {
      db.exec('BEGIN IMMEDIATE');
    } catch (error) {
      db.close();
      if (isBusy(error)) throw new StoreLockedError(lockFile, holderOf(storeFile));
      throw new OperationalError(`Cannot lock the store (${lockFile}): ${errorMessage(error)}.`, { cause: error });
    }
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: new Date(now).toISOString(), command: process.argv.slice(1).join(' ') };
    const file = ownerFileOf(storeFile);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, `${JSON.stringify(owner)}\n`);
      renameSync(tmp, file);
    } catch {
      // The record only helps a second daemon name this one; the lock itself is what keeps it out. A temporary file
      // a full disk left empty would stay beside the store, one per failed start, puzzling its owner.
      try {
        rmSync(tmp, { force: true });
      } catch {
        // Nothing more to do: the start goes on under the lock.
      }
    }
    return new StoreLock(db, lockFile);
  }

  /** Ends the lock (the process's end does it too). Idempotent. */
  release(): void {
    if (!this.db.open) return;
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // Nothing to roll back: closing releases the lock all the same.
    }
    this.db.close();
  }
}
