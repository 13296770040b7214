import { resolve } from 'node:path';
import { ConfigError, OperationalError, errorMessage } from '../core/errors.js';
import { immutableNumbers } from '../core/freeze.js';
import type { BarIssue } from '../market/bar-validator.js';
import type { Bar } from '../market/market-port.js';
import { DataFileError, loadOhlcvFile } from '../market/ohlcv-file.js';
import { isoTime } from '../core/iso-time.js';
import { counted } from '../core/plural.js';
import { wallClockToUtc } from '../market/zoned-clock.js';
import { zonelessIntraday } from '../market/zoneless-times.js';
import { aheadAt } from '../market/utc-offset.js';
import { checkDataCommand } from './check-data-command.js';

export interface SeriesSpec {
  file: string;
  symbol: string;
  /** The IANA zone of the file's clock times written without one (--times-in); absent: UTC. */
  timesIn?: string;
}

/** One file as the backtest uses it: every usable bar, and where the run's span starts and ends in them. */
export interface LoadedSeries {
  symbol: string;
  file: string;
  barMs: number;
  /** Every usable bar, oldest first, immutable; bars before `first` are history the agents may see at the start. */
  bars: readonly Readonly<Bar>[];
  /** The largest offset ahead of UTC the file's times were written with (its days begin that much earlier). */
  offsetAheadMs?: number;
  /** The zone its clock times written without one were read in (--times-in), when one was named and used. */
  timesIn?: string;
  /** Its intraday clock times carry no zone and no --times-in named one: read as UTC, maybe hours off (zoneless-times.ts). */
  zonelessTimes?: true;
  /** Index of the first bar inside the span. */
  first: number;
  /** One past the last bar inside the span. */
  end: number;
  /**
   * Open time of the file's bar after `bars`, when a walk-forward cut the file there (folds.ts sliceSeries): the last
   * bar closes no later than it, as in the whole span's calendar. A time only, never the bar.
   */
  nextOpen?: number;
  rejected: number;
  quarantined: number;
  /** The rows behind `rejected` and `quarantined`, to tell the user which rows the run does not use. */
  issues?: { rejected: readonly BarIssue[]; quarantined: readonly BarIssue[] };
  /** Quarantined rows after the file's last usable bar and inside the span: the run sees nothing of the file from `from` on. */
  quarantinedTail?: QuarantinedTail;
}

export interface QuarantinedTail {
  /** Open time of the earliest of them. */
  from: number;
  rows: number;
  /** Its kind (unadjusted-split, unit-error, price-spike). */
  code: string;
}

/**
 * The quarantined rows after the last usable bar, up to `to`: a shift of scale (an unadjusted split, or a real move of
 * a split's size) that no later row undid. The run ends there for the file, and a move it hides is in no figure.
 */
function quarantinedTail(quarantined: readonly BarIssue[], lastUsable: number, to: number | undefined): QuarantinedTail | undefined {
  const tail = quarantined.filter((q) => q.time !== undefined && q.time > lastUsable && (to === undefined || q.time <= to));
  if (tail.length === 0) return undefined;
  const first = tail.reduce((a, b) => (b.time! < a.time! ? b : a));
  return { from: first.time!, rows: tail.length, code: first.code };
}

/**
 * The run's span: bars whose open time is in [from, to]. A bound given as a date alone (`fromDay`, `toDay`) means that
 * day as each file writes its days: a file whose times are ahead of UTC (Tokyo's +09:00) begins its day that much
 * before the UTC day, so its bound moves back by its offset (utc-offset.ts); a file read in a zone (--times-in) has
 * that zone's days.
 */
export interface Span {
  from?: number;
  to?: number;
  fromDay?: boolean;
  toDay?: boolean;
}

/** No usable bar is left to run on (exit 1, with the reason). */
export class NoUsableBarsError extends OperationalError {}

/** A file with a single bar has no spacing to infer a bar length from: a day is the common case. */
const DEFAULT_BAR_MS = 86_400_000;

/**
 * Loads and validates each file (every format replay reads) and finds the span [from, to] in it: a bar is inside when
 * its open time is. A file that cannot be read is a bad argument (ConfigError naming it); a file without any usable
 * bar in the span ends the run with the reason (NoUsableBarsError), unless `leaveOutOfSpan` lets the others run.
 */
export async function loadSeries(specs: readonly SeriesSpec[], wanted: Span, options: LoadOptions = {}): Promise<LoadedSeries[]> {
  const out: LoadedSeries[] = [];
  const leftOut: { symbol: string; reason: string }[] = [];
  // A file named for several symbols is read and validated once; its immutable bars are shared.
  const loaded = new Map<string, { result: Awaited<ReturnType<typeof loadOhlcvFile>>; bars: readonly Readonly<Bar>[] }>();
  for (const spec of specs) {
    const key = `${resolve(spec.file)}\u0000${spec.timesIn ?? ''}`;
    let entry = loaded.get(key);
    if (!entry) {
      let result;
      try {
        result = await loadOhlcvFile(spec.file, spec.timesIn !== undefined ? { timesIn: spec.timesIn } : {});
      } catch (error) {
        // A file that cannot be read, or an archive of several files, is an argument to change (78), not a file without bars.
        if (error instanceof DataFileError && /cannot read|name the one to read/.test(error.message)) throw new ConfigError(`FILE ${spec.file}: ${errorMessage(error)}`, 'FILE');
        throw new NoUsableBarsError(`${spec.file} has no usable bars: ${errorMessage(error)}`);
      }
      // The validator's bars are made for this read and held by nothing else: frozen where they are, not copied (a copy
      // was a second set of bars in memory while loading, 170 MB for a million rows).
      entry = { result, bars: result.bars.map((b) => immutableNumbers(b)) };
      loaded.set(key, entry);
    }
    const { result, bars } = entry;
    if (bars.length === 0) {
      // The first row's reason says what to do at once (a date format, a separator); it was only a count before.
      const first = result.rejected[0] ?? result.quarantined[0];
      const why = first ? `; row ${first.row} [${first.code}]: ${first.message}` : '';
      throw new NoUsableBarsError(
        `${spec.file} has no usable bars (${result.rejected.length} rejected, ${result.quarantined.length} quarantined)${why}; run ${checkDataCommand(spec.file, spec.timesIn)} for every reason`,
      );
    }
    const ahead = result.offsetAheadMs;
    // A date alone bounds the file's own day: in the zone its times were read in, or as far ahead as its rows at that
    // date were written (not the file's largest offset: a later summer row moved a winter --from by an hour).
    const zoned = spec.timesIn !== undefined && result.zonedRows ? wallClockToUtc(spec.timesIn) : undefined;
    const runs = result.offsetRuns;
    const dayBound = (t: number) => (zoned ? zoned(t) : t - (runs ? aheadAt(runs, t) : ahead));
    const span = { from: wanted.from !== undefined && wanted.fromDay ? dayBound(wanted.from) : wanted.from, to: wanted.to !== undefined && wanted.toDay ? dayBound(wanted.to) : wanted.to };
    let first = 0;
    while (first < bars.length && span.from !== undefined && bars[first]!.time < span.from) first++;
    let end = first;
    while (end < bars.length && (span.to === undefined || bars[end]!.time <= span.to)) end++;
    const tail = end === bars.length ? quarantinedTail(result.quarantined, bars.at(-1)!.time, span.to) : undefined;
    if (end === first) {
      // Rows the span holds but that were quarantined are said: "its bars run to 2006" of a file that plainly holds 2008 misled.
      // Up to --to only, as the tail is counted; the file's own count (check-data's) was taken for it and did not match.
      const all = tail && span.to !== undefined ? quarantinedTail(result.quarantined, bars.at(-1)!.time, undefined)!.rows : 0;
      const rows = all > (tail?.rows ?? 0) ? `${counted(tail!.rows, 'row')} from ${isoTime(tail!.from)} up to --to (${all} to the file's end)` : tail ? `${counted(tail.rows, 'row')} from ${isoTime(tail.from)} on` : '';
      const hidden = tail ? `; its ${rows} are quarantined (${tail.code}): run ${checkDataCommand(spec.file, spec.timesIn)} for why and what to do` : '';
      // A span inside the file's range fell in a gap: "its bars run from 1995 to 2014" of a weekend in 2014 said nothing.
      const gap = first > 0 && first < bars.length ? `, and none opens in the span, which falls between two of them: ${isoTime(bars[first - 1]!.time)} and ${isoTime(bars[first]!.time)} (a weekend, a holiday or a hole in the file); widen --from or --to to take in a bar` : '';
      const reason = `no usable bar of ${spec.file} (${spec.symbol}) falls between ${span.from !== undefined ? isoTime(span.from) : 'its start'} and ${span.to !== undefined ? isoTime(span.to) : 'its end'}: its usable bars run from ${isoTime(bars[0]!.time)} to ${isoTime(bars.at(-1)!.time)}${gap}${hidden}`;
      if (!options.leaveOutOfSpan) throw new NoUsableBarsError(reason);
      leftOut.push({ symbol: spec.symbol, reason });
      continue;
    }
    // Rows after the span were never the run's to use: counted as not used, they made the warning and the page count
    // rows of a file beyond --to.
    const upTo = (issues: readonly BarIssue[]) => (span.to === undefined ? issues : issues.filter((i) => !(i.time! > span.to!)));
    const rejected = upTo(result.rejected);
    const quarantined = upTo(result.quarantined);
    out.push({
      symbol: spec.symbol,
      file: spec.file,
      ...(ahead > 0 ? { offsetAheadMs: ahead } : {}),
      ...(spec.timesIn !== undefined && result.zonedRows ? { timesIn: spec.timesIn } : {}),
      ...(zonelessIntraday(result) ? { zonelessTimes: true as const } : {}),
      barMs: result.barMs ?? DEFAULT_BAR_MS,
      bars,
      first,
      end,
      rejected: rejected.length,
      quarantined: quarantined.length,
      issues: { rejected, quarantined },
      ...(tail ? { quarantinedTail: tail } : {}),
    });
  }
  if (out.length === 0 && leftOut.length > 0) throw new NoUsableBarsError(leftOut.map((l) => l.reason).join('; '));
  for (const l of leftOut) options.leaveOutOfSpan?.(`${l.reason}; the run goes on without ${l.symbol}`);
  return out;
}

export interface LoadOptions {
  /**
   * Files with no bar in the span (files of different calendars: a later listing) are left out, each said here,
   * and the run goes on with the others; without it, such a file ends the run. None left is still an error.
   */
  leaveOutOfSpan?: (message: string) => void;
}
