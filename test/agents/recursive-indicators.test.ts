import { describe, expect, it } from 'vitest';
import { ADX, ATR, CMF, EMA, MACD, RSI } from 'trading-signals';
import { adxColumn, AdxStep, atrColumn, AtrStep, cmfColumn, emaColumn, EmaStep, macdColumn, rsiColumn, RsiStep } from '../../src/agents/recursive-indicators.js';
import type { Bar } from '../../src/market/market-port.js';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { ORCL } from '../backtest/helpers.js';

type Stepper<I, R> = { add(input: I): R | null; readonly isStable: boolean };
const finite = (r: unknown): boolean =>
  typeof r === 'number' ? Number.isFinite(r) : Object.values(r as object).every((v) => typeof v !== 'number' || Number.isFinite(v));

/** The library's answer at every bar, as the agents' wrapper reads it (null until stable or when not finite). */
function library<I, R>(indicator: Stepper<I, R>, inputs: readonly I[]): (R | null)[] {
  return inputs.map((input) => {
    const r = indicator.add(input);
    return indicator.isStable && r !== null && finite(r) ? r : null;
  });
}

function libraryAdx(bars: readonly Bar[], n: number) {
  const indicator = new ADX(n);
  return bars.map((b) => {
    const r = indicator.add(b);
    const { pdi, mdi } = indicator;
    return indicator.isStable && r !== null && typeof pdi === 'number' && typeof mdi === 'number' ? { adx: r, pdi, mdi } : null;
  });
}

describe('incremental recursive indicators', () => {
  it('equal trading-signals bit for bit at every bar of the shared ORCL file', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    expect(bars.length).toBeGreaterThan(4000);
    const closes = bars.map((b) => b.close);
    for (const n of [2, 9, 14, 26, 50]) {
      expect(emaColumn(closes, n)).toEqual(library(new EMA(n), closes));
      expect(rsiColumn(closes, n)).toEqual(library(new RSI(n), closes));
      expect(atrColumn(bars, n)).toEqual(library(new ATR(n), bars));
      expect(adxColumn(bars, n)).toEqual(libraryAdx(bars, n));
      expect(cmfColumn(bars, n)).toEqual(library(new CMF(n), bars));
    }
    for (const [fast, slow, signal] of [[12, 26, 9], [5, 35, 5], [3, 10, 16]] as const) {
      expect(macdColumn(closes, fast, slow, signal)).toEqual(library(new MACD(new EMA(fast), new EMA(slow), new EMA(signal)), closes));
    }
  });

  it('advanced one bar at a time, equal a recomputation from scratch over the same bars at every bar', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    const ema = new EmaStep(26);
    const rsi = new RsiStep(14);
    const atr = new AtrStep(14);
    const adx = new AdxStep(14);
    // From scratch at every bar is quadratic: every bar of the first 600, then every 37th up to the end.
    for (let i = 0; i < bars.length; i++) {
      const b = bars[i]!;
      const e = ema.step(b.close);
      const r = rsi.step(b.close);
      const a = atr.step(b.high, b.low, b.close);
      const d = adx.step(b.high, b.low, b.close);
      if (i >= 600 && i % 37 !== 0 && i !== bars.length - 1) continue;
      const past = bars.slice(0, i + 1);
      const closes = past.map((x) => x.close);
      expect(ema.stable ? e : null).toEqual(emaColumn(closes, 26)[i]);
      expect(r).toEqual(rsiColumn(closes, 14)[i]);
      expect(a).toEqual(atrColumn(past, 14)[i]);
      const scratch = adxColumn(past, 14)[i];
      expect(d === null ? null : { adx: d, pdi: adx.pdi, mdi: adx.mdi }).toEqual(scratch);
    }
  });
});
