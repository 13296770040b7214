import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';
import { parseBarTime } from '../../src/market/bar-time.js';

const NOW = { now: Date.UTC(2027, 0, 1) };

describe('dates as Korea writes them, a space after each separator', () => {
  it('reads Investing.com’s Korean export ("2023- 10- 09"), newest first', () => {
    // Made-up prices in its layout: every row was refused as "not a date this reader knows".
    const text = [
      '\uFEFF"날짜","종가","시가","고가","저가","거래량","변동 %"',
      '"2026- 03- 10","1,350.60","1,344.40","1,352.70","1,344.40","","0.46%"',
      '"2026- 03- 09","1,344.40","1,340.00","1,346.10","1,338.20","","0.33%"',
    ].join('\n');
    const r = parseOhlcv(text, 'USD_KRW.csv', NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [Date.UTC(2026, 2, 9), 1340, 1346.1, 1338.2, 1344.4],
      [Date.UTC(2026, 2, 10), 1344.4, 1352.7, 1344.4, 1350.6],
    ]);
  });

  it('reads Excel’s Korean dates (2026. 3. 9.) with a time after them, and not separators that differ', () => {
    expect(parseBarTime('2026. 3. 9.')).toBe(Date.UTC(2026, 2, 9));
    expect(parseBarTime('2026- 03- 09 15:30:00')).toBe(Date.UTC(2026, 2, 9, 15, 30));
    expect(parseBarTime('2026- 03. 09')).toBeNaN();
    expect(parseBarTime('2026- 13- 09')).toBeNaN();
  });
});
