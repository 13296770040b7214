import type { Opportunity } from './opportunity.js';
import type { OrderStatus, Side } from './order.js';
import type { AgentOutcome, Verdict } from './verdict.js';

// The payloads of the bus's events (bus/events.ts maps them to event names); the store records them.

export interface VerdictEvent {
  verdictId: string;
  opportunity: Opportunity;
  verdict: Verdict;
  outcomes: AgentOutcome[];
  decidedAt: number;
  /** The open time of the newest closed bar the panel saw: a news verdict, which names no bar, is scored from it. */
  basisBarTime?: number;
  /** How long the discussion took, from taking the opportunity to the chief's verdict (metrics read it). */
  durationMs?: number;
}

export interface OrderEvent {
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
  status: OrderStatus;
  reason?: string;
  verdictId?: string;
  /** The price the order was decided at (the entry's quote, an exit's last mark), when known: slippage is measured against it. */
  refPrice?: number;
  /** Filled so far, once the broker answered: a cancelled entry that filled some (a thin book) opened a position. */
  filledQty?: number;
}

/**
 * A halt --flatten's outcome, for the operator away from the screen: 'done' once every position is closed; 'waiting'
 * once per flatten when a position cannot be sold yet (its price unreadable, its source down, or the symbol refused).
 */
export interface FlattenEvent {
  state: 'done' | 'waiting';
  /** 'waiting': each position not sold yet, with why ("BBB/USDT: connect ETIMEDOUT"). */
  waitingFor: string[];
  reason: string | null;
}

export interface PositionEvent {
  symbol: string;
  change: 'opened' | 'increased' | 'reduced' | 'closed';
  qty: number;
  avgPrice: number;
  price: number;
  realizedPnl?: number;
  reason?: string;
}

export interface RiskEvent {
  symbol: string;
  outcome: 'accepted' | 'clamped' | 'rejected';
  reason: string;
  /** The gate's rule that decided (kill_switch, daily_loss_limit, max_drawdown, ...), when one did. */
  rule?: string;
  verdictId?: string;
}

/**
 * The liquidity cap (maxVolumeShare) at work beyond the risk gate's clamps: a symbol whose bars carry no volume, so
 * its entries are not capped (said once per symbol); an exit above the cap, sold in full all the same (counted).
 */
export type LiquidityEvent =
  | { kind: 'no_volume'; symbol: string }
  | { kind: 'exit_over_cap'; symbol: string; qty: number; cap: number; meanVolume: number; reason: string };

/** The daemon is going down on a fatal error (sent before the stop, so notifiers can still tell someone). */
export interface FatalEvent {
  reason: string;
  error: string;
}

