import type { Logger } from '../core/logger.js';
import type { BarIssue } from '../market/bar-validator.js';
import { logBarIssues } from '../market/bar-issue-log.js';
import type { LoadedSeries } from './load-series.js';
import { counted } from '../core/plural.js';
import { isoTime } from '../core/iso-time.js';
import { checkDataCommand } from './check-data-command.js';

/** Rows logged per file; check-data lists them all. */
const MAX_LOGGED_ROWS = 200;

const byTime = (a: BarIssue, b: BarIssue): number => (a.time ?? Infinity) - (b.time ?? Infinity) || a.row - b.row;

/** "13 unadjusted-split" or "12 duplicate-time, 1 out-of-order": how many rows of each kind. */
function byCode(issues: readonly BarIssue[]): string {
  const counts = new Map<string, number>();
  for (const i of issues) counts.set(i.code, (counts.get(i.code) ?? 0) + 1);
  return [...counts].map(([code, n]) => `${n} ${code}`).join(', ');
}

/**
 * One line per file the backtest does not use in full: how many rows were rejected or quarantined, of which kind, from
 * which row, and where to read why. Without it a run over a file with an unadjusted split silently covers only the
 * rows before the split.
 */
export function droppedRowsLine(s: LoadedSeries): string | undefined {
  const rejected = s.issues?.rejected ?? [];
  const quarantined = s.issues?.quarantined ?? [];
  if (rejected.length + quarantined.length === 0) return undefined;
  const parts: string[] = [];
  if (quarantined.length > 0) parts.push(`${quarantined.length} quarantined (${byCode(quarantined)})`);
  if (rejected.length > 0) parts.push(`${rejected.length} rejected (${byCode(rejected)})`);
  // The earliest in time (a newest-first file's first row is its latest).
  const first = [...rejected, ...quarantined].sort(byTime)[0]!;
  return (
    `${s.file} (${s.symbol}): ${counted(rejected.length + quarantined.length, 'row')} not used: ${parts.join(', ')}; ` +
    `the earliest is row ${first.row}${first.time === undefined ? '' : ` (${isoTime(first.time)})`}; run ${checkDataCommand(s.file, s.timesIn)} for why and what to do`
  );
}

/** Each rejected or quarantined row of the run's files, logged with file and row (at most MAX_LOGGED_ROWS per file). */
export function logDroppedRows(series: readonly LoadedSeries[], logger: Logger): void {
  for (const s of series) {
    logBarIssues(logger, s.symbol, s.file, [...(s.issues?.rejected ?? []), ...(s.issues?.quarantined ?? [])].sort(byTime), MAX_LOGGED_ROWS);
  }
}
