import type { Fill, OrderStatus, Side } from '../domain/order.js';
import type { StoreDatabase, Transactional } from './store-database.js';

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

/** What an order is recorded with when it is sent. */
export type NewOrder = Omit<OrderRow, 'filledQty' | 'updatedAt' | 'reason'>;

/** What is already recorded as filled for an order. */
export interface FillTotals {
  qty: number;
  cost: number;
  fee: number;
}

/** Orders (unique by client order id) and their fills. */
export interface OrderRepository extends Transactional {
  /** Throws when an order with the same client order id is already recorded. */
  insertOrder(o: NewOrder): void;
  updateOrder(clientOrderId: string, status: OrderStatus, filledQty: number, reason: string | null, now: number): void;
  order(clientOrderId: string): OrderRow | null;
  /** Orders not yet in a terminal state, including those whose outcome is unknown, oldest first. */
  inFlightOrders(): OrderRow[];
  insertFill(f: Fill): void;
  /** What is already recorded as filled for an order: lets a repeated broker answer record only what is new. */
  fillTotals(clientOrderId: string): FillTotals;
  /** The newest fill's symbol and time, or null before any fill. */
  latestFill(): { symbol: string; time: number } | null;
}

const ORDER_SELECT = `SELECT client_order_id clientOrderId, verdict_id verdictId, symbol, side, qty, filled_qty filledQty, status, purpose,
  reason, created_at createdAt, updated_at updatedAt FROM orders`;

export class SqliteOrderRepository implements OrderRepository {
  constructor(private readonly database: StoreDatabase) {}

  tx<T>(fn: () => T): T {
    return this.database.transaction(fn);
  }

  insertOrder(o: NewOrder): void {
    this.database
      .statement(
        `INSERT INTO orders (client_order_id, verdict_id, symbol, side, qty, status, purpose, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(o.clientOrderId, o.verdictId, o.symbol, o.side, o.qty, o.status, o.purpose, o.createdAt, o.createdAt);
  }

  updateOrder(clientOrderId: string, status: OrderStatus, filledQty: number, reason: string | null, now: number): void {
    this.database
      .statement(`UPDATE orders SET status = ?, filled_qty = ?, reason = ?, updated_at = ? WHERE client_order_id = ?`)
      .run(status, filledQty, reason, now, clientOrderId);
  }

  order(clientOrderId: string): OrderRow | null {
    return (this.database.statement(`${ORDER_SELECT} WHERE client_order_id = ?`).get(clientOrderId) as OrderRow | undefined) ?? null;
  }

  inFlightOrders(): OrderRow[] {
    return this.database
      .statement(`${ORDER_SELECT} WHERE status IN ('new', 'submitted', 'partially_filled', 'unknown') ORDER BY created_at`)
      .all() as OrderRow[];
  }

  insertFill(f: Fill): void {
    this.database
      .statement(`INSERT INTO fills (client_order_id, symbol, side, qty, price, fee, time, reason, fee_unknown) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(f.clientOrderId, f.symbol, f.side, f.qty, f.price, f.fee, f.time, f.reason ?? null, f.feeUnknown ? 1 : null);
  }

  latestFill(): { symbol: string; time: number } | null {
    return (this.database.statement(`SELECT symbol, time FROM fills ORDER BY time DESC LIMIT 1`).get() as { symbol: string; time: number } | undefined) ?? null;
  }

  fillTotals(clientOrderId: string): FillTotals {
    return this.database
      .statement(`SELECT COALESCE(SUM(qty), 0) qty, COALESCE(SUM(qty * price), 0) cost, COALESCE(SUM(fee), 0) fee FROM fills WHERE client_order_id = ?`)
      .get(clientOrderId) as FillTotals;
  }
}
