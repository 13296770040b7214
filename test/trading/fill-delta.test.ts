import { describe, expect, it } from 'vitest';
import { NO_FILLS, newFill, totalsOf } from '../../src/trading/fill-delta.js';
import type { Fill, OrderResult } from '../../src/domain/order.js';

const f = (qty: number, price: number, fee: number, id?: string): Fill => ({
  clientOrderId: 'c1',
  symbol: 'BTC/USDT',
  side: 'buy',
  qty,
  price,
  fee,
  time: 1,
  ...(id ? { id } : {}),
});
const result = (...fills: Fill[]): OrderResult => ({ status: 'partially_filled', fills });

describe('newFill', () => {
  it('records everything the first time', () => {
    expect(newFill(result(f(1, 100, 0.1), f(1, 102, 0.1)), NO_FILLS)).toMatchObject({ qty: 2, price: 101, fee: 0.2 });
  });
  it('records only the increase, at the average price of the new part', () => {
    const first = result(f(1, 100, 0.1, 'a'));
    const recorded = totalsOf(first.fills);
    const later = result(f(1, 100, 0.1, 'a'), f(0.5, 104, 0.05, 'b'));
    const delta = newFill(later, recorded)!;
    expect(delta.qty).toBeCloseTo(0.5, 12);
    expect(delta.price).toBeCloseTo(104, 9);
    expect(delta.fee).toBeCloseTo(0.05, 12);
    // The same result again records nothing.
    expect(newFill(later, totalsOf(later.fills))).toBeNull();
  });
  it('handles an aggregate that replaces per-trade fills', () => {
    const recorded = totalsOf([f(0.1, 100, 0), f(0.2, 100, 0)]);
    expect(newFill(result(f(0.3, 100, 0, 'c1:total')), recorded)).toBeNull();
    expect(newFill(result(f(0.5, 102, 0, 'c1:total')), recorded)).toMatchObject({ price: expect.closeTo(105, 9) });
  });
  it('returns null without fills and refuses a shrinking total', () => {
    expect(newFill(result(), NO_FILLS)).toBeNull();
    expect(() => newFill(result(f(1, 100, 0)), { qty: 2, cost: 200, fee: 0 })).toThrow(/reports 1 filled but 2 is recorded/);
  });
});
