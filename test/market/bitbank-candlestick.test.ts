import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10);
const STEP = 300_000;

describe("Bitbank's candlestick answer ([open, high, low, close, volume, time], the time last)", () => {
  it('reads the time from the last field and the prices from the first four', () => {
    const ohlcv = [0, 1].map((i) => [`0.0${31 + i}`, `0.0${35 + i}`, `0.0${30 + i}`, `0.0${33 + i}`, `1.2${i}`, T0 + i * STEP]);
    const text = JSON.stringify({ success: 1, data: { candlestick: [{ type: '5min', ohlcv }], timestamp: T0 + 9 * STEP } });
    const r = parseOhlcv(text, 'bitbank-eth_btc-5min.json', NOW);
    // Read in the usual order, every row was refused, its open quoted as a time that is no date.
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [T0, 0.031, 0.035, 0.03, 0.033, 1.2],
      [T0 + STEP, 0.032, 0.036, 0.031, 0.034, 1.21],
    ]);
  });

  it('leaves rows led by their time as they are', () => {
    const rows = [0, 1].map((i) => [T0 + i * STEP, 5 + i, 6 + i, 4 + i, 5.5 + i, T0]);
    expect(parseOhlcv(JSON.stringify(rows), 'x.json', NOW).bars.map((b) => [b.time, b.open, b.close])).toEqual([
      [T0, 5, 5.5],
      [T0 + STEP, 6, 6.5],
    ]);
  });
});
