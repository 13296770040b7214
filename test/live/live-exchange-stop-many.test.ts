import { describe, expect, it } from 'vitest';
import type { VerdictEvent } from '../../src/domain/events.js';
import { CcxtBroker } from '../../src/trading/ccxt-broker.js';
import { MOVES_PER_WINDOW } from '../../src/trading/protective-stop-moves.js';
import { ExchangePrice } from '../trading/fake-binance.js';
import { buyVerdict } from '../helpers/buy-verdict.js';
import { runSettled } from '../helpers/kernel-harness.js';
import { fakeBinanceEachTest, liveKernelOnFake } from '../helpers/live-kernel.js';

/**
 * exchangeStop with many positions rising at once: a move is a cancel and a new order, and Binance spot takes 50 new
 * unfilled orders per 10 s (the fake enforces it on the test's clock). The moves of a check are capped, the stops that
 * lag most moved first, the rest at the next checks; a new position's stop never waits for them.
 */
describe('many live positions’ protective stops following their trailing stops up at once (exchangeStop)', () => {
  const binance = fakeBinanceEachTest();

  const A = Array.from({ length: 30 }, (_, i) => `A${String(i).padStart(2, '0')}`);
  const B = Array.from({ length: 30 }, (_, i) => `B${String(i).padStart(2, '0')}`);
  const LATE = 'C00';
  /** A BUY of `coin` at 50,000 with its stop at `stop`. */
  const buy = (coin: string, stop: number, at: number): VerdictEvent => {
    const v = buyVerdict(coin, at);
    return Object.assign(v, { opportunity: Object.assign(v.opportunity, { symbol: `${coin}/USDT` }), verdict: Object.assign(v.verdict, { stop }) });
  };
  const resting = () => binance.fake.stopLimitOrders().filter((o) => o.status === 'NEW');
  const restingAt = (trigger: number) => resting().filter((o) => o.stop!.stopPrice === trigger).map((o) => o.symbol.replace('USDT', ''));

  it('moves at most the capped number in 10 s, the stops lagging most first, never past the exchange’s order limit, and places a new position’s stop at once', async () => {
    binance.fake.coins = [...A, ...B, LATE];
    const universe = binance.fake.coins.map((coin) => ({ symbol: `${coin}/USDT`, name: coin }));
    const env = {
      CONCLAVE_EXCHANGE_STOP: 'true', CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000', CONCLAVE_TRAILING_STOP_PCT: '0.03',
      CONCLAVE_UNIVERSE: JSON.stringify(universe), CONCLAVE_MAX_OPEN_POSITIONS: '100', CONCLAVE_POSITION_FRACTION: '0.01',
    };
    // ccxt's own throttle off (it waits in real time): a check of 60 positions then fits in the real time a virtual
    // second is given, and the rate is the fake's alone to judge.
    const { kernel, clock } = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), env, undefined, (config, clock) =>
      new CcxtBroker({ clock, exchangeId: 'binance', apiKey: 'test-key', secret: 'test-secret', apiBaseUrl: binance.base, enableRateLimit: false, timeoutMs: 5_000, maxEntrySlippageBps: config.maxEntrySlippageBps }));
    binance.fake.orderRate = { limit: 50, now: () => clock.now() };
    // Each virtual second waits for the position check it starts to end: a check of 60 positions over loopback on a
    // busy machine outlasted a fixed slice of real time, the clock moved on under it, and it moved stops at later times.
    const seconds = (n: number) => runSettled(kernel, clock, n, 1_000);
    const monitor = () => kernel.loopStats()['positionMonitor']!;
    /** Advances the clock to the next position check and lets it end, the clock still: its moves share one time. */
    const check = async () => {
      const { runs, errors } = monitor();
      while (monitor().runs === runs) await seconds(1);
      expect(monitor().errors).toBe(errors);
    };
    // A's stops at 47,000, B's at 49,000: 30 placements every 10 s.
    for (const coin of A) await kernel.trader.onVerdict(buy(coin, 47_000, clock.now()));
    await seconds(11);
    for (const coin of B) await kernel.trader.onVerdict(buy(coin, 49_000, clock.now()));
    expect(kernel.store.positions()).toHaveLength(60);
    expect(restingAt(47_000).sort()).toEqual(A);
    expect(restingAt(49_000).sort()).toEqual(B);
    await seconds(61);
    // All sixty peak at 52,000 in one check: each stop is to move to 50,440.
    binance.fake.price = 52_000;
    await check();
    const first = clock.now();
    expect(restingAt(50_440)).toHaveLength(MOVES_PER_WINDOW);
    // The first moved are those lagging most (A's, from 47,000).
    expect(restingAt(50_440).every((coin) => A.includes(coin))).toBe(true);
    // A new position while the others wait: its stop is placed with its entry.
    await kernel.trader.onVerdict(buy(LATE, 49_000, clock.now()));
    expect(restingAt(49_000)).toContain(LATE);
    // The rest at the next checks, MOVES_PER_WINDOW at most in any 10 s.
    const moved: [number, number][] = [[first, MOVES_PER_WINDOW]];
    while (restingAt(50_440).length < 60 && clock.now() - first < 60_000) {
      await check();
      moved.push([clock.now(), restingAt(50_440).length]);
    }
    for (const [at, count] of moved) {
      const tenBefore = moved.filter(([t]) => t <= at - 10_000).at(-1)?.[1] ?? 0;
      expect(count - tenBefore).toBeLessThanOrEqual(MOVES_PER_WINDOW);
    }
    expect(restingAt(50_440).sort()).toEqual([...A, ...B]);
    // Never refused for the rate, every position covered all along by one stop resting, nothing sold.
    expect(binance.fake.rateLimited).toBe(0);
    expect(resting()).toHaveLength(61);
    expect(kernel.store.inFlightOrders().filter((o) => o.status !== 'submitted')).toEqual([]);
    expect(kernel.trader.protective!.unprotected().size).toBe(0);
    expect(binance.fake.sales()).toEqual([]);
    await kernel.stop();
  });
});
