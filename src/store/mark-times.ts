import type { Db } from './database.js';

/**
 * When each open position the monitor never judged a bar for (judged_until empty: a store from before schema 7, or a
 * position not checked yet) was last written: its mark was written with it, so this is the mark's time. The start-up
 * check of the market's prices against the store (market-continuity.ts) compares the mark with the bars of then.
 */
export function unjudgedMarkTimes(db: Db): Map<string, number> {
  const rows = db.prepare('SELECT symbol, updated_at FROM positions WHERE judged_until IS NULL').all() as { symbol: string; updated_at: number }[];
  return new Map(rows.map((r) => [r.symbol, r.updated_at]));
}
