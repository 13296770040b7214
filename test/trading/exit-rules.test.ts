import { describe, expect, it } from 'vitest';
import {
  evaluateExit,
  initialExitState,
  validateExitRules,
  type ExitPosition,
  type ExitRules,
  type ExitState,
} from '../../src/trading/exit-rules.js';
import { ConfigError } from '../../src/core/errors.js';

const T0 = Date.UTC(2026, 0, 5);
const position: ExitPosition = { entryPrice: 100, openedAt: T0 };

/** Runs a price path one tick a minute; returns the tick index and reason of the first exit, and the final state. */
function walk(prices: number[], rules: ExitRules, pos: ExitPosition = position, start?: ExitState) {
  let state = start ?? initialExitState(pos.entryPrice);
  for (let i = 0; i < prices.length; i++) {
    const d = evaluateExit(pos, state, prices[i]!, pos.openedAt + (i + 1) * 60_000, rules);
    state = d.state;
    if (d.exit) return { at: i, reason: d.exit.reason, detail: d.exit.detail, state };
  }
  return { at: -1, reason: null, detail: '', state };
}

describe('evaluateExit', () => {
  it('stops out at the percentage stop loss', () => {
    const r = walk([99, 97, 95.5, 94.9, 90], { stopLossPct: 0.05 });
    expect(r).toMatchObject({ at: 3, reason: 'stop_loss' });
    expect(r.detail).toMatch(/5 % below entry 100/);
  });
  it('takes profit at the percentage target', () => {
    expect(walk([101, 105, 109.99, 110], { takeProfitPct: 0.1 })).toMatchObject({ at: 3, reason: 'take_profit' });
  });
  it('prefers the position stop and target over percentage defaults', () => {
    const pos = { ...position, stopPrice: 98, targetPrice: 103 };
    expect(walk([99, 97.9], { stopLossPct: 0.05 }, pos)).toMatchObject({ at: 1, reason: 'stop_loss' });
    expect(walk([101, 103], { takeProfitPct: 0.1 }, pos)).toMatchObject({ at: 1, reason: 'take_profit' });
    // A wide verdict stop is respected even though the default would have fired.
    expect(walk([94, 92], { stopLossPct: 0.05 }, { ...position, stopPrice: 90 }).reason).toBeNull();
  });
  it('trails from the peak once activated, and not before', () => {
    const rules = { trailingStopPct: 0.03, trailingActivationPct: 0.05 };
    // Falls 3 % from 102 before activation: no exit.
    const early = walk([102, 98.9, 99], rules);
    expect(early.reason).toBeNull();
    expect(early.state).toEqual({ peakPrice: 102, trailingActive: false });
    // Reaches 106 (active), then falls 3 % below the peak of 110.
    const r = walk([103, 106, 110, 108, 106.8, 106.7], rules);
    expect(r).toMatchObject({ at: 5, reason: 'trailing_stop' });
    expect(r.state).toEqual({ peakPrice: 110, trailingActive: true });
  });
  it('keeps the trailing stop active after the price falls back below the activation level', () => {
    const rules = { trailingStopPct: 0.1, trailingActivationPct: 0.05 };
    const first = walk([106], rules);
    expect(first.state.trailingActive).toBe(true);
    const r = walk([104, 95.4], rules, position, first.state);
    expect(r).toMatchObject({ at: 1, reason: 'trailing_stop' });
  });
  it('continues from a persisted state exactly as if it had never stopped (restart)', () => {
    const rules = { trailingStopPct: 0.03, trailingActivationPct: 0.05, stopLossPct: 0.1 };
    const path = [101, 104, 107, 109, 108, 107, 105.7, 104];
    const straight = walk(path, rules);
    const firstHalf = walk(path.slice(0, 4), rules);
    const persisted: ExitState = JSON.parse(JSON.stringify(firstHalf.state));
    const resumed = walk(path.slice(4), rules, position, persisted);
    expect(resumed.reason).toBe(straight.reason);
    expect(resumed.at + 4).toBe(straight.at);
    expect(resumed.state).toEqual(straight.state);
  });
  it('exits at the ATR stop', () => {
    const pos = { ...position, atr: 2 };
    expect(walk([99, 96.5, 96], { atrStopMultiple: 2 }, pos)).toMatchObject({ at: 2, reason: 'atr_stop' });
    expect(walk([96], { atrStopMultiple: 2 }).reason).toBeNull(); // no ATR recorded: rule inactive
  });
  it('exits at the time stop', () => {
    const r = walk([100, 100, 100, 100], { maxHoldMs: 3 * 60_000 });
    expect(r).toMatchObject({ at: 2, reason: 'time_stop' });
  });
  it('reports the most protective reason when several fire', () => {
    const d = evaluateExit(position, initialExitState(100), 80, T0 + 10 * 86_400_000, { stopLossPct: 0.05, maxHoldMs: 1000 });
    expect(d.exit?.reason).toBe('stop_loss');
  });
  it('ignores bad ticks but still applies the time stop', () => {
    const state = { peakPrice: 105, trailingActive: true };
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const d = evaluateExit(position, state, bad, T0 + 1, { stopLossPct: 0.05, trailingStopPct: 0.01, takeProfitPct: 0.01 });
      expect(d).toEqual({ exit: null, state });
    }
    expect(evaluateExit(position, state, Number.NaN, T0 + 5000, { maxHoldMs: 1000 }).exit?.reason).toBe('time_stop');
  });
  it('starts the peak at entry when the stored peak is missing', () => {
    const d = evaluateExit(position, { peakPrice: 0, trailingActive: false }, 99, T0, {});
    expect(d.state.peakPrice).toBe(100);
  });
  it('does nothing without rules', () => {
    expect(walk([1, 1000, 50], {}).reason).toBeNull();
  });
});

describe('validateExitRules', () => {
  it('accepts valid rules and numeric strings', () => {
    expect(validateExitRules({ stopLossPct: '0.05', maxHoldMs: 3_600_000 })).toEqual({ stopLossPct: 0.05, maxHoldMs: 3_600_000 });
    expect(validateExitRules()).toEqual({});
  });
  it('names the key, the value and what is allowed', () => {
    expect(() => validateExitRules({ stopLossPct: 1.5 })).toThrow(ConfigError);
    expect(() => validateExitRules({ stopLossPct: 1.5 })).toThrow(/exits.stopLossPct = 1.5 is not allowed: expected a fraction/);
    expect(() => validateExitRules({ maxHoldMs: 1.5 })).toThrow(/exits.maxHoldMs = 1.5/);
    expect(() => validateExitRules({ atrStopMultiple: -1 })).toThrow(/exits.atrStopMultiple = -1/);
    expect(() => validateExitRules({ stoploss: 1 } as never)).toThrow(/exits.stoploss is not an exit rule/);
  });
});
