/**
 * Thin wrappers running trading-signals indicators over whole columns. Each returns one entry per input, null until
 * the indicator is stable, so callers index by bar and never see a warm-up value.
 */
import { ADX, ATR, BollingerBands, CCI, CMF, EMA, MACD, RSI, SMA, StochasticOscillator } from 'trading-signals';
import type { BandsResult, MACDResult, StochasticResult } from 'trading-signals';
import type { BarSeries } from './bar-series.js';
import { shared, sharedComputation } from './shared-computation.js';
import { bollingerColumn, cciColumn, smaColumn, stochasticColumn } from './window-indicators.js';
import { featureBollinger, featureCci, featureCmf, featureSma, featureStochastic } from './feature-columns.js';
import { adxColumn, atrColumn, cmfColumn, emaColumn, macdColumn, rsiColumn } from './recursive-indicators.js';
import { adxLatest, atrLatest, macdLatest } from './latest-indicators.js';
import { last, sliceOf } from './stats.js';

type Stepper<I, R> = { add(input: I): R | null; readonly isStable: boolean };

/** A result with any non-finite number in it (CCI on a flat window divides by zero) is no result. */
const finite = (r: unknown): boolean =>
  typeof r === 'number' ? Number.isFinite(r) : Object.values(r as object).every((v) => typeof v !== 'number' || Number.isFinite(v));

function run<I, R>(indicator: Stepper<I, R>, inputs: readonly I[]): (R | null)[] {
  return inputs.map((input) => {
    const r = indicator.add(input);
    return indicator.isStable && r !== null && finite(r) ? r : null;
  });
}

// Every series below is computed once per input and shared by the discussion's agents (see shared-computation.ts).
const hlc = (s: BarSeries) => shared(s, 'hlc', () => s.bars.map((b) => ({ high: b.high, low: b.low, close: b.close })));

export const sma = (values: readonly number[], n: number) => shared(values, `sma:${n}`, () => (sharedComputation() ? (featureSma(values, n) ?? smaColumn(values, n)) : run(new SMA(n), values)));
export const ema = (values: readonly number[], n: number) => shared(values, `ema:${n}`, () => (sharedComputation() ? emaColumn(values, n) : run(new EMA(n), values)));
export const macd = (values: readonly number[], fast = 12, slow = 26, signal = 9): (MACDResult | null)[] =>
  shared(values, `macd:${fast}:${slow}:${signal}`, () =>
    sharedComputation() ? macdColumn(values, fast, slow, signal) : run(new MACD(new EMA(fast), new EMA(slow), new EMA(signal)), values),
  );
export const bollinger = (values: readonly number[], n = 20, k = 2): (BandsResult | null)[] =>
  shared(values, `bollinger:${n}:${k}`, () => (sharedComputation() ? (featureBollinger(values, n, k) ?? bollingerColumn(values, n, k)) : run(new BollingerBands(n, k), values)));

export const atr = (s: BarSeries, n = 14) => shared(s, `atr:${n}`, () => (sharedComputation() ? atrColumn(s.bars, n) : run(new ATR(n), hlc(s))));
export const adx = (s: BarSeries, n = 14): ({ adx: number; pdi: number; mdi: number } | null)[] =>
  shared(s, `adx:${n}`, () => (sharedComputation() ? adxColumn(s.bars, n) : adxOf(s, n)));
const adxOf = (s: BarSeries, n: number): ({ adx: number; pdi: number; mdi: number } | null)[] => {
  const indicator = new ADX(n);
  return hlc(s).map((c) => {
    const r = indicator.add(c);
    const pdi = indicator.pdi;
    const mdi = indicator.mdi;
    return indicator.isStable && r !== null && typeof pdi === 'number' && typeof mdi === 'number' ? { adx: r, pdi, mdi } : null;
  });
};
// The latest entry alone, where an agent reads no more of the column (see latest-indicators.ts); from scratch, the
// library's column and its last entry, as before.
export const latestMacd = (values: readonly number[], fast = 12, slow = 26, signal = 9): MACDResult | null =>
  shared(values, `latestMacd:${fast}:${slow}:${signal}`, () => (sharedComputation() ? macdLatest(values, fast, slow, signal) : (last(macd(values, fast, slow, signal)) ?? null)));
export const latestAtr = (s: BarSeries, n = 14): number | null => shared(s, `latestAtr:${n}`, () => (sharedComputation() ? atrLatest(s.bars, n) : (last(atr(s, n)) ?? null)));
export const latestAdx = (s: BarSeries, n = 14): { adx: number; pdi: number; mdi: number } | null =>
  shared(s, `latestAdx:${n}`, () => (sharedComputation() ? adxLatest(s.bars, n) : (last(adx(s, n)) ?? null)));
export const stochastic = (s: BarSeries, kPeriod = 14, kSlowingPeriod = 3, dPeriod = 3): (StochasticResult | null)[] =>
  shared(s, `stochastic:${kPeriod}:${kSlowingPeriod}:${dPeriod}`, () =>
    sharedComputation() ? (featureStochastic(s, kPeriod, kSlowingPeriod, dPeriod) ?? stochasticColumn(s.bars, kPeriod, kSlowingPeriod, dPeriod)) : run(new StochasticOscillator({ kPeriod, kSlowingPeriod, dPeriod }), hlc(s)),
  );
export const cci = (s: BarSeries, n = 20) => shared(s, `cci:${n}`, () => (sharedComputation() ? (featureCci(s, n) ?? cciColumn(s.bars, n)) : run(new CCI(n), hlc(s))));
export const cmf = (s: BarSeries, n = 20) =>
  shared(s, `cmf:${n}`, () =>
    sharedComputation() ? (featureCmf(s, n) ?? cmfColumn(s.bars, n)) : run(new CMF(n), s.bars.map((b) => ({ high: b.high, low: b.low, close: b.close, volume: b.volume }))),
  );

/**
 * The last `count` entries of a window column (fewer when the window is shorter), for agents that read no more of it:
 * with sharing, each value is computed once per bar some discussion reads, not at every bar of the window; the numbers
 * are the full column's, bit for bit.
 */
const tailOf = <T>(input: object, key: string, count: number, fromState: () => (T | null)[] | null, full: () => readonly (T | null)[]): (T | null)[] =>
  shared(input, `${key}:tail${count}`, () => (sharedComputation() ? fromState() : null) ?? sliceOf(full(), -count));

export const smaTail = (values: readonly number[], n: number, count: number) =>
  tailOf(values, `sma:${n}`, count, () => featureSma(values, n, count), () => sma(values, n));
export const bollingerTail = (values: readonly number[], n: number, k: number, count: number) =>
  tailOf(values, `bollinger:${n}:${k}`, count, () => featureBollinger(values, n, k, count), () => bollinger(values, n, k));
export const stochasticTail = (s: BarSeries, kPeriod: number, kSlowingPeriod: number, dPeriod: number, count: number) =>
  tailOf(s, `stochastic:${kPeriod}:${kSlowingPeriod}:${dPeriod}`, count, () => featureStochastic(s, kPeriod, kSlowingPeriod, dPeriod, count), () => stochastic(s, kPeriod, kSlowingPeriod, dPeriod));
export const cciTail = (s: BarSeries, n: number, count: number) => tailOf(s, `cci:${n}`, count, () => featureCci(s, n, count), () => cci(s, n));
export const cmfTail = (s: BarSeries, n: number, count: number) => tailOf(s, `cmf:${n}`, count, () => featureCmf(s, n, count), () => cmf(s, n));

/**
 * RSI with the flat-market case fixed: trading-signals reports 100 when there were no losses, including when there
 * were no gains either; a window without any movement is neutral (50), not overbought.
 */
export function rsi(values: readonly number[], n = 14): (number | null)[] {
  return shared(values, `rsi:${n}`, () => rsiOf(values, n));
}

function rsiOf(values: readonly number[], n: number): (number | null)[] {
  const raw = sharedComputation() ? rsiColumn(values, n) : run(new RSI(n), values);
  return raw.map((r, i) => {
    if (r === null || i < n) return r;
    for (let j = i - n + 1; j <= i; j++) if (values[j] !== values[j - 1]) return r;
    return 50;
  });
}

/** Highest and lowest of values[from, to). */
export function extremes(values: readonly number[], from: number, to: number): { high: number; low: number } {
  let high = -Infinity;
  let low = Infinity;
  for (let i = Math.max(0, from); i < Math.min(values.length, to); i++) {
    high = Math.max(high, values[i]!);
    low = Math.min(low, values[i]!);
  }
  return { high, low };
}
