import { ConfigError } from '../core/errors.js';

export interface RiskLimits {
  /** Most positions open at once. */
  maxOpenPositions: number;
  /** Largest position notional as a fraction of equity. */
  maxPositionFraction: number;
  /** Largest sum of open notionals as a fraction of equity (1 = no leverage). */
  maxGrossExposure: number;
  /** No new entry in a symbol for this long after an exit from it. */
  symbolCooldownMs: number;
  /** No new entries for the rest of the UTC day once equity fell this fraction below the day's start. */
  dailyLossLimit: number;
  /** No new entries once equity fell this fraction below its peak (the daemon then halts: see Trader.haltForDrawdown). */
  maxDrawdown: number;
}

export const DEFAULT_RISK_LIMITS: Readonly<RiskLimits> = Object.freeze({
  maxOpenPositions: 5,
  maxPositionFraction: 0.2,
  maxGrossExposure: 1,
  symbolCooldownMs: 30 * 60_000,
  dailyLossLimit: 0.05,
  maxDrawdown: 0.2,
});

interface Rule {
  check: (value: number) => boolean;
  allowed: string;
}

const fractionRule: Rule = { check: (v) => v > 0 && v <= 1, allowed: 'a number greater than 0 and at most 1' };

const RULES: Record<keyof RiskLimits, Rule> = {
  maxOpenPositions: { check: (v) => Number.isInteger(v) && v >= 1, allowed: 'an integer of at least 1' },
  maxPositionFraction: fractionRule,
  // Spot trading cannot exceed 1 without borrowing; allow up to 10 for margin accounts set up on purpose.
  maxGrossExposure: { check: (v) => v > 0 && v <= 10, allowed: 'a number greater than 0 and at most 10' },
  symbolCooldownMs: { check: (v) => Number.isInteger(v) && v >= 0, allowed: 'an integer number of milliseconds, 0 or more' },
  dailyLossLimit: fractionRule,
  maxDrawdown: fractionRule,
};

/**
 * Fills in defaults and validates every key. Throws a ConfigError naming the key (with `keyPrefix`, e.g.
 * `risk.maxOpenPositions`), the value and what is allowed. Numeric strings (from environment variables) are accepted.
 */
export function validateRiskLimits(partial: Partial<Record<keyof RiskLimits, unknown>> = {}, keyPrefix = 'risk'): RiskLimits {
  const known = Object.keys(RULES);
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) {
      throw new ConfigError(`${keyPrefix}.${key} is not a risk limit; allowed keys: ${known.join(', ')}`, `${keyPrefix}.${key}`);
    }
  }
  const out = { ...DEFAULT_RISK_LIMITS };
  for (const key of known as (keyof RiskLimits)[]) {
    const raw = partial[key];
    if (raw === undefined) continue;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    const rule = RULES[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || !rule.check(value)) {
      throw new ConfigError(
        `${keyPrefix}.${key} = ${JSON.stringify(raw)} is not allowed: expected ${rule.allowed} (default ${DEFAULT_RISK_LIMITS[key]})`,
        `${keyPrefix}.${key}`,
      );
    }
    out[key] = value;
  }
  return out;
}
