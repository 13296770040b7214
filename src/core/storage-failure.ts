/**
 * SQLite errors that mean the store itself can no longer be trusted to keep what is written: a full disk, an I/O
 * error, a file that became read-only, unreadable or corrupt. Trading on would act on state that is not recorded,
 * so these halt the daemon. Constraint violations and the like are ordinary errors of one operation.
 */
const STORAGE_CODES = /^SQLITE_(FULL|IOERR|CORRUPT|READONLY|CANTOPEN|NOTADB|NOLFS|PROTOCOL)/;

export function isStorageFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && STORAGE_CODES.test(code);
}

/** A read that found the store damaged (a write's other storage failures, a full disk, do not come from reads). */
export function isDamagedRead(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

/** What to tell the operator for a storage failure. */
export function storageFailureAction(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_FULL')) return 'free space on the data directory\'s disk (or give it a larger volume), then start again';
  if (code.startsWith('SQLITE_READONLY')) return 'make the data directory and its store writable again, then start again';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'restore the store from a backup; do not trade on it';
  return 'check the data directory\'s disk and file system (dmesg), then start again';
}
