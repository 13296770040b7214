import type { Clock } from '../core/clock.js';
import type { Bar } from './market-port.js';

/**
 * The market's time: the close of the newest bar seen (less a millisecond, so a daily bar belongs to its own date),
 * the clock's now before any bar. The daily loss limit rolls over on this time's day, so a replay of old bars, a
 * market closed for the night, or a machine in another time zone never starts a new trading day on the wall clock.
 */
export class MarketTime {
  private latest: number | null = null;

  constructor(private readonly clock: Clock) {}

  /** A series just read (oldest first); `barMs` when the adapter knows it, else the spacing of its last two bars. */
  observe(series: readonly Readonly<Bar>[], barMs?: number): void {
    const last = series.at(-1);
    if (!last) return;
    const length = barMs ?? (series.length >= 2 ? last.time - series.at(-2)!.time : 0);
    const close = last.time + Math.max(0, length) - 1;
    if (Number.isFinite(close) && (this.latest === null || close > this.latest)) this.latest = close;
  }

  now(): number {
    return this.latest ?? this.clock.now();
  }
}

/**
 * The calendar day (YYYY-MM-DD) of a time in an IANA time zone ("UTC", "America/New_York"). Throws a RangeError for
 * an unknown zone (the configuration checks it first).
 */
export function dayIn(timeZone: string): (time: number) => string {
  if (timeZone === 'UTC') return (time) => new Date(time).toISOString().slice(0, 10);
  // en-CA formats dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  return (time) => format.format(time);
}

/** Whether the runtime knows the time zone. */
export function isTimeZone(timeZone: string): boolean {
  try {
    dayIn(timeZone);
    return true;
  } catch {
    return false;
  }
}
