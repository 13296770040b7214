import { describe, expect, it } from 'vitest';
import { PaperBroker, type PaperBrokerOptions } from '../../src/trading/paper-broker.js';
import { VirtualClock } from '../../src/core/clock.js';
import { ConfigError, InvariantError } from '../../src/core/errors.js';
import type { OrderRequest } from '../../src/domain/order.js';

const clock = new VirtualClock(Date.UTC(2026, 0, 5));
const make = (over: Partial<PaperBrokerOptions> = {}) => {
  const calls: string[] = [];
  const broker = new PaperBroker({
    clock,
    priceOf: async (symbol) => {
      calls.push(symbol);
      return 100;
    },
    slippageBps: 10,
    feeBps: 10,
    ...over,
  });
  return { broker, calls };
};
const buy: OrderRequest = { clientOrderId: 'o-1', symbol: 'BTC/USDT', side: 'buy', qty: 2 };

describe('PaperBroker', () => {
  it('fills buys above and sells below the price, with a fee on the notional', async () => {
    const { broker } = make();
    const b = await broker.submit(buy);
    expect(b.status).toBe('filled');
    expect(b.fills).toHaveLength(1);
    expect(b.fills[0]).toMatchObject({ clientOrderId: 'o-1', symbol: 'BTC/USDT', side: 'buy', qty: 2, time: clock.now(), id: 'o-1:1' });
    expect(b.fills[0]!.price).toBeCloseTo(100.1, 10);
    expect(b.fills[0]!.fee).toBeCloseTo(2 * 100.1 * 0.001, 10);
    const s = await broker.submit({ ...buy, clientOrderId: 'o-2', side: 'sell' });
    expect(s.fills[0]!.price).toBeCloseTo(99.9, 10);
  });
  it('is idempotent on the client order id: a repeat returns the original, never a second fill', async () => {
    const { broker, calls } = make();
    const [a, b] = await Promise.all([broker.submit(buy), broker.submit(buy)]);
    const c = await broker.submit(buy);
    expect(calls).toEqual(['BTC/USDT']);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    c.fills[0]!.qty = 999; // callers get copies
    expect((await broker.submit(buy)).fills[0]!.qty).toBe(2);
  });
  it('refuses to reuse a client order id for a different order', async () => {
    const { broker } = make();
    await broker.submit(buy);
    await expect(broker.submit({ ...buy, qty: 3 })).rejects.toThrow(InvariantError);
    await expect(broker.submit({ ...buy, side: 'sell' })).rejects.toThrow(/already used for buy 2 BTC\/USDT/);
  });
  it('rejects invalid requests with a reason', async () => {
    const { broker, calls } = make();
    let n = 0;
    for (const [bad, reason] of [
      [{ qty: 0 }, /qty must be a positive finite/],
      [{ qty: Number.NaN }, /qty must be/],
      [{ qty: Number.POSITIVE_INFINITY }, /qty must be/],
      [{ side: 'short' }, /side must be buy or sell/],
      [{ symbol: '' }, /symbol/],
    ] as const) {
      const r = await broker.submit({ ...buy, ...bad, clientOrderId: `bad-${n++}` } as OrderRequest);
      expect(r.status).toBe('rejected');
      expect(r.fills).toEqual([]);
      expect(r.reason).toMatch(reason);
    }
    expect(calls).toEqual([]);
  });
  it('rejects when there is no price', async () => {
    const { broker } = make({
      priceOf: async () => {
        throw new Error('feed down');
      },
    });
    expect(await broker.submit(buy)).toEqual({ status: 'rejected', fills: [], reason: 'no price for BTC/USDT: feed down' });
    const zero = make({ priceOf: async () => 0 }).broker;
    expect((await zero.submit(buy)).reason).toMatch(/no valid price/);
  });
  it('fills partially with the injected randomness, and a cancel ends the order with what it got', async () => {
    const rolls = [0.1, 0.5];
    const { broker } = make({ partialFill: { probability: 0.3, minFraction: 0.2 }, random: () => rolls.shift() ?? 0.9 });
    const r = await broker.submit(buy);
    expect(r.status).toBe('partially_filled');
    expect(r.fills[0]!.qty).toBeCloseTo(2 * (0.2 + 0.8 * 0.5), 10);
    expect(r.fills[0]!.fee).toBeCloseTo(r.fills[0]!.qty * r.fills[0]!.price * 0.001, 10);
    expect((await broker.submit({ ...buy, clientOrderId: 'o-2' })).status).toBe('filled'); // roll 0.9 ≥ 0.3
    const cancelled = await broker.cancelOrder({ clientOrderId: 'o-1', symbol: 'BTC/USDT' });
    expect(cancelled).toMatchObject({ status: 'cancelled', fills: r.fills });
    expect(await broker.fetchOrder({ clientOrderId: 'o-1', symbol: 'BTC/USDT' })).toMatchObject({ status: 'cancelled' });
    expect((await broker.submit(buy)).status).toBe('cancelled');
    expect(await broker.fetchOrder({ clientOrderId: 'nope', symbol: 'BTC/USDT' })).toBeNull();
    expect(await broker.cancelOrder({ clientOrderId: 'nope', symbol: 'BTC/USDT' })).toBeNull();
  });
  it('forgets an aborted submission so it can be sent again', async () => {
    let release: (v: number) => void = () => {};
    let first = true;
    const { broker } = make({
      priceOf: (_s, signal) =>
        first
          ? new Promise((resolve, reject) => {
              first = false;
              release = resolve;
              signal?.addEventListener('abort', () => reject(new Error('aborted')));
            })
          : Promise.resolve(100),
    });
    const controller = new AbortController();
    const pending = broker.submit(buy, controller.signal);
    controller.abort();
    await expect(pending).rejects.toThrow('aborted');
    release(100);
    expect((await broker.submit(buy)).status).toBe('filled');
    const aborted = new AbortController();
    aborted.abort();
    await expect(broker.submit({ ...buy, clientOrderId: 'o-3' }, aborted.signal)).rejects.toThrow();
  });
  it('bounds the idempotency memory', async () => {
    const { broker, calls } = make({ maxRemembered: 2 });
    for (const id of ['a', 'b', 'c']) await broker.submit({ ...buy, clientOrderId: id });
    expect(await broker.fetchOrder({ clientOrderId: 'a', symbol: 'BTC/USDT' })).toBeNull();
    await broker.submit({ ...buy, clientOrderId: 'c' });
    expect(calls).toHaveLength(3);
  });
  it('validates its options', () => {
    expect(() => make({ slippageBps: -1 })).toThrow(ConfigError);
    expect(() => make({ feeBps: Number.NaN })).toThrow(/paper.feeBps = null is not allowed/);
    expect(() => make({ partialFill: { probability: 2, minFraction: 0.5 } })).toThrow(/paper.partialFill.probability = 2/);
    expect(() => make({ partialFill: { probability: 0.5, minFraction: 0 } })).toThrow(/minFraction/);
  });
});
