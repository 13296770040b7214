import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { MarketData } from '../../src/market/market-port.js';
import type { PositionRow } from '../../src/store/account-repository.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import type { Trader } from '../../src/trading/trader.js';
import { MemoryAccountRepository } from '../fakes/memory-account-repository.js';

const held = (symbol: string, avgPrice: number): PositionRow => ({
  symbol, qty: 1, avgPrice, openedAt: 0, stopPrice: null, targetPrice: null, atr: null, peakPrice: avgPrice, trailingActive: false, markPrice: avgPrice,
});

/** A monitor over the in-memory positions, a market whose prices the test sets, and a trader that records exits. */
function monitorOf(prices: Record<string, number>, fills = true) {
  const clock = new VirtualClock(1_000);
  const accounts = new MemoryAccountRepository();
  const exits: string[] = [];
  const logs: { level: string; msg: string }[] = [];
  const followed: string[] = []; // each symbol followStops was given, with the peak stored when it was called
  const trader = {
    mark: () => {},
    refreshEquityMarks: () => {},
    // Without fills, an exit's order waits: the position stays held (the real trader places no second order).
    exitPending: (symbol: string) => !fills && exits.some((e) => e.startsWith(`${symbol} `)),
    followStops: async (symbols: readonly string[]) => void followed.push(...symbols.map((s) => `${s} ${accounts.position(s)?.peakPrice}`)),
    exit: async (symbol: string, reason: string) => {
      exits.push(`${symbol} ${reason.split(':')[0]!}`);
      if (fills) accounts.deletePosition(symbol);
    },
  } as unknown as Trader;
  const market = {
    price: async (symbol: string) => {
      const price = prices[symbol];
      if (price === undefined) throw new Error('no quote');
      return price;
    },
  } as unknown as MarketData;
  const monitor = new PositionMonitor({
    clock,
    logger: createLogger({ level: 'debug', clock, destination: { write: (line: string) => void logs.push(JSON.parse(line) as { level: string; msg: string }) } }),
    store: accounts,
    market,
    trader,
    rules: { stopLossPct: 0.05, trailingStopPct: 0.1, trailingActivationPct: 0.2 },
    killSwitch: { state: () => ({ halted: false, flatten: false }), flattened: () => {} },
  });
  return { monitor, accounts, exits, prices, logs, followed };
}

describe('the position monitor (on the in-memory account repository)', () => {
  it('keeps each position’s peak and trailing state, and exits the one whose stop is hit', async () => {
    const { monitor, accounts, exits, prices } = monitorOf({ A: 125, B: 94 });
    accounts.savePosition(held('A', 100), 0);
    accounts.savePosition(held('B', 100), 0);
    await monitor.check(new AbortController().signal);
    expect(exits).toEqual(['B stop_loss']);
    expect(accounts.position('A')).toMatchObject({ peakPrice: 125, trailingActive: true, markPrice: 125, qty: 1 });
    prices.A = 110;
    await monitor.check(new AbortController().signal);
    expect(exits).toEqual(['B stop_loss', 'A trailing_stop']);
    expect(accounts.openPositionCount).toBe(0);
  });

  it('has the protective stops follow, after the check, only the positions it judged with no exit decided, at the peak it stored', async () => {
    const { monitor, accounts, exits, followed } = monitorOf({ A: 125, B: 94 }, false);
    accounts.savePosition(held('A', 100), 0);
    accounts.savePosition(held('B', 100), 0);
    accounts.savePosition(held('C', 100), 0);
    await expect(monitor.check(new AbortController().signal)).rejects.toThrow(/no price for 1 open position: C/);
    // B's stop loss fired (its exit waits for its fill), C has no price: neither moves; A at the peak of this check.
    expect(exits).toEqual(['B stop_loss']);
    expect(followed).toEqual(['A 125']);
  });

  it('says "exit rule fired" once per exit, not at each check while the exit order waits for its fill', async () => {
    const { monitor, accounts, logs } = monitorOf({ B: 94 }, false);
    accounts.savePosition(held('B', 100), 0);
    for (let i = 0; i < 3; i++) await monitor.check(new AbortController().signal);
    const said = (msg: string) => logs.filter((l) => l.msg === msg).map((l) => l.level);
    expect(said('exit rule fired')).toEqual(['info']);
    expect(said('exit rule fired again; its exit order is still waiting for a fill')).toEqual(['debug', 'debug']);
  });

  it('checks the others when one price cannot be read, then says which failed', async () => {
    const { monitor, accounts } = monitorOf({ B: 101 });
    accounts.savePosition(held('A', 100), 0);
    accounts.savePosition(held('B', 100), 0);
    await expect(monitor.check(new AbortController().signal)).rejects.toThrow(/no price for 1 open position: A: no quote/);
    expect(accounts.position('B')!.markPrice).toBe(101);
    expect(accounts.position('A')!.markPrice).toBe(100);
  });
});
