import type { AgentOutcome, Verdict } from '../domain/verdict.js';
import type { VerdictEvent } from '../domain/events.js';
import type { Opportunity } from '../domain/opportunity.js';
import type { Fill, OrderStatus, Side } from '../domain/order.js';
import type Database from 'better-sqlite3';
import type { Db } from './database.js';
import { withChanges } from '../core/with-changes.js';
import { isStorageFailure } from './storage-failure.js';

export interface StoreOptions {
  /** Called for every write that fails because of the storage itself (disk full, I/O error; see storage-failure.ts). */
  onStorageFailure?: (error: unknown) => void;
}

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
}

export interface OrderRow {
  clientOrderId: string;
  verdictId: string | null;
  symbol: string;
  side: Side;
  qty: number;
  filledQty: number;
  status: OrderStatus;
  purpose: string;
  reason: string | null;
  createdAt: number;
  updatedAt: number;
}

export interface StoredDiscussion {
  verdictId: string;
  decidedAt: number;
  durationMs: number;
  opportunity: Opportunity;
  outcomes: AgentOutcome[];
  verdict: Verdict;
}

type RawPosition = Omit<PositionRow, 'trailingActive'> & { trailingActive: number };

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
const parse = <T>(text: string | null): T | undefined => (text === null ? undefined : (JSON.parse(text) as T));

/** The repositories over one SQLite file. Callers group writes that belong together with `tx`. */
export class Store {
  private readonly statements = new Map<string, Database.Statement>();
  /**
   * Write-through caches of the small, hot tables (positions, exits, account), read on every decision. Only this class
   * writes them; a transaction that fails drops the caches, so they are reloaded from what was really committed.
   */
  private positionCache: Map<string, PositionRow> | null = null;
  private exitCache: Map<string, number> | null = null;
  private accountCache: AccountRow | null = null;

  /** One wrapper serves every `tx` (nested ones become savepoints): better-sqlite3 builds four functions per wrapper. */
  private readonly transaction: (fn: () => unknown) => unknown;

  constructor(
    readonly db: Db,
    private readonly options: StoreOptions = {},
  ) {
    this.transaction = db.transaction((fn: () => unknown) => fn());
  }

  /** Runs `fn` in one transaction: all of its writes land, or none. */
  tx<T>(fn: () => T): T {
    try {
      return this.transaction(fn) as T;
    } catch (error) {
      this.positionCache = this.exitCache = this.accountCache = null;
      this.checkFailure(error);
      throw error;
    }
  }

  private stmt(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (!statement.reader && this.options.onStorageFailure) statement = this.watched(statement);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  /** A writing statement whose storage failures are reported (a commit outside `tx` is one `run`). */
  private watched(statement: Database.Statement): Database.Statement {
    const run = statement.run;
    statement.run = (...params: unknown[]) => {
      try {
        return run.apply(statement, params);
      } catch (error) {
        this.checkFailure(error);
        throw error;
      }
    };
    return statement;
  }

  private checkFailure(error: unknown): void {
    if (this.options.onStorageFailure && isStorageFailure(error)) this.options.onStorageFailure(error);
  }

  /** Runs a write outside the repositories (retention, checkpoints) with the same failure reporting. */
  guarded<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      this.checkFailure(error);
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // ---- account ----
  ensureAccount(startingCash: number, now: number, day: string): AccountRow {
    this
      .stmt(
        `INSERT OR IGNORE INTO account (id, starting_cash, cash, peak_equity, day_start_equity, day, updated_at)
         VALUES (1, ?, ?, ?, ?, ?, ?)`,
      )
      .run(startingCash, startingCash, startingCash, startingCash, day, now);
    return this.account();
  }

  account(): AccountRow {
    if (!this.accountCache) {
      const row = this.stmt(
        `SELECT starting_cash startingCash, cash, realized_pnl realizedPnl, fees, peak_equity peakEquity,
                day_start_equity dayStartEquity, day FROM account WHERE id = 1`,
      ).get() as AccountRow | undefined;
      if (!row) throw new Error('the account row is missing: the store was not initialised');
      this.accountCache = row;
    }
    return { ...this.accountCache };
  }

  saveAccount(a: AccountRow, now: number): void {
    this
      .stmt(
        `UPDATE account SET cash = ?, realized_pnl = ?, fees = ?, peak_equity = ?, day_start_equity = ?, day = ?, updated_at = ? WHERE id = 1`,
      )
      .run(a.cash, a.realizedPnl, a.fees, a.peakEquity, a.dayStartEquity, a.day, now);
    this.accountCache = { ...a };
  }

  // ---- opportunities and discussions ----
  insertOpportunity(o: Opportunity): void {
    this
      .stmt(
        `INSERT OR IGNORE INTO opportunities (id, symbol, source, direction, score, price, reason, created_at, bar_time)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.id, o.symbol, o.source, o.direction, o.score, o.price, o.reason, o.createdAt, o.barTime ?? null);
  }

  setOpportunityStatus(id: string, status: 'queued' | 'discussed' | 'dropped' | 'expired' | 'failed'): void {
    this.stmt(`UPDATE opportunities SET status = ? WHERE id = ?`).run(status, id);
  }

  /** Marks opportunities a previous run left queued: they were never discussed and are stale now. */
  expireQueuedOpportunities(): number {
    return this.stmt(`UPDATE opportunities SET status = 'expired' WHERE status = 'queued'`).run().changes;
  }

  insertDiscussion(event: VerdictEvent, durationMs: number): void {
    const v = event.verdict;
    this.tx(() => {
      this.stmt(
        `INSERT INTO verdicts (id, opportunity_id, symbol, action, conviction, score, size_fraction, stop, target, reasons, decided_at, duration_ms, atr_fraction)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        event.verdictId,
        event.opportunity.id,
        event.opportunity.symbol,
        v.action,
        v.conviction,
        v.score,
        v.sizeFraction,
        v.stop ?? null,
        v.target ?? null,
        JSON.stringify(v.reasons),
        event.decidedAt,
        durationMs,
        v.atrFraction ?? null,
      );
      const insert = this.stmt(
        `INSERT INTO agent_signals (verdict_id, role, status, stance, confidence, rationale, metrics, risk, error, latency_ms)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      for (const o of event.outcomes) {
        insert.run(
          event.verdictId,
          o.role,
          o.status,
          o.signal?.stance ?? null,
          o.signal?.confidence ?? null,
          json(o.signal?.rationale),
          json(o.signal?.metrics),
          json(o.signal?.risk),
          o.error ?? null,
          o.latencyMs,
        );
      }
      this.setOpportunityStatus(event.opportunity.id, 'discussed');
    });
  }

  discussion(verdictId: string): StoredDiscussion | null {
    const v = this.stmt(`SELECT * FROM verdicts WHERE id = ?`).get(verdictId) as Record<string, never> | undefined;
    if (!v) return null;
    const o = this.stmt(`SELECT * FROM opportunities WHERE id = ?`).get(v.opportunity_id) as Record<string, never>;
    const signals = this.stmt(`SELECT * FROM agent_signals WHERE verdict_id = ? ORDER BY id`).all(verdictId) as Record<string, never>[];
    return {
      verdictId,
      decidedAt: v.decided_at,
      durationMs: v.duration_ms,
      opportunity: {
        id: o.id,
        symbol: o.symbol,
        source: o.source,
        direction: o.direction,
        score: o.score,
        price: o.price,
        reason: o.reason,
        createdAt: o.created_at,
        ...(o.bar_time !== null ? { barTime: o.bar_time } : {}),
      },
      verdict: {
        action: v.action,
        conviction: v.conviction,
        score: v.score,
        sizeFraction: v.size_fraction,
        ...(v.stop !== null ? { stop: v.stop } : {}),
        ...(v.target !== null ? { target: v.target } : {}),
        ...(v.atr_fraction !== null ? { atrFraction: v.atr_fraction } : {}),
        reasons: JSON.parse(v.reasons),
      },
      outcomes: signals.map((s) => ({
        role: s.role,
        status: s.status,
        latencyMs: s.latency_ms,
        ...(s.error !== null ? { error: s.error } : {}),
        ...(s.stance !== null
          ? {
              signal: {
                stance: s.stance,
                confidence: s.confidence,
                rationale: parse<string[]>(s.rationale) ?? [],
                metrics: parse<Record<string, number>>(s.metrics) ?? {},
                ...(s.risk !== null ? { risk: parse(s.risk) } : {}),
              },
            }
          : {}),
      })),
    };
  }

  recentVerdicts(limit: number): { id: string; symbol: string; action: string; conviction: number; decidedAt: number }[] {
    return this
      .stmt(`SELECT id, symbol, action, conviction, decided_at decidedAt FROM verdicts ORDER BY decided_at DESC, rowid DESC LIMIT ?`)
      .all(limit) as never;
  }

  // ---- risk decisions ----
  insertRiskDecision(d: {
    verdictId?: string;
    symbol: string;
    outcome: string;
    rule?: string;
    reason: string;
    requestedQty: number;
    approvedQty: number;
    time: number;
  }): void {
    this
      .stmt(
        `INSERT INTO risk_decisions (verdict_id, symbol, outcome, rule, reason, requested_qty, approved_qty, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(d.verdictId ?? null, d.symbol, d.outcome, d.rule ?? null, d.reason, d.requestedQty, d.approvedQty, d.time);
  }

  // ---- orders and fills ----
  insertOrder(o: Omit<OrderRow, 'filledQty' | 'updatedAt' | 'reason'>): void {
    this
      .stmt(
        `INSERT INTO orders (client_order_id, verdict_id, symbol, side, qty, status, purpose, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.clientOrderId, o.verdictId, o.symbol, o.side, o.qty, o.status, o.purpose, o.createdAt, o.createdAt);
  }

  updateOrder(clientOrderId: string, status: OrderStatus, filledQty: number, reason: string | null, now: number): void {
    this
      .stmt(`UPDATE orders SET status = ?, filled_qty = ?, reason = ?, updated_at = ? WHERE client_order_id = ?`)
      .run(status, filledQty, reason, now, clientOrderId);
  }

  order(clientOrderId: string): OrderRow | null {
    return (this.stmt(`${ORDER_SELECT} WHERE client_order_id = ?`).get(clientOrderId) as OrderRow | undefined) ?? null;
  }

  /** Orders not yet in a terminal state, including those whose outcome is unknown. */
  inFlightOrders(): OrderRow[] {
    return this.stmt(`${ORDER_SELECT} WHERE status IN ('new', 'submitted', 'partially_filled', 'unknown') ORDER BY created_at`).all() as OrderRow[];
  }

  insertFill(f: Fill): void {
    this
      .stmt(`INSERT INTO fills (client_order_id, symbol, side, qty, price, fee, time, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(f.clientOrderId, f.symbol, f.side, f.qty, f.price, f.fee, f.time, f.reason ?? null);
  }

  /** What is already recorded as filled for an order: lets a repeated broker answer record only what is new. */
  fillTotals(clientOrderId: string): { qty: number; cost: number; fee: number } {
    return this
      .stmt(`SELECT COALESCE(SUM(qty), 0) qty, COALESCE(SUM(qty * price), 0) cost, COALESCE(SUM(fee), 0) fee FROM fills WHERE client_order_id = ?`)
      .get(clientOrderId) as { qty: number; cost: number; fee: number };
  }

  // ---- positions ----
  /** Open positions, oldest first (copies: callers may not change the cache). */
  positions(): PositionRow[] {
    return [...this.loadPositions().values()].map((p) => ({ ...p }));
  }

  /** The open positions without copying, for hot read-only paths (equity on every decision). Do not modify. */
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

  private loadPositions(): Map<string, PositionRow> {
    if (!this.positionCache) {
      const rows = this.stmt(`${POSITION_SELECT} ORDER BY opened_at, symbol`).all() as RawPosition[];
      this.positionCache = new Map(rows.map((p) => [p.symbol, withChanges(p, { trailingActive: Boolean(p.trailingActive) })]));
    }
    return this.positionCache;
  }

  /** Writes a whole position: settlement's, inside its transaction with the fill, the account and the event. */
  savePosition(p: PositionRow, now: number): void {
    this
      .stmt(
        `INSERT INTO positions (symbol, qty, avg_price, opened_at, stop_price, target_price, atr, peak_price, mark_price, trailing_active, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (symbol) DO UPDATE SET qty = excluded.qty, avg_price = excluded.avg_price, stop_price = excluded.stop_price,
           target_price = excluded.target_price, atr = excluded.atr, peak_price = excluded.peak_price, mark_price = excluded.mark_price,
           trailing_active = excluded.trailing_active, updated_at = excluded.updated_at`,
      )
      .run(p.symbol, p.qty, p.avgPrice, p.openedAt, p.stopPrice, p.targetPrice, p.atr, p.peakPrice, p.markPrice, p.trailingActive ? 1 : 0, now);
    const cache = this.loadPositions();
    const existing = cache.get(p.symbol);
    // An upsert keeps the original opening time, as the SQL does.
    cache.set(p.symbol, withChanges(p, { openedAt: existing?.openedAt ?? p.openedAt }));
  }

  /**
   * Stores an open position's exit-rule state and latest price, never its quantity or cost (only settlement writes
   * those). Matched on symbol and opening time: a check that read the position before the trader closed, reduced or
   * reopened it can neither bring it back nor overwrite what settlement wrote. False when that position is gone.
   */
  saveExitState(symbol: string, openedAt: number, state: { peakPrice: number; trailingActive: boolean; markPrice: number | null }, now: number): boolean {
    const { changes } = this
      .stmt(`UPDATE positions SET peak_price = ?, trailing_active = ?, mark_price = ?, updated_at = ? WHERE symbol = ? AND opened_at = ?`)
      .run(state.peakPrice, state.trailingActive ? 1 : 0, state.markPrice, now, symbol, openedAt);
    if (changes === 0) return false;
    const cache = this.loadPositions();
    const cached = cache.get(symbol);
    if (cached) cache.set(symbol, withChanges(cached, state));
    return true;
  }

  deletePosition(symbol: string): void {
    this.stmt(`DELETE FROM positions WHERE symbol = ?`).run(symbol);
    this.loadPositions().delete(symbol);
  }

  insertPositionEvent(e: {
    symbol: string;
    change: string;
    qty: number;
    price: number;
    realizedPnl?: number;
    reason?: string;
    clientOrderId?: string;
    time: number;
  }): void {
    this
      .stmt(
        `INSERT INTO position_events (symbol, change, qty, price, realized_pnl, reason, client_order_id, time) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.symbol, e.change, e.qty, e.price, e.realizedPnl ?? null, e.reason ?? null, e.clientOrderId ?? null, e.time);
  }

  recordExit(symbol: string, time: number): void {
    this.stmt(`INSERT INTO symbol_exits (symbol, exited_at) VALUES (?, ?) ON CONFLICT (symbol) DO UPDATE SET exited_at = excluded.exited_at`).run(symbol, time);
    this.loadExits().set(symbol, time);
  }

  lastExitAt(symbol: string): number | undefined {
    return this.loadExits().get(symbol);
  }

  private loadExits(): Map<string, number> {
    if (!this.exitCache) {
      const rows = this.stmt(`SELECT symbol, exited_at FROM symbol_exits`).all() as { symbol: string; exited_at: number }[];
      this.exitCache = new Map(rows.map((r) => [r.symbol, r.exited_at]));
    }
    return this.exitCache;
  }

  // ---- news ----
  hasSeenNews(id: string): boolean {
    return this.stmt(`SELECT 1 FROM news_seen WHERE id = ?`).get(id) !== undefined;
  }

  markNewsSeen(id: string, time: number): void {
    this.stmt(`INSERT OR IGNORE INTO news_seen (id, seen_at) VALUES (?, ?)`).run(id, time);
  }

  /** Forgets ids older than the look-back window: items that old are ignored anyway, so the table stays bounded. */
  pruneNewsSeen(before: number): number {
    return this.stmt(`DELETE FROM news_seen WHERE seen_at < ?`).run(before).changes;
  }

  // ---- summaries ----
  counts(): Record<'opportunities' | 'verdicts' | 'agentSignals' | 'riskDecisions' | 'orders' | 'fills' | 'positionEvents', number> {
    const count = (table: string) => (this.stmt(`SELECT COUNT(*) n FROM ${table}`).get() as { n: number }).n;
    return {
      opportunities: count('opportunities'),
      verdicts: count('verdicts'),
      agentSignals: count('agent_signals'),
      riskDecisions: count('risk_decisions'),
      orders: count('orders'),
      fills: count('fills'),
      positionEvents: count('position_events'),
    };
  }
}

const ORDER_SELECT = `SELECT client_order_id clientOrderId, verdict_id verdictId, symbol, side, qty, filled_qty filledQty, status, purpose,
  reason, created_at createdAt, updated_at updatedAt FROM orders`;
const POSITION_SELECT = `SELECT symbol, qty, avg_price avgPrice, opened_at openedAt, stop_price stopPrice, target_price targetPrice, atr,
  peak_price peakPrice, mark_price markPrice, trailing_active trailingActive FROM positions`;
