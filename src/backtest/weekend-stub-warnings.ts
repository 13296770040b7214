import { weekendStubs, weekendStubsText } from '../market/weekend-stubs.js';
import type { LoadedSeries } from './load-series.js';

/**
 * Daily files with narrow weekend bars among their weekdays (market/weekend-stubs.ts: a Sunday evening's session
 * written as a day). check-data said so, the run did not: Investing.com's platinum futures (362 Sundays in 2,187 bars)
 * were annualised at 310.7 bars a year, and their Sharpe with them, with nothing said.
 */
export function weekendStubWarnings(series: readonly LoadedSeries[]): string[] {
  const lines: string[] = [];
  for (const s of series) {
    const stubs = weekendStubs(s.bars, s.barMs, s.offsetAheadMs ?? 0);
    if (stubs) lines.push(`${s.file} (${s.symbol}) has ${weekendStubsText(stubs)}`);
  }
  return lines;
}
