import type { Clock } from '../core/clock.js';
import { OperationalError, TransientError, errorMessage } from '../core/errors.js';
import type { Mismatch } from './reconcile.js';
import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import type { Broker } from './broker-port.js';
import { CLIENT_ORDER_ID_PREFIX } from './client-order-id.js';
import { counted } from '../core/plural.js';

/**
 * Live only (a broker that can reconcile): the exchange's open orders and balances must match the store, or conclave
 * refuses to trade. Every difference is logged; one that cannot be explained stops the start with what to do.
 */
export async function reconcileWithExchange(deps: {
  store: Pick<Store, 'positions' | 'inFlightOrders' | 'counts'>;
  broker: Broker;
  logger: Logger;
  /** The symbols traded: a new account's start says what the exchange holds of them (another store's positions?). */
  universe?: readonly string[];
  /** With a clock, an exchange that cannot be reached is asked again for up to START_WAIT_MS (askExchange). */
  clock?: Clock;
  /** Aborted when the daemon stops: the wait ends and nothing is reconciled. */
  stopping?: AbortSignal;
}): Promise<void> {
  const { store, broker, logger } = deps;
  if (!broker.reconcile) return;
  const balances: Record<string, number> = {};
  for (const p of store.positions()) {
    const base = p.symbol.split('/')[0]!;
    balances[base] = (balances[base] ?? 0) + p.qty;
  }
  // A store that has never traded, on an account that holds coins it trades: the positions of another store (the data
  // dir changed, the store moved away) would be left without a stop, nothing said. Compared as expected 0, so said.
  if (store.counts().fills === 0) for (const symbol of deps.universe ?? []) balances[symbol.split('/')[0]!] ??= 0;
  const openOrders = store.inFlightOrders().map((o) => ({ clientOrderId: o.clientOrderId, symbol: o.symbol }));
  const mismatches = await askExchange(deps, () => broker.reconcile!({ openOrders, balances }, { clientOrderIdPrefix: CLIENT_ORDER_ID_PREFIX }));
  if (!mismatches) return;
  // Asked once the reconciliation has read the markets (and with them the exchange's time, which signs the question).
  await broker.checkKey?.();
  const unexplained = mismatches.filter((m) => !m.explained);
  for (const m of mismatches) logger.warn({ mismatch: m }, `reconciliation: ${m.explanation}`);
  if (unexplained.length > 0) {
    throw new OperationalError(
      `Refusing to start live trading: ${counted(unexplained.length, 'difference')} between the store and the exchange cannot be explained: ${unexplained.map((m) => m.explanation).join('; ')}. Resolve them on the exchange (each says how), then start again.`,
    );
  }
}

/**
 * How long a start waits for an exchange it cannot reach, well inside systemd's 90 s start timeout. Failing at once, a
 * start during the exchange's maintenance was retried by the service manager every 5 s and reached the unit's start
 * limit (10 in 5 minutes) within a minute: the daemon stayed down when the exchange came back. Failed starts that take
 * this long never reach it, so the service manager goes on starting it until the exchange answers.
 */
export const START_WAIT_MS = 45_000;

/** The exchange's answer, asked again after 5, 10, 20 s while it cannot be reached; null when the daemon stops meanwhile. */
async function askExchange(deps: { logger: Logger; clock?: Clock; stopping?: AbortSignal }, ask: () => Promise<Mismatch[]>): Promise<Mismatch[] | null> {
  const { logger, clock, stopping } = deps;
  const started = clock?.now() ?? 0;
  for (let waitMs = 5_000; ; waitMs *= 2) {
    try {
      return await ask();
    } catch (error) {
      if (!(error instanceof TransientError) || !clock || clock.now() - started + waitMs > START_WAIT_MS) throw error;
      logger.warn(
        { err: errorMessage(error), retryInMs: waitMs },
        `start-up: cannot reach the exchange to reconcile with it (maintenance, an outage?): asking again in ${waitMs / 1000} s, for up to ${START_WAIT_MS / 1000} s in all; then the start fails, and the service manager starts it again`,
      );
      try {
        await clock.sleep(waitMs, stopping);
      } catch {
        return null; // stopping
      }
    }
  }
}
