import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import { VirtualClock } from '../../src/core/clock.js';
import { Kernel } from '../../src/kernel/kernel.js';
import { BacktestBroker } from '../../src/backtest/backtest-broker.js';
import { BacktestMarket } from '../../src/backtest/backtest-market.js';
import type { Bar } from '../../src/market/market-port.js';
import { defaultConfig, tempDir } from './helpers.js';

const DAY = 86_400_000;
const flat = (price: number): Bar[] => Array.from({ length: 3 }, (_, i) => ({ time: Date.UTC(2020, 0, 1) + i * DAY, open: price, high: price, low: price, close: price, volume: 1_000_000 }));

function buy(decidedAt: number, symbol: string, price: number, n: number): VerdictEvent {
  return {
    verdictId: `v-${n}`,
    opportunity: { id: `opp-${n}`, symbol, source: 'model', direction: 'long', score: 2, price, reason: 'test', createdAt: 0 },
    verdict: { action: 'BUY', conviction: 1, score: 1, sizeFraction: 1, reasons: [] },
    outcomes: [],
    decidedAt,
  };
}

describe('orders in flight', () => {
  it('count toward exposure in the risk gate and block a second entry in the symbol until they fill at the next open', async () => {
    const clock = new VirtualClock(Date.UTC(2020, 0, 2));
    const market = new BacktestMarket([{ symbol: 'A', bars: flat(100), barMs: DAY }, { symbol: 'B', bars: flat(50), barMs: DAY }]);
    market.showFirst('A', 1);
    market.showFirst('B', 1);
    const broker = new BacktestBroker({ slippageBps: 0, feeBps: 0 });
    const config = defaultConfig({ dataDir: tempDir(), logLevel: 'silent', storeCheckpoint: 'inline', positionFraction: 0.5, maxGrossExposure: 0.6, riskPerTrade: 0.2, lotStep: 1 });
    const kernel = await Kernel.create(config, { clock, market, broker });
    try {
      kernel.trader.init(config.startingCash);
      await kernel.trader.onVerdict(buy(clock.now(), 'A', 100, 1));
      await kernel.trader.onVerdict(buy(clock.now(), 'A', 100, 2));
      await kernel.trader.onVerdict(buy(clock.now(), 'B', 50, 3));
      const pending = kernel.trader.pendingOrders();
      // B is clamped to the gross exposure left once A's order in flight counts: 0.6 × 100,000 − 50,000 = 10,000.
      expect(pending.map((o) => [o.symbol, o.qty])).toEqual([['A', 500], ['B', 200]]);
      // Nothing filled yet: the cash is all there, the orders are in flight.
      expect(kernel.store.account().cash).toBe(100_000);
      expect(kernel.store.inFlightOrders()).toHaveLength(2);
      const next = market.reveal('A');
      for (const { clientOrderId, result } of broker.openBar('A', next)) await kernel.trader.settlePending(clientOrderId, result);
      expect(kernel.store.position('A')).toMatchObject({ qty: 500, avgPrice: 100, openedAt: next.time });
      expect(kernel.trader.pendingOrders().map((o) => o.symbol)).toEqual(['B']);
    } finally {
      await kernel.stop();
    }
  });
});
