import type { Bar } from '../../market/market-port.js';

/**
 * Bars carry their open time; the report reads decisions (made at a bar's close) and equity rows (at bar closes)
 * against the bars that had closed by then. The rule is the backtest calendar's: a bar closes one bar length after it
 * opens, or when the next bar opens if that is sooner (an irregular file). Close times therefore strictly increase.
 */
export function closeTime(bars: readonly Bar[], i: number, barMs: number): number {
  const close = bars[i]!.time + barMs;
  const next = bars[i + 1];
  return next && next.time < close ? next.time : close;
}

/** Index of the last bar closed at or before `time`, or -1 when none had. Bars are oldest first. */
export function lastClosedIndex(bars: readonly Bar[], barMs: number, time: number): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (closeTime(bars, mid, barMs) <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
