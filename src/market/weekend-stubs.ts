import type { Bar } from './market-port.js';
import { counted } from '../core/plural.js';
import { isoTime } from '../core/iso-time.js';

const DAY_MS = 86_400_000;

export interface WeekendStubs {
  count: number;
  /** Their median range (high − low over close) as a share of the weekdays' median. */
  rangeShare: number;
  first: readonly number[];
}

const median = (values: number[]): number => {
  const sorted = values.sort((a, b) => a - b);
  return sorted.length === 0 ? NaN : sorted[sorted.length >> 1]!;
};

/**
 * Daily bars dated on a Saturday or Sunday (in the file's own clock) that are few and narrow beside the weekdays': an
 * FX broker's two Sunday-evening hours written as a day (MetaTrader's EUR/CHF: 833 of 5,014 bars, at a third of the
 * weekdays' range). A market trading all week (a coin) has weekend bars as wide as the others, and is not flagged;
 * nor are a few weekend sessions in years (an exchange's make-up Saturdays).
 */
export function weekendStubs(bars: readonly Bar[], barMs: number | undefined, offsetAheadMs = 0): WeekendStubs | undefined {
  if (barMs === undefined || Math.abs(barMs - DAY_MS) > DAY_MS / 10) return undefined;
  const weekend: Bar[] = [];
  const weekdayRanges: number[] = [];
  for (const b of bars) {
    const day = new Date(b.time + offsetAheadMs).getUTCDay();
    if (day === 0 || day === 6) weekend.push(b);
    else if (b.close > 0) weekdayRanges.push((b.high - b.low) / b.close);
  }
  // A week of 5 weekdays and one stub is 1 in 6; a coin's 2 of 7 days are more, and wide.
  if (weekend.length < 5 || weekend.length > bars.length / 5) return undefined;
  // Stubs come most weeks; a few Saturdays in years are make-up sessions (Moscow's: 5 in 8 years of Aeroflot, thin
  // but real), not to be dropped.
  const weeks = (bars[bars.length - 1]!.time - bars[0]!.time) / (7 * DAY_MS);
  if (weekend.length * 10 < weeks) return undefined;
  const usual = median(weekdayRanges);
  const stub = median(weekend.filter((b) => b.close > 0).map((b) => (b.high - b.low) / b.close));
  if (!(usual > 0) || !(stub < usual / 2)) return undefined;
  return { count: weekend.length, rangeShare: stub / usual, first: weekend.slice(0, 3).map((b) => b.time) };
}

/** What check-data and the backtest say of them, one text for both. */
export const weekendStubsText = (stubs: WeekendStubs): string =>
  `${counted(stubs.count, 'daily bar')} dated on a Saturday or Sunday (the first ${stubs.first.map((t) => isoTime(t)).join(', ')}), at ${Math.round(stubs.rangeShare * 100)} % of the weekdays' usual range: ` +
  "a Sunday evening's session (an FX broker's, a futures exchange's) written as a day? They are used as days, so an ATR or a volatility over them reads smaller and a year counts more bars (the annualised figures with it); drop them (or merge each into the Monday) to count trading days only";
