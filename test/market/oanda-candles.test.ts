import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 3, 1) };
type Ohlc = { o: string; h: string; l: string; c: string };
const ohlc = (o: number, h: number, l: number, c: number): Ohlc => ({ o: o.toFixed(5), h: h.toFixed(5), l: l.toFixed(5), c: c.toFixed(5) });
const hour = (i: number) => `2024-03-04T${String(10 + i).padStart(2, '0')}:00:00.000000000Z`;
const answer = (candles: object[]) => JSON.stringify({ instrument: 'EUR_USD', granularity: 'H1', candles });
const read = (text: string) => parseOhlcv(text, 'EUR_USD_H1.json', NOW);
const ohlcv = (r: ReturnType<typeof read>) => r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume]);

describe("OANDA's v20 candles answer (instrument, granularity, candles with mid, or bid and ask)", () => {
  it('reads the mid prices of price=M', () => {
    const r = read(answer([0, 1].map((i) => ({ complete: true, volume: 100 + i, time: hour(i), mid: ohlc(1.2 + i / 100, 1.205 + i / 100, 1.198 + i / 100, 1.201 + i / 100) }))));
    expect(r.rejected).toEqual([]);
    expect(ohlcv(r)).toEqual([
      [Date.UTC(2024, 2, 4, 10), 1.2, 1.205, 1.198, 1.201, 100],
      [Date.UTC(2024, 2, 4, 11), 1.21, 1.215, 1.208, 1.211, 101],
    ]);
  });

  it('reads the mid of bid and ask for price=BA, and the mid alone where price=MBA gives all three', () => {
    const ba = { complete: true, volume: 40, time: hour(0), bid: ohlc(1.3, 1.31, 1.29, 1.305), ask: ohlc(1.3002, 1.3102, 1.2902, 1.3052) };
    expect(ohlcv(read(answer([ba])))).toEqual([[Date.UTC(2024, 2, 4, 10), 1.3001, 1.3101, 1.2901, 1.3051, 40]]);
    const mba = { ...ba, mid: ohlc(1.4, 1.41, 1.39, 1.405) };
    expect(ohlcv(read(answer([mba])))).toEqual([[Date.UTC(2024, 2, 4, 10), 1.4, 1.41, 1.39, 1.405, 40]]);
    const bidOnly = { complete: true, volume: 7, time: hour(0), bid: ohlc(1.3, 1.31, 1.29, 1.305) };
    expect(ohlcv(read(answer([bidOnly])))).toEqual([[Date.UTC(2024, 2, 4, 10), 1.3, 1.31, 1.29, 1.305, 7]]);
  });

  it('leaves out the candle still forming (complete false)', () => {
    const r = read(answer([0, 1, 2].map((i) => ({ complete: i < 2, volume: 9, time: hour(i), mid: ohlc(1.1, 1.12, 1.09, 1.11) }))));
    expect(r.bars).toHaveLength(2);
    expect(r.rejected).toEqual([expect.objectContaining({ row: 3, code: 'unfinished-bar' })]);
  });

  it('names the instruments of a latest-candles answer holding several', () => {
    const candles = [{ complete: true, volume: 1, time: hour(0), mid: ohlc(1, 1.1, 0.9, 1.05) }];
    const latest = JSON.stringify({ latestCandles: [{ instrument: 'EUR_USD', granularity: 'M1', candles }, { instrument: 'USD_JPY', granularity: 'M1', candles }] });
    expect(() => read(latest)).toThrow(/2 symbols' bars \(EUR_USD, USD_JPY\)/);
  });
});
