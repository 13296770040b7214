import { PERIOD_END_EFFECT, periodEndLabel } from '../market/period-end-labels.js';
import type { LoadedSeries } from './load-series.js';

/**
 * Files of bars dated at the end of their period (market/period-end-labels.ts: whole weeks dated on a Friday, months
 * at their end). The run takes a bar's date as its open, so each such bar is seen a period late and an order fills at
 * the open of a bar dated after the decision that the market made days or weeks before: beside a daily file (which is
 * seen on time), a price from before the decision.
 */
export function periodEndLabelWarnings(series: readonly LoadedSeries[]): string[] {
  const lines: string[] = [];
  for (const s of series) {
    const label = periodEndLabel(s.bars, s.barMs, s.offsetAheadMs ?? 0);
    if (label) lines.push(`${s.file} (${s.symbol}) has ${label}: the run reads a bar’s date as its open, so ${PERIOD_END_EFFECT}`);
  }
  return lines;
}
