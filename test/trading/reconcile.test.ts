import { describe, expect, it } from 'vitest';
import { compareWithExchange } from '../../src/trading/reconcile.js';

const none = { openOrders: [], balances: {}, lookups: {} };

describe('compareWithExchange', () => {
  it('accepts balances within the tolerance and ignores assets the store does not track', () => {
    const m = compareWithExchange({ openOrders: [], balances: { BTC: 1, USDT: 100 } }, { ...none, balances: { BTC: 0.9995, USDT: 100, BNB: 3 } });
    expect(m).toEqual([]);
    const strict = compareWithExchange({ openOrders: [], balances: { BTC: 1 } }, { ...none, balances: { BTC: 0.9995 } }, { balanceTolerance: 1e-6 });
    expect(strict).toMatchObject([{ kind: 'balance_mismatch', asset: 'BTC', explained: false }]);
    expect(strict[0]!.explanation).toMatch(/store expects 1, the exchange holds 0.9995/);
  });
  it("takes more than the positions hold as the account's own coins, and refuses less", () => {
    const more = compareWithExchange({ openOrders: [], balances: { BTC: 0.0154 } }, { ...none, balances: { BTC: 0.0503 } });
    expect(more).toMatchObject([{ kind: 'balance_mismatch', asset: 'BTC', expected: 0.0154, actual: 0.0503, explained: true }]);
    expect(more[0]!.explanation).toMatch(/more than the store's positions \(0\.0154\); the rest is taken as held outside conclave, which never sells it$/);
    const less = compareWithExchange({ openOrders: [], balances: { BTC: 0.0503 } }, { ...none, balances: { BTC: 0.0154 } });
    expect(less).toMatchObject([{ asset: 'BTC', explained: false }]);
    expect(less[0]!.explanation).toMatch(/short by 0\.0349\d*\): sold or withdrawn outside conclave\? .*Bring the balance back to 0\.0503/);
  });
  it('flags a missing asset as zero held', () => {
    expect(compareWithExchange({ openOrders: [], balances: { ETH: 2 } }, none)).toMatchObject([{ asset: 'ETH', expected: 2, actual: 0 }]);
  });
  it('leaves an expected order unexplained when it was not looked up or is still open by look-up', () => {
    const expected = { openOrders: [{ clientOrderId: 'a', symbol: 'X/Y' }, { clientOrderId: 'b', symbol: 'X/Y' }], balances: {} };
    const m = compareWithExchange(expected, { ...none, lookups: { b: { status: 'partially_filled', fills: [] } } });
    expect(m.map((x) => [x.clientOrderId, x.explained])).toEqual([
      ['a', false],
      ['b', false],
    ]);
  });
  it('tells foreign orders from ours by prefix, and allows foreign ones only on request', () => {
    const actual = { ...none, openOrders: [{ clientOrderId: 'cv-9', symbol: 'X/Y' }, { clientOrderId: 'web_1', symbol: 'X/Y' }] };
    const strict = compareWithExchange({ openOrders: [], balances: {} }, actual, { clientOrderIdPrefix: 'cv-' });
    expect(strict.every((x) => !x.explained)).toBe(true);
    const shared = compareWithExchange({ openOrders: [], balances: {} }, actual, { clientOrderIdPrefix: 'cv-', allowForeignOrders: true });
    expect(shared.map((x) => [x.clientOrderId, x.explained])).toEqual([
      ['cv-9', false],
      ['web_1', true],
    ]);
  });
});
