import type { AccountRepository, PositionRow } from '../store/account-repository.js';
import type { OrderRepository } from '../store/order-repository.js';
import type { RowCounts } from '../store/row-counts.js';
import { checkLedger, equityOf, openCostOf, valuationPrice, type LedgerCheck } from './ledger.js';
import { exitLevels } from './bar-exit.js';
import { exitPositionOf, type ExitRules } from './exit-rules.js';
import { PROTECTIVE_PURPOSE } from './protective-stop-order.js';

/** What the ledger check reads: the account and the open positions. */
export type LedgerSource = Pick<AccountRepository, 'account' | 'positions'>;

/** What the account summary reads: the ledger's sources, the orders in flight and the audit trail's row counts. */
export type SummarySource = LedgerSource & Pick<OrderRepository, 'inFlightOrders'> & { counts(): RowCounts };

export function ledgerOf(store: LedgerSource): LedgerCheck {
  const a = store.account();
  return checkLedger({ startingCash: a.startingCash, cash: a.cash, openCost: openCostOf(store.positions()), realizedPnl: a.realizedPnl, fees: a.fees });
}

/**
 * What `conclave status --json` prints and /status serves: the account, positions, the ledger check and counts. Each
 * position's `stopLevel` and `targetLevel` are what the position monitor judges the next bar against (its own stop, or
 * the configured stop loss, ATR or trailing stop, whichever is highest); `stopPrice`/`targetPrice` are its own only.
 */
export function accountSummary(store: SummarySource, rules: ExitRules, marks: Readonly<Record<string, number>> = {}) {
  const a = store.account();
  const positions = store.positions();
  // The latest price seen by the running daemon, else the last one stored with the position.
  const markOf = (p: PositionRow) => marks[p.symbol] ?? p.markPrice;
  const inFlight = store.inFlightOrders();
  // exchangeStop: the stop-limit sale resting on the exchange for each position, as the store knows it (null: none).
  const protectiveOf = (symbol: string) => inFlight.find((o) => o.symbol === symbol && o.purpose === PROTECTIVE_PURPOSE) ?? null;
  return {
    startingCash: a.startingCash,
    cash: a.cash,
    equity: equityOf(a.cash, positions, markOf),
    realizedPnl: a.realizedPnl,
    fees: a.fees,
    peakEquity: a.peakEquity,
    positions: positions.map((p) => {
      // Armed as the next check arms it (exitLevels): a peak a run without the trailing stop stored reaches its activation now.
      const levels = exitLevels(exitPositionOf(p), p, rules);
      return {
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
        stopLevel: levels.stop?.level ?? null,
        stopRule: levels.stop?.reason ?? null,
        targetLevel: levels.target,
        protectiveStop: ((o) => (o ? { clientOrderId: o.clientOrderId, qty: o.qty, status: o.status } : null))(protectiveOf(p.symbol)),
      };
    }),
    inFlightOrders: inFlight.map((o) => ({ clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, qty: o.qty, status: o.status, purpose: o.purpose })),
    ledger: ledgerOf(store),
    counts: store.counts(),
  };
}
