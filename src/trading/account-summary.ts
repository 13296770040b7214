import type { Store } from '../store/store.js';
import { checkLedger, equityOf, openCostOf, type LedgerCheck } from './ledger.js';

export function ledgerOf(store: Store): LedgerCheck {
  const a = store.account();
  return checkLedger({ startingCash: a.startingCash, cash: a.cash, openCost: openCostOf(store.positions()), realizedPnl: a.realizedPnl, fees: a.fees });
}

/** What `conclave status --json` prints and /status serves: the account, positions, the ledger check and counts. */
export function accountSummary(store: Store, marks: Readonly<Record<string, number>> = {}) {
  const a = store.account();
  const positions = store.positions();
  const prices: Record<string, number> = {};
  for (const p of positions) if (p.markPrice !== null) prices[p.symbol] = p.markPrice;
  Object.assign(prices, marks);
  return {
    startingCash: a.startingCash,
    cash: a.cash,
    equity: equityOf(a.cash, positions, prices),
    realizedPnl: a.realizedPnl,
    fees: a.fees,
    peakEquity: a.peakEquity,
    positions: positions.map((p) => ({
      symbol: p.symbol,
      qty: p.qty,
      avgPrice: p.avgPrice,
      markPrice: prices[p.symbol] ?? p.avgPrice,
      unrealizedPnl: p.qty * ((prices[p.symbol] ?? p.avgPrice) - p.avgPrice),
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
