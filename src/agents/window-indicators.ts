/**
 * Window indicators as trading-signals computes them, value for value: each window summed afresh, oldest first, in
 * the library's order of operations, so every number is bit for bit the library's (a test holds them equal on real
 * bars). What they leave out is the library's per-update array shifting, spread arguments and signal bookkeeping,
 * which made SMA, Bollinger bands, the stochastic and CCI most of the agents' indicator time.
 */
import type { BandsResult, StochasticResult } from 'trading-signals';
import type { Bar } from '../market/market-port.js';

export function windowMean(values: readonly number[], end: number, n: number): number {
  let sum = 0;
  for (let j = end - n + 1; j <= end; j++) sum += values[j]!;
  return sum / n;
}

export function smaColumn(values: readonly number[], n: number): (number | null)[] {
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const mean = i >= n - 1 ? windowMean(values, i, n) : NaN;
    out[i] = Number.isFinite(mean) ? mean : null;
  }
  return out;
}

export function bollingerColumn(values: readonly number[], n: number, k: number): (BandsResult | null)[] {
  const out = new Array<BandsResult | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    if (i < n - 1) {
      out[i] = null;
      continue;
    }
    const middle = windowMean(values, i, n);
    // The library recomputes the mean when it is 0 (the same 0): nothing to mirror.
    let squares = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const d = values[j]! - middle;
      squares += d * d;
    }
    const sd = Math.sqrt(squares / n);
    const r = { lower: middle - sd * k, middle, upper: middle + sd * k };
    out[i] = Number.isFinite(r.lower) && Number.isFinite(r.middle) && Number.isFinite(r.upper) ? r : null;
  }
  return out;
}

/** Stochastic oscillator (%K over kPeriod, slowed by an SMA of kSlowingPeriod, %D an SMA of dPeriod of it). */
export function stochasticColumn(bars: readonly Readonly<Bar>[], kPeriod: number, kSlowingPeriod: number, dPeriod: number): (StochasticResult | null)[] {
  const out = new Array<StochasticResult | null>(bars.length).fill(null);
  const fastKs: number[] = [];
  const stochKs: number[] = [];
  for (let i = kPeriod - 1; i < bars.length; i++) {
    let highest = -Infinity;
    let lowest = Infinity;
    for (let j = i - kPeriod + 1; j <= i; j++) {
      highest = Math.max(highest, bars[j]!.high);
      lowest = Math.min(lowest, bars[j]!.low);
    }
    const divisor = highest - lowest;
    let fastK = (bars[i]!.close - lowest) * 100;
    fastK = fastK / (divisor === 0 ? 1 : divisor);
    fastKs.push(fastK);
    if (fastKs.length < kSlowingPeriod) continue;
    const stochK = windowMean(fastKs, fastKs.length - 1, kSlowingPeriod);
    stochKs.push(stochK);
    if (stochKs.length < dPeriod) continue;
    const stochD = windowMean(stochKs, stochKs.length - 1, dPeriod);
    const r = { stochD, stochJ: 3 * stochK - 2 * stochD, stochK };
    out[i] = Number.isFinite(r.stochD) && Number.isFinite(r.stochJ) && Number.isFinite(r.stochK) ? r : null;
  }
  return out;
}

/** Commodity channel index: typical price against its SMA, over 0.015 times its mean absolute deviation. */
export function cciColumn(bars: readonly Readonly<Bar>[], n: number): (number | null)[] {
  const typical = bars.map((b) => (b.high + b.low + b.close) / 3);
  const out = new Array<number | null>(bars.length).fill(null);
  for (let i = n - 1; i < bars.length; i++) {
    const mean = windowMean(typical, i, n);
    let sum = 0;
    for (let j = i - n + 1; j <= i; j++) sum += Math.abs(typical[j]! - mean);
    const cci = (typical[i]! - mean) / (0.015 * (sum / n));
    out[i] = Number.isFinite(cci) ? cci : null;
  }
  return out;
}
