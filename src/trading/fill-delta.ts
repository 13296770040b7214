/**
 * Broker results list every fill of an order so far (cumulative), and a look-up after a lost answer may report the
 * same fills again, or as one aggregate. Recording the increase over what the store already holds, by totals, makes
 * recording idempotent whatever the shape: the same result applied twice records nothing the second time.
 */
import { InvariantError } from '../core/errors.js';
import type { Fill, OrderResult } from '../domain/order.js';

export interface FillTotals {
  /** Σ qty. */
  qty: number;
  /** Σ qty × price. */
  cost: number;
  /** Σ fee. */
  fee: number;
}

export const NO_FILLS: Readonly<FillTotals> = Object.freeze({ qty: 0, cost: 0, fee: 0 });

export function totalsOf(fills: readonly Fill[]): FillTotals {
  return fills.reduce((t, f) => ({ qty: t.qty + f.qty, cost: t.cost + f.qty * f.price, fee: t.fee + f.fee }), { ...NO_FILLS });
}

/**
 * The one fill to record for `result` given the totals already recorded for its order, or null when nothing is new.
 * Its price is the average of the new part (Δcost ÷ Δqty), its fee the new fees. Throws an InvariantError when the
 * broker reports less than was recorded: fills never disappear, so that means a corrupt store or a mixed-up order.
 */
export function newFill(result: OrderResult, recorded: FillTotals): Fill | null {
  const last = result.fills[result.fills.length - 1];
  if (!last) return null;
  const total = totalsOf(result.fills);
  const qty = total.qty - recorded.qty;
  // Float noise from summing in a different order must not become a phantom fill.
  const epsilon = 1e-9 * Math.max(total.qty, recorded.qty);
  if (qty < -epsilon) {
    throw new InvariantError(
      `order ${last.clientOrderId}: the broker reports ${total.qty} filled but ${recorded.qty} is recorded; check the store against the exchange`,
    );
  }
  if (qty <= epsilon) return null;
  return {
    id: `${last.clientOrderId}:upto:${total.qty}`,
    clientOrderId: last.clientOrderId,
    symbol: last.symbol,
    side: last.side,
    qty,
    price: (total.cost - recorded.cost) / qty,
    fee: Math.max(0, total.fee - recorded.fee),
    time: last.time,
    ...(last.feeCurrency ? { feeCurrency: last.feeCurrency } : {}),
    ...(result.fills.some((f) => f.feeUnknown) ? { feeUnknown: true as const } : {}),
  };
}
