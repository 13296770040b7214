/**
 * The health line's `storeCheck` (the running store's periodic quick_check, store/periodic-store-check.ts) as
 * `conclave health` says it: damage found, which halts new entries until a restart on a sound store, or checks that
 * could not run. Nothing while the store is sound: the line is there for what needs the operator.
 */
export function storeCheckText(value: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const { damage, lastAt, failures } = value as { damage?: unknown; lastAt?: unknown; failures?: unknown };
  const at = typeof lastAt === 'number' ? ` at ${new Date(lastAt).toISOString()}` : '';
  if (typeof damage === 'string') {
    return (
      `STORE DAMAGED (found by the periodic check${at}): ${damage}. New entries are halted (\`conclave resume\` does not lift it); ` +
      'open positions are still watched. Stop conclave, move the store and its -wal and -shm files away and copy your latest ' +
      'backup (conclave backup) in their place; the next start checks the whole store'
    );
  }
  if (typeof failures === 'number' && failures > 0) return `store check: ${failures} periodic check(s) of the store could not run; the log says why`;
  return null;
}
