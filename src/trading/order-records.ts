/**
 * An order's record: its status moves, always through the order state machine, and the event that tells the bus.
 * Shared by the executor, settlement and start-up reconciliation.
 */
import { InvariantError } from '../core/errors.js';
import type { OrderEvent } from '../domain/events.js';
import type { OrderRequest, OrderStatus } from '../domain/order.js';
import type { OrderRow } from '../store/store.js';
import { assertTransition } from './order-state.js';

/** What moving an order's status needs of the store. */
export interface OrderStatusStore {
  order(clientOrderId: string): OrderRow | null;
  updateOrder(clientOrderId: string, status: OrderStatus, filledQty: number, reason: string | null, now: number): void;
}

/** Moves a stored order to `to`: an impossible move is a bug (InvariantError), never written. */
export function moveOrder(store: OrderStatusStore, clientOrderId: string, to: OrderStatus, filledQty: number, reason: string | null, now: number): void {
  const current = store.order(clientOrderId);
  if (!current) throw new InvariantError(`order ${clientOrderId} is not in the store`);
  if (current.status !== to) assertTransition(current.status, to);
  store.updateOrder(clientOrderId, to, filledQty, reason, now);
}

/** The bus's `order` event for a request in a given status. */
export function orderEvent(request: OrderRequest, status: OrderStatus, verdictId: string | null, reason?: string, refPrice?: number): OrderEvent {
  const { clientOrderId, symbol, side, qty } = request;
  return {
    clientOrderId, symbol, side, qty, status, ...(verdictId ? { verdictId } : {}), ...(reason ? { reason } : {}), ...(refPrice !== undefined ? { refPrice } : {}),
  };
}
