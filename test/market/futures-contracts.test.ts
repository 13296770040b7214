import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2026, 0, 1) };
const HEADER = 'date,futures_id,contract_date,open,max,min,close,spread,spread_per,volume,settlement_price,open_interest,trading_session';

describe('a futures file with several contracts a date (FinMind’s TaiwanFuturesDaily)', () => {
  it('is refused whole, naming the contracts, not read as the first row of each date', () => {
    const text = [
      HEADER,
      '2016-01-04,CDF,201601,142.5,143.0,139.0,139.5,-3.5,-2.45,2505,139.5,3025,position',
      '2016-01-04,CDF,201602,142.5,143.0,139.0,139.5,-3.5,-2.45,815,139.5,1187,position',
      '2016-01-05,CDF,201601,139.0,140.0,137.5,137.5,-2.0,-1.43,1418,138.0,2925,position',
    ].join('\n');
    expect(() => parseOhlcv(text, 'tx.csv', NOW)).toThrow('holds more than one contract for 2016-01-04 in its contract_date column (201601 on row 2, 201602 on row 3)');
  });

  it('a continuous series whose contract changes at the roll, one row a date, is read', () => {
    const text = ['Date,Contract,Open,High,Low,Close,Volume', '2024-03-14,ESH4,100,101,99,100.5,10', '2024-03-15,ESM4,101,102,100,101.5,10'].join('\n');
    const r = parseOhlcv(text, 'es.csv', NOW);
    expect(r.bars.length).toBe(2);
    expect(r.rejected).toEqual([]);
  });
});
