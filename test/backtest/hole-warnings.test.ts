import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOG, ORCL, tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { holeWarnings } from '../../src/backtest/hole-warnings.js';

describe('holes in the files of a backtest', () => {
  it('says where a file has no bar for longer than any market closes, and where it ends well before the others', async () => {
    const rows = readFileSync(ORCL, 'utf8').trim().split('\n');
    const gap = join(tempDir(), 'gap.csv');
    writeFileSync(gap, rows.filter((r) => !r.startsWith('2006-')).join('\n'));
    const ends = join(tempDir(), 'ends.csv');
    writeFileSync(ends, rows.filter((r) => !/^20(0[89]|1\d)-/.test(r)).join('\n'));
    const span = { from: Date.UTC(2005, 0, 1), to: Date.UTC(2009, 0, 1) };
    const lines = holeWarnings(await loadSeries([{ file: gap, symbol: 'ORCL' }, { file: ends, symbol: 'OLD' }, { file: GOOG, symbol: 'GOOG' }], span));
    expect(lines).toEqual([
      `${gap} (ORCL) has no bar from 2005-12-30T00:00:00Z to 2007-01-03T00:00:00Z (369 days): no decision, fill or exit there, and a position held across is valued at the bar before`,
      `${ends} (OLD) ends at 2007-12-31T00:00:00Z, 366 days before the run's last bar: a position still held then is valued at that bar's close to the end`,
    ]);
    // Two files of other years, run together: no bar of either between them.
    const early = join(tempDir(), 'early.csv');
    writeFileSync(early, rows.filter((r) => /^(Date|1996-)/.test(r)).join('\n'));
    const apart = holeWarnings(await loadSeries([{ file: early, symbol: 'ORCL' }, { file: GOOG, symbol: 'GOOG' }], {}));
    expect(apart.at(-1)).toBe(
      'no file has a bar from 1997-01-01T00:00:00Z to 2004-08-19T00:00:00Z (2787 days): the annual figures (CAGR, volatility, Sharpe, Sortino) count that time as flat; run the files apart for each one\'s figures',
    );
    // The clean files over the same span, holidays and all: nothing to say.
    expect(holeWarnings(await loadSeries([{ file: ORCL, symbol: 'ORCL' }, { file: GOOG, symbol: 'GOOG' }], span))).toEqual([]);
  });

  it('takes a monthly file’s steps of a month for its bars, not for holes, and still says a month it lacks', async () => {
    // Month-end labels as pandas' resample('M') writes them (backtesting.py's BTCUSD.csv): every step 28 to 31 days.
    const ends = ['2012-01-31', '2012-02-29', '2012-03-31', '2012-04-30', '2012-05-31', '2012-06-30', '2012-07-31', '2012-08-31', '2012-09-30', '2012-10-31', '2012-11-30', '2012-12-31'];
    const row = (d: string, i: number): string => `${d},${10 + i},${12 + i},${9 + i},${11 + i},100`;
    const whole = join(tempDir(), 'monthly.csv');
    writeFileSync(whole, ['Date,Open,High,Low,Close,Volume', ...ends.map(row)].join('\n'));
    expect(holeWarnings(await loadSeries([{ file: whole, symbol: 'BTCUSD' }], {}))).toEqual([]);
    const lacking = join(tempDir(), 'lacking.csv');
    writeFileSync(lacking, ['Date,Open,High,Low,Close,Volume', ...ends.map(row).filter((r) => !r.startsWith('2012-06'))].join('\n'));
    expect(holeWarnings(await loadSeries([{ file: lacking, symbol: 'BTCUSD' }], {}))).toEqual([
      `${lacking} (BTCUSD) has no bar from 2012-05-31T00:00:00Z to 2012-07-31T00:00:00Z (61 days): no decision, fill or exit there, and a position held across is valued at the bar before; the annual figures (CAGR, volatility, Sharpe, Sortino) count that time as flat`,
    ]);
  });

  it('finds no hole between the months of a monthly file, nor an end in its last month, but a month missing is one', async () => {
    const months = Array.from({ length: 36 }, (_, m) => new Date(Date.UTC(2005, m, 1)).toISOString().slice(0, 10));
    const write = (name: string, dates: string[]) => {
      const file = join(tempDir(), name);
      writeFileSync(file, ['Date,Open,High,Low,Close,Volume', ...dates.map((d, i) => `${d},${10 + i},${11 + i},${9 + i},${10.5 + i},1000`)].join('\n') + '\n');
      return file;
    };
    const span = { from: Date.UTC(2005, 0, 1), to: Date.UTC(2007, 11, 31) };
    // Beside GOOG's daily bars, which end on 2007-12-31: the monthly file's last bar opens on 2007-12-01 and holds December.
    expect(holeWarnings(await loadSeries([{ file: write('m.csv', months), symbol: 'M' }, { file: GOOG, symbol: 'GOOG' }], span))).toEqual([]);
    const missing = write('gap.csv', months.filter((d) => d !== '2006-03-01'));
    expect(holeWarnings(await loadSeries([{ file: missing, symbol: 'M' }], span))).toEqual([
      `${missing} (M) has no bar from 2006-02-01T00:00:00Z to 2006-04-01T00:00:00Z (59 days): no decision, fill or exit there, and a position held across is valued at the bar before; the annual figures (CAGR, volatility, Sharpe, Sortino) count that time as flat`,
    ]);
  });
});
