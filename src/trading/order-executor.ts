/**
 * Places orders: once per client order id, the intent stored before the broker hears of it, the broker's answer
 * settled, the unfilled rest of a partial fill cancelled, and an answer that never came left as `unknown` for
 * reconciliation. Orders the broker accepted without filling wait here for its later answer.
 */
import type { EventBus } from '../bus/event-bus.js';
import type { Clock } from '../core/clock.js';
import { errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { OrderRequest, OrderResult, Side } from '../domain/order.js';
import type { OrderRow } from '../store/store.js';
import type { Broker } from './broker-port.js';
import type { RiskRecord } from './entry-planner.js';
import { NEVER_PLACED_REASON, neverPlaced } from './in-flight-reconciliation.js';
import { moveOrder, orderEvent, type OrderStatusStore } from './order-records.js';
import type { OrderMeta } from './settlement.js';
import { PROTECTIVE_PURPOSE as PROTECTIVE } from './protective-stop-order.js';

/** What placing an order needs of the store (its methods of the same names). */
export interface ExecutorStore extends OrderStatusStore {
  tx<T>(fn: () => T): T;
  insertRiskDecision(decision: RiskRecord): void;
  insertOrder(order: Omit<OrderRow, 'filledQty' | 'updatedAt' | 'reason'>): void;
}

export interface OrderExecutorOptions {
  clock: Clock;
  logger: Logger;
  store: ExecutorStore;
  bus: Pick<EventBus, 'emit'>;
  broker: Pick<Broker, 'submit' | 'cancelOrder' | 'fetchOrder' | 'name' | 'answersLater'>;
  /** Records a broker's answer (the settlement writer). */
  settle: (request: OrderRequest, result: OrderResult, meta: OrderMeta) => void;
}

export interface PendingOrder {
  request: OrderRequest;
  meta: OrderMeta;
  /** When its outcome became unknown (no answer from the broker): asked about at each check until the broker knows it. */
  unknownSince?: number;
  /**
   * When a broker that does not answer again by itself (an exchange, see Broker.answersLater) accepted it without a
   * fill: asked about at each check too, or its fill was never recorded (coins bought with no position, so no stop).
   */
  openSince?: number;
  /** Why the broker could not tell its outcome, as last said (warned once per reason, not at every check). */
  undecided?: string;
}

export class OrderExecutor {
  /**
   * Orders the broker accepted but has not filled yet (a backtest fills a market order at the next bar's open), and
   * orders whose outcome is unknown, by client order id: settled later through `answer`, counted in the gate's
   * exposure meanwhile, and no other order of their symbol and side is sent while they are here.
   */
  private readonly pending = new Map<string, PendingOrder>();

  constructor(private readonly options: OrderExecutorOptions) {}

  /** Orders accepted by the broker and not filled yet. */
  pendingOrders(): OrderRequest[] {
    return Array.from(this.pending.values(), (p) => p.request);
  }

  /** The orders waiting for the broker's answer, oldest first (a view: do not keep it across awaits). */
  inFlight(): Iterable<PendingOrder> {
    return this.pending.values();
  }

  /** What the buys in flight will spend, at their reference price (`fallback` without one): cash already promised. */
  committedCash(fallback: number): number {
    let committed = 0;
    for (const { request, meta } of this.pending.values()) if (request.side === 'buy') committed += request.qty * (meta?.refPrice ?? fallback);
    return committed;
  }

  /** True while an order of this symbol and side waits for the broker's answer (a protective stop resting is not one). */
  hasPending(symbol: string, side: Side): boolean {
    for (const p of this.pending.values()) if (p.request.symbol === symbol && p.request.side === side && p.meta.purpose !== PROTECTIVE) return true;
    return false;
  }

  /** The protective stops resting on the exchange (or placed, their answer awaited), of `symbol` when given, oldest first. */
  protectiveStops(symbol?: string): PendingOrder[] {
    return [...this.pending.values()].filter((p) => p.meta.purpose === PROTECTIVE && (symbol === undefined || p.request.symbol === symbol));
  }

  /** Keeps an accepted order among those in flight until the broker answers (one taken back at start). */
  wait(request: OrderRequest, meta: OrderMeta): void {
    this.pending.set(request.clientOrderId, this.accepted(request, meta));
  }

  /** An order accepted without a fill: asked about from now on unless the broker answers it again by itself. */
  private accepted(request: OrderRequest, meta: OrderMeta): PendingOrder {
    return this.options.broker.answersLater ? { request, meta } : { request, meta, openSince: this.options.clock.now() };
  }

  /**
   * Keeps an order whose outcome the broker could not tell (one a previous run left, after a restart) among those in
   * flight, asked about at each position check as if its answer had been lost at `since`.
   */
  watch(request: OrderRequest, meta: OrderMeta, since: number): void {
    this.pending.set(request.clientOrderId, { request, meta, unknownSince: since });
  }

  /** Applies the broker's later answer to an accepted order (its fill at the next bar, or its cancellation). */
  answer(clientOrderId: string, result: OrderResult): void {
    const entry = this.pending.get(clientOrderId);
    if (!entry) return;
    // Still open at the broker (a partial fill whose rest could not be cancelled): asked about again at the next check.
    if (result.status === 'partially_filled') entry.unknownSince ??= this.options.clock.now();
    else if (result.status !== 'submitted') this.pending.delete(clientOrderId);
    this.options.settle(entry.request, result, entry.meta);
  }

  /** True while an order's outcome is unknown, or it is open at a broker that must be asked about it. */
  hasUnknown(): boolean {
    for (const p of this.pending.values()) if (p.unknownSince !== undefined || p.openSince !== undefined) return true;
    return false;
  }

  /**
   * Cancels the entries waiting for their price (the kill switch: no entry fills after a halt, even one decided before
   * it). Only a cancellation the broker confirms is applied; one that filled meanwhile is settled by its own answer.
   * A cancel that fails leaves that entry in flight, tried again at the next check: it must not end the check, whose
   * stops come after it (a failing cancel had stopped every stop for as long as the halt lasted).
   */
  async cancelEntries(reason: string): Promise<number> {
    const { broker, logger } = this.options;
    if (!broker.cancelOrder) return 0;
    let cancelled = 0;
    for (const [id, p] of [...this.pending]) {
      if (p.request.side !== 'buy' || p.unknownSince !== undefined) continue;
      let result: OrderResult | null;
      try {
        result = await broker.cancelOrder({ clientOrderId: id, symbol: p.request.symbol });
      } catch (error) {
        logger.warn({ clientOrderId: id, symbol: p.request.symbol, err: errorMessage(error) }, 'kill switch: cannot cancel an entry in flight; it stays in flight, and the cancel is tried again at the next position check');
        continue;
      }
      if (result?.status !== 'cancelled') continue;
      this.answer(id, { status: 'cancelled', fills: [], reason: `${reason}: ${result.reason ?? 'cancelled'}` });
      cancelled++;
    }
    return cancelled;
  }

  /**
   * Asks the broker about each order whose outcome is unknown, or that is open at an exchange, and applies what it says.
   * One it has no record of was never placed (a paper broker's at once, a live one's after the exchange's receive
   * window) and is cancelled; one it still cannot say, or still holds open, stays in flight for the next check.
   */
  async resolveUnknown(signal?: AbortSignal): Promise<number> {
    const { broker, store, clock, logger, bus } = this.options;
    if (!broker.fetchOrder) return 0;
    let resolved = 0;
    let settled = 0;
    for (const [id, p] of [...this.pending]) {
      const since = p.unknownSince ?? p.openSince;
      if (since === undefined || signal?.aborted) continue;
      let result: OrderResult | null;
      try {
        result = await broker.fetchOrder({ clientOrderId: id, symbol: p.request.symbol }, signal);
      } catch (error) {
        logger.warn({ clientOrderId: id, err: errorMessage(error) }, 'cannot ask the broker about an order whose outcome is unknown; it stays in flight');
        continue;
      }
      if (result === null) {
        if (!neverPlaced(broker.name, clock.now() - since)) continue;
        this.pending.delete(id);
        moveOrder(store, id, 'cancelled', 0, NEVER_PLACED_REASON, clock.now());
        bus.emit('order', orderEvent(p.request, 'cancelled', p.meta.verdictId, NEVER_PLACED_REASON));
        resolved++;
        continue;
      }
      if (result.status === 'unknown') {
        this.sayUndecided(p, result.reason);
        continue;
      }
      delete p.undecided;
      // Still open at the broker once recorded so: asked again at the next check, settled when it fills or ends.
      if (result.status === 'submitted' && result.fills.length === 0 && store.order(id)?.status === 'submitted') continue;
      this.answer(id, result);
      if (p.unknownSince !== undefined) resolved++;
      else settled++;
    }
    if (resolved > 0) logger.warn({ resolved, inFlight: this.pending.size }, 'orders whose outcome was unknown were resolved with the broker');
    // An exchange that acknowledges orders before filling them answers every order so: routine, not a warning.
    if (settled > 0) logger.info({ settled, inFlight: this.pending.size }, 'orders the exchange had accepted without a fill were settled with its answer');
    return resolved + settled;
  }

  /**
   * An order the broker cannot tell the outcome of, and why (a look-up that failed, an answer it cannot conclude from):
   * said once per reason. Unsaid, it stayed in flight at every check, no other order of its symbol and side sent, and
   * nothing told the operator what to check.
   */
  private sayUndecided(p: PendingOrder, reason: string | undefined): void {
    if (reason === undefined || p.undecided === reason) return;
    p.undecided = reason;
    const { clientOrderId, symbol, side } = p.request;
    this.options.logger.warn({ clientOrderId, symbol, side, reason }, `order ${clientOrderId} (${side} ${symbol}): the broker cannot tell its outcome yet (${reason}); it stays in flight, asked about at each position check, and no other ${side} of ${symbol} is sent meanwhile`);
  }

  /** Places an order, with the risk gate's decision that allowed it (an entry's), unless its id is already stored. */
  async execute(request: OrderRequest, meta: OrderMeta, riskRecord?: RiskRecord): Promise<void> {
    const { store, broker, clock, logger, bus } = this.options;
    if (store.order(request.clientOrderId)) {
      logger.warn({ clientOrderId: request.clientOrderId }, 'order already recorded; not submitting it twice');
      return;
    }
    // The intent is durable before the broker hears of it: after a crash, the order is found in flight and reconciled.
    // The gate's decision and the order it allowed land together.
    store.tx(() => {
      if (riskRecord) store.insertRiskDecision(riskRecord);
      store.insertOrder({ clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, qty: request.qty, verdictId: meta.verdictId, status: 'submitted', purpose: meta.purpose ?? 'exit', createdAt: clock.now() });
    });
    bus.emit('order', orderEvent(request, 'submitted', meta.verdictId, undefined, meta.refPrice));
    let result: OrderResult;
    try {
      result = await broker.submit(request);
    } catch (error) {
      // The outcome is not known: it stays in flight until reconciled, never assumed failed.
      moveOrder(store, request.clientOrderId, 'unknown', 0, errorMessage(error), clock.now());
      bus.emit('order', orderEvent(request, 'unknown', meta.verdictId, errorMessage(error)));
      logger.error({ err: errorMessage(error), clientOrderId: request.clientOrderId }, 'broker did not answer; order outcome unknown until the broker is asked about it (at each position check)');
      // In flight: the exchange may have filled it, so sending another (a second entry, a second exit) could trade twice.
      this.pending.set(request.clientOrderId, { request, meta, unknownSince: clock.now() });
      return;
    }
    // Accepted but not filled yet: the order stays in flight until the broker's later answer (asked for, from an exchange).
    const resting = result.status === 'partially_filled' && meta.purpose === PROTECTIVE;
    if ((result.status === 'submitted' && result.fills.length === 0) || resting) this.pending.set(request.clientOrderId, this.accepted(request, meta));
    if (result.status === 'unknown') this.pending.set(request.clientOrderId, { request, meta, unknownSince: clock.now() });
    this.options.settle(request, result, meta);
    // A protective stop that began to fill at once rests on as placed: its rest is the position's stop.
    if (result.status === 'partially_filled' && broker.cancelOrder && !resting) await this.cancelRest(request, meta);
  }

  /**
   * Market orders here are immediate-or-cancel: what did not fill at once is cancelled, not left hanging. The answer to
   * the cancel is settled as any answer (cumulative: the exchange may have filled more meanwhile, or all of it, and
   * those fills were lost); a cancel that fails or is not final leaves the order in flight, asked about at each check.
   */
  private async cancelRest(request: OrderRequest, meta: OrderMeta): Promise<void> {
    const { clock, logger, broker } = this.options;
    let after: OrderResult | null = null;
    try {
      after = (await broker.cancelOrder?.({ clientOrderId: request.clientOrderId, symbol: request.symbol })) ?? null;
    } catch (error) {
      logger.warn({ clientOrderId: request.clientOrderId, err: errorMessage(error) }, 'cannot cancel the unfilled rest of a partly filled order; it stays in flight and is asked about at each position check');
    }
    if (after && after.status !== 'unknown') this.options.settle(request, after, meta);
    if (!after || after.status === 'unknown' || after.status === 'submitted' || after.status === 'partially_filled') {
      this.pending.set(request.clientOrderId, { request, meta, unknownSince: clock.now() });
    }
  }
}
