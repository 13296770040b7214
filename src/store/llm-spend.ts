import type { Store } from './store.js';

const KEY = 'llm_requests';

/**
 * The LLM requests made on the day, kept in the store's meta table as `YYYY-MM-DD count`, so the daily budget holds
 * across restarts. A value that cannot be read counts as none (a budget of its own day starts over).
 */
export function llmSpendIn(store: Pick<Store, 'db' | 'guarded'>): { load(): { day: string; requests: number } | null; save(day: string, requests: number): void } {
  const read = store.db.prepare(`SELECT value FROM store_meta WHERE key = ?`).pluck();
  const write = store.db.prepare(`INSERT INTO store_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  return {
    load() {
      const value = read.get(KEY) as string | undefined;
      const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2}) (\d+)$/.exec(value);
      return match ? { day: match[1]!, requests: Number(match[2]) } : null;
    },
    save(day, requests) {
      store.guarded(() => write.run(KEY, `${day} ${requests}`));
    },
  };
}
