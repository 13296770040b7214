import { withChanges } from '../core/with-changes.js';
import type { StoreDatabase, Transactional } from './store-database.js';

export interface AccountRow {
  startingCash: number;
  cash: number;
  realizedPnl: number;
  fees: number;
  peakEquity: number;
  dayStartEquity: number;
  /** UTC day (YYYY-MM-DD) that dayStartEquity belongs to. */
  day: string;
}

export interface PositionRow {
  symbol: string;
  qty: number;
  avgPrice: number;
  openedAt: number;
  stopPrice: number | null;
  targetPrice: number | null;
  atr: number | null;
  peakPrice: number;
  trailingActive: boolean;
  /** Last price seen for it (marks equity when no market is at hand, e.g. `conclave status`). */
  markPrice: number | null;
  /**
   * Close time of the newest bar whose range the position monitor judged (absent until it judged one): a restart
   * judges the bars closed since, so a stop reached while the daemon was down is not forgotten.
   */
  judgedUntil?: number;
  /** The trailing peak and its activation after that bar, from the bars alone (quotes since not counted); absent before. */
  judgedPeak?: number;
  judgedTrailing?: boolean;
}

/** A change of a position, for the audit trail. */
export interface PositionEvent {
  symbol: string;
  change: string;
  qty: number;
  price: number;
  realizedPnl?: number;
  reason?: string;
  clientOrderId?: string;
  time: number;
}

/** An open position's exit-rule state and latest price (what the position monitor keeps). */
export interface ExitState {
  peakPrice: number;
  trailingActive: boolean;
  markPrice: number | null;
  judgedUntil?: number;
  /** With judgedUntil: the trailing state the bars up to it made (PositionRow's). */
  judgedPeak?: number;
  judgedTrailing?: boolean;
}

/** The account (cash, totals, the day's starting equity), the open positions, their history and each symbol's last exit. */
export interface AccountRepository extends Transactional {
  ensureAccount(startingCash: number, now: number, day: string): AccountRow;
  /** A copy of the account; throws when the store was never initialised (ensureAccount). */
  account(): AccountRow;
  saveAccount(a: AccountRow, now: number): void;
  /** Open positions, oldest first (copies: callers may not change them). */
  positions(): PositionRow[];
  /** The open positions without copying, for hot read-only paths (equity on every decision). Do not modify. */
  positionsView(): Iterable<Readonly<PositionRow>>;
  position(symbol: string): PositionRow | null;
  readonly openPositionCount: number;
  /** Writes a whole position (an upsert that keeps the original opening time): settlement's. */
  savePosition(p: PositionRow, now: number): void;
  /**
   * Stores an open position's exit-rule state and latest price, never its quantity or cost (only settlement writes
   * those). Matched on symbol and opening time: a check that read the position before the trader closed, reduced or
   * reopened it can neither bring it back nor overwrite what settlement wrote. False when that position is gone.
   */
  saveExitState(symbol: string, openedAt: number, state: ExitState, now: number): boolean;
  deletePosition(symbol: string): void;
  insertPositionEvent(e: PositionEvent): void;
  recordExit(symbol: string, time: number): void;
  lastExitAt(symbol: string): number | undefined;
}

type RawPosition = Omit<PositionRow, 'trailingActive' | 'judgedUntil' | 'judgedPeak' | 'judgedTrailing'> & {
  trailingActive: number;
  judgedUntil: number | null;
  judgedPeak: number | null;
  judgedTrailing: number | null;
};

const POSITION_SELECT = `SELECT symbol, qty, avg_price avgPrice, opened_at openedAt, stop_price stopPrice, target_price targetPrice, atr,
  peak_price peakPrice, mark_price markPrice, trailing_active trailingActive, judged_until judgedUntil, judged_peak judgedPeak,
  judged_trailing judgedTrailing FROM positions`;

/**
 * The account and positions in SQLite, with write-through caches of these small, hot tables (read on every decision).
 * Only this repository writes them; a failed transaction drops the caches, so they are reloaded from what was committed.
 */
export class SqliteAccountRepository implements AccountRepository {
  private positionCache: Map<string, PositionRow> | null = null;
  private exitCache: Map<string, number> | null = null;
  private accountCache: AccountRow | null = null;

  constructor(private readonly database: StoreDatabase) {
    database.onRollback(() => {
      this.positionCache = this.exitCache = this.accountCache = null;
    });
  }

  tx<T>(fn: () => T): T {
    return this.database.transaction(fn);
  }

  ensureAccount(startingCash: number, now: number, day: string): AccountRow {
    this.database
      .statement(
        `INSERT OR IGNORE INTO account (id, starting_cash, cash, peak_equity, day_start_equity, day, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?)`,
      )
      .run(startingCash, startingCash, startingCash, startingCash, day, now);
    return this.account();
  }

  account(): AccountRow {
    if (!this.accountCache) {
      const row = this.database
        .statement(
          `SELECT starting_cash startingCash, cash, realized_pnl realizedPnl, fees, peak_equity peakEquity,
                  day_start_equity dayStartEquity, day FROM account WHERE id = 1`,
        )
        .get() as AccountRow | undefined;
      if (!row) throw new Error('the account row is missing: the store was not initialised');
      this.accountCache = row;
    }
    return { ...this.accountCache };
  }

  saveAccount(a: AccountRow, now: number): void {
    this.database
      .statement(`UPDATE account SET cash = ?, realized_pnl = ?, fees = ?, peak_equity = ?, day_start_equity = ?, day = ?, updated_at = ? WHERE id = 1`)
      .run(a.cash, a.realizedPnl, a.fees, a.peakEquity, a.dayStartEquity, a.day, now);
    this.accountCache = { ...a };
  }

  positions(): PositionRow[] {
    return [...this.loadPositions().values()].map((p) => ({ ...p }));
  }

  positionsView(): Iterable<Readonly<PositionRow>> {
    return this.loadPositions().values();
  }

  position(symbol: string): PositionRow | null {
    const p = this.loadPositions().get(symbol);
    return p ? { ...p } : null;
  }

  get openPositionCount(): number {
    return this.loadPositions().size;
  }

  savePosition(p: PositionRow, now: number): void {
    this.database
      .statement(
        `INSERT INTO positions (symbol, qty, avg_price, opened_at, stop_price, target_price, atr, peak_price, mark_price, trailing_active, judged_until, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (symbol) DO UPDATE SET qty = excluded.qty, avg_price = excluded.avg_price, stop_price = excluded.stop_price,
           target_price = excluded.target_price, atr = excluded.atr, peak_price = excluded.peak_price, mark_price = excluded.mark_price,
           trailing_active = excluded.trailing_active, judged_until = COALESCE(excluded.judged_until, positions.judged_until), updated_at = excluded.updated_at`,
      )
      .run(p.symbol, p.qty, p.avgPrice, p.openedAt, p.stopPrice, p.targetPrice, p.atr, p.peakPrice, p.markPrice, p.trailingActive ? 1 : 0, p.judgedUntil ?? null, now);
    const cache = this.loadPositions();
    const existing = cache.get(p.symbol);
    // An upsert keeps the original opening time, as the SQL does.
    const openedAt = existing?.openedAt ?? p.openedAt;
    // The judged columns are not written here (judged_until only when given): the cache keeps what the table keeps.
    const judgedUntil = p.judgedUntil ?? existing?.judgedUntil;
    const row = withChanges(p, judgedUntil === undefined ? { openedAt } : { openedAt, judgedUntil });
    delete row.judgedPeak;
    delete row.judgedTrailing;
    if (existing?.judgedPeak !== undefined) row.judgedPeak = existing.judgedPeak;
    if (existing?.judgedTrailing !== undefined) row.judgedTrailing = existing.judgedTrailing;
    cache.set(p.symbol, row);
  }

  saveExitState(symbol: string, openedAt: number, state: ExitState, now: number): boolean {
    const { changes } = this.database
      .statement(
        `UPDATE positions SET peak_price = ?, trailing_active = ?, mark_price = ?, judged_until = COALESCE(?, judged_until),
           judged_peak = COALESCE(?, judged_peak), judged_trailing = COALESCE(?, judged_trailing), updated_at = ? WHERE symbol = ? AND opened_at = ?`,
      )
      .run(state.peakPrice, state.trailingActive ? 1 : 0, state.markPrice, state.judgedUntil ?? null, state.judgedPeak ?? null, state.judgedTrailing === undefined ? null : state.judgedTrailing ? 1 : 0, now, symbol, openedAt);
    if (changes === 0) return false;
    const cache = this.loadPositions();
    const cached = cache.get(symbol);
    if (cached) {
      // What the state leaves out is kept, as the SQL's COALESCE keeps it.
      const { judgedUntil, judgedPeak, judgedTrailing, ...rest } = state;
      const judged = Object.assign({}, judgedUntil === undefined ? {} : { judgedUntil }, judgedPeak === undefined ? {} : { judgedPeak }, judgedTrailing === undefined ? {} : { judgedTrailing });
      cache.set(symbol, withChanges(cached, Object.assign(rest, judged)));
    }
    return true;
  }

  deletePosition(symbol: string): void {
    this.database.statement(`DELETE FROM positions WHERE symbol = ?`).run(symbol);
    this.loadPositions().delete(symbol);
  }

  insertPositionEvent(e: PositionEvent): void {
    this.database
      .statement(`INSERT INTO position_events (symbol, change, qty, price, realized_pnl, reason, client_order_id, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(e.symbol, e.change, e.qty, e.price, e.realizedPnl ?? null, e.reason ?? null, e.clientOrderId ?? null, e.time);
  }

  recordExit(symbol: string, time: number): void {
    this.database
      .statement(`INSERT INTO symbol_exits (symbol, exited_at) VALUES (?, ?) ON CONFLICT (symbol) DO UPDATE SET exited_at = excluded.exited_at`)
      .run(symbol, time);
    this.loadExits().set(symbol, time);
  }

  lastExitAt(symbol: string): number | undefined {
    return this.loadExits().get(symbol);
  }

  private loadPositions(): Map<string, PositionRow> {
    if (!this.positionCache) {
      const rows = this.database.statement(`${POSITION_SELECT} ORDER BY opened_at, symbol`).all() as RawPosition[];
      this.positionCache = new Map(rows.map((p) => [p.symbol, positionOf(p)]));
    }
    return this.positionCache;
  }

  private loadExits(): Map<string, number> {
    if (!this.exitCache) {
      const rows = this.database.statement(`SELECT symbol, exited_at FROM symbol_exits`).all() as { symbol: string; exited_at: number }[];
      this.exitCache = new Map(rows.map((r) => [r.symbol, r.exited_at]));
    }
    return this.exitCache;
  }
}

function positionOf(raw: RawPosition): PositionRow {
  const { judgedUntil, judgedPeak, judgedTrailing, ...rest } = raw;
  const p: PositionRow = withChanges(rest, { trailingActive: Boolean(raw.trailingActive) });
  if (judgedUntil !== null) p.judgedUntil = judgedUntil;
  if (judgedPeak !== null) p.judgedPeak = judgedPeak;
  if (judgedTrailing !== null) p.judgedTrailing = Boolean(judgedTrailing);
  return p;
}
