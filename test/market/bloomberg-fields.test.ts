import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };

// Bloomberg's bdh as xbbg and pdblp return it, saved by pandas: a ticker line, a field line, a date line, the rows.
const rows = ['2017-01-03,2251.57,2263.88,2245.13,2257.83,3770', '2017-01-04,2261.6,2272.82,2261.6,2270.75,3764', '2017-01-05,2268.18,2271.5,2260.45,2269.0,3761'];

describe("Bloomberg's fields saved with their ticker line (xbbg, pdblp)", () => {
  it('reads PX_OPEN … PX_VOLUME under a ticker line (it was refused as having no date, open, high, low, close column)', () => {
    const text = ['ticker,SPX Index,SPX Index,SPX Index,SPX Index,SPX Index', 'field,PX_OPEN,PX_HIGH,PX_LOW,PX_LAST,PX_VOLUME', 'date,,,,,', ...rows].join('\n');
    const loaded = parseOhlcv(text, 'daily_spx.csv', NOW);
    expect(loaded.rejected).toEqual([]);
    expect(loaded.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2017, 0, 3), 2251.57, 2263.88, 2245.13, 2257.83, 3770],
      [Date.UTC(2017, 0, 4), 2261.6, 2272.82, 2261.6, 2270.75, 3764],
      [Date.UTC(2017, 0, 5), 2268.18, 2271.5, 2260.45, 2269.0, 3761],
    ]);
  });

  it('names PX_LAST alone as closes only, and refuses two securities side by side', () => {
    const closes = ['ticker,SPX Index', 'field,PX_LAST', 'date,', '2017-01-03,2257.83', '2017-01-04,2270.75'].join('\n');
    expect(() => parseOhlcv(closes, 'daily_spx.csv', NOW)).toThrow('holds closes only');
    const two = ['ticker,SPX Index,INDU Index', 'field,PX_LAST,PX_LAST', 'date,,', '2017-01-03,2257.83,19881.76'].join('\n');
    expect(() => parseOhlcv(two, 'two.csv', NOW)).toThrow('holds 2 securities side by side (SPX Index, INDU Index)');
  });
});
