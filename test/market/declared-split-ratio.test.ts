import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 0, 1) };

// UVXY's days around its 1:4 reverse split of 2014-01-24 as yfinance's history() saves them (gzipped in a public
// repository): prices adjusted for the split, which the Stock Splits column declares (0.25) on a day VIX rose, +17.6 %.
const UVXY = [
  ['2014-01-15', 1513000, 1567000, 1506000, 1532000, 68],
  ['2014-01-16', 1537000, 1581000, 1527000, 1544000, 63],
  ['2014-01-17', 1557000, 1572000, 1513000, 1554000, 84],
  ['2014-01-21', 1522000, 1571000, 1510000, 1514000, 87],
  ['2014-01-22', 1482000, 1500000, 1460000, 1470000, 75],
  ['2014-01-23', 1506000, 1616000, 1498000, 1548000, 130],
  ['2014-01-24', 1632250, 1879000, 1626500, 1820250, 282],
  ['2014-01-27', 1802750, 2117500, 1733500, 1864000, 346],
  ['2014-01-28', 1872000, 1890000, 1675000, 1711000, 182],
  ['2014-01-29', 1882000, 1996500, 1779250, 1929750, 170],
] as const;
const SPLIT_ROW = 6;

const file = (scale: (i: number) => number, split: number) =>
  [
    'Date,Open,High,Low,Close,Volume,Dividends,Stock Splits',
    ...UVXY.map(([date, ...v], i) => `${date},${v.slice(0, 4).map((p) => p * scale(i)).join(',')},${v[4]},0,${i === SPLIT_ROW ? split : 0}`),
  ].join('\n');

describe('a declared split reads only its own ratio among those a day can move', () => {
  it("does not take a +17.6 % day on a declared 1:4 reverse split, already adjusted, for a 1:1.333 one", () => {
    // Matched against 4:3 within 12 %, the day and the eight years after it were quarantined as unadjusted.
    const loaded = parseOhlcv(file(() => 1, 0.25), 'UVXY.csv', NOW);
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars).toHaveLength(UVXY.length);
  });

  it('still quarantines the declared 1:4 reverse split left unadjusted, and a declared 3:2 split off its ratio', () => {
    const reverse = parseOhlcv(file((i) => (i >= SPLIT_ROW ? 4 : 1), 0.25), 'UVXY-raw.csv', NOW);
    expect(reverse.quarantined[0]).toMatchObject({ row: SPLIT_ROW + 2, code: 'unadjusted-split' });
    // A 3:2 split whose first day also fell 5 %: 1.5 is a ratio a day can move, read so only where it is declared.
    const threeForTwo = parseOhlcv(file((i) => (i >= SPLIT_ROW ? 1 / 1.5 / 1.176 * 0.95 : 1), 1.5), 'three-for-two.csv', NOW);
    expect(threeForTwo.quarantined[0]).toMatchObject({ row: SPLIT_ROW + 2, code: 'unadjusted-split' });
  });
});
