import { InvariantError } from '../core/errors.js';
import type { OrderRequest } from '../domain/order.js';

/** Why a request cannot be sent, or null when it is well formed. Brokers answer `rejected` with this reason. */
export function invalidOrderReason(order: OrderRequest): string | null {
  if (typeof order.clientOrderId !== 'string' || order.clientOrderId.trim() === '') return 'clientOrderId must be a non-empty string';
  if (typeof order.symbol !== 'string' || order.symbol.trim() === '') return 'symbol must be a non-empty string';
  if (order.side !== 'buy' && order.side !== 'sell') return `side must be buy or sell (got ${JSON.stringify(order.side)})`;
  if (typeof order.qty !== 'number' || !Number.isFinite(order.qty) || order.qty <= 0) {
    return `qty must be a positive finite number (got ${order.qty})`;
  }
  return null;
}

/**
 * A known client order id sent again must describe the same order; reusing it for another is a bug upstream, and
 * filling either would corrupt the books. Returns the error to reject with, or null when it is the same order.
 */
export function reusedIdError(known: OrderRequest, order: OrderRequest): InvariantError | null {
  if (known.symbol === order.symbol && known.side === order.side && known.qty === order.qty) return null;
  return new InvariantError(
    `client order id ${order.clientOrderId} was already used for ${known.side} ${known.qty} ${known.symbol}; now ${order.side} ${order.qty} ${order.symbol}`,
  );
}
