import type { Database } from 'better-sqlite3';

export interface EquityPoint {
  time: number;
  equity: number;
  cash: number;
  exposure: number;
}

export interface OperatorAction {
  time: number;
  action: 'halt' | 'halt+flatten' | 'resume' | 'write-off';
  who: string;
  reason: string;
}

export interface VerdictSummary {
  id: string;
  symbol: string;
  action: string;
  conviction: number;
  score: number;
  decidedAt: number;
  source: string;
  direction: string;
  /** The opportunity's kind ('review' for a held position put back to the panel), null in a store from before it was kept. */
  kind: string | null;
  /**
   * What became of it: its latest order's status ("filled", "submitted", "cancelled"..., "partly filled, rest
   * cancelled" for a cancelled order that filled some), the risk gate's refusal
   * ("refused: kill_switch"), or "no order" (a HOLD, or an action that asked for nothing).
   */
  outcome: string;
  /** Whether an order was placed for it (false for a refusal or nothing asked). */
  ordered: boolean;
}

/** A verdict's fate in a word or two: its order's status, else the rule of the risk gate that refused it, else nothing. */
function outcomeText(orderStatus: string | null, orderFilled: number | null, refusedBy: string | null): string {
  // A capped entry the book filled in part is cancelled with a position opened: "cancelled" alone read as nothing bought.
  if (orderStatus === 'cancelled' && orderFilled !== null && orderFilled > 0) return 'partly filled, rest cancelled';
  if (orderStatus !== null) return orderStatus.replace(/_/g, ' ');
  if (refusedBy !== null) return `refused: ${refusedBy.replace(/_/g, ' ')}`;
  return 'no order';
}

/** One point of the equity curve per this much time at most: a year of a health line every 30 s stays ~500k rows. */
const EQUITY_EVERY_MS = 60_000;

/**
 * What the operator's cockpit reads and writes beyond the trading tables: the equity curve, the operator's actions,
 * and the orders, fills and risk decisions that followed a verdict. Queries only; the trading tables stay the store's.
 */
export class CockpitRepository {
  /** Read from the store on the first point (constructors do no I/O). */
  private lastEquityAt: number | null = null;

  constructor(private readonly db: Database) {}

  /** Records a point of the equity curve, at most one a minute. */
  recordEquity(point: EquityPoint): boolean {
    this.lastEquityAt ??= (this.db.prepare(`SELECT MAX(time) t FROM equity_history`).get() as { t: number | null }).t ?? -Infinity;
    if (point.time - this.lastEquityAt < EQUITY_EVERY_MS || !Number.isFinite(point.equity)) return false;
    this.db.prepare(`INSERT OR REPLACE INTO equity_history (time, equity, cash, exposure) VALUES (?, ?, ?, ?)`).run(point.time, point.equity, point.cash, point.exposure);
    this.lastEquityAt = point.time;
    return true;
  }

  /** The whole curve, thinned to at most `maxPoints` by keeping the last point of each equal slice of time. */
  equitySeries(maxPoints = 2_000): EquityPoint[] {
    // Each bound on its own (SQLite answers a lone MIN or MAX from the key, both together by a full scan), and the
    // rows counted only as far as it matters.
    const span = this.db
      .prepare(`SELECT (SELECT MIN(time) FROM equity_history) lo, (SELECT MAX(time) FROM equity_history) hi, (SELECT COUNT(*) FROM (SELECT 1 FROM equity_history LIMIT ?)) n`)
      .get(maxPoints + 1) as { lo: number | null; hi: number | null; n: number };
    if (span.lo === null || span.hi === null) return [];
    if (span.n <= maxPoints) return this.db.prepare(`SELECT time, equity, cash, exposure FROM equity_history ORDER BY time`).all() as EquityPoint[];
    const width = Math.ceil((span.hi - span.lo + 1) / maxPoints);
    // One seek on the time key per slice, not a pass over every row: a year of points is 525,600 rows, and the page
    // asks for the curve every minute and after every fill. (A GROUP BY (time - lo) / width did not thin at all:
    // better-sqlite3 binds a JS number as a REAL, so the division was real and each row its own slice.)
    const lastOf = this.db.prepare(`SELECT time, equity, cash, exposure FROM equity_history WHERE time >= ? AND time < ? ORDER BY time DESC LIMIT 1`);
    const points: EquityPoint[] = [];
    for (let from = span.lo; from <= span.hi; from += width) {
      const point = lastOf.get(from, from + width) as EquityPoint | undefined;
      if (point) points.push(point);
    }
    return points;
  }

  recordOperatorAction(action: OperatorAction): void {
    this.db.prepare(`INSERT INTO operator_actions (time, action, who, reason) VALUES (?, ?, ?, ?)`).run(action.time, action.action, action.who, action.reason);
  }

  operatorActions(limit = 50): OperatorAction[] {
    return this.db.prepare(`SELECT time, action, who, reason FROM operator_actions ORDER BY id DESC LIMIT ?`).all(limit) as OperatorAction[];
  }

  /**
   * The latest verdicts, newest first (by decision time, then as recorded); `before` keeps those decided before a time,
   * `beforeId` those after a verdict in this order (a cursor: verdicts decided in the same millisecond are all on one
   * page or the next, none skipped). Null when there is no verdict `beforeId`.
   */
  verdicts(limit: number, before?: number, beforeId?: string): VerdictSummary[] | null {
    let cursor = { at: Number.MAX_SAFE_INTEGER, row: 0 };
    if (beforeId !== undefined) {
      const found = this.db.prepare(`SELECT decided_at at, rowid row FROM verdicts WHERE id = ?`).get(beforeId) as typeof cursor | undefined;
      if (!found) return null;
      cursor = found;
    }
    const rows = this.db
      .prepare(
        `SELECT v.id, v.symbol, v.action, v.conviction, v.score, v.decided_at decidedAt, o.source, o.direction, o.kind,
           (SELECT status FROM orders WHERE verdict_id = v.id ORDER BY id DESC LIMIT 1) orderStatus,
           (SELECT filled_qty FROM orders WHERE verdict_id = v.id ORDER BY id DESC LIMIT 1) orderFilled,
           (SELECT rule FROM risk_decisions WHERE verdict_id = v.id AND outcome = 'rejected' ORDER BY id DESC LIMIT 1) refusedBy
         FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id
         WHERE v.decided_at < ? AND (v.decided_at < ? OR (v.decided_at = ? AND v.rowid < ?))
         ORDER BY v.decided_at DESC, v.rowid DESC LIMIT ?`,
      )
      .all(before ?? Number.MAX_SAFE_INTEGER, cursor.at, cursor.at, cursor.row, limit) as (Omit<VerdictSummary, 'outcome' | 'ordered'> & { orderStatus: string | null; orderFilled: number | null; refusedBy: string | null })[];
    return rows.map(({ orderStatus, orderFilled, refusedBy, ...v }) => Object.assign(v, { outcome: outcomeText(orderStatus, orderFilled, refusedBy), ordered: orderStatus !== null }));
  }

  /** What followed a verdict: the risk gate's decisions, the orders and their fills. */
  aftermath(verdictId: string): { risk: unknown[]; orders: unknown[]; fills: unknown[] } {
    const risk = this.db
      .prepare(`SELECT outcome, rule, reason, requested_qty requestedQty, approved_qty approvedQty, time FROM risk_decisions WHERE verdict_id = ? ORDER BY id`)
      .all(verdictId);
    const orders = this.db
      .prepare(`SELECT client_order_id clientOrderId, symbol, side, qty, filled_qty filledQty, status, purpose, reason, created_at createdAt FROM orders WHERE verdict_id = ? ORDER BY id`)
      .all(verdictId);
    const fills = this.db
      .prepare(
        `SELECT f.client_order_id clientOrderId, f.side, f.qty, f.price, f.fee, COALESCE(f.fee_unknown, 0) feeUnknown, f.time FROM fills f
         JOIN orders o ON o.client_order_id = f.client_order_id WHERE o.verdict_id = ? ORDER BY f.id`,
      )
      .all(verdictId);
    return { risk, orders, fills };
  }

  /** Fills of a symbol since a time, for the price chart's entry and exit markers. */
  fillsOf(symbol: string, since: number): { time: number; side: string; qty: number; price: number }[] {
    return this.db.prepare(`SELECT time, side, qty, price FROM fills WHERE symbol = ? AND time >= ? ORDER BY time, id`).all(symbol, since) as never;
  }
}
