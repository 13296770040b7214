import type { Bar } from '../market/market-port.js';
import type { ScoredNews } from '../news/news-port.js';
import type { Opportunity } from '../scanners/opportunity.js';

// The roles are those of the registered agents (registry.ts); re-exported here, where callers have always found them.
export { AGENT_ROLES, type AgentRole } from './registry.js';

export interface PositionView {
  symbol: string;
  qty: number;
  avgPrice: number;
  openedAt: number;
}

export interface PortfolioView {
  cash: number;
  equity: number;
  openPositions: number;
}

/** A read-only, point-in-time snapshot: nothing after `now` is reachable from it. */
export interface AgentContext {
  readonly opportunity: Readonly<Opportunity>;
  readonly now: number;
  /** Closed bars up to `now` (open time + bar length <= now), oldest first. */
  readonly bars: readonly Readonly<Bar>[];
  /** Bar length in ms, from the market; when absent the agents infer it from the bars' spacing (closed-bars.ts). */
  readonly barMs?: number;
  /** Recent scored news naming this symbol, newest first. */
  readonly symbolNews: readonly Readonly<ScoredNews>[];
  /** Recent scored news of the whole market, newest first. */
  readonly marketNews: readonly Readonly<ScoredNews>[];
  readonly position: Readonly<PositionView> | null;
  readonly portfolio: Readonly<PortfolioView>;
}

/** The risk doctor's recommendations; other agents leave it out. */
export interface RiskAdvice {
  /** True when risk is too high to enter. */
  veto: boolean;
  /** Recommended fraction of equity for a position, in [0, 1]. */
  fraction: number;
  /** Recommended stop distance as a fraction of price (0.03 = 3 %). */
  stopDistance: number;
}

export interface AgentSignal {
  /** -1 (strongly bearish) .. 1 (strongly bullish). */
  stance: number;
  /** 0 .. 1. */
  confidence: number;
  rationale: string[];
  metrics: Record<string, number>;
  risk?: RiskAdvice;
}

/** Agents are untrusted: they run with a deadline and an AbortSignal, and never place orders. */
export interface Agent {
  /** The role of a registered agent (AgentRole for the built-in registry). */
  readonly role: string;
  analyze(context: AgentContext, signal: AbortSignal): Promise<AgentSignal>;
}

/** What the discussion recorded for one agent. */
export interface AgentOutcome {
  role: string;
  status: 'ok' | 'error' | 'timeout' | 'invalid';
  signal?: AgentSignal;
  error?: string;
  latencyMs: number;
}

export type Action = 'BUY' | 'SELL' | 'HOLD';

export interface Verdict {
  action: Action;
  /** 0 .. 1. */
  conviction: number;
  /** Aggregate score in [-1, 1]. */
  score: number;
  /** Fraction of equity to commit, 0 for HOLD and SELL. */
  sizeFraction: number;
  /** Stop price, when an entry. */
  stop?: number;
  /** Target price, when an entry. */
  target?: number;
  reasons: string[];
  /** The hypothesis the discussion answered, and whether the panel accepted it. */
  hypothesis?: VerdictHypothesis;
}

export interface VerdictHypothesis {
  label: string;
  question: 'enter' | 'review';
  direction: 'long' | 'short';
  kind: string;
  score: number;
  accepted: boolean;
}
