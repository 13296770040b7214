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
import type { Verdict } from '../domain/verdict.js';
import type { OrderRow } from '../store/store.js';
import type { Broker } from './broker-port.js';
import { smallestSale } from './entry-inputs.js';
import { atrOf } from './entry-planner.js';
import { fillReasonOf } from './in-flight-meta.js';
import { moveOrder, type OrderStatusStore } from './order-records.js';
import type { OrderMeta } from './settlement.js';

/** Exchanges reject an order that arrives later than their receive window (Binance: 10 s); past a minute it never will. */
export const NEVER_PLACED_AFTER_MS = 60_000;

/** An order the broker has no record of `ageMs` after it was sent was never placed: a paper broker's at once. */
export const neverPlaced = (broker: string, ageMs: number): boolean => broker === 'paper' || ageMs > NEVER_PLACED_AFTER_MS;
export const NEVER_PLACED_REASON = 'the broker has no record of it: it was never placed';

/** What reconciling in-flight orders needs of the store (its methods of the same names). */
export interface InFlightStore extends OrderStatusStore {
  inFlightOrders(): OrderRow[];
  /** A stored discussion: an entry's verdict gives the position its stop, target and ATR, as without the restart. */
  discussion(verdictId: string): { opportunity: { price: number }; verdict: Pick<Verdict, 'stop' | 'target' | 'atrFraction'> } | null;
}

export interface InFlightReconciliation {
  clock: Clock;
  logger: Logger;
  store: InFlightStore;
  broker: Pick<Broker, 'name' | 'fetchOrder' | 'instrument'>;
  /** Records the broker's answer (the settlement writer). */
  settle: (request: OrderRequest, result: OrderResult, meta: OrderMeta) => void;
  /** Keeps an order the broker accepted and still fills later (a paper order waiting for its price) among those in flight. */
  wait: (request: OrderRequest, meta: OrderMeta) => void;
  /**
   * Keeps an order whose outcome the broker cannot tell yet among those in flight, asked about at each position check
   * (as from `since`, when it was sent): no order of its symbol and side is sent meanwhile. Without it such an order was
   * never asked about again, and the next entry bought a second time.
   */
  watch: (request: OrderRequest, meta: OrderMeta, since: number) => void;
}

export async function reconcileInFlight(deps: InFlightReconciliation): Promise<{ resolved: number; pending: number }> {
  const { store, broker, clock, logger } = deps;
  let resolved = 0;
  let open = 0;
  let unknown = 0;
  for (const order of store.inFlightOrders()) {
    const request: OrderRequest = { clientOrderId: order.clientOrderId, symbol: order.symbol, side: order.side, qty: order.qty };
    let result: OrderResult | null;
    try {
      result = broker.fetchOrder ? await broker.fetchOrder({ clientOrderId: order.clientOrderId, symbol: order.symbol }) : null;
    } catch (error) {
      unknown++;
      deps.watch(request, await metaOf(deps, order), order.createdAt);
      logger.warn({ clientOrderId: order.clientOrderId, err: errorMessage(error) }, 'cannot ask the broker about an in-flight order; it stays in flight, asked about at each position check');
      continue;
    }
    // Accepted and waiting for its price (a paper order the broker took back): it settles when the broker answers.
    if (result !== null && result.status === 'submitted' && result.fills.length === 0) {
      deps.wait(request, await metaOf(deps, order));
      open++;
      continue;
    }
    if (result === null || result.status === 'unknown') {
      if (result === null && neverPlaced(broker.name, clock.now() - order.createdAt)) {
        moveOrder(store, order.clientOrderId, 'cancelled', order.filledQty, NEVER_PLACED_REASON, clock.now());
        resolved++;
      } else {
        deps.watch(request, await metaOf(deps, order), order.createdAt);
        unknown++;
      }
      continue;
    }
    const meta = await metaOf(deps, order);
    deps.settle(request, result, meta);
    // Filled in part and still open there (a protective stop whose rest rests): its fills recorded, it stays in flight,
    // asked about at each check as in a run. Dropped, it rested unknown to the daemon: a second stop was placed beside
    // it, an exit sold beside its rest, and a later fill of it was never recorded.
    if (result.status === 'partially_filled') {
      deps.watch(request, meta, order.createdAt);
      open++;
      continue;
    }
    resolved++;
  }
  if (resolved + open + unknown > 0) {
    // Orders still open (a paper order waits for its first price after a restart) are routine: said, not warned of.
    const parts = [
      `${resolved} settled with the broker's answer`,
      ...(open > 0 ? [`${open} still open at the broker (settled when it fills)`] : []),
      ...(unknown > 0 ? [`${unknown} not yet known to the broker (asked about at each position check; no other order of their symbol and side is sent meanwhile)`] : []),
    ];
    logger[resolved + unknown > 0 ? 'warn' : 'info']({ resolved, open, unknown }, `orders left in flight by a previous run: ${parts.join(', ')}`);
  }
  return { resolved, pending: open + unknown };
}

/**
 * How to settle an order found in flight. An entry gets its verdict's stop, target and ATR, as it would have without
 * the restart; the ATR (a fraction of price on the verdict) is priced at the opportunity's price, as the stop and
 * target were, since the quote the entry saw is not stored. That price is also the reference the stop and target are
 * moved from onto the fill, so an entry that fills far from it after a restart is not left under its own stop. A sale
 * closes the position when what it leaves is less than the market sells, as it would have without the restart.
 */
async function metaOf(deps: InFlightReconciliation, order: OrderRow): Promise<OrderMeta> {
  const fillReason = fillReasonOf(order);
  // What it was placed for (the stop, the time limit...), as the position's history says without a restart.
  const reason = `reconciled at start (${order.purpose === fillReason ? fillReason : `${order.purpose}: ${fillReason}`})`;
  if (order.side === 'sell') {
    const closeBelow = await smallestSale(deps.broker, order.symbol, deps.logger);
    const meta: OrderMeta = { verdictId: order.verdictId, reason, fillReason, ...(closeBelow > 0 ? { closeBelow } : {}) };
    // A protective stop stays one: it rests on, and an exit cancels it first (protective-stops.ts).
    return order.purpose === 'protective stop' ? Object.assign(meta, { purpose: 'protective stop' as const, reason: `stop on the exchange (protective stop), ${reason}` }) : meta;
  }
  const decided = order.purpose === 'entry' && order.verdictId !== null ? deps.store.discussion(order.verdictId) : null;
  if (!decided) return { verdictId: order.verdictId, reason, fillReason };
  const { verdict, opportunity } = decided;
  return {
    verdictId: order.verdictId,
    reason,
    fillReason,
    stop: verdict.stop ?? null,
    target: verdict.target ?? null,
    atr: atrOf(verdict.atrFraction, opportunity.price),
    refPrice: opportunity.price,
  };
}
