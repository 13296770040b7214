/**
 * Start-up reconciliation of orders a previous run left in flight: the broker is asked about each, and what it reports
 * is applied (only fills not yet recorded). An order the broker never saw was never placed; a live one is given the
 * exchange's receive window before it is declared so. An order the broker cannot be asked about stays in flight.
 * (Comparing balances and open orders with a live exchange is another step, see reconcile.ts.)
 */
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { OrderRequest, OrderResult } from '../domain/order.js';
import type { OrderRow } from '../store/store.js';
import type { Broker } from './broker-port.js';
import { moveOrder, type OrderStatusStore } from './order-records.js';
import type { OrderMeta } from './settlement.js';

/** Exchanges reject an order that arrives later than their receive window (Binance: 10 s); past a minute it never will. */
export const NEVER_PLACED_AFTER_MS = 60_000;

/** What reconciling in-flight orders needs of the store (its methods of the same names). */
export interface InFlightStore extends OrderStatusStore {
  inFlightOrders(): OrderRow[];
}

export interface InFlightReconciliation {
  clock: Clock;
  logger: Logger;
  store: InFlightStore;
  broker: Pick<Broker, 'name' | 'fetchOrder'>;
  /** Records the broker's answer (the settlement writer). */
  settle: (request: OrderRequest, result: OrderResult, meta: OrderMeta) => void;
}

export async function reconcileInFlight(deps: InFlightReconciliation): Promise<{ resolved: number; pending: number }> {
  const { store, broker, clock, logger } = deps;
  let resolved = 0;
  let pending = 0;
  for (const order of store.inFlightOrders()) {
    const request: OrderRequest = { clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: order.qty };
    let result: OrderResult | null;
    try {
      result = broker.fetchOrder ? await broker.fetchOrder({ clientOrderId: order.clientOrderId, symbol: order.symbol }) : null;
    } catch (error) {
      pending++;
      logger.warn({ clientOrderId: order.clientOrderId, err: errorMessage(error) }, 'cannot ask the broker about an in-flight order; it stays in flight');
      continue;
    }
    if (result === null || result.status === 'unknown') {
      if (result === null && (broker.name === 'paper' || clock.now() - order.createdAt > NEVER_PLACED_AFTER_MS)) {
        moveOrder(store, order.clientOrderId, 'cancelled', order.filledQty, 'the broker has no record of it: it was never placed', clock.now());
        resolved++;
      } else pending++;
      continue;
    }
    deps.settle(request, result, { verdictId: order.verdictId, reason: `reconciled at start (${order.purpose})` });
    resolved++;
  }
  if (resolved + pending > 0) logger.warn({ resolved, pending }, 'orders left in flight by a previous run were reconciled');
  return { resolved, pending };
}
