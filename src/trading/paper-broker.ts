/**
 * The paper broker: fills market orders at the current price plus slippage, charges a fee, and can fill only part
 * of an order. Idempotent on the client order id, so a submission repeated after a retry never fills twice.
 */
import type { Clock } from '../core/clock.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import type { Broker } from './broker-port.js';
import type { Fill, OrderRef, OrderRequest, OrderResult } from '../domain/order.js';
import { invalidOrderReason, reusedIdError } from './order-validation.js';
import { withChanges } from '../core/with-changes.js';

export interface PaperBrokerOptions {
  clock: Clock;
  /** The price an order fills at before slippage (the next observed price of the symbol). */
  priceOf: (symbol: string, signal?: AbortSignal) => Promise<number>;
  /** Slippage in basis points: buys pay up, sells receive less. */
  slippageBps: number;
  /** Fee in basis points of the filled notional. */
  feeBps: number;
  /** With this probability an order fills only a fraction in [minFraction, 1) and stays open. */
  partialFill?: { probability: number; minFraction: number };
  /** Uniform [0, 1) source; inject a seeded one for reproducible partial fills. */
  random?: () => number;
  /** How many orders to remember for idempotency (oldest forgotten first). Default 100 000. */
  maxRemembered?: number;
}

interface PaperOrder {
  request: OrderRequest;
  result: Promise<OrderResult>;
}

const copy = (r: OrderResult): OrderResult => withChanges(r, { fills: r.fills.map((f) => ({ ...f })) });

function validateOptions(o: PaperBrokerOptions): void {
  const bad = (key: string, value: unknown, allowed: string) =>
    new ConfigError(`paper.${key} = ${JSON.stringify(value)} is not allowed: expected ${allowed}`, `paper.${key}`);
  for (const key of ['slippageBps', 'feeBps'] as const) {
    const v = o[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v >= 10_000) throw bad(key, v, 'basis points from 0 to below 10000');
  }
  if (o.partialFill) {
    const { probability, minFraction } = o.partialFill;
    if (!(probability >= 0 && probability <= 1)) throw bad('partialFill.probability', probability, 'a probability from 0 to 1');
    if (!(minFraction > 0 && minFraction <= 1)) throw bad('partialFill.minFraction', minFraction, 'a fraction above 0 and at most 1');
  }
  const max = o.maxRemembered;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) throw bad('maxRemembered', max, 'an integer of at least 1');
}

export class PaperBroker implements Broker {
  readonly name = 'paper';
  private readonly orders = new Map<string, PaperOrder>();
  private readonly random: () => number;
  private readonly maxRemembered: number;

  constructor(private readonly options: PaperBrokerOptions) {
    validateOptions(options);
    this.random = options.random ?? Math.random;
    this.maxRemembered = options.maxRemembered ?? 100_000;
  }

  submit(order: OrderRequest, signal?: AbortSignal): Promise<OrderResult> {
    const known = this.orders.get(order.clientOrderId);
    if (known) {
      const reused = reusedIdError(known.request, order);
      if (reused) return Promise.reject(reused);
      return known.result.then(copy);
    }
    const result = this.execute(order, signal);
    const entry = { request: { ...order }, result };
    this.remember(order.clientOrderId, entry);
    // An aborted submission placed nothing: forget it so the same id can be sent again.
    result.catch(() => {
      if (this.orders.get(order.clientOrderId) === entry) this.orders.delete(order.clientOrderId);
    });
    return result.then(copy);
  }

  async fetchOrder(ref: OrderRef): Promise<OrderResult | null> {
    const known = this.orders.get(ref.clientOrderId);
    return known ? copy(await known.result) : null;
  }

  /** Paper orders never fill further after the first answer, so cancelling ends a partial fill with what it got. */
  async cancelOrder(ref: OrderRef): Promise<OrderResult | null> {
    const known = this.orders.get(ref.clientOrderId);
    if (!known) return null;
    const current = await known.result;
    if (current.status !== 'partially_filled' && current.status !== 'submitted') return copy(current);
    const cancelled: OrderResult = withChanges(current, { status: 'cancelled' as const, reason: 'cancelled: the rest of the order was not filled' });
    known.result = Promise.resolve(cancelled);
    return copy(cancelled);
  }

  private remember(id: string, entry: PaperOrder): void {
    this.orders.set(id, entry);
    if (this.orders.size > this.maxRemembered) {
      const oldest = this.orders.keys().next().value;
      if (oldest !== undefined) this.orders.delete(oldest);
    }
  }

  private async execute(order: OrderRequest, signal?: AbortSignal): Promise<OrderResult> {
    const invalid = invalidOrderReason(order);
    if (invalid) return { status: 'rejected', fills: [], reason: invalid };
    signal?.throwIfAborted();
    let mid: number;
    try {
      mid = await this.options.priceOf(order.symbol, signal);
    } catch (error) {
      if (signal?.aborted) throw error;
      return { status: 'rejected', fills: [], reason: `no price for ${order.symbol}: ${errorMessage(error)}` };
    }
    if (!(mid > 0) || !Number.isFinite(mid)) {
      return { status: 'rejected', fills: [], reason: `no valid price for ${order.symbol} (got ${mid})` };
    }
    const slip = this.options.slippageBps / 10_000;
    const price = order.side === 'buy' ? mid * (1 + slip) : mid * (1 - slip);
    let qty = order.qty;
    const partial = this.options.partialFill;
    if (partial && partial.probability > 0 && this.random() < partial.probability) {
      qty = order.qty * (partial.minFraction + (1 - partial.minFraction) * this.random());
    }
    const fill: Fill = {
      id: `${order.clientOrderId}:1`,
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      side: order.side,
      qty,
      price,
      fee: (qty * price * this.options.feeBps) / 10_000,
      time: this.options.clock.now(),
    };
    return { status: qty < order.qty ? 'partially_filled' : 'filled', fills: [fill] };
  }
}
