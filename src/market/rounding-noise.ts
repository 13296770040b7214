import type { Bar } from './market-port.js';

/**
 * How far, relative to the price, an open or close may stand outside the high and low and still be read as on it.
 * Adjusted prices computed as price × ratio carry float noise (a close 0.096664 beside a high of
 * 0.09666399999999999): that far below any tick, the row is a good bar, and was refused as one outside its range.
 */
const NOISE = 1e-9;

/** The row with its high and low moved to the open or close they miss by float noise only; the row itself otherwise. */
export function absorbRoundingNoise<T extends Bar>(b: T): T {
  const top = Math.max(b.open, b.close);
  const bottom = Math.min(b.open, b.close);
  const high = top > b.high && top - b.high <= NOISE * b.high ? top : b.high;
  const low = bottom < b.low && b.low - bottom <= NOISE * b.low ? bottom : b.low;
  return high === b.high && low === b.low ? b : Object.assign({}, b, { high, low });
}

/** 1.7e308, the largest double, or near it: bitcoincharts' (Quandl BCHARTS') price on a day without trades. Read as a price, it was a spike and the real bar after it was quarantined too. */
export const PLACEHOLDER = 1e300;
