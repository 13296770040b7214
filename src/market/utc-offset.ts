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
