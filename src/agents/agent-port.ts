import type { Bar } from '../market/market-port.js';
import type { ScoredNews } from '../news/news-port.js';
import type { Opportunity } from '../domain/opportunity.js';
import type { AgentSignal } from '../domain/verdict.js';

// The roles are those of the registered agents (registry.ts); re-exported here, where callers have always found them.
export { AGENT_ROLES, type AgentRole } from './registry.js';

export interface PositionView {
  symbol: string;
  qty: number;
  avgPrice: number;
  openedAt: number;
}

/** A discussion sees the last max(scanBars, MIN_CONTEXT_BARS) closed bars of its symbol. */
export const MIN_CONTEXT_BARS = 250;

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
  /** Set when the run has no news source at all (a backtest without --news): no news is not a quiet spell. */
  readonly withoutNews?: true;
  readonly position: Readonly<PositionView> | null;
  readonly portfolio: Readonly<PortfolioView>;
}

/** Agents are untrusted: they run with a deadline and an AbortSignal, and never place orders. */
export interface Agent {
  /** The role of a registered agent (AgentRole for the built-in registry). */
  readonly role: string;
  analyze(context: AgentContext, signal: AbortSignal): Promise<AgentSignal>;
}

