import Database from 'better-sqlite3';
import type { Db } from './database.js';
import { deleteMeta, hasMeta, metaValue, setMeta } from './store-meta.js';

/**
 * The kill switch is a file in the data dir, not in the store: a backup restored into a new data dir (another
 * machine) started trading though the account was halted when the backup was taken. The backup carries the halt in
 * the copy's meta table, and the daemon started on it turns it back into the HALT file, once.
 */
const KEY = 'halt_at_backup';

export interface CarriedHalt {
  reason: string;
  since?: number | string;
}

/** Writes the halt into the backup copy `file`; false for a store older than the meta table (nothing written). */
export function markHaltInCopy(file: string, halt: CarriedHalt): boolean {
  const db = new Database(file, { fileMustExist: true });
  try {
    if (!hasMeta(db)) return false;
    setMeta(db, KEY, JSON.stringify(halt));
    return true;
  } finally {
    db.close();
  }
}

/** The halt a restored backup carries, taken out of the store (it is said once, as a HALT file); null when none. */
export function takeCarriedHalt(db: Db): CarriedHalt | null {
  const value = metaValue(db, KEY);
  if (value === undefined) return null;
  deleteMeta(db, KEY);
  try {
    const parsed = JSON.parse(value) as Partial<CarriedHalt>;
    return { reason: typeof parsed.reason === 'string' ? parsed.reason : 'no reason recorded', ...(parsed.since !== undefined ? { since: parsed.since } : {}) };
  } catch {
    return { reason: 'its record could not be read' };
  }
}
