import { readFileSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { OperationalError } from '../core/errors.js';
import type { Db } from './database.js';

/** SQLite's answers when a WAL store's -wal and -shm files can be neither opened nor created beside it. */
const CANNOT_SHARE = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY_DIRECTORY']);

export function cannotOpenShared(error: unknown): boolean {
  return CANNOT_SHARE.has((error as { code?: string }).code ?? '');
}

/**
 * A WAL store on a read-only mount (a backup, a volume mounted :ro) cannot be read in place: SQLite must create its
 * -wal and -shm files to read it. With no write-ahead log to replay, the file alone is the whole store, so an
 * in-memory copy of it reads the same; a log that holds commits is refused, since a copy of the file would miss them.
 */
export function readOnlyCopy(file: string, cause: unknown): Db {
  const wal = `${file}-wal`;
  if (sizeIfFile(wal) > 0) {
    throw new OperationalError(
      `The store ${file} is in a folder this user cannot write (a read-only mount, or another user's folder), and its ` +
        `write-ahead log ${wal} holds commits not yet in the store file, which SQLite reads only where it may write. ` +
        `Copy ${file} and ${wal} together to a writable folder and name the copy with --store, or run this as the ` +
        `store's owner where it is mounted writable.`,
      { cause },
    );
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new OperationalError(`Cannot read the store ${file}: ${(error as Error).message}`, { cause: error });
  }
  // Bytes 18-19 of the header say WAL (2); an in-memory database cannot be WAL, so the copy reads as a rollback one.
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return new Database(bytes, { readonly: true });
}

function sizeIfFile(path: string): number {
  try {
    const stat = statSync(path);
    return stat.isFile() ? stat.size : 0;
  } catch {
    return 0;
  }
}
