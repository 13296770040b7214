import { describe, expect, it } from 'vitest';
import { BacktestBroker } from '../../src/backtest/backtest-broker.js';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import type { Trader } from '../../src/trading/trader.js';
import { MemoryAccountRepository } from '../fakes/memory-account-repository.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);
const bar = (i: number, open: number, high: number, low: number, close: number, volume = 5): Bar => ({ time: T0 + i * MIN, open, high, low, close, volume });

/**
 * Bought at 100 with a 10 % trailing stop armed from the entry. The first minute trades up to 120 and closes at 107: the
 * stop follows the peak to 108, above that close. The next minute nobody traded in (flat at 107, no volume: the last
 * trade's price carried over, as exchanges write such minutes). The one after trades again from 106.
 */
const traded = bar(0, 100, 120, 99, 107);
const filler = bar(1, 107, 107, 107, 107, 0);
const reopened = bar(2, 106, 109, 105, 108);

function setup(market: Partial<MarketData> = {}) {
  const clock = new VirtualClock(T0);
  const accounts = new MemoryAccountRepository();
  const exits: { price: number | undefined; at: number | undefined; reason: string }[] = [];
  const trader = {
    mark: () => {},
    refreshEquityMarks: () => {},
    exitPending: () => false,
    followStops: async () => {},
    exit: async (symbol: string, reason: string, _fill: string, atPrice?: number, at?: number) => {
      exits.push({ price: atPrice, at, reason: reason.split(':')[0]! });
      accounts.deletePosition(symbol);
    },
  } as unknown as Trader;
  const monitor = new PositionMonitor({
    clock,
    logger: createLogger({ level: 'silent', clock }),
    store: accounts,
    market: Object.assign({ name: 'm', symbols: () => ['X'], barMs: () => MIN, bars: async () => [], price: async () => 100 }, market) as MarketData,
    trader,
    rules: { trailingStopPct: 0.1, trailingActivationPct: 0 },
    killSwitch: { state: () => ({ halted: false, flatten: false }), flattened: () => {} },
  });
  const hold = () => accounts.savePosition({ symbol: 'X', qty: 1, avgPrice: 100, openedAt: T0, stopPrice: null, targetPrice: null, atr: null, peakPrice: 100, trailingActive: true, markPrice: 100 }, T0);
  return { clock, monitor, exits, accounts, hold };
}

describe('a stop over a bar nobody traded in', () => {
  it('does not fire at the carried price in a backtest: it fills at the next bar that traded, at its open', async () => {
    const { monitor, exits, accounts, hold } = setup();
    hold();
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0 });
    for (const b of [traded, filler, reopened]) {
      broker.openBar('X', b);
      await monitor.checkBar('X', b, undefined, broker.salesBlocked('X'));
      broker.closeBar('X');
      if (b === traded) expect(accounts.position('X')?.peakPrice).toBe(120);
      if (b === filler) expect(exits, 'no trade at 107 in that minute').toEqual([]);
    }
    expect(exits).toEqual([{ price: 106, at: reopened.time, reason: 'trailing_stop' }]);
  });

  it('tells a bar nobody traded in only after bars that carried volume (the broker)', () => {
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0 });
    broker.openBar('Y', bar(0, 5, 5, 5, 5, 0)); // a file's first bar, or a file without volumes: nothing tells
    expect(broker.salesBlocked('Y')).toBe(false);
    broker.openBar('X', traded);
    expect(broker.salesBlocked('X')).toBe(false);
    broker.openBar('X', filler);
    expect(broker.salesBlocked('X')).toBe(true);
    broker.openBar('X', reopened);
    expect(broker.salesBlocked('X')).toBe(false);
  });

  it('does not fire on that bar live either: the check judges the bars that traded, and the price now', async () => {
    // Checked during the third minute, where the market trades at 109 again: above the stop at 108.
    const { clock, monitor, exits, accounts, hold } = setup({ bars: async () => [traded, filler], price: async () => 109 });
    await monitor.check(new AbortController().signal); // before the entry: the position is this run's, judged from its entry
    hold();
    await clock.advanceTo(T0 + 2 * MIN + 10_000);
    await monitor.check(new AbortController().signal);
    expect(exits).toEqual([]);
    expect(accounts.position('X')).toMatchObject({ peakPrice: 120, markPrice: 109 });
  });
});
