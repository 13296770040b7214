import { describe, expect, it } from 'vitest';
import { Chief } from '../../src/agents/chief.js';
import { sizeEntry, stopDistanceOf } from '../../src/trading/sizing.js';
import { ok, SAFE } from '../agents/fakes.js';
import { contextOf, uptrend } from '../agents/series.js';
import { loadConfig } from '../../src/config/config.js';

/** From the chief's verdict to a quantity, as the trader does it (riskPerTrade 1 %, positionFraction as given). */
function sized(stopDistance: number, conviction: 'low' | 'high', maxPositionFraction: number) {
  const context = contextOf(uptrend(60));
  const c = conviction === 'high' ? 0.9 : 0.45;
  const outcomes = [ok('bull', 0.8, c), ok('bear', 0.5, c), ok('analyst', 0.6, c), ok('scout', 0.4, c), ok('riskDoctor', 0.2, c, { ...SAFE, stopDistance })];
  const verdict = new Chief({}, undefined, { feeBps: 10, slippageBps: 5 }).decide(outcomes, context);
  expect(verdict.action).toBe('BUY');
  const price = context.opportunity.price;
  const size = sizeEntry({
    equity: 100_000, price, sizeFraction: verdict.sizeFraction, riskPerTrade: 0.01, maxPositionFraction, lotStep: 0.0001,
    stopDistance: stopDistanceOf(price, { ...(verdict.stop !== undefined ? { stopPrice: verdict.stop } : {}) })!,
  });
  return { notionalFraction: size.notional / 100_000, reason: size.reason, conviction: verdict.conviction };
}

describe('sizing that means something', () => {
  it('lets the risk budget over the stop set the size: a wide stop gives a small position, a tight one a larger one', () => {
    const wide = sized(0.1, 'high', 1);
    const tight = sized(0.05, 'high', 1);
    // 1 % of equity at risk over a 10 % stop is 10 % of equity; over a 5 % stop 20 % (the doctor's fraction caps it).
    expect(wide.notionalFraction).toBeCloseTo(0.1, 3);
    expect(wide.reason).toMatch(/risk 0.01 of equity over stop distance/);
    expect(tight.notionalFraction).toBeCloseTo(0.2, 3);
  });

  it('does not shrink the position by conviction (no product of small fractions)', () => {
    const high = sized(0.1, 'high', 1);
    const low = sized(0.1, 'low', 1);
    expect(low.conviction).toBeLessThan(high.conviction);
    expect(low.notionalFraction).toBeCloseTo(high.notionalFraction, 6);
  });

  it('stays under the configured position fraction', () => {
    const capped = sized(0.02, 'high', 0.1);
    expect(capped.notionalFraction).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(capped.reason).toMatch(/max position fraction 0.1/);
  });

  it('with the shipped defaults, a position is sized by its risk, not cut to a fixed notional', () => {
    const shipped = loadConfig({ env: {} });
    // A 6 % stop (2 × ATR of a daily stock): 1 % of equity at risk over it is about 16.7 % of equity, which the
    // default position cap leaves alone (at 0.1 it was cut to 10 % whatever the risk).
    const s = sized(0.06, 'high', shipped.positionFraction);
    expect(s.reason).toMatch(/risk 0.01 of equity over stop distance/);
    expect(s.notionalFraction).toBeCloseTo(0.01 / 0.06, 2);
  });
});
