import { accessSync, closeSync, constants, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import { ConfigError, OperationalError, errorMessage } from '../core/errors.js';
import { markHaltInCopy, type CarriedHalt } from './halt-at-backup.js';

/**
 * A consistent copy of a store, taken while the daemon may be writing it. `VACUUM INTO` reads one snapshot in a single
 * read transaction (WAL lets the daemon go on writing meanwhile), where copying the file could catch it between a
 * commit and its checkpoint, and SQLite's page-by-page backup starts again at every commit of another process.
 * The copy is written beside its destination under a temporary name, checked, synced and only then renamed into
 * place, so a backup that failed half-way never passes for one.
 */
export interface BackupResult {
  file: string;
  bytes: number;
  schemaVersion: number;
  /** Whether the copy carries the kill switch's halt (halt-at-backup.ts); false when none was given, or the store is too old to. */
  haltCarried: boolean;
}

const stamp = (time: number) => new Date(time).toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');

/** Where `out` puts the copy of `store`: into `out` when it is a folder (named by the store and `now`), else `out` itself. */
export function backupTarget(store: string, out: string, now: number): string {
  // An empty --out (an unset variable in a cron line) or a folder not made yet ("backups/") is a bad argument, which
  // SQLite's open said as "unable to open database file", an exit 1 that reads like a failing disk.
  if (out.trim() === '') throw new ConfigError(`--out ${JSON.stringify(out)} is empty: name a new file, or a folder to write a dated copy into`, 'out');
  if (existsSync(out) && statSync(out).isDirectory()) return join(mayWrite(out, out), `${basename(store).replace(/\.db$/, '')}-${stamp(now)}.db`);
  if (existsSync(out)) throw new ConfigError(`--out ${out} exists: a backup never overwrites a file; name a new file, or a folder to write a dated copy into`, 'out');
  if (/[\\/]$/.test(out)) throw new ConfigError(`--out ${out}: the folder does not exist; create it first (mkdir -p ${out})`, 'out');
  // A name with no extension is a folder not made yet (/srv/backups/conclave): taken as the copy's name, the first run
  // wrote a file there and every later one (a timer's, hourly) was refused for overwriting it.
  if (extname(out) === '') throw new ConfigError(`--out ${out} does not exist: a folder? create it first (mkdir -p ${out}); a file? name it with .db (${out}.db)`, 'out');
  const folder = dirname(out);
  if (!existsSync(folder)) throw new ConfigError(`--out ${out}: the folder ${folder} does not exist; create it first`, 'out');
  if (!statSync(folder).isDirectory()) throw new ConfigError(`--out ${out}: ${folder} is a file, not a folder; name a file in a folder`, 'out');
  mayWrite(folder, out);
  return out;
}

/** `folder`, when this user may write in it; a folder it may not is the argument's fault (it read as a failing disk). */
function mayWrite(folder: string, out: string): string {
  try {
    accessSync(folder, constants.W_OK);
  } catch (error) {
    throw new ConfigError(`--out ${out}: this user may not write in ${folder} (${(error as NodeJS.ErrnoException).code ?? errorMessage(error)}): name a folder it may write, or run the backup as the folder's owner`, 'out');
  }
  return folder;
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a checked copy of the open store `source` to `target` (which must not exist). */
export function backupStore(source: Database.Database, target: string, halt?: CarriedHalt): BackupResult {
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { force: true });
  try {
    source.prepare('VACUUM INTO ?').run(partial);
    const haltCarried = halt !== undefined && markHaltInCopy(partial, halt);
    const copy = new Database(partial, { readonly: true, fileMustExist: true });
    let schemaVersion: number;
    try {
      const check = copy.pragma('quick_check', { simple: true });
      if (check !== 'ok') throw new OperationalError(`the copy failed SQLite's check (${String(check)})`);
      schemaVersion = copy.pragma('user_version', { simple: true }) as number;
    } finally {
      copy.close();
    }
    fsyncPath(partial);
    if (existsSync(target)) throw new ConfigError(`${target} appeared while the backup was written: nothing was overwritten; run it again`, 'out');
    renameSync(partial, target);
    // The rename itself survives a power loss only once its folder is synced.
    fsyncPath(dirname(target));
    return { file: target, bytes: statSync(target).size, schemaVersion, haltCarried };
  } catch (error) {
    rmSync(partial, { force: true });
    if (error instanceof ConfigError) throw error;
    throw new OperationalError(`backup to ${target} failed: ${errorMessage(error)}; nothing was written there (check the free space and permissions of ${dirname(target)})`, { cause: error });
  }
}
