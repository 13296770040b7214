import type { Db } from '../store/database.js';

/** A discussed bar whose forward returns are not all known yet, as a previous run of the store left it. */
export interface AwaitingReturns {
  opportunityId: string;
  symbol: string;
  barTime: number;
  /** The horizons (in the symbol's bars) with no forward return recorded. */
  missing: number[];
}

/**
 * The newest `limit` discussed bars (a verdict's opportunity bar, or for news the newest bar the panel saw) still
 * missing a forward return at one of `horizons` (known, or recorded lost), oldest first. The forward tracker waits in memory: without this, a
 * restart left them "pending" in every scorecard for good, though their bars went on closing.
 */
export function awaitingForwardReturns(db: Db, horizons: readonly number[], limit: number): AwaitingReturns[] {
  const rows = db
    .prepare(
      `SELECT o.id AS id, o.symbol AS symbol, COALESCE(o.bar_time, v.basis_bar_time) AS barTime,
              (SELECT GROUP_CONCAT(f.horizon_bars) FROM (SELECT horizon_bars FROM forward_returns WHERE opportunity_id = o.id
                UNION ALL SELECT horizon_bars FROM forward_returns_lost WHERE opportunity_id = o.id) f) AS known
       FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id
       WHERE COALESCE(o.bar_time, v.basis_bar_time) IS NOT NULL
       ORDER BY v.decided_at DESC, v.rowid DESC LIMIT ?`,
    )
    .all(limit) as { id: string; symbol: string; barTime: number; known: string | null }[];
  const out: AwaitingReturns[] = [];
  for (const r of rows.reverse()) {
    const known = new Set((r.known ?? '').split(',').filter(Boolean).map(Number));
    const missing = horizons.filter((h) => !known.has(h));
    if (missing.length > 0) out.push({ opportunityId: r.id, symbol: r.symbol, barTime: r.barTime, missing });
  }
  return out;
}
