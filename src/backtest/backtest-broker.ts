import type { Broker } from '../trading/broker-port.js';
import type { OrderRef, OrderRequest, OrderResult } from '../domain/order.js';
import { simulatedFill, slipped } from '../trading/simulated-fill.js';
import { FundsTally, type AccountFunds } from '../trading/free-cash.js';
import { invalidOrderReason, reusedIdError } from '../trading/order-validation.js';
import { orderWaitMs, waitedPast } from '../trading/paper-broker.js';
import type { Bar } from '../market/market-port.js';
import { TradeWatch } from '../market/locked-bar.js';
import type { Logger } from '../core/logger.js';
import { isoTime } from '../core/iso-time.js';

export interface BacktestBrokerOptions {
  /** Buys pay up, sells receive less, in basis points. */
  slippageBps: number;
  /** Basis points of the filled notional. */
  feeBps: number;
  /** The quantity step (lotStep): a buy cut to the cash (free-cash.ts) is rounded down to it. */
  lotStep?: number;
  /** The run's clock: when an order was decided. */
  now?: () => number;
  /**
   * How long an order of the symbol may wait for its next bar: one whose next bar opens this long or longer after the
   * decision (a halt, a hole in the file) is cancelled (`expire`, or at that bar), as the paper broker cancels one that
   * saw no price for paperFillTimeoutMs, instead of filling at the reopening's price months later. None: no limit.
   */
  fillTimeoutMs?: (symbol: string) => number;
  /** Per symbol, its file's bar length as known so far: a day locked at a price limit (locked-bar.ts) is told by it. */
  barMs?: (symbol: string) => number | undefined;
  logger?: Logger;
}

/**
 * The backtest's broker. A market order is accepted at once and stays in flight; the driver fills it at the open of
 * the symbol's first bar opening at or after the decision (± slippage, within the bar's range, + fee) before that bar is revealed, so an order decided at a bar's close never
 * fills at that close, nor one decided while a bar is forming at that bar's open, and waiting for a daily bar never blocks a minute symbol. A stop or target that fired inside a
 * bar (`atPrice`: its level, or the gapping open; a stop's less its slippage) fills at once at that price, dated at the open of the bar being judged. Every fill is dated at the
 * open time of a bar of the order's symbol.
 */
export class BacktestBroker implements Broker {
  readonly name = 'backtest';
  /** Its orders in flight are answered by the driver at the symbol's next bar. */
  readonly answersLater = true;
  private readonly results = new Map<string, { request: OrderRequest; result: OrderResult }>();
  /** `locked`: bars that opened since the decision locked at a price limit against the order's side. */
  private readonly inFlight = new Map<string, { order: OrderRequest; decidedAt: number; locked: number }>();
  /** Per symbol, the bar being judged right now (set by the driver while it settles that bar's open). */
  // A symbol's entry stays once made (undefined between bars): a delete and a set per bar made V8 rebuild the map's table.
  private readonly current = new Map<string, Readonly<Bar> | undefined>();
  /** Per symbol, whether no sale could fill in the bar opened last (nobody traded in it, or it was locked at a limit down). */
  private readonly noSale = new Map<string, boolean>();
  /** Per symbol, what its bars block: a bar nobody traded in, a day locked at a price limit. */
  private readonly watches = new Map<string, TradeWatch>();

  /** Orders cancelled for waiting past their fill timeout. */
  expiredOrders = 0;

  constructor(private readonly options: BacktestBrokerOptions) {}

  async submit(order: OrderRequest): Promise<OrderResult> {
    const known = this.results.get(order.clientOrderId);
    if (known) {
      const reused = reusedIdError(known.request, order);
      if (reused) throw reused;
      return known.result;
    }
    const invalid = invalidOrderReason(order);
    let result: OrderResult;
    if (invalid) result = { status: 'rejected', fills: [], reason: invalid };
    else if (order.atPrice !== undefined) {
      const bar = this.current.get(order.symbol);
      result = bar
        ? this.filled(order, order.atPrice, bar.time, null)
        : { status: 'rejected', fills: [], reason: `a stop or target of ${order.symbol} can fill only while one of its bars is judged` };
    } else {
      this.inFlight.set(order.clientOrderId, { order, decidedAt: this.options.now?.() ?? -Infinity, locked: 0 });
      result = { status: 'submitted', fills: [] };
    }
    this.remember(order.clientOrderId, order, result);
    return result;
  }

  /** Recent answers, for idempotency (the store's unique client order id guards the rest): bounded. */
  private remember(id: string, request: OrderRequest, result: OrderResult): void {
    this.results.delete(id);
    this.results.set(id, { request, result });
    if (this.results.size > 10_000) this.results.delete(this.results.keys().next().value!);
  }

  async fetchOrder(ref: OrderRef): Promise<OrderResult | null> {
    return this.results.get(ref.clientOrderId)?.result ?? null;
  }

  /** Orders in flight, oldest first. */
  get pending(): number {
    return this.inFlight.size;
  }

  /**
   * A new bar of `symbol` opens: its orders in flight decided by its open fill at the open (± slippage), in the order
   * they were placed, unless the bar opens past their fill timeout (cancelled); one decided later waits for the next bar. The bar stays the one judged (for stops at their level)
   * until `closeBar`. A bar nobody traded in (filler-bars.ts: no range, no volume, after bars with volume) fills no
   * order: its price is the last trade's, carried over a closed market's hours, and the orders wait for the next bar
   * that traded (a weekend's orders filled at Friday's close, never at Monday's open). A day locked at a price limit
   * (locked-bar.ts) fills no order on its locked side: a buy at a limit up, a sell at a limit down waits for a later bar.
   * With `funds` (the account's cash), a buy fills for at most what the cash left by the fills before it pays (free-cash.ts).
   */
  openBar(symbol: string, bar: Readonly<Bar>, funds?: AccountFunds): { clientOrderId: string; result: OrderResult }[] {
    this.current.set(symbol, bar);
    // Made only when some order waits: most bars of a run fill nothing.
    const tally = funds && this.inFlight.size > 0 ? new FundsTally(funds) : null;
    const out: { clientOrderId: string; result: OrderResult }[] = [];
    const blocked = this.watchOf(symbol).blocked(bar, this.options.barMs?.(symbol));
    this.noSale.set(symbol, blocked === 'all' || blocked === 'sell');
    if (blocked === 'all') return out;
    for (const [id, entry] of this.inFlight) {
      const { order, decidedAt } = entry;
      // Decided after this bar opened (news on a daily file, decided at a minute file's step): its open is a price from
      // before the decision, so the order waits for the next bar. A BUY on news at 14:30 filled at that day's open.
      if (order.symbol !== symbol || bar.time < decidedAt) continue;
      const timeout = this.options.fillTimeoutMs?.(symbol);
      const late = timeout !== undefined && waitedPast(decidedAt, bar.time, timeout);
      if (order.side === blocked && !late) {
        entry.locked++;
        continue;
      }
      this.inFlight.delete(id);
      const result = late
        ? this.expired(order, decidedAt, bar.time, timeout!, entry.locked)
        : this.filled(order, slipped(order.side, bar.open, this.options.slippageBps, bar), bar.time, tally);
      this.remember(id, order, result);
      out.push({ clientOrderId: id, result });
    }
    return out;
  }

  /**
   * At `now`, cancels the orders that have waited their fill timeout with no bar of their symbol opening in it: its
   * next bar (`nextOpen`, undefined when its file has ended) opens later. Live, the paper broker cancels them then;
   * until now they counted as exposure in the risk gate till the reopening, or for ever after a file that ended.
   */
  expire(now: number, nextOpen: (symbol: string) => number | undefined): { clientOrderId: string; result: OrderResult }[] {
    const out: { clientOrderId: string; result: OrderResult }[] = [];
    if (this.inFlight.size === 0 || !this.options.fillTimeoutMs) return out;
    for (const [id, { order, decidedAt, locked }] of this.inFlight) {
      const timeout = this.options.fillTimeoutMs(order.symbol);
      if (!waitedPast(decidedAt, now, timeout)) continue;
      const next = nextOpen(order.symbol);
      if (next !== undefined && !waitedPast(decidedAt, next, timeout)) continue;
      this.inFlight.delete(id);
      const result = this.expired(order, decidedAt, now, timeout, locked);
      this.remember(id, order, result);
      out.push({ clientOrderId: id, result });
    }
    return out;
  }

  /**
   * The first `count` bars of `symbol`, its history before the run's span: seen by its watch, never traded in. Seen from
   * the span's first bar alone, a flat bar without volume there was taken for a traded one (an order filled at the
   * carried price of a minute nobody traded in, with --from in a quiet hour), and a locked first day had no close before.
   */
  seeHistory(symbol: string, bars: readonly Readonly<Bar>[], count: number): void {
    const watch = this.watchOf(symbol);
    for (let k = 0; k < count; k++) watch.blocked(bars[k]!, undefined);
  }

  private watchOf(symbol: string): TradeWatch {
    let watch = this.watches.get(symbol);
    if (!watch) this.watches.set(symbol, (watch = new TradeWatch()));
    return watch;
  }

  /** Whether no sale could fill in the bar of `symbol` opened last (nobody traded in it, or it was locked at a limit down): no stop may fire in it. */
  salesBlocked(symbol: string): boolean {
    return this.noSale.get(symbol) ?? false;
  }

  closeBar(symbol: string): void {
    this.current.set(symbol, undefined);
  }

  /** The end of the data: orders still in flight have no next bar to fill at and are cancelled. */
  cancelAll(reason: string): { clientOrderId: string; result: OrderResult }[] {
    const out = [...this.inFlight.keys()].map((id) => {
      const result: OrderResult = { status: 'cancelled', fills: [], reason };
      this.remember(id, this.inFlight.get(id)!.order, result);
      return { clientOrderId: id, result };
    });
    this.inFlight.clear();
    return out;
  }

  private expired(order: OrderRequest, decidedAt: number, at: number, timeout: number, locked: number): OrderResult {
    const none = locked > 0 ? `no bar of ${order.symbol} a ${order.side} could fill in (${locked} locked at a daily price limit against it)` : `no bar of ${order.symbol}`;
    const reason = `${none} after the decision at ${isoTime(decidedAt)} until ${isoTime(at)}, over the ${timeout} ms an order waits (paperFillTimeoutMs, at least 2 bars): cancelled, not filled`;
    this.options.logger?.warn({ clientOrderId: order.clientOrderId, symbol: order.symbol, decidedAt, at }, `backtest order ${reason}`);
    this.expiredOrders++;
    return { status: 'cancelled', fills: [], reason };
  }

  private filled(order: OrderRequest, price: number, time: number, tally: FundsTally | null): OrderResult {
    if (tally) return tally.fill(order, order.qty, price, time, this.options.feeBps, this.options.lotStep);
    return simulatedFill(order, order.qty, price, time, this.options.feeBps);
  }
}

/**
 * Per symbol, how long an order may wait for the next bar: paperFillTimeoutMs (5 days by default: a long weekend,
 * Easter or Christmas of daily bars), but never under 2 of the file's bars (as long as known when it waits: `barMs`),
 * so weekly and monthly files fill.
 */
export function fillTimeouts(barMs: (symbol: string) => number, paperFillTimeoutMs: number): (symbol: string) => number {
  return (symbol) => orderWaitMs(paperFillTimeoutMs, barMs(symbol));
}
