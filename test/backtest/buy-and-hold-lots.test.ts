import { describe, expect, it } from 'vitest';
import type { BacktestRecord } from '../../src/backtest/backtest-record.js';
import { buildReport } from '../../src/backtest/report/build-report.js';

/**
 * Buy-and-hold bought fractional shares (833.33 of a 12.00 stock with 10,000) where lotStep set board lots of 100, so
 * the yardstick held shares the panel could never have bought.
 */
describe('buy-and-hold with board lots (lotStep)', () => {
  const DAY = 86_400_000;
  const T0 = Date.UTC(2024, 0, 1);
  const series = (open: number, close: number) => [
    { time: T0, open, high: open, low: open, close: open, volume: 1 },
    { time: T0 + DAY, open: close, high: close, low: close, close, volume: 1 },
  ];
  const record = (lotStep?: number) =>
    ({
      name: 'lots', startingCash: 20_000, feeBps: 10, slippageBps: 0, scorecardHorizonBars: 1, maxDrawdownLimit: 0.2, ...(lotStep !== undefined ? { lotStep } : {}),
      // 10,000 each: 832 shares of A at 12 (fee included) round down to 800; B at 150 buys 66.6, under one lot of 100.
      symbols: [
        { symbol: 'A', file: 'A.csv', barMs: DAY, bars: series(12, 15), rejected: 0, quarantined: 0 },
        { symbol: 'B', file: 'B.csv', barMs: DAY, bars: series(150, 300), rejected: 0, quarantined: 0 },
      ],
      equity: [
        { time: T0 + DAY, equity: 20_000, cash: 20_000, exposure: 0 },
        { time: T0 + 2 * DAY, equity: 20_000, cash: 20_000, exposure: 0 },
      ],
      fills: [], signals: [], openPositions: [],
    }) as unknown as BacktestRecord;
  const report = (lotStep?: number) => buildReport(record(lotStep), { seeds: 0, sharpe: { p10: 0, p50: 0, p90: 0 }, totalReturn: { p10: 0, p50: 0, p90: 0 }, panelPercentile: null });

  it('buys whole lots only, the rest of each part kept in cash', () => {
    const r = report(100);
    // A: 800 × 12 × 1.001 = 9,609.60 spent, 390.40 left; B: nothing bought, its 10,000 kept.
    expect(r.buyAndHold.fees).toBeCloseTo(800 * 12 * 0.001, 9);
    expect(r.buyAndHold.endEquity).toBeCloseTo(800 * 15 + (10_000 - 800 * 12 * 1.001) + 10_000, 6);
    expect(r.symbols.map((s) => s.buyAndHoldReturn)).toEqual([
      expect.closeTo((800 * 15 + 10_000 - 800 * 12 * 1.001) / 10_000 - 1, 9),
      0,
    ]);
  });

  it('is unrounded without a lot step, as before', () => {
    const r = report();
    const a = 10_000 / (12 * 1.001);
    const b = 10_000 / (150 * 1.001);
    expect(r.buyAndHold.endEquity).toBeCloseTo(a * 15 + b * 300, 6);
  });
});
