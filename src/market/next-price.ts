import type { Bar, MarketData } from './market-port.js';
import { windowBlocks } from './locked-bar.js';
import type { Side } from '../domain/order.js';

export interface PricePoint {
  price: number;
  /** When the market traded at it (a bar's open time; its close time for a fill at its close). */
  time: number;
  /** The range that bar traded in: a fill at its open with slippage stays inside it. */
  high: number;
  low: number;
}

/** Bars asked for first; an order older than these (after a restart) asks once for up to FAR_BARS bars. */
const NEAR = 10;
export const FAR_BARS = 1_000;

/**
 * The first price a bar shows after `decidedAt`, among the bars that opened after `after`: the open of a bar that
 * opened at or after the decision (in a backtest the decision is at a bar's close: the next bar's open), or within 1 %
 * of a bar before it (a daily bar that opened a minute before); else, for a bar the decision fell inside, its close
 * (its open came before the decision: a daemon deciding mid-bar filled at an earlier price, in a momentum entry's
 * favour). A bar that had closed before the decision (a stale `after`) is passed over, and so is a bar nobody traded in,
 * or a day locked at a price limit against the order's `side` (locked-bar.ts: a buy at a limit up, a sell at a limit down).
 */
function firstFrom(bars: readonly Bar[], after: number, decidedAt: number, barMs: number | undefined, side?: Side): PricePoint | null {
  const blocks = windowBlocks(bars, barMs);
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    // A bar nobody traded in (flat, no volume, after bars with volume: an exchange's candle of a minute without trades)
    // shows the last trade's price, not one an order could have met: the order waits for a bar that traded.
    if (b.time <= after || blocks[i] === 'all' || (side !== undefined && blocks[i] === side)) continue;
    if (b.time >= decidedAt - (barMs ?? 0) / 100) {
      if (b.open > 0 && Number.isFinite(b.open)) return { price: b.open, time: b.time, high: b.high, low: b.low };
      continue;
    }
    const next = bars[i + 1];
    const closesAt = barMs !== undefined ? (next && next.time < b.time + barMs ? next.time : b.time + barMs) : next?.time;
    if (closesAt === undefined) return null; // when it closed is not known yet: the next bar tells
    if (closesAt >= decidedAt && b.close > 0 && Number.isFinite(b.close)) return { price: b.close, time: closesAt, high: b.high, low: b.low };
  }
  return null;
}

/**
 * The first price the market reported after a decision at `decidedAt` (market time) whose newest bar opened at
 * `after` (firstFrom). Null while there is none: the order waits. A price of that bar or before (what the decision
 * saw), or from before the decision, is never returned.
 */
export async function firstPriceAfter(market: Pick<MarketData, 'bars' | 'barMs'>, symbol: string, after: number, decidedAt: number, signal?: AbortSignal, side?: Side): Promise<PricePoint | null> {
  let bars = await market.bars(symbol, NEAR, signal);
  // Every bar returned opened after the decision: an earlier one may lie before them (a long pause, a restart).
  if (bars.length === NEAR && bars[0]!.time > after) bars = await market.bars(symbol, FAR_BARS, signal);
  return firstFrom(bars, after, decidedAt, market.barMs?.(symbol), side);
}

/** Open time of the newest closed bar of `symbol`, or null when it has none yet. */
export async function newestBarTime(market: Pick<MarketData, 'bars'>, symbol: string, signal?: AbortSignal): Promise<number | null> {
  return (await market.bars(symbol, 1, signal)).at(-1)?.time ?? null;
}
