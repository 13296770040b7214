import type { BreakerChange } from '../core/circuit-breaker.js';
import type { FatalEvent, FlattenEvent, LiquidityEvent, OrderEvent, PositionEvent, RiskEvent, VerdictEvent } from '../domain/events.js';
import type { Opportunity } from '../domain/opportunity.js';
import type { Fill } from '../domain/order.js';

/** A source's circuit breaker changed state (opened after repeated failures, or closed again after a good probe). */
export type BreakerEvent = BreakerChange;

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
  /** A halt --flatten finished, or waits for a position it cannot sell yet (notified; not broadcast). */
  flatten: FlattenEvent;
  /** The liquidity cap: a symbol without volume (entries uncapped), an exit above the cap (counted; not broadcast). */
  liquidity: LiquidityEvent;
  /** The periodic check found the running store damaged: SQLite's findings (notified at once; not broadcast). */
  'store.damaged': { file: string; damage: string };
}

export type EventName = keyof EventMap;
