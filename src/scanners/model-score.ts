import type { Bar } from '../market/market-port.js';

export interface ModelScore {
  /** Signed: > 0 leans long, < 0 leans short. */
  score: number;
  kind: 'momentum' | 'mean-reversion';
  momentum: number;
  reversion: number;
}

const MOMENTUM_BARS = 20;
const MEAN_BARS = 50;
/** Bars a symbol needs before the model scores it (the mean's window and the bar after it). */
export const MIN_SCORED_BARS = MEAN_BARS + 1;
// Scratch space, reused by every call (scoreBars runs to completion synchronously): no allocation per score.
const CLOSES = new Float64Array(MEAN_BARS + 1);
const RETURNS = new Float64Array(MEAN_BARS);

/**
 * Two simple views of recent bars:
 * - momentum: the t-statistic of the last 20-bar log return (return ÷ its volatility over 20 bars);
 * - mean reversion: minus the z-score of the close against its 50-bar mean (stretched prices snap back).
 * When they disagree in sign the price has moved away from its mean the way it is going: that is a trend, and a
 * trend is read as momentum (time-series momentum, the continuation of a market's own recent return, is the effect
 * documented across asset classes and centuries; a stretch in the trend's direction is its symptom, not a reason to
 * bet against it). When they agree (a price below its mean that has started to rise, or the reverse), the stronger
 * one is the score. Too few bars gives null: no opinion rather than a guess.
 */
export function scoreBars(bars: readonly Bar[]): ModelScore | null {
  if (bars.length < MEAN_BARS + 1) return null;
  // Only the last MEAN_BARS + 1 closes count (a backtest scores every symbol at every bar: no need to copy more).
  const closes = CLOSES;
  for (let i = 0; i <= MEAN_BARS; i++) closes[i] = bars[bars.length - 1 - MEAN_BARS + i]!.close;
  const last = closes[MEAN_BARS]!;
  // Plain loops, summing in the order (and with the operations) of the reductions they replace: the same numbers,
  // without the arrays and closures (this runs for every symbol at every bar of a backtest).
  const returns = RETURNS;
  for (let i = 1; i <= MEAN_BARS; i++) returns[i - 1] = Math.log(closes[i]! / closes[i - 1]!);
  let sumReturns = 0;
  for (let i = 0; i < MEAN_BARS; i++) sumReturns += returns[i]!;
  const meanReturn = sumReturns / MEAN_BARS;
  let squaredReturns = 0;
  for (let i = 0; i < MEAN_BARS; i++) squaredReturns += (returns[i]! - meanReturn) ** 2;
  const sigma = Math.sqrt(squaredReturns / (MEAN_BARS - 1));
  // The window is the last MEAN_BARS closes.
  let sumCloses = 0;
  for (let i = 1; i <= MEAN_BARS; i++) sumCloses += closes[i]!;
  const mean = sumCloses / MEAN_BARS;
  let squaredCloses = 0;
  for (let i = 1; i <= MEAN_BARS; i++) squaredCloses += (closes[i]! - mean) ** 2;
  const sd = Math.sqrt(squaredCloses / (MEAN_BARS - 1));
  if (!(sigma > 0) || !(sd > 0)) return { score: 0, kind: 'momentum', momentum: 0, reversion: 0 };
  const momentum = Math.log(last / closes[MEAN_BARS - MOMENTUM_BARS]!) / (sigma * Math.sqrt(MOMENTUM_BARS));
  const reversion = -(last - mean) / sd;
  const trend = momentum * reversion < 0;
  return trend || Math.abs(momentum) >= Math.abs(reversion)
    ? { score: momentum, kind: 'momentum', momentum, reversion }
    : { score: reversion, kind: 'mean-reversion', momentum, reversion };
}
