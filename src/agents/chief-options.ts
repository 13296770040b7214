/**
 * The chief's options: one zod schema, built from an agent registry (its roles and their default weights), that
 * fills in defaults and checks every field. The configuration key `chief` uses it at load time; the Chief's
 * constructor uses it again for programmatic callers. Errors name `chief.<option>`, the value and what is allowed.
 */
import { z } from 'zod';
import { parseOptions } from '../core/schema-text.js';
import { AGENT_REGISTRY, type AgentRegistry } from './registry.js';

export interface ChiefOptions {
  /** Minimum number of agents with an 'ok' signal; fewer gives HOLD. */
  quorum: number;
  /** Weight of each role in the aggregate score (>= 0; 0 silences a role), in the registry's order. */
  weights: Readonly<Record<string, number>>;
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
  /** Expected move = stop distance × rewardRisk (the cost filter's measure; the target's distance with takeProfit). */
  rewardRisk: number;
  /** A BUY carries a take-profit target at rewardRisk × its stop distance; off by default: winners run until the review or a stop exits them. */
  takeProfit: boolean;
  /** An entry's expected move (target distance × conviction) must be at least this many round-trip costs. */
  costMultiple: number;
  /** Weights that adapt to each role's trailing scorecard (adaptive-weights.ts); off by default. */
  adaptive: boolean;
}

/** A number in (lo, hi] with its default. */
const aboveUpTo = (lo: number, hi: number, fallback: number) => z.number().gt(lo).max(hi).default(fallback);
const within = (lo: number, hi: number, fallback: number) => z.number().min(lo).max(hi).default(fallback);

export function chiefOptionsSchema(registry: AgentRegistry = AGENT_REGISTRY) {
  const roles = registry.map((d) => d.role) as [string, ...string[]];
  const defaultWeights = () => Object.fromEntries(registry.map((d) => [d.role, d.weight]));
  return z.strictObject({
    quorum: z.number().int().min(1).max(roles.length).default(Math.min(3, roles.length)),
    weights: z
      .partialRecord(z.enum(roles), z.number().min(0).max(100))
      .default({})
      // Overrides land on the registry's default weights, which keep the registry's order.
      .transform((given): Record<string, number> => Object.assign(defaultWeights(), given))
      .refine((w) => Object.values(w).some((x) => x > 0), 'weights with at least one above 0'),
    buyThreshold: aboveUpTo(0, 1, 0.25),
    sellThreshold: aboveUpTo(0, 1, 0.25),
    minConviction: within(0, 1, 0.1),
    conflictStance: aboveUpTo(0, 1, 0.5),
    conflictConfidence: within(0, 1, 0.6),
    maxSizeFraction: aboveUpTo(0, 1, 0.25),
    rewardRisk: aboveUpTo(0, 20, 2),
    takeProfit: z.boolean().default(false),
    costMultiple: within(0, 100, 4),
    adaptive: z.boolean().default(false),
  });
}

/** Merges overrides onto the defaults and validates every field; throws ConfigError naming the option. */
export function resolveChiefOptions(overrides: Partial<ChiefOptions> = {}, registry: AgentRegistry = AGENT_REGISTRY): ChiefOptions {
  return parseOptions(chiefOptionsSchema(registry), overrides, 'chief');
}

const resolvedDefaults = resolveChiefOptions();
export const DEFAULT_CHIEF_OPTIONS: ChiefOptions = Object.freeze(
  Object.assign(resolvedDefaults, { weights: Object.freeze(resolvedDefaults.weights) }),
);
