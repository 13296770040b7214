import { describe, expect, it } from 'vitest';
import type { Fill, OrderRequest, OrderResult } from '../../src/domain/order.js';
import type { AccountRow, PositionRow } from '../../src/store/store.js';
import { NO_FILLS } from '../../src/trading/fill-delta.js';
import { fillToRecord, settlement, type OrderMeta } from '../../src/trading/settlement.js';

const T = Date.UTC(2026, 0, 5);
const ACCOUNT: AccountRow = { startingCash: 10_000, cash: 10_000, realizedPnl: 0, fees: 0, peakEquity: 10_000, dayStartEquity: 10_000, day: '2026-01-05' };
const BUY: OrderRequest = { clientOrderId: 'co-v1', symbol: 'AAA/USDT', side: 'buy', qty: 10 };
const SELL: OrderRequest = { clientOrderId: 'co-x-1', symbol: 'AAA/USDT', side: 'sell', qty: 10 };
const ENTRY: OrderMeta = { verdictId: 'v1', purpose: 'entry', fillReason: 'entry', stop: 95, target: 110, atr: 2, refPrice: 100 };

const fillOf = (request: OrderRequest, qty: number, price: number, fee = 1, time = T): Fill => ({
  clientOrderId: request.clientOrderId, symbol: request.symbol, side: request.side, qty, price, fee, time,
});
const held = (changes: Partial<PositionRow> = {}): PositionRow => ({
  symbol: 'AAA/USDT', qty: 10, avgPrice: 100, openedAt: T - 1000, stopPrice: 90, targetPrice: 120, atr: 3, peakPrice: 105, trailingActive: true, markPrice: 104, ...changes,
});

/** Settles `result` as the writer does: the fill to record from what is recorded, then the settlement. */
function settle(request: OrderRequest, result: OrderResult, meta: OrderMeta, before: PositionRow | null, recorded = NO_FILLS, account = ACCOUNT) {
  const fill = fillToRecord(result, recorded, meta);
  return settlement({ request, result, meta, account, recorded, fill, before: fill ? before : null });
}

describe('settlement', () => {
  it('opens a position from an entry’s fill, with the verdict’s stop, target and ATR, and moves the cash', () => {
    const s = settle(BUY, { status: 'filled', fills: [fillOf(BUY, 10, 100)] }, ENTRY, null);
    expect(s.account).toMatchObject({ cash: 10_000 - 1000 - 1, fees: 1, realizedPnl: 0, peakEquity: 10_000, day: '2026-01-05' });
    expect(s.filled?.fill).toMatchObject({ qty: 10, price: 100, reason: 'entry' });
    expect(s.filled?.position).toEqual({
      symbol: 'AAA/USDT', qty: 10, avgPrice: 100, openedAt: T, stopPrice: 95, targetPrice: 110, atr: 2, peakPrice: 100, trailingActive: false, markPrice: 100,
    });
    expect(s.filled?.record).toEqual({ symbol: 'AAA/USDT', change: 'opened', qty: 10, price: 100, clientOrderId: 'co-v1', time: T });
    expect(s.filled?.event).toEqual({ symbol: 'AAA/USDT', change: 'opened', qty: 10, avgPrice: 100, price: 100 });
    expect(s.order).toEqual({ status: 'filled', filledQty: 10, reason: null });
    expect(s.orderEvent).toEqual({ clientOrderId: 'co-v1', symbol: 'AAA/USDT', side: 'buy', qty: 10, status: 'filled', filledQty: 10, verdictId: 'v1' });
  });

  it('keeps a new position’s stop and target at their distance from the decision’s price, measured from the fill', () => {
    // The decision saw 100 (stop 5 % below, target 10 % above); the open gapped down to 90, below the stop level.
    const gap = settle(BUY, { status: 'filled', fills: [fillOf(BUY, 10, 90)] }, ENTRY, null);
    expect(gap.filled?.position?.stopPrice).toBeCloseTo(85.5, 9);
    expect(gap.filled?.position?.targetPrice).toBeCloseTo(99, 9);
    const up = settle(BUY, { status: 'filled', fills: [fillOf(BUY, 10, 102)] }, ENTRY, null);
    expect(up.filled?.position?.stopPrice).toBeCloseTo(96.9, 9);
    // With no price of the decision (an order left in flight by an earlier run), the levels stay as the verdict set them.
    const unknown = settle(BUY, { status: 'filled', fills: [fillOf(BUY, 10, 90)] }, Object.assign({}, ENTRY, { refPrice: undefined }), null);
    expect(unknown.filled?.position).toMatchObject({ stopPrice: 95, targetPrice: 110 });
  });

  it('adds to a position without touching its opening time, exit levels or trailing state', () => {
    const s = settle(BUY, { status: 'filled', fills: [fillOf(BUY, 10, 110)] }, ENTRY, held());
    expect(s.filled?.position).toEqual({
      symbol: 'AAA/USDT', qty: 20, avgPrice: 105, openedAt: T - 1000, stopPrice: 90, targetPrice: 120, atr: 3, peakPrice: 110, trailingActive: true, markPrice: 110,
    });
    expect(s.filled?.record.change).toBe('increased');
  });

  it('reduces a position on a partial sale and realises its profit, gross of fees', () => {
    const meta: OrderMeta = { verdictId: null, purpose: 'exit', reason: 'take_profit', fillReason: 'target' };
    const s = settle(SELL, { status: 'partially_filled', fills: [fillOf(SELL, 4, 120)] }, meta, held());
    expect(s.account).toMatchObject({ cash: 10_000 + 480 - 1, realizedPnl: 80, fees: 1 });
    expect(s.filled?.position).toMatchObject({ qty: 6, avgPrice: 100, peakPrice: 120, trailingActive: true });
    expect(s.filled?.record).toMatchObject({ change: 'reduced', realizedPnl: 80, reason: 'take_profit' });
    expect(s.filled?.event).toEqual({ symbol: 'AAA/USDT', change: 'reduced', qty: 6, avgPrice: 100, price: 120, realizedPnl: 80, reason: 'take_profit' });
    expect(s.order).toEqual({ status: 'partially_filled', filledQty: 4, reason: null });
    expect(s.orderEvent.verdictId).toBeUndefined();
  });

  it('closes a position sold in full: no position to save, the event keeps the average price', () => {
    const meta: OrderMeta = { verdictId: 'v2', purpose: 'exit', reason: 'chief SELL (v2)', fillReason: 'signal' };
    const s = settle(SELL, { status: 'filled', fills: [fillOf(SELL, 10, 90, 0)] }, meta, held());
    expect(s.filled?.position).toBeNull();
    expect(s.filled?.event).toMatchObject({ change: 'closed', qty: 0, avgPrice: 100, realizedPnl: -100 });
    expect(s.account.realizedPnl).toBe(-100);
  });

  it('records only what is new in a cumulative answer, and nothing from the same answer twice', () => {
    const fills = [fillOf(BUY, 4, 100, 0.4), fillOf(BUY, 6, 105, 0.6)];
    const recorded = { qty: 4, cost: 400, fee: 0.4 };
    const rest = settle(BUY, { status: 'filled', fills }, ENTRY, held({ qty: 4 }), recorded);
    expect(rest.filled?.fill).toMatchObject({ qty: 6, price: 105, fee: 0.6 });
    expect(rest.order.filledQty).toBe(10);
    const again = settle(BUY, { status: 'filled', fills }, ENTRY, held(), { qty: 10, cost: 1030, fee: 1 });
    expect(again.filled).toBeNull();
    expect(again.account).toBe(ACCOUNT);
    expect(again.order).toEqual({ status: 'filled', filledQty: 10, reason: null });
  });

  it('settles an answer without fills as a status change alone, with its reason', () => {
    const s = settle(BUY, { status: 'rejected', fills: [], reason: 'insufficient balance' }, ENTRY, null);
    expect(s.filled).toBeNull();
    expect(s.order).toEqual({ status: 'rejected', filledQty: 0, reason: 'insufficient balance' });
    expect(s.orderEvent).toMatchObject({ status: 'rejected', reason: 'insufficient balance' });
  });

  it('tags a fill with why its order was placed, when known', () => {
    const result: OrderResult = { status: 'filled', fills: [fillOf(BUY, 1, 100)] };
    expect(fillToRecord(result, NO_FILLS, ENTRY)?.reason).toBe('entry');
    expect(fillToRecord(result, NO_FILLS, { verdictId: null })?.reason).toBeUndefined();
    expect(result.fills[0]!.reason).toBeUndefined();
  });

  it('refuses a sale of more than is held (a bug or a corrupt store)', () => {
    expect(() => settle(SELL, { status: 'filled', fills: [fillOf(SELL, 20, 100)] }, { verdictId: null }, held())).toThrow(/exceeds the 10 held/);
  });
});
