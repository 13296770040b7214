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
  const closes = new Array<number>(MEAN_BARS + 1);
  for (let i = 0; i <= MEAN_BARS; i++) closes[i] = bars[bars.length - 1 - MEAN_BARS + i]!.close;
  const last = closes.at(-1)!;
  const returns: number[] = [];
  for (let i = closes.length - MEAN_BARS; i < closes.length; i++) returns.push(Math.log(closes[i]! / closes[i - 1]!));
  const meanReturn = returns.reduce((a, b) => a + b, 0) / returns.length;
  const sigma = Math.sqrt(returns.reduce((a, r) => a + (r - meanReturn) ** 2, 0) / (returns.length - 1));
  const window = closes.slice(-MEAN_BARS);
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  const sd = Math.sqrt(window.reduce((a, c) => a + (c - mean) ** 2, 0) / (window.length - 1));
  if (!(sigma > 0) || !(sd > 0)) return { score: 0, kind: 'momentum', momentum: 0, reversion: 0 };
  const momentum = Math.log(last / closes.at(-1 - MOMENTUM_BARS)!) / (sigma * Math.sqrt(MOMENTUM_BARS));
  const reversion = -(last - mean) / sd;
  const trend = momentum * reversion < 0;
  return trend || Math.abs(momentum) >= Math.abs(reversion)
    ? { score: momentum, kind: 'momentum', momentum, reversion }
    : { score: reversion, kind: 'mean-reversion', momentum, reversion };
}
