/**
 * The risk doctor's bootstrap in closed form. The bootstrap draws `horizon` returns with replacement from the last
 * returns and compounds them; what it estimates can be had without drawing:
 * - the mean and the variance of the path's simple return exactly, as the draws are independent:
 *   E[e^S] = (mean of e^r)^h and E[e^2S] = (mean of e^2r)^h for S the sum of h draws;
 * - its tail from the cumulants of S (h times those of one draw: mean, variance, skewness / √h, excess kurtosis / h)
 *   through the Cornish-Fisher expansion, so fat tails and skew still count, then e^q − 1 (monotone) for the return.
 * CVaR is the mean of that quantile function over the tail (64 midpoints). 2,000 random paths per discussion were
 * ~8 % of a backtest's time and still noisy in the 5 % tail (100 paths); this is ~1 µs and has no sampling noise.
 */
import type { MonteCarlo } from './risk-doctor.js';

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error about 1e-9). */
export function normalQuantile(p: number): number {
  if (p <= 0) return -Infinity;
  if (p >= 1) return Infinity;
  const low = 0.02425;
  if (p < low) return lowerTail(p);
  if (p > 1 - low) return -lowerTail(1 - p);
  const q = p - 0.5;
  const r = q * q;
  const num = (((((-3.969683028665376e1 * r + 2.209460984245205e2) * r - 2.759285104469687e2) * r + 1.38357751867269e2) * r - 3.066479806614716e1) * r + 2.506628277459239) * q;
  const den = ((((-5.447609879822406e1 * r + 1.615858368580409e2) * r - 1.556989798598866e2) * r + 6.680131188771972e1) * r - 1.328068155288572e1) * r + 1;
  return num / den;
}

function lowerTail(p: number): number {
  const q = Math.sqrt(-2 * Math.log(p));
  const num = ((((-7.784894002430293e-3 * q - 3.223964580411365e-1) * q - 2.400758277161838) * q - 2.549732539343734) * q + 4.374664141464968) * q + 2.938163982698783;
  const den = (((7.784695709041462e-3 * q + 3.224671290700398e-1) * q + 2.445134137142996) * q + 3.754408661907416) * q + 1;
  return num / den;
}

const TAIL_POINTS = 64;
// Outside these the Cornish-Fisher expansion stops being monotone; clipping keeps the tail's shape, not its extremes.
const MAX_SKEW = 1;
const MAX_EXCESS_KURTOSIS = 6;

/** VaR, CVaR (losses as positive fractions), mean and σ of the `horizon`-bar compounded return of bootstrap draws. */
export function tailEstimate(returns: readonly number[], horizon: number, level: number): MonteCarlo {
  const n = returns.length;
  let sum = 0;
  let growth = 0;
  let growth2 = 0;
  for (const r of returns) {
    sum += r;
    growth += Math.expm1(r);
    growth2 += Math.expm1(2 * r);
  }
  const mu = sum / n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (const r of returns) {
    const d = r - mu;
    const d2 = d * d;
    m2 += d2;
    m3 += d2 * d;
    m4 += d2 * d2;
  }
  m2 /= n;
  m3 /= n;
  m4 /= n;
  const h = horizon;
  // The bootstrap draws from the returns as they are: population moments.
  const spread = Math.sqrt(m2 * h);
  const flat = !(m2 > 1e-20);
  const skew = flat ? 0 : Math.max(-MAX_SKEW, Math.min(MAX_SKEW, m3 / m2 ** 1.5 / Math.sqrt(h)));
  const kurt = flat ? 0 : Math.max(-1, Math.min(MAX_EXCESS_KURTOSIS, (m4 / (m2 * m2) - 3) / h));
  const quantile = (p: number): number => {
    const z = normalQuantile(p);
    const cf = z + ((z * z - 1) * skew) / 6 + ((z * z * z - 3 * z) * kurt) / 24 - ((2 * z * z * z - 5 * z) * skew * skew) / 36;
    return Math.expm1(mu * h + spread * cf);
  };
  const alpha = 1 - level;
  const atLevel = quantile(alpha);
  // From the level towards the worst: never above the quantile nearer the centre (monotone however the tail is shaped).
  let bound = atLevel;
  let tail = 0;
  for (let k = TAIL_POINTS - 1; k >= 0; k--) {
    bound = Math.min(bound, quantile((alpha * (k + 0.5)) / TAIL_POINTS));
    tail += bound;
  }
  const logGrowth = Math.log1p(growth / n);
  const mean = Math.expm1(h * logGrowth);
  // Var = E[e^2S] − E[e^S]^2, written to avoid subtracting two nearly equal numbers.
  const variance = Math.exp(2 * h * logGrowth) * Math.expm1(h * (Math.log1p(growth2 / n) - 2 * logGrowth));
  return { var: Math.max(0, -atLevel), cvar: Math.max(0, -tail / TAIL_POINTS), mean, stdev: flat ? 0 : Math.sqrt(Math.max(0, variance)) };
}
