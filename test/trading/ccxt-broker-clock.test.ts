/**
 * The live broker's calls to the exchange are told to the clock (exchange-outside.ts): on a virtual clock driven by
 * runAnswered, time stands still while an order, a cancel, an order read or a reconciliation waits for the loopback
 * exchange's answers, however slow they are, and each call ends at the time it was made.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { CcxtBroker } from '../../src/trading/ccxt-broker.js';
import { runAnswered } from '../helpers/kernel-harness.js';
import { FakeBinance } from './fake-binance.js';

let fake: FakeBinance;
let base: string;
beforeEach(async () => {
  fake = new FakeBinance();
  base = await fake.start();
});
afterEach(() => fake.stop());

/** A broker on a virtual clock at the real now (the fake checks the time of signed requests). */
function broker() {
  const clock = new VirtualClock(Date.now());
  return { clock, broker: new CcxtBroker({ clock, exchangeId: 'binance', apiKey: 'test-key', secret: 'test-secret', apiBaseUrl: base, enableRateLimit: false, timeoutMs: 5_000 }) };
}

/** When, on `clock`, each of `calls` ended, driven by runAnswered over `ms` of virtual time from their start. */
async function endedAt(clock: VirtualClock, ms: number, calls: Promise<unknown>[]): Promise<number[]> {
  const t0 = clock.now();
  const ends = calls.map((call) => call.then(() => clock.now() - t0));
  await runAnswered(clock, ms);
  expect(clock.outsideInFlight).toBe(0);
  return Promise.all(ends);
}

describe('the live broker’s calls on the virtual clock', () => {
  it('hold it still while an order waits 200 ms of real time for its answer', async () => {
    const { clock, broker: b } = broker();
    fake.delayMs = 200;
    fake.queue('delay');
    const order = b.submit({ clientOrderId: 'cv-clock-1', symbol: 'BTC/USDT', side: 'buy', qty: 0.01 });
    expect(await endedAt(clock, 60_000, [order])).toEqual([0]);
    await expect(order).resolves.toMatchObject({ status: 'filled' });
  });

  it('hold it still for order reads, a cancel, and the balance and open orders a reconciliation reads', async () => {
    const { clock, broker: b } = broker();
    fake.place('cv-clock-2', 'BUY', 0.01, 'FILLED');
    fake.place('cv-clock-3', 'SELL', 0.01, 'NEW');
    fake.balances.BTC = { free: 0.01, locked: 0 };
    const calls = [
      b.fetchOrder({ clientOrderId: 'cv-clock-2', symbol: 'BTC/USDT' }),
      b.cancelOrder({ clientOrderId: 'cv-clock-3', symbol: 'BTC/USDT' }),
      b.reconcile({ openOrders: [], balances: { BTC: 0.01 } }),
    ];
    expect(await endedAt(clock, 60_000, calls)).toEqual([0, 0, 0]);
    expect(await calls[0]).toMatchObject({ status: 'filled' });
    expect(await calls[1]).toMatchObject({ status: 'cancelled' });
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['GET /api/v3/order', 'DELETE /api/v3/order', 'GET /api/v3/account', 'GET /api/v3/openOrders']));
  });
});
