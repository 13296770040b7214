import type { Bar } from '../../market/market-port.js';

/**
 * Deterministic downsampling for the page's charts, so a run of 100k+ rows stays a page of a few hundred kilobytes
 * that draws at once. A line keeps, per bucket of consecutive points, its lowest and highest point in time order (the
 * envelope survives: a drawdown's trough is never smoothed away). Candles merge consecutive bars into one (first open,
 * highest high, lowest low, last close, first bar's time), as a coarser bar size would have printed them.
 */
export const MAX_LINE_POINTS = 4000;
export const MAX_CANDLES = 1000;

/** [time in seconds, value] */
export type LinePoint = [number, number];
/** [time in seconds, open, high, low, close] */
export type Candle = [number, number, number, number, number];

/**
 * The chart library refuses times that do not increase (it throws), and its times are whole seconds: a point whose
 * second is not after the previous one replaces it (sub-second rows keep their last value).
 */
function pushIncreasing<T extends [number, ...number[]]>(out: T[], item: T): void {
  const last = out[out.length - 1];
  if (last && item[0] <= last[0]) out[out.length - 1] = item;
  else out.push(item);
}

export function lineSeries(timesMs: readonly number[], values: readonly number[], maxPoints = MAX_LINE_POINTS): LinePoint[] {
  const n = Math.min(timesMs.length, values.length);
  const out: LinePoint[] = [];
  const add = (i: number): void => pushIncreasing(out, [Math.floor(timesMs[i]! / 1000), values[i]!]);
  if (n <= maxPoints) {
    for (let i = 0; i < n; i++) add(i);
    return out;
  }
  const size = Math.ceil(n / Math.floor(maxPoints / 2));
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      if (values[i]! < values[lo]!) lo = i;
      if (values[i]! > values[hi]!) hi = i;
    }
    add(Math.min(lo, hi));
    if (lo !== hi) add(Math.max(lo, hi));
  }
  return out;
}

/** Bars per candle for a symbol of `n` bars. */
export function candleSize(n: number, maxCandles = MAX_CANDLES): number {
  return n <= maxCandles ? 1 : Math.ceil(n / maxCandles);
}

export function candles(bars: readonly Bar[], size: number): Candle[] {
  const out: Candle[] = [];
  for (let start = 0; start < bars.length; start += size) {
    const first = bars[start]!;
    let high = first.high;
    let low = first.low;
    const end = Math.min(bars.length, start + size);
    for (let i = start + 1; i < end; i++) {
      if (bars[i]!.high > high) high = bars[i]!.high;
      if (bars[i]!.low < low) low = bars[i]!.low;
    }
    pushIncreasing(out, [Math.floor(first.time / 1000), first.open, high, low, bars[end - 1]!.close]);
  }
  return out;
}
