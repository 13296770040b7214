import { describe, expect, it } from 'vitest';
import type { Fill } from '../../src/domain/order.js';
import type { NewOrder } from '../../src/store/order-repository.js';
import { implementations } from './repository-implementations.js';

const order = (clientOrderId: string, createdAt: number): NewOrder => ({
  clientOrderId, verdictId: null, symbol: 'A', side: 'buy', qty: 2, status: 'submitted', purpose: 'entry', createdAt,
});
const fill = (clientOrderId: string, qty: number, price: number, fee: number): Fill => ({ clientOrderId, symbol: 'A', side: 'buy', qty, price, fee, time: 5 });

describe.each(implementations)('the order repository (%s)', (_name, make) => {
  it('records an order once: a second one with the same client order id is refused', () => {
    const { orders } = make();
    expect(orders.order('co-1')).toBeNull();
    orders.insertOrder(order('co-1', 1));
    expect(orders.order('co-1')).toEqual({
      clientOrderId: 'co-1', verdictId: null, symbol: 'A', side: 'buy', qty: 2, filledQty: 0, status: 'submitted', purpose: 'entry', reason: null, createdAt: 1, updatedAt: 1,
    });
    expect(() => orders.insertOrder(order('co-1', 2))).toThrow();
  });

  it('moves an order and lists those not yet terminal, oldest first', () => {
    const { orders } = make();
    orders.insertOrder(order('co-2', 2));
    orders.insertOrder(order('co-1', 1));
    orders.insertOrder(order('co-3', 3));
    orders.updateOrder('co-3', 'filled', 2, null, 4);
    orders.updateOrder('co-2', 'unknown', 0, 'timeout', 5);
    expect(orders.order('co-2')).toMatchObject({ status: 'unknown', filledQty: 0, reason: 'timeout', updatedAt: 5 });
    expect(orders.inFlightOrders().map((o) => [o.clientOrderId, o.status])).toEqual([['co-1', 'submitted'], ['co-2', 'unknown']]);
  });

  it('adds up what is already filled of an order', () => {
    const { orders } = make();
    expect(orders.fillTotals('co-1')).toEqual({ qty: 0, cost: 0, fee: 0 });
    orders.insertOrder(order('co-1', 1));
    orders.insertOrder(order('co-2', 1));
    orders.insertFill(fill('co-1', 1, 10, 0.5));
    orders.insertFill(fill('co-1', 0.5, 12, 0.25));
    orders.insertFill(fill('co-2', 3, 1, 1));
    expect(orders.fillTotals('co-1')).toEqual({ qty: 1.5, cost: 16, fee: 0.75 });
  });

  it('tells the newest fill by its time', () => {
    const { orders } = make();
    expect(orders.latestFill()).toBeNull();
    orders.insertOrder(order('co-1', 1));
    orders.insertFill(Object.assign(fill('co-1', 1, 10, 0), { symbol: 'B', time: 9 }));
    orders.insertFill(fill('co-1', 1, 10, 0));
    expect(orders.latestFill()).toEqual({ symbol: 'B', time: 9 });
  });

  it('refuses a fill of an order it does not know', () => {
    const { orders } = make();
    expect(() => orders.insertFill(fill('co-9', 1, 10, 0))).toThrow();
  });

  it('lands a transaction’s writes all or none', () => {
    const { orders } = make();
    expect(() =>
      orders.tx(() => {
        orders.insertOrder(order('co-1', 1));
        orders.insertFill(fill('co-1', 1, 10, 0));
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(orders.order('co-1')).toBeNull();
    expect(orders.fillTotals('co-1').qty).toBe(0);
  });
});

describe.each(implementations)('one transaction across repositories (%s)', (_name, make) => {
  it('lands a settlement’s order, fill, cash, position and event together, or none of them', () => {
    const { accounts, orders, tx } = make();
    accounts.ensureAccount(1_000, 0, '2026-01-01');
    orders.insertOrder(order('co-1', 1));
    const settle = (fail: boolean) =>
      tx(() => {
        orders.insertFill(fill('co-1', 2, 10, 0.1));
        orders.updateOrder('co-1', 'filled', 2, null, 2);
        accounts.saveAccount(Object.assign(accounts.account(), { cash: 979.9, fees: 0.1 }), 2);
        accounts.savePosition({ symbol: 'A', qty: 2, avgPrice: 10, openedAt: 2, stopPrice: null, targetPrice: null, atr: null, peakPrice: 10, trailingActive: false, markPrice: 10 }, 2);
        accounts.insertPositionEvent({ symbol: 'A', change: 'open', qty: 2, price: 10, clientOrderId: 'co-1', time: 2 });
        if (fail) throw new Error('the disk is gone');
      });
    expect(() => settle(true)).toThrow('the disk is gone');
    expect(orders.order('co-1')!.status).toBe('submitted');
    expect(orders.fillTotals('co-1').qty).toBe(0);
    expect(accounts.account().cash).toBe(1_000);
    expect(accounts.position('A')).toBeNull();
    settle(false);
    expect(orders.order('co-1')!.status).toBe('filled');
    expect(orders.fillTotals('co-1').qty).toBe(2);
    expect(accounts.account().cash).toBe(979.9);
    expect(accounts.position('A')!.qty).toBe(2);
  });
});
