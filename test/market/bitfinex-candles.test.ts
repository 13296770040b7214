import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { isOpenCloseHighLow } from '../../src/market/candle-order.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
const NOW = { now: Date.UTC(2024, 0, 1) };
const text = readFileSync(path.join(DIR, 'backtrader__orcl-1995-2014.txt'), 'utf8').trim();
const rows = text.split('\n').slice(1, 400).map((r) => r.split(','));
const original = parseOhlcv(['Date,Open,High,Low,Close,Adj Close,Volume', ...rows.map((r) => r.join(','))].join('\n'), 'orcl.csv', NOW).bars;
const ms = (date: string | undefined) => Date.parse(`${date}T00:00:00Z`);

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

  it('takes none of the shared JSON files, in the usual order, for that order', () => {
    for (const name of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
      expect(isOpenCloseHighLow(JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as unknown[]), name).toBe(false);
    }
  });
});
