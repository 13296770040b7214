import { storeDamagedText } from '../store/restore-advice.js';

/**
 * The health line's `storeCheck` (the running store's periodic quick_check, store/periodic-store-check.ts) as
 * `conclave health` says it: damage found, which halts new entries until a restart on a sound store, or checks that
 * could not run. Nothing while the store is sound: the line is there for what needs the operator. What to do is the
 * daemon's own words (restore-advice.ts), naming the store the line's `storeCheck.file` names; a line without it (an
 * earlier conclave's) names the mode's store in the data dir.
 */
export function storeCheckText(value: unknown, mode?: unknown): string | null {
  if (!value || typeof value !== 'object') return null;
  const { damage, lastAt, failures, file } = value as { damage?: unknown; lastAt?: unknown; failures?: unknown; file?: unknown };
  const at = typeof lastAt === 'number' ? ` at ${new Date(lastAt).toISOString()}` : '';
  if (typeof damage === 'string') {
    const store = typeof file === 'string' ? file : `<data dir>/conclave-${typeof mode === 'string' ? mode : '<mode>'}.db`;
    return storeDamagedText(store, damage, `the periodic check${at}`, 'New entries are halted (`conclave resume` does not lift it); open positions are still watched.');
  }
  if (typeof failures === 'number' && failures > 0) return `store check: ${failures} periodic check(s) of the store could not run; the log says why`;
  return null;
}
