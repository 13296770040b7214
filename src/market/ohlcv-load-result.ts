import { validateBars, type BarIssue, type RawBar, type ValidationResult, type ValidatorOptions } from './bar-validator.js';
import { DataFileError } from './csv-fields.js';
import { MAX_STRAY_ROWS, takeOutStrayRows } from './stray-rows.js';
import { pagesInOrder } from './paged-rows.js';
import { ticksAsBarsMessage } from './not-bars.js';
import { withChanges } from '../core/with-changes.js';
import { LiveClock } from '../core/clock.js';
import { unevenBarsMessage } from './uneven-bars.js';
import type { OffsetRun, OffsetRuns } from './utc-offset.js';

/** What reading an OHLCV file gives, CSV or JSON (ohlcv-file.ts, ohlcv-json.ts), and how both end. */

export interface OhlcvLoadResult extends ValidationResult {
  file: string;
  format: 'csv' | 'json';
  /** The file was newest first and was reversed. */
  descending: boolean;
  /** Data rows read (excluding the header and blank lines). */
  totalRows: number;
  /** The largest offset ahead of UTC its times were written with (+09:00: 32,400,000), 0 when none (utc-offset.ts). */
  offsetAheadMs: number;
  /** Where its rows' offsets ahead of UTC change (a zone's daylight time), in time order: a date alone bounds the day as the rows there write it (utc-offset.ts). */
  offsetRuns?: readonly OffsetRun[];
  /** Its first row's time is a clock time without a zone, read as UTC (utc-offset.ts); false when `timesIn` named its zone. */
  zonelessClock: boolean;
  /** With `timesIn`: the rows whose clock times, written without a zone, were read in it. */
  zonedRows?: number;
  /** true when it is in Lean's equity layout, whose whole-number prices (hundredths of a cent) were divided by 10,000 (lean-prices.ts). */
  leanEquityPrices?: true;
  /** true when its prices were Databento's fixed-point whole numbers (no `pretty_px`), divided by 1,000,000,000 (databento-prices.ts). */
  databentoFixedPrices?: true;
  /** The session close a TradeStation daily export wrote on its first row ("17:00"), its days read by their date alone (close-stamped.ts). */
  sessionClose?: string;
  /** A TradeStation intraday export's most common step: its rows, stamped at each bar's close, were moved back by their bar's length as the rows up to each show it (close-stamped.ts). */
  closeStampMs?: number;
  /** BitMEX's bucketed rows whose open (the bin before's close) lay outside the bin's range, read as its low or high (close-stamped.ts). */
  bitmexOpens?: number;
  /** Rows saved as pages of an API's answers, newest page first (paged-rows.ts): how many pages were put in time order. */
  pagesReordered?: number;
  /** The zone an API's answer names for its times, which they were read in (Twelve Data's exchange_timezone, twelve-data.ts). */
  answerZone?: string;
  /** A compressed file's: what its text was unpacked from ("gzip", "zip entry BTCUSDT-1m-2025-01.csv"). */
  unpackedFrom?: string;
}

export type OhlcvLoadOptions = Omit<ValidatorOptions, 'file'> & {
  /** The present: a row dated after it cannot be history. Default the wall clock's (a fact of the world, not of a run's clock). */
  now?: number;
  /**
   * The IANA time zone of the clock times the file writes without one (`America/New_York` for a US exchange's
   * intraday export, `Etc/GMT-2` for a server two hours ahead of UTC); absent: UTC. Dates alone, epoch numbers and
   * times with an offset are not moved.
   */
  timesIn?: string;
};

/** The rows read, in time order, validated, with the rows refused before validation. */
export function finish(rows: RawBar[], early: BarIssue[], file: string, format: 'csv' | 'json', total: number, options: OhlcvLoadOptions, offsets: OffsetRuns, zonelessClock = false, zonedRows = 0): OhlcvLoadResult {
  if (total === 0) throw new DataFileError(`OHLCV file ${file} has no data rows`);
  const ticks = ticksAsBarsMessage(file, rows);
  if (ticks) throw new DataFileError(ticks);
  const paged = pagesInOrder(rows);
  if (paged) rows = paged.rows;
  // Decide direction from the whole file, so one stray row does not flip it.
  let down = 0;
  let up = 0;
  for (let i = 1; i < rows.length; i++) {
    const d = rows[i]!.time - rows[i - 1]!.time;
    if (d < 0) down++;
    else if (d > 0) up++;
  }
  const descending = down > up;
  // Rows going back in time against the file's order: a few are typos in dates (stray-rows.ts), many an unsorted file.
  const backwards = Math.min(down, up);
  if (backwards > Math.max(MAX_STRAY_ROWS, rows.length / 100)) {
    throw new DataFileError(
      `OHLCV file ${file} is not in time order: from one row to the next its dates rise ${up} times and fall ${down} times, too many for typos in dates. ` +
        `Sort its rows by time (a spreadsheet's sort, or pandas' sort_values on the date column) and check that it holds one symbol's bars once: rows of several symbols, or downloads put together, go back in time too`,
    );
  }
  if (descending) rows.reverse();
  const uneven = unevenBarsMessage(file, rows);
  if (uneven) throw new DataFileError(uneven);
  const { now = new LiveClock().now(), timesIn, ...validation } = options;
  const { rows: inSequence, strays } = takeOutStrayRows(rows, file, now);
  const result = validateBars(inSequence, withChanges(validation, { file }));
  result.rejected.unshift(...early, ...strays);
  result.rejected.sort((a, b) => a.row - b.row);
  const runs = offsets.done();
  return withChanges(result, { file, format, descending, totalRows: total, offsetAheadMs: offsets.largest, ...(runs ? { offsetRuns: runs } : {}), zonelessClock: zonelessClock && timesIn === undefined, ...(timesIn !== undefined ? { zonedRows } : {}), ...(paged ? { pagesReordered: paged.pages } : {}) });
}
