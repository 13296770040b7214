import { PERIOD_END_EFFECT, periodEndLabel } from '../market/period-end-labels.js';
import { weekendStubs, weekendStubsText } from '../market/weekend-stubs.js';
import { flatBarsNotice } from '../market/filler-bars.js';
import { copiedOpenNotice } from '../market/copied-open.js';
import { everyDayFrom, lockedDays, lockedDaysText } from '../market/locked-bar.js';
import type { LoadedSeries } from './load-series.js';

/** One warning per file that `notice` finds something in: `FILE (SYMBOL) has ...`, as check-data says it of the file. */
function perFile(series: readonly LoadedSeries[], notice: (s: LoadedSeries) => string | undefined): string[] {
  return series.flatMap((s) => {
    const text = notice(s);
    return text ? [`${s.file} (${s.symbol}) has ${text}`] : [];
  });
}

/**
 * Files of bars dated at the end of their period (market/period-end-labels.ts: whole weeks dated on a Friday, months
 * at their end). The run takes a bar's date as its open, so each such bar is seen a period late and an order fills at
 * the open of a bar dated after the decision that the market made days or weeks before: beside a daily file (which is
 * seen on time), a price from before the decision.
 */
export const periodEndLabelWarnings = (series: readonly LoadedSeries[]): string[] =>
  perFile(series, (s) => {
    const label = periodEndLabel(s.bars, s.barMs, s.offsetAheadMs ?? 0);
    return label && `${label}: the run reads a bar’s date as its open, so ${PERIOD_END_EFFECT}`;
  });

/**
 * Daily files with narrow weekend bars among their weekdays (market/weekend-stubs.ts: a Sunday evening's session
 * written as a day). check-data said so, the run did not: Investing.com's platinum futures (362 Sundays in 2,187 bars)
 * were annualised at 310.7 bars a year, and their Sharpe with them, with nothing said.
 */
export const weekendStubWarnings = (series: readonly LoadedSeries[]): string[] =>
  perFile(series, (s) => {
    const stubs = weekendStubs(s.bars, s.barMs, s.offsetAheadMs ?? 0);
    return stubs && weekendStubsText(stubs);
  });

/**
 * Files with bars filled in, flat and without volume, among bars that trade, or bars without a range in a file with no
 * volume (market/filler-bars.ts). check-data said so, the run did not: Dukascopy's hours of Novo Nordisk, three in four
 * of them the closed market's, were traded as sessions with nothing said.
 */
export const fillerBarWarnings = (series: readonly LoadedSeries[]): string[] => perFile(series, (s) => flatBarsNotice(s.bars));

/** Files with days locked at a daily price limit (market/locked-bar.ts), where the run fills no order on the locked side. */
export const lockedDayWarnings = (series: readonly LoadedSeries[]): string[] =>
  perFile(series, (s) => {
    const bars = s.bars.slice(s.first > 0 ? s.first - 1 : 0, s.end);
    const locked = lockedDays(bars, s.barMs);
    return locked.length > 0 ? lockedDaysText(locked, everyDayFrom(bars)) : undefined;
  });

/** Files whose open is the high or the low on nearly every bar (market/copied-open.ts), where every fill is at an extreme. */
export const copiedOpenWarnings = (series: readonly LoadedSeries[]): string[] => perFile(series, (s) => copiedOpenNotice(s.bars.slice(s.first, s.end)));
