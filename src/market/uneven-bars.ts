import type { RawBar } from './bar-validator.js';

/**
 * Bars closed by activity rather than by the clock: tick, volume or dollar bars (mlfinlab's `date_time,open,high,low,
 * close,cum_vol,cum_dollar,cum_ticks`), each ending after a count of trades, shares or money and stamped at its last
 * trade, to the millisecond. Read as time bars they were "OK", 4.8-minute bars (the median step) with 592 gaps, each
 * bar's time taken for its open: a backtest would see every bar before it closed. Time bars open on whole seconds, and
 * a feed that stamps them when received jitters around one length; these do neither.
 */

const SAMPLE = 200;

const at = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

/** Why `rows` (in time order) are no time bars, or undefined. */
export function unevenBarsMessage(file: string, rows: readonly RawBar[]): string | undefined {
  const sample = rows.slice(0, SAMPLE);
  if (sample.length < 20) return undefined;
  const bricks = oneRangeMessage(file, sample);
  if (bricks) return bricks;
  const offSecond = sample.filter((r) => r.time % 1000 !== 0).length;
  if (offSecond < sample.length * 0.8) return undefined;
  const steps = sample.slice(1).map((r, i) => r.time - sample[i]!.time).filter((d) => d > 0).sort((a, b) => a - b);
  const seconds = new Set(steps.map((d) => Math.round(d / 1000)));
  if (steps.length < 10 || seconds.size < steps.length / 2 || at(steps, 0.9) < 4 * at(steps, 0.1)) return undefined;
  const iso = (t: number) => new Date(t).toISOString();
  return `OHLCV file ${file} holds bars of uneven length, not time bars: ${offSecond} of its first ${sample.length} rows are timed to the millisecond (${iso(sample[0]!.time)}, ${iso(sample[1]!.time)}, ...) and the steps between rows run from ${Math.round(at(steps, 0.1) / 1000)} s to ${Math.round(at(steps, 0.9) / 1000)} s, as tick, volume or dollar bars are (each closed after a count of trades, shares or money and stamped at its last trade); here each bar covers a fixed length of time from its time on: make time bars of the trades behind them (pandas: resample the price by .ohlc() over the bar length you want), or download time bars`;
}

/**
 * Renko bricks (stocktrends' `,date,open,high,low,close,uptrend`): each brick one size from low to high, without a
 * wick (it opens and closes at its ends), several in one source bar. Read as time bars they were "OK", 5-minute bars
 * with 38 gaps, a brick's open (a level the price crossed, not a trade) taken for a price traded at that time. Time
 * bars never keep one range and no wick for 95 % of 20 rows over five price levels; range bars, which have wicks, and
 * made-up bars of one range are left as they are.
 */
function oneRangeMessage(file: string, sample: readonly RawBar[]): string | undefined {
  const counts = new Map<string, number>();
  for (const r of sample) {
    const wickless = Math.min(r.open, r.close) === r.low && Math.max(r.open, r.close) === r.high;
    if (wickless && r.high > r.low) counts.set((r.high - r.low).toPrecision(6), (counts.get((r.high - r.low).toPrecision(6)) ?? 0) + 1);
  }
  const [size, n] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  if (n < sample.length * 0.95 || new Set(sample.map((r) => r.low)).size < 5) return undefined;
  return `OHLCV file ${file} holds Renko bricks, bars cut by price, not by time: ${n} of its first ${sample.length} rows span the same range, ${Number(size)}, from low to high, without a wick (each opens and closes at its ends, its open a level the price crossed, not a trade at that time); here each bar covers a fixed length of time from its time on: use time bars (the source's daily or intraday bars), not a chart's bricks`;
}
