import type { Bar } from './market-port.js';

/** Bars with a range a file needs before its opens are judged. */
const MIN_BARS = 20;
/**
 * The share of them opening at their very high (or low) past which the open is taken for a copy: a real day does so
 * one time in ten or so, a thin stock's more often, never nine in ten.
 */
const COPIED_SHARE = 0.9;

/**
 * A file whose open is its high (or its low) on nearly every bar with a range: an export that wrote another column as
 * the open (Mubasher's histories of Egypt's exchange: Open = High on every row, and nothing said). A backtest fills
 * each order at the next bar's open, so every fill would be at a bar's extreme. Undefined for any other file.
 */
export function copiedOpenNotice(bars: readonly Readonly<Bar>[]): string | undefined {
  let ranged = 0;
  let atHigh = 0;
  let atLow = 0;
  for (const b of bars) {
    if (!(b.high > b.low)) continue;
    ranged++;
    if (b.open === b.high) atHigh++;
    else if (b.open === b.low) atLow++;
  }
  const [n, side] = atHigh >= atLow ? [atHigh, 'high'] : [atLow, 'low'];
  if (ranged < MIN_BARS || n < COPIED_SHARE * ranged) return undefined;
  return (
    `opens equal to the ${side} on ${n} of its ${ranged} bars with a range: the open is likely the ${side} written again ` +
    `(Mubasher's exports of Egypt's exchange write it so); a backtest fills each order at the next bar's open, so at that ` +
    `bar's ${side}: use a source whose opens are the first trade's`
  );
}
