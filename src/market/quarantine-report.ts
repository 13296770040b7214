import type { BarIssue } from './bar-validator.js';
import { scaleText } from './level-shift.js';
import { isoTime } from '../core/iso-time.js';

/**
 * check-data's account of quarantined rows. A single bad row is one line. A stretch of rows on a shifted scale
 * (`since` shared) is told as one story: which rows, from when to when, why, and how to fix the file; then its first
 * rows. Rows are judged against earlier rows only, so a stretch that runs to the end of the file means nothing after
 * its start can be used until the file is fixed.
 */

const ROWS_LISTED = 5;

const FIX: Record<string, string> = {
  'unadjusted-split':
    'adjust the file for the split: divide open, high, low and close of every row before it by the ratio (5 for a 5:1 ' +
    'split) and multiply their volume by it (what split-adjusted data does), or download adjusted data; then run check-data again',
  'unit-error': 'correct the unit of those rows (e.g. divide by 100 for pence quoted as pounds) or delete them',
  'price-spike': 'correct or delete the bad row',
};

/** What to do about a stretch: for a split the message names (level-shift.ts's ratioText), with its own ratio. */
function fixFor(issue: BarIssue): string {
  const split = /(?<![\d.])(\d+(?:\.\d+)?):(\d+(?:\.\d+)?) (reverse )?split\b/.exec(issue.message);
  if (issue.code !== 'unadjusted-split' || !split) return FIX[issue.code] ?? 'correct or delete those rows';
  const [n, by] = split[3] ? [split[2]!, ['multiply', 'divide']] : [split[1]!, ['divide', 'multiply']];
  return (
    `adjust the file for the ${split[0]}: ${by[0]} open, high, low and close of every row before it by ${n} and ${by[1]} ` +
    'their volume by it (what split-adjusted data does), or download adjusted data; then run check-data again. If no split ' +
    'took place that day (a real fall or rise of that size), the file is right, but its rows from there on cannot be told ' +
    'from an unadjusted split without looking ahead: a backtest then runs up to the day before it'
  );
}

/**
 * Where a stretch of an unadjusted split moves to another scale (the file's later splits, which the validator follows
 * within the stretch): said, or a user adjusted for the first split only to meet the next at the next check (Alpha
 * Vantage's raw Apple: 2000, then 2005, then 2014).
 */
function laterScales(group: readonly BarIssue[]): string | undefined {
  const moves: string[] = [];
  let current: string | undefined;
  for (const q of group) {
    if (q.scale === undefined) continue;
    const scale = scaleText(q.scale);
    if (current !== undefined && scale !== current) moves.push(`${scale} from ${isoTime(q.time ?? 0)}`);
    current = scale;
  }
  if (moves.length === 0) return undefined;
  return `its prices move to another scale ${moves.length === 1 ? 'once more' : `${moves.length} more times`} within it (${moves.join(', ')}, of the prices before it): more splits the file is not adjusted for; adjust for each of them before checking again`;
}

export function describeQuarantine(issues: readonly BarIssue[], lastValidTime: number | undefined, out: (line: string) => void): void {
  const stretches = new Map<number, BarIssue[]>();
  const singles: BarIssue[] = [];
  for (const q of issues) {
    if (q.since === undefined) singles.push(q);
    else {
      const list = stretches.get(q.since.row) ?? [];
      list.push(q);
      stretches.set(q.since.row, list);
    }
  }
  const groups = [...stretches.values(), ...singles.map((q) => [q])].map((g) => [...g].sort((a, b) => (a.time ?? 0) - (b.time ?? 0)));
  groups.sort((a, b) => (a[0]!.time ?? 0) - (b[0]!.time ?? 0));
  // Stretches after the last usable bar may follow one another (a shift judged anew at a file's next split): only the
  // last runs to the end of the file, and the first says what is lost from there on.
  // Folded, not Math.max(...times): a minute file quarantined from an early split has more rows than a call takes arguments.
  // The end is the newest time, not the highest row: a file written newest first ends at its row 2.
  const newest = issues.reduce((most, q) => Math.max(most, q.time ?? -Infinity), -Infinity);
  let lossSaid = false;
  for (const group of groups) {
    const first = group[0]!;
    if (group.length === 1) {
      out(`  row ${first.row} [${first.code}] ${first.message}`);
      continue;
    }
    const last = group[group.length - 1]!;
    const afterUsable = lastValidTime === undefined || (last.time ?? 0) > lastValidTime;
    const toEnd = afterUsable && (last.time ?? -Infinity) === newest;
    out(
      `  ${group.length} rows from ${isoTime(first.time)} (row ${first.row}) to ${isoTime(last.time)} (row ${last.row})` +
        `${toEnd ? ', the end of the file' : ''} [${first.code}]: ${first.message}`,
    );
    if (afterUsable && !lossSaid) {
      lossSaid = true;
      out(`    nothing from ${isoTime(first.time)} on is used: each row is judged against the rows before it, and no later row came back to their scale`);
    }
    out(`    what to do: ${fixFor(first)}`);
    const later = first.code === 'unadjusted-split' ? laterScales(group) : undefined;
    if (later) out(`    ${later}`);
    for (const q of group.slice(0, ROWS_LISTED)) out(`    row ${q.row} [${q.code}] ${q.message}`);
    if (group.length > ROWS_LISTED) out(`    ... and ${group.length - ROWS_LISTED} more rows like these`);
  }
}
