import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyFill,
  checkAccount,
  checkLedger,
  equityOf,
  openCostOf,
  type LedgerAccount,
  type LedgerPosition,
} from '../../src/trading/ledger.js';
import { InvariantError } from '../../src/core/errors.js';
import type { Fill, Side } from '../../src/domain/order.js';

const fill = (side: Side, qty: number, price: number, fee = 0, symbol = 'BTC/USDT'): Fill => ({
  clientOrderId: 'c1',
  symbol,
  side,
  qty,
  price,
  fee,
  time: 0,
});
const start: LedgerAccount = { startingCash: 10_000, cash: 10_000, realizedPnl: 0, fees: 0 };
const check = (a: LedgerAccount, positions: LedgerPosition[]) => {
  const viaParts = checkLedger({ ...a, openCost: openCostOf(positions) });
  expect(checkAccount(a, positions)).toEqual(viaParts);
  return viaParts;
};

describe('applyFill', () => {
  it('buys at average cost and keeps fees out of the cost', () => {
    const a = applyFill(start, null, fill('buy', 2, 100, 0.2));
    expect(a.account).toEqual({ startingCash: 10_000, cash: 9_799.8, realizedPnl: 0, fees: 0.2 });
    expect(a.position).toEqual({ symbol: 'BTC/USDT', qty: 2, avgPrice: 100 });
    const b = applyFill(a.account, a.position, fill('buy', 2, 110, 0.22));
    expect(b.position).toEqual({ symbol: 'BTC/USDT', qty: 4, avgPrice: 105 });
    expect(check(b.account, [b.position!])).toEqual({ ok: true, diff: 0 });
  });
  it('realizes profit gross of fees on a partial sale and closes on the last', () => {
    const a = applyFill(start, null, fill('buy', 4, 100, 0.4));
    const b = applyFill(a.account, a.position, fill('sell', 1, 120, 0.12));
    expect(b.realized).toBe(20);
    expect(b.position).toEqual({ symbol: 'BTC/USDT', qty: 3, avgPrice: 100 });
    expect(b.account.realizedPnl).toBe(20);
    expect(b.account.fees).toBeCloseTo(0.52, 12);
    const c = applyFill(b.account, b.position, fill('sell', 3, 90, 0.27));
    expect(c.realized).toBe(-30);
    expect(c.position).toBeNull();
    expect(c.account.realizedPnl).toBe(-10);
    expect(c.account.cash).toBeCloseTo(10_000 - 10 - 0.79, 9);
    expect(check(c.account, []).ok).toBe(true);
  });
  it('sweeps float dust when a sale closes the position', () => {
    const a = applyFill(start, null, fill('buy', 0.1, 100));
    const b = applyFill(a.account, a.position, fill('buy', 0.2, 100));
    expect(b.position!.qty).not.toBe(0.3); // 0.30000000000000004
    const c = applyFill(b.account, b.position, fill('sell', 0.3, 100));
    expect(c.position).toBeNull();
    expect(c.swept).toBeUndefined(); // float dust is not a remainder left on the account
    expect(check(c.account, []).ok).toBe(true);
  });
  it('closes a position whose sale leaves less than the market can sell, its cost written off', () => {
    const a = applyFill(start, null, fill('buy', 0.00537462, 50_000));
    // The exchange rounded the sale down to its 0.00001 step: 4.62e-6 left, less than it sells.
    const sold = applyFill(a.account, a.position, fill('sell', 0.00537, 51_000), 0.00001);
    expect(sold.position).toBeNull();
    expect(sold.swept).toBeCloseTo(4.62e-6, 12);
    expect(sold.realized).toBeCloseTo(0.00537 * 51_000 - 0.00537462 * 50_000, 9);
    expect(check(sold.account, []).ok).toBe(true);
    // Without it, or with a remainder the market can sell, the position keeps the rest.
    expect(applyFill(a.account, a.position, fill('sell', 0.00537, 51_000)).position!.qty).toBeCloseTo(4.62e-6, 12);
    expect(applyFill(a.account, a.position, fill('sell', 0.005, 51_000), 0.00001).position!.qty).toBeCloseTo(0.00037462, 12);
  });
  it('keeps a remainder of one whole lot that float noise puts a hair under the market’s smallest sale', () => {
    const a = applyFill(start, null, fill('buy', 0.3, 100));
    // 0.3 - 0.2 is 0.09999999999999998: the lot of 0.1 left is what the market sells, not dust to write off.
    const sold = applyFill(a.account, a.position, fill('sell', 0.2, 100), 0.1);
    expect(sold.position!.qty).toBeCloseTo(0.1, 15);
    expect(sold.swept).toBeUndefined();
    expect(sold.realized).toBeCloseTo(0, 12);
    expect(check(sold.account, [sold.position!]).ok).toBe(true);
    // A remainder truly under it still closes with the sale.
    expect(applyFill(a.account, a.position, fill('sell', 0.2, 100), 0.11).position).toBeNull();
  });
  it('does not modify its inputs', () => {
    const position = { symbol: 'BTC/USDT', qty: 1, avgPrice: 100 };
    const account = { ...start, cash: 9_900 };
    applyFill(account, position, fill('sell', 0.5, 110));
    expect(position).toEqual({ symbol: 'BTC/USDT', qty: 1, avgPrice: 100 });
    expect(account.cash).toBe(9_900);
  });
  it('refuses malformed fills, symbol mismatches and short sales', () => {
    const pos = { symbol: 'BTC/USDT', qty: 1, avgPrice: 100 };
    expect(() => applyFill(start, null, fill('sell', 1, 100))).toThrow(/no position: spot is long only/);
    expect(() => applyFill(start, pos, fill('sell', 1.5, 100))).toThrow(/exceeds the 1 held/);
    expect(() => applyFill(start, pos, fill('buy', 1, 100, 0, 'ETH/USDT'))).toThrow(/applied to the BTC\/USDT position/);
    for (const bad of [fill('buy', 0, 100), fill('buy', 1, -1), fill('buy', 1, 100, -0.1), fill('buy', Number.NaN, 1)]) {
      expect(() => applyFill(start, null, bad)).toThrow(InvariantError);
    }
    expect(() => applyFill(start, null, { ...fill('buy', 1, 1), side: 'short' as Side })).toThrow(/unknown side short/);
  });
});

describe('checkLedger', () => {
  it('reports the signed difference', () => {
    expect(checkLedger({ startingCash: 100, cash: 50, openCost: 50, realizedPnl: 0, fees: 0 })).toEqual({ ok: true, diff: 0 });
    expect(checkLedger({ startingCash: 100, cash: 50, openCost: 49, realizedPnl: 0, fees: 0 })).toEqual({ ok: false, diff: -1 });
    expect(checkLedger({ startingCash: 100, cash: 60, openCost: 50, realizedPnl: 12, fees: 2 })).toEqual({ ok: true, diff: 0 });
    expect(checkLedger({ startingCash: 100, cash: Number.NaN, openCost: 0, realizedPnl: 0, fees: 0 }).ok).toBe(false);
  });
});

describe('equityOf', () => {
  it('marks positions at the given prices, or at cost when unpriced', () => {
    const positions = [
      { symbol: 'A', qty: 2, avgPrice: 10 },
      { symbol: 'B', qty: 1, avgPrice: 50 },
    ];
    const marks: Record<string, number> = { A: 12 };
    expect(equityOf(100, positions, (p) => marks[p.symbol])).toBe(100 + 24 + 50);
  });
});

describe('ledger properties', () => {
  const symbols = ['A', 'B', 'C'] as const;
  const step = fc.record({
    symbol: fc.constantFrom(...symbols),
    buy: fc.boolean(),
    fraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
    qty: fc.double({ min: 1e-6, max: 50, noNaN: true }),
    price: fc.double({ min: 0.0001, max: 100_000, noNaN: true }),
    feeBps: fc.double({ min: 0, max: 100, noNaN: true }),
  });

  it('any sequence of valid fills keeps the ledger identity', () => {
    fc.assert(
      fc.property(fc.double({ min: 1, max: 1e9, noNaN: true }), fc.array(step, { maxLength: 200 }), (cash, steps) => {
        let account: LedgerAccount = { startingCash: cash, cash, realizedPnl: 0, fees: 0 };
        const book = new Map<string, LedgerPosition>();
        for (const s of steps) {
          const held = book.get(s.symbol) ?? null;
          // Sell only what is held (sometimes all of it); buy otherwise. Cash may go negative: the ledger still holds.
          const sell = !s.buy && held !== null;
          const qty = sell ? (s.fraction > 0.8 ? held.qty : held.qty * s.fraction) : s.qty;
          const f = fill(sell ? 'sell' : 'buy', qty, s.price, (qty * s.price * s.feeBps) / 10_000, s.symbol);
          const out = applyFill(account, held, f);
          account = out.account;
          if (out.position) book.set(s.symbol, out.position);
          else book.delete(s.symbol);
          for (const p of book.values()) {
            expect(p.qty).toBeGreaterThan(0);
            expect(p.avgPrice).toBeGreaterThan(0);
          }
          const result = check(account, [...book.values()]);
          if (!result.ok) throw new Error(`ledger broke after ${JSON.stringify(f)}: diff ${result.diff}`);
        }
      }),
      { numRuns: 500 },
    );
  });
});
