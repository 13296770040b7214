import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DEFAULT_RISK_LIMITS,
  evaluateEntry,
  utcDayStart,
  validateRiskLimits,
  type RiskLimits,
  type RiskState,
} from '../../src/trading/risk-gate.js';
import { ConfigError } from '../../src/core/errors.js';

const NOW = Date.UTC(2026, 0, 5, 12, 0, 0);
const limits: RiskLimits = { ...DEFAULT_RISK_LIMITS };
const state = (over: Partial<RiskState> = {}): RiskState => ({
  now: NOW,
  equity: 10_000,
  peakEquity: 10_000,
  dayStartEquity: 10_000,
  openPositions: [],
  lastExitAt: {},
  halted: false,
  ...over,
});
const req = { symbol: 'BTC/USDT', price: 100, qty: 10 };

describe('evaluateEntry', () => {
  it('accepts an entry within all limits', () => {
    expect(evaluateEntry(req, state(), limits)).toEqual({ outcome: 'accepted', qty: 10, reason: 'within all limits' });
  });
  it('rejects when the kill switch is on', () => {
    const d = evaluateEntry(req, state({ halted: true }), limits);
    expect(d).toMatchObject({ outcome: 'rejected', qty: 0, rule: 'kill_switch' });
    expect(d.reason).toMatch(/conclave resume/);
  });
  it('rejects under a halt the kill switch does not make with that halt’s rule and reason, not the switch’s', () => {
    const why = 'the store was found damaged by its periodic check: no new entries until conclave is restarted on a sound store';
    expect(evaluateEntry(req, state({ halted: why }), limits)).toEqual({ outcome: 'rejected', qty: 0, rule: 'entries_halted', reason: why });
  });
  it('rejects at the max open positions', () => {
    const openPositions = ['A', 'B', 'C', 'D', 'E'].map((symbol) => ({ symbol, qty: 1, price: 10 }));
    expect(evaluateEntry(req, state({ openPositions }), limits)).toMatchObject({ outcome: 'rejected', rule: 'max_open_positions' });
    expect(evaluateEntry(req, state({ openPositions: openPositions.slice(1) }), limits).outcome).toBe('accepted');
  });
  it('rejects a second position in a held symbol', () => {
    const d = evaluateEntry(req, state({ openPositions: [{ symbol: 'BTC/USDT', qty: 1, price: 100 }] }), limits);
    expect(d).toMatchObject({ outcome: 'rejected', rule: 'already_holding' });
  });
  it('rejects during the cooldown after an exit, accepts after it', () => {
    const lastExitAt = { 'BTC/USDT': NOW - limits.symbolCooldownMs + 1000 };
    const d = evaluateEntry(req, state({ lastExitAt }), limits);
    expect(d).toMatchObject({ outcome: 'rejected', rule: 'cooldown' });
    expect(d.reason).toMatch(/1 s left/);
    expect(evaluateEntry(req, state({ lastExitAt, now: NOW + 1000 }), limits).outcome).toBe('accepted');
    expect(evaluateEntry(req, state({ lastExitAt: { 'ETH/USDT': NOW } }), limits).outcome).toBe('accepted');
  });
  it('rejects once the daily loss limit is reached', () => {
    const d = evaluateEntry(req, state({ equity: 9_500, peakEquity: 10_000, dayStartEquity: 10_000 }), limits);
    expect(d).toMatchObject({ outcome: 'rejected', rule: 'daily_loss_limit' });
    expect(d.reason).toMatch(/00:00 UTC/);
    // The day turns at the market's midnight, in its time zone: the reason names that one.
    const zoned = evaluateEntry(req, state({ equity: 9_500, peakEquity: 10_000, dayStartEquity: 10_000, dayZone: 'America/New_York' }), limits);
    expect(zoned.reason).toMatch(/no new entries until 00:00 America\/New_York$/);
    // A new day starts from the new equity.
    expect(evaluateEntry({ ...req, qty: 1 }, state({ equity: 9_500, dayStartEquity: 9_500 }), limits).outcome).toBe('accepted');
  });
  it('halts entries at the max drawdown from peak', () => {
    const d = evaluateEntry(req, state({ equity: 8_000, peakEquity: 10_000, dayStartEquity: 8_000 }), limits);
    expect(d).toMatchObject({ outcome: 'rejected', rule: 'max_drawdown' });
  });
  it('clamps to the per-position cap, floored to the lot step', () => {
    const d = evaluateEntry({ ...req, qty: 5000, price: 3, lotStep: 0.1 }, state(), limits);
    expect(d.outcome).toBe('clamped');
    expect(d.rule).toBe('max_position_fraction');
    expect(d.qty).toBe(666.6);
  });
  it('clamps to the largest market order the exchange takes, floored to the lot step', () => {
    // Binance’s MARKET_LOT_SIZE: 1 500 coins of 1.00 fit the position cap, but a market order takes at most 1 234.56.
    const d = evaluateEntry({ ...req, qty: 1_500, price: 1, lotStep: 1, maxQty: 1_234.56 }, state(), { ...limits, maxPositionFraction: 0.2 });
    expect(d).toMatchObject({ outcome: 'clamped', rule: 'exchange_max_qty', qty: 1_234 });
    expect(d.reason).toBe("clamped from 1500 to 1234 by the exchange's largest market order, 1234.56 BTC/USDT");
  });
  it('clamps to the remaining gross exposure', () => {
    const openPositions = [{ symbol: 'A', qty: 90, price: 100 }]; // 9000 of 10 000
    const d = evaluateEntry({ ...req, qty: 20 }, state({ openPositions }), limits);
    expect(d).toMatchObject({ outcome: 'clamped', rule: 'max_gross_exposure', qty: 10 });
  });
  it('never buys with cash it has not got, whatever gross exposure allows: a spot account does not borrow', () => {
    // Gross exposure up to 3x equity: 25,000 held of 10,000 equity leaves 5,000 of room, but 1,000 of cash.
    const levered = { ...limits, maxGrossExposure: 3, maxPositionFraction: 1 };
    const openPositions = [{ symbol: 'A', qty: 250, price: 100 }];
    const d = evaluateEntry({ ...req, qty: 20 }, state({ openPositions, cash: 1_000 }), levered);
    expect(d).toMatchObject({ outcome: 'clamped', rule: 'cash' });
    expect(d.qty * req.price).toBeLessThanOrEqual(1_000 * 0.99);
    expect(d.qty).toBeCloseTo(9.9, 9);
    // Read by an operator in the log and `conclave explain`: amounts in cents, quantities without float noise.
    const noisy = evaluateEntry({ ...req, qty: 20 }, state({ openPositions, cash: 1_000.0000000001 }), levered);
    expect(noisy.reason).toBe('clamped from 20 to 9.9 by cash 1,000.00 (less 1 % for fee and slippage)');
    expect(evaluateEntry({ ...req, qty: 20 }, state({ openPositions, cash: -5 }), levered)).toMatchObject({ outcome: 'rejected', rule: 'cash' });
    // Without a cash figure (a caller that sizes no spot account) the gross cap alone applies.
    expect(evaluateEntry({ ...req, qty: 20 }, state({ openPositions }), levered)).toMatchObject({ outcome: 'accepted', qty: 20 });
  });
  it('leaves the exchange’s fee paid in cash on top of the 1 % held for the limit price, so an all-in buy is not refused', () => {
    const openPositions = [{ symbol: 'A', qty: 250, price: 100 }];
    const levered = { ...limits, maxGrossExposure: 3, maxPositionFraction: 1 };
    const d = evaluateEntry({ ...req, qty: 20, lotStep: 0.0001, quoteFeeRate: 0.0026 }, state({ openPositions, cash: 1_000 }), levered);
    expect(d).toMatchObject({ outcome: 'clamped', rule: 'cash' });
    // The exchange holds the cost at the limit (1 % over the price) plus its fee: within the cash.
    expect(d.qty * req.price * 1.01 * 1.0026).toBeLessThanOrEqual(1_000);
    expect(d.qty).toBeCloseTo(9.8743, 9);
    expect(d.reason).toBe("clamped from 20 to 9.8743 by cash 1,000.00 (less 1 % for slippage and the exchange's 0.26 % fee)");
  });
  it('rejects a clamp that leaves under a tenth of the sized quantity: a sliver that only takes a slot', () => {
    const openPositions = [{ symbol: 'A', qty: 99, price: 100 }]; // 9900 of 10 000: room for 1 of the 20 sized
    const d = evaluateEntry({ ...req, qty: 20 }, state({ openPositions }), limits);
    expect(d).toMatchObject({ outcome: 'rejected', rule: 'max_gross_exposure' });
    expect(d.reason).toMatch(/leaves 1 .*, under a tenth of the 20 sized: too small to matter/);
    // A tenth or more is still a clamp.
    expect(evaluateEntry({ ...req, qty: 10 }, state({ openPositions }), limits)).toMatchObject({ outcome: 'clamped', qty: 1 });
  });
  it('rejects when no gross exposure room is left or the clamp is below the minimum', () => {
    const full = [{ symbol: 'A', qty: 100, price: 100 }];
    expect(evaluateEntry(req, state({ openPositions: full }), limits)).toMatchObject({ outcome: 'rejected', rule: 'max_gross_exposure' });
    const nearly = [{ symbol: 'A', qty: 99.99, price: 100 }];
    const d = evaluateEntry({ ...req, lotStep: 1 }, state({ openPositions: nearly }), limits);
    expect(d).toMatchObject({ outcome: 'rejected', rule: 'max_gross_exposure' });
  });
  it('rejects invalid requests', () => {
    for (const bad of [{ qty: 0 }, { qty: -1 }, { qty: Number.NaN }, { price: 0 }, { price: Number.POSITIVE_INFINITY }]) {
      expect(evaluateEntry({ ...req, ...bad }, state(), limits)).toMatchObject({ outcome: 'rejected', rule: 'invalid_request' });
    }
    expect(evaluateEntry(req, state({ equity: 0, peakEquity: 0 }), limits)).toMatchObject({ outcome: 'rejected', rule: 'no_equity' });
  });
});

describe('evaluateEntry properties', () => {
  const arbLimits = fc.record({
    maxOpenPositions: fc.integer({ min: 1, max: 10 }),
    maxPositionFraction: fc.double({ min: 0.001, max: 1, noNaN: true }),
    maxGrossExposure: fc.double({ min: 0.01, max: 3, noNaN: true }),
    symbolCooldownMs: fc.integer({ min: 0, max: 86_400_000 }),
    dailyLossLimit: fc.double({ min: 0.001, max: 1, noNaN: true }),
    maxDrawdown: fc.double({ min: 0.001, max: 1, noNaN: true }),
  });
  const symbols = fc.constantFrom('A', 'B', 'C', 'D', 'E', 'F');
  const arbState = fc.record({
    now: fc.integer({ min: NOW, max: NOW + 86_400_000 }),
    equity: fc.double({ min: 1, max: 1e6, noNaN: true }),
    peakEquity: fc.double({ min: 1, max: 1e6, noNaN: true }),
    dayStartEquity: fc.double({ min: 1, max: 1e6, noNaN: true }),
    openPositions: fc.uniqueArray(
      fc.record({ symbol: symbols, qty: fc.double({ min: 0.001, max: 100, noNaN: true }), price: fc.double({ min: 0.01, max: 1000, noNaN: true }) }),
      { selector: (p) => p.symbol, maxLength: 5 },
    ),
    lastExitAt: fc.dictionary(symbols, fc.integer({ min: NOW - 86_400_000, max: NOW })),
    halted: fc.boolean(),
  });
  const arbReq = fc.record({
    symbol: symbols,
    price: fc.double({ min: 0.0001, max: 1e5, noNaN: true }),
    qty: fc.double({ min: 1e-6, max: 1e5, noNaN: true }),
    lotStep: fc.option(fc.constantFrom(1, 0.1, 0.001, 1e-8), { nil: undefined }),
  });

  it('never exceeds the request or the caps, always rejects when halted, and is deterministic', () => {
    fc.assert(
      fc.property(arbReq, arbState, arbLimits, (r, s, l) => {
        const d = evaluateEntry(r, s, l);
        expect(evaluateEntry(r, s, l)).toEqual(d);
        expect(d.qty).toBeLessThanOrEqual(r.qty);
        expect(d.qty).toBeGreaterThanOrEqual(0);
        if (s.halted) expect(d).toMatchObject({ outcome: 'rejected', rule: 'kill_switch' });
        if (d.outcome === 'rejected') {
          expect(d.qty).toBe(0);
          expect(d.rule).toBeTruthy();
          expect(d.reason.length).toBeGreaterThan(10);
          return;
        }
        expect(d.qty).toBeGreaterThan(0);
        expect(d.qty * r.price).toBeLessThanOrEqual(l.maxPositionFraction * s.equity);
        const exposure = s.openPositions.reduce((sum, p) => sum + p.qty * p.price, 0);
        expect(exposure + d.qty * r.price).toBeLessThanOrEqual(l.maxGrossExposure * s.equity * (1 + 1e-12));
        expect(s.openPositions.length).toBeLessThan(l.maxOpenPositions);
        expect(s.openPositions.some((p) => p.symbol === r.symbol)).toBe(false);
        if (d.outcome === 'clamped' && r.lotStep) {
          const units = d.qty / r.lotStep;
          // A whole number of steps, up to float precision (units can reach 1e11 with a step of 1e-8).
          expect(Math.abs(units - Math.round(units))).toBeLessThanOrEqual(Math.max(1e-6, units * 1e-12));
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('validateRiskLimits', () => {
  it('fills defaults and accepts numeric strings', () => {
    expect(validateRiskLimits({})).toEqual(DEFAULT_RISK_LIMITS);
    expect(validateRiskLimits({ maxOpenPositions: '3' }).maxOpenPositions).toBe(3);
  });
  it('names the key, the value and what is allowed', () => {
    expect(() => validateRiskLimits({ maxOpenPositions: 0 })).toThrow(ConfigError);
    expect(() => validateRiskLimits({ maxOpenPositions: 1.5 })).toThrow(/risk.maxOpenPositions = 1.5 is not allowed: expected an integer of at least 1/);
    expect(() => validateRiskLimits({ dailyLossLimit: 2 }, 'trading.risk')).toThrow(/trading.risk.dailyLossLimit = 2 .*at most 1/);
    expect(() => validateRiskLimits({ maxDrawdown: 'lots' })).toThrow(/"lots"/);
    expect(() => validateRiskLimits({ maxFun: 1 } as never)).toThrow(/risk.maxFun is not a risk limit/);
    try {
      validateRiskLimits({ symbolCooldownMs: -1 });
    } catch (error) {
      expect((error as ConfigError).key).toBe('risk.symbolCooldownMs');
    }
  });
});

describe('utcDayStart', () => {
  it('returns midnight UTC', () => {
    expect(utcDayStart(NOW)).toBe(Date.UTC(2026, 0, 5));
    expect(utcDayStart(Date.UTC(2026, 0, 5))).toBe(Date.UTC(2026, 0, 5));
  });
});
