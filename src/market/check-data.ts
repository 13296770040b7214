import { existsSync, statSync } from 'node:fs';
import { EXIT_CONFIG, errorMessage } from '../core/errors.js';
import { ZONE_HINT, isKnownZone, isSkippedClockTime } from './zoned-clock.js';
import { counted } from '../core/plural.js';
import type { Gap } from './bar-gaps.js';
import type { BarIssue } from './bar-validator.js';
import { loadOhlcvFile } from './ohlcv-file.js';
import { describeQuarantine } from './quarantine-report.js';
import { isoTime } from '../core/iso-time.js';
import { ZONELESS_SOURCES, zonelessIntraday } from './zoneless-times.js';
import { weekendStubs, weekendStubsText } from './weekend-stubs.js';
import { flatBarsNotice } from './filler-bars.js';
import { gappedBars, gappedBarsText, heldJumps, heldJumpsText } from './held-jumps.js';
import { everyDayFrom, lockedDays, lockedDaysText } from './locked-bar.js';
import { PERIOD_END_EFFECT, periodEndLabel } from './period-end-labels.js';
import { adjustedCloseHint } from './adjusted-close-hint.js';
import { copiedOpenNotice } from './copied-open.js';

/**
 * `conclave check-data <file>`: loads an OHLCV file as the replay would and reports its range, bar size, gaps and
 * every rejected or quarantined row (a shift of scale as one stretch: from when, why, what to do). Returns the exit
 * code: 0 when usable bars remain, 1 otherwise.
 */

export function formatDuration(ms: number): string {
  const units: Array<[number, string]> = [[86_400_000, 'd'], [3_600_000, 'h'], [60_000, 'm'], [1000, 's']];
  for (const [size, unit] of units) if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  return `${ms}ms`;
}

/** A bar size, named when it is a calendar period: a monthly file's commonest step is 31 days, which read as a misfit. */
function barSize(ms: number): string {
  const days = ms / 86_400_000;
  const period = days >= 28 && days <= 31 ? 'monthly' : days >= 89 && days <= 92 ? 'quarterly' : days >= 365 && days <= 366 ? 'yearly' : undefined;
  return period ? `${formatDuration(ms)} (${period} bars: the commonest step between two rows)` : formatDuration(ms);
}

const MAX_GAPS_LISTED = 20;

function describeGaps(gaps: readonly Gap[], out: (line: string) => void): void {
  const byKind = new Map<string, number>();
  for (const g of gaps) byKind.set(g.kind, (byKind.get(g.kind) ?? 0) + 1);
  const kinds = [...byKind].map(([k, n]) => `${n} ${k}`).join(', ');
  out(`gaps: ${gaps.length}${gaps.length ? ` (${kinds})` : ''}`);
  // Weekends, nights and daily breaks are expected; list the others, largest first.
  const unexpected = gaps.filter((g) => g.kind === 'gap').sort((a, b) => b.to - b.from - (a.to - a.from));
  for (const g of unexpected.slice(0, MAX_GAPS_LISTED)) {
    out(`  ${isoTime(g.from)} -> ${isoTime(g.to)}  ${counted(g.missingBars, 'bar')} missing (${formatDuration(g.to - g.from)})`);
  }
  if (unexpected.length > MAX_GAPS_LISTED) out(`  ... and ${unexpected.length - MAX_GAPS_LISTED} smaller gaps`);
}

const MAX_REJECTED_LISTED = 20;

/**
 * What to do about rejected rows whose message does not say it (an unread date names the formats, an out-of-order row
 * says to sort): the backtest sends the user here "for why and what to do".
 */
const REJECTED_FIX: Partial<Record<string, string>> = {
  'open-outside-range': 'a bar cannot open outside its own high and low (often an open copied from the previous close, or prices of different sessions); correct those rows (widen high or low to take in the open) or use another source; until then they are left out',
  'close-outside-range': 'a bar cannot close outside its own high and low (often a settlement price beside the high and low of one session, or prices of different sessions); correct those rows (widen high or low to take in the close) or use another source; until then they are left out',
  'high-below-low': 'high and low swapped or mistyped: correct those rows; until then they are left out',
  'non-positive-price': 'a price of 0 is no price (a placeholder, or a price rounded away by too few decimals): delete those rows, or download the data with more decimals; a negative price can be real (WTI crude futures on 2020-04-20) but returns and sizes cannot be taken on it; either way the rows are left out. Zero or negative prices in a series’ oldest years, positive since, are likely prices adjusted for dividends by subtraction (forward-adjusted, 前复权 in Tongdaxin): use back-adjusted (后复权) or unadjusted prices',
  'non-finite': 'a price or the volume is empty or not a number (a field left blank, "null", a decimal comma): fill it in from another source or correct its writing, or delete the row (a row with no prices at all is a time without trades); until then it is left out',
  'negative-volume': 'correct the volume (or leave it empty: no volume); until then those rows are left out',
  'unfinished-bar': 'the source saved the bar before its period ended (its last price is not the close, its volume a part): nothing to do, it is left out; a later download has it whole',
  'duplicate-time': 'two rows for one time (two downloads joined?): keep one of each; the first is used',
  'malformed-row': 'those rows have fewer fields than the header names: complete or delete them (a footer the download wrote needs nothing: it is left out)',
  'invalid-time': 'rewrite those times as YYYY-MM-DD (a time of day as YYYY-MM-DDTHH:MM:SS, with its zone when not UTC), or delete the rows; a two-digit year ("22-01-19") is not guessed: which of day, month and year it is cannot be told',
};

/**
 * What to do about rows of `code`: where every invalid time is one the --times-in zone's clocks skip, the zone is wrong,
 * and rewriting the dates (the general advice, which it followed) would not help.
 */
function fixFor(code: string, rejected: readonly BarIssue[], timesIn: string | undefined): string | undefined {
  if (code === 'invalid-time' && timesIn !== undefined && rejected.filter((r) => r.code === code).every(isSkippedClockTime)) {
    return `those times are not on ${timesIn}'s clock (it skips them): give --times-in the zone the file was written in (a fixed UTC+1 all year is Etc/GMT-1, UTC-5 Etc/GMT+5), and run check-data again`;
  }
  return REJECTED_FIX[code];
}

/** Rejected rows, the first few of each reason (a file in an unread date format would list every row), and what to do. */
function describeRejected(rejected: readonly BarIssue[], out: (line: string) => void, timesIn: string | undefined): void {
  const listed = new Map<string, number>();
  for (const r of rejected) {
    const n = (listed.get(r.code) ?? 0) + 1;
    listed.set(r.code, n);
    if (n <= MAX_REJECTED_LISTED) out(`  row ${r.row} [${r.code}] ${r.message}`);
  }
  for (const [code, n] of listed) if (n > MAX_REJECTED_LISTED) out(`  ... and ${n - MAX_REJECTED_LISTED} more [${code}] rows`);
  for (const code of listed.keys()) {
    const fix = fixFor(code, rejected, timesIn);
    if (fix) out(`  what to do (${code}): ${fix}`);
  }
  const adjusted = adjustedCloseHint(rejected);
  if (adjusted) out(`  likely cause (close-outside-range): ${adjusted}`);
}

/** Whether the path names a file; false for any path stat refuses (through a file: ENOTDIR, too long: ENAMETOOLONG). */
function isFile(file: string): boolean {
  try {
    return statSync(file, { throwIfNoEntry: false })?.isFile() === true;
  } catch {
    return false;
  }
}

/** Above this share of rows left out, the result is a warning: Investing.com's palladium lost 16 % and still read "OK". */
const LEFT_OUT_WARN = 0.01;

/** The last line: OK, or WARN when more than 1 % of the rows are left out (the exit code stays 0: the bars are usable). */
function resultLine(usable: number, total: number): string {
  const left = total - usable;
  if (left <= total * LEFT_OUT_WARN) return `result: OK, ${usable} of ${total} rows usable`;
  return `result: WARN, ${usable} of ${total} rows usable: ${counted(left, 'row')} (${Math.round((100 * left) / total)} %) left out, rejected or quarantined as listed above; a backtest runs on the rest`;
}

export async function checkData(argument: string, out: (line: string) => void, timesIn?: string): Promise<number> {
  if (timesIn !== undefined && !isKnownZone(timesIn)) {
    out(`error: --times-in ${JSON.stringify(timesIn)} is not a time zone this runtime knows; ${ZONE_HINT}`);
    return EXIT_CONFIG;
  }
  // SYMBOL=path, as the backtest takes its files, names the path (it was "cannot read OHLCV file ORCL=...: ENOENT").
  const named = /^[^=]+=(.+)$/.exec(argument);
  const file = named && !existsSync(argument) && existsSync(named[1]!) ? named[1]! : argument;
  let result;
  try {
    result = await loadOhlcvFile(file, timesIn !== undefined ? { timesIn } : {});
  } catch (error) {
    out(`error: ${errorMessage(error)}`);
    // A path that names no file is a bad argument, as in the backtest; a file that cannot be read or used fails.
    return isFile(file) ? 1 : EXIT_CONFIG;
  }
  const { bars } = result;
  out(`file: ${file}`);
  out(`format: ${result.format}${result.unpackedFrom !== undefined ? ` (from ${result.unpackedFrom})` : ''}, ${result.totalRows} data rows${result.descending ? ', newest first (reversed)' : ''}`);
  if (bars.length > 0) out(`range: ${isoTime(bars[0]!.time)} .. ${isoTime(bars[bars.length - 1]!.time)} (${bars.length} valid bars)`);
  out(`bar size: ${result.barMs ? barSize(result.barMs) : 'unknown (fewer than two bars)'}`);
  if (result.leanEquityPrices) {
    const intraday = result.barMs !== undefined && result.barMs < 86_400_000 && timesIn === undefined ? "; its times are the exchange's (New York's for US equities: --times-in America/New_York)" : '';
    out(`prices: QuantConnect Lean's equity layout (no header, yyyyMMdd HH:mm, whole numbers): read in hundredths of a cent, divided by 10,000. Lean keeps them unadjusted, its splits and dividends in factor files: a split is quarantined from its day on unless you adjust the file first${intraday}`);
  }
  if (result.databentoFixedPrices) out("prices: Databento's fixed-point layout (whole numbers, the CSV written without pretty_px): read in billionths, divided by 1,000,000,000");
  if (result.closeStampMs !== undefined) out(`times: this export (TradeStation's intraday bars, BitMEX's bucketed ones, Futu's intraday K-lines, rqalpha's CFFEX minutes) stamps each bar at its close: each bar is read as opening ${barSize(result.closeStampMs)} earlier, when it opened`);
  if (result.pagesReordered) out(`order: the rows are ${result.pagesReordered} pages, each oldest first, the pages out of time order among themselves (an API's answers appended as they were fetched, paging back in time): read in time order`);
  if (result.bitmexOpens) out(`prices: BitMEX's open is the close of the bin before: on ${result.bitmexOpens} rows it lay outside the bin's low and high and is read as the nearest of them, the price the bin traded closest to it`);
  if (result.sessionClose !== undefined) out(`dates: TradeStation's daily export, its rows timed ${result.sessionClose}, its session's close: each bar is read by its date alone, as a day`);
  const periodEnd = periodEndLabel(bars, result.barMs, result.offsetAheadMs);
  if (periodEnd) out(`dates: ${periodEnd}: a backtest reads a bar’s date as its open, so ${PERIOD_END_EFFECT}`);
  if (zonelessIntraday(result)) {
    out(
      `times: written without a time zone, read as UTC; ${ZONELESS_SOURCES}: if so, name their zone (--times-in America/New_York, ` +
        "or Etc/GMT-2 for a fixed UTC+2), or every bar's hour is off against UTC and against the other files of a backtest",
    );
  }
  if (timesIn !== undefined) out(`times: ${counted(result.zonedRows ?? 0, 'row')} written without a time zone, read in ${timesIn} (--times-in)`);
  if (result.answerZone !== undefined) out(`times: read in ${result.answerZone}, the exchange's zone the answer names (Twelve Data's exchange_timezone), as its times are by default; an answer downloaded with another timezone names the exchange's all the same: give that zone with --times-in (UTC for timezone=UTC)`);
  describeGaps(result.gaps, out);
  const flat = flatBarsNotice(bars);
  if (flat !== undefined) out(`flat: ${flat}`);
  if (bars.length > 0 && !bars.some((b) => b.volume > 0)) out("volume: none (every bar's is 0 or missing; a column of turnover in money, as `value` or `amount`, is not read as volume): a bar filled in without trades cannot be told from one that traded, and a backtest's maxVolumeShare cap does not apply");
  const copied = copiedOpenNotice(bars);
  if (copied) out(`prices: ${copied}`);
  const locked = lockedDays(bars, result.barMs);
  if (locked.length > 0) out(`locked: ${lockedDaysText(locked, everyDayFrom(bars))}`);
  const stubs = weekendStubs(bars, result.barMs, result.offsetAheadMs);
  if (stubs) out(`weekend: ${weekendStubsText(stubs)}`);
  out(`rejected: ${result.rejected.length}`);
  describeRejected(result.rejected, out, timesIn);
  out(`quarantined: ${result.quarantined.length}`);
  describeQuarantine(result.quarantined, bars.length > 0 ? bars[bars.length - 1]!.time : undefined, out);
  const jumps = heldJumps(bars, result.barMs);
  if (jumps.length > 0) out(`levels: ${heldJumpsText(jumps)}`);
  const gapped = gappedBars(bars, result.barMs);
  if (gapped.length > 0) out(`gapped: ${gappedBarsText(gapped)}`);
  if (bars.length === 0) {
    out('result: FAIL, no usable bars left');
    return 1;
  }
  out(resultLine(bars.length, result.totalRows));
  return 0;
}
