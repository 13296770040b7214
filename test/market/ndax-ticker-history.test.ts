import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10);
const MIN = 60_000;

/** An NDAX row: [end, high, low, open, close, volume, bid, ask, instrumentId, begin]. */
const row = (i: number) => [T0 + (i + 1) * MIN, 52.6 + i, 51.9 + i, 52.1 + i, 52.4 + i, 3 + i, 52.3 + i, 52.5 + i, 8, T0 + i * MIN];

describe("NDAX's ticker history ([end, high, low, open, close, volume, bid, ask, instrument, begin])", () => {
  it('reads the open after the high and low, and dates each bar by its begin time', () => {
    const r = parseOhlcv(JSON.stringify([row(0), row(1)]), 'ndax-BTCCAD-1m.json', NOW);
    // Read in the usual order each row was refused (the low taken for the high), and dated at its end.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [T0, 52.1, 52.6, 51.9, 52.4, 3],
      [T0 + MIN, 53.1, 53.6, 52.9, 53.4, 4],
    ]);
  });
});
