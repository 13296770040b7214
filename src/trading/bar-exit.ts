/**
 * Exit rules against one bar's range, pure: what a stop, target or trailing stop resting at the broker would have
 * done during the bar. A level inside the range fills at the level; a bar that opens beyond a level fills at the
 * open (the gap); when one bar touches both a stop and the target, the stop is assumed first (the range does not say
 * which came first, and assuming the worse is the honest choice). The peak only moves with the bar's high after the
 * bar is judged, so a trailing level never uses a high that may have come after the low.
 * A stop, once touched, is a market order: it fills `slippageBps` worse than its level (or the gapping open), never
 * below the bar's low, as a market exit does. A target is a resting limit: at its level, or the better open.
 */
import { trailingArmed, type ExitPosition, type ExitReason, type ExitRules, type ExitState } from './exit-rules.js';
import type { FillReason } from '../domain/order.js';
import { slipped } from './simulated-fill.js';

export interface BarRange {
  open: number;
  high: number;
  low: number;
  close: number;
}

export interface BarExit {
  reason: ExitReason;
  /** The price it fills at: the level, or the open when the bar opened beyond it (a stop's less its slippage). */
  price: number;
  detail: string;
}

export interface BarExitDecision {
  exit: BarExit | null;
  /** The state after the bar (peak raised by its high, trailing armed), to store with the position. */
  state: ExitState;
}

/** The fill reason each exit rule records. */
export const FILL_REASON_OF: Record<ExitReason, FillReason> = {
  stop_loss: 'stop',
  atr_stop: 'atr',
  trailing_stop: 'trailing',
  take_profit: 'target',
  time_stop: 'time',
};

const positive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;
/** Levels from percentages carry float noise; a level touched exactly fires (as in evaluateExit). */
const TOUCH = 1e-12;

/**
 * What an exit rule's fill at `price` pays: a stop, a market order once touched, `slippageBps` below it but never
 * below `low` (the bar's, or 0 for a price seen alone); a target, a resting limit, nothing.
 */
export function exitFillPrice(reason: ExitReason, price: number, slippageBps: number, low: number): number {
  return reason === 'take_profit' ? price : slipped('sell', price, slippageBps, { high: price, low });
}

export interface ExitLevels {
  /** The highest protective level below the price (stop loss, ATR stop, trailing stop): the one a falling price meets first. */
  stop: { reason: ExitReason; level: number; from: string } | null;
  /** The target above it, if any. */
  target: number | null;
}

/** The levels the next bar is judged against, from the position, its stored state (peak, trailing armed) and the rules. */
export function exitLevels(position: ExitPosition, state: ExitState, rules: ExitRules): ExitLevels {
  const entry = position.entryPrice;
  const priorPeak = positive(state.peakPrice) ? state.peakPrice : entry;
  const stops: NonNullable<ExitLevels['stop']>[] = [];
  if (positive(position.stopPrice)) stops.push({ reason: 'stop_loss', level: position.stopPrice, from: 'position stop' });
  else if (positive(rules.stopLossPct)) stops.push({ reason: 'stop_loss', level: entry * (1 - rules.stopLossPct), from: 'stop loss' });
  if (positive(rules.atrStopMultiple) && positive(position.atr)) {
    stops.push({ reason: 'atr_stop', level: entry - rules.atrStopMultiple * position.atr, from: `${rules.atrStopMultiple} ATR stop` });
  }
  // Armed as evaluateExit arms it: from entry with no activation, or by a peak that reached it under settings changed since.
  if (trailingArmed(entry, { peakPrice: priorPeak, trailingActive: state.trailingActive }, rules) && positive(rules.trailingStopPct)) {
    stops.push({ reason: 'trailing_stop', level: priorPeak * (1 - rules.trailingStopPct), from: `trailing stop under peak ${priorPeak}` });
  }
  const stop = stops.reduce<ExitLevels['stop']>((best, s) => (s.level > 0 && (!best || s.level > best.level) ? s : best), null);
  const target = positive(position.targetPrice) ? position.targetPrice : positive(rules.takeProfitPct) ? entry * (1 + rules.takeProfitPct) : null;
  return { stop, target };
}

/** The price rules (stop, ATR stop, trailing stop, target) against one bar; the time stop is the caller's (it counts bars). */
export function evaluateBarExit(position: ExitPosition, state: ExitState, bar: BarRange, rules: ExitRules, slippageBps = 0): BarExitDecision {
  const entry = position.entryPrice;
  const priorPeak = positive(state.peakPrice) ? state.peakPrice : entry;
  const valid = [bar.open, bar.high, bar.low, bar.close].every((v) => Number.isFinite(v) && v > 0);
  if (!valid) return { exit: null, state: { peakPrice: priorPeak, trailingActive: state.trailingActive } };
  const { stop, target: targetLevel } = exitLevels(position, state, rules);

  let exit: BarExit | null = null;
  if (stop && bar.open <= stop.level * (1 + TOUCH)) {
    exit = { reason: stop.reason, price: exitFillPrice(stop.reason, bar.open, slippageBps, bar.low), detail: `bar opened at ${bar.open}, at or below the ${stop.from} ${stop.level}` };
  } else if (targetLevel !== null && bar.open >= targetLevel * (1 - TOUCH)) {
    exit = { reason: 'take_profit', price: bar.open, detail: `bar opened at ${bar.open}, at or above the target ${targetLevel}` };
  } else if (stop && bar.low <= stop.level * (1 + TOUCH)) {
    exit = { reason: stop.reason, price: exitFillPrice(stop.reason, stop.level, slippageBps, bar.low), detail: `bar low ${bar.low} reached the ${stop.from} ${stop.level}` };
  } else if (targetLevel !== null && bar.high >= targetLevel * (1 - TOUCH)) {
    exit = { reason: 'take_profit', price: targetLevel, detail: `bar high ${bar.high} reached the target ${targetLevel}` };
  }

  const peakPrice = Math.max(priorPeak, bar.high);
  let trailingActive = state.trailingActive;
  if (!trailingActive && positive(rules.trailingStopPct)) trailingActive = peakPrice >= entry * (1 + (rules.trailingActivationPct ?? 0));
  return { exit, state: { peakPrice, trailingActive } };
}
