import type { Store } from './store.js';
import { metaValue, setMeta } from './store-meta.js';

const KEY = 'llm_requests';

/**
 * The LLM requests made on the day, kept in the store's meta table as `YYYY-MM-DD count`, so the daily budget holds
 * across restarts. A value that cannot be read counts as none (a budget of its own day starts over).
 */
export function llmSpendIn(store: Pick<Store, 'db' | 'guarded'>): { load(): { day: string; requests: number } | null; save(day: string, requests: number): void } {
  return {
    load() {
      const value = metaValue(store.db, KEY);
      const match = value === undefined ? null : /^(\d{4}-\d{2}-\d{2}) (\d+)$/.exec(value);
      return match ? { day: match[1]!, requests: Number(match[2]) } : null;
    },
    save(day, requests) {
      store.guarded(() => setMeta(store.db, KEY, `${day} ${requests}`));
    },
  };
}
