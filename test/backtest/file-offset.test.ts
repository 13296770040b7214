import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINUTE, OHLCV, backtest, iso, tempDir } from './helpers.js';
import { loadSeries } from '../../src/backtest/load-series.js';
import { buildReportData } from '../../src/backtest/report/build-report.js';
import { chartPayload } from '../../src/backtest/report/chart-payload.js';
import { reportPage } from '../../src/backtest/report/report-page.js';

const TOKYO = join(OHLCV, 'yfinance__4063-T-1d-bad-stock-split.csv');

// Tokyo's daily bars open at 00:00+09:00, 15:00 UTC the day before: the page's candles and marks sat on the day
// before each row's date (a Monday's bar drawn on a Sunday), and nothing on it said why.
describe('a file written ahead of UTC', () => {
  it('is charted on its own dates, says its offset, and keeps report.json and the tables in UTC', async () => {
    const run = await backtest([{ file: TOKYO, symbol: '4063-T' }]);
    const data = buildReportData(run.record);
    const symbol = data.report.symbols[0]!;
    expect(symbol.utcOffset).toBe('+09:00');
    expect(symbol.firstBar).toMatch(/T15:00:00\.000Z$/);
    const chart = chartPayload(run.record, data).symbols[0]!;
    const first = run.record.symbols[0]!.bars[0]!.time;
    expect(chart.candles[0]![0]).toBe((first + 9 * 3600_000) / 1000);
    // Every candle at the file's own midnight, on the day its row names.
    expect(chart.candles.every((c) => (c[0] * 1000) % 86_400_000 === 0)).toBe(true);
    expect(reportPage(run.record, data, '')).toContain('charted in the file’s own time (+09:00); times elsewhere on this page are UTC');
  }, 60_000);

  it('read in its zone (--times-in), is charted on that zone’s clock too, and says so', async () => {
    // The file's first row is 2006-01-02,09:01:00, New York's time: 14:01 UTC, where the chart drew it.
    const run = await backtest([{ file: MINUTE, symbol: 'FUT', timesIn: 'America/New_York' }], { to: '2006-01-03' });
    const data = buildReportData(run.record);
    const chart = chartPayload(run.record, data).symbols[0]!;
    expect(run.record.symbols[0]!.bars[0]!.time).toBe(Date.UTC(2006, 0, 2, 14, 1));
    expect(chart.candles[0]![0]).toBe(Date.UTC(2006, 0, 2, 9, 1) / 1000);
    expect(chart.candles.every((c, i) => i === 0 || c[0] > chart.candles[i - 1]![0])).toBe(true);
    expect(reportPage(run.record, data, '')).toContain('its times read in America/New_York and charted on its clock; times elsewhere on this page are UTC');
  }, 60_000);
});

describe('a date alone on a file whose offset changes (a zone with daylight time)', () => {
  it('bounds the day as the rows at that date write it: a later row at another offset moves no --from', async () => {
    // The shared EURUSD hours written at +00:00, as London's winter rows are, then the same with one summer row
    // (+01:00) after them: the file's largest offset, an hour, began the span at 23:00 UTC the day before.
    const [header, ...rows] = readFileSync(join(OHLCV, 'backtesting.py__EURUSD.csv'), 'utf8').trim().split('\n');
    const winter = rows.map((r) => r.replace(/^([\d-]+ [\d:]+),/, '$1+00:00,'));
    const dir = tempDir();
    const write = (name: string, lines: string[]) => (writeFileSync(join(dir, name), [header, ...lines].join('\n')), join(dir, name));
    const files = [write('gmt.csv', winter), write('bst.csv', [...winter, '2018-03-26 10:00:00+01:00,1.23,1.231,1.229,1.2305,1000'])];
    const firsts = [];
    for (const file of files) {
      const [s] = await loadSeries([{ file, symbol: 'EURUSD' }], { from: iso('2017-06-01'), fromDay: true });
      firsts.push(new Date(s!.bars[s!.first]!.time).toISOString());
    }
    expect(firsts).toEqual(['2017-06-01T00:00:00.000Z', '2017-06-01T00:00:00.000Z']);
  });
});
