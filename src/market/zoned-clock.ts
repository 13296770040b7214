import type { BarIssue } from './bar-validator.js';
import { DataFileError } from './csv-fields.js';
import { isTimeZone } from './market-time.js';
import { clockTimeWithoutZone } from './utc-offset.js';
import { parseBarTime } from './bar-time.js';

/** What to write instead of a zone the runtime does not know. */
export const ZONE_HINT = 'name an IANA zone (America/New_York, Europe/London, Etc/GMT-2 for a fixed UTC+2)';

/** Whether `zone` can be read: an IANA zone the runtime knows, or UTC under any of its names (UTC, GMT, Z). */
export const isKnownZone = (zone: string): boolean => isUtc(zone) || isTimeZone(zone);

const isUtc = (zone: string) => /^(utc|gmt|z|etc\/utc|etc\/gmt)$/i.test(zone);

/** The zone's offset at a UTC instant: its wall clock then, read as if UTC, minus the instant. */
function offsetsOf(zone: string): (utc: number) => number {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
  return (utc) => {
    const p = Object.fromEntries(format.formatToParts(new Date(utc)).map((x) => [x.type, Number(x.value)]));
    return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(utc / 1000) * 1000;
  };
}

/** The wall clock of a known zone at a UTC instant, as if it were UTC (the other way from wallClockToUtc). */
export function wallClockAt(zone: string, utc: number): number {
  return wallClockIn(zone)(utc);
}

/** wallClockAt for many instants of one zone: its formatter made once. */
export function wallClockIn(zone: string): (utc: number) => number {
  if (isUtc(zone)) return (utc) => utc;
  const offsetAt = offsetsOf(zone);
  return (utc) => utc + offsetAt(utc);
}

/**
 * Wall-clock times of an IANA time zone ("America/New_York", "Etc/GMT-2") to UTC, daylight saving included: a time
 * written without a zone, read as if it were UTC (`wall`), becomes the instant it names in `zone`. Undefined for a zone
 * the runtime does not know. The zone's offset is looked up once per half hour of wall clock (a file of minutes asks the same
 * half hour thirty times), and for each time on its own in a half hour in which the clocks change.
 */
export function wallClockToUtc(zone: string): ((wall: number) => number) | undefined {
  if (isUtc(zone)) return (wall) => wall;
  if (!isTimeZone(zone)) return undefined;
  const offsetAt = offsetsOf(zone);
  // Twice: the offset at the first guess may differ from the offset at the answer near a change of the clocks.
  const exact = (wall: number) => offsetAt(wall - offsetAt(wall));
  const HALF_HOUR = 1_800_000;
  // Per half hour of wall clock: its offset, or NaN when the clocks change within it (each time then on its own).
  const offsets = new Map<number, number>();
  return (wall) => {
    if (!Number.isFinite(wall)) return wall;
    const slot = Math.floor(wall / HALF_HOUR);
    let offset = offsets.get(slot);
    if (offset === undefined) {
      const first = exact(slot * HALF_HOUR);
      offset = exact((slot + 1) * HALF_HOUR - 1) === first ? first : NaN;
      offsets.set(slot, offset);
    }
    return wall - (Number.isNaN(offset) ? exact(wall) : offset);
  };
}

/**
 * The UTC time (ISO) of a clock time an API's answer writes in the zone it names (Alpha Vantage's "Time Zone", Twelve
 * Data's `exchange_timezone`), daylight saving included; undefined for text that is no time. A zone the runtime does
 * not know is refused, naming the answer's `field`.
 */
export function answerClock(zone: string, file: string, field: string): (text: string) => string | undefined {
  const toUtc = wallClockToUtc(zone);
  if (!toUtc) throw new DataFileError(`OHLCV file ${file}: its "${field}" "${zone}" is not a time zone this reader knows; rewrite its times in UTC`);
  return (text) => {
    const wall = parseBarTime(text);
    return Number.isNaN(wall) ? undefined : new Date(toUtc(wall)).toISOString();
  };
}

const SKIPPED = "'s clocks skip (they go forward that night)";

/** Whether a rejected row is a time its --times-in zone's clocks skip (zonedTimes' skippedIssue): its message says what to do. */
export const isSkippedClockTime = (issue: BarIssue): boolean => issue.code === 'invalid-time' && issue.message.includes(SKIPPED);

/**
 * The reader of a file's zoneless clock times: each row's time (read as UTC) to the instant it names in `timesIn`;
 * the others as they are. `rows` counts the rows moved. A time the zone's clocks skip is NaN, with `skipped` set
 * until the next row: `skippedIssue` says why.
 */
export function zonedTimes(timesIn: string | undefined, file: string): ((time: number, text: string) => number) & { rows: number; skipped: boolean; skippedIssue: (row: number, text: string) => BarIssue } {
  const toUtc = timesIn === undefined ? undefined : wallClockToUtc(timesIn);
  if (timesIn !== undefined && !toUtc) throw new DataFileError(`OHLCV file ${file}: time zone ${JSON.stringify(timesIn)} is not one this runtime knows; ${ZONE_HINT}`);
  const offsetAt = timesIn === undefined || isUtc(timesIn) ? undefined : offsetsOf(timesIn);
  const change = offsetAt && offsetChanges(offsetAt);
  const twice = offsetAt && change && repeatedWallTime(offsetAt, change);
  const gap = offsetAt && change && skippedWallTime(offsetAt, change);
  let previous = NaN;
  const read = Object.assign(
    (time: number, text: string) => {
      read.skipped = false;
      if (Number.isNaN(time)) return time;
      if (!toUtc || !clockTimeWithoutZone(text)) return (previous = time);
      read.rows++;
      // Read as a near instant, such a time collided with the hour after it (one rejected as the other's duplicate)
      // and every later time stayed an hour off, unsaid: the file is not on this zone's clock.
      const skipped = gap?.(time, toUtc(time));
      if (skipped === 'refused') {
        read.skipped = true;
        return NaN;
      }
      if (skipped !== undefined) return (previous = skipped);
      // The hour the clocks go back is written twice: in file order, each row is the instant next to the row before
      // (read alone, both were the later one: the first moved an hour late, the second rejected as its duplicate).
      const both = twice?.(time);
      if (!both || Number.isNaN(previous)) return (previous = toUtc(time));
      const [early, late] = both;
      const near = (t: number) => (t === previous ? Infinity : Math.abs(t - previous));
      return (previous = near(early) <= near(late) ? early : late);
    },
    {
      rows: 0,
      skipped: false,
      skippedIssue: (row: number, text: string): BarIssue => ({
        file,
        row,
        code: 'invalid-time',
        severity: 'rejected',
        message:
          `time "${text}" is one ${timesIn}${SKIPPED}, so this file's times are not on ${timesIn}'s clock: ` +
          `give timesIn (--times-in) the zone the file was written in (a fixed UTC+1 all year is Etc/GMT-1)`,
      }),
    },
  );
  return read;
}

const DAY = 86_400_000;

/**
 * Per day of wall clock, how the zone's offset changes around it: above 0 it rises (the clocks go forward), below 0 it
 * falls (they go back), 0 none. Two Intl calls a day, not a row.
 */
function offsetChanges(offsetAt: (utc: number) => number): (wall: number) => number {
  const byDay = new Map<number, number>();
  return (wall) => {
    const day = Math.floor(wall / DAY);
    let change = byDay.get(day);
    if (change === undefined) byDay.set(day, (change = offsetAt((day + 2) * DAY) - offsetAt((day - 1) * DAY)));
    return change;
  };
}

/**
 * Of a wall time the zone's clocks skip (the hour they go forward), given the instant it was read as: 'refused', or
 * for a midnight the instant its day begins; undefined for any other time.
 */
function skippedWallTime(offsetAt: (utc: number) => number, change: (wall: number) => number): (wall: number, utc: number) => number | 'refused' | undefined {
  return (wall, utc) => {
    if (change(wall) <= 0 || utc + offsetAt(utc) === wall) return undefined;
    // Midnight is a day's label, not a time of it: where the clocks skip it (Santiago, Beirut, Cairo), a daily bar
    // written at 00:00 is that day's, read at the first instant the day has (the offset before the change).
    return wall % DAY === 0 ? wall - offsetAt(utc - DAY) : 'refused';
  };
}

/** The two instants of a wall time the zone's clocks show twice (the hour they go back), else undefined. */
function repeatedWallTime(offsetAt: (utc: number) => number, change: (wall: number) => number): (wall: number) => [number, number] | undefined {
  return (wall) => {
    if (change(wall) >= 0) return undefined;
    const before = offsetAt(wall - DAY);
    const after = offsetAt(wall + DAY);
    // The offset falls only when the clocks go back; then the wall time is shown twice if both readings give it back.
    if (after >= before) return undefined;
    const early = wall - before;
    const late = wall - after;
    return offsetAt(early) === before && offsetAt(late) === after ? [early, late] : undefined;
  };
}
