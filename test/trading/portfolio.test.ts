import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import type { PositionRow } from '../../src/store/store.js';
import { Portfolio } from '../../src/trading/portfolio.js';
import { FakeTradingStore } from './fake-trading-store.js';

const T = Date.UTC(2026, 0, 5, 23, 0);

const position = (symbol: string, qty: number, avgPrice: number, markPrice: number | null = null): PositionRow => ({
  symbol, qty, avgPrice, openedAt: T, stopPrice: null, targetPrice: null, atr: null, peakPrice: avgPrice, trailingActive: false, markPrice,
});

/** An account of 10,000 opened at T, with 1,000 of it spent on 10 AAA at 100 (stored mark 110) and 5 BBB at 100 (none). */
function setup(marketNow?: () => number) {
  const clock = new VirtualClock(T);
  const store = new FakeTradingStore();
  const portfolio = new Portfolio({ clock, store, marketNow });
  portfolio.open(10_000);
  store.saveAccount({ ...store.account(), cash: 8_500 });
  store.savePosition(position('AAA', 10, 100, 110));
  store.savePosition(position('BBB', 5, 100));
  store.writes.length = 0;
  return { clock, store, portfolio };
}

describe('the portfolio', () => {
  it('opens the account once, on the market’s day', () => {
    const { store, portfolio } = setup();
    expect(store.account()).toMatchObject({ startingCash: 10_000, day: '2026-01-05' });
    expect(portfolio.open(99).startingCash).toBe(10_000);
  });

  it('values positions at this run’s marks, else the price stored with them, else their cost', () => {
    const { portfolio } = setup();
    // 8,500 + 10 × 110 + 5 × 100.
    expect(portfolio.equity()).toBe(10_100);
    portfolio.mark('AAA', 120);
    portfolio.mark('BBB', 90);
    expect(portfolio.equity()).toBe(8_500 + 1_200 + 450);
    expect(portfolio.markPrices()).toEqual({ AAA: 120, BBB: 90 });
    expect(portfolio.view()).toEqual({ cash: 8_500, equity: 10_150, openPositions: 2 });
  });

  it('ignores a price that is no price', () => {
    const { portfolio } = setup();
    portfolio.mark('AAA', 120);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) portfolio.mark('AAA', bad);
    expect(portfolio.markOf('AAA')).toBe(120);
    expect(portfolio.markOf('CCC')).toBeUndefined();
  });

  it('shows agents a position as a read-only view, or null', () => {
    const { portfolio } = setup();
    expect(portfolio.positionView('AAA')).toEqual({ symbol: 'AAA', qty: 10, avgPrice: 100, openedAt: T });
    expect(portfolio.positionView('CCC')).toBeNull();
  });

  it('raises the peak, and writes nothing when nothing changed', () => {
    const { store, portfolio } = setup();
    portfolio.mark('AAA', 200);
    portfolio.refreshEquityMarks();
    expect(store.account().peakEquity).toBe(8_500 + 2_000 + 500);
    expect(store.writes).toEqual(['saveAccount']);
    portfolio.mark('AAA', 150);
    portfolio.refreshEquityMarks();
    expect(store.writes).toEqual(['saveAccount']);
    expect(store.account().peakEquity).toBe(11_000);
  });

  it('rolls the day’s starting equity at UTC midnight of the clock, or of the market when it has its own time', async () => {
    const { clock, store, portfolio } = setup();
    portfolio.refreshEquityMarks();
    expect(store.account()).toMatchObject({ day: '2026-01-05', dayStartEquity: 10_000, peakEquity: 10_100 });
    await clock.advance(60 * 60_000);
    portfolio.mark('AAA', 90);
    portfolio.refreshEquityMarks();
    expect(store.account()).toMatchObject({ day: '2026-01-06', dayStartEquity: 8_500 + 900 + 500, peakEquity: 10_100 });

    let marketTime = T;
    const market = setup(() => marketTime);
    await market.clock.advance(60 * 60_000);
    market.portfolio.refreshEquityMarks();
    expect(market.store.account().day).toBe('2026-01-05');
    marketTime += 60 * 60_000;
    market.portfolio.refreshEquityMarks();
    expect(market.store.account().day).toBe('2026-01-06');
  });

  it('counts entries in flight in the gate’s exposure, at their mark, the price their decision saw or the price given, and no exits', () => {
    const { portfolio } = setup();
    portfolio.mark('CCC', 20);
    const exposure = portfolio.exposure(
      [
        { request: { clientOrderId: 'a', symbol: 'CCC', side: 'buy', qty: 3 } },
        { request: { clientOrderId: 'b', symbol: 'DDD', side: 'buy', qty: 2 } },
        { request: { clientOrderId: 'c', symbol: 'AAA', side: 'sell', qty: 10 } },
        // Left in flight by a previous run: no mark yet, valued at the price its decision saw, not at 50.
        { request: { clientOrderId: 'd', symbol: 'EEE', side: 'buy', qty: 4 }, meta: { refPrice: 7 } },
      ],
      50,
    );
    expect(exposure).toEqual([
      { symbol: 'AAA', qty: 10, price: 110 },
      { symbol: 'BBB', qty: 5, price: 100 },
      { symbol: 'CCC', qty: 3, price: 20 },
      { symbol: 'DDD', qty: 2, price: 50 },
      { symbol: 'EEE', qty: 4, price: 7 },
    ]);
  });

  it('checks the ledger: cash plus the cost of positions equals starting cash plus realised profit minus fees', () => {
    const { store, portfolio } = setup();
    expect(portfolio.ledger().ok).toBe(true);
    store.saveAccount({ ...store.account(), cash: 8_400 });
    expect(portfolio.ledger()).toMatchObject({ ok: false, diff: -100 });
  });
});
