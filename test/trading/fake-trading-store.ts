import type { Fill, OrderStatus } from '../../src/domain/order.js';
import type { Verdict } from '../../src/domain/verdict.js';
import type { AccountRow, OrderRow, PositionRow } from '../../src/store/store.js';
import type { RiskRecord } from '../../src/trading/entry-planner.js';
import type { FillTotals } from '../../src/trading/fill-delta.js';
import type { PositionEventRecord } from '../../src/trading/settlement.js';
import type { TradingStore } from '../../src/trading/trader.js';

interface State {
  account: AccountRow | null;
  positions: Map<string, PositionRow>;
  orders: Map<string, OrderRow>;
  fills: Fill[];
  exits: Map<string, number>;
  riskDecisions: RiskRecord[];
  positionEvents: PositionEventRecord[];
  /** Stored verdicts, by id, with their opportunity's price (what reconciliation reads of a discussion). */
  verdicts: Map<string, { opportunity: { price: number }; verdict: Pick<Verdict, 'stop' | 'target' | 'atrFraction'> }>;
}

const copy = (s: State): State => ({
  account: s.account && { ...s.account },
  positions: new Map([...s.positions].map(([k, v]) => [k, { ...v }])),
  orders: new Map([...s.orders].map(([k, v]) => [k, { ...v }])),
  fills: s.fills.map((f) => ({ ...f })),
  exits: new Map(s.exits),
  riskDecisions: [...s.riskDecisions],
  positionEvents: [...s.positionEvents],
  verdicts: new Map(s.verdicts),
});

/**
 * The trading pieces' store in memory: the same methods as the SQLite store, with its semantics where they matter
 * (copies out, a transaction that throws leaves nothing written, an upsert keeps a position's opening time).
 */
export class FakeTradingStore implements TradingStore {
  state: State = { account: null, positions: new Map(), orders: new Map(), fills: [], exits: new Map(), riskDecisions: [], positionEvents: [], verdicts: new Map() };
  /** Every write, by method name, in order. */
  readonly writes: string[] = [];

  tx<T>(fn: () => T): T {
    const before = copy(this.state);
    const written = this.writes.length;
    try {
      return fn();
    } catch (error) {
      this.state = before;
      this.writes.length = written;
      throw error;
    }
  }

  ensureAccount(startingCash: number, _now: number, day: string): AccountRow {
    this.state.account ??= { startingCash, cash: startingCash, realizedPnl: 0, fees: 0, peakEquity: startingCash, dayStartEquity: startingCash, day };
    return this.account();
  }

  account(): AccountRow {
    if (!this.state.account) throw new Error('the account row is missing: the store was not initialised');
    return { ...this.state.account };
  }

  saveAccount(account: AccountRow): void {
    this.writes.push('saveAccount');
    this.state.account = { ...account };
  }

  position(symbol: string): PositionRow | null {
    const p = this.state.positions.get(symbol);
    return p ? { ...p } : null;
  }

  positions(): PositionRow[] {
    return [...this.state.positions.values()].map((p) => ({ ...p }));
  }

  positionsView(): Iterable<Readonly<PositionRow>> {
    return this.state.positions.values();
  }

  get openPositionCount(): number {
    return this.state.positions.size;
  }

  savePosition(position: PositionRow): void {
    this.writes.push('savePosition');
    const existing = this.state.positions.get(position.symbol);
    this.state.positions.set(position.symbol, { ...position, openedAt: existing?.openedAt ?? position.openedAt });
  }

  deletePosition(symbol: string): void {
    this.writes.push('deletePosition');
    this.state.positions.delete(symbol);
  }

  recordExit(symbol: string, time: number): void {
    this.writes.push('recordExit');
    this.state.exits.set(symbol, time);
  }

  lastExitAt(symbol: string): number | undefined {
    return this.state.exits.get(symbol);
  }

  insertPositionEvent(event: PositionEventRecord): void {
    this.writes.push('insertPositionEvent');
    this.state.positionEvents.push(event);
  }

  insertRiskDecision(decision: RiskRecord): void {
    this.writes.push('insertRiskDecision');
    this.state.riskDecisions.push(decision);
  }

  insertOrder(order: Omit<OrderRow, 'filledQty' | 'updatedAt' | 'reason'>): void {
    this.writes.push('insertOrder');
    if (this.state.orders.has(order.clientOrderId)) throw new Error(`UNIQUE constraint failed: orders.client_order_id (${order.clientOrderId})`);
    this.state.orders.set(order.clientOrderId, { ...order, filledQty: 0, reason: null, updatedAt: order.createdAt });
  }

  updateOrder(clientOrderId: string, status: OrderStatus, filledQty: number, reason: string | null, now: number): void {
    this.writes.push('updateOrder');
    const order = this.state.orders.get(clientOrderId);
    if (order) Object.assign(order, { status, filledQty, reason, updatedAt: now });
  }

  order(clientOrderId: string): OrderRow | null {
    const o = this.state.orders.get(clientOrderId);
    return o ? { ...o } : null;
  }

  inFlightOrders(): OrderRow[] {
    return [...this.state.orders.values()]
      .filter((o) => ['new', 'submitted', 'partially_filled', 'unknown'].includes(o.status))
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((o) => ({ ...o }));
  }

  discussion(verdictId: string): { opportunity: { price: number }; verdict: Pick<Verdict, 'stop' | 'target' | 'atrFraction'> } | null {
    return this.state.verdicts.get(verdictId) ?? null;
  }

  insertFill(fill: Fill): void {
    this.writes.push('insertFill');
    this.state.fills.push({ ...fill });
  }

  fillTotals(clientOrderId: string): FillTotals {
    const fills = this.state.fills.filter((f) => f.clientOrderId === clientOrderId);
    return { qty: fills.reduce((s, f) => s + f.qty, 0), cost: fills.reduce((s, f) => s + f.qty * f.price, 0), fee: fills.reduce((s, f) => s + f.fee, 0) };
  }
}
