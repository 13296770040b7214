/**
 * The UTC offset a time was written with, when it is ahead of UTC (`2023-03-20 00:00:00+09:00`, as yfinance writes
 * Tokyo's daily bars): its milliseconds, else 0. A file's largest such offset lets a date alone (`--from 2023-03-20`)
 * mean the file's own day, which began 9 hours before that UTC day. Offsets behind UTC need nothing: the file's
 * midnight then falls inside the UTC day of the same date.
 */
export function offsetAheadMs(text: string): number {
  const n = text.length;
  // Cheap first: the text ends in digits with a '+' five or six characters back (+0900, +09:00).
  if (n < 6 || (text.charCodeAt(n - 6) !== 43 && text.charCodeAt(n - 5) !== 43)) return 0;
  const m = /\+(\d{2}):?(\d{2})$/.exec(text);
  if (!m) return 0;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes > 0 && minutes <= 14 * 60 ? minutes * 60_000 : 0;
}

/**
 * Whether a time is a clock time written without its zone (`2013-05-17 03:00`, as MetaTrader and most brokers export
 * bars, in their server's time): read as UTC, which may shift every bar by hours. A date alone, an epoch number and a
 * time with `Z` or an offset say nothing of this kind.
 */
export function clockTimeWithoutZone(text: string): boolean {
  const t = text.trim();
  // HH:MM, an hour of a 12-hour clock (09-AM), or HistData's YYYYMMDD HHMMSS.
  if (!/\d{1,2}:\d{2}|\d{1,2}-[AP]M\b/i.test(t) && !/^\d{8}[ T]\d{4,6}$/.test(t)) return false;
  return !/(?:Z|[+-]\d{2}(?::?\d{2})?|\bUTC|\bGMT)$/i.test(t);
}

/** Rows from `from` (epoch ms) on written `ahead` of UTC, until the next run's `from`. */
export interface OffsetRun {
  from: number;
  ahead: number;
}

/**
 * The offsets ahead of UTC a file's rows are written with, run by run as they change (a zone's daylight time: London's
 * +01:00 in summer, +00:00 in winter), so that a date alone bounds the day as the rows at that date write it. The
 * file's largest offset did it before: a summer row after a winter moved --from by an hour, a later row changing where
 * the span began (the bar of 23:00Z the day before came into it).
 */
export class OffsetRuns {
  private readonly runs: { lo: number; hi: number; ahead: number }[] = [];
  /** The largest offset ahead any row was written with, 0 when none: the file's offsetAheadMs. */
  largest = 0;

  /** A row's time and its offset ahead (offsetAheadMs), in the file's order. */
  see(time: number, ahead: number): void {
    this.largest = Math.max(this.largest, ahead);
    const run = this.runs.at(-1);
    if (run?.ahead !== ahead) this.runs.push({ lo: time, hi: time, ahead });
    else [run.lo, run.hi] = [Math.min(run.lo, time), Math.max(run.hi, time)];
  }

  /** The runs in time order; undefined when every row has one offset (the file's offsetAheadMs is it). */
  done(): OffsetRun[] | undefined {
    if (this.runs.length < 2) return undefined;
    return this.runs.map((r) => ({ from: r.lo, ahead: r.ahead })).sort((a, b) => a.from - b.from);
  }
}

/** The offset ahead of the rows at `time`: the latest run from at or before it, else the first. */
export function aheadAt(runs: readonly OffsetRun[], time: number): number {
  let ahead = runs[0]!.ahead;
  for (const r of runs) {
    if (r.from > time) break;
    ahead = r.ahead;
  }
  return ahead;
}
