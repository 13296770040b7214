import { isoTime } from '../core/iso-time.js';
import type { RejectCode } from './bar-validator.js';

/**
 * Whether a live bar's time can be a time at all. A source that fetches the latest bars on the clock's now cannot get
 * one from before 1973, nor one that opens more than a bar after now: such a time is a unit error (epoch seconds or
 * microseconds read as milliseconds) or a clock that is off, and the bar is refused with what it is. Files are not
 * judged so: history is old by nature, and their readers convert seconds, µs and ns themselves (bar-time.ts).
 */

export type LiveTimeCode = Extract<RejectCode, 'time-before-1973' | 'time-in-future'>;

/** 1e11 ms is 1973-03-03; 1e11 s is the year 5138, so a time below it can only be seconds read as milliseconds. */
const EARLIEST_MS = 1e11;

/** A span of time in the unit that reads best (s, min, h, days, years), rounded. */
export function duration(ms: number): string {
  if (ms < 120_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${Math.round(ms / 60_000)} min`;
  if (ms < 172_800_000) return `${Math.round(ms / 3_600_000)} h`;
  if (ms < 63_072_000_000) return `${Math.round(ms / 86_400_000)} days`;
  return `${Math.round(ms / 31_557_600_000)} years`;
}

/** Why a live bar's open time cannot be true, or undefined when it can (a time that is no number is the validator's). */
export function liveTimeIssue(time: number, now: number, barMs: number): { code: LiveTimeCode; message: string } | undefined {
  if (!Number.isFinite(time)) return undefined;
  if (time < EARLIEST_MS) {
    const why = time >= 1e8 ? `epoch seconds given as milliseconds (as seconds it is ${isoTime(time * 1000)})` : 'no real time';
    return { code: 'time-before-1973', message: `time ${time} reads as ${isoTime(time)}: ${why}` };
  }
  if (time - now > barMs) {
    const why = time >= 1e14 ? 'microseconds or nanoseconds given as milliseconds' : "the exchange's clock or this machine's is off";
    return { code: 'time-in-future', message: `time ${isoTime(time)} is ${duration(time - now)} after the clock's now (${isoTime(now)}), more than a bar: ${why}` };
  }
  return undefined;
}
