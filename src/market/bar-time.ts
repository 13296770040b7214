import type { BarIssue } from './bar-validator.js';

/**
 * Bar timestamps as OHLCV files write them, to epoch ms; NaN when unreadable (the validator rejects the row).
 * Accepted: epoch seconds, ms, µs or ns; YYYYMMDD, YYYYMMDDHHMMSS; YYYY-MM-DD, YYYY/MM/DD or YYYY.MM.DD (MetaTrader), optionally
 * with a time of day (space or T; HH:MM[:SS[.fff]], on a 12-hour clock with AM or PM (or HH-AM), or HHMM[SS] as HistData writes it) and a zone (Z, +09:00, +0900,
 * +09, GMT+0100). No zone means UTC. Dotted day-first dates (DD.MM.YYYY, as Dukascopy and European exports write them) are read
 * day first, the only way that form is written; year-first dates may leave the month and day unpadded (2013/1/4), or put a
 * space after each separator (2023- 10- 09, as Korea writes them), or write each part with its
 * character (2011年5月19日, 2023년 10월 9일). A month named (03-Jan-2024, Jan 3, 2024) is read. Dates with slashes or dashes and the year last (01/02/2006) are not read here:
 * one date cannot say whether the day or the month comes first; a file's dates can (slashed-dates.ts).
 */
const DATE_TIME =
  /^(\d{4})([-/.]?)(\d{2})\2(\d{2})(?:[ T]+(?:(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?|(\d{2})(\d{2})(\d{2})?))?\s*(Z|UTC|GMT|(?:UTC|GMT)?[+-]\d{2}(?::?\d{2})?)?$/i;

/** What a time the reader cannot read is told to be instead. */
export const BAR_TIME_FORMATS = "YYYY-MM-DD[ HH:MM[:SS][ AM|PM]][zone], YYYYMMDD[ HHMMSS], YYYY.MM.DD, DD.MM.YYYY, MM/DD/YYYY or DD/MM/YYYY (or with dashes, as the file's dates show), 03-Jan-2024 (or 03-Jan-24), Jan 3, 2024, or epoch seconds, ms, µs or ns";

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A 12-hour time of day after the date ("2024-01-03 9:30:00 AM", as a spreadsheet in a US locale saves it), or an hour
 * alone ("2019-10-17 09-AM", as CryptoDataDownload's older hourly files write it).
 */
const TWELVE_HOUR = /^(.*[ T])(\d{1,2})(:\d{2}(?::\d{2}(?:[.,]\d+)?)?|-)\s*([AP])\.?M\.?$/i;

/**
 * Epoch times are read within 2.3e9 seconds of 1970 (1897 to 2042), whatever their unit: a number's size then says its
 * unit, except near 1970, where it fits several (1970-01-05 in ms is 1981 in seconds).
 */
const WITHIN_MS = 2.3e12;
/** To ms: seconds multiply, then ms, µs and ns divide (negative), coarsest first. */
const SCALES = [1000, 1, -1e3, -1e6] as const;

/** `n` in epoch ms, at `scale` (positive: multiply; negative: divide, which rounds as the division always did). */
const epochMs = (n: number, scale: number): number => Math.round(scale > 0 ? n * scale : n / -scale);

/**
 * The scale to ms of a number written as an epoch time, read from its size alone: the coarsest unit that puts it
 * between 1897 and 2042 (ns beyond). Read as ms, a microsecond time was a valid-looking bar in the year 36,000.
 */
function epochScale(n: number): number {
  return SCALES.find((scale) => Math.abs(epochMs(n, scale)) <= WITHIN_MS) ?? -1e6;
}

const EPOCH = /^(?:-\d{6,}|\d{9,})(?:\.\d+)?$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/**
 * The unit of a file's epoch times, row by row, from that row and the one before it only, so no later row changes how
 * an earlier one reads. A row's size says its unit where only one fits. Near 1970, where several do, the row keeps the
 * unit of the row before it (a file of the S&P 500 since 1950 in ms crosses 1970 in ms; read alone, 1970-01-05 in ms
 * was 1981 in seconds, and every row from December 1969 to March 1973 was refused out of order), unless another unit
 * puts it a thousand times nearer that row: a row in another unit than the rest (seconds among ms) reads in its own.
 * A file's first row takes the coarsest unit that fits.
 */
export class EpochUnits {
  private previous: { time: number; scale: number } | undefined;
  /** Whether the file's times are epoch times, as its first one says: a stray long number among dates stays alone. */
  private epoch: boolean | undefined;

  /** The scale (parseBarTime's) of `text`, or undefined when it is not an epoch time (a date, YYYYMMDD). */
  scaleOf(text: string): number | undefined {
    const s = text.trim();
    if (s === '') return undefined;
    // 14 digits is YYYYMMDDHHMMSS, as parseBarTime reads it; short numbers are epoch times only in a file of them.
    this.epoch ??= EPOCH.test(s) && !/^\d{14}$/.test(s);
    if (!this.epoch || !NUMBER.test(s)) return undefined;
    const n = Number(s);
    let scale = epochScale(n);
    const previous = this.previous;
    if (previous !== undefined) {
      const fits = (k: number) => Math.abs(epochMs(n, k)) <= WITHIN_MS;
      const distance = (k: number) => Math.abs(epochMs(n, k) - previous.time);
      for (const k of SCALES) if (fits(k) && distance(k) < distance(scale)) scale = k;
      if (fits(previous.scale) && distance(scale) * 1000 >= distance(previous.scale)) scale = previous.scale;
    }
    this.previous = { time: epochMs(n, scale), scale };
    return scale;
  }
}

/** A time of day written as digits, HHMM or HHMMSS (Tongdaxin's minute exports: 0905; 10:00:00 as 100000). */
export const DIGIT_CLOCK = /^([01]\d|2[0-3])[0-5]\d([0-5]\d)?$/;
// Such a time as HH:MM(:SS): read as digits, --times-in passed them by as zoned.
const hhmmOf = (t: string): string => (DIGIT_CLOCK.test(t) ? t.replace(/^(\d\d)(\d\d)/, '$1:$2:').replace(/:$/, '') : t);
/**
 * A time column's text as a time of day: HHMMSSmmm as one number (rqalpha's CFFEX minutes: 93100000 is 09:31:00.000)
 * as HH:MM:SS.mmm, HHMM(SS) as HH:MM(:SS); anything else as it is.
 */
export const clockOf = (t: string): string => (/^\d{8,9}$/.test(t) ? t.padStart(9, '0').replace(/^(\d\d)(\d\d)(\d\d)(\d{3})$/, '$1:$2:$3.$4') : hhmmOf(t));

/** A time as epoch ms; `scale`, a row's epoch scale (EpochUnits), reads a number of any size in that unit. */
export function parseBarTime(text: string, scale?: number): number {
  const s = text.trim();
  if (scale !== undefined && NUMBER.test(s)) return epochMs(Number(s), scale);
  // The common forms (YYYY-MM-DD, and with HH:MM:SS) read digit by digit: the regular expressions below were most
  // of loading a file. The same checks and the same Date.UTC as the general path (tests hold them equal).
  if ((s.length === 10 || s.length === 19) && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45) {
    const long = s.length === 19;
    if (!long || (s.charCodeAt(10) === 32 && s.charCodeAt(13) === 58 && s.charCodeAt(16) === 58)) {
      const year = digitsAt(s, 0, 4);
      const month = digitsAt(s, 5, 2);
      const day = digitsAt(s, 8, 2);
      const hour = long ? digitsAt(s, 11, 2) : 0;
      const minute = long ? digitsAt(s, 14, 2) : 0;
      const second = long ? digitsAt(s, 17, 2) : 0;
      // Any field not all digits (NaN) goes the general way.
      if (year + month + day + hour + minute + second >= 0) return utcTime(year, month, day, hour, minute, second, 0);
    }
  }
  const twelve = TWELVE_HOUR.exec(s);
  if (twelve) {
    const hour = Number(twelve[2]);
    if (hour < 1 || hour > 12) return NaN;
    const hour24 = (hour % 12) + (twelve[4]!.toUpperCase() === 'P' ? 12 : 0);
    return parseBarTime(`${twelve[1]!}${String(hour24).padStart(2, '0')}${twelve[3] === '-' ? ':00' : twelve[3]!}`);
  }
  // pandas writes a column of YYYYMMDD numbers as floats once one is missing (19991110.0, as stockstats' test data):
  // every row was refused. Eight digits are no epoch time this reader takes (1970 to 1973).
  const floated = /^(\d{8})\.0+$/.exec(s);
  if (floated) return parseBarTime(floated[1]!);
  // 14 digits is YYYYMMDDHHMMSS (as epoch ms it would be after the year 2286).
  const compact = /^(\d{8})(\d{2})(\d{2})(\d{2})$/.exec(s);
  if (compact) return parseBarTime(`${compact[1]!} ${compact[2]!}:${compact[3]!}:${compact[4]!}`);
  if (EPOCH.test(s)) return epochMs(Number(s), epochScale(Number(s)));
  // A month by name is unambiguous: 03-Jan-2024, 3 Jan 2024 (NSE, Stooq, Excel), Jan 3, 2024 (Yahoo's page, Nasdaq).
  // With two digits of year (29-Dec-17: Google Finance's and StockCharts' downloads, Excel's d-mmm-yy), the century is
  // POSIX's: 69-99 are the 1900s, 00-68 the 2000s. Every row of such a file was refused. A comma may part the date from
  // its time (Aug 20, 2024, 12:30:00 AM: XTB's xAPI candles' ctmString), which refused every row too.
  const named = /^(?:(\d{1,2})[- ]([a-z]{3,9})\.?[- ](\d{4}|\d{2})|([a-z]{3,9})\.? (\d{1,2}),? (\d{4}))(?=$|[ T]|, \d)(.*)$/i.exec(s);
  if (named) {
    const month = MONTHS.indexOf((named[2] ?? named[4]!).slice(0, 3).toLowerCase()) + 1;
    const day = named[1] ?? named[5]!;
    const written = named[3] ?? named[6]!;
    const year = written.length === 2 ? String((Number(written) < 69 ? 2000 : 1900) + Number(written)) : written;
    return month === 0 ? NaN : parseBarTime(`${year}-${String(month).padStart(2, '0')}-${day.padStart(2, '0')}${named[7]!.replace(/^,/, '')}`);
  }
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?=$|[ T])(.*)$/.exec(s);
  if (dotted) return parseBarTime(`${dotted[3]!}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}${dotted[4]!}`);
  // Year first with the month or day unpadded (2013/1/4: Excel in a Chinese or Japanese locale, vn.py's and Sierra
  // Chart's exports): year, month, day is the only order written with the year first. Every row before the 10th of
  // October was refused, and a file kept only its days 10-31 of October to December.
  const unpadded = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?=$|[ T])(.*)$/.exec(s);
  if (unpadded && (unpadded[3]!.length === 1 || unpadded[4]!.length === 1)) {
    return parseBarTime(`${unpadded[1]!}-${unpadded[3]!.padStart(2, '0')}-${unpadded[4]!.padStart(2, '0')}${unpadded[5]!}`);
  }
  // Year, month and day with a space after each separator, as Korea writes them (Investing.com's Korean export,
  // "2023- 10- 09"; Excel in a Korean locale, "2023. 10. 9."): every row of such a file was refused.
  const spaced = /^(\d{4})([-.]) (\d{1,2})\2 (\d{1,2})\.?(?=$|[ T])(.*)$/.exec(s);
  if (spaced) return parseBarTime(`${spaced[1]!}-${spaced[3]!.padStart(2, '0')}-${spaced[4]!.padStart(2, '0')}${spaced[5]!}`);
  // Year, month and day each followed by its character, as Chinese and Japanese (2011年5月19日: Investing.com's
  // Chinese export, Excel's long date) and Korean (2023년 10월 9일) write them: every row of such a file was refused.
  const cjk = /^(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일](.*)$/.exec(s);
  if (cjk) return parseBarTime(`${cjk[1]!}-${cjk[2]!.padStart(2, '0')}-${cjk[3]!.padStart(2, '0')}${cjk[4]!.trim() === '' ? '' : ` ${cjk[4]!.trim()}`}`);
  const m = DATE_TIME.exec(s);
  if (!m) return NaN;
  const [, y, , mo, d, colonH, colonM, colonS, frac, bareH, bareM, bareS, zone] = m;
  const [hh, mm, ss] = colonH !== undefined ? [colonH, colonM, colonS] : [bareH, bareM, bareS];
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(hh ?? 0);
  const minute = Number(mm ?? 0);
  const second = Number(ss ?? 0);
  const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  let t = utcTime(year, month, day, hour, minute, second, ms);
  if (Number.isNaN(t)) return NaN;
  if (zone && !/^(Z|UTC|GMT)$/i.test(zone)) {
    // An offset may follow the zone's name (GMT+0100: Dukascopy's exports in local time).
    const offsetText = zone.replace(/^(UTC|GMT)/i, '');
    const sign = offsetText.startsWith('-') ? -1 : 1;
    const digits = offsetText.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
    t -= sign * offset * 60_000;
  }
  return t;
}

/** The digits of s[at, at + n) as a number, NaN when any is not a digit. */
function digitsAt(s: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  return v;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const daysIn = (year: number, month: number) => (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : DAYS[month - 1]!);

/** Epoch ms of a UTC date and time of day, NaN when out of range or not a calendar date. */
function utcTime(year: number, month: number, day: number, hour: number, minute: number, second: number, ms: number): number {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 24 || minute > 59 || second > 60) return NaN;
  // Date.UTC rolls 2023-02-31 into March; such a date is invalid, not March 3rd.
  if (day > 28 && day > daysIn(year, month) && hour < 24) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

/**
 * The rejection of a row whose time this reader cannot read, with the formats it can and a word on slashed dates; with
 * `column`, the header's name of the column read as the time, in case it is the wrong one.
 */
export function unreadableTime(file: string, row: number, text: string, slashReason?: string, column?: string): BarIssue {
  const shown = `"${text.length > 40 ? `${text.slice(0, 40)}...` : text}"${column ? ` in column "${column}"` : ''}`;
  const lost = spreadsheetEpoch(text);
  if (lost) return { file, row, code: 'invalid-time', severity: 'rejected', message: `time ${shown} is an epoch time a spreadsheet saved in scientific notation: ${lost}` };
  // A time of day alone (a day's minutes saved with their date in the file's name only, kabutan's charts scraped as
  // {"t": "09:00", ...}) was called no date this reader knows, which did not say that its date was missing.
  if (/^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?(\s?[AP]M)?$/i.test(text.trim())) return { file, row, code: 'invalid-time', severity: 'rejected', message: `time ${shown} is a time of day without its date (a day's bars saved with the date in the file's name alone?): write each row's date before its time, as 2024-01-03 ${text.trim()}` };
  const slashed = /^\d{1,2}([/-])\d{1,2}\1\d{2,4}\b/.test(text);
  // A date this reader knows, in a file whose dates do not say their order: saying it is no known date misled.
  if (slashed && slashReason) return { file, row, code: 'invalid-time', severity: 'rejected', message: `time ${shown} is in a file whose dates (with slashes or dashes, the year last) cannot be read: ${slashReason}; rewrite them as YYYY-MM-DD` };
  const why = /^\d{1,2}([/-])\d{1,2}\1\d{4}\b/.test(text) ? '' : 'a two-digit year is not read';
  const slashes = slashed ? ` (dates with slashes or dashes and the year last: ${why || 'not readable'}; rewrite them as YYYY-MM-DD)` : '';
  return { file, row, code: 'invalid-time', severity: 'rejected', message: `time ${shown} is not a date this reader knows; expected ${BAR_TIME_FORMATS}${slashes}` };
}

/**
 * An epoch time as Excel saves a long number it opened ("1.67253E+12", Binance's open_time in ms): rounded to the
 * digits shown, so times hours apart read alike and cannot be told. Undefined for anything else.
 */
function spreadsheetEpoch(text: string): string | undefined {
  // With the time column read beside it too (CryptoDataDownload's unix,date,time,... saved by Excel).
  const m = /^(\d)(?:\.(\d+))?E\+?(\d{1,2})(?:\s|$)/i.exec(text.trim());
  if (!m) return undefined;
  const exponent = Number(m[3]);
  // The epoch's unit by its size (as epochScale reads whole numbers): seconds ~1e9, ms ~1e12, µs ~1e15, ns ~1e18.
  const perSecond = exponent >= 17 ? 1e9 : exponent >= 14 ? 1e6 : exponent >= 11 ? 1e3 : 1;
  const step = 10 ** (exponent - (m[2]?.length ?? 0)) / perSecond;
  const every = step >= 3600 ? `${Math.round(step / 360) / 10} hours` : step >= 60 ? `${Math.round(step / 60)} minutes` : `${step} seconds`;
  return `its last digits are lost (it reads the same for every time within ${every}), so the bars' times cannot be told; use the file as downloaded (or, in the spreadsheet, format that column as a whole number before saving it)`;
}
