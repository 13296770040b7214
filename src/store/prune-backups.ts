import { closeSync, openSync, readSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { errorMessage } from '../core/errors.js';
import { hasMeta, metaValue } from './store-meta.js';

/**
 * `backup --keep N`: an hourly job that never prunes fills its disk (24 copies of the store a day), and a full disk is
 * where the next backup, and perhaps the store, fails. After a copy is in place, only the N newest dated copies of the
 * same store in the folder are kept, the one just written among them. A dated name sorts as its UTC time, so the
 * order is the name's. Left alone: copies dated after the one just written (a clock that ran ahead, copies from
 * another host: counted, they pushed the new copy out), copies of a store of another kind (a backtest's store is also
 * conclave-paper.db), and any other file. Two daemons of one kind backing up into one folder are not told apart: give
 * each its own folder.
 */
export function pruneBackups(folder: string, store: string, keep: number, written: string, kind: string | undefined): { removed: string[]; failed: string[] } {
  const dated = new RegExp(`^${escape(basename(store).replace(/\.db$/, ''))}-\\d{8}T\\d{6}Z\\.db$`);
  const newest = basename(written);
  const removed: string[] = [];
  const failed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(folder).filter((name) => dated.test(name) && name <= newest && (name === newest || kindOf(join(folder, name)) === kind)).sort();
  } catch (error) {
    return { removed, failed: [`the list of ${folder} (${errorMessage(error)})`] };
  }
  for (const name of names.slice(0, Math.max(0, names.length - keep))) {
    if (name === newest) continue;
    try {
      for (const suffix of ['', '-wal', '-shm']) rmSync(join(folder, name + suffix), { force: true });
      removed.push(name);
    } catch (error) {
      failed.push(`${name} (${errorMessage(error)})`);
    }
  }
  return { removed, failed };
}

/**
 * The kind a copy's store holds (store-kind.ts), or null when it is no copy a backup wrote: then it is not pruned. A
 * backup's copy is in rollback-journal mode (VACUUM INTO); a file in WAL mode (a store copied by hand) is not one, and
 * opening it, even to read, would leave -wal and -shm files beside it.
 */
function kindOf(file: string): string | undefined | null {
  try {
    const header = Buffer.alloc(20);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, header, 0, 20, 0);
    } finally {
      closeSync(fd);
    }
    if (header.toString('latin1', 0, 15) !== 'SQLite format 3' || header[18] !== 1) return null;
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return hasMeta(db) ? metaValue(db, 'kind') : undefined;
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
