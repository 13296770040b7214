import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MINUTE, OHLCV, backtest } from './helpers.js';
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
