import type { Bar, MarketData } from './market-port.js';

export interface PricePoint {
  price: number;
  /** When the market traded at it (a bar's open time). */
  time: number;
  /** The range that bar traded in: a fill at its open with slippage stays inside it. */
  high: number;
  low: number;
}

/** Bars asked for first; an order older than these (after a restart) asks once for up to FAR bars. */
const NEAR = 10;
const FAR = 1_000;

const firstFrom = (bars: readonly Bar[], after: number): Bar | undefined => bars.find((b) => b.time > after && Number.isFinite(b.open) && b.open > 0);

/**
 * The first price the market reported after the bar that opened at `after` (the newest bar a decision saw): the open
 * of the next closed bar (the backtest's rule: an order decided at a bar's close fills at the next bar's open). Null
 * while no such bar has closed: the order waits. A price of that bar or before (what the decision saw) is never returned.
 */
export async function firstPriceAfter(market: Pick<MarketData, 'bars'>, symbol: string, after: number, signal?: AbortSignal): Promise<PricePoint | null> {
  let bars = await market.bars(symbol, NEAR, signal);
  // Every bar returned opened after the decision: an earlier one may lie before them (a long pause, a restart).
  if (bars.length === NEAR && bars[0]!.time > after) bars = await market.bars(symbol, FAR, signal);
  const bar = firstFrom(bars, after);
  return bar ? { price: bar.open, time: bar.time, high: bar.high, low: bar.low } : null;
}

/** Open time of the newest closed bar of `symbol`, or null when it has none yet. */
export async function newestBarTime(market: Pick<MarketData, 'bars'>, symbol: string, signal?: AbortSignal): Promise<number | null> {
  return (await market.bars(symbol, 1, signal)).at(-1)?.time ?? null;
}
