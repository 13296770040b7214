import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { PositionMonitor } from '../../src/trading/position-monitor.js';
import type { Trader } from '../../src/trading/trader.js';
import { MemoryAccountRepository } from '../fakes/memory-account-repository.js';

const MIN = 60_000;
const BAR = 5 * MIN;
const T0 = Date.UTC(2026, 0, 5);

/**
 * A coin that goes up tenfold in a few 5-minute bars, checked every minute: each quote inside a bar raised the peak
 * (and armed the trailing stop) before that bar closed, and the closed bar was then judged against that peak: its
 * open, which came before the quote, read as a fall through the trailing stop, and the position was sold at the bar's
 * open while the price stood far above it.
 */
describe('a rally inside bars that are judged after the quotes within them', () => {
  /** The rally checked every minute; `restarts`: by a new monitor each time, as a daemon restarted between checks. */
  async function rally(restarts: boolean) {
    // Closes of the 5-minute bars from T0: flat at 1, then 1.6, 2.6, 4.2, 6.8, 10, then a fall to 8.5.
    const closes = [1.6, 2.6, 4.2, 6.8, 10, 8.5];
    const bar = (i: number): Bar => {
      const open = i <= 0 ? 1 : closes[i - 1]!;
      const close = i < 0 ? 1 : closes[Math.min(i, closes.length - 1)]!;
      return { time: T0 + i * BAR, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 10 };
    };
    const clock = new VirtualClock(T0);
    // The last trade: along the forming bar, from its open to its close.
    const quote = () => {
      const i = Math.floor((clock.now() - T0) / BAR);
      const b = bar(i);
      return b.open + ((b.close - b.open) * ((clock.now() - b.time) % BAR)) / BAR;
    };
    const market: MarketData = {
      name: 'rally',
      symbols: () => ['PUMP/USDT'],
      bars: async (_symbol, limit) => {
        const closed = Math.floor((clock.now() - T0) / BAR); // bars before this index have closed
        return Array.from({ length: limit }, (_, k) => bar(closed - limit + k));
      },
      barMs: () => BAR,
      price: async () => quote(),
    };
    const accounts = new MemoryAccountRepository();
    const exits: { price: number; reason: string; at: number }[] = [];
    const trader = {
      mark: () => {},
      refreshEquityMarks: () => {},
      exitPending: () => false,
      followStops: async () => {},
      exit: async (symbol: string, reason: string, _fill: string, atPrice?: number) => {
        exits.push({ price: atPrice ?? quote(), reason: reason.split(':')[0]!, at: clock.now() });
        accounts.deletePosition(symbol);
      },
    } as unknown as Trader;
    const monitorOf = () => new PositionMonitor({
      clock,
      logger: createLogger({ level: 'silent', clock }),
      store: accounts,
      market,
      trader,
      rules: { stopLossPct: 0.2, trailingStopPct: 0.1, trailingActivationPct: 0.5 },
      killSwitch: { state: () => ({ halted: false, flatten: false }), flattened: () => {} },
    });
    accounts.savePosition({ symbol: 'PUMP/USDT', qty: 1000, avgPrice: 1, openedAt: T0 - 60 * MIN, stopPrice: null, targetPrice: null, atr: null, peakPrice: 1, trailingActive: false, markPrice: 1 }, T0);
    let monitor = monitorOf();
    for (let minute = 0; minute <= 6 * 5 && accounts.position('PUMP/USDT'); minute++) {
      if (restarts) monitor = monitorOf();
      await monitor.check(new AbortController().signal);
      await clock.advance(MIN);
    }
    return exits;
  }

  // Before: sold at 1.6, the open of the second bar, ten minutes in, with the price at 2.6 and on its way to 10; and
  // after the first fix, still so across restarts, which judged the bars closed since from the stored peak that quotes
  // inside them had raised (the bars' trailing state is now stored with the last bar judged).
  it.each([
    ['sells on the trailing stop only when the price falls from its peak, not at a bar’s open that came before the peak', false],
    ['does the same across restarts: the bars’ trailing state is stored with the last bar judged', true],
  ])('%s', async (_name, restarts) => {
    const exits = await rally(restarts);
    expect(exits).toHaveLength(1);
    expect(exits[0]!.reason).toBe('trailing_stop');
    // The peak is 10; the trailing stop at 9 is met as the last bar falls from 10 towards 8.5.
    expect(exits[0]!.at).toBeGreaterThanOrEqual(T0 + 5 * BAR);
    expect(exits[0]!.price).toBeGreaterThan(8.5);
    expect(exits[0]!.price).toBeLessThanOrEqual(9);
  });
});
