/**
 * The paper broker, with the backtest's fill rules played on live prices. A market order is accepted at once and stays
 * in flight; it fills at the first price the market reports after the decision (next-price.ts): the open of the first
 * bar newer than the newest one the decision could see (`newestBar`, read when the order is placed) and opened after
 * the decision, or the close of the bar the decision fell inside; never at the price the decision saw, nor at one from
 * before it, with slippage (buys pay up, sells receive less) and a fee. Market time, not the clock, says what is later
 * (`marketNow`: a replay's bars are old), so a replay of old bars fills as a live market does. A stop or target that fired (`atPrice`: its level, or the price that gapped beyond it) fills at once at that
 * price. An order with no price within `fillTimeoutMs` is cancelled, with a log line saying so. Idempotent on the
 * client order id, so a submission repeated after a retry never fills twice.
 */
import type { Clock } from '../core/clock.js';
import { ConfigError, errorMessage } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { MarketData } from '../market/market-port.js';
import { firstPriceAfter, newestBarTime } from '../market/next-price.js';
import type { Broker } from './broker-port.js';
import type { OrderRef, OrderRequest, OrderResult } from '../domain/order.js';
import { simulatedFill, slipped } from './simulated-fill.js';
import { FundsTally, type AccountFunds } from './free-cash.js';
import { floorToStep } from './lot.js';
import { invalidOrderReason, reusedIdError } from './order-validation.js';
import { withChanges } from '../core/with-changes.js';
import { TurnBudget } from '../core/turn-budget.js';
import { isoTime } from '../core/iso-time.js';
import { RepeatedFailure } from '../core/repeated-failure.js';
import { PaperHalts, type HaltAnswer } from './paper-halt.js';

export interface PaperBrokerOptions {
  clock: Clock;
  /** Slippage in basis points: buys pay up, sells receive less. */
  slippageBps: number;
  /** Fee in basis points of the filled notional. */
  feeBps: number;
  /**
   * Open time of the newest bar of a symbol any part has read (the kernel's market tap); when it is unknown, the
   * newest bar at the first poll stands in (the order then fills at the bar after it).
   */
  newestBar?: (symbol: string) => number | undefined;
  /** The market's time for a symbol when it is not the clock's (a replay's, `MarketData.marketNow`). */
  marketNow?: (symbol: string) => number | undefined;
  /** An order that has seen no price after its decision for this long is cancelled. Default 5 days (DEFAULT_FILL_TIMEOUT_MS). */
  fillTimeoutMs?: number;
  /** With this probability an order fills only a fraction in [minFraction, 1), rounded down to `lotStep`; the rest is cancelled. */
  partialFill?: { probability: number; minFraction: number };
  /** The quantity step (lotStep): a partial fill, and a buy cut to the cash (free-cash.ts), are rounded down to it. */
  lotStep?: number;
  /** Uniform [0, 1) source; inject a seeded one for reproducible partial fills. */
  random?: () => number;
  /** How many answers to remember for idempotency (oldest forgotten first). Default 100 000. */
  maxRemembered?: number;
  logger?: Logger;
}

/** An order in flight: what was asked and when it was decided (its fill waits for a later price). */
export interface InFlightPaperOrder {
  request: OrderRequest;
  /** Clock time of the decision (the timeout counts from it). */
  decidedAt: number;
  /** Open time of the newest bar the decision could see: the order fills at a bar after it; null until known. */
  after?: number | null;
  /** Market time of the decision: the fill's price comes from after it (for an order a previous run left, see adopt). */
  marketAt?: number;
  /** An entry a previous run left: cancelled at the first poll when decided longer ago than this and than a bar. */
  staleAfterMs?: number;
  /** Clock time its wait for a price counts from when not the decision's: the end of a halt that held it (paper-halt.ts). */
  waitFrom?: number;
}

export interface PaperAnswer {
  clientOrderId: string;
  result: OrderResult;
}

/**
 * Exchanges' longest usual closures, from a daily bar's close to the next bar's open: four days over a long weekend
 * or Easter (Thursday's bar closes on Friday, Tuesday's opens four days later), five over a Christmas with the 24th
 * closed on a Monday (Friday's close to Thursday's open).
 */
export const DEFAULT_FILL_TIMEOUT_MS = 5 * 86_400_000;

/**
 * How long a market order waits for a price: `fillTimeoutMs` (paperFillTimeoutMs), or two of its symbol's bars when
 * they are longer (weekly or monthly bars: the next bar opens days after the decision). The paper broker and the
 * backtest's broker both wait this long.
 */
export function orderWaitMs(fillTimeoutMs: number, barMs: number | undefined): number {
  return barMs !== undefined && Number.isFinite(barMs) && barMs > 0 ? Math.max(fillTimeoutMs, 2 * barMs) : fillTimeoutMs;
}

/** Why an entry a previous run left is cancelled at its first poll (see adopt), or null; asked once per order. */
function staleAdopted(order: InFlightPaperOrder, now: number, barMs: number | undefined): string | null {
  const limit = order.staleAfterMs;
  if (limit === undefined) return null;
  delete order.staleAfterMs;
  const age = now - order.decidedAt;
  if (age <= Math.max(limit, barMs ?? 0)) return null;
  return `entry for ${order.request.symbol} decided at ${isoTime(order.decidedAt)}, before the restart, ${Math.round(age / 1000)} s ago: cancelled, its verdict is stale (an exchange would have filled it then, at a price now gone); the next bar is discussed afresh`;
}

/**
 * Whether an order decided at `decidedAt` has waited past `timeout` at `at`. A price or bar arriving the whole timeout
 * after the decision is within it (Easter's four days from Thursday's close, to the millisecond): both brokers judge so.
 */
export const waitedPast = (decidedAt: number, at: number, timeout: number): boolean => at - decidedAt > timeout;

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
  if (o.lotStep !== undefined && !(o.lotStep > 0 && Number.isFinite(o.lotStep))) throw bad('lotStep', o.lotStep, 'a quantity step above 0');
  const max = o.maxRemembered;
  if (max !== undefined && !(Number.isInteger(max) && max >= 1)) throw bad('maxRemembered', max, 'an integer of at least 1');
  const timeout = o.fillTimeoutMs;
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout >= 1)) throw bad('fillTimeoutMs', timeout, 'an integer number of milliseconds, at least 1');
}

export class PaperBroker implements Broker {
  readonly name = 'paper';
  /** Its orders in flight are answered by poll() at each position check. */
  readonly answersLater = true;
  private readonly answers = new Map<string, { request: OrderRequest; result: OrderResult }>();
  private readonly inFlight = new Map<string, InFlightPaperOrder>();
  private readonly random: () => number;
  private readonly maxRemembered: number;
  private readonly fillTimeoutMs: number;

  /** Bars unavailable for orders in flight: said once, then at most once a minute (a source down fails every check). */
  private readonly unavailable: RepeatedFailure | null;
  private readonly halts: PaperHalts;

  constructor(private readonly options: PaperBrokerOptions) {
    validateOptions(options);
    this.unavailable = options.logger ? new RepeatedFailure(options.logger, 'paper orders in flight: bars unavailable; tried again at the next check', { clock: options.clock }) : null;
    this.random = options.random ?? Math.random;
    this.maxRemembered = options.maxRemembered ?? 100_000;
    this.fillTimeoutMs = options.fillTimeoutMs ?? DEFAULT_FILL_TIMEOUT_MS;
    this.halts = new PaperHalts(options.clock, options.logger, options.marketNow);
  }

  async submit(order: OrderRequest): Promise<OrderResult> {
    const known = this.answers.get(order.clientOrderId);
    if (known) {
      const reused = reusedIdError(known.request, order);
      if (reused) throw reused;
      return copy(known.result);
    }
    const invalid = invalidOrderReason(order);
    let result: OrderResult;
    if (invalid) result = { status: 'rejected', fills: [], reason: invalid };
    else if (order.atPrice !== undefined) {
      result = Number.isFinite(order.atPrice) && order.atPrice > 0
        ? this.filled(order, this.fillQty(order.qty), order.atPrice, order.atTime ?? this.options.clock.now(), null)
        : { status: 'rejected', fills: [], reason: `no valid price for the ${order.symbol} stop or target (got ${order.atPrice})` };
    } else {
      const now = this.options.clock.now();
      const marketAt = this.options.marketNow?.(order.symbol) ?? now;
      this.inFlight.set(order.clientOrderId, { request: { ...order }, decidedAt: now, after: this.options.newestBar?.(order.symbol) ?? null, marketAt });
      result = { status: 'submitted', fills: [] };
    }
    this.remember(order.clientOrderId, order, result);
    return copy(result);
  }

  async fetchOrder(ref: OrderRef): Promise<OrderResult | null> {
    const known = this.answers.get(ref.clientOrderId);
    return known ? copy(known.result) : null;
  }

  /** Cancels an order still in flight; a filled one stays filled. */
  async cancelOrder(ref: OrderRef): Promise<OrderResult | null> {
    const known = this.answers.get(ref.clientOrderId);
    if (!known) return null;
    if (!this.inFlight.delete(ref.clientOrderId)) return copy(known.result);
    this.halts.forget(ref.clientOrderId);
    const cancelled: OrderResult = { status: 'cancelled', fills: [], reason: 'cancelled before a price arrived' };
    this.remember(ref.clientOrderId, known.request, cancelled);
    return copy(cancelled);
  }

  /** Orders in flight, oldest first. */
  pending(): InFlightPaperOrder[] {
    return [...this.inFlight.values()].map((o) => ({ request: { ...o.request }, decidedAt: o.decidedAt, after: o.after ?? null }));
  }

  /**
   * Takes back the orders a previous run left in flight (from the store, at start): each waits again for a price.
   * Which bar its decision saw is not stored, so it fills at the first bar after the newest one at the first poll
   * after the restart, and no earlier than its decision (a bar it fell inside gives its close; it filled at that bar's
   * open, the very price the decision saw): the decision's own time where market time is the clock's, the market's
   * time now in a replay (mapped anew at each start). An id it already knows is left alone. An entry decided
   * longer ago than `staleEntryMs` (and than a bar) is cancelled at the first poll instead: sent to an exchange, it
   * would have filled then, and its verdict is as stale as one the trader refuses to enter on (skipped-entry.ts).
   */
  adopt(orders: readonly Pick<InFlightPaperOrder, 'request' | 'decidedAt'>[], staleEntryMs?: number): number {
    let adopted = 0;
    for (const { request, decidedAt } of orders) {
      if (this.answers.has(request.clientOrderId)) continue;
      const stale = request.side === 'buy' && staleEntryMs !== undefined ? { staleAfterMs: staleEntryMs } : {};
      const marketAt = this.options.marketNow?.(request.symbol) ?? decidedAt;
      this.inFlight.set(request.clientOrderId, Object.assign({ request: { ...request }, decidedAt, after: null, marketAt }, stale));
      this.remember(request.clientOrderId, request, { status: 'submitted', fills: [] });
      adopted++;
    }
    return adopted;
  }

  /**
   * Fills the orders in flight whose symbol has reported a price since their decision, in the order they were
   * placed, and cancels those that waited past the timeout. Returns the answers for the trader to settle. A symbol
   * whose bars cannot be read is skipped this time (logged) and tried again at the next poll. With `funds` (the
   * account's cash), a buy fills for at most what the cash left by the poll's fills before it pays (free-cash.ts).
   */
  async poll(market: Pick<MarketData, 'bars' | 'barMs' | 'halted'>, signal?: AbortSignal, funds?: AccountFunds): Promise<PaperAnswer[]> {
    const tally = funds ? new FundsTally(funds) : null;
    const out: PaperAnswer[] = [];
    const failures: string[] = [];
    const budget = new TurnBudget(this.options.clock);
    for (const [id, order] of [...this.inFlight]) {
      await budget.spend();
      if (signal?.aborted) break;
      const { request, decidedAt } = order;
      const stale = staleAdopted(order, this.options.clock.now(), market.barMs?.(request.symbol));
      let next: Awaited<ReturnType<typeof firstPriceAfter>> = null;
      let halt: HaltAnswer = null;
      if (!stale) try {
        // Nothing fills while its market does not trade (paper-halt.ts).
        halt = await this.halts.check(id, order, market, signal);
        if (!halt && (order.after === null || order.after === undefined)) order.after = await newestBarTime(market, request.symbol, signal);
        else if (!halt) next = await firstPriceAfter(market, request.symbol, order.after!, order.marketAt ?? -Infinity, signal, request.side);
      } catch (error) {
        if (signal?.aborted) break;
        failures.push(`${request.symbol}: ${errorMessage(error)}`);
      }
      if (!this.inFlight.has(id)) continue; // cancelled while the bars were read
      let result: OrderResult | null = null;
      const timeout = orderWaitMs(this.fillTimeoutMs, market.barMs?.(request.symbol));
      if (halt === 'hold') continue;
      if (stale || halt) {
        const reason = stale ?? (halt as { cancel: string }).cancel;
        this.options.logger?.warn({ clientOrderId: id, symbol: request.symbol, decidedAt }, `paper order ${reason}`);
        result = { status: 'cancelled', fills: [], reason };
      } else if (next) {
        result = this.filled(request, this.fillQty(request.qty), slipped(request.side, next.price, this.options.slippageBps, next), next.time, tally);
      } else if (waitedPast(order.waitFrom ?? decidedAt, this.options.clock.now(), timeout)) {
        const rule = timeout > this.fillTimeoutMs ? 'two of its bars, longer than paperFillTimeoutMs' : 'paperFillTimeoutMs';
        const reason = `no price for ${request.symbol} after the decision at ${isoTime(decidedAt)} within ${timeout} ms (${rule}): cancelled; is its market data still coming?`;
        this.options.logger?.warn({ clientOrderId: id, symbol: request.symbol, decidedAt, waitedMs: this.options.clock.now() - decidedAt }, `paper order ${reason}`);
        result = { status: 'cancelled', fills: [], reason };
      }
      if (!result) continue;
      this.inFlight.delete(id);
      this.halts.forget(id);
      this.remember(id, request, result);
      out.push({ clientOrderId: id, result: copy(result) });
    }
    if (failures.length > 0) {
      this.unavailable?.record(failures.join('; '), { orders: failures.length });
    }
    return out;
  }

  /** A partial fill (simulated) takes a fraction, in whole lots; the rest is cancelled, as an immediate-or-cancel market order. */
  private fillQty(qty: number): number {
    const partial = this.options.partialFill;
    if (!partial || !(partial.probability > 0) || !(this.random() < partial.probability)) return qty;
    const part = qty * (partial.minFraction + (1 - partial.minFraction) * this.random());
    // 0.51 of 2 in lots of 0.1 filled 1.02, a size no exchange fills, and left a position off the lot to sell.
    return this.options.lotStep === undefined ? part : floorToStep(part, this.options.lotStep);
  }

  private remember(id: string, request: OrderRequest, result: OrderResult): void {
    this.answers.delete(id);
    this.answers.set(id, { request: { ...request }, result });
    if (this.answers.size > this.maxRemembered) {
      // Orders in flight are never forgotten: their answer is still to come.
      for (const oldest of this.answers.keys()) {
        if (this.inFlight.has(oldest)) continue;
        this.answers.delete(oldest);
        break;
      }
    }
  }

  private filled(order: OrderRequest, qty: number, price: number, time: number, tally: FundsTally | null): OrderResult {
    if (!(qty > 0)) return { status: 'cancelled', fills: [], reason: `the simulated partial fill (partialFillProbability) came to less than one lot (lotStep ${this.options.lotStep}) of the ${order.qty} ${order.symbol}: nothing filled, cancelled` };
    if (tally) return tally.fill(order, qty, price, time, this.options.feeBps, this.options.lotStep);
    return simulatedFill(order, qty, price, time, this.options.feeBps);
  }
}
