import { describe, expect, it } from 'vitest';
import { adxLatest, atrLatest, macdLatest } from '../../src/agents/latest-indicators.js';
import { adxColumn, atrColumn, macdColumn } from '../../src/agents/recursive-indicators.js';
import type { Bar } from '../../src/market/market-port.js';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { ORCL } from '../backtest/helpers.js';

const lastOf = <T>(column: readonly (T | null)[]): T | null => column.at(-1) ?? null;

describe('the latest indicator values', () => {
  it('equal the last entry of their column bit for bit, over the agents’ windows of the shared ORCL file', async () => {
    const { bars } = await loadOhlcvFile(ORCL);
    // Windows as the agents read them (the last 250 bars), and shorter ones down to none, where the columns end in null.
    const windows: Bar[][] = [];
    for (let end = 0; end <= bars.length; end += end < 60 ? 1 : 23) windows.push(bars.slice(Math.max(0, end - 250), end));
    let values = 0;
    for (const w of windows) {
      const closes = w.map((b) => b.close);
      expect(macdLatest(closes, 12, 26, 9)).toEqual(lastOf(macdColumn(closes, 12, 26, 9)));
      expect(atrLatest(w, 14)).toEqual(lastOf(atrColumn(w, 14)));
      expect(adxLatest(w, 14)).toEqual(lastOf(adxColumn(w, 14)));
      if (adxLatest(w, 14) !== null) values++;
    }
    expect(values).toBeGreaterThan(200);
  });

  it('are null where the column ends without a result: a flat window’s ATR is 0, not NaN, and a short one has none', () => {
    const flat = Array.from({ length: 40 }, (_, i) => ({ time: i * 86_400_000, open: 5, high: 5, low: 5, close: 5, volume: 1 }));
    expect(atrLatest(flat, 14)).toBe(0);
    expect(macdLatest([1, 2, 3], 12, 26, 9)).toBeNull();
    expect(adxLatest(flat.slice(0, 10), 14)).toBeNull();
  });
});
