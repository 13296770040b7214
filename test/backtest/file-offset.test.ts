import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OHLCV, backtest } from './helpers.js';
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
});
