/**
 * An exchange whose ccxt class cannot look an order up by client order id (kucoin's real class: ArgumentsRequired
 * without the exchange's id): the broker looks among open orders, and an order not there is unknown, never "never placed".
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { CcxtBroker } from '../../src/trading/ccxt-broker.js';
import { offlineExchange } from '../../src/trading/exchange-capability.js';
import { NEVER_PLACED_AFTER_MS, reconcileInFlight } from '../../src/trading/in-flight-reconciliation.js';

function kucoinBroker(open: { clientOrderId: string; status: string }[]) {
  const { exchange } = offlineExchange('kucoin', (e) => Object.assign(e.options, { uta: false }));
  // The open orders as the exchange would list them (the look-up itself is kucoin's own code, which refuses).
  Object.assign(exchange, {
    fetchOpenOrders: () => Promise.resolve(open.map((o, i) => ({ id: String(i + 1), clientOrderId: o.clientOrderId, status: o.status, symbol: 'BTC/USDT', side: 'buy', filled: 0, trades: [] }))),
  });
  const clock = new VirtualClock(1_000_000_000_000);
  return { clock, broker: new CcxtBroker({ clock, exchange }) };
}

describe('a look-up by client order id the exchange’s ccxt class cannot make', () => {
  it('finds an order still open among the open orders', async () => {
    const { broker } = kucoinBroker([{ clientOrderId: 'co-open', status: 'open' }]);
    expect(await broker.fetchOrder({ clientOrderId: 'co-open', symbol: 'BTC/USDT' })).toMatchObject({ status: 'submitted', exchangeOrderId: '1' });
  });

  it('says an order not among them is unknown (it may have filled), so a restart keeps it in flight instead of declaring it never placed', async () => {
    const { broker, clock } = kucoinBroker([]);
    const result = await broker.fetchOrder({ clientOrderId: 'co-filled', symbol: 'BTC/USDT' });
    expect(result).toMatchObject({ status: 'unknown' });
    expect(result!.reason).toMatch(/cannot look an order up by its client order id.*not among the open orders.*check it on the exchange/);
    const moved: string[] = [];
    const watched: string[] = [];
    const order = { clientOrderId: 'co-filled', verdictId: null, symbol: 'BTC/USDT', side: 'buy' as const, qty: 0.01, filledQty: 0, status: 'submitted', purpose: 'entry', createdAt: clock.now() - 2 * NEVER_PLACED_AFTER_MS };
    const store = {
      inFlightOrders: () => [order],
      discussion: () => null,
      order: () => order,
      updateOrder: (id: string) => void moved.push(id),
    };
    await reconcileInFlight({
      clock,
      logger: { warn: () => undefined, info: () => undefined } as never,
      store: store as never,
      broker,
      settle: () => undefined,
      wait: () => undefined,
      watch: (request) => void watched.push(request.clientOrderId),
    });
    expect(watched).toEqual(['co-filled']);
    expect(moved).toEqual([]);
  });
});
