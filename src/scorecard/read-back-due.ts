import type { Bar } from '../market/market-port.js';

/*
 * When a discussed bar that left the scan's window is read back (ForwardTracker.catchUp): bars are counted, time is
 * not, and a market closed at nights and weekends makes bars come slower than their length.
 */

/**
 * When `missing` more bars after the one opening at `last` may have closed: all but the last few at the pace the bars
 * came (`step`, closed hours and days included), those at the bar length, so the read comes a little early rather
 * than late, and the one after finds the rest.
 */
export function dueAfter(last: number, missing: number, step: number, barLength: number): number {
  const margin = Math.min(Math.max(1, missing), 5);
  return last + Math.max(0, missing - margin) * step + margin * Math.max(1, barLength);
}

/** The mean time from one bar of `series` to the next, from its bar `from` on (closed hours and days included), 0 for a single bar. */
export function pace(series: readonly Bar[], from = 0): number {
  const steps = series.length - 1 - from;
  return steps > 0 ? (series.at(-1)!.time - series[from]!.time) / steps : 0;
}

/** The bar length `series` shows where the market is open: its shortest time between bars, 0 for a single bar. */
export function shortestGap(series: readonly Bar[]): number {
  let gap = Infinity;
  for (let k = 1; k < series.length; k++) gap = Math.min(gap, series[k]!.time - series[k - 1]!.time);
  return Number.isFinite(gap) ? gap : 0;
}
