import { ConfigError } from '../core/errors.js';

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date without a time of day (2005-01-31): a whole day, as each file writes its days (load-series.ts). */
export const dateAlone = (text: string | undefined): boolean => text !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text.trim());

/**
 * A year (2005) or a month (2005-06), as ISO 8601 also writes dates, as the day it starts with (`--from`) or ends with
 * (`--to`); any other text as it is. They were refused as "not an ISO 8601 date".
 */
export function wholeDays(text: string | undefined, end: boolean): string | undefined {
  const m = text === undefined ? null : /^(\d{4})(?:-(\d{2}))?$/.exec(text.trim());
  if (!m) return text;
  const year = Number(m[1]);
  const month = m[2] === undefined ? (end ? 12 : 1) : Number(m[2]);
  if (month < 1 || month > 12) return text;
  const day = end ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 1;
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * An ISO 8601 date or date-time (UTC unless it names an offset), or a ConfigError naming the argument. With `endOfDay`
 * a date alone means the last millisecond of that UTC day: `--to 2006-01-03` keeps that day's intraday bars.
 */
export function parseIsoArgument(name: string, text: string, endOfDay = false): number {
  // Python's and pandas' isoformat write microseconds (refused before): read to the millisecond, as the clock keeps
  // time. The zone is looked for in the trimmed text: a Z followed by a space had a second Z added, and was refused.
  const trimmed = text.trim().replace(/(\.\d{1,3})\d*/, '$1');
  const t = ISO.test(text.trim()) ? Date.parse(/[T ]\d{2}:\d{2}/.test(trimmed) && !/(Z|[+-]\d{2}:?\d{2})$/.test(trimmed) ? `${trimmed.replace(' ', 'T')}Z` : trimmed) : NaN;
  // Date.parse rolls a day the month lacks into the next month (2005-02-30 ran to 2005-03-02): such a date is a typo.
  const [year, month, day] = text.trim().slice(0, 10).split('-').map(Number) as [number, number, number];
  if (Number.isFinite(t) && new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) {
    throw new ConfigError(`${name} ${JSON.stringify(text)} is not a date: ${text.trim().slice(0, 7)} has no day ${day}`, name);
  }
  if (!Number.isFinite(t)) {
    throw new ConfigError(`${name} ${JSON.stringify(text)} is not an ISO 8601 date: write it as 2005-01-31 or 2005-01-31T14:30:00Z (or 2005, 2005-01 for the whole year or month)`, name);
  }
  return endOfDay && dateAlone(text) ? t + 86_400_000 - 1 : t;
}
