import type { Clock } from '../core/clock.js';
import { TurnBudget } from '../core/turn-budget.js';
import type { MarketData } from '../market/market-port.js';
import type { Store } from '../store/store.js';
import type { PaperBroker } from './paper-broker.js';
import type { AccountFunds } from './free-cash.js';
import type { Trader } from './trader.js';

/**
 * The paper broker's part of a position check: fills its orders in flight at the first price after their decision
 * (or cancels those that waited too long), a buy for at most what the account's cash (`funds`) pays, and has the
 * trader settle each answer: fill, position, cash, order status and their events, in one transaction as for any fill.
 */
export function paperFills(
  broker: PaperBroker,
  trader: Pick<Trader, 'settlePending'>,
  clock: Pick<Clock, 'live'>,
  funds: AccountFunds,
): (market: MarketData, signal: AbortSignal) => Promise<void> {
  return async (market, signal) => {
    const budget = new TurnBudget(clock);
    for (const answer of await broker.poll(market, signal, funds)) {
      await budget.spend();
      await trader.settlePending(answer.clientOrderId, answer.result);
    }
  };
}

/** At start: the paper orders a previous run left in flight wait again for their price (they were decided at `createdAt`). */
export function adoptPaperOrders(broker: PaperBroker, store: Pick<Store, 'inFlightOrders'>, staleEntryMs?: number): number {
  return broker.adopt(
    store.inFlightOrders().map((o) => ({ request: { clientOrderId: o.clientOrderId, symbol: o.symbol, side: o.side, qty: o.qty }, decidedAt: o.createdAt })),
    staleEntryMs,
  );
}

/** A position check's settling of orders in flight: the paper broker's fills (if any), then the orders of unknown outcome. */
export function settleInFlight(
  paper: ((market: MarketData, signal: AbortSignal) => Promise<void>) | undefined,
  trader: Pick<Trader, 'resolveUnknown' | 'protectPositions'>,
): (market: MarketData, signal: AbortSignal) => Promise<void> {
  return async (market, signal) => {
    await paper?.(market, signal);
    await trader.resolveUnknown(signal);
    // exchangeStop: a position left without its protective stop (a placement refused, one the exchange ended) gets it.
    await trader.protectPositions();
  };
}
