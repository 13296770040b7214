import type { BacktestReport } from './report-types.js';

/**
 * The run's span as its bars' open times, as --from and --to name them: the first bar's open and the last bar's open,
 * dates alone when both fall on midnight. The equity rows are the bars' closes (a run to 2008-12-31 of daily bars has
 * its last row at 2009-01-01), so a title made of them names days the user never asked for.
 */
export function barSpan(report: Pick<BacktestReport, 'symbols'>): { from: number; to: number; dateOnly: boolean } | undefined {
  const firsts = report.symbols.flatMap((s) => (s.firstBar ? [Date.parse(s.firstBar)] : []));
  const lasts = report.symbols.flatMap((s) => (s.lastBar ? [Date.parse(s.lastBar)] : []));
  if (firsts.length === 0 || lasts.length === 0) return undefined;
  const from = Math.min(...firsts);
  const to = Math.max(...lasts);
  return { from, to, dateOnly: from % 86_400_000 === 0 && to % 86_400_000 === 0 };
}
