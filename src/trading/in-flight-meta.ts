/**
 * What an order left in flight by a previous run needs to be settled like any other: its fill reason (kept in the
 * order's reason while it waits) and, for an entry, the verdict's stop, target and the risk doctor's ATR (read back
 * from the stored discussion).
 */
import type { OrderRow, Store } from '../store/store.js';
import type { FillReason } from './broker-port.js';

const FILL_REASONS: readonly FillReason[] = ['entry', 'signal', 'stop', 'target', 'trailing', 'atr', 'time', 'end'];

/** The reason an order in flight carries in the store: says what it waits for and why it was placed. */
export const inFlightReason = (fillReason: FillReason | undefined): string =>
  `in flight: fills at the first price after the decision${fillReason ? ` (reason: ${fillReason})` : ''}`;

export function fillReasonOf(order: Pick<OrderRow, 'purpose' | 'reason'>): FillReason {
  const stated = /\(reason: (\w+)\)/.exec(order.reason ?? '')?.[1] as FillReason | undefined;
  if (stated && FILL_REASONS.includes(stated)) return stated;
  return order.purpose === 'entry' ? 'entry' : 'signal';
}

export interface InFlightMeta {
  verdictId: string | null;
  purpose: 'entry' | 'exit';
  reason: string;
  fillReason: FillReason;
  stop?: number | null;
  target?: number | null;
  atr?: number | null;
}

export function inFlightMeta(store: Pick<Store, 'discussion'>, order: OrderRow): InFlightMeta {
  const purpose = order.purpose === 'entry' ? 'entry' : 'exit';
  const meta: InFlightMeta = { verdictId: order.verdictId, purpose, reason: `in flight across a restart (${order.purpose})`, fillReason: fillReasonOf(order) };
  if (purpose !== 'entry' || !order.verdictId) return meta;
  const discussion = store.discussion(order.verdictId);
  if (!discussion) return meta;
  const atrPct = discussion.outcomes.find((o) => o.role === 'riskDoctor')?.signal?.metrics?.atrPct;
  const price = discussion.opportunity.price;
  meta.stop = discussion.verdict.stop ?? null;
  meta.target = discussion.verdict.target ?? null;
  meta.atr = atrPct !== undefined && Number.isFinite(atrPct) && atrPct > 0 && price > 0 ? atrPct * price : null;
  return meta;
}
