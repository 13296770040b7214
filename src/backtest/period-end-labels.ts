import type { LoadedSeries } from './load-series.js';

const DAY_MS = 86_400_000;
/** Share of a file's bars that must carry an end-of-period date to call the file so (holidays move a few). */
const SHARE = 0.8;
const FRIDAY = 5;

/** The day of month and weekday of a bar as the file writes its days (a file ahead of UTC begins them earlier). */
function fileDay(s: LoadedSeries, time: number): Date {
  return new Date(time + (s.offsetAheadMs ?? 0));
}

function lastDayOfMonth(d: Date): number {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
}

/**
 * Weekly or monthly bars dated at the end of their period (a week's Friday, as backtrader's weekly files and many
 * resamples write them; a month's last days, as pandas' resample('M') writes backtesting.py's BTCUSD.csv). The run
 * takes a bar's date as its open, so each such bar is seen a period late and an order fills at the open of a bar
 * dated after the decision that the market made days or weeks before: beside a daily file (which is seen on time),
 * a price from before the decision. Yahoo's weekly and monthly bars (a Monday, the 1st) are dated at their start.
 */
export function periodEndLabelWarnings(series: readonly LoadedSeries[]): string[] {
  const lines: string[] = [];
  for (const s of series) {
    if (s.bars.length < 3) continue;
    const days = s.bars.map((b) => fileDay(s, b.time));
    const share = (test: (d: Date) => boolean) => days.filter(test).length / days.length;
    let period: string | undefined;
    if (s.barMs >= 5 * DAY_MS && s.barMs <= 8 * DAY_MS && share((d) => d.getUTCDay() === FRIDAY) >= SHARE) period = 'weekly bars dated on the week’s Friday';
    else if (s.barMs >= 28 * DAY_MS && s.barMs <= 31 * DAY_MS && share((d) => lastDayOfMonth(d) - d.getUTCDate() <= 3) >= SHARE) period = 'monthly bars dated at the month’s end';
    if (period) {
      lines.push(
        `${s.file} (${s.symbol}) has ${period}: the run reads a bar’s date as its open, so each bar is seen a period late and an order fills at a price the market made before the date it is given (beside a file dated on time, before the decision); date each bar at the start of its period (the Monday, the 1st) for the run to see it on time`,
      );
    }
  }
  return lines;
}
