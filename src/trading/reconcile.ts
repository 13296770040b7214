/**
 * Start-up reconciliation, pure: compares what the store expects with what the exchange reports and explains every
 * difference it can. The caller refuses to start while any mismatch is unexplained.
 */
import type { OrderResult } from '../domain/order.js';
import { isTerminal } from './order-state.js';

export interface ExpectedState {
  /** Orders the store holds as in flight (new, submitted, partially filled, unknown). */
  openOrders: { clientOrderId: string; symbol: string }[];
  /** Asset → total quantity the store expects the account to hold (e.g. { USDT: 812.5, BTC: 0.01 }). */
  balances: Record<string, number>;
}

export interface ExchangeSnapshot {
  openOrders: { clientOrderId: string; symbol: string }[];
  /** Asset → total (free + locked). */
  balances: Record<string, number>;
  /** What a look-up by client order id found for each expected order that is not open; null: never seen. */
  lookups: Record<string, OrderResult | null>;
}

export type MismatchKind = 'order_not_open' | 'unexpected_open_order' | 'balance_mismatch';

export interface Mismatch {
  kind: MismatchKind;
  explained: boolean;
  explanation: string;
  clientOrderId?: string;
  symbol?: string;
  asset?: string;
  expected?: number;
  actual?: number;
  /** For an expected order that is no longer open: what the exchange says happened (apply it), or null (never placed). */
  result?: OrderResult | null;
}

export interface ReconcileOptions {
  /** Relative tolerance on balances (fees paid in the base asset, rounding). Default 0.001. */
  balanceTolerance?: number;
  /** Orders whose client id starts with this prefix are ours; others are foreign (placed by hand or another bot). */
  clientOrderIdPrefix?: string;
  /** Treat foreign open orders as explained (the account is shared on purpose). Default false. */
  allowForeignOrders?: boolean;
}

export function compareWithExchange(expected: ExpectedState, actual: ExchangeSnapshot, options: ReconcileOptions = {}): Mismatch[] {
  const mismatches: Mismatch[] = [];
  const openIds = new Set(actual.openOrders.map((o) => o.clientOrderId));
  const expectedIds = new Set(expected.openOrders.map((o) => o.clientOrderId));

  for (const order of expected.openOrders) {
    if (openIds.has(order.clientOrderId)) continue;
    const found = actual.lookups[order.clientOrderId];
    const [explained, explanation] =
      found === undefined
        ? [false, `order ${order.clientOrderId} is not open and was not looked up`]
        : found === null
          ? [true, `order ${order.clientOrderId} never reached the exchange: record it as rejected`]
          : isTerminal(found.status)
            ? [true, `order ${order.clientOrderId} ended as ${found.status} while the daemon was down: record its result`]
            : [false, `order ${order.clientOrderId} is ${found.status} by look-up but not among open orders: check it on the exchange`];
    mismatches.push({ kind: 'order_not_open', clientOrderId: order.clientOrderId, symbol: order.symbol, result: found ?? null, explained, explanation });
  }

  for (const order of actual.openOrders) {
    if (expectedIds.has(order.clientOrderId)) continue;
    const ours = options.clientOrderIdPrefix !== undefined && order.clientOrderId.startsWith(options.clientOrderIdPrefix);
    const foreignAllowed = !ours && options.clientOrderIdPrefix !== undefined && options.allowForeignOrders === true;
    mismatches.push({
      kind: 'unexpected_open_order',
      clientOrderId: order.clientOrderId,
      symbol: order.symbol,
      explained: foreignAllowed,
      explanation: foreignAllowed
        ? `foreign open order ${order.clientOrderId} on ${order.symbol} (allowed by configuration)`
        : `open order ${order.clientOrderId} on ${order.symbol} is not in the store: cancel it on the exchange or investigate before starting`,
    });
  }

  const tolerance = options.balanceTolerance ?? 0.001;
  for (const [asset, want] of Object.entries(expected.balances)) {
    const have = actual.balances[asset] ?? 0;
    const scale = Math.max(Math.abs(want), Math.abs(have));
    if (Math.abs(have - want) <= tolerance * scale + 1e-12) continue;
    // More than the positions hold is coins of the account's own (held before conclave, or deposited): conclave sells
    // only what it bought, so they are left alone. Less means its positions are not all there: its exits would fail.
    const more = have > want;
    mismatches.push({
      kind: 'balance_mismatch',
      asset,
      expected: want,
      actual: have,
      explained: more,
      explanation: more
        ? want === 0
          ? `${asset}: the exchange holds ${have}, and this store, which has never traded, holds none of it: taken as held outside conclave, which never sells it. If a conclave store elsewhere bought it (another CONCLAVE_DATA_DIR, a store moved away), that store's positions have no stop while this daemon runs: stop it and start on that store's data dir`
          : `${asset}: the exchange holds ${have}, ${have - want} more than the store's positions (${want}); the rest is taken as held outside conclave, which never sells it`
        : `${asset}: the store expects ${want}, the exchange holds ${have} (short by ${want - have}): sold or withdrawn outside conclave? Its exits would sell what is not there. Bring the balance back to ${want} before starting; if those coins are gone for good (delisted, converted), close their positions in the store: \`conclave write-off SYMBOL --reason TEXT\` (\`--price\` what each fetched, if anything)`,
    });
  }
  return mismatches;
}
