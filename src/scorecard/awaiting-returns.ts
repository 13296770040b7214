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

/** What a start found: the bars to wait again, those beyond, and how far back it had to read (completeBefore). */
export interface Awaiting {
  waiting: AwaitingReturns[];
  beyond: AwaitingReturns[];
  /** When the oldest of `waiting` was decided (null: none waits): every verdict decided before has its returns once `beyond` is recorded lost. */
  oldestWaitingAt: number | null;
  /** When the newest verdict read was decided (null: none read). */
  newestAt: number | null;
  /** The verdicts read. */
  read: number;
}

/**
 * The discussed bars (a verdict's opportunity bar, or for news the newest bar the panel saw) still missing a forward
 * return (known, or recorded lost) at one of `horizons`, or at a horizon no longer followed (`retired`, with the time
 * it stopped being followed) for the bars decided before: the newest `limit` of them to wait again (`waiting`, oldest
 * first), and the older ones beyond (`beyond`), which the tracker cannot hold. Before, only the newest `limit` verdicts
 * were looked at: after a horizon was added on a store of more, the older ones were `pending` there for good.
 * `since`: only the verdicts decided at or after it are read (those before are known to have their returns).
 */
export function awaitingForwardReturns(
  db: Db,
  horizons: readonly number[],
  limit: number,
  retired: ReadonlyMap<number, number> = new Map(),
  since = Number.MIN_SAFE_INTEGER,
): Awaiting {
  const rows = db
    .prepare(
      `SELECT o.id AS id, o.symbol AS symbol, COALESCE(o.bar_time, v.basis_bar_time) AS barTime, v.decided_at AS decidedAt, o.bar_time IS NULL AS news,
              (SELECT GROUP_CONCAT(f.horizon_bars) FROM (SELECT horizon_bars FROM forward_returns WHERE opportunity_id = o.id
                UNION ALL SELECT horizon_bars FROM forward_returns_lost WHERE opportunity_id = o.id) f) AS known
       FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id
       WHERE v.decided_at >= ? AND COALESCE(o.bar_time, v.basis_bar_time) IS NOT NULL
       ORDER BY v.decided_at DESC, v.rowid DESC`,
    )
    .raw();
  const waiting: AwaitingReturns[] = [];
  const beyond: AwaitingReturns[] = [];
  const seen = new Set<string>();
  let oldestWaitingAt: number | null = null;
  let newestAt: number | null = null;
  for (const [id, symbol, barTime, decidedAt, news, known] of rows.iterate(since) as IterableIterator<[string, string, number, number, number, string | null]>) {
    newestAt ??= decidedAt;
    // One opportunity has one verdict; a second row (never written by conclave) would only repeat the first.
    if (seen.has(id)) continue;
    seen.add(id);
    const have = new Set((known ?? '').split(',').filter(Boolean).map(Number));
    const missing = horizons.filter((h) => !have.has(h));
    for (const [h, retiredAt] of retired) if (decidedAt < retiredAt && !have.has(h)) missing.push(h);
    if (missing.length === 0) continue;
    const bar = Object.assign({ opportunityId: id, symbol, barTime, missing }, news ? { decidedAt } : {});
    if (waiting.length < limit) {
      waiting.push(bar);
      oldestWaitingAt = decidedAt;
    } else beyond.push(bar);
  }
  return { waiting: waiting.reverse(), beyond, oldestWaitingAt, newestAt, read: seen.size };
}
