import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeBinance } from '../trading/fake-binance.js';
import { buyVerdict, sellVerdict } from '../helpers/buy-verdict.js';
import { exchangeStopKernel } from '../helpers/live-kernel.js';

/** exchangeStop across restarts and refusals: what a protective stop left resting, or moved, becomes. */
describe('a live position’s protective stop across a restart and a refused move (exchangeStop)', () => {
  let fake: FakeBinance;
  let base: string;
  beforeEach(async () => {
    fake = new FakeBinance();
    fake.trackBalances = true;
    base = await fake.start();
  });
  afterEach(() => fake.stop());

  const liveKernel = (extra: Record<string, string> = {}, dataDir?: string) => exchangeStopKernel(fake, base, extra, dataDir);

  it('keeps a stop filled in part before a restart as the position’s stop: no second one, and an exit cancels its rest first', async () => {
    const first = await liveKernel();
    await first.kernel.trader.onVerdict(buyVerdict('part-restart', first.clock.now()));
    const held = first.kernel.store.position('BTC/USDT')!.qty;
    fake.price = 48_990;
    fake.triggerStops(0.5);
    fake.price = 50_000;
    await first.seconds(16);
    const [stop] = fake.stopLimitOrders();
    expect(stop!.status).toBe('PARTIALLY_FILLED');
    await first.kernel.stop();
    const second = await liveKernel({}, first.config.dataDir);
    await second.seconds(16);
    // Its rest still covers the position: no second stop is placed beside it (one more would sell the coins twice).
    expect(fake.stopPlacements()).toHaveLength(1);
    expect(second.kernel.store.inFlightOrders().map((o) => o.clientOrderId)).toEqual([stop!.clientOrderId]);
    await second.kernel.trader.onVerdict(sellVerdict('part-restart-sell', second.clock.now()));
    expect(stop!.status).toBe('CANCELED');
    expect(fake.sales()).toHaveLength(1);
    expect(fake.sales()[0]!.origQty).toBeCloseTo(held - stop!.executedQty, 7);
    expect(second.kernel.store.position('BTC/USDT')).toBeNull();
    expect(fake.balances.BTC!.free).toBeGreaterThanOrEqual(-1e-9);
    expect(second.kernel.trader.ledger().ok).toBe(true);
    await second.kernel.stop();
  });
  it('moves on after a restart a moved stop whose placement’s answer was lost: its trigger is read back from the exchange’s answer', async () => {
    const first = await liveKernel({ CONCLAVE_TRAILING_STOP_PCT: '0.03' });
    await first.kernel.trader.onVerdict(buyVerdict('lost-answer', first.clock.now()));
    fake.price = 52_000;
    // The move's placement is taken, but its answer is lost: asked about at the next check, and found resting.
    fake.queue('drop');
    await first.seconds(80);
    expect(fake.stopLimitOrders().map((o) => [o.stop!.stopPrice, o.status])).toEqual([[49_000, 'CANCELED'], [50_440, 'NEW']]);
    const moved = fake.stopLimitOrders()[1]!;
    expect(first.kernel.store.order(moved.clientOrderId)).toMatchObject({ status: 'submitted' });
    await first.kernel.stop();
    const second = await liveKernel({ CONCLAVE_TRAILING_STOP_PCT: '0.03' }, first.config.dataDir);
    // (The restarted daemon's virtual clock starts at the real now, behind the first's: a minute and a half on.)
    await second.seconds(90);
    expect(fake.stopLimitOrders()).toHaveLength(2);
    fake.price = 54_000;
    await second.seconds(80);
    // 3 % under the peak of 54,000: 52,380.
    expect(fake.stopLimitOrders().map((o) => [o.stop!.stopPrice, o.status])).toEqual([[49_000, 'CANCELED'], [50_440, 'CANCELED'], [52_380, 'NEW']]);
    expect(fake.sales()).toEqual([]);
    expect(second.kernel.trader.ledger().ok).toBe(true);
    await second.kernel.stop();
  });
});
