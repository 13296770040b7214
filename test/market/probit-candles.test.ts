import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10);

describe("ProBit's candles ({\"data\": [{\"market_id\", \"open\", \"close\", \"low\", \"high\", \"base_volume\", \"quote_volume\", \"start_time\", \"end_time\"}]})", () => {
  it('reads base_volume, the coin traded, as the volume, not quote_volume', () => {
    const data = [0, 1].map((i) => ({
      market_id: 'ETH-BTC', open: `0.05${i}1`, close: `0.05${i}3`, low: `0.05${i}0`, high: `0.05${i}4`, base_volume: `2.${i}`, quote_volume: '0.11',
      start_time: new Date(T0 + i * 60_000).toISOString(), end_time: new Date(T0 + (i + 1) * 60_000).toISOString(),
    }));
    const r = parseOhlcv(JSON.stringify({ data }), 'probit-ETH-BTC-1m.json', NOW);
    // Every bar was read with no volume.
    expect(r.bars.map((b) => [b.time, b.open, b.close, b.volume])).toEqual([
      [T0, 0.0501, 0.0503, 2],
      [T0 + 60_000, 0.0511, 0.0513, 2.1],
    ]);
  });
});
