import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { NOW, ORCL_ROWS as rows, ORCL_BARS as original } from './orcl-sample.js';

// pandas' DataFrame.to_csv writes its index as a first column with no name: a row counter unless the index is dates.
describe('a CSV saved by pandas with its index as a first column, unnamed or named "Index"', () => {
  it('an Interactive Brokers export (,date,open,high,low,close,volume,average,barCount) reads as the same bars', () => {
    const lines = rows.map(([date, open, high, low, close, , volume], i) => `${i},${date},${open},${high},${low},${close},${volume},${close},100`);
    const loaded = parseOhlcv([',date,open,high,low,close,volume,average,barCount', ...lines].join('\n'), 'ib.csv', NOW);
    // The counter was read as the date: "0" is not a date, and every row was refused.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("OANDA's candles (,volume,time,Open,...,Pair with nanosecond ISO times, CRLF) read as the same bars", () => {
    const lines = rows.map(([date, open, high, low, close, , volume], i) => `${i},${volume},${date}T00:00:00.000000000Z,${open},${high},${low},${close},ORCL`);
    const loaded = parseOhlcv([',volume,time,Open,High,Low,Close,Pair', ...lines].join('\r\n'), 'oanda.csv', NOW);
    // The counter and the time were joined into "0 1995-01-03T00:00:00.000000000Z", and every row was refused.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('a counter named "Index" beside bars dated by their start and end (Index,Start Date,Open Price,...,End Date)', () => {
    const lines = rows.map(([date, open, high, low, close, , volume], i) => `${i},${date} 00:00:00,${open},${high},${low},${close},${volume},${date} 23:59:59.999`);
    const loaded = parseOhlcv(['Index,Start Date,Open Price,High Price,Low Price,Close Price,Volume,End Date', ...lines].join('\n'), 'so.csv', NOW);
    // The counter was read as the time ("0" is not a date), and every row was refused.
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it("MOEX's candles saved by pandas (,open,close,high,low,value,volume,begin,end) are dated by begin", () => {
    const lines = rows.map(([date, open, high, low, close, , volume], i) => `${i},${open},${close},${high},${low},0,${volume},${date} 00:00:00,${date} 23:59:59`);
    const loaded = parseOhlcv([',open,close,high,low,value,volume,begin,end', ...lines].join('\n'), 'moex.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars).toEqual(original);
  });

  it('a time column named with its zone (timestamp_utc, Date (UTC)) is the time, and needs no --times-in', () => {
    for (const name of ['timestamp_utc', 'Date (UTC)']) {
      const lines = rows.map(([date, open, high, low, close, , volume]) => `${date} 00:00:00,${open},${high},${low},${close},${volume}`);
      const loaded = parseOhlcv([`${name},open,high,low,close,volume`, ...lines].join('\n'), 'cme.csv', NOW);
      expect(loaded.bars, name).toEqual(original);
      expect(loaded.zonelessClock, name).toBe(false);
    }
  });

  it('an unnamed index of dates (a DatetimeIndex) is still the date, with or without a time-of-day column', () => {
    const dated = rows.map(([date, open, high, low, close, , volume]) => `${date},${open},${high},${low},${close},${volume}`);
    expect(parseOhlcv([',Open,High,Low,Close,Volume', ...dated].join('\n'), 'dt.csv', NOW).bars).toEqual(original);
    const clock = rows.map(([date, open, high, low, close, , volume]) => `${date},00:00,${open},${high},${low},${close},${volume}`);
    expect(parseOhlcv([',time,Open,High,Low,Close,Volume', ...clock].join('\n'), 'dt-time.csv', NOW).bars).toEqual(original);
  });
});
