import { describe, expect, it } from 'vitest';
import { ADX } from 'trading-signals';
import { AdxStep } from '../../src/agents/recursive-indicators.js';
import { analyzeAnalyst, DEFAULT_ANALYST_OPTIONS } from '../../src/agents/analyst.js';
import { validateSignal } from '../../src/agents/validate-signal.js';
import type { Bar } from '../../src/market/market-port.js';
import { contextOf, DAY, START } from './series.js';

/** Bitcoin's 2010 as Investing.com writes it: weeks at 0.1 with no range at all, then a market that moves. */
function flatThenMoving(): Bar[] {
  const bars: Bar[] = [];
  for (let i = 0; i < 40; i++) bars.push({ time: START + i * DAY, open: 0.1, high: 0.1, low: 0.1, close: 0.1, volume: 1000 });
  let price = 0.1;
  for (let i = 40; i < 140; i++) {
    const open = price;
    price *= i % 7 === 3 ? 0.97 : 1.04;
    bars.push({ time: START + i * DAY, open, high: Math.max(open, price) * 1.05, low: Math.min(open, price) * 0.95, close: price, volume: 1000 });
  }
  return bars;
}

describe('a stretch of bars with no range at all (high = low = close)', () => {
  it('leaves ADX finite: no movement is no trend (dx 0), where trading-signals divides 0 by 0 and stays NaN for good', () => {
    const bars = flatThenMoving();
    const step = new AdxStep(14);
    const library = new ADX(14);
    let ours: number | null = null;
    let theirs: unknown = null;
    for (const b of bars) {
      ours = step.step(b.high, b.low, b.close);
      theirs = library.add(b);
    }
    expect(theirs).toBeNaN();
    expect(Number.isFinite(ours)).toBe(true);
    expect(ours).toBeGreaterThan(0);
    expect(Number.isFinite(step.pdi) && Number.isFinite(step.mdi)).toBe(true);
  });

  it('the analyst still gives a valid signal once the market moves, instead of a NaN stance (an abstention)', () => {
    // Over Investing.com's BTC/USD history the analyst abstained in 37 of 458 discussions, for months after the flat weeks.
    const bars = flatThenMoving();
    const signal = analyzeAnalyst(contextOf(bars), DEFAULT_ANALYST_OPTIONS);
    expect(Number.isFinite(signal.stance)).toBe(true);
    expect(validateSignal(signal)).toMatchObject({ ok: true });
    expect(signal.metrics?.adx).toBeGreaterThan(0);
  });
});
