import type { Store } from './store.js';
import { metaValue, setMeta } from './store-meta.js';

const KEY = 'day_zone';

/**
 * Records the time zone the account's day is counted in (marketTimezone) in the store's meta table, and returns the
 * one recorded before (undefined for a store no daemon recorded one in): a restart with another zone must know the
 * stored day was another zone's.
 */
export function swapDayZone(store: Pick<Store, 'db' | 'guarded'>, zone: string): string | undefined {
  const previous = metaValue(store.db, KEY);
  if (previous !== zone) store.guarded(() => setMeta(store.db, KEY, zone));
  return previous;
}
