import { describe, expect, it } from 'vitest';
import { offlineExchange, PROBE_ID } from '../../src/trading/exchange-capability.js';
import { ExchangeOrders } from '../../src/trading/exchange-orders.js';
import { placeStopOrder } from '../../src/trading/ccxt-stop-order.js';

describe('the protective stop placed through ccxt', () => {
  it('sells the whole lot held when float noise puts the quantity a hair under it (0.3 - 0.2 left of lots of 0.1)', async () => {
    for (const [step, held, sent] of [[0.1, 0.3 - 0.2, '0.1'], [0.00001, 0.3 - 0.2, '0.1'], [0.00001, 0.00537462, '0.00537']] as const) {
      const { exchange, sent: requests } = offlineExchange('binance', (e) => {
        const market = e.markets!['BTC/USDT']!;
        (market.info as { orderTypes: string[] }).orderTypes.push('STOP_LOSS_LIMIT');
        market.precision.amount = step;
      });
      const params = new ExchangeOrders(exchange).placing(PROBE_ID, 0);
      // ccxt truncates to the step: 0.09999999999999998 went as 0 (refused: no stop at all) or 0.09999 (a step bare).
      await placeStopOrder(exchange, { clientOrderId: PROBE_ID, symbol: 'BTC/USDT', side: 'sell', qty: held }, { trigger: 49_000, limit: 48_020 }, params, 0).catch(() => undefined);
      expect(requests.at(-1)?.params, `${held} in steps of ${step}`).toMatchObject({ type: 'STOP_LOSS_LIMIT', quantity: sent });
    }
  });
});
