import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('AmiBroker’s ASCII export', () => {
  it('dates its bars by the Date/Time column', () => {
    // As AmiBroker exports a symbol (Ticker,Date/Time,Open,High,Low,Close,Volume,Open Interest): refused as having no date column.
    const text = [
      'Ticker,Date/Time,Open,High,Low,Close,Volume,Open Interest',
      '^GSPTSE,09.09.2016,14717.23,14717.23,14502.90,14540.00,202109040,0',
      '^GSPTSE,12.09.2016,14540.00,14650.00,14480.00,14620.00,190000000,0',
    ].join('\n');
    const r = parseOhlcv(text, 'GSPTSE.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [Date.UTC(2016, 8, 9), 14717.23, 14717.23, 14502.9, 14540, 202_109_040],
      [Date.UTC(2016, 8, 12), 14540, 14650, 14480, 14620, 190_000_000],
    ]);
  });
});
