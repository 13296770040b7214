import type { AgentOutcome, Verdict } from '../agents/agent-port.js';
import type { Opportunity } from '../scanners/opportunity.js';
import type { Fill, OrderStatus, Side } from '../trading/broker-port.js';

export interface VerdictEvent {
  verdictId: string;
  opportunity: Opportunity;
  verdict: Verdict;
  outcomes: AgentOutcome[];
  decidedAt: number;
}

export interface OrderEvent {
  clientOrderId: string;
  symbol: string;
  side: Side;
  qty: number;
  status: OrderStatus;
  reason?: string;
  verdictId?: string;
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
  verdictId?: string;
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
}

export type EventName = keyof EventMap;
