import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadSeries } from '../../src/backtest/load-series.js';
import { MAX_LINE_POINTS, keptRows, keptRowsByTime } from '../../src/backtest/report/chart-series.js';
import { MINUTE, ORCL } from './helpers.js';

/** The merged calendar's close times of real files, as the equity rows have them. */
async function closeTimes(files: { symbol: string; file: string }[]): Promise<number[]> {
  const series = await loadSeries(files, {});
  return [...new Set(series.flatMap((s) => s.bars.map((b) => b.time + s.barMs)))].sort((a, b) => a - b);
}

/** A deterministic walk over `n` rows. */
function walk(n: number, seed: number): number[] {
  let x = 100_000;
  let s = seed;
  return Array.from({ length: n }, () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    x *= 1 + (s / 2_147_483_648 - 0.5) / 50;
    return x;
  });
}

function checkRows(rows: number[], n: number, series: number[][], maxPoints: number): void {
  expect(rows.length).toBeLessThanOrEqual(maxPoints);
  expect(rows[0]).toBe(0);
  expect(rows.at(-1)).toBe(n - 1);
  for (let i = 1; i < rows.length; i++) expect(rows[i]!).toBeGreaterThan(rows[i - 1]!);
  for (const v of series) {
    expect(Math.min(...rows.map((r) => v[r]!))).toBe(Math.min(...v));
    expect(Math.max(...rows.map((r) => v[r]!))).toBe(Math.max(...v));
  }
}

describe('equity chart rows by time', () => {
  it('gives two months of minute bars in a 20-year daily run their share of the time, not of the rows', async () => {
    const times = await closeTimes([{ symbol: 'ORCL', file: ORCL }, { symbol: 'M', file: MINUTE }]);
    const series = [walk(times.length, 1), walk(times.length, 2), walk(times.length, 3), walk(times.length, 4)];
    const inMinutes = (rows: number[]) => rows.filter((r) => times[r]! >= Date.UTC(2006, 0, 2) && times[r]! < Date.UTC(2006, 2, 1)).length / rows.length;
    // The minute file is 86 % of the rows and 0.8 % of the time.
    expect(inMinutes(times.map((_, i) => i))).toBeGreaterThan(0.8);
    expect(inMinutes(keptRows(series)), 'buckets of rows: the minutes take the chart').toBeGreaterThan(0.5);
    const rows = keptRowsByTime(times, series);
    expect(inMinutes(rows)).toBeLessThan(0.03);
    checkRows(rows, times.length, series, MAX_LINE_POINTS);
    expect(rows.length).toBeGreaterThan(MAX_LINE_POINTS / 2);
  });

  it('spends the budget on the sessions of a minute file, not on its nights and weekends', async () => {
    const times = await closeTimes([{ symbol: 'M', file: MINUTE }]);
    const series = [walk(times.length, 5), walk(times.length, 6)];
    const rows = keptRowsByTime(times, series);
    checkRows(rows, times.length, series, MAX_LINE_POINTS);
    expect(rows.length).toBeGreaterThan(MAX_LINE_POINTS / 2);
  });

  it('property: within the budget, in order, first and last rows and every global low and high kept; all rows when few and even', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000_000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 8, max: 400 }), (rowsIn, budget) => {
        let t = 1_700_000_000_000;
        const times = rowsIn.map(([gap]) => (t += gap));
        const values = rowsIn.map(([, v]) => v);
        const rows = keptRowsByTime(times, [values], budget);
        checkRows(rows, times.length, [values], budget);
        // Evenly spaced rows that fit are all kept.
        const even = times.map((_, i) => 1_700_000_000_000 + i * 60_000);
        if (times.length <= budget / 2) expect(keptRowsByTime(even, [values], budget)).toEqual(times.map((_, i) => i));
        expect(keptRowsByTime(times, [values], budget)).toEqual(rows);
      }),
    );
  });
});
