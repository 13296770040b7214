import { describe, expect, it } from 'vitest';
import { buyVerdict, sellVerdict } from '../helpers/buy-verdict.js';
import { exchangeStopKernel, fakeBinanceEachTest } from '../helpers/live-kernel.js';

/** exchangeStop across restarts and refusals: what a protective stop left resting, or moved, becomes. */
describe('a live position’s protective stop across a restart and a refused move (exchangeStop)', () => {
  const binance = fakeBinanceEachTest((fake) => {
    fake.trackBalances = true;
  });

  const liveKernel = (extra: Record<string, string> = {}, dataDir?: string) => exchangeStopKernel(binance.fake, binance.base, extra, dataDir);

  it('keeps a stop filled in part before a restart as the position’s stop: no second one, and an exit cancels its rest first', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('part-restart', first.clock.now()));
    const held = first.kernel.store.position('BTC/USDT')!.qty;
    binance.fake.price = 48_990;
    binance.fake.triggerStops(0.5);
    binance.fake.price = 50_000;
    await first.seconds(16);
    const [stop] = binance.fake.stopLimitOrders();
    expect(stop!.status).toBe('PARTIALLY_FILLED');
    await first.kernel.stop();
    const second = await liveKernel({}, first.config.dataDir);
    await second.seconds(16);
    // Its rest still covers the position: no second stop is placed beside it (one more would sell the coins twice).
    expect(binance.fake.stopPlacements()).toHaveLength(1);
    expect(second.kernel.store.inFlightOrders().map((o) => o.clientOrderId)).toEqual([stop!.clientOrderId]);
    await second.kernel.trader.onVerdict(sellVerdict('part-restart-sell', second.clock.now()));
    expect(stop!.status).toBe('CANCELED');
    expect(binance.fake.sales()).toHaveLength(1);
    expect(binance.fake.sales()[0]!.origQty).toBeCloseTo(held - stop!.executedQty, 7);
    expect(second.kernel.store.position('BTC/USDT')).toBeNull();
    expect(binance.fake.balances.BTC!.free).toBeGreaterThanOrEqual(-1e-9);
    expect(second.kernel.trader.ledger().ok).toBe(true);
    await second.kernel.stop();
  });
  it('moves on after a restart a moved stop whose placement’s answer was lost: its trigger is read back from the exchange’s answer', async () => {
    const first = await liveKernel({ CONCLAVE_TRAILING_STOP_PCT: '0.03' });
    await first.kernel.trader.onVerdict(buyVerdict('lost-answer', first.clock.now()));
    binance.fake.price = 52_000;
    // The move's placement is taken, but its answer is lost: asked about at the next check, and found resting.
    binance.fake.queue('drop');
    await first.seconds(80);
    expect(binance.fake.stopLimitOrders().map((o) => [o.stop!.stopPrice, o.status])).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    const moved = binance.fake.stopLimitOrders()[1]!;
    expect(first.kernel.store.order(moved.clientOrderId)).toMatchObject({ status: 'submitted' });
    await first.kernel.stop();
    const second = await liveKernel({ CONCLAVE_TRAILING_STOP_PCT: '0.03' }, first.config.dataDir);
    // (The restarted daemon's virtual clock starts at the real now, behind the first's: a minute and a half on.)
    await second.seconds(90);
    expect(binance.fake.stopLimitOrders()).toHaveLength(2);
    binance.fake.price = 54_000;
    await second.seconds(80);
    // 3 % under the peak of 54,000: 52,380.
    expect(binance.fake.stopLimitOrders().map((o) => [o.stop!.stopPrice, o.status])).toEqual([[49_000, 'CANCELED'], [50_440, 'CANCELED'], [52_380, 'NEW']]);
    expect(binance.fake.sales()).toEqual([]);
    expect(second.kernel.trader.ledger().ok).toBe(true);
    await second.kernel.stop();
  });
});
