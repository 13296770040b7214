/**
 * conclave's client order ids on one exchange (live-exchanges.ts says how each takes them): the id sent for ours, the
 * ccxt parameters that place an order under it, and the look-up of an order by it.
 */
import { createHash } from 'node:crypto';
import { OrderNotFound } from 'ccxt';
import type { Exchange, Order } from 'ccxt';
import type { OrderRef, OrderResult } from '../domain/order.js';
import { toOrderResult } from './ccxt-order-mapping.js';
import { LIVE_EXCHANGES, type LiveExchange } from '../config/live-exchanges.js';

/** A version-4 UUID derived from `id`: the same id always gives the same. */
export function uuidOf(id: string): string {
  const h = createHash('sha256').update(id).digest('hex');
  const variant = ((parseInt(h[16]!, 16) & 3) | 8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Kraken's ClosedOrders as ccxt's implicit API returns it: the orders by txid, and how many match in all. */
interface RawClosedOrders {
  privatePostClosedOrders(params: Record<string, string>): Promise<{ result?: { closed?: Record<string, { cl_ord_id?: string }>; count?: number | string } } | undefined>;
}

export class ExchangeOrders {
  constructor(
    private readonly exchange: Exchange,
    private readonly spec: LiveExchange | undefined = LIVE_EXCHANGES[exchange.id],
  ) {}

  /** The id the exchange knows conclave's order `ours` by. */
  idOf(ours: string): string {
    return this.spec?.idFormat === 'uuid' ? uuidOf(ours) : ours;
  }

  /** ccxt's parameters placing an order under `ours` at `now` (Binance's class also reads newClientOrderId). */
  placing(ours: string, now: number): Record<string, string> {
    const id = this.idOf(ours);
    const params: Record<string, string> = this.exchange.id.startsWith('binance') ? { clientOrderId: id, newClientOrderId: id } : { clientOrderId: id };
    // RFC3339 to the second, as Kraken's documentation writes it.
    if (this.spec?.deadlineMs) params['deadline'] = new Date(now + this.spec.deadlineMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
    return Object.assign(params, this.spec?.placeWith);
  }

  /** The order placed as `ours`; OrderNotFound when the exchange has none. */
  async lookUp(ours: string, symbol: string): Promise<Order> {
    const id = this.idOf(ours);
    if (this.spec?.lookUp !== 'open-then-closed') return this.exchange.fetchOrder(undefined as unknown as string, symbol, { clientOrderId: id });
    // The open ones first: an order that closes between the two reads is then among the closed ones (the other way
    // round it could be in neither, and be taken for never placed).
    const open = await this.exchange.fetchOpenOrders(symbol, undefined, undefined, { clientOrderId: id });
    const found = open.find((o) => o.clientOrderId === id) ?? (await this.closed(ours, symbol));
    if (found) return found;
    throw new OrderNotFound(`${this.exchange.id} has no order ${id} (${ours}) among its open or closed orders`);
  }

  /**
   * The closed order placed as `ours` (Kraken's ClosedOrders, asked for its cl_ord_id), or undefined when the answer
   * holds every closed order of that id and none is it. ClosedOrders answers 50 at a time, the most recent first, with
   * the `count` of all that match: read raw for it, since an answer short of its count (the filter not applied) cannot
   * tell "not found", which would have a filled order of an active account declared never placed.
   */
  async closed(ours: string, symbol: string): Promise<Order | undefined> {
    const id = this.idOf(ours);
    const answer = await (this.exchange as unknown as RawClosedOrders).privatePostClosedOrders({ cl_ord_id: id });
    const closed = answer?.result?.closed ?? {};
    const match = Object.entries(closed).find(([, o]) => o.cl_ord_id === id);
    if (match) return this.exchange.parseOrder(Object.assign({ id: match[0] }, match[1]), this.exchange.market(symbol));
    const listed = Object.keys(closed).length;
    const count = Number(answer?.result?.count ?? listed);
    if (count > listed) {
      throw new Error(`${this.exchange.id} answered ${listed} of ${count} closed orders, not only those of cl_ord_id ${id} (${ours}), and not it: whether it was placed cannot be told from them; check it on ${this.exchange.id}`);
    }
    return undefined;
  }

  /** The open order's client id as conclave knows it: ours where it is the id sent for one of `expected`. */
  oursOf(order: Order, expected: readonly string[]): string {
    const id = order.clientOrderId ?? String(order.id);
    return expected.find((ours) => this.idOf(ours) === id) ?? id;
  }

  /**
   * For a class that cannot look an order up by client id (ccxt's NotSupported or ArgumentsRequired): the order among
   * the open ones, or unknown. Not open is not "never placed": it may have filled, and null here had a filled buy
   * marked cancelled at a restart (its coins left without a stop, bought again at the next verdict).
   */
  async findOpen(ref: OrderRef, now: number, clean: (error: unknown) => string): Promise<OrderResult> {
    try {
      const open = await this.exchange.fetchOpenOrders(ref.symbol);
      const match = open.find((o: Order) => o.clientOrderId === this.idOf(ref.clientOrderId));
      if (match) return toOrderResult(match, ref.clientOrderId, now);
      return {
        status: 'unknown',
        fills: [],
        reason: `${this.exchange.id} (through ccxt) cannot look an order up by its client order id, and ${ref.clientOrderId} is not among the open orders of ${ref.symbol}: it may have filled or never been placed; check it on the exchange`,
      };
    } catch (error) {
      return { status: 'unknown', fills: [], reason: `look-up of ${ref.clientOrderId} failed: ${clean(error)}; try again later` };
    }
  }
}
