/**
 * The window indicators of a discussion's series read from its symbol's feature state (feature-state.ts): each value
 * computed once per bar and symbol, by the same arithmetic as window-indicators.ts, so every number is the one the
 * window would give. A series not built by barSeries (or whose bars cannot be placed) gets null: the caller then
 * computes from scratch.
 */
import type { BandsResult, StochasticResult } from 'trading-signals';
import type { BarSeries } from './bar-series.js';
import { featuresOf, type Field, type SymbolFeatures } from './feature-state.js';
import { windowMean } from './window-indicators.js';
import { entriesOf } from './shared-computation.js';

interface Origin {
  series: BarSeries;
  features: SymbolFeatures;
}

// Kept with the shared entries of the series and its columns (shared-computation.ts: they go with the discussion).
/** A series and each of its columns, to the series they belong to. */
const ORIGIN = '\u0000origin';
/** Where each series sits in its symbol's state, valid while the state's version is unchanged. */
const PLACEMENT = '\u0000placement';
type Placement = { features: SymbolFeatures; version: number; start: number };
const origins = {
  get: (input: object) => entriesOf(input).get(ORIGIN) as { origin: Origin; field: Field | null } | undefined,
  set: (input: object, value: { origin: Origin; field: Field | null }) => void entriesOf(input).set(ORIGIN, value),
};

/** Makes a series' columns (and the series itself) readable from its symbol's feature state. */
export function registerSeries(series: BarSeries, symbol: string, barMs: number | undefined): void {
  const origin: Origin = { series, features: featuresOf(symbol, barMs) };
  origins.set(series, { origin, field: null });
  origins.set(series.opens, { origin, field: 'open' });
  origins.set(series.highs, { origin, field: 'high' });
  origins.set(series.lows, { origin, field: 'low' });
  origins.set(series.closes, { origin, field: 'close' });
  origins.set(series.volumes, { origin, field: 'volume' });
}

function place(origin: Origin): { features: SymbolFeatures; start: number } | null {
  const features = origin.features;
  const known = entriesOf(origin.series).get(PLACEMENT) as Placement | undefined;
  if (known && known.features === features && known.version === features.version) return known;
  const start = features.sync(origin.series.bars);
  if (start < 0) return null;
  entriesOf(origin.series).set(PLACEMENT, { features, version: features.version, start });
  return { features, start };
}

/**
 * The window's column: the state's values over the window's bars, null over the window's own warm-up. One `slice` of
 * the state's column (a copy of references to values made once per bar, not a value made per bar and discussion).
 */
function windowColumn<T>(
  input: object,
  key: (field: Field | null) => string,
  warm: number,
  at: (f: SymbolFeatures, field: Field | null) => (i: number) => T | null,
  tail?: number,
): (T | null)[] | null {
  const placed = placedOf(input);
  if (!placed) return null;
  const { features, start, field, length } = placed;
  if (tail !== undefined) {
    // The last `tail` entries only, each value computed once per bar that some discussion reads.
    const from = Math.max(0, length - tail);
    const out = features.range(`tail:${key(field)}`, warm, start + from, start + length, at(features, field));
    for (let j = from; j < warm && j < length; j++) out[j - from] = null;
    return out;
  }
  const full = features.column(key(field), warm, at(features, field));
  const out = full.slice(start, start + length) as (T | null)[];
  for (let j = 0; j < warm && j < length; j++) out[j] = null;
  return out;
}

function placedOf(input: object): { features: SymbolFeatures; start: number; field: Field | null; length: number } | null {
  const entry = origins.get(input);
  if (!entry) return null;
  const placed = place(entry.origin);
  if (!placed) return null;
  return { features: placed.features, start: placed.start, field: entry.field, length: entry.origin.series.bars.length };
}

const finiteOrNull = (x: number): number | null => (Number.isFinite(x) ? x : null);

export function featureSma(values: readonly number[], n: number, tail?: number): (number | null)[] | null {
  return windowColumn<number>(values, (field) => `sma:${field}:${n}`, n - 1, (f, field) => (i) => (field ? finiteOrNull(windowMean(f.fields[field], i, n)) : null), tail);
}

export function featureBollinger(values: readonly number[], n: number, k: number, tail?: number): (BandsResult | null)[] | null {
  return windowColumn(values, (field) => `bollinger:${field}:${n}:${k}`, n - 1, (f, field) => (i) => {
    if (!field) return null;
    const v = f.fields[field];
    const middle = windowMean(v, i, n);
    let squares = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const d = v[j]! - middle;
      squares += d * d;
    }
    const sd = Math.sqrt(squares / n);
    const r = { lower: middle - sd * k, middle, upper: middle + sd * k };
    return Number.isFinite(r.lower) && Number.isFinite(r.middle) && Number.isFinite(r.upper) ? r : null;
  }, tail);
}

export function featureStochastic(series: BarSeries, kPeriod: number, kSlowingPeriod: number, dPeriod: number, tail?: number): (StochasticResult | null)[] | null {
  const placed = placedOf(series);
  if (!placed || placed.field !== null) return null;
  // The three stages as columns of their own (raw numbers, NaN kept, as the window's running lists keep them).
  const f = placed.features;
  const fastK = f.numbers(`fastK:${kPeriod}`, kPeriod - 1, (i) => {
    let highest = -Infinity;
    let lowest = Infinity;
    for (let j = i - kPeriod + 1; j <= i; j++) {
      highest = Math.max(highest, f.bars[j]!.high);
      lowest = Math.min(lowest, f.bars[j]!.low);
    }
    const divisor = highest - lowest;
    let k = (f.bars[i]!.close - lowest) * 100;
    k = k / (divisor === 0 ? 1 : divisor);
    return k;
  }) as number[];
  const stochK = f.numbers(`stochK:${kPeriod}:${kSlowingPeriod}`, kPeriod + kSlowingPeriod - 2, (i) => windowMean(fastK, i, kSlowingPeriod));
  return windowColumn(series, () => `stochastic:${kPeriod}:${kSlowingPeriod}:${dPeriod}`, kPeriod + kSlowingPeriod + dPeriod - 3, () => (i) => {
    const k = stochK[i]!;
    const d = windowMean(stochK, i, dPeriod);
    const r = { stochD: d, stochJ: 3 * k - 2 * d, stochK: k };
    return Number.isFinite(r.stochD) && Number.isFinite(r.stochJ) && Number.isFinite(r.stochK) ? r : null;
  }, tail);
}

export function featureCci(series: BarSeries, n: number, tail?: number): (number | null)[] | null {
  const placed = placedOf(series);
  if (!placed || placed.field !== null) return null;
  const f = placed.features;
  const typical = f.numbers('typical', 0, (i) => (f.bars[i]!.high + f.bars[i]!.low + f.bars[i]!.close) / 3);
  return windowColumn<number>(series, () => `cci:${n}`, n - 1, () => (i) => {
    const mean = windowMean(typical, i, n);
    let sum = 0;
    for (let j = i - n + 1; j <= i; j++) sum += Math.abs(typical[j]! - mean);
    return finiteOrNull((typical[i]! - mean) / (0.015 * (sum / n)));
  }, tail);
}

export function featureCmf(series: BarSeries, n: number, tail?: number): (number | null)[] | null {
  return windowColumn<number>(series, () => `cmf:${n}`, n - 1, (f, field) => (i) => {
    if (field !== null) return null;
    let flow = 0;
    let volume = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const c = f.bars[j]!;
      const range = c.high - c.low;
      const multiplier = range !== 0 ? (c.close - c.low - (c.high - c.close)) / range : 0;
      flow += multiplier * c.volume;
      volume += c.volume;
    }
    return finiteOrNull(volume === 0 ? 0 : flow / volume);
  }, tail);
}
