import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('comment lines before the header', () => {
  it('passes over any number of # lines before the header, commas in them too', () => {
    // As ohlcv-snapshots writes SK Hynix's yfinance days: refused, its fourth comment read as the header.
    const text = [
      '# Ticker: 000660',
      '# yfinance symbol: 000660.KS',
      '# Generated: 2026-07-14T20:31:10.605724+00:00',
      '# Bars: 2',
      '# Backfilled-from-h1 (close approx ~0.3%, volume partial): 2026-07-14',
      'Date,Close,High,Low,Open,Volume',
      '2021-07-14,117101.4,117575.5,115205.0,116153.2,2443087.0',
      '2021-07-15,117101.4,117575.5,116153.2,117101.4,1500981.0',
    ].join('\n');
    const r = parseOhlcv(text, '000660_daily_long.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.close])).toEqual([
      [Date.UTC(2021, 6, 14), 116153.2, 117101.4],
      [Date.UTC(2021, 6, 15), 117101.4, 117101.4],
    ]);
  });
});
