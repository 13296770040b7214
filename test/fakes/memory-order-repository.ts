import type { Fill, OrderStatus } from '../../src/domain/order.js';
import type { FillTotals, NewOrder, OrderRepository, OrderRow } from '../../src/store/order-repository.js';
import { MemoryTransactions } from './memory-transactions.js';

const IN_FLIGHT: ReadonlySet<OrderStatus> = new Set<OrderStatus>(['new', 'submitted', 'partially_filled', 'unknown']);

interface State {
  orders: Map<string, OrderRow>;
  fills: Fill[];
}

/** Orders and fills in memory (same contract: order-repository.test.ts). */
export class MemoryOrderRepository implements OrderRepository {
  private state: State = { orders: new Map(), fills: [] };

  constructor(private readonly transactions = new MemoryTransactions()) {
    transactions.join(
      () => this.state,
      (state) => (this.state = state),
    );
  }

  /** Every fill recorded, oldest first. */
  get fills(): readonly Fill[] {
    return this.state.fills;
  }

  tx<T>(fn: () => T): T {
    return this.transactions.tx(fn);
  }

  insertOrder(o: NewOrder): void {
    if (this.state.orders.has(o.clientOrderId)) throw new Error(`UNIQUE constraint failed: orders.client_order_id (${o.clientOrderId})`);
    this.state.orders.set(o.clientOrderId, Object.assign({}, o, { filledQty: 0, reason: null, updatedAt: o.createdAt }));
  }

  updateOrder(clientOrderId: string, status: OrderStatus, filledQty: number, reason: string | null, now: number): void {
    const order = this.state.orders.get(clientOrderId);
    if (order) this.state.orders.set(clientOrderId, Object.assign({}, order, { status, filledQty, reason, updatedAt: now }));
  }

  order(clientOrderId: string): OrderRow | null {
    const order = this.state.orders.get(clientOrderId);
    return order ? { ...order } : null;
  }

  inFlightOrders(): OrderRow[] {
    return [...this.state.orders.values()].filter((o) => IN_FLIGHT.has(o.status)).sort((a, b) => a.createdAt - b.createdAt).map((o) => ({ ...o }));
  }

  insertFill(f: Fill): void {
    if (!this.state.orders.has(f.clientOrderId)) throw new Error(`FOREIGN KEY constraint failed: no order ${f.clientOrderId}`);
    this.state.fills.push({ ...f });
  }

  fillTotals(clientOrderId: string): FillTotals {
    const totals = { qty: 0, cost: 0, fee: 0 };
    for (const f of this.state.fills) {
      if (f.clientOrderId !== clientOrderId) continue;
      totals.qty += f.qty;
      totals.cost += f.qty * f.price;
      totals.fee += f.fee;
    }
    return totals;
  }

  latestFill(): { symbol: string; time: number } | null {
    let latest: Fill | undefined;
    for (const f of this.state.fills) if (!latest || f.time > latest.time) latest = f;
    return latest ? { symbol: latest.symbol, time: latest.time } : null;
  }
}
