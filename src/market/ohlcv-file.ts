import { isAbsolute } from 'node:path';
import { shellArg } from '../core/shell-arg.js';
import { ArchiveError, readUnpacked, type Unpacked } from '../core/unpack.js';
import { binaryFileMessage } from './binary-formats.js';
import { cotahistMessage } from './b3-cotahist.js';
import { DataFileError, closesOnlyMessage, OneContract, OneSymbol, notANumber, splitLine, yfinanceHeader, bloombergHeader } from './csv-fields.js';
import type { BarIssue, RawBar } from './bar-validator.js';
import { clockOf, EpochUnits, parseBarTime, unreadableTime } from './bar-time.js';
import { withChanges } from '../core/with-changes.js';
import { isoFromSlashed, slashedDateOrder } from './slashed-dates.js';
import { decodeText } from './text-encoding.js';
import { tabbedIfSpaced } from './spaced-columns.js';
import { headerInRowSeparator } from './mixed-separators.js';
import { LEAN_PRICE_MULTIPLE, leanEquityPrices } from './lean-prices.js';
import { writtenNewestFirst } from './layout-rows.js';
import { DATABENTO_PRICE_MULTIPLE, databentoFixedPrices } from './databento-prices.js';
import { columnName, columnOf, datedElsewhere, finMindNames, getpricesLines, indexColumn, isComment, namesPrices, namesUtc, narrowHeaderless, pricesOf, isBanner, rocDatedHeaderless, looksLikeData, marketDayColumn, separatorOf, symbolLedHeader, unwrappedLines, withoutSymbolAffix, type Column } from './csv-header.js';
import { clockTimeWithoutZone, offsetAheadMs, OffsetRuns } from './utc-offset.js';
import { AdjustedColumns } from './adjusted-close.js';
import { zonedTimes } from './zoned-clock.js';
import { finish, type OhlcvLoadOptions, type OhlcvLoadResult } from './ohlcv-load-result.js';
import { bitmexOpensInRange, closeStampStep, tradeStationDays } from './close-stamped.js';
import { parseJson } from './ohlcv-json.js';
import { marksCompletion, saysUnfinished, unfinishedIssue } from './unfinished-bar.js';
import { quandlJsonAsCsv } from './quandl-json.js';
import { notBarsMessage } from './not-bars.js';
import { digitClockFollows } from './digit-clock.js';
import { columnsBySymbolMessage } from './symbol-columns.js';
import { volumeColumns } from './volume-column.js';
import { numberReading } from './number-reading.js';

/**
 * Loads OHLCV files as Yahoo and its users write them: CSV with `Date`/`Datetime` (time-zone offsets allowed),
 * `Adj Close`, `Dividends`, `Stock Splits`, an unnamed index column, a separate time column (named, or unnamed as in
 * backtrader's files where the header has one name fewer than the rows have fields), ascending or descending; and
 * JSON arrays of `[ts_ms, open, high, low, close, volume]`. Times without an offset are read as UTC.
 * Prices are the file's Open/High/Low/Close; an `adjusted close` is read, Yahoo's `Adj Close` only for the splits it shows (adjusted-close.ts).
 */

export { DataFileError };

export type { OhlcvLoadOptions, OhlcvLoadResult };

/** Larger files are refused rather than read into memory (about 8 million rows of CSV). */
export const MAX_OHLCV_FILE_BYTES = 512 * 1024 * 1024;

export async function loadOhlcvFile(file: string, options: OhlcvLoadOptions = {}): Promise<OhlcvLoadResult> {
  let unpacked: Unpacked;
  try {
    unpacked = await readUnpacked(file, MAX_OHLCV_FILE_BYTES);
  } catch (error) {
    if (error instanceof ArchiveError) throw new DataFileError(`OHLCV file ${file} ${error.message}`, { cause: error });
    // A relative replayFiles entry in a configuration file is read from the working directory, not the file's folder.
    const relative = isAbsolute(file) ? '' : `; a relative path is read from the working directory, ${process.cwd()}`;
    throw new DataFileError(`cannot read OHLCV file ${file}: ${(error as Error).message}; check the path (the file named, or the replayFiles entry${relative})`, { cause: error });
  }
  const result = parseOhlcv(decodeText(unpacked.bytes), file, options);
  return unpacked.from === undefined ? result : withChanges(result, { unpackedFrom: unpacked.from });
}

export function parseOhlcv(text: string, file: string, options: OhlcvLoadOptions = {}): OhlcvLoadResult {
  const body = text.replace(/^\uFEFF/, '');
  if (body.slice(0, 4096).includes('\u0000')) {
    throw new DataFileError(binaryFileMessage(file, body));
  }
  const trimmed = body.trimStart();
  // A web page saved in place of the data (a login page, a rate limit): its tags were quoted as a header without a date.
  if (/^<(!doctype html|html|head|body)\b/i.test(trimmed)) throw new DataFileError(`OHLCV file ${file} is a web page (HTML), not CSV or JSON: the download failed (a login page, a rate limit?); download the data again`);
  const cotahist = cotahistMessage(file, trimmed);
  if (cotahist) throw new DataFileError(cotahist);
  const quandl = quandlJsonAsCsv(trimmed);
  if (quandl !== undefined) return parseCsv(quandl, file, options);
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) return parseJson(trimmed, file, options);
  return parseCsv(body, file, options);
}

function parseCsv(text: string, file: string, options: OhlcvLoadOptions): OhlcvLoadResult {
  const split = unwrappedLines(getpricesLines(text.split(/\r?\n|\r/)));
  let lines = tabbedIfSpaced(split) ?? split;
  let first = 0;
  while (first < lines.length && (lines[first]!.trim() === '' || isComment(lines[first]!))) first++;
  if (first >= lines.length) throw new DataFileError(`OHLCV file ${file} is empty`);
  // Banner lines before the header (isBanner).
  for (let banner = 0; banner < 3; banner++) {
    let next = first + 1;
    while (next < lines.length && lines[next]!.trim() === '') next++;
    if (next >= lines.length || !isBanner(lines[first]!, lines[next]!)) break;
    first = next;
  }
  // A report before the table (LSEG Workspace's Price History: a title, a volume-at-price table and statistics, then
  // "Exchange Date;Close;Net;%Chg;Open;Low;High;Volume"; Macrotrends' quoted title, note and terms of use, commas and
  // all): the table starts at the first line naming the prices.
  if (!namesPrices(lines[first]!) && !looksLikeData(splitLine(lines[first]!, separatorOf(lines[first]!))[0] ?? '')) {
    const table = lines.findIndex((l, i) => i > first && i <= first + 60 && namesPrices(l));
    if (table > 0) first = table;
  }
  lines = headerInRowSeparator(lines, first) ?? lines;
  const headerLine = lines[first]!;
  const sep = separatorOf(headerLine);
  const headerFields = splitLine(headerLine, sep);
  const hasHeader = !looksLikeData(headerFields[0] ?? '');
  let names = hasHeader ? headerFields : ['date', 'open', 'high', 'low', 'close', 'volume'];
  let dataStart = first + (hasHeader ? 1 : 0);
  const twoLevel = hasHeader ? (yfinanceHeader(lines, dataStart, sep, headerFields, file) ?? bloombergHeader(lines, dataStart, sep, headerFields, file)) : undefined;
  if (twoLevel) ({ names, dataStart } = twoLevel);
  if (hasHeader) names = withoutSymbolAffix(names);
  // backtrader writes "Date,Open,...": one name fewer than fields, the second field being the time of day.
  const sample = lines.slice(dataStart).find((l) => l.trim() !== '');
  const sampleFields = sample ? splitLine(sample, sep) : undefined;
  const sampleWidth = sampleFields ? sampleFields.length : names.length;
  // Too few fields for a bar, with no header to say what they are: every row was refused as missing fields "the header names".
  if (!hasHeader && sample !== undefined && sampleWidth < 5) throw new DataFileError(narrowHeaderless(file, sample, sampleWidth));
  const dateIndex = names.findIndex((n, i) => columnOf(n, i) === 'date');
  // The extra field is the time of day only when it reads as one (MetaTrader's 2024.01.02,17:30,...; digits after a
  // date without a header, digit-clock.ts); otherwise it comes after the named columns (Kraken's OHLCVT: a trade count;
  // a separator ending every row but the header's). Its seconds may carry a fraction (09:30:00.000): read as the open,
  // such a time put every price a column off, each row refused as an open that is not a number.
  const timeFollows = /^\s*\d{1,2}:\d{2}(:\d{2}(\.\d{1,6})?)?\s*$/.test(sampleFields?.[Math.max(dateIndex, 0) + 1] ?? '') || (!hasHeader && digitClockFollows(lines, dataStart, sep));
  if (timeFollows && sampleWidth === names.length + 1 && dateIndex >= 0 && !names.some((n, i) => columnOf(n, i) === 'time')) {
    names = [...names.slice(0, dateIndex + 1), 'time', ...names.slice(dateIndex + 1)];
  }
  const cols = names.map((n, i) => columnOf(n, i));
  if (hasHeader && cols[0] === 'date' && indexColumn(names[0]) && datedElsewhere(cols, sampleFields)) cols[0] = 'other';
  // A lone time column is the bars' timestamp (TradingView exports `time,open,high,low,close,Volume` in epoch seconds).
  if (!cols.includes('date') && cols.includes('time')) cols[cols.indexOf('time')] = 'date';
  // A bar dated by both ends, `from` and `to` (IQ Option's candles: id,from,at,to,open,close,min,max,volume, epoch
  // seconds): `from` is its open. Refused as having no date column; `from` alone is not taken for a time.
  const from = names.findIndex((n) => columnName(n) === 'from');
  if (!cols.includes('date') && from >= 0 && names.some((n) => columnName(n) === 'to')) cols[from] = 'date';
  // A close by another name, only where no column is called the close: Investing.com's "Price" (Date,Price,Open,High,
  // Low,Vol.,Change %), Barchart's "Latest" (Time,Open,High,Low,Latest,Change,%Change,Volume) and Nepal's (NEPSE) tables'
  // "LTP" (#,Date,LTP,% Change,High,Low,Open,Qty.,Turnover), the last traded price, and Mubasher's "Closed" (EGX): each
  // refused as having no close.
  const closeAlias = names.findIndex((n) => ['price', 'latest', 'ltp', 'closed'].includes(columnName(n)));
  if (!cols.includes('close') && closeAlias >= 0) cols[closeAlias] = 'close';
  finMindNames(names, cols);
  pricesOf(names, cols);
  const at = (c: Column) => cols.indexOf(c);
  const idx = { date: at('date'), time: at('time'), open: at('open'), high: at('high'), low: at('low'), close: at('close'), volume: at('volume'), split: at('split'), prevClose: at('prevClose'), symbol: at('symbol') };
  const missing = (['date', 'open', 'high', 'low', 'close'] as const).filter((c) => idx[c] < 0);
  if (missing.length > 0) {
    const led = symbolLedHeader(headerFields);
    if (led) {
      const symbol = headerFields[0]!.trim();
      throw new DataFileError(`OHLCV file ${file} has no header line: its first line "${headerLine.trim().slice(0, 120)}" is a bar led by a symbol (${symbol}), as MetaStock and AmiBroker ASCII files are written, often with many symbols in one file; this reader takes one symbol per file and does not guess the column order: keep one symbol's rows under a header naming the columns, e.g. (echo ${led.join(sep)}; grep '^${symbol}${sep}' ${shellArg(file)}) > ${symbol}.csv`);
    }
    const bySymbol = hasHeader ? columnsBySymbolMessage(file, names, sep) : undefined;
    if (bySymbol) throw new DataFileError(bySymbol);
    const notBars = notBarsMessage(file, headerFields, names, lines.slice(dataStart, dataStart + 50), sep);
    if (notBars) throw new DataFileError(notBars);
    // A price series (R's tidyquant, portfolio course files: date,ticker,price) was told to have Open,High,Low columns,
    // which it cannot have: what it lacks is bars.
    // So was one value per date under the series' own name (FRED's DATE,DGS10 as pandas-datareader saves it): a close, a
    // rate or an index level, never a bar.
    // Its first rows may have no value (R's write.zoo of returns starts with NA): any of the first ten shows what it holds.
    const single = idx.date >= 0 && names.length === 2 && missing.length === 4 && lines.slice(dataStart, dataStart + 10).some((l) => /^\s*-?[\d.]+\s*$/.test(splitLine(l, sep)[1 - idx.date] ?? ''));
    if ((idx.date >= 0 && idx.close >= 0 && missing.length === 3) || single) {
      // The header as its fields read, without the quotes a spreadsheet put around each (they doubled in the message).
      const shown = headerFields.map((f) => f.trim()).join(sep).slice(0, 120);
      throw new DataFileError(closesOnlyMessage(file, `header "${shown}": ${single ? 'one value per date, as FRED\'s series are written, and ' : ''}no open, high or low column`, "a broker's or Yahoo's daily history"));
    }
    const roc = hasHeader ? rocDatedHeaderless(file, headerLine, sep) : undefined;
    if (roc) throw new DataFileError(roc);
    const day = missing.length === 1 && missing[0] === 'date' ? marketDayColumn(names, lines.slice(dataStart), sep) : undefined;
    if (day) {
      throw new DataFileError(`OHLCV file ${file} has no date column and its rows are different securities (${day.name}: ${day.codes.join(', ')}, ...): it is one day's prices of a whole market, as an exchange's daily bhavcopy is written, dated by its file name alone, not one security's bars; a series takes one security's row from each day's file, that day's date written before it, under a header Date${sep}${names.map((n) => n.trim()).join(sep)} (grep '^${day.codes[0]}${sep}' on each day's file gives its row)`);
    }
    throw new DataFileError(`OHLCV file ${file}: header "${headerLine.trim().slice(0, 200)}" has no ${missing.join(', ')} column; expected Date,Open,High,Low,Close[,Volume] or a JSON array`);
  }
  // Slashed dates (01/02/2024, or 01-02-2024) are read in the one order the whole file's dates allow.
  const slashes = /^\s*"?\d{1,2}([/-])\d{1,2}\1(\d{4}|\d{2}(?!\d))/.test(sampleFields?.[idx.date] ?? '')
    ? slashedDateOrder((function* () {
        for (let i = dataStart; i < lines.length; i++) yield splitLine(lines[i]!, sep)[idx.date] ?? '';
      })())
    : undefined;
  const slashOrder = typeof slashes === 'string' ? slashes : undefined;
  // A TradeStation daily export's rows are days dated by their session's close (close-stamped.ts): read by the date alone.
  const tradeStation = tradeStationDays(headerLine, lines, dataStart, sep, idx.date, idx.time);
  const sessionClose = tradeStation?.sessionClose;
  // A row's time as written (its date, then its time of day where a column of its own holds it), and as read.
  const dateTextOf = (f: readonly string[], i: number) => (f[idx.date]?.trim() ?? '') + (idx.time >= 0 && !(tradeStation && i < tradeStation.until) ? ` ${clockOf(f[idx.time]?.trim() ?? '')}` : '');
  const epochUnits = () => (idx.time < 0 ? new EpochUnits() : undefined);
  const timeOf = (text: string, epochs: EpochUnits | undefined) => parseBarTime(slashOrder ? isoFromSlashed(text, slashOrder) : text, epochs?.scaleOf(text));
  // The rows a layout fact is judged from are at the file's oldest end: its first, or its last when written newest first.
  const probe = epochUnits();
  const newestFirst = writtenNewestFirst(lines, dataStart, (line, i) => {
    const text = dateTextOf(splitLine(line, sep), i);
    return text.trim() === '' ? NaN : timeOf(text, probe);
  });
  const { volume: volumeAt, upDown } = volumeColumns(names, idx.volume, lines, dataStart, sep, newestFirst);
  idx.volume = volumeAt;
  const rows: RawBar[] = [];
  const early: BarIssue[] = [];
  const offsets = new OffsetRuns();
  let quotesOnly = idx.volume >= 0;
  let zonelessClock = false;
  const symbols = new OneSymbol(file, names[idx.symbol] ?? '', idx.symbol, sep, dataStart);
  const contracts = new OneContract(file, names, columnName, sep, dataStart);
  const adjusting = new AdjustedColumns(names.map(columnName));
  const zoned = zonedTimes(options.timesIn, file);
  const lastLine = lines.findLastIndex((l, i) => i >= dataStart && l.trim() !== '');
  const lean = leanEquityPrices(lines, dataStart, hasHeader, newestFirst);
  const fixedPoint = databentoFixedPrices(names, sampleFields, [idx.open, idx.high, idx.low, idx.close]);
  const priceUnit = lean ? LEAN_PRICE_MULTIPLE : fixedPoint ? DATABENTO_PRICE_MULTIPLE : 1;
  const epochs = epochUnits();
  const numbers = numberReading(lines, dataStart, sep, [idx.open, idx.high, idx.low, idx.close], [idx.date, idx.time], newestFirst);
  let total = 0;
  let width = 0;
  // A last line without a line end, shorter than the row before it: a download cut short (its last number may be too).
  const cut = lines.length - 1;
  const unfinishedAt = names.findIndex((n) => marksCompletion(columnName(n)));
  for (let i = dataStart; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    total++;
    const row = i + 1;
    const f = splitLine(line, sep);
    // One field after full rows, on the file's last line: a footer, not a bar cut short (EODHD's CSV ends with a number).
    if (i === lastLine && f.length === 1 && width > 1) {
      early.push({ file, row, code: 'malformed-row', severity: 'rejected', message: `the last line, "${line.trim().slice(0, 40)}", is one field after the bars: a footer the download wrote (EODHD's ends with such a number), not a bar; left out` });
      continue;
    }
    // Shorter than the header and the rows before it: a field is missing, and the ones after it would be read shifted.
    if (f.length < Math.max(idx.date, idx.open, idx.high, idx.low, idx.close) + 1 || (i !== cut && f.length < width && f.length < names.length)) {
      early.push({ file, row, code: 'malformed-row', severity: 'rejected', message: `row has ${f.length} fields, the header names ${names.length}: a field is missing` });
      continue;
    }
    if (i === cut && f.length < width) {
      early.push({ file, row, code: 'malformed-row', severity: 'rejected', message: `the last line stops after ${f.length} of ${width} fields, with no line end: the file was cut short; download it again` });
      continue;
    }
    width = f.length;
    if (idx.symbol >= 0) symbols.see(f[idx.symbol]?.trim() ?? '', row);
    const num = (k: number) => (k < 0 ? 0 : numbers.price(f[k]?.trim() ?? ''));
    const dateText = dateTextOf(f, i);
    contracts.see(dateText, f, row);
    const time = zoned(timeOf(dateText, epochs), dateText);
    if (Number.isNaN(time)) {
      if (hasHeader && line.trim() === headerLine.trim()) {
        early.push({ file, row, code: 'invalid-time', severity: 'rejected', message: `repeats the header line: files put one after the other? Not a bar` });
      } else {
        const column = hasHeader ? names[idx.date]?.trim() : undefined;
        early.push(zoned.skipped ? zoned.skippedIssue(row, dateText) : unreadableTime(file, row, dateText, typeof slashes === 'object' ? slashes.unknown : undefined, column));
      }
      continue;
    }
    // A bar saved while still forming (Tinkoff's candles as pandas writes them: the last one `is_complete` False).
    if (unfinishedAt >= 0 && saysUnfinished(f[unfinishedAt] ?? '')) {
      early.push(unfinishedIssue(file, row, time, `${names[unfinishedAt]!.trim()} ${f[unfinishedAt]!.trim()}`));
      continue;
    }
    offsets.see(time, offsetAheadMs(dateText));
    if (rows.length === 0) zonelessClock = !namesUtc(names[idx.date]) && clockTimeWithoutZone(dateText);
    const open = num(idx.open) / priceUnit;
    const high = num(idx.high) / priceUnit;
    const low = num(idx.low) / priceUnit;
    const close = num(idx.close) / priceUnit;
    // An empty volume is no volume, as a file without the column (it rejected every row of such an export).
    const volumeText = idx.volume >= 0 ? (f[idx.volume]?.trim() ?? '') : '';
    // Interactive Brokers' bars of quotes (whatToShow MIDPOINT, BID, ASK, as ib_insync's util.df saves them) write -1 for
    // the volume they do not have: no volume while every row so far did, judged row by row (asked of the whole file, one
    // later real volume refused every row before it as a negative volume). A -1 after real volumes stays a bad row.
    quotesOnly &&= Number(volumeText) === -1;
    const volume = upDown ? numbers.volume(f[upDown[0]]?.trim() ?? '') + numbers.volume(f[upDown[1]]?.trim() ?? '') : quotesOnly ? 0 : numbers.volume(volumeText);
    // A price or volume that is not a number is said with its text ("open is NaN" said neither what nor why).
    // (The sum is NaN when one is, or for Infinity and -Infinity, which the validator rejects as non-finite.)
    const values = Number.isNaN(open + high + low + close + volume) ? { open, high, low, close, volume } : undefined;
    const notNumber = values && (['open', 'high', 'low', 'close', 'volume'] as const).find((c) => Number.isNaN(values[c]));
    if (notNumber) {
      // A time with none of its four prices is a stretch with no trade (an intraday file's lunch break), not a bad field.
      const priceless = (['open', 'high', 'low', 'close'] as const).every((c) => (f[idx[c]]?.trim() ?? '') === '');
      const message = priceless ? 'no prices on this row: a time without trades (a break in the session?)' : notANumber(notNumber, f[idx[notNumber]]?.trim() ?? '');
      early.push({ file, row, time, code: 'non-finite', severity: 'rejected', message });
      continue;
    }
    const split = idx.split >= 0 ? Number(f[idx.split]) : 0;
    const bar: RawBar = { row, time, open, high, low, close, volume };
    if (split > 0) bar.split = split;
    const prevClose = idx.prevClose >= 0 ? Number(f[idx.prevClose]) : 0;
    if (prevClose > 0) bar.prevClose = prevClose;
    rows.push(adjusting.read(bar, f));
  }
  const bitmexOpens = bitmexOpensInRange(headerLine, rows);
  const closeStamp = sessionClose === undefined ? closeStampStep(headerLine, rows.map((r) => r.time)) : undefined;
  if (closeStamp) for (const r of [...rows, ...early]) if (r.time !== undefined) r.time -= closeStamp.moveAt(r.time);
  const closeStampMs = closeStamp?.mode;
  const result = finish(adjusting.done(rows), early, file, 'csv', total, options, offsets, zonelessClock, zoned.rows);
  if (fixedPoint) return withChanges(result, { databentoFixedPrices: true as const });
  if (sessionClose !== undefined) return withChanges(result, { sessionClose });
  if (closeStampMs !== undefined) return withChanges(result, bitmexOpens > 0 ? { closeStampMs, bitmexOpens } : { closeStampMs });
  return lean ? withChanges(result, { leanEquityPrices: true as const }) : result;
}

