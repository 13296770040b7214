import { describe, expect, it } from 'vitest';
import { BacktestMarket } from '../../src/backtest/backtest-market.js';
import { barLengthsSoFar } from '../../src/backtest/bar-lengths.js';

const DAY = 86_400_000;
const bar = (time: number) => ({ time, open: 10, high: 11, low: 9, close: 10, volume: 100 });

describe('a backtest market’s bar length', () => {
  it('shortens only once a bar that closed early is revealed, never from a later row', () => {
    // Daily bars with one row 12 hours after another at the end (a partial day written by a download mid-session).
    const t0 = Date.UTC(2013, 0, 2);
    const bars = [0, 1, 2, 3, 4].map((d) => bar(t0 + d * DAY)).concat([bar(t0 + 4 * DAY + DAY / 2)]);
    const market = new BacktestMarket([{ symbol: 'X', bars, barMs: DAY }]);
    market.showFirst('X', 2);
    // The news window and cooldowns are counted in this length: a row not yet reached must not change it.
    expect(market.barMs('X')).toBe(DAY);
    market.reveal('X');
    market.reveal('X');
    expect(market.barMs('X')).toBe(DAY);
    // Bar 4 closes when the 12-hour row opens: from its reveal on, the agents' guard must pass it.
    market.reveal('X');
    expect(market.barMs('X')).toBe(DAY / 2);
  });

  it('counts the history shown at the start and a fold’s next open', () => {
    const t0 = Date.UTC(2013, 0, 2);
    const history = new BacktestMarket([{ symbol: 'X', bars: [bar(t0), bar(t0 + DAY / 2), bar(t0 + DAY)], barMs: DAY }]);
    history.showFirst('X', 2);
    expect(history.barMs('X')).toBe(DAY / 2);
    const fold = new BacktestMarket([{ symbol: 'X', bars: [bar(t0), bar(t0 + DAY)], barMs: DAY, nextOpen: t0 + DAY + DAY * 0.75 }]);
    fold.showFirst('X', 1);
    expect(fold.barMs('X')).toBe(DAY);
    fold.reveal('X');
    expect(fold.barMs('X')).toBe(DAY * 0.75);
  });
});

describe('a file’s bar length so far', () => {
  it('is the most common step up to each bar, the smaller on a tie, whatever comes after', () => {
    // Daily bars from a Friday, then twice a day from the sixth bar on (a download that switched to 12-hour bars).
    const t0 = Date.UTC(2013, 0, 4);
    const times = [0, 3, 4, 5, 6, 6.5, 7, 7.5, 10, 10.5, 11, 11.5].map((d) => t0 + d * DAY);
    const lengths = Array.from(barLengthsSoFar(times.map((time) => ({ time })), DAY));
    // Bar 0 takes the step to bar 1; at bar 2, 3 days and 1 day tie (the smaller); at bar 7, 1 day and 12 hours both
    // count 3 (the smaller again).
    expect(lengths).toEqual([3, 3, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5].map((d) => d * DAY));
    // Cut after any bar, the lengths up to it are the same: they read no later row.
    for (let k = 2; k <= times.length; k++) expect(Array.from(barLengthsSoFar(times.slice(0, k).map((time) => ({ time })), DAY))).toEqual(lengths.slice(0, k));
    expect(Array.from(barLengthsSoFar([{ time: t0 }], 7 * DAY))).toEqual([7 * DAY]);
  });

  it('gives the market its length as known at the last bar revealed', () => {
    const t0 = Date.UTC(2013, 0, 7);
    const bars = [0, 1, 2, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5].map((d) => bar(t0 + d * DAY));
    const market = new BacktestMarket([{ symbol: 'X', bars, barMs: DAY / 2 }]);
    market.showFirst('X', 3);
    expect(market.fileBarMs('X')).toBe(DAY);
    // Bar 3 closes when the first midday row opens: its guard needs 12 hours, its orders wait 2 days still.
    market.reveal('X');
    expect(market.barMs('X')).toBe(DAY / 2);
    expect(market.fileBarMs('X')).toBe(DAY);
    // It becomes 12 hours once the 12-hour steps are as many as the daily ones: at the third (to day 4.5).
    while (market.fileBarMs('X') === DAY) market.reveal('X');
    expect(market.lastBar('X')!.time).toBe(t0 + 4.5 * DAY);
  });
});
