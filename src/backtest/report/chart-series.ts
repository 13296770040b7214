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

/**
 * Rows to keep of several series over the same times: all when they fit, else per bucket of consecutive rows each
 * series' lowest and highest row. The series then share their times (a cursor finds every value at every point).
 */
export function keptRows(series: readonly (readonly number[])[], maxPoints = MAX_LINE_POINTS): number[] {
  const n = series.length > 0 ? Math.min(...series.map((v) => v.length)) : 0;
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i);
  const perBucket = 2 * Math.max(1, series.length);
  const size = Math.ceil(n / Math.max(1, Math.floor(maxPoints / perBucket)));
  const out: number[] = [];
  const picked: number[] = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    picked.length = 0;
    for (const values of series) {
      let lo = start;
      let hi = start;
      for (let i = start + 1; i < end; i++) {
        if (values[i]! < values[lo]!) lo = i;
        if (values[i]! > values[hi]!) hi = i;
      }
      picked.push(lo, hi);
    }
    picked.sort((a, b) => a - b);
    for (let k = 0; k < picked.length; k++) if (k === 0 || picked[k] !== picked[k - 1]) out.push(picked[k]!);
  }
  return out;
}

export function linePoints(timesMs: readonly number[], values: readonly number[], rows: readonly number[]): LinePoint[] {
  const out: LinePoint[] = [];
  for (const i of rows) pushIncreasing(out, [Math.floor(timesMs[i]! / 1000), values[i]!]);
  return out;
}

export function lineSeries(timesMs: readonly number[], values: readonly number[], maxPoints = MAX_LINE_POINTS): LinePoint[] {
  return linePoints(timesMs, values, keptRows([values], maxPoints));
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
