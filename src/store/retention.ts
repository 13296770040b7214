/**
 * Retention of the audit trail. The store grows with every opportunity, discussion and order (about 100 MB a day at
 * default thresholds); this prunes what is older than `retentionDays` (and, with `retentionMaxMb`, the oldest history
 * while the store is larger than that), in small batches so the event loop is never held for long.
 *
 * Never pruned: the account row (the ledger reads only it and the open positions), open positions, orders in flight,
 * anything of a symbol's current position (its opening orders, fills and events), queued opportunities, and the
 * verdicts and opportunities that kept orders point to. What a pruned row held is in the account's totals already.
 * The equity curve is thinned, not pruned: older than the cut-off it keeps the last point of each hour, so the
 * cockpit still draws the whole account's history (a year of it, 8,760 rows instead of 525,600).
 */
import type { Statement } from 'better-sqlite3';
import type { Db } from './database.js';
import { statSync } from 'node:fs';
import type { Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';

const DAY_MS = 86_400_000;
const MB = 1_048_576;
/** The size cap never prunes the latest hour: a store that small cannot hold a trading day anyway. */
const SIZE_CAP_KEEPS_MS = 3_600_000;
/** The equity curve's resolution older than the cut-off (a literal in SQL: a bound JS number is a REAL, and `/` would not truncate). */
const EQUITY_KEEP_EVERY_MS = 3_600_000;

/** What retention works on: the connection, the shared transaction and the storage-failure reporting (StoreDatabase). */
export interface RetentionDb {
  readonly db: Db;
  tx<T>(fn: () => T): T;
  guarded<T>(fn: () => T): T;
}

export interface RetentionOptions {
  store: RetentionDb;
  clock: Clock;
  logger: Logger;
  /** The store's file (its size and its WAL's go in the health line). */
  file: string;
  /** Rows older than this many days are pruned; 0 keeps everything. */
  retentionDays: number;
  /** While the store holds more than this many MB, its oldest history is pruned; 0 = no cap. */
  maxMb: number;
  /** Rows per transaction (default 100, about 1-3 ms each); the event loop is yielded between batches. */
  batchRows?: number;
}

export interface StoreSize {
  sizeMb: number;
  walMb: number;
  prunedRows: number;
}

const TERMINAL = `('filled', 'cancelled', 'rejected')`;

const yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deletes a batch of parent rows, each after its children: the rows deleted, and whether the batch was full. */
function withChildren(ids: readonly string[], batch: number, children: readonly Statement[], parent: Statement): { rows: number; full: boolean } {
  let rows = 0;
  for (const id of ids) {
    for (const child of children) rows += child.run(id).changes;
    rows += parent.run(id).changes;
  }
  return { rows, full: ids.length >= batch };
}

const fileMb = (file: string): number => {
  try {
    return Math.round((statSync(file).size / MB) * 100) / 100;
  } catch {
    return 0;
  }
};

export class Retention {
  private prunedRows = 0;
  private readonly batch: number;

  constructor(private readonly options: RetentionOptions) {
    this.batch = options.batchRows ?? 100;
  }

  /** The health line's `store` section. */
  stats(): StoreSize {
    const { file } = this.options;
    return { sizeMb: fileMb(file), walMb: fileMb(`${file}-wal`), prunedRows: this.prunedRows };
  }

  /** One pass: age, then size, then hands freed pages back to the file system. Returns the rows pruned. */
  async run(signal?: AbortSignal): Promise<number> {
    const { clock, retentionDays, maxMb, logger } = this.options;
    const now = clock.now();
    let pruned = 0;
    if (retentionDays > 0) pruned += await this.pruneBefore(now - retentionDays * DAY_MS, signal);
    if (maxMb > 0) {
      for (let cutoff = this.oldest(); cutoff !== null && this.usedBytes() > maxMb * MB && !signal?.aborted; ) {
        // Walk the cut-off forward from the oldest history in steps of an eighth of what is left (at least an hour).
        cutoff = Math.min(now - SIZE_CAP_KEEPS_MS, cutoff + Math.max(3_600_000, (now - cutoff) / 8));
        pruned += await this.pruneBefore(cutoff, signal);
        if (cutoff >= now - SIZE_CAP_KEEPS_MS) break;
      }
    }
    if (pruned > 0) {
      await this.vacuum(signal);
      logger.info({ prunedRows: pruned, store: this.stats() }, 'retention: old audit rows pruned');
    }
    return pruned;
  }

  /** Prunes everything prunable older than `cutoff`, children before parents. */
  async pruneBefore(cutoff: number, signal?: AbortSignal): Promise<number> {
    const { store } = this.options;
    const db = store.db;
    const n = this.batch;
    let total = 0;
    // Each batch is one transaction; `full` says whether the batch found as many candidates as it may take (more left).
    const step = async (fn: () => { rows: number; full: boolean }) => {
      for (;;) {
        if (signal?.aborted) return;
        const { rows, full } = store.guarded(() => store.tx(fn));
        total += rows;
        this.prunedRows += rows;
        if (!full) return;
        await yieldLoop();
      }
    };
    const deleted = (changes: number) => ({ rows: changes, full: changes >= n });
    // Terminal orders with their fills and the position events they made, unless they belong to a symbol's current
    // position (its opening orders). The events go with their order, not by their own time: that is the bar's time
    // (a replay of 1996 writes 1996), and by it a restart pruned a replay's whole position history at once.
    const orders = db.prepare(
      `SELECT o.client_order_id id FROM orders o LEFT JOIN positions p ON p.symbol = o.symbol
       WHERE o.updated_at < ? AND o.status IN ${TERMINAL} AND (p.symbol IS NULL OR o.updated_at < p.opened_at) LIMIT ?`,
    );
    const fillsOf = db.prepare(`DELETE FROM fills WHERE client_order_id = ?`);
    const eventsOf = db.prepare(`DELETE FROM position_events WHERE client_order_id = ?`);
    const order = db.prepare(`DELETE FROM orders WHERE client_order_id = ?`);
    await step(() => withChildren(orders.pluck().all(cutoff, n) as string[], n, [fillsOf, eventsOf], order));
    // Events of no order (none is written so now) by their time.
    const events = db.prepare(
      `DELETE FROM position_events WHERE id IN (SELECT e.id FROM position_events e LEFT JOIN positions p ON p.symbol = e.symbol
       WHERE e.client_order_id IS NULL AND e.time < ? AND (p.symbol IS NULL OR e.time < p.opened_at) LIMIT ?)`,
    );
    await step(() => deleted(events.run(cutoff, n).changes));
    const risk = db.prepare(`DELETE FROM risk_decisions WHERE id IN (SELECT id FROM risk_decisions WHERE time < ? LIMIT ?)`);
    await step(() => deleted(risk.run(cutoff, n).changes));
    // Verdicts (with their agents' signals) that no kept order points to.
    const verdicts = db.prepare(
      `SELECT v.id FROM verdicts v WHERE v.decided_at < ? AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.verdict_id = v.id) LIMIT ?`,
    );
    const signalsOf = db.prepare(`DELETE FROM agent_signals WHERE verdict_id = ?`);
    const verdict = db.prepare(`DELETE FROM verdicts WHERE id = ?`);
    // A verdict comes with about five agent signals: a fifth as many per batch keeps each batch near `n` rows.
    const perBatch = Math.max(1, Math.floor(n / 5));
    await step(() => withChildren(verdicts.pluck().all(cutoff, perBatch) as string[], perBatch, [signalsOf], verdict));
    const opportunities = db.prepare(
      `DELETE FROM opportunities WHERE id IN (SELECT o.id FROM opportunities o WHERE o.created_at < ? AND o.status <> 'queued'
       AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.opportunity_id = o.id) LIMIT ?)`,
    );
    await step(() => deleted(opportunities.run(cutoff, n).changes));
    // Forward returns of the opportunities just pruned (the scorecards keep the retention window).
    const forwards = db.prepare(
      `DELETE FROM forward_returns WHERE rowid IN (SELECT f.rowid FROM forward_returns f WHERE f.known_at < ?
       AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.id = f.opportunity_id) LIMIT ?)`,
    );
    await step(() => deleted(forwards.run(cutoff, n).changes));
    const lost = db.prepare(
      `DELETE FROM forward_returns_lost WHERE rowid IN (SELECT f.rowid FROM forward_returns_lost f WHERE f.known_at < ?
       AND NOT EXISTS (SELECT 1 FROM opportunities o WHERE o.id = f.opportunity_id) LIMIT ?)`,
    );
    await step(() => deleted(lost.run(cutoff, n).changes));
    // The equity curve: every point older than the cut-off that a later point of its hour stands for.
    const equity = db.prepare(
      `DELETE FROM equity_history WHERE time IN (SELECT e.time FROM equity_history e WHERE e.time < ?
       AND EXISTS (SELECT 1 FROM equity_history l WHERE l.time > e.time AND l.time < (e.time / ${EQUITY_KEEP_EVERY_MS} + 1) * ${EQUITY_KEEP_EVERY_MS}) LIMIT ?)`,
    );
    await step(() => deleted(equity.run(cutoff, n).changes));
    return total;
  }

  /** Returns free pages to the file system, a bounded number at a time (stores made before auto_vacuum reuse them instead). */
  private async vacuum(signal?: AbortSignal): Promise<void> {
    const { store } = this.options;
    if ((store.db.pragma('auto_vacuum', { simple: true }) as number) !== 2) return;
    while (!signal?.aborted && (store.db.pragma('freelist_count', { simple: true }) as number) > 0) {
      store.guarded(() => store.db.pragma('incremental_vacuum(500)'));
      await yieldLoop();
    }
  }

  private usedBytes(): number {
    const { db } = this.options.store;
    const pages = (db.pragma('page_count', { simple: true }) as number) - (db.pragma('freelist_count', { simple: true }) as number);
    return pages * (db.pragma('page_size', { simple: true }) as number);
  }

  private oldest(): number | null {
    const row = this.options.store.db.prepare(`SELECT MIN(created_at) t FROM opportunities`).get() as { t: number | null };
    return row.t;
  }
}
