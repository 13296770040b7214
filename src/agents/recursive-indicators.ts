/**
 * The recursive indicators (EMA, MACD, Wilder's RSI, ATR, ADX) and CMF as trading-signals computes them, bit for bit
 * (the same operations in the same order; a test holds them equal at every bar of the shared ORCL file; ADX over a
 * stretch with no range is 0 where the library's is NaN), as small
 * incremental steppers: one `step` per closed bar, O(1) each, no arrays shifted, no objects made per bar, no signal
 * bookkeeping. The library's per-update overhead was most of the agents' indicator time.
 *
 * A stepper carries its state from one bar to the next, so a caller that keeps one per symbol advances it once per
 * closed bar. The agents, though, read a window of the last bars (`contextBars`) and an exponential indicator depends
 * on where its window starts: the columns below run a fresh stepper over the window, so the agents' answers stay
 * exactly what they were (and what the from-scratch baseline gives). That is ~250 O(1) steps per indicator and
 * discussion, a few microseconds.
 */
import type { BandsResult, MACDResult } from 'trading-signals';
import type { Bar } from '../market/market-port.js';

/** trading-signals' WSMA (Wilder's smoothing): the plain mean of the first n inputs, then prev + (x - prev) / n. */
export class WilderStep {
  private readonly factor: number;
  private readonly first: number[] = [];
  private count = 0;
  // A number field from the start (with a flag for "not yet"), so V8 keeps it unboxed: no heap number per step.
  private current = 0;
  ready = false;

  constructor(private readonly n: number) {
    this.factor = 1 / n;
  }

  get value(): number | undefined {
    return this.ready ? this.current : undefined;
  }

  step(x: number): number | undefined {
    if (this.ready) return (this.current = (x - this.current) * this.factor + this.current);
    // The library's SMA keeps the last n inputs and sums them oldest first, from 0.
    this.first.push(x);
    this.count++;
    if (this.count < this.n) return undefined;
    let sum = 0;
    for (const v of this.first) sum += v;
    this.first.length = 0;
    this.ready = true;
    return (this.current = sum / this.n);
  }
}

/** trading-signals' EMA: k = 2 / (n + 1), seeded with the first input, stable from the n-th. */
export class EmaStep {
  private readonly k: number;
  private count = 0;
  private current = 0;

  constructor(private readonly n: number) {
    this.k = 2 / (n + 1);
  }

  get value(): number | undefined {
    return this.count > 0 ? this.current : undefined;
  }

  /** The new value (also while not yet stable, as the library's MACD reads it). */
  step(x: number): number {
    const previous = this.count > 0 ? this.current : x;
    this.count++;
    return (this.current = x * this.k + previous * (1 - this.k));
  }

  get stable(): boolean {
    return this.count >= this.n;
  }
}

/** trading-signals' RSI over Wilder's smoothing of gains and losses (100 when there was no loss). */
export class RsiStep {
  private readonly gain: WilderStep;
  private readonly loss: WilderStep;
  private previous = 0;
  private started = false;

  constructor(n: number) {
    this.gain = new WilderStep(n);
    this.loss = new WilderStep(n);
  }

  step(price: number): number | null {
    const previous = this.previous;
    const first = !this.started;
    this.previous = price;
    this.started = true;
    if (first) return null;
    if (price > previous) {
      this.loss.step(0);
      this.gain.step(price - previous);
    } else {
      this.loss.step(previous - price);
      this.gain.step(0);
    }
    if (!this.gain.ready || !this.loss.ready) return null;
    const gain = this.gain.value!;
    const loss = this.loss.value!;
    if (loss === 0) return 100;
    return 100 - 100 / (gain / loss + 1);
  }
}

/** True range (the high-low range widened to the previous close), then Wilder's smoothing: trading-signals' ATR. */
export class AtrStep {
  private readonly smoothing: WilderStep;
  private previousClose = 0;
  private started = false;

  constructor(n: number) {
    this.smoothing = new WilderStep(n);
  }

  step(high: number, low: number, close: number): number | null {
    const highLow = high - low;
    const pc = this.previousClose;
    const tr = !this.started ? highLow : Math.max(highLow, Math.abs(high - pc), Math.abs(low - pc));
    this.previousClose = close;
    this.started = true;
    return this.smoothing.step(tr) ?? null;
  }
}

/** trading-signals' ADX with its +DI and -DI (as fractions, as the library gives them). */
export class AdxStep {
  private readonly atr: AtrStep;
  private readonly up: WilderStep;
  private readonly down: WilderStep;
  private readonly smoothed: WilderStep;
  // Two numbers, not an object per bar (a discussion steps this ~250 times).
  private previousHigh = NaN;
  private previousLow = NaN;
  private started = false;
  /** +DI and -DI of the latest bar (NaN before the first result). */
  pdi = NaN;
  mdi = NaN;

  constructor(n: number) {
    this.atr = new AtrStep(n);
    this.up = new WilderStep(n);
    this.down = new WilderStep(n);
    this.smoothed = new WilderStep(n);
  }

  step(high: number, low: number, close: number): number | null {
    const first = !this.started;
    let pdm = 0;
    let mdm = 0;
    if (!first) {
      const higherHigh = high - this.previousHigh;
      const lowerLow = this.previousLow - low;
      pdm = higherHigh < 0 || higherHigh < lowerLow ? 0 : higherHigh;
      mdm = lowerLow < 0 || lowerLow < higherHigh ? 0 : lowerLow;
    }
    const atr = this.atr.step(high, low, close);
    this.up.step(pdm);
    this.down.step(mdm);
    this.started = true;
    this.previousHigh = high;
    this.previousLow = low;
    if (first || !this.up.ready || !this.down.ready || atr === null) return null;
    // No range at all over the window (high = low = close for n bars, as a coarsely quoted or halted market prints):
    // no directional movement, so no trend. The library divides 0 by 0 there, and the NaN stays in its smoothing for
    // good (the one place these steppers differ from it; a test holds them equal wherever it is finite).
    this.pdi = atr === 0 ? 0 : this.up.value! / atr;
    this.mdi = atr === 0 ? 0 : this.down.value! / atr;
    const sum = this.pdi + this.mdi;
    const dx = sum === 0 ? 0 : (Math.abs(this.pdi - this.mdi) / sum) * 100;
    return this.smoothed.step(dx) ?? null;
  }
}

const finite = (x: number): boolean => Number.isFinite(x);

export function emaColumn(values: readonly number[], n: number): (number | null)[] {
  const ema = new EmaStep(n);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = ema.step(values[i]!);
    out[i] = ema.stable && finite(v) ? v : null;
  }
  return out;
}

/**
 * trading-signals' MACD: the fast EMA less the slow one, from the slow period's n-th input on (whether or not the signal
 * EMA is stable yet), with its signal line and histogram. Numbers on the stepper, no result object per bar.
 */
export class MacdStep {
  private readonly short: EmaStep;
  private readonly long: EmaStep;
  private readonly signalEma: EmaStep;
  private count = 0;
  macd = NaN;
  signal = NaN;
  histogram = NaN;

  constructor(fast: number, private readonly slow: number, signalPeriod: number) {
    this.short = new EmaStep(fast);
    this.long = new EmaStep(slow);
    this.signalEma = new EmaStep(signalPeriod);
  }

  /** Whether this input gives a result (all three finite), then in macd, signal and histogram. */
  step(x: number): boolean {
    const s = this.short.step(x);
    const l = this.long.step(x);
    if (++this.count < this.slow) return false;
    this.macd = s - l;
    this.signal = this.signalEma.step(this.macd);
    this.histogram = this.macd - this.signal;
    return finite(this.histogram) && finite(this.macd) && finite(this.signal);
  }
}

/** MACD as the library gives it: from the slow period's n-th input on, whether or not the signal EMA is stable yet. */
export function macdColumn(values: readonly number[], fast: number, slow: number, signalPeriod: number): (MACDResult | null)[] {
  const m = new MacdStep(fast, slow, signalPeriod);
  const out = new Array<MACDResult | null>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = m.step(values[i]!) ? { histogram: m.histogram, macd: m.macd, signal: m.signal } : null;
  return out;
}

export function rsiColumn(values: readonly number[], n: number): (number | null)[] {
  const rsi = new RsiStep(n);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const r = rsi.step(values[i]!);
    out[i] = r !== null && finite(r) ? r : null;
  }
  return out;
}

export function atrColumn(bars: readonly Readonly<Bar>[], n: number): (number | null)[] {
  const atr = new AtrStep(n);
  const out = new Array<number | null>(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    const r = atr.step(b.high, b.low, b.close);
    out[i] = r !== null && finite(r) ? r : null;
  }
  return out;
}

export function adxColumn(bars: readonly Readonly<Bar>[], n: number): ({ adx: number; pdi: number; mdi: number } | null)[] {
  const adx = new AdxStep(n);
  const out = new Array<{ adx: number; pdi: number; mdi: number } | null>(bars.length);
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    const r = adx.step(b.high, b.low, b.close);
    // As the library's wrapper did: no finiteness check here (a flat window's DI is NaN, and the agent reads it so).
    out[i] = r !== null ? { adx: r, pdi: adx.pdi, mdi: adx.mdi } : null;
  }
  return out;
}

/** Chaikin money flow over the last n bars, summed oldest first as the library does. */
export function cmfColumn(bars: readonly Readonly<Bar>[], n: number): (number | null)[] {
  const out = new Array<number | null>(bars.length);
  for (let i = 0; i < bars.length; i++) {
    if (i < n - 1) {
      out[i] = null;
      continue;
    }
    let flow = 0;
    let volume = 0;
    for (let j = i - n + 1; j <= i; j++) {
      const c = bars[j]!;
      const range = c.high - c.low;
      const multiplier = range !== 0 ? (c.close - c.low - (c.high - c.close)) / range : 0;
      flow += multiplier * c.volume;
      volume += c.volume;
    }
    const cmf = volume === 0 ? 0 : flow / volume;
    out[i] = finite(cmf) ? cmf : null;
  }
  return out;
}

export type { BandsResult };
