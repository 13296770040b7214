import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10);

describe("Zonda's (BitBay's) candle history ({\"status\": \"Ok\", \"items\": [[time, {o, c, h, l, v, co}]]})", () => {
  it('reads each time beside its candle object', () => {
    const items = [0, 1].map((i) => [String(T0 + i * 60_000), { o: `2.${i}1`, c: `2.${i}3`, h: `2.${i}4`, l: `2.${i}0`, v: `0.5${i}`, co: '9' }]);
    const r = parseOhlcv(JSON.stringify({ status: 'Ok', items }), 'zonda-ETH-BTC-1m.json', NOW);
    // Refused before as rows of two values, closes as the Pakistan exchange's portal answers.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [T0, 2.01, 2.04, 2, 2.03, 0.5],
      [T0 + 60_000, 2.11, 2.14, 2.1, 2.13, 0.51],
    ]);
  });

  it('still refuses rows of a time and a close as not bars', () => {
    const closes = JSON.stringify({ status: 1, data: [[T0, 10], [T0 + 60_000, 11]] });
    expect(() => parseOhlcv(closes, 'psx.json', NOW)).toThrow(/arrays of 2 values.*not bars/);
  });
});
