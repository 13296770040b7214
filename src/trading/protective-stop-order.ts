/**
 * The protective stop's order (exchangeStop), pure: a stop-limit sale of what a position holds, triggered at the stop
 * level the position monitor judges when it is placed (raised with the trailing stop's peak) and limited STOP_LIMIT_GAP
 * below it, resting on the exchange so the position keeps a stop while the daemon is away.
 */
import type { OrderRequest } from '../domain/order.js';
import type { PositionRow } from '../store/store.js';
import { exitLevels } from './bar-exit.js';
import { protectiveOrderId } from './client-order-id.js';
import { exitPositionOf, type ExitRules } from './exit-rules.js';

/** The purpose of its order row (the store's `orders.purpose`): status, explain and the cockpit show it so. */
export const PROTECTIVE_PURPOSE = 'protective stop';

/**
 * How far below its trigger the stop's limit lies: a stop-limit sells at the limit or better, so a fall through both
 * within one trade (a gap) leaves it unfilled, resting; the daemon's own stop then sells at market once it runs.
 */
export const STOP_LIMIT_GAP = 0.02;

/** The order row's reason while it rests; `(reason: stop)` is what a fill found at a restart is recorded as. */
export const protectiveReason = (qty: number, trigger: number, limit: number): string =>
  `protective stop resting on the exchange: sells ${qty} at ${limit} or better once the price trades at or below ${trigger} (reason: stop)`;

const TRIGGER_IN_REASON = / at or below (\d+(?:\.\d+)?(?:e[+-]?\d+)?) \(reason: stop\)$/;

/**
 * The trigger a resting protective stop was placed at: its order row's reason (what the exchange took, rounded to its
 * tick, and what a restart still has), else the request's own. Null when neither says (a row whose reason a partial
 * fill's answer replaced, after a restart): such a stop is left where it rests.
 */
export function restingTrigger(request: OrderRequest, reason: string | null | undefined): number | null {
  const written = reason ? TRIGGER_IN_REASON.exec(reason) : null;
  const trigger = written ? Number(written[1]) : request.stop?.trigger;
  return trigger !== undefined && trigger > 0 ? trigger : null;
}

/**
 * The stop order for `position` (its stop level under `rules`, or `back`: the level a resting stop had before a refused
 * move), or null when the position has no stop level.
 */
export function protectiveOrder(position: PositionRow, rules: ExitRules, now: number, back?: number): OrderRequest | null {
  const level = back ?? exitLevels(exitPositionOf(position), position, rules).stop?.level;
  if (level === undefined || !(level > 0)) return null;
  return {
    clientOrderId: protectiveOrderId(position.symbol, now, position.openedAt, back !== undefined),
    symbol: position.symbol,
    side: 'sell',
    qty: position.qty,
    stop: { trigger: level, limit: Number((level * (1 - STOP_LIMIT_GAP)).toPrecision(12)) },
  };
}
