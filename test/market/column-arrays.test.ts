import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
const time = [1739372400, 1739372460, 1739372520];

describe('bars as parallel columns, one array per field', () => {
  it("reads MEXC's contract klines (they were refused as 11 symbols' bars)", () => {
    const answer = {
      success: true,
      code: 0,
      data: {
        time,
        open: [0.517, 0.515, 0.514],
        close: [0.515, 0.514, 0.516],
        high: [0.518, 0.515, 0.517],
        low: [0.514, 0.513, 0.513],
        vol: [136, 446, 90],
        amount: [70.131, 229.273, 46.4],
        realOpen: [0.517, 0.515, 0.514],
        realClose: [0.515, 0.514, 0.516],
        realHigh: [0.518, 0.515, 0.517],
        realLow: [0.514, 0.513, 0.513],
      },
    };
    const loaded = parseOhlcv(JSON.stringify(answer), 'THE_USDT-mexc.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.barMs).toBe(60_000);
    expect(loaded.bars[0]).toMatchObject({ time: 1739372400000, open: 0.517, high: 0.518, low: 0.514, close: 0.515, volume: 136 });
    expect(loaded.bars[2]).toMatchObject({ time: 1739372520000, open: 0.514, high: 0.517, low: 0.513, close: 0.516, volume: 90 });
  });

  it("reads Deribit's chart data (ticks) and Finnhub's candles (t, o, h, l, c, v)", () => {
    const deribit = { jsonrpc: '2.0', result: { ticks: time.map((t) => t * 1000), open: [10, 11, 12], high: [11, 12, 13], low: [9, 10, 11], close: [11, 12, 12.5], volume: [1, 2, 3], cost: [10, 24, 37], status: 'ok' } };
    const finnhub = { c: [11, 12, 12.5], h: [11, 12, 13], l: [9, 10, 11], o: [10, 11, 12], s: 'ok', t: time, v: [1, 2, 3] };
    for (const [name, answer] of [['deribit.json', deribit], ['finnhub.json', finnhub]] as const) {
      const loaded = parseOhlcv(JSON.stringify(answer), name, NOW);
      expect(loaded.rejected).toEqual([]);
      expect(loaded.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
        [1739372400000, 10, 11, 9, 11, 1],
        [1739372460000, 11, 12, 10, 12, 2],
        [1739372520000, 12, 13, 11, 12.5, 3],
      ]);
    }
  });

  it("reads pandas' to_dict('list'), and says TradingView UDF's no_data and error answers as such", () => {
    const pandas = { Date: ['2024-01-02', '2024-01-03'], Open: [10, 11], High: [11, 12], Low: [9, 10], Close: [11, 12], Volume: [5, 6] };
    expect(parseOhlcv(JSON.stringify(pandas), 'list.json', NOW).bars.map((b) => [b.time, b.close])).toEqual([
      [Date.UTC(2024, 0, 2), 11],
      [Date.UTC(2024, 0, 3), 12],
    ]);
    // They were refused as "expected a JSON array", which sent the user to the file's layout instead of the download.
    expect(() => parseOhlcv('{"s":"no_data","nextTime":1569297600}', 'finnhub.json', NOW)).toThrow(/error answer, not bars \("no_data: no bars in the range asked"\)/);
    expect(() => parseOhlcv('{"s":"error","errmsg":"Symbol not found"}', 'udf.json', NOW)).toThrow(/error answer, not bars \("Symbol not found"\)/);
  });
});
