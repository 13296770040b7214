import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { periodEndLabelWarnings } from '../../src/backtest/file-notices.js';

const file = (name: string, dates: string[]): string => {
  const path = join(tempDir(), name);
  writeFileSync(path, ['Date,Open,High,Low,Close,Volume', ...dates.map((d, i) => `${d},${3578 + i},${3667 + i},${3550 + i},${3600 + i},0`)].join('\n'));
  return path;
};
const warn = async (path: string) => periodEndLabelWarnings(await loadSeries([{ file: path, symbol: 'X' }], {}));

describe('weekly and monthly bars dated at the end of their period', () => {
  it('are said: the run takes a date for the bar’s open, so it sees each bar a period late', async () => {
    // backtrader's 2006-week-001.txt: Fridays, and Thursday 13 April before Good Friday.
    const fridays = file('week.csv', ['2006-03-31', '2006-04-07', '2006-04-13', '2006-04-21', '2006-04-28', '2006-05-05']);
    expect(await warn(fridays)).toEqual([expect.stringMatching(/\(X\) has weekly bars dated on the week’s Friday: the run reads a bar’s date as its open.*the Monday, the 1st/)]);
    // backtesting.py's BTCUSD.csv, as pandas' resample('M') dates months.
    const ends = file('month.csv', ['2012-01-31', '2012-02-29', '2012-03-31', '2012-04-30', '2012-05-31']);
    expect(await warn(ends)).toEqual([expect.stringMatching(/\(X\) has monthly bars dated at the month’s end/)]);
  });

  it('are said for quarters and years dated at their last day, as pandas’ resample(’Q’) and (’A’) write them', async () => {
    const quarters = file('quarter.csv', ['2011-12-31', '2012-03-31', '2012-06-30', '2012-09-30', '2012-12-31', '2013-03-29']);
    expect(await warn(quarters)).toEqual([expect.stringMatching(/\(X\) has quarterly bars dated at the quarter’s end: the run reads a bar’s date as its open/)]);
    const years = file('year.csv', ['2008-12-31', '2009-12-31', '2010-12-31', '2011-12-30', '2012-12-31']);
    expect(await warn(years)).toEqual([expect.stringMatching(/\(X\) has yearly bars dated at the year’s end/)]);
    expect(await warn(file('quarter-starts.csv', ['2012-01-01', '2012-04-01', '2012-07-01', '2012-10-01', '2013-01-01']))).toEqual([]);
  });

  it('are said for bars of any whole number of weeks dated on a Friday (backtrader’s 2006-week-002.txt), not when dated on a Monday', async () => {
    const twoWeeks = file('2006-week-002.txt', ['2006-01-13', '2006-01-27', '2006-02-10', '2006-02-24', '2006-03-10', '2006-03-24']);
    expect(await warn(twoWeeks)).toEqual([expect.stringMatching(/\(X\) has 2-week bars dated on the Friday of their last week: the run reads a bar’s date as its open.*the Monday, the 1st/)]);
    const fourWeeks = file('four.csv', ['2006-01-27', '2006-02-24', '2006-03-24', '2006-04-21', '2006-05-19']);
    expect(await warn(fourWeeks)).toEqual([expect.stringMatching(/\(X\) has 4-week bars dated on the Friday of their last week/)]);
    expect(await warn(file('two-mondays.csv', ['2006-01-02', '2006-01-16', '2006-01-30', '2006-02-13', '2006-02-27']))).toEqual([]);
  });

  it('are said for daily bars stamped at their day’s last minute (Kaggle’s coin histories, 23:59), not at its start in the file’s zone', async () => {
    const closes = file('coin_Cardano.csv', ['2017-10-02 23:59', '2017-10-03 23:59', '2017-10-04 23:59', '2017-10-05 23:59', '2017-10-06 23:59:59']);
    expect(await warn(closes)).toEqual([expect.stringMatching(/\(X\) has daily bars stamped at the end of their day \(23:59\): the run reads a bar’s date as its open.*a day at 00:00/)]);
    // Zerodha's daily bars at 00:00+05:30 are 18:30 UTC: the start of their day where the file writes it.
    expect(await warn(file('ntpc.csv', ['2020-10-01 00:00:00+05:30', '2020-10-05 00:00:00+05:30', '2020-10-06 00:00:00+05:30', '2020-10-07 00:00:00+05:30']))).toEqual([]);
  });

  it('leaves bars dated at their start alone, as Yahoo dates them (a Monday, the 1st), and daily bars', async () => {
    expect(await warn(file('mondays.csv', ['2006-03-27', '2006-04-03', '2006-04-10', '2006-04-17', '2006-04-24']))).toEqual([]);
    expect(await warn(file('firsts.csv', ['2012-01-01', '2012-02-01', '2012-03-01', '2012-04-01', '2012-05-01']))).toEqual([]);
    expect(await warn(file('days.csv', ['2006-03-31', '2006-04-03', '2006-04-04', '2006-04-05', '2006-04-06', '2006-04-07']))).toEqual([]);
  });
});
