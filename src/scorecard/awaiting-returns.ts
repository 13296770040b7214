import type { Db } from '../store/database.js';

/** A discussed bar whose forward returns are not all known yet, as a previous run of the store left it. */
export interface AwaitingReturns {
  opportunityId: string;
  symbol: string;
  barTime: number;
  /** The horizons (in the symbol's bars) with no forward return recorded. */
  missing: number[];
  /** News (no bar of its own): when it was decided (see ForwardTracker's baseIndex). */
  decidedAt?: number;
}

/**
 * The discussed bars (a verdict's opportunity bar, or for news the newest bar the panel saw) still missing a forward
 * return (known, or recorded lost) at one of `horizons`, or at a horizon no longer followed (`retired`, with the time
 * it stopped being followed) for the bars decided before: the newest `limit` of them to wait again (`waiting`, oldest
 * first), and the older ones beyond (`beyond`), which the tracker cannot hold. Before, only the newest `limit` verdicts
 * were looked at: after a horizon was added on a store of more, the older ones were `pending` there for good.
 */
export function awaitingForwardReturns(
  db: Db,
  horizons: readonly number[],
  limit: number,
  retired: ReadonlyMap<number, number> = new Map(),
): { waiting: AwaitingReturns[]; beyond: AwaitingReturns[] } {
  const rows = db
    .prepare(
      `SELECT o.id AS id, o.symbol AS symbol, COALESCE(o.bar_time, v.basis_bar_time) AS barTime, v.decided_at AS decidedAt, o.bar_time IS NULL AS news,
              (SELECT GROUP_CONCAT(f.horizon_bars) FROM (SELECT horizon_bars FROM forward_returns WHERE opportunity_id = o.id
                UNION ALL SELECT horizon_bars FROM forward_returns_lost WHERE opportunity_id = o.id) f) AS known
       FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id
       WHERE COALESCE(o.bar_time, v.basis_bar_time) IS NOT NULL
       ORDER BY v.decided_at DESC, v.rowid DESC`,
    )
    .raw();
  const waiting: AwaitingReturns[] = [];
  const beyond: AwaitingReturns[] = [];
  const seen = new Set<string>();
  for (const [id, symbol, barTime, decidedAt, news, known] of rows.iterate() as IterableIterator<[string, string, number, number, number, string | null]>) {
    // One opportunity has one verdict; a second row (never written by conclave) would only repeat the first.
    if (seen.has(id)) continue;
    seen.add(id);
    const have = new Set((known ?? '').split(',').filter(Boolean).map(Number));
    const missing = horizons.filter((h) => !have.has(h));
    for (const [h, since] of retired) if (decidedAt < since && !have.has(h)) missing.push(h);
    if (missing.length > 0) (waiting.length < limit ? waiting : beyond).push(Object.assign({ opportunityId: id, symbol, barTime, missing }, news ? { decidedAt } : {}));
  }
  return { waiting: waiting.reverse(), beyond };
}
