/**
 * A simulated buy (the paper broker's, the backtest's) is filled for at most what the account's free cash pays, fee
 * included, floored to the lot step, as an exchange fills a market buy; the rest is cancelled, and nothing fills when
 * not one lot is paid. The trader sizes an entry on the price its decision saw and keeps 1 % of the cash back
 * (risk-gate.ts), but the buy fills at the next open: one that gapped up by more than that cost more than the cash
 * there was, and the account's cash went below zero. The brokers are given the account's cash as a port.
 */
import type { Fill, OrderRequest, OrderResult } from '../domain/order.js';
import { money, plainQuantity, price as priceText } from '../core/display-format.js';
import { floorToStep } from './lot.js';
import { simulatedFill } from './simulated-fill.js';

/** The port: the account's cash as stored (its fills settled). The composition root gives it to the brokers. */
export interface AccountFunds {
  cash(): number;
}

/** What is left of `cash` once `qty` is bought at `price` with its fee, computed as the ledger debits it (applyFill). */
const leftAfter = (cash: number, qty: number, price: number, feeBps: number): number => cash - qty * price - (qty * price * feeBps) / 10_000;


/**
 * The largest quantity up to `qty` that `cash` pays at `price` with its fee: `qty` itself when paid, else a multiple of
 * `lotStep` (none: any quantity); 0 when not one lot is paid.
 */
export function affordableQty(qty: number, price: number, feeBps: number, cash: number, lotStep: number | undefined): number {
  if (leftAfter(cash, qty, price, feeBps) >= 0) return qty;
  if (!(cash > 0) || !(price > 0)) return 0;
  const step = lotStep !== undefined && lotStep > 0 && Number.isFinite(lotStep) ? lotStep : undefined;
  const most = Math.min(qty, cash / (price * (1 + feeBps / 10_000)));
  let cut = step ? floorToStep(most, step) : most;
  // The division's rounding (and floorToStep's tolerance of float noise) may leave it a hair over: a step back.
  for (let tries = 0; cut > 0 && leftAfter(cash, cut, price, feeBps) < 0 && tries < 3; tries++) cut = step ? floorToStep(cut - step, step) : cut * (1 - 1e-12);
  return cut > 0 && leftAfter(cash, cut, price, feeBps) >= 0 ? cut : 0;
}

/**
 * The cash of one batch of fills (a paper poll, a bar's open in a backtest): the trader settles them only after the
 * batch, so each fill moves it here before the next is judged (two buys filled in one poll each saw all the cash).
 * The account's cash is read when a buy first needs it.
 */
export class FundsTally {
  private current: number | undefined;
  /** The batch's fills before a buy needed the cash: applied to it once read. */
  private readonly before: Fill[] = [];

  constructor(private readonly funds: AccountFunds) {}

  private cash(): number {
    if (this.current === undefined) {
      this.current = this.funds.cash();
      for (const f of this.before.splice(0)) this.apply(f);
    }
    return this.current;
  }

  /**
   * `order`'s fill of `qty` at `price` (dated `time`) with `feeBps`, a buy cut to what the cash pays: filled, or
   * partly filled and the rest cancelled, or cancelled unfilled, a cut saying why. A sale is filled whole.
   */
  fill(order: OrderRequest, qty: number, price: number, time: number, feeBps: number, lotStep: number | undefined): OrderResult {
    let paid = qty;
    let cash = 0;
    if (order.side === 'buy') {
      cash = this.cash();
      paid = affordableQty(qty, price, feeBps, cash, lotStep);
    }
    if (!(paid > 0)) {
      const lot = lotStep !== undefined ? ` (lotStep ${lotStep})` : '';
      return { status: 'cancelled', fills: [], reason: `not filled: the account's free cash ${money(cash)} does not pay for one lot${lot} of ${order.symbol} at ${priceText(price)} with the fee: cancelled (a spot account does not borrow)` };
    }
    const result = simulatedFill(order, paid, price, time, feeBps);
    if (paid < qty) {
      result.reason = `partially filled: the account's free cash ${money(cash)} pays for ${plainQuantity(paid)} of the ${plainQuantity(qty)} ${order.symbol} at ${priceText(price)} with the fee; the rest is cancelled (a spot account does not borrow)`;
    }
    for (const f of result.fills) this.record(f);
    return result;
  }

  private record(fill: Fill): void {
    if (this.current === undefined) this.before.push(fill);
    else this.apply(fill);
  }

  /** As the ledger moves the cash (applyFill), in the same order and arithmetic, so what it is left with is what was judged here. */
  private apply(fill: Fill): void {
    const cash = this.current!;
    this.current = fill.side === 'buy' ? cash - fill.qty * fill.price - fill.fee : cash + fill.qty * fill.price - fill.fee;
  }
}
