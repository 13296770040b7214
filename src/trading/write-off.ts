import { withChanges } from '../core/with-changes.js';
import type { PositionRow } from '../store/store.js';
import type { SettlementStore } from './settlement-writer.js';

export type WriteOffStore = Pick<SettlementStore, 'tx' | 'account' | 'saveAccount' | 'deletePosition' | 'recordExit' | 'insertPositionEvent'>;

/**
 * Closes `position` in the store with no order, as if sold at `price` (0: nothing came back): what it fetched enters the
 * cash, and the difference with its cost is realised, so the ledger identity still holds. One transaction.
 */
export function writeOffPosition(store: WriteOffStore, position: PositionRow, o: { price: number; reason: string; now: number }): { proceeds: number; realized: number } {
  const proceeds = position.qty * o.price;
  const realized = proceeds - position.qty * position.avgPrice;
  store.tx(() => {
    const account = store.account();
    store.deletePosition(position.symbol);
    store.recordExit(position.symbol, o.now);
    store.insertPositionEvent({ symbol: position.symbol, change: 'closed', qty: position.qty, price: o.price, realizedPnl: realized, reason: o.reason, time: o.now });
    store.saveAccount(withChanges(account, { cash: account.cash + proceeds, realizedPnl: account.realizedPnl + realized }), o.now);
  });
  return { proceeds, realized };
}
