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

  it('says when the market answers no bars at all for one symbol while the others advance, once, and when they come again', () => {
    const p = new MarketProgress();
    const upTo = (n: number) => bars(Array.from({ length: n }, (_, i) => i * MIN));
    const changes: unknown[] = [];
    for (let m = 5; m <= 12; m++) changes.push(p.observe(upTo(m), m * MIN + 1, 'BTC/USDT'), p.observe(m === 5 ? upTo(5) : [], m * MIN + 2, 'ETH/USDT'));
    expect(changes.filter((c) => c !== undefined)).toEqual([{ symbol: 'ETH/USDT', lagging: true, sinceBarAt: 4 * MIN, forMs: 4 * MIN, noBars: true }]);
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

  it('takes the bar length from recent series: a run of times in seconds does not make the bar 60 ms for good', () => {
    const p = new MarketProgress();
    const T0 = Date.UTC(2026, 0, 5);
    const inSeconds = bars(Array.from({ length: 120 }, (_, i) => T0 / 1000 + i * 60));
    for (let k = 0; k < 100; k++) p.observe(inSeconds, T0 + k * 1000);
    expect(p.state().barMs).toBe(60);
    // Minute bars again, one new bar a minute, for as many series as the recent history holds.
    let now = T0;
    for (let m = 1; m <= 64 * 32 + 1; m++) {
      now = T0 + (120 + m) * MIN;
      p.observe(bars(Array.from({ length: 120 }, (_, i) => T0 + (m + i) * MIN)), now);
    }
    expect(p.state().barMs).toBe(MIN);
    expect(p.stall()).toBeNull();
    p.observe(bars(Array.from({ length: 120 }, (_, i) => T0 + (64 * 32 + 1 + i) * MIN)), now + 3 * MIN + 1);
    expect(p.stall()).toMatchObject({ limitMs: 3 * MIN });
  });

  it('forgets a one-off pause (an outage of 38 bars) hours after it left the bars, and stalls after three bars again', () => {
    const p = new MarketProgress();
    // Minute bars around the clock, but none from minute 200 to 237: an exchange outage.
    const times = Array.from({ length: 1000 }, (_, i) => i * MIN).filter((t) => t < 200 * MIN || t >= 238 * MIN);
    const seriesAt = (m: number) => bars(times.filter((t) => t + MIN <= m * MIN).slice(-120));
    for (let m = 130; m <= 400; m++) p.observe(seriesAt(m), m * MIN);
    // Right after the outage it is a pause of this market's history: waiting that long is no stall yet.
    expect(p.state().longestPauseMs).toBe(39 * MIN);
    for (let m = 401; m <= 900; m++) p.observe(seriesAt(m), m * MIN);
    expect(p.state().longestPauseMs).toBe(MIN);
    expect(p.stall()).toBeNull();
    // The bars stop at minute 900: four minutes later that is a stall, not a pause like the outage.
    for (let m = 901; m <= 904; m++) for (let k = 0; k < 32; k++) p.observe(seriesAt(900), m * MIN + k);
    expect(p.stall()).toMatchObject({ sinceBarAt: 899 * MIN, limitMs: 3 * MIN });
  });

  it('keeps the nights and weekends of a market that closes, seen once a day and once a week', () => {
    const DAY = 24 * 60 * MIN;
    // Minute bars 09:30 to 16:00 UTC on weekdays, from Monday 2026-01-05 for three weeks.
    const monday = Date.UTC(2026, 0, 5);
    const times: number[] = [];
    for (let d = 0; d < 21; d++) {
      if (d % 7 >= 5) continue;
      for (let i = 0; i < 390; i++) times.push(monday + d * DAY + 570 * MIN + i * MIN);
    }
    const p = new MarketProgress();
    let closed = 0;
    const stalls: number[] = [];
    // From the second Monday's open (its bars show the weekend before) to the third Monday's noon, a scan a minute.
    for (let now = monday + 7 * DAY + 571 * MIN; now <= monday + 14 * DAY + 720 * MIN; now += MIN) {
      while (closed < times.length && times[closed]! + MIN <= now) closed++;
      p.observe(bars(times.slice(Math.max(0, closed - 120), closed)), now);
      if (p.stall()) stalls.push(now);
    }
    expect(stalls).toEqual([]);
    expect(p.state().longestPauseMs).toBe((65.5 * 60 + 1) * MIN); // Friday 15:59 to Monday 09:30
  });

  it('tells nothing before it has seen enough bars', () => {
    const p = new MarketProgress();
    p.observe(bars([0]), 100 * MIN);
    expect(p.stall()).toBeNull();
  });

  it('judges a stall from the step on when the wall clock stepped back, not once it has caught up', () => {
    const p = new MarketProgress();
    const upTo = (n: number) => bars(Array.from({ length: n }, (_, i) => i * MIN));
    for (let m = 5; m <= 40; m++) p.observe(upTo(m), m * MIN + 1, 'BTC/USDT');
    // The wall clock steps back an hour; the bars stop coming with it.
    const back = 40 * MIN + 1 - 60 * MIN;
    p.observe(upTo(40), back, 'BTC/USDT');
    expect(p.stall()).toBeNull();
    p.observe(upTo(40), back + 3 * MIN + 1, 'BTC/USDT');
    expect(p.stall()).toMatchObject({ sinceBarAt: 39 * MIN, limitMs: 3 * MIN });
  });
});
