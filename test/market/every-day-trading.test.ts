import { describe, expect, it } from 'vitest';
import { validateBars, type RawBar } from '../../src/market/bar-validator.js';

const DAY = 86_400_000;
const START = Date.UTC(2014, 2, 3); // a Monday

/**
 * A thin coin's days as Bittrex wrote VTC/BTC in 2014: near 0.001 BTC, then from day 60 on traded at three times
 * that, opening there (its first trade of the day). `keep` picks the days of the week (0 Sunday ... 6 Saturday) the
 * market trades; `flatOn` the days written as flat rows without volume (a closed day filled in).
 */
function days(keep: readonly number[], flatOn: readonly number[] = []): RawBar[] {
  const rows: RawBar[] = [];
  for (let i = 0; i < 120; i++) {
    const time = START + i * DAY;
    const weekday = new Date(time).getUTCDay();
    if (!keep.includes(weekday)) continue;
    const level = i < 60 ? 0.001 : 0.003;
    const close = level * (1 + 0.02 * Math.sin(i));
    const last = rows.at(-1);
    const open = last === undefined || last.close < level / 2 ? level : last.close;
    const flat = flatOn.includes(weekday) && rows.length > 0;
    const price = flat ? last!.close : close;
    rows.push({
      row: rows.length + 2,
      time,
      open: flat ? price : open,
      high: flat ? price : Math.max(open, close) * 1.01,
      low: flat ? price : Math.min(open, close) * 0.99,
      close: price,
      volume: flat ? 0 : 1000,
    });
  }
  return rows;
}

const ALL = [0, 1, 2, 3, 4, 5, 6];

describe('a market that trades every day of the week', () => {
  it('has a jump of a split’s ratio read as a move, not as an unadjusted split', () => {
    const result = validateBars(days(ALL), { file: 'vtc-btc.json' });
    expect(result.quarantined).toEqual([]);
    expect(result.bars.at(-1)!.close).toBeGreaterThan(0.0029);
  });

  it('still has the same jump quarantined where the market keeps a weekend, or fills it in flat', () => {
    // Weekdays only (a share), Tehran's Saturday-to-Wednesday week, and seven days of which two are filled in.
    for (const rows of [days([1, 2, 3, 4, 5]), days([6, 0, 1, 2, 3]), days(ALL, [0, 6])]) {
      const result = validateBars(rows, { file: 'share.csv' });
      expect(result.quarantined.length).toBeGreaterThan(30);
      expect(result.quarantined[0]!.code).toBe('unadjusted-split');
    }
  });

  it('still has a unit error and a spike quarantined', () => {
    const rows = days(ALL).slice(0, 40);
    const unit = rows.map((r, i) => (i === 30 ? { ...r, open: r.open * 100, high: r.high * 100, low: r.low * 100, close: r.close * 100 } : r));
    expect(validateBars(unit, { file: 'unit.json' }).quarantined.map((q) => q.code)).toEqual(['unit-error']);
    const spike = rows.map((r, i) => (i === 30 ? { ...r, high: r.close * 6, close: r.close * 6 } : r));
    expect(validateBars(spike, { file: 'spike.json' }).quarantined.map((q) => q.code)).toEqual(['price-spike']);
  });
});
