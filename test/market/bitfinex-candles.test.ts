import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { isOpenCloseHighLow } from '../../src/market/candle-order.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original, ms } from './orcl-sample.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');

describe("Bitfinex's and KuCoin's candles ([time, open, close, high, low, volume], newest first)", () => {
  it("Bitfinex's ([ms, open, close, high, low, volume]) read as the same bars", () => {
    const candles = [...rows].reverse().map(([date, open, high, low, close, , volume]) => [ms(date), Number(open), Number(close), Number(high), Number(low), Number(volume)]);
    const loaded = parseOhlcv(JSON.stringify(candles), 'bitfinex.json', NOW);
    // Read as [time, open, high, low, close]: every row was refused ('high below low', 'open outside [low, high]').
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("KuCoin's answer ({\"code\":\"200000\",\"data\":[[s, open, close, high, low, volume, turnover]]}, strings) reads as the same bars", () => {
    const data = [...rows].reverse().map(([date, open, high, low, close, , volume]) => [String(ms(date) / 1000), open, close, high, low, volume, '1000']);
    const loaded = parseOhlcv(JSON.stringify({ code: '200000', data }), 'kucoin.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("a short answer (KuCoin's three days) is read in that order where no row fits the usual one", () => {
    const data = [
      ['1632182400', '43010.4', '40730.4', '43648', '39571', '10034.90921846', '421193931.210906551'],
      ['1632096000', '47242.4', '43018.6', '47353.6', '42470.5', '10832.50206904', '481199344.779460713'],
      ['1632009600', '48294', '47242.5', '48366.5', '46816.2', '3934.78015558', '187339847.167268832'],
    ];
    // Each row was refused as 'high 40730.4 is below low 43648', with advice to swap them.
    const loaded = parseOhlcv(JSON.stringify({ code: '200000', data }), 'kucoin.json', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [1632009600000, 48294, 48366.5, 46816.2, 47242.5],
      [1632096000000, 47242.4, 47353.6, 42470.5, 43018.6],
      [1632182400000, 43010.4, 43648, 39571, 40730.4],
    ]);
  });

  it('tells an oldest-first file by its first rows: a last row dated far back, after rows in the usual order, changes no earlier bar', () => {
    // Oldest first in this order, then 20 rows written in the usual [time, open, high, low, close] order and one dated
    // in 1990. The file's first and last times said "newest first", so the order was judged from its last 20 rows (the
    // usual one), and every earlier row was read in it and refused.
    const ours = rows.slice(0, 300).map(([date, open, high, low, close, , volume]) => [ms(date), Number(open), Number(close), Number(high), Number(low), Number(volume)]);
    const usual = rows.slice(300, 320).map(([date, open, high, low, close, , volume]) => [ms(date), Number(open), Number(high), Number(low), Number(close), Number(volume)]);
    const loaded = parseOhlcv(JSON.stringify([...ours, ...usual, [ms('1990-01-02'), 10, 10, 11, 9, 1]]), 'bitfinex.json', NOW);
    expect(loaded.bars.slice(0, 300)).toEqual(original.slice(0, 300));
  });

  it('a short answer with a row that fits the usual order is read in it', () => {
    const data = [[1632009600000, 48292, 48362, 46860, 47252, 8452007], [1632096000000, 47253, 47344, 42500, 43025, 26728385]];
    expect(parseOhlcv(JSON.stringify(data), 'kucoin-futures.json', NOW).bars.map((b) => b.close)).toEqual([47252, 43025]);
  });

  it('takes none of the shared JSON files, in the usual order, for that order', () => {
    for (const name of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
      expect(isOpenCloseHighLow(JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as unknown[]), name).toBe(false);
    }
  });
});
