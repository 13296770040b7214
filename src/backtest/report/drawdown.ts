/**
 * Drawdown of an equity curve: each row's equity against the running peak, the peak starting at the start equity
 * (a loss on the first row is already a drawdown). Values are non-positive fractions: -0.25 is 25 % below the peak.
 */
export interface DrawdownResult {
  /** One value per row, equity / running peak − 1. */
  series: number[];
  /** The minimum of the series (0 when the curve never fell). */
  max: number;
  /** The longest run of consecutive rows below their running peak. */
  longestRows: number;
}

export function drawdown(startEquity: number, equity: readonly number[]): DrawdownResult {
  const series = new Array<number>(equity.length);
  let peak = startEquity;
  let max = 0;
  let run = 0;
  let longestRows = 0;
  for (let i = 0; i < equity.length; i++) {
    const e = equity[i]!;
    if (e > peak) peak = e;
    const dd = peak > 0 ? e / peak - 1 : 0;
    series[i] = dd;
    if (dd < max) max = dd;
    if (dd < 0) {
      run++;
      if (run > longestRows) longestRows = run;
    } else {
      run = 0;
    }
  }
  return { series, max, longestRows };
}
