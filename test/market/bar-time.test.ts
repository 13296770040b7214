import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EpochUnits, parseBarTime } from '../../src/market/bar-time.js';

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));

describe('parseBarTime, digit by digit', () => {
  it('reads YYYY-MM-DD and YYYY-MM-DD HH:MM:SS as the general path reads the same time with a T or a Z', () => {
    // Out-of-range fields too (month 13, day 31 of a short month, hour 24, second 60): invalid dates must stay NaN.
    const date = fc.tuple(fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')), two(19), two(39)).map(([y, m, d]) => `${y}-${m}-${d}`);
    const time = fc.tuple(two(29), two(69), two(69)).map(([h, m, s]) => `${h}:${m}:${s}`);
    fc.assert(
      fc.property(date, time, (d, t) => {
        expect(parseBarTime(d)).toBe(parseBarTime(`${d}Z`));
        expect(parseBarTime(`${d} ${t}`)).toBe(parseBarTime(`${d}T${t}`));
        expect(parseBarTime(` ${d} ${t} `)).toBe(parseBarTime(`${d}T${t}Z`));
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves what is not all digits to the general path', () => {
    expect(parseBarTime('2024-01-02')).toBe(Date.UTC(2024, 0, 2));
    expect(parseBarTime('2024-02-30')).toBeNaN();
    expect(parseBarTime('2024-01-02 24:00:00')).toBe(Date.UTC(2024, 0, 3));
    expect(parseBarTime('2024-0a-02')).toBeNaN();
    expect(parseBarTime('2024-01-02 9:01:00Z')).toBe(Date.UTC(2024, 0, 2, 9, 1));
    expect(parseBarTime('2024-01-02 09:01:0x')).toBeNaN();
  });
});

describe('a zone written as its name and an offset', () => {
  it('reads Dukascopy’s local-time exports (01.03.2021 00:00:00.000 GMT+0100) at the instant they name', async () => {
    const { parseOhlcv } = await import('../../src/market/ohlcv-file.js');
    // Dukascopy's "Local time" column: Central European time, the offset changing with daylight saving.
    const csv = [
      'Local time,Open,High,Low,Close,Volume',
      '26.03.2021 23:00:00.000 GMT+0100,1.1790,1.1800,1.1780,1.1795,1520.5',
      '29.03.2021 00:00:00.000 GMT+0200,1.1795,1.1810,1.1785,1.1800,1610.2',
      '30.03.2021 00:00:00.000 GMT-0130,1.1800,1.1820,1.1790,1.1810,1702.0',
    ].join('\n');
    const result = parseOhlcv(csv, 'EURUSD_Candlestick_1_D_BID.csv');
    expect([...result.rejected, ...result.quarantined]).toEqual([]);
    expect(result.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2021-03-26T22:00:00.000Z', '2021-03-28T22:00:00.000Z', '2021-03-30T01:30:00.000Z']);
    expect(parseBarTime('2021-03-29 00:00 UTC+02:00')).toBe(Date.UTC(2021, 2, 28, 22));
    expect(parseBarTime('2021-03-29 00:00 GMT+2')).toBeNaN();
  });
});

describe('epoch times before 1970', () => {
  it('reads them negative, in seconds, ms, µs or ns by their size, as pandas’ to_json writes an index from 1950', async () => {
    const jan1950 = Date.UTC(1950, 0, 1);
    for (const text of ['-631152000', '-631152000000', '-631152000000000', '-631152000000000000']) expect(parseBarTime(text)).toBe(jan1950);
    expect(parseBarTime('-2208988800')).toBe(Date.UTC(1900, 0, 1));
    // The last day of 1969 in ms, alone, reads as seconds (1967); in a file, the rows before it say the unit.
    expect(parseBarTime('-86400000')).toBe(-86_400_000 * 1000);
    expect(parseBarTime('-1')).toBeNaN();
    const { parseOhlcv } = await import('../../src/market/ohlcv-file.js');
    const weeks = [0, 1, 2].map((i) => ({ time: -631152000000 + i * 7 * 86_400_000, open: 16.66 + i * 0.1, high: 17.1 + i * 0.1, low: 16.6 + i * 0.1, close: 17 + i * 0.1, volume: 9040000 }));
    const result = parseOhlcv(JSON.stringify(weeks), 'sp500-weekly.json');
    expect([...result.rejected, ...result.quarantined]).toEqual([]);
    expect(result.bars.map((b) => new Date(b.time).toISOString().slice(0, 10))).toEqual(['1950-01-01', '1950-01-08', '1950-01-15']);
  });

  it('reads a file’s times across 1970 in the unit of the rows before them, as ta4j writes the S&P 500 since 1950', async () => {
    const { parseOhlcv } = await import('../../src/market/ohlcv-file.js');
    // Weekly, 1969-06-02 to 1973-06-04: near 1970 a time alone reads as seconds (1970-01-05 in ms as 1981), and those
    // rows were refused out of order, from December 1969 to March 1973.
    const start = Date.UTC(1969, 5, 2);
    const week = 7 * 86_400_000;
    const times = Array.from({ length: 210 }, (_, i) => start + i * week);
    const bar = (i: number) => ({ open: 100 + i * 0.01, high: 101 + i * 0.01, low: 99 + i * 0.01, close: 100.5 + i * 0.01, volume: 1e6 });
    const ta4j = { name: '^GSPC', ohlc: times.map((t, i) => ({ endTime: t, openPrice: bar(i).open, highPrice: bar(i).high, lowPrice: bar(i).low, closePrice: bar(i).close, volume: 1e6, amount: 0 })) };
    for (const [name, text] of [
      ['ta4j.json', JSON.stringify(ta4j)],
      ['records-ms.json', JSON.stringify(times.map((t, i) => Object.assign({ time: t }, bar(i))))],
      ['arrays-seconds.json', JSON.stringify(times.map((t, i) => [t / 1000, bar(i).open, bar(i).high, bar(i).low, bar(i).close, 1e6]))],
      ['newest-first-ms.json', JSON.stringify(times.map((t, i) => [t, bar(i).open, bar(i).high, bar(i).low, bar(i).close, 1e6]).reverse())],
      ['ms.csv', ['time,open,high,low,close,volume', ...times.map((t, i) => `${t},${bar(i).open},${bar(i).high},${bar(i).low},${bar(i).close},1000000`), ''].join('\n')],
    ] as const) {
      const result = parseOhlcv(text, name);
      expect([name, result.rejected, result.quarantined]).toEqual([name, [], []]);
      expect(result.bars.map((b) => b.time)).toEqual(times);
    }
  });
});

describe('epoch times, each row in its own unit', () => {
  const hours = Array.from({ length: 30 }, (_, i) => Date.UTC(2024, 0, 2) + i * 3_600_000);
  const csv = (texts: string[]) => ['time,open,high,low,close,volume', ...texts.map((t, i) => `${t},${100 + i},${101 + i},${99 + i},${100.5 + i},1000`), ''].join('\n');

  it('reads no earlier row by a later one: a last row in ms after rows in seconds (or the reverse) changes none before it', async () => {
    const { parseOhlcv } = await import('../../src/market/ohlcv-file.js');
    // The unit was the file's widest of its first and last times: one last row in ms read every row in seconds as
    // January 1970, and all of them were refused.
    const seconds = hours.map((t) => String(t / 1000));
    for (const texts of [[...seconds.slice(0, -1), String(hours.at(-1)!)], [...hours.slice(0, -1).map(String), seconds.at(-1)!]]) {
      const result = parseOhlcv(csv(texts), 'hours.csv');
      expect([...result.rejected, ...result.quarantined]).toEqual([]);
      expect(result.bars.map((b) => b.time)).toEqual(hours);
      const json = parseOhlcv(JSON.stringify(texts.map((t, i) => [Number(t), 100 + i, 101 + i, 99 + i, 100.5 + i, 1000])), 'hours.json');
      expect(json.bars.map((b) => b.time)).toEqual(hours);
    }
  });

  it('reads times in ms from 1970 to 1973 as ms from the first row, where seconds would be after 2042', () => {
    // 1971-02-05 (the Nasdaq Composite's first day) in ms is 3.4e10: as seconds, the year 3065.
    const t = Date.UTC(1971, 1, 5);
    expect(new EpochUnits().scaleOf(String(t))).toBe(1);
    expect(parseBarTime(String(t))).toBe(t);
    expect(parseBarTime(String(Date.UTC(2024, 0, 2) / 1000))).toBe(Date.UTC(2024, 0, 2));
    // Not an epoch time: a date, YYYYMMDD, YYYYMMDDHHMMSS, and a short number before any epoch row.
    for (const text of ['2024-01-02', '20240102', '20240102093000', '86400']) expect(new EpochUnits().scaleOf(text)).toBeUndefined();
    // In a file of dates, a stray long number is no epoch time, and the dates after it read as dates.
    const dated = new EpochUnits();
    expect(['20240102', '2024010309', '20240104'].map((t) => dated.scaleOf(t))).toEqual([undefined, undefined, undefined]);
  });
});

describe('epoch times a spreadsheet rounded', () => {
  it('refuses Binance’s open_time saved by Excel as 1.67253E+12, saying its digits are lost and what to do', async () => {
    const { parseOhlcv } = await import('../../src/market/ohlcv-file.js');
    // A data.binance.vision kline file opened and saved in Excel: 13-digit ms times kept to 6 digits (10^7 ms apart).
    const text = 'open_time,open,high,low,close,volume,close_time\n1.70675E+12,96.91,97.677,96.02,97.281,955693,1.70675E+12\n1.70675E+12,97.28,97.9,96.9,97.5,855693,1.70676E+12\n';
    const result = parseOhlcv(text, 'SOLUSDT-1h-2024-02.csv');
    expect(result.bars).toEqual([]);
    expect(result.rejected.map((r) => r.code)).toEqual(['invalid-time', 'invalid-time']);
    expect(result.rejected[0]!.message).toContain('scientific notation');
    expect(result.rejected[0]!.message).toContain('within 2.8 hours');
    expect(result.rejected[0]!.message).toContain('use the file as downloaded');
  });
});

describe('parseBarTime, a named month with a comma before the time', () => {
  it("reads XTB's ctmString (Aug 20, 2024, 12:30:00 AM), where every row was refused", () => {
    expect(parseBarTime('Aug 20, 2024, 12:30:00 AM')).toBe(Date.UTC(2024, 7, 20, 0, 30));
    expect(parseBarTime('Aug 20, 2024, 1:00:00 PM')).toBe(Date.UTC(2024, 7, 20, 13, 0));
    expect(parseBarTime('Aug 20, 2024 13:00')).toBe(Date.UTC(2024, 7, 20, 13, 0));
    // A comma followed by anything but a time is not read.
    expect(parseBarTime('Aug 20, 2024, x')).toBeNaN();
  });
});

describe('a time of day without its date', () => {
  it("says the date is missing and how to write it (a day's minutes dated by the file's name only)", async () => {
    const { parseOhlcv } = await import('../../src/market/ohlcv-file.js');
    // kabutan's minute chart as a scraper saves each day (docs/data/0010/2026-08-21.json): the date is in the file name.
    const text = '[{"t": "09:00", "o": 3965.39, "h": 3965.39, "l": 3952.09, "c": 3955.96, "v": 147493000}, {"t": "09:01", "o": 3955.74, "h": 3960.52, "l": 3955.74, "c": 3957.4, "v": 23231200}]';
    const result = parseOhlcv(text, '2026-08-21.json');
    expect(result.bars).toEqual([]);
    // It was called "not a date this reader knows", naming every format but not what it lacked.
    expect(result.rejected.map((r) => r.message)).toEqual([
      'time "09:00" is a time of day without its date (a day\'s bars saved with the date in the file\'s name alone?): write each row\'s date before its time, as 2024-01-03 09:00',
      'time "09:01" is a time of day without its date (a day\'s bars saved with the date in the file\'s name alone?): write each row\'s date before its time, as 2024-01-03 09:01',
    ]);
  });
});
