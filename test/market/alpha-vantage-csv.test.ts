import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };

describe('Alpha Vantage’s daily adjusted series saved by pandas (numbered columns: "1. open"…"8. split coefficient")', () => {
  it('reads the numbered columns, on the adjusted close’s scale, as its own CSV’s adjusted_close', () => {
    const header = 'date,1. open,2. high,3. low,4. close,5. adjusted close,6. volume,7. dividend amount,8. split coefficient';
    const rows = ['2005-02-02,18.11,18.2419,18.0221,18.154,12.3405,1766657.0,0.0,1.0', '2005-02-03,18.154,18.1979,17.9342,18.0221,12.2508,1231526.0,0.0,1.0'];
    const numbered = parseOhlcv([header, ...rows].join('\n'), 'gmg.csv', NOW);
    const plain = parseOhlcv(['timestamp,open,high,low,close,adjusted_close,volume,dividend_amount,split_coefficient', ...rows].join('\n'), 'gmg-av.csv', NOW);
    expect(numbered.rejected).toEqual([]);
    expect(numbered.bars.length).toBe(2);
    expect(numbered.bars[0]!.close).toBeCloseTo(12.3405, 9);
    expect(numbered.bars).toEqual(plain.bars);
  });

  it('a split coefficient column numbered "8." declares the split to the validator', () => {
    const text = 'date,1. open,2. high,3. low,4. close,6. volume,8. split coefficient\n2024-01-02,100,102,99,101,10,1.0\n2024-01-03,51,52,50,51,20,2.0\n';
    const r = parseOhlcv(text, 'x.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.quarantined.map((q) => q.message)).toEqual([expect.stringContaining('the file declares a split of 2')]);
  });
});
