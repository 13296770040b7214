import { describe, expect, it } from 'vitest';
import type { PositionRow } from '../../src/store/account-repository.js';
import { implementations } from './repository-implementations.js';

const position = (symbol: string, openedAt: number, qty = 1): PositionRow => ({
  symbol, qty, avgPrice: 10, openedAt, stopPrice: 9, targetPrice: 12, atr: 0.5, peakPrice: 10, trailingActive: false, markPrice: 10,
});

describe.each(implementations)('the account repository (%s)', (_name, make) => {
  it('has no account until one is ensured, and ensuring it again keeps what it holds', () => {
    const { accounts } = make();
    expect(() => accounts.account()).toThrow(/not initialised/);
    expect(accounts.ensureAccount(10_000, 0, '2026-01-01')).toEqual({
      startingCash: 10_000, cash: 10_000, realizedPnl: 0, fees: 0, peakEquity: 10_000, dayStartEquity: 10_000, day: '2026-01-01',
    });
    accounts.saveAccount({ startingCash: 10_000, cash: 9_000, realizedPnl: 5, fees: 1, peakEquity: 10_100, dayStartEquity: 9_900, day: '2026-01-02' }, 1);
    expect(accounts.ensureAccount(50_000, 2, '2026-01-03')).toMatchObject({ startingCash: 10_000, cash: 9_000, day: '2026-01-02' });
  });

  it('hands out copies: changing what it returned changes nothing stored', () => {
    const { accounts } = make();
    accounts.ensureAccount(10_000, 0, '2026-01-01');
    accounts.account().cash = 1;
    accounts.savePosition(position('A', 1), 1);
    accounts.position('A')!.qty = 99;
    accounts.positions()[0]!.qty = 99;
    expect(accounts.account().cash).toBe(10_000);
    expect(accounts.position('A')!.qty).toBe(1);
  });

  it('lists open positions oldest first and counts them', () => {
    const { accounts } = make();
    accounts.savePosition(position('C', 1), 1);
    accounts.savePosition(position('A', 2), 2);
    accounts.savePosition(position('B', 2), 2);
    expect(accounts.positions().map((p) => p.symbol)).toEqual(['C', 'A', 'B']);
    expect([...accounts.positionsView()].map((p) => p.symbol)).toEqual(['C', 'A', 'B']);
    expect(accounts.openPositionCount).toBe(3);
    accounts.deletePosition('A');
    expect(accounts.position('A')).toBeNull();
    expect(accounts.openPositionCount).toBe(2);
  });

  it('keeps a position’s opening time when it is written again (an add to it)', () => {
    const { accounts } = make();
    accounts.savePosition(position('A', 1), 1);
    accounts.savePosition(position('A', 5, 3), 5);
    expect(accounts.position('A')).toEqual(position('A', 1, 3));
  });

  it('stores exit state only for the position it was read from', () => {
    const { accounts } = make();
    accounts.savePosition(position('A', 1), 1);
    expect(accounts.saveExitState('A', 1, { peakPrice: 11, trailingActive: true, markPrice: 10.5 }, 2)).toBe(true);
    expect(accounts.position('A')).toMatchObject({ qty: 1, peakPrice: 11, trailingActive: true, markPrice: 10.5 });
    // A check that read the position before it was closed and reopened neither brings back nor changes the new one.
    expect(accounts.saveExitState('A', 0, { peakPrice: 50, trailingActive: false, markPrice: 50 }, 3)).toBe(false);
    accounts.deletePosition('A');
    expect(accounts.saveExitState('A', 1, { peakPrice: 50, trailingActive: false, markPrice: 50 }, 3)).toBe(false);
    expect(accounts.position('A')).toBeNull();
  });

  it('keeps the last bar the monitor judged through later writes, and not for a position reopened', () => {
    const { accounts } = make();
    accounts.savePosition(position('A', 1), 1);
    expect(accounts.position('A')!.judgedUntil).toBeUndefined();
    accounts.saveExitState('A', 1, { peakPrice: 11, trailingActive: false, markPrice: 10.5, judgedUntil: 60_000, judgedPeak: 10.8, judgedTrailing: true }, 2);
    accounts.saveExitState('A', 1, { peakPrice: 12, trailingActive: false, markPrice: 11 }, 3);
    accounts.savePosition(position('A', 1, 2), 4);
    expect(accounts.position('A')).toMatchObject({ qty: 2, peakPrice: 10, judgedUntil: 60_000, judgedPeak: 10.8, judgedTrailing: true });
    accounts.deletePosition('A');
    accounts.savePosition(position('A', 9), 9);
    expect(accounts.position('A')!.judgedUntil).toBeUndefined();
    expect(accounts.position('A')!.judgedPeak).toBeUndefined();
    expect(accounts.position('A')!.judgedTrailing).toBeUndefined();
  });

  it('remembers each symbol’s last exit', () => {
    const { accounts } = make();
    expect(accounts.lastExitAt('A')).toBeUndefined();
    accounts.recordExit('A', 10);
    accounts.recordExit('A', 20);
    accounts.insertPositionEvent({ symbol: 'A', change: 'close', qty: 1, price: 10, realizedPnl: 1, reason: 'stop', clientOrderId: 'co-1', time: 20 });
    expect(accounts.lastExitAt('A')).toBe(20);
    expect(accounts.lastExitAt('B')).toBeUndefined();
  });

  it('lands a transaction’s writes all or none, nested ones as savepoints', () => {
    const { accounts } = make();
    accounts.ensureAccount(10_000, 0, '2026-01-01');
    expect(() =>
      accounts.tx(() => {
        accounts.savePosition(position('A', 1), 1);
        accounts.saveAccount(Object.assign(accounts.account(), { cash: 9_990 }), 1);
        accounts.recordExit('B', 1);
        throw new Error('crash mid-transaction');
      }),
    ).toThrow('crash mid-transaction');
    expect(accounts.positions()).toEqual([]);
    expect(accounts.account().cash).toBe(10_000);
    expect(accounts.lastExitAt('B')).toBeUndefined();
    accounts.tx(() => {
      accounts.savePosition(position('A', 1), 1);
      expect(() =>
        accounts.tx(() => {
          accounts.savePosition(position('B', 1), 1);
          throw new Error('inner fails');
        }),
      ).toThrow('inner fails');
    });
    expect(accounts.positions().map((p) => p.symbol)).toEqual(['A']);
  });
});
