import type { AgentOutcome, Verdict } from '../agents/agent-port.js';
import type { BreakerChange } from '../core/circuit-breaker.js';
import type { Opportunity } from '../scanners/opportunity.js';
import type { Fill, OrderStatus, Side } from '../trading/broker-port.js';

export interface VerdictEvent {
  verdictId: string;
  opportunity: Opportunity;
  verdict: Verdict;
  outcomes: AgentOutcome[];
  decidedAt: number;
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

/** A source's circuit breaker changed state (opened after repeated failures, or closed again after a good probe). */
export type BreakerEvent = BreakerChange;

/** The daemon is going down on a fatal error (sent before the stop, so notifiers can still tell someone). */
export interface FatalEvent {
  reason: string;
  error: string;
}

/** Every event on the bus, by name. The WebSocket broadcasts them in the {type, ts, data} envelope. */
export interface EventMap {
  opportunity: Opportunity;
  'opportunity.dropped': { opportunity: Opportunity; reason: string };
  verdict: VerdictEvent;
  risk: RiskEvent;
  order: OrderEvent;
  fill: Fill;
  position: PositionEvent;
  health: Record<string, unknown>;
  'source.breaker': BreakerEvent;
  fatal: FatalEvent;
}

export type EventName = keyof EventMap;
