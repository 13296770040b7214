import type { PerformanceSummary } from './report-types.js';
import type { RoundTrip } from './round-trips.js';
import { drawdown } from './drawdown.js';
import { returnStats } from './return-stats.js';
import { tradeStats } from './trade-stats.js';
import { reportFinite, reportNullable } from './report-number.js';

/** An equity curve and what was traded along it: what the panel's and buy-and-hold's summaries are computed from. */
export interface CurveInput {
  startEquity: number;
  /** Row times (epoch ms), oldest first. */
  times: readonly number[];
  equity: readonly number[];
  /** Market value of open positions at each row. */
  invested: readonly number[];
  trips: readonly RoundTrip[];
  fees: number;
  /** Σ |qty × price| of every fill. */
  traded: number;
}

export interface CurveFigures {
  summary: PerformanceSummary;
  drawdown: number[];
  periodsPerYear: number | null;
  years: number | null;
}

/**
 * Exposure is the mean over rows of invested / equity (a run fully in cash half the time and fully invested the other
 * half shows 0.5). Turnover is traded value over mean equity for the whole run (2 means the account's value was
 * bought or sold twice), not annualised. Calmar is CAGR over the maximum drawdown's size.
 */
export function curveFigures(input: CurveInput): CurveFigures {
  const { startEquity, times, equity, invested } = input;
  const dd = drawdown(startEquity, equity);
  const stats = returnStats(startEquity, times, equity);
  const trades = tradeStats(input.trips);
  const endEquity = equity.length > 0 ? equity[equity.length - 1]! : startEquity;
  let exposureSum = 0;
  let equitySum = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    equitySum += e;
    if (e > 0) exposureSum += invested[i]! / e;
  }
  const meanEquity = equity.length > 0 ? equitySum / equity.length : startEquity;
  const calmar = stats.cagr !== null && dd.max < 0 ? stats.cagr / -dd.max : null;
  const summary: PerformanceSummary = {
    startEquity: reportFinite(startEquity),
    endEquity: reportFinite(endEquity),
    totalReturn: reportFinite(startEquity > 0 ? endEquity / startEquity - 1 : 0),
    cagr: reportNullable(stats.cagr),
    volatility: reportNullable(stats.volatility),
    sharpe: reportNullable(stats.sharpe),
    sortino: reportNullable(stats.sortino),
    maxDrawdown: reportFinite(dd.max),
    maxDrawdownBars: dd.longestRows,
    calmar: reportNullable(calmar),
    trades: trades.trades,
    winRate: reportNullable(trades.winRate),
    profitFactor: reportNullable(trades.profitFactor),
    avgWin: reportNullable(trades.avgWin),
    avgLoss: reportNullable(trades.avgLoss),
    exposure: reportFinite(equity.length > 0 ? exposureSum / equity.length : 0),
    fees: reportFinite(input.fees),
    turnover: reportFinite(meanEquity > 0 ? input.traded / meanEquity : 0),
    feesToGross: reportNullable(trades.feesToGross),
  };
  return { summary, drawdown: dd.series, periodsPerYear: stats.periodsPerYear, years: stats.years };
}
