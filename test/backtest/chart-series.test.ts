import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { candleSize, candles, keptRows, lineSeries } from '../../src/backtest/report/chart-series.js';
import type { Bar } from '../../src/market/market-port.js';
import { closeTime, lastClosedIndex } from '../../src/backtest/report/bar-index.js';

describe('chart downsampling', () => {
  it('keeps a short series as it is, in seconds', () => {
    expect(lineSeries([1000, 2000, 3500], [1, 2, 3])).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('never repeats or reverses a time (the chart library would throw): a point in the same second replaces the last', () => {
    expect(lineSeries([1000, 1500, 2000], [1, 2, 3])).toEqual([[1, 2], [2, 3]]);
  });

  it('property: a long series keeps at most the budget, in time order, with its global low and high', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 4, max: 400 }), (values, budget) => {
        const times = values.map((_, i) => 1_700_000_000_000 + i * 60_000);
        const out = lineSeries(times, values, budget);
        expect(out.length).toBeLessThanOrEqual(Math.max(values.length <= budget ? values.length : budget + 2, 1));
        for (let i = 1; i < out.length; i++) expect(out[i]![0]).toBeGreaterThan(out[i - 1]![0]);
        const kept = out.map((p) => p[1]);
        expect(Math.min(...kept)).toBe(Math.min(...values));
        expect(Math.max(...kept)).toBe(Math.max(...values));
        expect(lineSeries(times, values, budget)).toEqual(out);
      }),
    );
  });

  it('property: several series keep the same rows, within the budget, each with its global low and high', () => {
    const values = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 500, maxLength: 2000 });
    fc.assert(
      fc.property(values, values, fc.integer({ min: 16, max: 200 }), (a, b, budget) => {
        const n = Math.min(a.length, b.length);
        const rows = keptRows([a.slice(0, n), b.slice(0, n)], budget);
        expect(rows.length).toBeLessThanOrEqual(budget);
        for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
        for (const v of [a.slice(0, n), b.slice(0, n)]) {
          expect(Math.min(...rows.map((r) => v[r]!))).toBe(Math.min(...v));
          expect(Math.max(...rows.map((r) => v[r]!))).toBe(Math.max(...v));
        }
      }),
    );
  });

  it('merges bars into candles as a coarser bar size would print them', () => {
    const bars: Bar[] = [
      { time: 0, open: 10, high: 12, low: 9, close: 11, volume: 1 },
      { time: 60_000, open: 11, high: 15, low: 10, close: 14, volume: 1 },
      { time: 120_000, open: 14, high: 14, low: 7, close: 8, volume: 1 },
      { time: 180_000, open: 8, high: 9, low: 8, close: 9, volume: 1 },
      { time: 240_000, open: 9, high: 10, low: 6, close: 7, volume: 1 },
    ];
    expect(candles(bars, 2)).toEqual([[0, 10, 15, 9, 14], [120, 14, 14, 7, 9], [240, 9, 10, 6, 7]]);
    expect(candles(bars, 1)).toHaveLength(5);
    expect(candleSize(1000)).toBe(1);
    expect(candleSize(1001)).toBe(2);
    expect(candleSize(123_556)).toBe(124);
  });
});

describe('bar closes', () => {
  const bar = (time: number): Bar => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 });
  it('close one bar length after the open, or at the next open when that is sooner, as the backtest calendar has it', () => {
    const bars = [bar(0), bar(60), bar(90), bar(300)];
    expect([0, 1, 2, 3].map((i) => closeTime(bars, i, 60))).toEqual([60, 90, 150, 360]);
    expect(lastClosedIndex(bars, 60, 59)).toBe(-1);
    expect(lastClosedIndex(bars, 60, 90)).toBe(1);
    expect(lastClosedIndex(bars, 60, 149)).toBe(1);
    expect(lastClosedIndex(bars, 60, 150)).toBe(2);
    expect(lastClosedIndex(bars, 60, 10_000)).toBe(3);
  });
});
