import { describe, expect, it } from 'vitest';
import { atrOf, planEntry, type EntryInput } from '../../src/trading/entry-planner.js';
import { DEFAULT_RISK_LIMITS } from '../../src/trading/risk-gate.js';

const NOW = Date.UTC(2026, 0, 5, 12);

/** A BUY at 100 with a stop at 95 on an account of 10,000, nothing held, nothing in the way. */
function input(changes: Partial<EntryInput> = {}): EntryInput {
  return {
    verdictId: 'v1',
    verdict: { sizeFraction: 0.2, stop: 95, target: 110, atrFraction: 0.02 },
    symbol: 'AAA/USDT',
    price: 100,
    lotStep: 0.001,
    equity: 10_000,
    account: { peakEquity: 10_000, dayStartEquity: 10_000, day: '2026-01-05' },
    day: '2026-01-05',
    now: NOW,
    openPositions: [],
    lastExitAt: undefined,
    cooldownBars: 0,
    barsSinceExit: undefined,
    halted: false,
    riskPerTrade: 0.01,
    limits: DEFAULT_RISK_LIMITS,
    ...changes,
  };
}

describe('the entry planner', () => {
  it('sizes by the risk per trade over the stop and plans one order per verdict, with what the position gets', () => {
    const plan = planEntry(input());
    // 1 % of 10,000 over a stop 5 below: 20 units (2,000, within the 20 % cap).
    expect(plan.order?.request).toEqual({ clientOrderId: 'co-v1', symbol: 'AAA/USDT', side: 'buy', qty: 20, refPrice: 100 });
    expect(plan.order?.meta).toEqual({ verdictId: 'v1', purpose: 'entry', fillReason: 'entry', stop: 95, target: 110, atr: 2, refPrice: 100 });
    expect(plan.record).toEqual({ verdictId: 'v1', symbol: 'AAA/USDT', outcome: 'accepted', reason: 'within all limits', requestedQty: 20, approvedQty: 20, time: NOW });
    expect(plan.risk).toEqual({ symbol: 'AAA/USDT', outcome: 'accepted', reason: 'within all limits', verdictId: 'v1' });
  });

  it('gives the same plan for the same inputs, and changes none of them', () => {
    const a = input();
    const frozen = JSON.stringify(a);
    expect(planEntry(a)).toEqual(planEntry(input()));
    expect(JSON.stringify(a)).toBe(frozen);
  });

  it('takes the ATR from the verdict as a fraction of the price quoted now, and none when the verdict has none', () => {
    expect(planEntry(input({ price: 50, verdict: { sizeFraction: 0.2, stop: 45, atrFraction: 0.03 } })).order?.meta.atr).toBeCloseTo(1.5, 12);
    expect(planEntry(input({ verdict: { sizeFraction: 0.2, stop: 95 } })).order?.meta).toMatchObject({ atr: null, target: null });
    expect(atrOf(0, 100)).toBeNull();
    expect(atrOf(Number.NaN, 100)).toBeNull();
    expect(atrOf(-0.1, 100)).toBeNull();
  });

  it('sizes by fraction when the verdict has no stop', () => {
    const plan = planEntry(input({ verdict: { sizeFraction: 0.05 } }));
    expect(plan.order?.request.qty).toBe(5);
    expect(plan.record.requestedQty).toBe(5);
  });

  it('rejects an entry quoted at or below the verdict’s stop (the price fell through it since the decision), as `stop_crossed`', () => {
    for (const stop of [100, 101]) {
      const plan = planEntry(input({ verdict: { sizeFraction: 0.05, stop } }));
      expect(plan.order).toBeNull();
      expect(plan.record).toMatchObject({ outcome: 'rejected', rule: 'stop_crossed', requestedQty: 0, approvedQty: 0 });
      expect(plan.record.reason).toMatch(new RegExp(`^AAA/USDT quoted at 100, at or below the verdict's stop ${stop}: `));
    }
    // No price at all is told as such, not as a stop crossed.
    for (const price of [0, -5, Number.NaN]) {
      expect(planEntry(input({ price })).record).toMatchObject({ rule: 'sizing', reason: `sizing gave nothing to buy: no valid price (${price})` });
    }
    // A stop just under the quote still sizes by the risk over it (1 % of 10,000 over 0.5: capped at 20 % of equity).
    expect(planEntry(input({ verdict: { sizeFraction: 0.2, stop: 99.5 } })).order?.request.qty).toBe(20);
  });

  it('rejects an entry sizing gives nothing to, as the rule `sizing`, with no order', () => {
    const plan = planEntry(input({ verdict: { sizeFraction: 0 } }));
    expect(plan.order).toBeNull();
    expect(plan.record).toMatchObject({ outcome: 'rejected', rule: 'sizing', requestedQty: 0, approvedQty: 0 });
    expect(plan.record.reason).toMatch(/^sizing gave nothing to buy: verdict size fraction is 0/);
    expect(plan.risk).toMatchObject({ outcome: 'rejected', rule: 'sizing', verdictId: 'v1' });
  });

  it('passes the kill switch and the held positions to the gate', () => {
    expect(planEntry(input({ halted: true }))).toMatchObject({ order: null, record: { rule: 'kill_switch', requestedQty: 20, approvedQty: 0 } });
    const held = planEntry(input({ openPositions: [{ symbol: 'AAA/USDT', qty: 1, price: 100 }] }));
    expect(held.record.rule).toBe('already_holding');
  });

  it('clamps to the exposure left and orders the clamped quantity', () => {
    const plan = planEntry(input({ openPositions: [{ symbol: 'BBB/USDT', qty: 95, price: 100 }] }));
    // 9,500 of 10,000 is exposed: 500 of room, 5 units.
    expect(plan.record).toMatchObject({ outcome: 'clamped', rule: 'max_gross_exposure', requestedQty: 20, approvedQty: 5 });
    expect(plan.order?.request.qty).toBe(5);
  });

  it('reads the day’s starting equity only when it belongs to today', () => {
    const losing = { equity: 9_000, account: { peakEquity: 10_000, dayStartEquity: 10_000, day: '2026-01-05' } };
    expect(planEntry(input(losing)).record.rule).toBe('daily_loss_limit');
    // Stored yesterday (the roll has not run yet): today starts at the equity now.
    expect(planEntry(input({ ...losing, day: '2026-01-06' })).record.outcome).toBe('accepted');
  });

  it('applies the cooldown in bars when one is set, else the cooldown in time since the last exit', () => {
    expect(planEntry(input({ cooldownBars: 3, lastExitAt: NOW - 1_000, barsSinceExit: 2 })).record.rule).toBe('cooldown');
    expect(planEntry(input({ cooldownBars: 3, lastExitAt: NOW - 1_000, barsSinceExit: 3 })).record.outcome).toBe('accepted');
    expect(planEntry(input({ lastExitAt: NOW - 60_000 })).record.rule).toBe('cooldown');
    expect(planEntry(input({ lastExitAt: NOW - DEFAULT_RISK_LIMITS.symbolCooldownMs })).record.outcome).toBe('accepted');
  });

  it('keeps to the instrument’s minimum quantity', () => {
    const plan = planEntry(input({ lotStep: 1, minQty: 50 }));
    expect(plan.order).toBeNull();
    expect(plan.record.reason).toMatch(/min qty 50/);
  });
});
