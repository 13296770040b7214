import { describe, expect, it } from 'vitest';
import type { Order } from 'ccxt';
import { instrumentOf, toOrderResult } from '../../src/trading/ccxt-order-mapping.js';

const order = (over: Partial<Order>): Order =>
  ({ id: '7', clientOrderId: 'c', symbol: 'ETH/USDT', side: 'sell', status: 'closed', filled: 0, trades: [], ...over }) as Order;

describe('toOrderResult', () => {
  it('maps ccxt statuses to the order state machine', () => {
    expect(toOrderResult(order({ status: 'open' }), 'c', 1).status).toBe('submitted');
    expect(toOrderResult(order({ status: 'open', filled: 1, average: 10 }), 'c', 1).status).toBe('partially_filled');
    expect(toOrderResult(order({ status: 'closed', filled: 1, average: 10 }), 'c', 1).status).toBe('filled');
    expect(toOrderResult(order({ status: 'canceled' }), 'c', 1).status).toBe('cancelled');
    expect(toOrderResult(order({ status: 'expired', filled: 1, average: 10 }), 'c', 1)).toMatchObject({ status: 'cancelled', fills: [{ qty: 1 }] });
    expect(toOrderResult(order({ status: 'rejected' }), 'c', 1)).toMatchObject({ status: 'rejected', reason: 'rejected by the exchange' });
    expect(toOrderResult(order({ status: undefined }), 'c', 1).status).toBe('submitted');
  });
  it('values fees in the quote currency, or names a third currency', () => {
    const trade = (fee: { cost: number; currency: string }) => ({ id: 't1', amount: 2, price: 100, timestamp: 5, fee }) as Order['trades'][number];
    expect(toOrderResult(order({ trades: [trade({ cost: 0.2, currency: 'USDT' })] }), 'c', 1).fills[0]).toMatchObject({ fee: 0.2, id: 'c:t1', time: 5 });
    expect(toOrderResult(order({ trades: [trade({ cost: 0.002, currency: 'ETH' })] }), 'c', 1).fills[0]!.fee).toBeCloseTo(0.2, 12);
    // A third asset's fee is not valued as that many dollars: 0, unknown, its currency named.
    expect(toOrderResult(order({ trades: [trade({ cost: 0.0005, currency: 'BNB' })] }), 'c', 1).fills[0]).toMatchObject({ fee: 0, feeCurrency: 'BNB', feeUnknown: true });
  });

  it("takes a buy's fee paid in the coin bought out of the quantity held, so a sale can sell it all", () => {
    const trade = { id: 't1', amount: 0.0179, price: 50_000, timestamp: 5, fee: { cost: 0.0000179, currency: 'BTC' } } as Order['trades'][number];
    const [fill] = toOrderResult(order({ symbol: 'BTC/USDT', side: 'buy', trades: [trade] }), 'c', 1).fills;
    expect(fill!.qty).toBeCloseTo(0.0178821, 12);
    expect(fill!.fee).toBeCloseTo(0.895, 9);
    // Cash pays quantity × price as the exchange charged: the net quantity at the price plus the fee.
    expect(fill!.qty * fill!.price + fill!.fee).toBeCloseTo(0.0179 * 50_000, 9);
    // Totals without trades, the same.
    const [total] = toOrderResult(order({ symbol: 'BTC/USDT', side: 'buy', filled: 0.0179, average: 50_000, fee: { cost: 0.0000179, currency: 'BTC' } }), 'c', 1).fills;
    expect(total!.qty).toBeCloseTo(0.0178821, 12);
    // A sale's fee is paid from what it receives: the quantity sold stays.
    const sold = toOrderResult(order({ symbol: 'BTC/USDT', side: 'sell', trades: [Object.assign({}, trade, { fee: { cost: 0.895, currency: 'USDT' } })] }), 'c', 1).fills[0];
    expect(sold).toMatchObject({ qty: 0.0179, fee: 0.895 });
  });
  it('builds one aggregate fill from totals when there are no trades', () => {
    const r = toOrderResult(order({ filled: 2, cost: 210, timestamp: 9 }), 'c', 1);
    // The totals carry no fee: 0, marked as unknown rather than passed off as free.
    expect(r.fills).toEqual([{ id: 'c:total', clientOrderId: 'c', symbol: 'ETH/USDT', side: 'sell', qty: 2, price: 105, time: 9, fee: 0, feeUnknown: true }]);
    expect(r.exchangeOrderId).toBe('7');
  });

  it('tells a reported fee of 0 from a fee not reported', () => {
    const free = toOrderResult(order({ filled: 2, cost: 210, timestamp: 9, fee: { cost: 0, currency: 'USDT' } }), 'c', 1);
    expect(free.fills[0]).not.toHaveProperty('feeUnknown');
    const unread = toOrderResult(order({ filled: 2, cost: 210, timestamp: 9, fee: { cost: Number.NaN, currency: 'USDT' } }), 'c', 1);
    expect(unread.fills[0]).toMatchObject({ fee: 0, feeUnknown: true });
  });
});

describe('instrumentOf', () => {
  const exchange = (market: Record<string, unknown>) =>
    ({ precisionMode: 4, markets: { 'BTC/USD': { symbol: 'BTC/USD', precision: { amount: 1e-8, price: 0.1 }, limits: {}, ...market } } }) as unknown as Parameters<typeof instrumentOf>[0];
  it('names the taker fee a buy pays in cash where the exchange charges it in the quote currency, as ccxt reads feeSide', () => {
    // Kraken's markets set no feeSide (ccxt reads it as quote) and a taker fee of 0.26 %.
    expect(instrumentOf(exchange({ taker: 0.0026 }), 'BTC/USD')?.quoteFeeRate).toBe(0.0026);
    expect(instrumentOf(exchange({ taker: 0.001, feeSide: 'give' }), 'BTC/USD')?.quoteFeeRate).toBe(0.001);
    // Binance takes a buy's fee from the coin bought: the cash pays the cost alone.
    expect(instrumentOf(exchange({ taker: 0.001, feeSide: 'get' }), 'BTC/USD')).not.toHaveProperty('quoteFeeRate');
    expect(instrumentOf(exchange({ taker: 0.001, feeSide: 'base' }), 'BTC/USD')).not.toHaveProperty('quoteFeeRate');
    expect(instrumentOf(exchange({}), 'BTC/USD')).not.toHaveProperty('quoteFeeRate');
  });
});
