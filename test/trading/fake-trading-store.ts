import type { Fill, OrderStatus } from '../../src/domain/order.js';
import type { Verdict } from '../../src/domain/verdict.js';
import type { AccountRow, OrderRow, PositionRow } from '../../src/store/store.js';
import type { NewOrder } from '../../src/store/order-repository.js';
import type { PositionEvent } from '../../src/store/account-repository.js';
import type { RiskRecord } from '../../src/trading/entry-planner.js';
import type { FillTotals } from '../../src/trading/fill-delta.js';
import type { TradingStore } from '../../src/trading/trader.js';
import { MemoryAccountRepository } from '../fakes/memory-account-repository.js';
import { MemoryOrderRepository } from '../fakes/memory-order-repository.js';
import { MemoryTransactions } from '../fakes/memory-transactions.js';

type StoredVerdict = { opportunity: { price: number }; verdict: Pick<Verdict, 'stop' | 'target' | 'atrFraction'> };

/**
 * The trading pieces' store in memory: the store's own in-memory account and order repositories (test/fakes) in one
 * transaction, plus what the trading tests look into: the risk decisions, the stored verdicts reconciliation reads,
 * and every account and position write by method name.
 */
export class FakeTradingStore implements TradingStore {
  readonly state: { riskDecisions: RiskRecord[]; verdicts: Map<string, StoredVerdict> } = { riskDecisions: [], verdicts: new Map() };
  /** Every write, by method name, in order. */
  readonly writes: string[] = [];
  private readonly transactions = new MemoryTransactions();
  private readonly accounts = new MemoryAccountRepository(this.transactions);
  private readonly orders = new MemoryOrderRepository(this.transactions);

  constructor() {
    this.transactions.join(
      () => ({ riskDecisions: this.state.riskDecisions, writes: this.writes.length }),
      (saved) => {
        this.state.riskDecisions = saved.riskDecisions;
        this.writes.length = saved.writes;
      },
    );
  }

  tx<T>(fn: () => T): T {
    return this.transactions.tx(fn);
  }

  ensureAccount(startingCash: number, now: number, day: string): AccountRow {
    return this.accounts.ensureAccount(startingCash, now, day);
  }

  account(): AccountRow {
    return this.accounts.account();
  }

  saveAccount(account: AccountRow, now = 0): void {
    this.writes.push('saveAccount');
    this.accounts.saveAccount(account, now);
  }

  position(symbol: string): PositionRow | null {
    return this.accounts.position(symbol);
  }

  positions(): PositionRow[] {
    return this.accounts.positions();
  }

  positionsView(): Iterable<Readonly<PositionRow>> {
    return this.accounts.positionsView();
  }

  get openPositionCount(): number {
    return this.accounts.openPositionCount;
  }

  savePosition(position: PositionRow, now = 0): void {
    this.writes.push('savePosition');
    this.accounts.savePosition(position, now);
  }

  deletePosition(symbol: string): void {
    this.writes.push('deletePosition');
    this.accounts.deletePosition(symbol);
  }

  recordExit(symbol: string, time: number): void {
    this.writes.push('recordExit');
    this.accounts.recordExit(symbol, time);
  }

  lastExitAt(symbol: string): number | undefined {
    return this.accounts.lastExitAt(symbol);
  }

  insertPositionEvent(event: PositionEvent): void {
    this.writes.push('insertPositionEvent');
    this.accounts.insertPositionEvent(event);
  }

  insertRiskDecision(decision: RiskRecord): void {
    this.writes.push('insertRiskDecision');
    this.state.riskDecisions.push(decision);
  }

  insertOrder(order: NewOrder): void {
    this.writes.push('insertOrder');
    this.orders.insertOrder(order);
  }

  updateOrder(clientOrderId: string, status: OrderStatus, filledQty: number, reason: string | null, now: number): void {
    this.writes.push('updateOrder');
    this.orders.updateOrder(clientOrderId, status, filledQty, reason, now);
  }

  order(clientOrderId: string): OrderRow | null {
    return this.orders.order(clientOrderId);
  }

  inFlightOrders(): OrderRow[] {
    return this.orders.inFlightOrders();
  }

  discussion(verdictId: string): StoredVerdict | null {
    return this.state.verdicts.get(verdictId) ?? null;
  }

  insertFill(fill: Fill): void {
    this.writes.push('insertFill');
    this.orders.insertFill(fill);
  }

  fillTotals(clientOrderId: string): FillTotals {
    return this.orders.fillTotals(clientOrderId);
  }
}
