/**
 * The ledger identity and the one function that moves money, so the identity holds by construction.
 *
 * Conventions:
 * - `realizedPnl` is GROSS of fees: for each sale, proceeds (qty × price) minus the average cost of the quantity sold.
 *   Fees are accumulated separately in `fees` (buy and sell fees alike) and never enter `avgPrice`.
 * - `openCost` is Σ qty × avgPrice over open positions (average-cost method, fees excluded).
 * - Identity, at every instant: cash + openCost = startingCash + realizedPnl − fees.
 */
import { InvariantError } from '../core/errors.js';
import type { Fill } from '../domain/order.js';
import { withChanges } from '../core/with-changes.js';

export interface LedgerInput {
  startingCash: number;
  cash: number;
  /** Σ qty × avgPrice of open positions, fees excluded. */
  openCost: number;
  /** Gross of fees. */
  realizedPnl: number;
  fees: number;
}

export interface LedgerCheck {
  ok: boolean;
  /** (cash + openCost) − (startingCash + realizedPnl − fees): positive means money appeared, negative that it vanished. */
  diff: number;
}

/**
 * Checks the identity. `tolerance` is relative to the account's size (never less than one currency unit's worth),
 * because float error grows with the magnitudes summed, not with their count alone.
 */
export function checkLedger(input: LedgerInput, tolerance = 1e-6): LedgerCheck {
  const diff = input.cash + input.openCost - (input.startingCash + input.realizedPnl - input.fees);
  const scale = Math.max(1, Math.abs(input.startingCash), Math.abs(input.cash), Math.abs(input.openCost));
  const ok = Number.isFinite(diff) && Math.abs(diff) <= tolerance * scale;
  return { ok, diff };
}

export interface LedgerAccount {
  /** Cash the account started with (or was funded with); never changes with trading. */
  startingCash: number;
  cash: number;
  realizedPnl: number;
  fees: number;
}

export interface LedgerPosition {
  symbol: string;
  qty: number;
  avgPrice: number;
}

export interface AppliedFill {
  account: LedgerAccount;
  /** Null once the position is closed. */
  position: LedgerPosition | null;
  /** Realized PnL of this fill (gross of fees); 0 for a buy. */
  realized: number;
  /** What a sale left under the market's smallest sale and closed with the position (`sweepBelow`). */
  swept?: number;
}

/** A sale within this fraction of the held quantity closes the position, so float dust never lingers as a position. */
const DUST = 1e-9;

/** Checks an account and its open positions, as stored. */
export function checkAccount(account: LedgerAccount, positions: readonly { qty: number; avgPrice: number }[], tolerance?: number): LedgerCheck {
  return checkLedger(withChanges(account, { openCost: openCostOf(positions) }), tolerance);
}

export function openCostOf(positions: readonly { qty: number; avgPrice: number }[]): number {
  return positions.reduce((sum, p) => sum + p.qty * p.avgPrice, 0);
}

/** The price an open position is valued at: `mark` when it is a valid price, else the position's average cost. */
export function valuationPrice(position: LedgerPosition, mark: number | null | undefined): number {
  return mark !== undefined && mark !== null && Number.isFinite(mark) && mark > 0 ? mark : position.avgPrice;
}

/** Cash plus open positions, each valued at `markOf(position)` (see valuationPrice). */
export function equityOf<P extends LedgerPosition>(cash: number, positions: Iterable<P>, markOf: (position: P) => number | null | undefined): number {
  let equity = cash;
  for (const p of positions) equity += p.qty * valuationPrice(p, markOf(p));
  return equity;
}

/**
 * Applies one fill (spot, long only) with the average-cost method and returns the new account and position; the
 * inputs are not modified. Throws an InvariantError on a malformed fill, a symbol mismatch or a sale of more than is
 * held: each means a bug or a corrupt store, never something to paper over.
 */
export function applyFill(account: LedgerAccount, position: LedgerPosition | null, fill: Fill, sweepBelow = 0): AppliedFill {
  const { qty, price, fee } = fill;
  if (!(qty > 0) || !Number.isFinite(qty) || !(price > 0) || !Number.isFinite(price) || !(fee >= 0) || !Number.isFinite(fee)) {
    throw new InvariantError(`malformed fill for order ${fill.clientOrderId}: qty ${qty}, price ${price}, fee ${fee}`);
  }
  if (position && position.symbol !== fill.symbol) {
    throw new InvariantError(`fill for ${fill.symbol} (order ${fill.clientOrderId}) applied to the ${position.symbol} position`);
  }
  const fees = account.fees + fee;
  if (fill.side === 'buy') {
    const heldQty = position?.qty ?? 0;
    const heldCost = position ? position.qty * position.avgPrice : 0;
    const newQty = heldQty + qty;
    return {
      account: withChanges(account, { cash: account.cash - qty * price - fee, fees }),
      position: { symbol: fill.symbol, qty: newQty, avgPrice: (heldCost + qty * price) / newQty },
      realized: 0,
    };
  }
  if (fill.side !== 'sell') throw new InvariantError(`fill for order ${fill.clientOrderId} has unknown side ${String(fill.side)}`);
  if (!position || position.qty <= 0) {
    throw new InvariantError(`sell fill of ${qty} ${fill.symbol} (order ${fill.clientOrderId}) with no position: spot is long only`);
  }
  if (qty > position.qty * (1 + DUST)) {
    throw new InvariantError(`sell fill of ${qty} ${fill.symbol} (order ${fill.clientOrderId}) exceeds the ${position.qty} held`);
  }
  // `sweepBelow`: a sale meant to close the position leaves less than the market can sell (its lot rounded down): the
  // remainder is closed with it, its cost written off, rather than kept as a position no order can ever sell.
  // Within DUST of it: 0.3 - 0.2 is 0.09999999999999998 in binary, a whole lot of 0.1 that the exchange holds and sells.
  const closes = qty >= position.qty * (1 - DUST) || position.qty - qty < sweepBelow - DUST * position.qty;
  // Realized is proceeds minus the cost that leaves the book, so the identity holds even when dust is swept out.
  const costRemoved = closes ? position.qty * position.avgPrice : qty * position.avgPrice;
  const realized = qty * price - costRemoved;
  return {
    account: withChanges(account, { cash: account.cash + qty * price - fee, fees, realizedPnl: account.realizedPnl + realized }),
    position: closes ? null : withChanges(position, { qty: position.qty - qty }),
    realized,
    ...(closes && qty < position.qty * (1 - DUST) ? { swept: position.qty - qty } : {}),
  };
}

/**
 * Stops when the identity does not hold in `where` (a store's file): money appeared or vanished, which is a bug or a
 * damaged store, never something to trade on.
 */
export function assertLedgerHolds(check: LedgerCheck, where: string): void {
  if (check.ok) return;
  throw new InvariantError(
    `The ledger does not hold in ${where} (difference ${check.diff}): cash plus cost of open positions must equal starting cash plus realised profit minus fees. Inspect the store before trading again.`,
  );
}
