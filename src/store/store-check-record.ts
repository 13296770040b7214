import type { Db } from './database.js';
import { storeDamagedText } from './restore-advice.js';
import { hasMeta, metaValue, setMeta } from './store-meta.js';

/**
 * The last periodic check of the running store (periodic-store-check.ts), recorded in its store_meta as the running
 * exit settings are, so `conclave status` (which reads the store, beside the daemon or after it) can say it: the health
 * line and the log said it, `conclave status` did not.
 */
export interface StoreCheckRecord {
  /** When the check ended (the daemon's clock), and how long it took. */
  at: number;
  ms: number;
  /** SQLite's findings, or null when the store was sound. */
  damage: string | null;
}

const KEY = 'store_check';

/** Records a check that ran (a failed write is the store's failure, as any other: storage-failure handling applies). */
export function recordStoreCheck(db: Db, record: StoreCheckRecord): void {
  setMeta(db, KEY, JSON.stringify(record));
}

/** The last periodic check recorded in the store; null when none ran (or the record is unreadable). */
export function recordedStoreCheck(db: Db): StoreCheckRecord | null {
  if (!hasMeta(db)) return null;
  try {
    const raw = metaValue(db, KEY);
    const r = raw === undefined ? null : (JSON.parse(raw) as Partial<StoreCheckRecord> | null);
    if (!r || typeof r.at !== 'number' || typeof r.ms !== 'number' || !(typeof r.damage === 'string' || r.damage === null)) return null;
    return { at: r.at, ms: r.ms, damage: r.damage };
  } catch {
    return null;
  }
}

/** The line `conclave status` prints of it. */
export function storeCheckStatusLine(record: StoreCheckRecord, file: string): string {
  const when = `the periodic check at ${new Date(record.at).toISOString()} (${record.ms} ms)`;
  if (record.damage === null) return `store check: sound (${when})`;
  return storeDamagedText(file, record.damage, when, 'A daemon running on it halts new entries.');
}
