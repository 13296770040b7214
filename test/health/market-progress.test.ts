import { describe, expect, it } from 'vitest';
import { MarketProgress } from '../../src/health/market-progress.js';
import type { Bar } from '../../src/market/market-port.js';

const MIN = 60_000;
const bars = (times: number[]): Bar[] => times.map((time) => ({ time, open: 1, high: 1, low: 1, close: 1, volume: 1 }));

describe('market progress', () => {
  it('is not stalled while new bars keep coming, and stalled once none has come for three bar lengths', () => {
    const p = new MarketProgress();
    const series = bars([0, 1, 2, 3, 4].map((i) => i * MIN));
    p.observe(series, 5 * MIN);
    p.observe(series, 8 * MIN);
    expect(p.stall()).toBeNull();
    p.observe(series, 8 * MIN + 1);
    expect(p.stall()).toMatchObject({ sinceBarAt: 4 * MIN, stalledSince: 8 * MIN + 1, limitMs: 3 * MIN });
    p.observe(bars([6, 7, 8].map((i) => i * MIN)), 9 * MIN);
    expect(p.stall()).toBeNull();
  });

  it('does not call a pause the history itself shows (a weekend in daily bars) a stall', () => {
    const DAY = 24 * 60 * MIN;
    // Monday to Friday, then the next Monday: a 3-day pause is part of this market's rhythm.
    const week = bars([0, 1, 2, 3, 4, 7, 8, 9, 10, 11].map((d) => d * DAY));
    const p = new MarketProgress();
    // Friday's bar (day 11) came on day 12; on day 14 (Sunday night) nothing new is normal.
    p.observe(week, 12 * DAY);
    p.observe(week, 14 * DAY);
    expect(p.stall()).toBeNull();
    p.observe(week, 16 * DAY);
    expect(p.stall()).not.toBeNull();
  });

  it('says when one symbol’s bars stop while the others advance, once, and when they come again', () => {
    const p = new MarketProgress();
    const upTo = (n: number) => bars(Array.from({ length: n }, (_, i) => i * MIN));
    const changes: unknown[] = [];
    for (let m = 5; m <= 12; m++) {
      changes.push(p.observe(upTo(m), m * MIN + 1, 'BTC/USDT'), p.observe(upTo(5), m * MIN + 2, 'ETH/USDT'));
    }
    // ETH's newest bar stayed at minute 4 from minute 5 on: more than three bar lengths by minute 9.
    expect(changes.filter((c) => c !== undefined)).toEqual([{ symbol: 'ETH/USDT', lagging: true, sinceBarAt: 4 * MIN, forMs: 4 * MIN }]);
    expect(p.stall()).toBeNull();
    expect(p.observe(upTo(13), 13 * MIN, 'ETH/USDT')).toEqual({ symbol: 'ETH/USDT', lagging: false });
  });

  it('says nothing of single symbols while the whole market is stalled (that is said once, as a whole)', () => {
    const p = new MarketProgress();
    const series = bars([0, 1, 2, 3, 4].map((i) => i * MIN));
    const changes = [5, 9, 10, 11].flatMap((m) => [p.observe(series, m * MIN, 'A'), p.observe(series, m * MIN, 'B')]);
    expect(p.stall()).not.toBeNull();
    expect(changes.filter((c) => c !== undefined)).toEqual([]);
  });

  it('tells nothing before it has seen enough bars', () => {
    const p = new MarketProgress();
    p.observe(bars([0]), 100 * MIN);
    expect(p.stall()).toBeNull();
  });
});
