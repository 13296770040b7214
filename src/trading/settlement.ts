/**
 * Settlement, pure: a broker's answer to an order, with what the store holds of it, in; the writes and the events that
 * record it out. The settlement writer (settlement-writer.ts) reads the inputs and makes the writes in one transaction.
 */
import type { OrderEvent, PositionEvent } from '../domain/events.js';
import type { Fill, FillReason, OrderRequest, OrderResult, OrderStatus, Side } from '../domain/order.js';
import type { AccountRow, PositionRow } from '../store/store.js';
import { newFill, type FillTotals } from './fill-delta.js';
import { withChanges } from '../core/with-changes.js';
import { applyFill } from './ledger.js';
import { orderEvent } from './order-records.js';
import { inFlightReason } from './in-flight-meta.js';

/** What settling an order later needs: why it was placed and what the position gets from its verdict. */
export interface OrderMeta {
  verdictId: string | null;
  /** `protective stop`: a stop-limit sale resting on the exchange while the position is held (protective-stops.ts). */
  purpose?: 'entry' | 'exit' | 'protective stop';
  reason?: string;
  fillReason?: FillReason;
  stop?: number | null;
  target?: number | null;
  atr?: number | null;
  /** The price the decision saw, for the slippage metric. */
  refPrice?: number | undefined;
  /**
   * An exit meant to close its position: a remainder under this quantity (the market's smallest sellable, which the
   * exchange rounded the sale down by) is closed with it (ledger.ts applyFill).
   */
  closeBelow?: number;
}

export type PositionChange = PositionEvent['change'];

/** A row of the position history (the store's `insertPositionEvent`). */
export interface PositionEventRecord {
  symbol: string;
  change: PositionChange;
  qty: number;
  price: number;
  realizedPnl?: number;
  reason?: string;
  /** The order whose fill made it; none for a remainder written off (SettlementWriter.writeOff). */
  clientOrderId?: string;
  time: number;
}

export interface SettlementInput {
  request: OrderRequest;
  result: OrderResult;
  meta: OrderMeta;
  /** The account as stored. */
  account: AccountRow;
  /** What the store already holds as filled for the order. */
  recorded: FillTotals;
  /** The fill to record (fillToRecord), or null when the answer brings nothing new. */
  fill: Fill | null;
  /** The position of the fill's symbol as stored (null when none, or when there is no fill). */
  before: PositionRow | null;
}

/** The fill's part of a settlement: its writes and the position's event. */
export interface FillSettlement {
  fill: Fill;
  /** The position after the fill, to save; null when the fill closes it (delete it and record the exit). */
  position: PositionRow | null;
  record: PositionEventRecord;
  event: PositionEvent;
  /** What a closing sale left (less than the market sells, closed with it): it stays on the exchange account. */
  swept?: number;
}

export interface Settlement {
  /** The account to save (unchanged when nothing filled). */
  account: AccountRow;
  /** Null when the answer brings no new fill. */
  filled: FillSettlement | null;
  /** The order's new state, through the order state machine. */
  order: { status: OrderStatus; filledQty: number; reason: string | null };
  orderEvent: OrderEvent;
}

/**
 * The one fill to record for a broker's answer (broker answers are cumulative: only the part not yet recorded), with
 * the reason its order was placed; null when the answer brings nothing new, so a repeated answer changes nothing.
 */
export function fillToRecord(result: OrderResult, recorded: FillTotals, meta: OrderMeta): Fill | null {
  const fill = newFill(result, recorded);
  // newFill made it: setting its reason changes nothing the caller holds.
  if (fill && meta.fillReason) fill.reason = meta.fillReason;
  return fill;
}

export function settlement(input: SettlementInput): Settlement {
  const { request, result, meta, fill, before } = input;
  const filledQty = input.recorded.qty + (fill?.qty ?? 0);
  let account = input.account;
  let filled: FillSettlement | null = null;
  if (fill) {
    const applied = applyFill(account, before ? { symbol: before.symbol, qty: before.qty, avgPrice: before.avgPrice } : null, fill, meta.closeBelow);
    account = withChanges(account, applied.account);
    const change = positionChange(fill.side, before, applied.position);
    // A new position's stop and target keep their distance from the price the decision saw, measured from the fill: an
    // open that gaps below the stop must not leave the entry under its own stop (sold at once, paying costs for nothing).
    const opening = !before && fill.side === 'buy' && meta.refPrice !== undefined && meta.refPrice > 0;
    const fromFill = (level: number | null | undefined): number | null | undefined => (opening && typeof level === 'number' ? level * (fill.price / meta.refPrice!) : level);
    const position: PositionRow | null = applied.position
      ? {
          symbol: fill.symbol,
          qty: applied.position.qty,
          avgPrice: applied.position.avgPrice,
          openedAt: before?.openedAt ?? fill.time,
          stopPrice: before?.stopPrice ?? fromFill(meta.stop) ?? null,
          targetPrice: before?.targetPrice ?? fromFill(meta.target) ?? null,
          atr: before?.atr ?? meta.atr ?? null,
          peakPrice: Math.max(before?.peakPrice ?? fill.price, fill.price),
          trailingActive: before?.trailingActive ?? false,
          markPrice: fill.price,
        }
      : null;
    const sold = fill.side === 'sell';
    filled = {
      fill,
      position,
      ...(applied.swept ? { swept: applied.swept } : {}),
      record: {
        symbol: fill.symbol,
        change,
        qty: fill.qty,
        price: fill.price,
        ...(sold ? { realizedPnl: applied.realized } : {}),
        ...(meta.reason ? { reason: meta.reason } : {}),
        clientOrderId: fill.clientOrderId,
        time: fill.time,
      },
      event: {
        symbol: fill.symbol,
        change,
        qty: applied.position?.qty ?? 0,
        avgPrice: applied.position?.avgPrice ?? before?.avgPrice ?? fill.price,
        price: fill.price,
        ...(sold ? { realizedPnl: applied.realized } : {}),
        ...(meta.reason ? { reason: meta.reason } : {}),
      },
    };
  }
  return {
    account,
    filled,
    // An order accepted and waiting for its price says so, and why it was placed (read back after a restart).
    order: { status: result.status, filledQty, reason: result.reason ?? (result.status === 'submitted' ? inFlightReason(meta.fillReason) : null) },
    orderEvent: Object.assign(orderEvent(request, result.status, meta.verdictId, result.reason), { filledQty }),
  };
}

export function positionChange(side: Side, before: PositionRow | null, after: { qty: number } | null): PositionChange {
  if (side === 'buy') return before ? 'increased' : 'opened';
  return after ? 'reduced' : 'closed';
}
