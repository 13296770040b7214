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

  it('takes none of the shared JSON files, in the usual order, for that order', () => {
    for (const name of readdirSync(DIR).filter((n) => n.endsWith('.json'))) {
      expect(isOpenCloseHighLow(JSON.parse(readFileSync(path.join(DIR, name), 'utf8')) as unknown[]), name).toBe(false);
    }
  });
});
