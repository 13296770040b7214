import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10);

describe("Bitso's OHLC answer ({\"success\": true, \"payload\": [{\"bucket_start_time\", \"first_rate\", ...}]})", () => {
  it('dates each bucket by its start and reads first, max, min and last rates as its prices', () => {
    const payload = [0, 1].map((i) => ({
      bucket_start_time: T0 + i * 60_000, first_trade_time: T0 + i * 60_000 + 4_321, last_trade_time: T0 + i * 60_000 + 51_000,
      first_rate: `81.${i}2`, last_rate: `81.${i}5`, min_rate: `81.${i}0`, max_rate: `81.${i}7`, trade_count: 3, volume: `0.0${i + 4}`, vwap: '81.3',
    }));
    const r = parseOhlcv(JSON.stringify({ success: true, payload }), 'bitso-btc_mxn-1m.json', NOW);
    // Refused before as bars with no open, high, low or close.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [T0, 81.02, 81.07, 81, 81.05, 0.04],
      [T0 + 60_000, 81.12, 81.17, 81.1, 81.15, 0.05],
    ]);
  });
});
