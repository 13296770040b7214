import { describe, expect, it } from 'vitest';
import { ExchangePrice } from '../trading/fake-binance.js';
import { buyVerdict } from '../helpers/buy-verdict.js';
import { fakeBinanceEachTest, liveKernelOnFake, liveSeconds } from '../helpers/live-kernel.js';

/**
 * Exchanges that acknowledge a market order before it fills (an answer without a status, or NEW with nothing filled)
 * answer `submitted`. Only the paper broker answers such an order again by itself; an exchange must be asked.
 */
describe('a live order the exchange took without filling it yet', () => {
  const binance = fakeBinanceEachTest();

  async function liveKernel() {
    const { clock, kernel } = await liveKernelOnFake(binance.base, new ExchangePrice(binance.fake), { CONCLAVE_POSITION_CHECK_INTERVAL_MS: '5000' });
    // Virtual seconds, each ending when the checks it started have had the loopback exchange's real answers.
    const seconds = liveSeconds({ kernel, clock });
    const buy = () => buyVerdict('ack-1', clock.now());
    return { kernel, seconds, buy };
  }

  it('learns the entry’s fill at the next checks, so its stop protects the coins bought', async () => {
    const { kernel, seconds, buy } = await liveKernel();
    binance.fake.queue('ack');
    await kernel.trader.onVerdict(buy());
    const [entry] = [...binance.fake.orders.values()];
    expect(entry).toMatchObject({ side: 'BUY', status: 'FILLED' });
    await seconds(15);
    // Before, the daemon never asked again: it held no position of the coins bought, and no stop was ever judged.
    // The commission, 0.1 % in BTC, came out of the coins bought.
    const bought = entry!.executedQty * 0.999;
    expect(kernel.store.position('BTC/USDT')?.qty).toBeCloseTo(bought, 9);
    binance.fake.price = 48_000;
    await seconds(15);
    const sales = [...binance.fake.orders.values()].filter((o) => o.side === 'SELL');
    expect(sales).toHaveLength(1);
    expect(sales[0]!.origQty).toBeCloseTo(bought, 9);
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('learns an exit’s fill, and sells nothing more meanwhile', async () => {
    const { kernel, seconds, buy } = await liveKernel();
    await kernel.trader.onVerdict(buy());
    const held = kernel.store.position('BTC/USDT')!.qty;
    binance.fake.queue('ack');
    binance.fake.price = 48_000;
    await seconds(30);
    const sales = [...binance.fake.orders.values()].filter((o) => o.side === 'SELL');
    expect(sales.map((o) => o.origQty)).toEqual([held]);
    // Before, the sale stayed in flight for the rest of the run: the position held in the store, its cash not received.
    expect(kernel.store.position('BTC/USDT')).toBeNull();
    expect(kernel.trader.pendingOrders()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });
});
