import { describe, expect, it } from 'vitest';
import type { Order } from 'ccxt';
import { toOrderResult } from '../../src/trading/ccxt-order-mapping.js';

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
    expect(toOrderResult(order({ trades: [trade({ cost: 0.0005, currency: 'BNB' })] }), 'c', 1).fills[0]).toMatchObject({ fee: 0.0005, feeCurrency: 'BNB' });
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
