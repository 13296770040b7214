import type { PositionRow, Store } from '../store/store.js';
import { checkLedger, equityOf, openCostOf, valuationPrice, type LedgerCheck } from './ledger.js';

export function ledgerOf(store: Pick<Store, 'account' | 'positions'>): LedgerCheck {
  const a = store.account();
  return checkLedger({ startingCash: a.startingCash, cash: a.cash, openCost: openCostOf(store.positions()), realizedPnl: a.realizedPnl, fees: a.fees });
}

/** What `conclave status --json` prints and /status serves: the account, positions, the ledger check and counts. */
export function accountSummary(store: Store, marks: Readonly<Record<string, number>> = {}) {
  const a = store.account();
  const positions = store.positions();
  // The latest price seen by the running daemon, else the last one stored with the position.
  const markOf = (p: PositionRow) => marks[p.symbol] ?? p.markPrice;
  return {
    startingCash: a.startingCash,
    cash: a.cash,
    equity: equityOf(a.cash, positions, markOf),
    realizedPnl: a.realizedPnl,
    fees: a.fees,
    peakEquity: a.peakEquity,
    positions: positions.map((p) => ({
      symbol: p.symbol,
      qty: p.qty,
      avgPrice: p.avgPrice,
      markPrice: valuationPrice(p, markOf(p)),
      unrealizedPnl: p.qty * (valuationPrice(p, markOf(p)) - p.avgPrice),
      openedAt: p.openedAt,
      stopPrice: p.stopPrice,
      targetPrice: p.targetPrice,
      peakPrice: p.peakPrice,
      trailingActive: p.trailingActive,
    })),
    inFlightOrders: store.inFlightOrders().map((o) => ({ clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, qty: o.qty, status: o.status })),
    ledger: ledgerOf(store),
    counts: store.counts(),
  };
}
