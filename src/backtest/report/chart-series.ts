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
  for (let start = 0; start < n; start += size) appendExtremes(series, start, Math.min(n, start + size), out);
  return out;
}

/** Each series' lowest and highest row within [start, end), sorted and each once, appended to `out`. */
function appendExtremes(series: readonly (readonly number[])[], start: number, end: number, out: number[]): void {
  const picked: number[] = [];
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

/** Per bucket of equal time, each series' lowest and highest row (sorted, once each), appended to `out`. */
function pickByTime(timesMs: readonly number[], series: readonly (readonly number[])[], n: number, buckets: number): number[] {
  const out: number[] = [];
  const t0 = timesMs[0]!;
  const span = timesMs[n - 1]! - t0;
  const bucketOf = (i: number) => (span > 0 ? Math.min(buckets - 1, Math.floor(((timesMs[i]! - t0) * buckets) / span)) : 0);
  let start = 0;
  while (start < n) {
    const k = bucketOf(start);
    let end = start + 1;
    while (end < n && bucketOf(end) === k) end++;
    appendExtremes(series, start, end, out);
    start = end;
  }
  return out;
}

/**
 * Rows to keep of several series over the same times, chosen per bucket of equal *time* (not of rows), as many
 * buckets as the budget allows. The chart library spaces points evenly whatever their times, so buckets of rows let
 * the densest file of a run take the axis: two months of minute bars took three quarters of a chart of 20 years of
 * daily ones. With buckets of time each stretch gets points in proportion to the time it covers (stretches without
 * rows, such as nights, get none).
 */
export function keptRowsByTime(timesMs: readonly number[], series: readonly (readonly number[])[], maxPoints = MAX_LINE_POINTS): number[] {
  const n = Math.min(timesMs.length, ...series.map((v) => v.length));
  if (n === 0) return [];
  const perBucket = 2 * Math.max(1, series.length);
  // Room for the first and last rows, always kept: the chart starts at the start and ends at the final values.
  const budget = Math.max(1, maxPoints - 2);
  let buckets = Math.max(1, Math.floor(budget / perBucket));
  let rows = pickByTime(timesMs, series, n, buckets);
  // Finer buckets while they fit: empty buckets (nights, weekends, a gap between files) cost nothing.
  while (buckets < n) {
    const finer = pickByTime(timesMs, series, n, buckets * 2);
    if (finer.length > budget) break;
    rows = finer;
    buckets *= 2;
  }
  if (rows[0] !== 0) rows.unshift(0);
  if (rows[rows.length - 1] !== n - 1) rows.push(n - 1);
  return rows;
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
