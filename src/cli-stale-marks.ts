import { isoTime } from './core/iso-time.js';
import type { Db } from './store/database.js';
import { runningOwner } from './store/store-lock.js';
import { recordedCheckInterval } from './trading/running-exit-settings.js';

/** Checks a mark may miss before `conclave status` calls it stale. */
const MISSED_CHECKS = 3;
/**
 * The open positions whose mark the running daemon has not renewed for three position checks: it cannot price them (a
 * symbol the exchange delisted, its source down). `conclave status` showed them at their last mark, as if managed;
 * only the health line and its log said otherwise. Empty when no daemon runs on the store (every mark is then old).
 */
export function staleMarks(db: Db, storeFile: string, checkIntervalMs: number, now: number): { symbol: string; markedAt: string }[] {
  if (!runningOwner(storeFile)) return [];
  const interval = recordedCheckInterval(db) ?? checkIntervalMs;
  const rows = db.prepare('SELECT symbol, updated_at FROM positions WHERE updated_at < ? ORDER BY symbol').all(now - MISSED_CHECKS * interval) as { symbol: string; updated_at: number }[];
  return rows.map((r) => ({ symbol: r.symbol, markedAt: isoTime(r.updated_at) }));
}
