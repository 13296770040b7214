import { describe, expect, it } from 'vitest';
import { validateBars, type RawBar } from '../../src/market/bar-validator.js';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2010, 9, 20);

/** Daily rows [open, high, low, close], one a day from T0. */
function rows(prices: Array<[number, number, number, number]>): RawBar[] {
  return prices.map(([open, high, low, close], i) => ({ row: i + 2, time: T0 + i * DAY, open, high, low, close, volume: 10 }));
}

describe('prices quoted too coarsely to tell a split from one tick', () => {
  it("keeps bitcoin's 2010 days at one decimal (0.1 -> 0.2 is one tick, not a 1:2 reverse split) and the years after them", () => {
    // Investing.com's BTC/USD history writes 2010's prices to 0.1: the close going from 0.1 to 0.2 matched a 1:2 reverse
    // split, and as no later price came back to 0.1, every row of the following 13 years was quarantined (97 of 4,934
    // rows usable).
    const r = validateBars(rows([
      [0.1, 0.1, 0.1, 0.1], [0.1, 0.1, 0.1, 0.1], [0.1, 0.2, 0.1, 0.1], [0.1, 0.2, 0.1, 0.2], [0.2, 0.2, 0.2, 0.2],
      [0.2, 0.3, 0.1, 0.2], [0.2, 0.5, 0.2, 0.4], [0.4, 0.5, 0.3, 0.3], [0.3, 0.4, 0.2, 0.2], [0.2, 0.3, 0.2, 0.3],
      [0.3, 0.4, 0.3, 0.4], [0.4, 0.6, 0.4, 0.5], [0.5, 0.9, 0.5, 0.9], [0.9, 1.1, 0.8, 1.0], [1.0, 1.2, 0.9, 1.1],
    ]), { file: 'btc.csv' });
    expect(r.quarantined).toEqual([]);
    expect(r.bars).toHaveLength(15);
  });

  it('still quarantines a split where the prices are quoted finely enough to show it', () => {
    // The same one-decimal quoting, at prices of many ticks: 41.2 -> 20.6 is a 2:1 split beyond doubt.
    const r = validateBars(rows([[41.0, 41.5, 40.8, 41.2], [41.2, 41.9, 41.1, 41.6], [20.8, 21.0, 20.5, 20.6], [20.6, 20.9, 20.4, 20.7]]), { file: 'x.csv' });
    expect(r.quarantined.map((q) => [q.row, q.code])).toEqual([[4, 'unadjusted-split'], [5, 'unadjusted-split']]);
  });

  it('still quarantines a 100x unit error at coarse prices', () => {
    const r = validateBars(rows([[0.5, 0.6, 0.4, 0.5], [0.5, 0.6, 0.4, 0.5], [50, 60, 40, 50], [0.5, 0.6, 0.4, 0.5]]), { file: 'x.csv' });
    expect(r.quarantined.map((q) => [q.row, q.code])).toEqual([[4, 'unit-error']]);
  });

  it("an Investing.com export of bitcoin's early days loads whole", () => {
    const text = [
      '"Date","Price","Open","High","Low","Vol.","Change %"',
      '"11/01/2010","0.2","0.2","0.2","0.2","21.26K","0.00%"',
      '"10/31/2010","0.2","0.2","0.2","0.2","40.34K","0.00%"',
      '"10/30/2010","0.2","0.2","0.2","0.2","26.71K","0.00%"',
      '"10/29/2010","0.2","0.2","0.2","0.2","28.69K","0.00%"',
      '"10/28/2010","0.2","0.2","0.2","0.2","21.53K","0.00%"',
      '"10/27/2010","0.2","0.2","0.2","0.2","65.61K","0.00%"',
      '"10/26/2010","0.2","0.1","0.2","0.1","19.22K","0.00%"',
      '"10/25/2010","0.1","0.1","0.2","0.1","30.30K","0.00%"',
      '"10/24/2010","0.1","0.1","0.2","0.1","13.80K","0.00%"',
    ].join('\n');
    const r = parseOhlcv(text, 'Bitcoin Historical Data.csv', { now: Date.UTC(2024, 0, 1) });
    expect(r.quarantined).toEqual([]);
    expect(r.bars).toHaveLength(9);
  });
});
