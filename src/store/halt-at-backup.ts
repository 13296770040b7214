import Database from 'better-sqlite3';
import type { Db } from './database.js';

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
    if (db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'`).get() === undefined) return false;
    db.prepare(`INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(KEY, JSON.stringify(halt));
    return true;
  } finally {
    db.close();
  }
}

/** The halt a restored backup carries, taken out of the store (it is said once, as a HALT file); null when none. */
export function takeCarriedHalt(db: Db): CarriedHalt | null {
  const value = db.prepare(`SELECT value FROM store_meta WHERE key = ?`).pluck().get(KEY) as string | undefined;
  if (value === undefined) return null;
  db.prepare(`DELETE FROM store_meta WHERE key = ?`).run(KEY);
  try {
    const parsed = JSON.parse(value) as Partial<CarriedHalt>;
    return { reason: typeof parsed.reason === 'string' ? parsed.reason : 'no reason recorded', ...(parsed.since !== undefined ? { since: parsed.since } : {}) };
  } catch {
    return { reason: 'its record could not be read' };
  }
}
