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
