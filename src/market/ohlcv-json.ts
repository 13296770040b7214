import type { BarIssue, RawBar } from './bar-validator.js';
import { EpochUnits, parseBarTime, unreadableTime } from './bar-time.js';
import { DataFileError, jsonNumber } from './csv-fields.js';
import { gateVolume, isGateOrder, isLowHighOpenClose, isOpenCloseHighLow, ndaxRows, phemexRows, poloniexRows, timeLastRows } from './candle-order.js';
import { yahooChartRows } from './yahoo-chart.js';
import { alphaVantageRows } from './alpha-vantage.js';
import { twelveDataRows } from './twelve-data.js';
import { apiErrorText } from './api-error-answer.js';
import { assertRowsWideEnough } from './narrow-rows.js';
import { answerArray, assertNotOneValue, assertNotPriceChart, assertPriceKeys, barsBySymbol, barsPerSymbol, columnArrays, htxRows, jsonLines, krakenRows, objectBarValues, pandasColumns, unfinishedMark } from './json-shapes.js';
import { clockTimeWithoutZone, offsetAheadMs, OffsetRuns } from './utc-offset.js';
import { adjustedBy } from './adjusted-close.js';
import { zonedTimes } from './zoned-clock.js';
import { unfinishedIssue } from './unfinished-bar.js';
import { finish, type OhlcvLoadOptions, type OhlcvLoadResult } from './ohlcv-load-result.js';
import { bitmexOpensInRange, closeStampStep } from './close-stamped.js';
import { withChanges } from '../core/with-changes.js';
import { isoFromSlashed, slashedDateOrder } from './slashed-dates.js';
import { nestedBarsMessage } from './nested-bars.js';
import { timePairedRows } from './time-paired-rows.js';
import { wrappedBars } from './wrapped-bars.js';
import { isRecord } from '../core/is-record.js';

/** OHLCV as JSON: an array of bars (arrays or objects), JSON Lines, or an API's answer holding one (json-shapes.ts). */
export function parseJson(text: string, file: string, options: OhlcvLoadOptions): OhlcvLoadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    data = jsonLines(text);
    if (data === undefined) throw new DataFileError(`OHLCV file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  // An API's answer saved as it came: the bars in the object's one array ({"bars": [...]}, {"results": [...]}).
  let answerZone: string | undefined;
  const twelveData = (answer: object) => {
    const read = twelveDataRows(answer, file, options.timesIn);
    answerZone = read?.zone;
    return read?.rows;
  };
  if (data && typeof data === 'object' && !Array.isArray(data)) data = yahooChartRows(data, file) ?? alphaVantageRows(data, file) ?? twelveData(data) ?? data;
  const answer = data && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (answer) assertNotPriceChart(answer, file);
  if (answer) data = krakenRows(answer, file) ?? htxRows(answer) ?? answerArray(answer) ?? pandasColumns(answer) ?? columnArrays(answer) ?? barsBySymbol(answer, file) ?? data;
  if (Array.isArray(data)) data = barsPerSymbol(data, file) ?? data;
  // Rows in an exchange's own order, inside a symbol's wrapper too (Bitbank's {"candlestick": [{"type", "ohlcv": [...]}]}).
  if (Array.isArray(data)) data = poloniexRows(data) ?? phemexRows(data) ?? ndaxRows(data) ?? timeLastRows(data) ?? timePairedRows(data) ?? wrappedBars(data, file) ?? data;
  const failed = Array.isArray(data) ? undefined : apiErrorText(data);
  if (failed) throw new DataFileError(`OHLCV file ${file} is an error answer, not bars ("${failed}"): the download failed; check the symbol and the range asked, and download it again`);
  const nested = Array.isArray(data) ? undefined : nestedBarsMessage(data, file);
  if (nested) throw new DataFileError(nested);
  if (!Array.isArray(data)) throw new DataFileError(`OHLCV file ${file}: expected a JSON array of [ts_ms, open, high, low, close, volume] (or of objects with time, open, high, low, close, volume), or an object holding one such array`);
  assertPriceKeys(data, file);
  assertNotOneValue(data, file);
  assertRowsWideEnough(data, file);
  const rows: RawBar[] = [];
  const early: BarIssue[] = [];
  const offsets = new OffsetRuns();
  const zoned = zonedTimes(options.timesIn, file);
  const epochs = new EpochUnits();
  const lowHigh = isLowHighOpenClose(data);
  const closeFirst = !lowHigh && isOpenCloseHighLow(data);
  const gate = !lowHigh && !closeFirst && isGateOrder(data);
  let zonelessClock = false;
  // Slashed dates (09/25/2020, Nasdaq.com's history turned into JSON) are read in the one order all the file's dates
  // allow, as a CSV's are (ohlcv-file.ts); every such row was refused.
  const timeOf = (item: unknown) => String((Array.isArray(item) ? item[0] : item && typeof item === 'object' ? objectBarValues(item)[0] : undefined) ?? '');
  const slashes = /^\s*\d{1,2}([/-])\d{1,2}\1(\d{4}|\d{2}(?!\d))/.test(timeOf(data.find((d) => d !== null && d !== undefined))) ? slashedDateOrder(data.map(timeOf)) : undefined;
  const slashOrder = typeof slashes === 'string' ? slashes : undefined;
  data.forEach((item: unknown, i) => {
    const row = i + 1;
    let values: unknown[] | undefined;
    if (Array.isArray(item) && item.length >= 5) {
      if (lowHigh) values = [item[0], item[3], item[2], item[1], item[4], item[5]];
      else if (closeFirst) values = [item[0], item[1], item[3], item[4], item[2], item[5]];
      else if (gate) values = [item[0], item[5], item[3], item[4], item[2], gateVolume(item)];
      else values = item.slice(0, 6);
    }
    else if (item && typeof item === 'object' && !Array.isArray(item)) values = objectBarValues(item);
    if (!values) {
      early.push({ file, row, code: 'malformed-row', severity: 'rejected', message: `element ${row} is not [ts_ms, open, high, low, close, volume]${Array.isArray(item) ? ` (it has ${item.length} values)` : ''}` });
      return;
    }
    const [t, o, h, l, c, v, s, a] = values;
    if (t === undefined || t === null) {
      early.push({ file, row, code: 'invalid-time', severity: 'rejected', message: `element ${row} has no time (time, timestamp, date, datetime, t, startedAt, start, openTime or time_period_start)` });
      return;
    }
    const timeText = typeof t === 'number' || typeof t === 'string' ? String(t) : JSON.stringify(t ?? null);
    const time = zoned(parseBarTime(slashOrder ? isoFromSlashed(timeText, slashOrder) : timeText, epochs.scaleOf(timeText)), timeText);
    if (Number.isNaN(time)) {
      early.push(zoned.skipped ? zoned.skippedIssue(row, timeText) : unreadableTime(file, row, timeText, typeof slashes === 'object' ? slashes.unknown : undefined));
      return;
    }
    // Gate's last field says whether the candle's window had closed when fetched ("false": still forming).
    const unfinished = item && typeof item === 'object' && !Array.isArray(item) ? unfinishedMark(item) : gate && String((item as unknown[]).at(-1)) === 'false' ? 'closed "false"' : undefined;
    if (unfinished) {
      early.push(unfinishedIssue(file, row, time, unfinished));
      return;
    }
    offsets.see(time, offsetAheadMs(timeText));
    if (rows.length === 0) zonelessClock = typeof t === 'string' && clockTimeWithoutZone(timeText);
    // A split ratio on the row (Alpha Vantage's "8. split coefficient"), as a CSV's Stock Splits column.
    const split = jsonNumber(s);
    const bar: RawBar = { row, time, open: jsonNumber(o), high: jsonNumber(h), low: jsonNumber(l), close: jsonNumber(c), volume: v === undefined ? 0 : jsonNumber(v) };
    if (split > 0) bar.split = split;
    rows.push(adjustedBy(bar, jsonNumber(a)));
  });
  // BitMEX's /trade/bucketed answer names the keys its CSV names, in that order: stamped at the bin's end and opened at
  // the close before, as the CSV (close-stamped.ts). Read as opens, every bin was a bin late, as the CSV's were.
  const first = data.find(isRecord);
  const keys = first ? Object.keys(first).join(',') : '';
  const bitmexOpens = bitmexOpensInRange(keys, rows);
  const closeStamp = closeStampStep(keys, rows.map((r) => r.time));
  if (closeStamp) for (const r of [...rows, ...early]) if (r.time !== undefined) r.time -= closeStamp.moveAt(r.time);
  const closeStampMs = closeStamp?.mode;
  const result = finish(rows, early, file, 'json', data.length, options, offsets, zonelessClock, zoned.rows);
  return withChanges(result, {
    ...(closeStampMs !== undefined ? (bitmexOpens > 0 ? { closeStampMs, bitmexOpens } : { closeStampMs }) : {}),
    ...(answerZone !== undefined ? { answerZone } : {}),
  });
}
