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
  // The day is asked for on every bar and equity mark (a backtest asks ~once per bar): the last answer is kept, for
  // the whole UTC day (a UTC day is exactly 86,400,000 ms of epoch time) or for the same instant in another zone.
  if (timeZone === 'UTC') {
    let lastDay = NaN;
    let lastText = '';
    return (time) => {
      const day = Math.floor(time / 86_400_000);
      if (day !== lastDay) {
        lastText = utcDate(day) ?? new Date(time).toISOString().slice(0, 10);
        lastDay = day;
      }
      return lastText;
    };
  }
  // en-CA formats dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  let lastTime = NaN;
  let lastText = '';
  return (time) => {
    if (time !== lastTime) {
      lastText = format.format(time);
      lastTime = time;
    }
    return lastText;
  };
}

/**
 * YYYY-MM-DD of a day counted from 1970-01-01, by the proleptic Gregorian calendar as toISOString writes it, for years
 * 0 to 9999 (undefined outside: toISOString's own form then). Arithmetic: a Date and its ISO string per daily bar were
 * ~1 % of a daily backtest.
 */
function utcDate(day: number): string | undefined {
  // 1970-01-01 is day 719,468 from 0000-03-01; 400-year eras of 146,097 days, years starting in March.
  const z = day + 719_468;
  if (!(z >= -60 && z < 3_652_365)) return undefined;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
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
