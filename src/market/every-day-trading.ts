import type { Bar } from './market-port.js';

const DAY_MS = 86_400_000;
/** Day of the week in UTC (0 Sunday), without a Date per row: 1970-01-01 was a Thursday. */
export const weekdayOf = (time: number): number => (((Math.floor(time / DAY_MS) + 4) % 7) + 7) % 7;

/** Rows with a range each day of the week must show before the series counts as trading every day. */
const EACH = 3;

/**
 * Whether a series trades on every day of the week, as crypto markets do, judged from the rows so far. No exchange
 * listing shares trades seven days (Tehran's Saturday-to-Wednesday week is the nearest), and coins do not split: in
 * such a series a jump of a split's ratio is a move. Bittrex's VTC/BTC of 2014, thin trades at round prices from
 * 0.001 to 0.003 BTC, was quarantined as a 1:3 reverse split. Flat rows (a closed day filled in) do not count.
 */
export class EveryDayTrading {
  private readonly days = [0, 0, 0, 0, 0, 0, 0];
  /** Days of the week with fewer than EACH rows so far. */
  private short = 7;

  /** Counts a row that passed the structural checks; whether the series has now shown trading on all seven days. */
  see(b: Bar): boolean {
    if (this.short > 0 && b.high > b.low) {
      if (++this.days[weekdayOf(b.time)]! === EACH) this.short--;
    }
    return this.short === 0;
  }
}
