/**
 * The last entry of an indicator column alone, for the agents that read nothing else of it (the bull's MACD, the
 * analyst's ADX, the bear's and the risk doctor's ATR): the same steps over the same window, so the same number bit for
 * bit, without an array of results (and, for MACD and ADX, an object per bar) made to be dropped. Those columns were
 * about a fifth of what a discussion allocated. Null where the column's last entry is null (or the window is empty).
 */
import type { MACDResult } from 'trading-signals';
import type { Bar } from '../market/market-port.js';
import { AdxStep, AtrStep, MacdStep } from './recursive-indicators.js';

export function macdLatest(values: readonly number[], fast: number, slow: number, signalPeriod: number): MACDResult | null {
  const m = new MacdStep(fast, slow, signalPeriod);
  let ok = false;
  for (let i = 0; i < values.length; i++) ok = m.step(values[i]!);
  return ok ? { histogram: m.histogram, macd: m.macd, signal: m.signal } : null;
}

export function atrLatest(bars: readonly Readonly<Bar>[], n: number): number | null {
  const atr = new AtrStep(n);
  let r: number | null = null;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    r = atr.step(b.high, b.low, b.close);
  }
  return r !== null && Number.isFinite(r) ? r : null;
}

export function adxLatest(bars: readonly Readonly<Bar>[], n: number): { adx: number; pdi: number; mdi: number } | null {
  const adx = new AdxStep(n);
  let r: number | null = null;
  for (let i = 0; i < bars.length; i++) {
    const b = bars[i]!;
    r = adx.step(b.high, b.low, b.close);
  }
  return r !== null ? { adx: r, pdi: adx.pdi, mdi: adx.mdi } : null;
}
