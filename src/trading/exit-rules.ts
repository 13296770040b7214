/**
 * Exit rules for open long positions, pure: the position monitor calls `evaluateExit` on every tick and persists the
 * returned state (peak price, trailing activation) with the position, so a restart continues exactly where it stopped.
 */
import { ConfigError } from '../core/errors.js';
import type { Config } from '../config/config.js';
import type { PositionRow } from '../store/account-repository.js';

export interface ExitRules {
  /** Exit when price falls this fraction below entry (0.05 = 5 %), unless the position has its own stop price. */
  stopLossPct?: number;
  /** Exit when price rises this fraction above entry, unless the position has its own target price. */
  takeProfitPct?: number;
  /** Exit when price falls this fraction below its peak since entry, once the trailing stop is active. */
  trailingStopPct?: number;
  /** The trailing stop activates once the peak is this fraction above entry; absent or 0: active from entry. */
  trailingActivationPct?: number;
  /** Exit when price falls this many ATRs below entry (needs the position's ATR at entry). */
  atrStopMultiple?: number;
  /** Exit after holding this long. */
  maxHoldMs?: number;
}

export interface ExitState {
  peakPrice: number;
  trailingActive: boolean;
}

export interface ExitPosition {
  entryPrice: number;
  openedAt: number;
  /** The verdict's stop price: replaces stopLossPct for this position. */
  stopPrice?: number;
  /** The verdict's target price: replaces takeProfitPct for this position. */
  targetPrice?: number;
  /** Average true range at entry, in price units. */
  atr?: number;
}

/** The configured exit rules, as the position monitor applies them (a rule at 0 is off). */
export function exitRulesOf(
  config: Pick<Config, 'stopLossPct' | 'takeProfitPct' | 'trailingStopPct' | 'trailingActivationPct' | 'atrStopMultiple' | 'maxHoldMs'>,
): ExitRules {
  const rules: ExitRules = { stopLossPct: config.stopLossPct, takeProfitPct: config.takeProfitPct };
  if (config.trailingStopPct > 0) Object.assign(rules, { trailingStopPct: config.trailingStopPct, trailingActivationPct: config.trailingActivationPct });
  if (config.atrStopMultiple > 0) rules.atrStopMultiple = config.atrStopMultiple;
  if (config.maxHoldMs > 0) rules.maxHoldMs = config.maxHoldMs;
  return rules;
}

/** What the exit rules read of a stored position: entry, and the verdict's own stop, target and ATR when it set them. */
export const exitPositionOf = (p: Readonly<PositionRow>): ExitPosition => ({
  entryPrice: p.avgPrice,
  openedAt: p.openedAt,
  ...(p.stopPrice !== null ? { stopPrice: p.stopPrice } : {}),
  ...(p.targetPrice !== null ? { targetPrice: p.targetPrice } : {}),
  ...(p.atr !== null ? { atr: p.atr } : {}),
});

export type ExitReason = 'stop_loss' | 'take_profit' | 'trailing_stop' | 'atr_stop' | 'time_stop';

export interface ExitDecision {
  exit: null | { reason: ExitReason; detail: string };
  state: ExitState;
}

/** The state to store when a position opens. */
export function initialExitState(entryPrice: number): ExitState {
  return { peakPrice: entryPrice, trailingActive: false };
}

const pct = (fraction: number) => `${+(fraction * 100).toFixed(6)} %`;

/** Levels derived from percentages carry float noise (100 × 1.1 = 110.00000000000001); a level touched exactly fires. */
const TOUCH = 1e-12;
const atOrBelow = (price: number, level: number) => price <= level * (1 + TOUCH);
const atOrAbove = (price: number, level: number) => price >= level * (1 - TOUCH);

const positive = (v: number | undefined): v is number => v !== undefined && Number.isFinite(v) && v > 0;

/**
 * Whether the trailing stop is armed at this peak: armed once, or the peak has reached the activation under the rules
 * now. A peak stored by a run with the trailing stop off (or a higher activation) arms it at the next price judged.
 */
export function trailingArmed(entryPrice: number, state: Readonly<ExitState>, rules: ExitRules): boolean {
  if (state.trailingActive) return true;
  return positive(rules.trailingStopPct) && state.peakPrice >= entryPrice * (1 + (rules.trailingActivationPct ?? 0));
}

/**
 * Checks, in order of protection: stop loss, ATR stop, trailing stop, take profit, time stop; the first that fires is
 * the reason. A price that is not positive and finite (a bad tick) changes nothing and exits nothing, except the time stop.
 */
export function evaluateExit(position: ExitPosition, state: ExitState, price: number, now: number, rules: ExitRules): ExitDecision {
  const entry = position.entryPrice;
  const validPrice = Number.isFinite(price) && price > 0;
  const priorPeak = positive(state.peakPrice) ? state.peakPrice : entry;
  const peakPrice = validPrice ? Math.max(priorPeak, price) : priorPeak;
  const trailingActive = trailingArmed(entry, { peakPrice, trailingActive: state.trailingActive }, rules);
  const next: ExitState = { peakPrice, trailingActive };
  const exit = (reason: ExitReason, detail: string): ExitDecision => ({ exit: { reason, detail }, state: next });

  if (validPrice) {
    const stop = positive(position.stopPrice)
      ? { level: position.stopPrice, from: 'position stop' }
      : positive(rules.stopLossPct)
        ? { level: entry * (1 - rules.stopLossPct), from: `stop loss ${pct(rules.stopLossPct)} below entry ${entry}` }
        : null;
    if (stop && atOrBelow(price, stop.level)) return exit('stop_loss', `price ${price} at or below ${stop.from} ${stop.level}`);

    if (positive(rules.atrStopMultiple) && positive(position.atr)) {
      const level = entry - rules.atrStopMultiple * position.atr;
      if (atOrBelow(price, level)) return exit('atr_stop', `price ${price} at or below ${rules.atrStopMultiple} ATR (${position.atr}) under entry: ${level}`);
    }

    if (trailingActive && positive(rules.trailingStopPct)) {
      const level = peakPrice * (1 - rules.trailingStopPct);
      if (atOrBelow(price, level)) {
        return exit('trailing_stop', `price ${price} at or below ${pct(rules.trailingStopPct)} under peak ${peakPrice}: ${level}`);
      }
    }

    const target = positive(position.targetPrice)
      ? { level: position.targetPrice, from: 'position target' }
      : positive(rules.takeProfitPct)
        ? { level: entry * (1 + rules.takeProfitPct), from: `take profit ${pct(rules.takeProfitPct)} above entry ${entry}` }
        : null;
    if (target && atOrAbove(price, target.level)) return exit('take_profit', `price ${price} at or above ${target.from} ${target.level}`);
  }

  if (positive(rules.maxHoldMs) && now - position.openedAt >= rules.maxHoldMs) {
    return exit('time_stop', `held ${now - position.openedAt} ms, the maximum is ${rules.maxHoldMs} ms`);
  }
  return { exit: null, state: next };
}

/** Validates exit rules from configuration: every key optional, ConfigError naming the key, value and what is allowed. */
export function validateExitRules(partial: Partial<Record<keyof ExitRules, unknown>> = {}, keyPrefix = 'exits'): ExitRules {
  const out: ExitRules = {};
  const keys: (keyof ExitRules)[] = ['stopLossPct', 'takeProfitPct', 'trailingStopPct', 'trailingActivationPct', 'atrStopMultiple', 'maxHoldMs'];
  for (const key of Object.keys(partial)) {
    if (!keys.includes(key as keyof ExitRules)) {
      throw new ConfigError(`${keyPrefix}.${key} is not an exit rule; allowed keys: ${keys.join(', ')}`, `${keyPrefix}.${key}`);
    }
  }
  for (const key of keys) {
    const raw = partial[key];
    if (raw === undefined || raw === null || raw === '') continue;
    const value = typeof raw === 'string' ? Number(raw) : raw;
    const isFractionBelowOne = key === 'stopLossPct' || key === 'trailingStopPct';
    const ok =
      typeof value === 'number' &&
      Number.isFinite(value) &&
      value >= 0 &&
      (!isFractionBelowOne || value < 1) &&
      (key !== 'maxHoldMs' || Number.isInteger(value));
    if (!ok) {
      const allowed =
        key === 'maxHoldMs'
          ? 'an integer number of milliseconds, 0 or more (0 = off)'
          : isFractionBelowOne
            ? 'a fraction from 0 (off) to below 1, e.g. 0.05 for 5 %'
            : 'a number, 0 or more (0 = off)';
      throw new ConfigError(`${keyPrefix}.${key} = ${JSON.stringify(raw)} is not allowed: expected ${allowed}`, `${keyPrefix}.${key}`);
    }
    out[key] = value;
  }
  return out;
}

/** The last bar judged and the trailing state the bars up to it made, as the store keeps them for a restart. */
export const judgedState = (until: number, s: ExitState) => ({ judgedUntil: until, judgedPeak: s.peakPrice, judgedTrailing: s.trailingActive });
