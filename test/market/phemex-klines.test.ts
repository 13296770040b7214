import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10) / 1000;

/** A Phemex kline row: [timestamp, interval, lastClose, open, high, low, close, volume, turnover]. */
const row = (i: number, step = 300) => [T0 + i * step, step, 41.5 + i, 41.6 + i, 42.3 + i, 41.2 + i, 42 + i, 70 + i, 2900 + i];

describe("Phemex's klines ({\"code\": 0, \"data\": {\"rows\": [[ts, interval, lastClose, open, high, low, close, volume, turnover]]}})", () => {
  it('reads the open, high, low, close and volume after the interval and the last close', () => {
    const text = JSON.stringify({ code: 0, msg: 'OK', data: { total: -1, rows: [0, 1, 2].map((i) => row(i)) } });
    const r = parseOhlcv(text, 'phemex-ETHUSD-5m.json', NOW);
    // Read in the usual order, the interval (300) was the open and every row refused as an open outside its range.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time / 1000 - T0, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [0, 41.6, 42.3, 41.2, 42, 70],
      [300, 42.6, 43.3, 42.2, 43, 71],
      [600, 43.6, 44.3, 43.2, 44, 72],
    ]);
  });

  it('is not taken where the second field is not the step between the rows', () => {
    // The same numbers an hour apart: the 300 is then no bar length of the file, and the rows are read as they stand.
    const text = JSON.stringify([0, 1].map((i) => row(i, 300).map((v, k) => (k === 0 ? T0 + i * 3600 : v))));
    const r = parseOhlcv(text, 'x.json', NOW);
    expect(r.bars).toEqual([]);
    expect(r.rejected).toHaveLength(2);
  });
});
