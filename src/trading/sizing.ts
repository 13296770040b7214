import { floorToStep } from './lot.js';

export interface SizingInput {
  /** Account equity (cash plus market value of open positions). */
  equity: number;
  /** Expected entry price. */
  price: number;
  /** Verdict's fraction of equity to commit, in [0, 1]. */
  sizeFraction: number;
  /** Distance from entry to stop, in price units (not a fraction). Absent: fixed-fraction sizing. */
  stopDistance?: number;
  /** Fraction of equity to lose if the stop is hit (0.01 = 1 %). */
  riskPerTrade: number;
  /** Cap on one position's notional as a fraction of equity. */
  maxPositionFraction: number;
  /** Instrument's lot or quantity step; the result is a multiple of it. */
  lotStep: number;
  /** Instrument's minimum quantity; below it the result is 0. */
  minQty?: number;
  /** The exchange's smallest order value (in minQty already): named when it is what refuses the entry. */
  minCost?: number;
}

export interface SizingResult {
  qty: number;
  notional: number;
  /** Which constraint decided the size, readable in the audit trail. */
  reason: string;
}

const zero = (reason: string): SizingResult => ({ qty: 0, notional: 0, reason });
/** A number as a person reads it: six significant digits, no float tail (0.00033297383004784185). */
const figure = (x: number): string => `${+x.toPrecision(6)}`;

function fraction(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}

/**
 * Sizes an entry: risk per trade × equity ÷ stop distance, capped by the verdict's size fraction and the maximum
 * position fraction, rounded down to the lot step. Without a stop distance it is fixed-fraction (the smaller of the
 * two fractions). Never throws on bad economics (no equity, zero fraction): it returns 0 with the reason.
 */
export function sizeEntry(input: SizingInput): SizingResult {
  const { equity, price, lotStep } = input;
  if (!(price > 0) || !Number.isFinite(price)) return zero(`no valid price (${price})`);
  if (!(equity > 0) || !Number.isFinite(equity)) return zero(`no equity to size from (${equity})`);
  const sizeFraction = fraction(input.sizeFraction);
  const maxFraction = fraction(input.maxPositionFraction);
  if (sizeFraction === 0) return zero('verdict size fraction is 0');
  if (maxFraction === 0) return zero('max position fraction is 0');

  const candidates: { qty: number; why: string }[] = [
    { qty: (sizeFraction * equity) / price, why: `verdict size fraction ${sizeFraction}` },
    { qty: (maxFraction * equity) / price, why: `max position fraction ${maxFraction}` },
  ];
  const stop = input.stopDistance;
  if (stop !== undefined) {
    if (!(stop > 0) || !Number.isFinite(stop)) return zero(`stop distance must be positive (got ${stop})`);
    const risk = fraction(input.riskPerTrade);
    if (risk === 0) return zero('risk per trade is 0');
    candidates.unshift({ qty: (risk * equity) / stop, why: `risk ${risk} of equity over stop distance ${stop}` });
  }
  // The first smallest wins, so ties report the risk rule (it is listed first).
  const binding = candidates.reduce((best, c) => (c.qty < best.qty ? c : best));
  const qty = floorToStep(binding.qty, lotStep);
  const minQty = Math.max(input.minQty ?? 0, 0);
  if (qty <= 0 || qty < minQty) {
    // Sizes scale with equity: what one lot needs says whether any entry in this instrument can ever be sized
    // (BRK-A at 300,000 with a lot of 0.001 on an account of 1,000 was refused at every BUY without saying so).
    const smallest = Math.max(lotStep, minQty);
    const needed = binding.qty > 0 ? ` (one lot of ${smallest} at ${figure(price)} needs an equity of at least ${figure((equity * smallest) / binding.qty)} under this rule)` : '';
    const cost = input.minCost !== undefined ? `, the exchange's smallest order of ${figure(input.minCost)} in the quote currency at ${figure(price)}` : '';
    return zero(`${binding.why} gives ${figure(binding.qty)}, below lot step ${lotStep} / min qty ${minQty}${cost}${needed}`);
  }
  return { qty, notional: qty * price, reason: `sized by ${binding.why}` };
}

/**
 * The stop distance in price units for `sizeEntry`: the verdict's stop price when it lies below the entry, else the
 * risk doctor's stop fraction × price, else undefined (fixed-fraction sizing).
 */
export function stopDistanceOf(price: number, stops: { stopPrice?: number; stopFraction?: number }): number | undefined {
  const { stopPrice, stopFraction } = stops;
  if (stopPrice !== undefined && Number.isFinite(stopPrice) && stopPrice > 0 && stopPrice < price) return price - stopPrice;
  if (stopFraction !== undefined && Number.isFinite(stopFraction) && stopFraction > 0 && stopFraction < 1) return stopFraction * price;
  return undefined;
}
