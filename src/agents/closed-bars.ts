import type { Bar } from '../market/market-port.js';

/**
 * The point-in-time rule for bars: a bar's `time` is its open, and it is visible only once it has closed, at
 * time + bar length <= now. Before that its high, low, close and volume are still being made: a bar open at now is
 * the future as much as a bar that opens later.
 * The bar length comes from where the bars come from (the replay file's bar size, the simulated market's barMs, the
 * exchange timeframe) through `MarketData.barMs` into `AgentContext.barMs`. When it is not given, it is inferred as
 * the median spacing of the bars at or before now (weekends and holidays do not move a median); with fewer than two
 * such bars nothing can be inferred and a bar counts as closed from its open time (the rule before bar lengths).
 */

/** Median positive spacing of `bars` opened at or before `now`, or 0 when under two such bars. */
export function inferBarLength(bars: readonly Readonly<Bar>[], now: number): number {
  const steps: number[] = [];
  let prev: number | undefined;
  for (const b of bars) {
    if (!(b.time <= now)) continue;
    if (prev !== undefined && b.time > prev) steps.push(b.time - prev);
    prev = b.time;
  }
  if (steps.length === 0) return 0;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)]!;
}

/** The bar length to apply: the given one when valid, else inferred (see above). */
export function barLength(bars: readonly Readonly<Bar>[], now: number, barMs: number | undefined): number {
  return barMs !== undefined && Number.isFinite(barMs) && barMs > 0 ? barMs : inferBarLength(bars, now);
}

/** The bars closed at `now`, in their order. */
export function closedBars<B extends Readonly<Bar>>(bars: readonly B[], now: number, barMs?: number): B[] {
  const length = barLength(bars, now, barMs);
  // Usually every bar is closed: one scan and one copy then, without a callback per bar.
  let closed = 0;
  while (closed < bars.length && bars[closed]!.time + length <= now) closed++;
  if (closed === bars.length) return bars.slice();
  return bars.filter((b) => b.time + length <= now);
}

/**
 * From the open of the n-th last bar closed at now (the earliest closed one when fewer) to the close of the last one;
 * 0 when n is 0 or no bar is closed. Market time, not the clock's: a daemon replaying 2005's bars in 2026 had windows
 * of 20 years. Counted in place, from the end: a copy of the closed bars per discussion was most of the scout's cost.
 */
export function barsSpan(bars: readonly Readonly<Bar>[], length: number, now: number, n: number): number {
  if (n <= 0) return 0;
  let seen = 0;
  let first: Readonly<Bar> | undefined;
  let last: Readonly<Bar> | undefined;
  for (let i = bars.length - 1; i >= 0 && seen < n; i--) {
    const b = bars[i]!;
    if (b.time + length <= now) {
      last ??= b;
      first = b;
      seen++;
    }
  }
  return first && last ? last.time + length - first.time : 0;
}
