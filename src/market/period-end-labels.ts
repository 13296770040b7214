const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
/** Share of a file's bars that must carry an end-of-period date to call the file so (holidays move a few). */
const SHARE = 0.8;
const FRIDAY = 5;

/** The day of month and weekday of a bar as the file writes its days (a file ahead of UTC begins them earlier). */
function fileDay(time: number, offsetAheadMs: number): Date {
  return new Date(time + offsetAheadMs);
}

function lastDayOfMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * Whole weeks a bar length is, allowing for holidays in the commonest step (a week's 5 to 8 days, two weeks' 12 to
 * 15), else undefined.
 */
function wholeWeeks(barMs: number): number | undefined {
  const weeks = Math.round(barMs / WEEK_MS);
  return weeks >= 1 && barMs >= weeks * WEEK_MS - 2 * DAY_MS && barMs <= weeks * WEEK_MS + DAY_MS ? weeks : undefined;
}

const MONTH_MS = 30.4375 * DAY_MS;
const MONTH_LABELS: Record<number, string> = {
  1: 'monthly bars dated at the month’s end',
  3: 'quarterly bars dated at the quarter’s end',
  12: 'yearly bars dated at the year’s end',
};

/** Whole months a bar length is (a month's 28 to 31 days, a quarter's 89 to 92, a year's 365 or 366), else undefined. */
function wholeMonths(barMs: number): number | undefined {
  const months = Math.round(barMs / MONTH_MS);
  return months >= 1 && Math.abs(barMs - months * MONTH_MS) <= 3 * DAY_MS ? months : undefined;
}

/**
 * Bars of whole weeks or months dated at the end of their period (a week's Friday, as backtrader's weekly and
 * two-week files and many resamples write them; a month's, quarter's or year's last days, as pandas' resample('M'),
 * ('Q') and ('A') write them: backtesting.py's BTCUSD.csv; a day's last minute, 23:59): what the file has, or undefined. Yahoo's weekly and monthly bars (a Monday, the 1st)
 * are dated at their start. check-data and the backtest both say it by this rule.
 */
export function periodEndLabel(bars: readonly { time: number }[], barMs: number | undefined, offsetAheadMs = 0): string | undefined {
  if (bars.length < 3 || barMs === undefined) return undefined;
  const days = bars.map((b) => fileDay(b.time, offsetAheadMs));
  const share = (test: (d: Date) => boolean) => days.filter(test).length / days.length;
  const weeks = wholeWeeks(barMs);
  if (weeks !== undefined && share((d) => d.getUTCDay() === FRIDAY) >= SHARE) {
    return weeks === 1 ? 'weekly bars dated on the week’s Friday' : `${weeks}-week bars dated on the Friday of their last week`;
  }
  const months = wholeMonths(barMs);
  if (months !== undefined && share((d) => lastDayOfMonth(d) - d.getUTCDate() <= 3) >= SHARE) return MONTH_LABELS[months] ?? `${months}-month bars dated at the end of their last month`;
  // A day stamped at its last minute (23:59 or 23:59:59): CoinMarketCap's close time, as Kaggle's coin histories write it.
  const clock = (d: Date) => ((d.getTime() % DAY_MS) + DAY_MS) % DAY_MS;
  if (Math.abs(barMs - DAY_MS) <= DAY_MS / 10 && share((d) => clock(d) >= DAY_MS - 60_000) >= SHARE) return 'daily bars stamped at the end of their day (23:59)';
  return undefined;
}

/** What such dates do to a run that reads a bar's date as its open, and what to do. */
export const PERIOD_END_EFFECT =
  'each bar is seen a period late and an order fills at a price the market made before the date it is given (beside a file dated on time, before the decision); ' +
  'date each bar at the start of its period (the Monday, the 1st, a day at 00:00) for the run to see it on time';
