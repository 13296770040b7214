import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('a JSON array of rows too narrow for a bar', () => {
  it("refuses the Pakistan Stock Exchange's daily series, [time, close, volume, open], as not bars", () => {
    // dps.psx.com.pk's timeseries/eod answer, newest first: no high and no low.
    const text = '{"status": 1, "message": "", "data": [[1790766000, 306.1, 1153509, 302.8], [1790679600, 302.14, 1652194, 305.99]]}';
    // Each row was refused as "not [ts_ms, open, ...]", with the advice to complete rows "the header names".
    expect(() => parseOhlcv(text, 'HBL.json', NOW)).toThrow(/rows are arrays of 4 values \(row 1: \[1790766000,306\.1,1153509,302\.8\]\), too few for a bar .*not bars/);
  });

  it('refuses its trades, [time, price, volume], as trades to aggregate', () => {
    const text = '{"status": 1, "message": "", "data": [[1790765240, 306.1, 500], [1790765217, 306.1, 157]]}';
    expect(() => parseOhlcv(text, 'HBL-int.json', NOW)).toThrow(/arrays of 3 values .*: a time, a price and an amount are trades .*aggregate them into bars first/);
  });

  it('still reads rows of five values and more', () => {
    const text = '[[1704153600000, 10, 12, 9, 11], [1704240000000, 11, 13, 10, 12]]';
    expect(parseOhlcv(text, 'ohlc.json', NOW).bars.map((b) => b.close)).toEqual([11, 12]);
  });
});
