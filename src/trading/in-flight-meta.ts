/**
 * What an order left in flight by a previous run needs to be settled like any other: its fill reason (kept in the
 * order's reason while it waits); an entry's stop, target and ATR come from its stored verdict (in-flight-reconciliation.ts).
 */
import type { OrderRow } from '../store/store.js';
import type { FillReason } from '../domain/order.js';

const FILL_REASONS: readonly FillReason[] = ['entry', 'signal', 'stop', 'target', 'trailing', 'atr', 'time', 'end', 'flatten'];

/** The reason an order in flight carries in the store: says what it waits for and why it was placed. */
export const inFlightReason = (fillReason: FillReason | undefined): string =>
  `in flight: fills at the first price after the decision${fillReason ? ` (reason: ${fillReason})` : ''}`;

export function fillReasonOf(order: Pick<OrderRow, 'purpose' | 'reason'>): FillReason {
  const stated = /\(reason: (\w+)\)/.exec(order.reason ?? '')?.[1] as FillReason | undefined;
  if (stated && FILL_REASONS.includes(stated)) return stated;
  return order.purpose === 'entry' ? 'entry' : 'signal';
}
