import { describe, expect, it } from 'vitest';
import { evaluateBarExit } from '../../src/trading/bar-exit.js';

const position = { entryPrice: 100, openedAt: 0 };
const fresh = { peakPrice: 100, trailingActive: false };
const rules = { stopLossPct: 0.05, takeProfitPct: 0.1 };
const bar = (open: number, high: number, low: number, close: number) => ({ open, high, low, close });

describe('exit rules against a bar', () => {
  it('fills a stop at its level when the bar trades through it', () => {
    const d = evaluateBarExit(position, fresh, bar(99, 101, 94, 96), rules);
    expect(d.exit).toMatchObject({ reason: 'stop_loss', price: 95 });
  });

  it('fills at the open when the bar opens beyond the stop', () => {
    const d = evaluateBarExit(position, fresh, bar(90, 92, 88, 91), rules);
    expect(d.exit).toMatchObject({ reason: 'stop_loss', price: 90 });
  });

  it('fills a touched stop as the market exit it becomes: its slippage below the level or the open, never below the low', () => {
    expect(evaluateBarExit(position, fresh, bar(99, 101, 94, 96), rules, 10).exit).toMatchObject({ reason: 'stop_loss', price: 95 * 0.999 });
    expect(evaluateBarExit(position, fresh, bar(90, 92, 88, 91), rules, 10).exit).toMatchObject({ reason: 'stop_loss', price: 90 * 0.999 });
    // The bar traded no lower than 94.99: the fill cannot have been lower either.
    expect(evaluateBarExit(position, fresh, bar(99, 101, 94.99, 96), rules, 10).exit).toMatchObject({ price: 94.99 });
    // A target is a resting limit: no slippage.
    expect(evaluateBarExit(position, fresh, bar(101, 112, 100, 105), rules, 10).exit).toMatchObject({ reason: 'take_profit', price: 110.00000000000001 });
  });

  it('fills a target at its level, or at a gapping open', () => {
    expect(evaluateBarExit(position, fresh, bar(101, 112, 100, 105), rules).exit).toMatchObject({ reason: 'take_profit', price: 110.00000000000001 });
    expect(evaluateBarExit(position, fresh, bar(115, 116, 113, 114), rules).exit).toMatchObject({ reason: 'take_profit', price: 115 });
  });

  it('judges a bar with the trailing stop armed as evaluateExit arms it: from entry with no activation, or by a peak a restart’s settings reach', () => {
    // Active from entry (activation 0): the entry’s first bar trading 3 % under it stops it.
    const fromEntry = { trailingStopPct: 0.02, trailingActivationPct: 0 };
    expect(evaluateBarExit(position, fresh, bar(100, 100.5, 97, 98), fromEntry).exit).toMatchObject({ reason: 'trailing_stop', price: 98 });
    // A peak of 110 kept by a run without the trailing stop, which a restart turned on: armed for the first bar it judges.
    const keptPeak = { peakPrice: 110, trailingActive: false };
    const turnedOn = { stopLossPct: 0.05, trailingStopPct: 0.05, trailingActivationPct: 0.02 };
    expect(evaluateBarExit(position, keptPeak, bar(106, 106, 104, 105), turnedOn).exit).toMatchObject({ reason: 'trailing_stop', price: 104.5 });
  });

  it('assumes the stop first when one bar touches both', () => {
    expect(evaluateBarExit(position, fresh, bar(100, 120, 80, 100), rules).exit).toMatchObject({ reason: 'stop_loss', price: 95 });
  });

  it('uses the position stop, and the highest protective level of stop, ATR and trailing', () => {
    expect(evaluateBarExit({ ...position, stopPrice: 97 }, fresh, bar(99, 100, 96, 99), rules).exit).toMatchObject({ price: 97 });
    const trailing = { ...rules, trailingStopPct: 0.03 };
    const d = evaluateBarExit(position, { peakPrice: 108, trailingActive: true }, bar(106, 107, 104, 105), trailing);
    expect(d.exit).toMatchObject({ reason: 'trailing_stop', price: 108 * 0.97 });
  });

  it('raises the peak with the high only after the bar is judged, and arms the trailing stop', () => {
    const trailing = { ...rules, trailingStopPct: 0.03, trailingActivationPct: 0.02 };
    const d = evaluateBarExit(position, fresh, bar(100, 106, 100.5, 101), trailing);
    // The trailing level from the new peak (102.82) is above the low, but the high may have come after the low.
    expect(d.exit).toBeNull();
    expect(d.state).toEqual({ peakPrice: 106, trailingActive: true });
  });

  it('leaves a position alone inside its levels, and ignores a bad bar', () => {
    expect(evaluateBarExit(position, fresh, bar(100, 105, 96, 101), rules).exit).toBeNull();
    expect(evaluateBarExit(position, fresh, bar(Number.NaN, 105, 96, 101), rules)).toEqual({ exit: null, state: fresh });
  });
});
