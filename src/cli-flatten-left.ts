import type { Config } from './config/config.js';
import { openStoreReadOnly } from './cli-stores.js';
import { flattenLeftOf, flattenLeftText } from './trading/flatten-left.js';

/** What `conclave resume` says a flatten still under way left (see trading/flatten-left.ts). */
export function flattenLeft(cfg: Config): string {
  const store = openStoreReadOnly(cfg);
  try {
    return flattenLeftText(flattenLeftOf(store));
  } finally {
    store.close();
  }
}
