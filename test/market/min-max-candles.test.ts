import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10);
const ohlcv = (r: ReturnType<typeof parseOhlcv>) => r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]);

describe('JSON candles naming their high and low max and min', () => {
  it("reads HitBTC's candles (timestamp, open, close, min, max, volume, volume_quote)", () => {
    const candles = [0, 1].map((i) => ({ timestamp: new Date(T0 + i * 60_000).toISOString(), open: `31.${i}2`, close: `31.${i}4`, min: `31.${i}1`, max: `31.${i}6`, volume: `0.7${i}`, volume_quote: '22.1' }));
    const r = parseOhlcv(JSON.stringify(candles), 'hitbtc-ETHBTC-M1.json', NOW);
    // Refused before as bars with no high or low.
    expect(r.rejected).toEqual([]);
    expect(ohlcv(r)).toEqual([
      [T0, 31.02, 31.06, 31.01, 31.04, 0.7],
      [T0 + 60_000, 31.12, 31.16, 31.11, 31.14, 0.71],
    ]);
  });

  it("reads IQ Option's candles (id, from, at, to, open, close, min, max, volume), dated by `from`", () => {
    const s = T0 / 1000;
    const candles = [0, 1].map((i) => ({ id: 70 + i, from: s + i * 60, at: (s + i * 60 + 60) * 1e9, to: s + i * 60 + 60, open: [1.2, 1.3][i], close: [1.25, 1.35][i], min: [1.15, 1.25][i], max: [1.3, 1.4][i], volume: 4 + i }));
    const r = parseOhlcv(JSON.stringify(candles), 'iq-EURUSD-1m.json', NOW);
    // Refused before as bars with no time under a name this reader knows (and no high or low).
    expect(r.rejected).toEqual([]);
    expect(ohlcv(r)).toEqual([
      [T0, 1.2, 1.3, 1.15, 1.25, 4],
      [T0 + 60_000, 1.3, 1.4, 1.25, 1.35, 5],
    ]);
  });

  it('reads high and low before max and min, and `from` only beside a `to`', () => {
    const both = [{ time: T0, open: 2, high: 3, low: 1, close: 2.5, max: 99, min: 0.01 }];
    expect(ohlcv(parseOhlcv(JSON.stringify(both), 'x.json', NOW))).toEqual([[T0, 2, 3, 1, 2.5, 0]]);
    const fromAlone = [{ from: T0, open: 2, high: 3, low: 1, close: 2.5 }];
    expect(() => parseOhlcv(JSON.stringify(fromAlone), 'x.json', NOW)).toThrow(/no time under a name this reader knows/);
  });
});
