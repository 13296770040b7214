import type { Db } from './database.js';

// The store's meta table (key, value): what made it, the LLM requests of the day, a halt a backup carries.

/** Whether the store has the meta table (a store older than it, read as it is, has none). */
export function hasMeta(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'store_meta'`).get() !== undefined;
}

export function metaValue(db: Db, key: string): string | undefined {
  return db.prepare(`SELECT value FROM store_meta WHERE key = ?`).pluck().get(key) as string | undefined;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare(`INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, value);
}

export function deleteMeta(db: Db, key: string): void {
  db.prepare(`DELETE FROM store_meta WHERE key = ?`).run(key);
}
