import { AGENT_ROLES, type AgentRole } from './agent-port.js';
import { ConfigError } from '../core/errors.js';

export interface ChiefOptions {
  /** Minimum number of agents with an 'ok' signal; fewer gives HOLD. */
  quorum: number;
  /** Weight of each role in the aggregate score (>= 0; 0 silences a role). */
  weights: Record<AgentRole, number>;
  /** score >= buyThreshold proposes BUY. */
  buyThreshold: number;
  /** score <= -sellThreshold proposes SELL (exit). */
  sellThreshold: number;
  /** A BUY also needs at least this conviction. */
  minConviction: number;
  /** Conflict rule: agents at |stance| >= conflictStance with confidence >= conflictConfidence on both sides give HOLD. */
  conflictStance: number;
  conflictConfidence: number;
  /** Upper bound of the size fraction of equity for one entry. */
  maxSizeFraction: number;
  /** Target distance = stop distance × rewardRisk. */
  rewardRisk: number;
}

export const DEFAULT_CHIEF_OPTIONS: ChiefOptions = Object.freeze({
  quorum: 3,
  weights: Object.freeze({ bull: 1, bear: 1, analyst: 1.25, scout: 0.75, riskDoctor: 0.5 }),
  buyThreshold: 0.25,
  sellThreshold: 0.25,
  minConviction: 0.1,
  conflictStance: 0.5,
  conflictConfidence: 0.6,
  maxSizeFraction: 0.25,
  rewardRisk: 2,
}) as ChiefOptions;

function fail(key: string, value: unknown, allowed: string): never {
  throw new ConfigError(`chief.${key} must be ${allowed}, got ${JSON.stringify(value) ?? String(value)}`, `chief.${key}`);
}

function checkNumber(key: string, value: unknown, lo: number, hi: number, loOpen = false): number {
  const ok = typeof value === 'number' && Number.isFinite(value) && (loOpen ? value > lo : value >= lo) && value <= hi;
  if (!ok) fail(key, value, `a number in ${loOpen ? '(' : '['}${lo}, ${hi}]`);
  return value as number;
}

/** Merges overrides onto the defaults and validates every field; throws ConfigError naming the option. */
export function resolveChiefOptions(overrides: Partial<ChiefOptions> = {}): ChiefOptions {
  const merged = { ...DEFAULT_CHIEF_OPTIONS, ...overrides };
  const weightsIn: unknown = overrides.weights;
  if (weightsIn !== undefined && (typeof weightsIn !== 'object' || weightsIn === null)) {
    fail('weights', weightsIn, `an object with keys ${AGENT_ROLES.join(', ')}`);
  }
  const weights = { ...DEFAULT_CHIEF_OPTIONS.weights, ...(weightsIn as Partial<Record<AgentRole, number>> | undefined) };
  for (const key of Object.keys(weights)) {
    if (!(AGENT_ROLES as readonly string[]).includes(key)) fail(`weights.${key}`, key, `one of ${AGENT_ROLES.join(', ')}`);
  }
  for (const role of AGENT_ROLES) checkNumber(`weights.${role}`, weights[role], 0, 100);
  if (AGENT_ROLES.every((role) => weights[role] === 0)) fail('weights', weights, 'weights with at least one above 0');
  const q = merged.quorum;
  if (!Number.isInteger(q) || q < 1 || q > AGENT_ROLES.length) fail('quorum', q, `an integer in [1, ${AGENT_ROLES.length}]`);
  return {
    quorum: q,
    weights,
    buyThreshold: checkNumber('buyThreshold', merged.buyThreshold, 0, 1, true),
    sellThreshold: checkNumber('sellThreshold', merged.sellThreshold, 0, 1, true),
    minConviction: checkNumber('minConviction', merged.minConviction, 0, 1),
    conflictStance: checkNumber('conflictStance', merged.conflictStance, 0, 1, true),
    conflictConfidence: checkNumber('conflictConfidence', merged.conflictConfidence, 0, 1),
    maxSizeFraction: checkNumber('maxSizeFraction', merged.maxSizeFraction, 0, 1, true),
    rewardRisk: checkNumber('rewardRisk', merged.rewardRisk, 0, 20, true),
  };
}
