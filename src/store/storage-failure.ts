/** What to tell the operator for a storage failure. */
export function storageFailureAction(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_FULL')) return 'free space on the data directory\'s disk (or give it a larger volume), then start again';
  if (code.startsWith('SQLITE_READONLY')) return 'make the data directory and its store writable again, then start again';
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) return 'restore the store from a backup; do not trade on it';
  return 'check the data directory\'s disk and file system (dmesg), then start again';
}
