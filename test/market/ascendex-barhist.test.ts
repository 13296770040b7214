import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
const T0 = Date.UTC(2024, 2, 4, 10);
const bar = (i: number, s = 'BTC/USDT') => ({ m: 'bar', s, data: { i: '1', ts: T0 + i * 60_000, o: `91.${i}2`, c: `91.${i}4`, h: `91.${i}6`, l: `91.${i}1`, v: `2.${i}` } });

describe("AscendEX's bar history ({\"code\": 0, \"data\": [{\"m\": \"bar\", \"s\", \"data\": {\"i\", \"ts\", \"o\", \"c\", \"h\", \"l\", \"v\"}}]})", () => {
  it('reads the bar inside each wrapper, dated by its ts', () => {
    const r = parseOhlcv(JSON.stringify({ code: 0, data: [bar(0), bar(1)] }), 'ascendex-BTC-USDT-1.json', NOW);
    // Refused before as bars with no open, high, low or close (keys found: m, s, data).
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [T0, 91.02, 91.06, 91.01, 91.04, 2],
      [T0 + 60_000, 91.12, 91.16, 91.11, 91.14, 2.1],
    ]);
  });

  it('refuses wrappers of several symbols, naming them', () => {
    expect(() => parseOhlcv(JSON.stringify({ code: 0, data: [bar(0), bar(0, 'ETH/USDT')] }), 'x.json', NOW)).toThrow(/2 symbols' bars \(BTC\/USDT, ETH\/USDT\)/);
  });
});
