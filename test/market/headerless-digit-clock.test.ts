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

  it('judges it from the rows at the oldest end of a file written newest first: later rows do not change it', () => {
    // 30 five-minute bars, newest first, the newest three with high below low: judged from the file's first rows, they
    // made every row read as if its clock were the open.
    const rows = Array.from({ length: 30 }, (_, i) => {
      const clock = String(100000 + Math.floor(i / 12) * 10000 + (i % 12) * 500).padStart(6, '0');
      const p = 2000 + i;
      return i >= 27 ? `20120917,${clock},${p},${p - 5},${p + 5},${p},100` : `20120917,${clock},${p},${p + 5},${p - 5},${p + 1},100`;
    });
    const r = parseOhlcv(rows.reverse().join('\n'), 'LKOH_history.txt', NOW);
    expect(r.bars).toHaveLength(27);
    expect(r.bars[0]).toMatchObject({ time: Date.UTC(2012, 8, 17, 10), open: 2000, high: 2005, low: 1995, close: 2001 });
    expect(r.rejected.map((x) => x.code)).toEqual(['high-below-low', 'high-below-low', 'high-below-low']);
  });
});
