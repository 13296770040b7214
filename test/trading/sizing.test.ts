import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sizeEntry, stopDistanceOf } from '../../src/trading/sizing.js';
import { floorToStep, stepDecimals } from '../../src/trading/lot.js';

const base = { equity: 10_000, price: 100, sizeFraction: 0.5, riskPerTrade: 0.01, maxPositionFraction: 0.2, lotStep: 0.001 };

describe('floorToStep', () => {
  it('is safe against binary representation error', () => {
    expect(floorToStep(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(floorToStep(0.3, 0.1)).toBe(0.3);
    expect(floorToStep(0.7, 0.1)).toBe(0.7);
    expect(floorToStep(1.0000000001, 0.001)).toBe(1);
    expect(floorToStep(0.12345678, 1e-8)).toBe(0.12345678);
  });
  it('rounds down, never up', () => {
    expect(floorToStep(0.2999, 0.1)).toBe(0.2);
    expect(floorToStep(9.99, 1)).toBe(9);
    expect(floorToStep(0.0009, 0.001)).toBe(0);
    expect(floorToStep(-1, 0.1)).toBe(0);
  });
  it('counts decimals of steps', () => {
    expect(stepDecimals(0.001)).toBe(3);
    expect(stepDecimals(1e-8)).toBe(8);
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(10)).toBe(0);
  });
  it('returns a multiple of the step not above the input (property)', () => {
    const steps = fc.constantFrom(1, 0.1, 0.01, 0.001, 0.00001, 1e-8, 0.5, 0.25);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1e6, noNaN: true }), steps, (qty, step) => {
        const out = floorToStep(qty, step);
        expect(out).toBeLessThanOrEqual(qty * (1 + 1e-9) + 1e-12);
        expect(qty - out).toBeLessThan(step * (1 + 1e-9));
        const units = out / step;
        expect(Math.abs(units - Math.round(units))).toBeLessThanOrEqual(Math.max(1e-6, units * 1e-12)); // float precision at 1e14 units
      }),
    );
  });
});

describe('sizeEntry', () => {
  it('sizes by risk over stop distance when that is the binding constraint', () => {
    // 1 % of 10 000 = 100 at risk; stop 10 below → 10 units (notional 1000, under both caps).
    const out = sizeEntry({ ...base, stopDistance: 10 });
    expect(out.qty).toBe(10);
    expect(out.notional).toBe(1000);
    expect(out.reason).toMatch(/risk 0.01/);
  });
  it('caps by the max position fraction', () => {
    const out = sizeEntry({ ...base, stopDistance: 1 }); // risk would give 100 units = 10 000 notional
    expect(out.qty).toBe(20);
    expect(out.reason).toMatch(/max position fraction/);
  });
  it('caps by the verdict size fraction', () => {
    const out = sizeEntry({ ...base, sizeFraction: 0.05, stopDistance: 1 });
    expect(out.qty).toBe(5);
    expect(out.reason).toMatch(/verdict size fraction/);
  });
  it('is fixed-fraction without a stop distance', () => {
    expect(sizeEntry({ ...base }).qty).toBe(20);
    expect(sizeEntry({ ...base, sizeFraction: 0.1 }).qty).toBe(10);
  });
  it('rounds down to the lot step', () => {
    const out = sizeEntry({ ...base, price: 3, sizeFraction: 0.1, lotStep: 0.1 }); // 333.33… → 333.3
    expect(out.qty).toBe(333.3);
    expect(out.notional).toBeCloseTo(999.9, 9);
  });
  it('returns 0 below the minimum quantity or lot step, with a reason', () => {
    const out = sizeEntry({ ...base, price: 50_000, lotStep: 0.001, minQty: 0.05 });
    expect(out.qty).toBe(0);
    expect(out.reason).toMatch(/min qty 0.05/);
    expect(sizeEntry({ ...base, equity: 1, price: 100, lotStep: 1 }).qty).toBe(0);
  });
  it('says what equity one lot needs when a price makes every lot too big for the account', () => {
    // A daemon of 1,000 replaying ORCL's bars × 10,000 (a share like BRK-A): every BUY was refused with "gives
    // 0.00033297383004784185, below lot step 0.001", not saying that no entry could be sized below 3,003 of equity.
    const out = sizeEntry({ equity: 1_000, price: 300_324, sizeFraction: 0.2, stopDistance: 30_032.39022887533, riskPerTrade: 0.01, maxPositionFraction: 0.25, lotStep: 0.001 });
    expect(out.qty).toBe(0);
    expect(out.reason).toBe(
      'risk 0.01 of equity over stop distance 30032.39022887533 gives 0.000332974, below lot step 0.001 / min qty 0 (one lot of 0.001 at 300324 needs an equity of at least 3003.24 under this rule)',
    );
    expect(sizeEntry({ ...base, equity: 3_003.24, price: 300_324, stopDistance: 30_032.39022887533 }).qty).toBe(0.001);
  });
  it('returns 0 for bad economics instead of throwing', () => {
    expect(sizeEntry({ ...base, equity: 0 }).qty).toBe(0);
    expect(sizeEntry({ ...base, equity: -5 }).reason).toMatch(/no equity/);
    expect(sizeEntry({ ...base, price: 0 }).qty).toBe(0);
    expect(sizeEntry({ ...base, sizeFraction: Number.NaN }).qty).toBe(0);
    expect(sizeEntry({ ...base, stopDistance: 0 }).reason).toMatch(/stop distance/);
    expect(sizeEntry({ ...base, stopDistance: 1, riskPerTrade: 0 }).qty).toBe(0);
  });
  it('never exceeds any cap and is a multiple of the lot (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1e7, noNaN: true }),
        fc.double({ min: 0.0001, max: 1e5, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 0.1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(1, 0.1, 0.001, 1e-8),
        (equity, price, sizeFraction, stopDistance, riskPerTrade, maxPositionFraction, lotStep) => {
          const out = sizeEntry({ equity, price, sizeFraction, stopDistance, riskPerTrade, maxPositionFraction, lotStep });
          expect(out.qty).toBeGreaterThanOrEqual(0);
          const slack = 1 + 1e-9;
          expect(out.qty * price).toBeLessThanOrEqual(sizeFraction * equity * slack + 1e-9);
          expect(out.qty * price).toBeLessThanOrEqual(maxPositionFraction * equity * slack + 1e-9);
          if (stopDistance !== undefined) expect(out.qty * stopDistance).toBeLessThanOrEqual(riskPerTrade * equity * slack + 1e-9);
          const units = out.qty / lotStep;
          expect(Math.abs(units - Math.round(units))).toBeLessThanOrEqual(Math.max(1e-6, units * 1e-12)); // float precision at 1e14 units
        },
      ),
    );
  });
});

describe('stopDistanceOf', () => {
  it('prefers the verdict stop price below the entry, then the risk doctor fraction', () => {
    expect(stopDistanceOf(100, { stopPrice: 95, stopFraction: 0.1 })).toBe(5);
    expect(stopDistanceOf(100, { stopPrice: 105, stopFraction: 0.1 })).toBeCloseTo(10, 12);
    expect(stopDistanceOf(100, { stopFraction: 0.03 })).toBeCloseTo(3, 12);
    expect(stopDistanceOf(100, {})).toBeUndefined();
    expect(stopDistanceOf(100, { stopPrice: Number.NaN, stopFraction: 1.5 })).toBeUndefined();
  });
});
