import path from 'node:path';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { checkData, formatDuration } from '../../src/market/check-data.js';

const DIR = path.resolve(process.cwd(), '../shared/data/ohlcv');
async function run(file: string): Promise<{ code: number; text: string }> {
  const lines: string[] = [];
  const code = await checkData(file, (l) => lines.push(l));
  return { code, text: lines.join('\n') };
}

describe('checkData', () => {
  it('takes SYMBOL=path as the backtest does, and reads the path', async () => {
    const file = path.join(DIR, 'yfinance__ASAI-L-1h-bad-unit.csv');
    const { code, text } = await run(`ASAI/GBP=${file}`);
    expect(code).toBe(0);
    expect(text).toContain(`file: ${file}\n`);
    expect(text).toContain('result: WARN, 19 of 20 rows usable: 1 row (5 %) left out, rejected or quarantined as listed above; a backtest runs on the rest');
  });

  it('says how many bars are flat with no volume in a file whose other bars trade, and not when no bar has volume', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-data-flat-'));
    const rows = Array.from({ length: 30 }, (_, i) => {
      const day = new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10);
      // Days 10 and 20: filled in with the last close, no range and no volume (a holiday in a snapshot's rows).
      return [10, 20].includes(i) ? `${day},100,100,100,100,0` : `${day},100,101,99,100.5,${1000 + i}`;
    });
    const file = path.join(dir, 'filled.csv');
    writeFileSync(file, ['Date,Open,High,Low,Close,Volume', ...rows].join('\n'));
    // Such rows were used with nothing said.
    expect((await run(file)).text).toContain('\nflat: 2 bars with no range and no volume, in a file whose other bars trade (the first 2024-01-11T00:00:00Z, 2024-01-21T00:00:00Z): a holiday');
    const closes = path.join(dir, 'closes.csv');
    writeFileSync(closes, ['Date,Open,High,Low,Close,Volume', ...rows.map((r) => r.replace(/,\d+$/, ',0'))].join('\n'));
    expect((await run(closes)).text).not.toContain('flat:');
  });

  it('says when a daily file has narrow Sunday bars among its weekdays, and not when every day trades alike', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-data-sunday-'));
    const days = (n: number, keep: (weekday: number) => boolean, range: (weekday: number) => number) =>
      Array.from({ length: n }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)))
        .filter((d) => keep(d.getUTCDay()))
        .map((d) => { const r = range(d.getUTCDay()); return `${d.toISOString().slice(0, 10)},100,${100 + r},${100 - r},100.2,${1000 + r * 100}`; });
    const header = 'Date,Open,High,Low,Close,Volume';
    // Weekdays and a Sunday of a fifth of their range (an FX broker's Sunday evening written as a day), over 8 weeks.
    const fx = path.join(dir, 'fx.csv');
    writeFileSync(fx, [header, ...days(56, (w) => w !== 6, (w) => (w === 0 ? 0.2 : 1))].join('\n'));
    const text = (await run(fx)).text;
    expect(text).toContain('\nweekend: 8 daily bars dated on a Saturday or Sunday (the first 2024-01-07T00:00:00Z, 2024-01-14T00:00:00Z, 2024-01-21T00:00:00Z), at 20 % of the weekdays');
    expect(text).toContain('result: OK, 48 of 48 rows usable');
    // A coin trades every day alike; Sunday bars as wide as the weekdays' are days like the others.
    const coin = path.join(dir, 'coin.csv');
    writeFileSync(coin, [header, ...days(56, () => true, () => 1)].join('\n'));
    const wide = path.join(dir, 'wide.csv');
    writeFileSync(wide, [header, ...days(56, (w) => w !== 6, () => 1)].join('\n'));
    for (const file of [coin, wide]) expect((await run(file)).text).not.toContain('weekend:');
    // Make-up Saturdays (the Moscow Exchange's, a few a year), thin as they often are: sessions, not Sunday stubs.
    const moex = path.join(dir, 'moex.csv');
    const saturdays = new Set(['2024-02-03', '2024-04-27', '2024-07-06', '2024-11-02', '2024-12-28']);
    const year = Array.from({ length: 366 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i)))
      .filter((d) => d.getUTCDay() % 6 !== 0 || saturdays.has(d.toISOString().slice(0, 10)))
      .map((d) => { const r = d.getUTCDay() === 6 ? 0.3 : 1; return `${d.toISOString().slice(0, 10)},100,${100 + r},${100 - r},100.2,1000`; });
    writeFileSync(moex, [header, ...year].join('\n'));
    expect((await run(moex)).text).not.toContain('weekend:');
  });

  it('reports range, bar size, gaps and the quarantined unit error', async () => {
    const { code, text } = await run(path.join(DIR, 'yfinance__ASAI-L-1h-bad-unit.csv'));
    expect(code).toBe(0);
    expect(text).toContain('range: 2024-10-21T09:00:00Z .. 2024-10-30T14:00:00Z (19 valid bars)');
    expect(text).toContain('bar size: 1h');
    expect(text).toMatch(/gaps: \d+ \(/);
    expect(text).toContain('quarantined: 1');
    expect(text).toMatch(/row 13 \[unit-error\] low 0\.6\d* is ~100x off/);
    expect(text).toContain('result: WARN, 19 of 20 rows usable: 1 row (5 %) left out, rejected or quarantined as listed above; a backtest runs on the rest');
  });

  it('says when intraday times carry no zone and are read as UTC, and not when they carry one or are days', async () => {
    const zoneless = await run(path.join(DIR, 'backtrader__2006-01-02-volume-min-001.txt'));
    expect(zoneless.text).toMatch(/\ntimes: written without a time zone, read as UTC; .*--times-in America\/New_York/);
    // yfinance writes its offset (+00:00, -05:00); a daily file's dates alone shift nothing by hours.
    for (const file of ['yfinance__ASAI-L-1h-bad-unit.csv', 'yfinance__EA-15m-no-bad-divs.csv', 'backtrader__orcl-1995-2014.txt']) {
      expect((await run(path.join(DIR, file))).text).not.toContain('times: ');
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'conclave-zone-'));
    const mt4 = path.join(dir, 'EURUSD60.csv');
    writeFileSync(mt4, ['2013.05.17 03:00\t1.2880\t1.2890\t1.2870\t1.2885\t100', '2013.05.17 04:00\t1.2885\t1.2895\t1.2880\t1.2890\t120', '2013.05.17 05:00\t1.2890\t1.2900\t1.2885\t1.2895\t90'].join('\n'));
    const mt = await run(mt4);
    expect(mt.code, mt.text).toBe(0);
    expect(mt.text).toContain('times: written without a time zone');
    const zoned = path.join(dir, 'zoned.csv');
    writeFileSync(zoned, ['Datetime,Open,High,Low,Close,Volume', '2025-05-17 03:00:00-04:00,1,2,0.5,1.5,1', '2025-05-17 04:00:00-04:00,1,2,0.5,1.5,1', '2025-05-17 05:00:00Z,1,2,0.5,1.5,1'].join('\n'));
    expect((await run(zoned)).text).not.toContain('times: ');
    // Dukascopy's header says its times are GMT.
    const dukascopy = path.join(dir, 'EURUSD_Candlestick_1_Hour_BID.csv');
    writeFileSync(dukascopy, ['Gmt time,Open,High,Low,Close,Volume', '02.06.2003 00:00:00.000,1.1809,1.1811,1.1794,1.1796,5150.6', '02.06.2003 01:00:00.000,1.1796,1.1803,1.1790,1.1801,4790.1', '02.06.2003 02:00:00.000,1.1801,1.1815,1.1799,1.1812,6003.2'].join('\n'));
    const gmt = await run(dukascopy);
    expect(gmt.text).toContain('range: 2003-06-02T00:00:00Z .. 2003-06-02T02:00:00Z (3 valid bars)');
    expect(gmt.text).not.toContain('times: ');
  });

  it('says, as the backtest does, when bars of whole weeks or months are dated at their period’s end', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conclave-period-'));
    const write = (name: string, dates: string[]) => {
      const file = path.join(dir, name);
      writeFileSync(file, ['Date,Open,High,Low,Close,Volume', ...dates.map((d, i) => `${d},${3578 + i},${3667 + i},${3550 + i},${3600 + i},0`)].join('\n'));
      return file;
    };
    // backtrader's 2006-week-002.txt: two weeks to a bar, each dated on the Friday that ends it.
    const fridays = await run(write('2006-week-002.txt', ['2006-01-13', '2006-01-27', '2006-02-10', '2006-02-24', '2006-03-10']));
    expect(fridays.text).toMatch(/\ndates: 2-week bars dated on the Friday of their last week: a backtest reads a bar’s date as its open, so each bar is seen a period late.*the Monday, the 1st/);
    expect((await run(write('month.csv', ['2012-01-31', '2012-02-29', '2012-03-31', '2012-04-30', '2012-05-31']))).text).toContain('\ndates: monthly bars dated at the month’s end: ');
    expect((await run(write('mondays.csv', ['2006-03-27', '2006-04-03', '2006-04-10', '2006-04-17', '2006-04-24']))).text).not.toContain('dates: ');
    expect((await run(path.join(DIR, 'backtrader__orcl-1995-2014.txt'))).text).not.toContain('dates: ');
  });

  it('lists every row of the unadjusted split', async () => {
    const { code, text } = await run(path.join(DIR, 'yfinance__4063-T-1d-bad-stock-split.csv'));
    expect(code).toBe(0);
    expect(text).toContain('newest first (reversed)');
    // Adapted (look-ahead): the 9 rows before the split were quarantined; now the 13 rows from it are.
    expect(text).toContain('quarantined: 13');
    expect(text).toContain('bar size: 1d');
  });

  it('reads the clock times in the zone --times-in names, and says so; a zone it does not know is a bad argument', async () => {
    const file = path.join(DIR, 'backtrader__2006-01-02-volume-min-001.txt');
    const lines: string[] = [];
    expect(await checkData(file, (l) => lines.push(l), 'America/New_York')).toBe(0);
    const text = lines.join('\n');
    expect(text).toContain('range: 2006-01-02T14:01:00Z .. ');
    expect(text).toMatch(/\ntimes: 30889 rows written without a time zone, read in America\/New_York \(--times-in\)/);
    expect(text).not.toContain('read as UTC');
    const bad: string[] = [];
    expect(await checkData(file, (l) => bad.push(l), 'New York')).toBe(78);
    expect(bad).toEqual(['error: --times-in "New York" is not a time zone this runtime knows; name an IANA zone (America/New_York, Europe/London, Etc/GMT-2 for a fixed UTC+2)']);
  });

  it('names monthly bars as such, not as a 31-day bar size', async () => {
    // ORCL's last trading day of each month, as a monthly download writes it.
    const rows = readFileSync(path.join(DIR, 'backtrader__orcl-1995-2014.txt'), 'utf8').trim().split('\n');
    const monthEnds = rows.slice(1).filter((r, i, all) => all[i + 1]?.slice(0, 7) !== r.slice(0, 7));
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'conclave-monthly-')), 'orcl-monthly.csv');
    writeFileSync(file, [rows[0], ...monthEnds].join('\n'));
    const { code, text } = await run(file);
    expect(code).toBe(0);
    expect(text).toContain('bar size: 31d (monthly bars: the commonest step between two rows)');
    expect(text).toContain('gaps: 0');
  });

  it('lists unexpected gaps of the 1-minute file', async () => {
    const { text } = await run(path.join(DIR, 'backtrader__2006-01-02-volume-min-001.txt'));
    expect(text).toContain('bar size: 1m');
    expect(text).toMatch(/\d+ bars missing/);
    expect(text).not.toContain('(s)');
    expect((await run(path.join(DIR, 'backtesting.py__GOOG.csv'))).text).toContain('2004-11-24T00:00:00Z -> 2004-11-26T00:00:00Z  1 bar missing (2d)');
    expect(text).toMatch(/and \d+ smaller gaps/);
  });

  it('fails when nothing usable is left or the file is unreadable', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'check-data-'));
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'Date,Open,High,Low,Close,Volume\n2024-01-01,1,0.5,2,1,1\n2024-01-02,NaN,1,1,1,1\n');
    const r = await run(bad);
    expect(r.code).toBe(1);
    expect(r.text).toContain('row 2 [high-below-low]');
    expect(r.text).toContain('row 3 [non-finite]');
    expect(r.text).toContain('result: FAIL, no usable bars left');
    // A file in a date format the reader does not know: the first rows and a count, not one line per row.
    const us = path.join(dir, 'us.csv');
    writeFileSync(us, 'Date,Open,High,Low,Close\n' + Array.from({ length: 50 }, (_, i) => `${(i % 28) + 1}.1.24,1,2,0.5,1.5\n`).join(''));
    const unread = await run(us);
    expect(unread.code).toBe(1);
    expect(unread.text).toContain('rejected: 50');
    expect(unread.text.split('\n').filter((l) => l.includes('.1.24" in column "Date" is not a date')).length).toBe(20);
    expect(unread.text).toContain('... and 30 more [invalid-time] rows');
    expect(unread.text).toMatch(/what to do \(invalid-time\): rewrite those times as YYYY-MM-DD .*a two-digit year .* is not guessed/);
    // A path that names no file is a bad argument, as in the backtest.
    // Through a file (ENOTDIR) or too long a name (ENAMETOOLONG) too: the check of the path threw its own error after the
    // message, exit 1 with a second, bare line.
    // A device (/dev/zero) has no end: it took gigabytes, then the process crashed.
    for (const wrong of [path.join(dir, 'nope.csv'), dir, path.join(bad, 'x.csv'), path.join(dir, 'a'.repeat(300)), '/dev/zero']) {
      const missing = await run(wrong);
      expect(missing.code).toBe(78);
      expect(missing.text).toMatch(/^error: cannot read OHLCV file /);
    }
  });

  it('says what to do about rows whose open or close lies outside their own range or whose price is left empty, as about the other rejected rows', async () => {
    // Investing.com's gold futures history: 348 of 2,605 rows have a close (a settlement price) outside the day's high
    // and low. The backtest says 'run conclave check-data ... for why and what to do'; check-data said only why.
    const dir = mkdtempSync(path.join(tmpdir(), 'check-data-'));
    const file = path.join(dir, 'gold.csv');
    writeFileSync(file, 'Date,Open,High,Low,Close\n2018-07-12,1245,1246.7,1240.9,1245\n2018-07-13,1244.7,1247,1244.7,1239.6\n2018-07-16,1242.7,1243.8,1242.7,1238.1\n2018-07-17,1240.8,1245.1,1225.9,1227.4\n2018-07-18,1227,1229.1,1220.9,1227.3\n');
    const { code, text } = await run(file);
    expect(code).toBe(0);
    expect(text).toContain('rejected: 2');
    expect(text).toContain('row 3 [close-outside-range] close 1239.6 is outside [low 1244.7, high 1247]');
    expect(text).toMatch(/ {2}what to do \(close-outside-range\): .*high and low/);
    expect(text).toContain('result: WARN, 3 of 5 rows usable: 2 rows (40 %) left out');
    // Quandl's corn futures (CHRIS/CME_C1) on 2017-06-28: the open left empty beside a high, low and settle. The row
    // was listed 'open is empty' and nothing said what to do.
    const corn = path.join(dir, 'corn.csv');
    writeFileSync(corn, 'Date,Open,High,Low,Last,Change,Settle,Volume,Previous Day Open Interest\n6/27/2017,356,360,355,358,1,357,1000,2000\n6/28/2017,,360.5,356.75,355.5,2.5,356.75,196726,121651\n6/29/2017,357,361,355.5,360,3,360,1000,2000\n');
    const blank = await run(corn);
    expect(blank.text).toContain('row 3 [non-finite] open is empty');
    expect(blank.text).toMatch(/ {2}what to do \(non-finite\): .*fill it in from another source.*or delete the row/);
  });

  it('ends in a warning when more than 1 % of the rows are left out, and OK for one stray row in a long file', async () => {
    // Investing.com's palladium: 308 of 1,879 rows refused (settlements outside the day's range), and the result was
    // "OK". A duplicate row among 150 is no reason to doubt the file.
    const dir = mkdtempSync(path.join(tmpdir(), 'check-data-share-'));
    const days = (n: number) => Array.from({ length: n }, (_, i) => `${new Date(Date.UTC(2024, 0, 1 + i)).toISOString().slice(0, 10)},100,101,99,100.5,1000`);
    const long = days(150);
    const stray = path.join(dir, 'stray.csv');
    writeFileSync(stray, ['Date,Open,High,Low,Close,Volume', ...long.slice(0, 75), long[74]!, ...long.slice(75)].join('\n'));
    const one = await run(stray);
    expect(one.code).toBe(0);
    expect(one.text).toContain('rejected: 1');
    expect(one.text).toContain('result: OK, 150 of 151 rows usable');
    const settled = path.join(dir, 'settled.csv');
    writeFileSync(settled, ['Date,Open,High,Low,Close,Volume', ...days(150).map((row, i) => (i % 6 === 5 ? row.replace(',100.5,', ',101.5,') : row))].join('\n'));
    const many = await run(settled);
    expect(many.code).toBe(0);
    expect(many.text).toContain('rejected: 25');
    expect(many.text).toContain('result: WARN, 125 of 150 rows usable: 25 rows (17 %) left out, rejected or quarantined as listed above; a backtest runs on the rest');
  });

  it('formats durations', () => {
    expect([60_000, 300_000, 3_600_000, 86_400_000, 1500].map(formatDuration)).toEqual(['1m', '5m', '1h', '1d', '1500ms']);
  });
});
