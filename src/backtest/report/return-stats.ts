/**
 * Return statistics of an equity curve sampled at the run's calendar steps.
 *
 * Annualisation is measured from the data, not assumed: a curve of n rows spanning T years has (n − 1) / T periods
 * per year (about 252 for daily stock bars, 365 for daily crypto bars, about 6,200 for hourly FX, about 105,000 for 5-minute crypto), so the same code is
 * right for any bar size and calendar. The returns are the n step returns from the start equity through every row
 * (the start counts as one step before the first row), so they cover n / periodsPerYear years, which CAGR uses.
 * Sharpe and Sortino take a risk-free rate of 0: mean step return over its sample standard deviation (Sortino: over
 * the downside deviation, sqrt(Σ min(r, 0)² / n), target 0), times sqrt(periods per year). CAGR needs a year of rows.
 */
export const YEAR_MS = 365.25 * 24 * 3600 * 1000;

/** Shorter runs have no CAGR (nor Calmar, its ratio to the drawdown). */
export const MIN_CAGR_YEARS = 1;

export interface ReturnStats {
  periodsPerYear: number | null;
  years: number | null;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
}

export function periodsPerYear(times: readonly number[]): number | null {
  if (times.length < 2) return null;
  const spanYears = (times[times.length - 1]! - times[0]!) / YEAR_MS;
  return spanYears > 0 ? (times.length - 1) / spanYears : null;
}

/** Step returns from `start` through each value; a step from a non-positive equity has no return (NaN). */
export function stepReturns(start: number, equity: readonly number[]): number[] {
  const out = new Array<number>(equity.length);
  let prev = start;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    out[i] = prev > 0 ? e / prev - 1 : Number.NaN;
    prev = e;
  }
  return out;
}

export function mean(xs: readonly number[]): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return xs.length > 0 ? sum / xs.length : Number.NaN;
}

/** Sample standard deviation (n − 1). */
export function sampleStd(xs: readonly number[]): number {
  if (xs.length < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

export function downsideDeviation(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let ss = 0;
  for (const x of xs) if (x < 0) ss += x * x;
  return Math.sqrt(ss / xs.length);
}

export function cagr(start: number, end: number, years: number | null): number | null {
  if (years === null || !(years > 0) || !(start > 0)) return null;
  if (end <= 0) return -1;
  return Math.pow(end / start, 1 / years) - 1;
}

/** A ratio that is null where its denominator is zero or either side is not a number. */
function ratio(num: number, den: number): number | null {
  if (!Number.isFinite(num) || !Number.isFinite(den) || den === 0) return null;
  return num / den;
}

export function returnStats(start: number, times: readonly number[], equity: readonly number[]): ReturnStats {
  const ppy = periodsPerYear(times);
  const years = ppy === null ? null : equity.length / ppy;
  const end = equity.length > 0 ? equity[equity.length - 1]! : start;
  if (ppy === null) return { periodsPerYear: null, years: null, cagr: null, volatility: null, sharpe: null, sortino: null };
  const r = stepReturns(start, equity);
  const m = mean(r);
  const sd = sampleStd(r);
  const root = Math.sqrt(ppy);
  const sharpe = ratio(m, sd);
  const sortino = ratio(m, downsideDeviation(r));
  return {
    periodsPerYear: ppy,
    years,
    // Under a year a compound annual rate is an extrapolation (66 % in ten days of minute bars read 12 billion % a
    // year): left out, as GIPS leaves out annualised returns for periods under a year.
    cagr: years !== null && years >= MIN_CAGR_YEARS ? cagr(start, end, years) : null,
    volatility: Number.isFinite(sd) ? sd * root : null,
    sharpe: sharpe === null ? null : sharpe * root,
    sortino: sortino === null ? null : sortino * root,
  };
}
