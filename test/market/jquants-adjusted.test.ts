import { describe, expect, it } from 'vitest';
import { parseOhlcv } from '../../src/market/ohlcv-file.js';

const NOW = { now: Date.UTC(2024, 0, 1) };
// J-Quants' daily quotes: raw prices, then AdjustmentFactor and the split-adjusted AdjustmentOpen ... AdjustmentVolume.
// A 5:1 split on 2023-03-30: the raw prices fall to a fifth, the adjusted ones run on.
const QUOTES: [string, number, number, number, number, number, number][] = [
  ['2023-03-28', 2000, 2010, 1990, 2000, 100, 1],
  ['2023-03-29', 2005, 2020, 1995, 2010, 120, 1],
  ['2023-03-30', 403, 405, 400, 404, 600, 0.2],
  ['2023-03-31', 404, 408, 402, 406, 550, 1],
];
const adjusted = (d: string, o: number, h: number, l: number, c: number, v: number) => {
  const k = d < '2023-03-30' ? 0.2 : 1;
  return [o * k, h * k, l * k, c * k, v / k];
};

describe("J-Quants' daily quotes with their Adjustment columns", () => {
  it('a CSV is read on the adjusted scale, no split quarantined', () => {
    const header = 'Date,Code,Open,High,Low,Close,UpperLimit,LowerLimit,Volume,TurnoverValue,AdjustmentFactor,AdjustmentOpen,AdjustmentHigh,AdjustmentLow,AdjustmentClose,AdjustmentVolume';
    const rows = QUOTES.map(([d, o, h, l, c, v, f]) => [d, '72030', o, h, l, c, 0, 0, v, c * v, f, ...adjusted(d, o, h, l, c, v)].join(','));
    const loaded = parseOhlcv([header, ...rows].join('\n'), 'jquants.csv', NOW);
    // Read raw, both rows from the split on were quarantined as an unadjusted 5:1 split.
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars.map((b) => b.close)).toEqual([400, 402, 404, 406]);
    expect(loaded.bars[0]!.volume).toBe(500);
  });

  it('their JSON answer likewise', () => {
    const daily_quotes = QUOTES.map(([d, o, h, l, c, v, f]) => {
      const [ao, ah, al, ac, av] = adjusted(d, o, h, l, c, v);
      return { Date: d, Code: '72030', Open: o, High: h, Low: l, Close: c, Volume: v, AdjustmentFactor: f, AdjustmentOpen: ao, AdjustmentHigh: ah, AdjustmentLow: al, AdjustmentClose: ac, AdjustmentVolume: av, MorningClose: c };
    });
    const loaded = parseOhlcv(JSON.stringify({ daily_quotes, pagination_key: 'x' }), 'jquants.json', NOW);
    expect(loaded.quarantined).toEqual([]);
    expect(loaded.bars.map((b) => b.close)).toEqual([400, 402, 404, 406]);
  });
});
