/**
 * When a resting protective stop is moved up (raiseTo), and the trigger it rests at as its order row says
 * (restingTrigger): pure, no exchange.
 */
import { describe, expect, it } from 'vitest';
import { protectiveReason, restingTrigger } from '../../src/trading/protective-stop-order.js';
import { raiseTo, type RaiseInputs } from '../../src/trading/protective-stop-raise.js';

const T = Date.UTC(2026, 11, 5, 12);
const inputs = (changes: Partial<RaiseInputs>): RaiseInputs => Object.assign({ trigger: 49_000, level: 50_440, mark: 52_000, tick: 0.01, placedAt: T - 60_000, now: T }, changes);

describe('moving a protective stop up (raiseTo)', () => {
  it('moves it to the daemon’s level once that is 0.5 % of it above the trigger, a minute after it was placed', () => {
    expect(raiseTo(inputs({}))).toBe(50_440);
    // 49,246 is 0.5 % of 49,246 above 49,000, less a cent: left.
    expect(raiseTo(inputs({ level: 49_246 }))).toBeNull();
    expect(raiseTo(inputs({ level: 49_247 }))).toBe(49_247);
    expect(raiseTo(inputs({ placedAt: T - 59_999 }))).toBeNull();
  });

  it('never moves it down, nor when its trigger or the daemon’s level is unknown', () => {
    expect(raiseTo(inputs({ level: 48_000 }))).toBeNull();
    expect(raiseTo(inputs({ trigger: null }))).toBeNull();
    expect(raiseTo(inputs({ level: undefined }))).toBeNull();
  });

  it('asks a rise of one price tick at least, on a coin priced in a few ticks', () => {
    // A tick of 0.00000001 on a price of 0.0000012 (0.8 %): a rise of 0.6 % is less than one.
    const coin = { trigger: 0.00000113, mark: 0.0000012, tick: 0.00000001 };
    expect(raiseTo(inputs(Object.assign({ level: 0.0000011368 }, coin)))).toBeNull();
    expect(raiseTo(inputs(Object.assign({ level: 0.00000115 }, coin)))).toBe(0.00000115);
  });

  it('leaves it while the price is at or below the new level: the daemon’s own stop fires, and the exchange would refuse it', () => {
    expect(raiseTo(inputs({ mark: 50_440 }))).toBeNull();
    expect(raiseTo(inputs({ mark: null }))).toBeNull();
  });
});

describe('the trigger a protective stop rests at (restingTrigger)', () => {
  const request = { clientOrderId: 'co-s-1', symbol: 'BTC/USDT', side: 'sell' as const, qty: 0.04, stop: { trigger: 49_000.004, limit: 48_020 } };

  it('reads it from its order row’s reason (the price the exchange took), else from the request', () => {
    expect(restingTrigger(request, protectiveReason(0.04, 49_000, 48_020))).toBe(49_000);
    expect(restingTrigger(request, protectiveReason(1_000_000, 1.2e-7, 1.1e-7))).toBe(1.2e-7);
    expect(restingTrigger(request, null)).toBe(49_000.004);
    expect(restingTrigger(request, 'reconciled at start')).toBe(49_000.004);
  });

  it('is unknown after a restart whose row no longer says it (a partial fill’s answer replaced its reason)', () => {
    expect(restingTrigger({ clientOrderId: 'co-s-1', symbol: 'BTC/USDT', side: 'sell', qty: 0.04 }, null)).toBeNull();
  });
});
