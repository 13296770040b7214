import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
// StockSharp's QUIK sample (LKOH_history.txt), as Finam's export is without its header: YYYYMMDD, then the bar's time
// of day as HHMMSS digits, open, high, low, close, volume; Moscow's clock.
const TEXT = [
  '20120917,100000,2002.10000,2009.60000,2002.10000,2006.00000,25804',
  '20120917,100500,2006.10000,2018.00000,2006.00000,2016.80000,33859',
  '20120917,101000,2016.00000,2018.00000,2014.00000,2018.00000,20048',
  '20120918,100000,2025.80000,2031.00000,2025.60000,2028.30000,29030',
].join('\n');

describe('a file without a header whose second field is the time of day as digits', () => {
  it('reads that field as the time, and the prices after it', () => {
    const r = parseOhlcv(TEXT, 'LKOH_history.txt', { ...NOW, timesIn: 'Europe/Moscow' });
    // Read as the open, every price was a column off: each row refused as high below low, "high and low swapped".
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => new Date(b.time).toISOString())).toEqual(['2012-09-17T06:00:00.000Z', '2012-09-17T06:05:00.000Z', '2012-09-17T06:10:00.000Z', '2012-09-18T06:00:00.000Z']);
    expect(r.bars[0]).toMatchObject({ open: 2002.1, high: 2009.6, low: 2002.1, close: 2006, volume: 25804 });
  });

  it('leaves a whole-number open that reads as a clock an open', () => {
    // Daily bars with an open interest after the volume: 1000 could be 10:00, but the prices only bound one another from it.
    const daily = ['20240102,1000,1012,995,1005,5000,120', '20240103,1005,1020,1001,1018,5200,125'].join('\n');
    const r = parseOhlcv(daily, 'index.txt', NOW);
    expect(r.bars.map((b) => [new Date(b.time).toISOString(), b.open, b.close])).toEqual([
      ['2024-01-02T00:00:00.000Z', 1000, 1005],
      ['2024-01-03T00:00:00.000Z', 1005, 1018],
    ]);
  });
});
