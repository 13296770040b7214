import type { Bar } from '../../market/market-port.js';

/**
 * Bars carry their open time; a bar closes one bar length later. The report reads decisions (made at a bar's close)
 * and equity rows (at bar closes) against the bars that had closed by then.
 */
export function closeTime(bar: Bar, barMs: number): number {
  return bar.time + barMs;
}

/** Index of the last bar closed at or before `time`, or -1 when none had. Bars are oldest first. */
export function lastClosedIndex(bars: readonly Bar[], barMs: number, time: number): number {
  let lo = 0;
  let hi = bars.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bars[mid]!.time + barMs <= time) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}
