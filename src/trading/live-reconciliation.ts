import { OperationalError } from '../core/errors.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import type { Broker } from './broker-port.js';
import { CLIENT_ORDER_ID_PREFIX } from './client-order-id.js';
import { counted } from '../core/plural.js';

/**
 * Live only (a broker that can reconcile): the exchange's open orders and balances must match the store, or conclave
 * refuses to trade. Every difference is logged; one that cannot be explained stops the start with what to do.
 */
export async function reconcileWithExchange(deps: { store: Pick<Store, 'positions' | 'inFlightOrders'>; broker: Broker; logger: Logger }): Promise<void> {
  const { store, broker, logger } = deps;
  if (!broker.reconcile) return;
  const balances: Record<string, number> = {};
  for (const p of store.positions()) {
    const base = p.symbol.split('/')[0]!;
    balances[base] = (balances[base] ?? 0) + p.qty;
  }
  const openOrders = store.inFlightOrders().map((o) => ({ clientOrderId: o.clientOrderId, symbol: o.symbol }));
  const mismatches = await broker.reconcile({ openOrders, balances }, { clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX });
  const unexplained = mismatches.filter((m) => !m.explained);
  for (const m of mismatches) logger.warn({ mismatch: m }, `reconciliation: ${m.explanation}`);
  if (unexplained.length > 0) {
    throw new OperationalError(
      `Refusing to start live trading: ${counted(unexplained.length, 'difference')} between the store and the exchange cannot be explained: ${unexplained.map((m) => m.explanation).join('; ')}. Resolve them on the exchange (each says how), then start again.`,
    );
  }
}
