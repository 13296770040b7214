import { describe, expect, it } from 'vitest';
import { BacktestMarket } from '../../src/backtest/backtest-market.js';

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
