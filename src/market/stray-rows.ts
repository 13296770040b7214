/**
 * Rows of a file that cannot be history as dated: a few rows dated later than the rows that follow them (a typo in a
 * date: 2102-12-09 among 2002's rows), and rows dated after the present. Read in file order, one such row made every
 * row after it "out of order": a single typo erased the 3,036 ORCL rows that followed it, and the real bar of the
 * typo's date was then rejected as its duplicate. Taking the stray rows out first leaves the rows around them as
 * they are. Judged in time order this uses no future: a stray row is dated after the rows that show it astray.
 */
import type { BarIssue, RawBar } from './bar-validator.js';
import { isoTime } from '../core/iso-time.js';

/** At most this many consecutive rows are taken for strays; a longer run dated ahead is two files put together. */
export const MAX_STRAY_ROWS = 5;

/** A row may be dated this far past the present (a daily bar labelled with a time zone ahead of UTC, a clock skew). */
export const FUTURE_SLACK_MS = 2 * 86_400_000;

/**
 * Splits `rows` (in the file's order, oldest first) into the rows to validate and the stray ones, rejected with the
 * reason. `now` is the present: history cannot be dated after it.
 */
export function takeOutStrayRows(rows: readonly RawBar[], file: string, now: number): { rows: readonly RawBar[]; strays: BarIssue[] } {
  const strays: BarIssue[] = [];
  const stray = new Set<RawBar>();
  const reject = (b: RawBar, message: string) => {
    stray.add(b);
    strays.push({ file, row: b.row, time: b.time, code: 'out-of-order', severity: 'rejected', message });
  };
  // The rows kept so far with a readable time, in time order; a stray run is taken off its end.
  const kept: RawBar[] = [];
  for (const b of rows) {
    if (!Number.isFinite(b.time)) continue;
    if (b.time > now + FUTURE_SLACK_MS) {
      reject(b, `time ${isoTime(b.time)} is after the present (${isoTime(now)}): history cannot be dated there; a typo in its date?`);
      continue;
    }
    const last = kept[kept.length - 1];
    if (last && b.time < last.time) {
      // Rows dated after this one: if a few, and the row before them is earlier than this one, they are the strays.
      let i = kept.length - 1;
      while (i >= 0 && kept[i]!.time > b.time && kept.length - i <= MAX_STRAY_ROWS) i--;
      const run = kept.length - 1 - i;
      if (!((i < 0 || kept[i]!.time < b.time) && run <= MAX_STRAY_ROWS)) continue; // out of order: the validator says so
      for (const s of kept.splice(i + 1)) {
        reject(s, `time ${isoTime(s.time)} is after the rows that follow it (row ${b.row}, ${isoTime(b.time)}) and out of sequence with the rows around it: a typo in its date? The rows after it are kept`);
      }
    }
    kept.push(b);
  }
  return { rows: stray.size === 0 ? rows : rows.filter((b) => !stray.has(b)), strays };
}
