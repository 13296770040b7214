import { shellArg } from '../core/shell-arg.js';
import { OperationalError } from '../core/errors.js';
import { layoutLines } from './layout-rows.js';
import { isRecord } from '../core/is-record.js';

/** The fields of an OHLCV CSV file as exports write them: quoting, numbers, the header's shapes, one symbol per file. */

export class DataFileError extends OperationalError {}

/**
 * A file of closes (a CSV header or a JSON item with a date and one price) refused as bars, with what it lacks and what
 * to use instead. `found` says what the file has (its header, its keys); `instead`, where such bars come from.
 */
export function closesOnlyMessage(file: string, found: string, instead: string): string {
  return `OHLCV file ${file} holds closes only (${found}): a backtest fills orders at a bar's open and checks stops against its high and low, which a close alone cannot give; use bars with open, high, low and close (${instead}) instead of a price series`;
}

/** Splits one CSV line; handles double-quoted fields with embedded separators and doubled quotes. */
export function splitLine(line: string, sep: string): string[] {
  if (!line.includes('"')) return line.split(sep);
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === sep) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * yfinance's download() saved with to_csv writes its two-level columns as three header lines (`Price,Close,High,...`,
 * `Ticker,AAPL,AAPL,...`, `Date,,,...`): the names are the first line's, with the date's name in the first column.
 * Every such file was refused for having no date column. Several tickers side by side are refused by name.
 */
export function yfinanceHeader(lines: readonly string[], start: number, sep: string, header: readonly string[], file: string): { names: string[]; dataStart: number } | undefined {
  if (!/^price$/i.test(header[0]?.trim() ?? '')) return undefined;
  const fields = (i: number) => splitLine(lines[i] ?? '', sep).map((x) => x.trim());
  let next = start;
  const tickerRow = fields(next);
  if (/^ticker$/i.test(tickerRow[0] ?? '')) {
    const tickers = [...new Set(tickerRow.slice(1).filter((t) => t !== ''))];
    if (tickers.length > 1) {
      throw new DataFileError(`OHLCV file ${file} holds ${tickers.length} symbols side by side (${tickers.slice(0, 5).join(', ')}) in yfinance's Ticker row: one symbol per file; download each ticker on its own, or save each ticker's columns to its own file`);
    }
    next++;
  }
  const dateRow = fields(next);
  if (!/^(date|datetime)$/i.test(dateRow[0] ?? '') || dateRow.slice(1).some((x) => x !== '')) return undefined;
  return { names: [dateRow[0]!, ...header.slice(1)], dataStart: next + 1 };
}

/**
 * Bloomberg's fields as xbbg and pdblp save them (pandas' two-level columns): `ticker,SPX Index,…`, `field,PX_OPEN,…`,
 * `date,,…`, then the rows. The ticker line was taken for the header, and the file refused as having no date, open,
 * high, low or close column. The names are the field line's, without Bloomberg's `PX_` (PX_LAST the close); several
 * securities side by side are refused (one per file). Undefined when the lines are not that.
 */
export function bloombergHeader(lines: readonly string[], start: number, sep: string, header: readonly string[], file: string): { names: string[]; dataStart: number } | undefined {
  if (!/^ticker$/i.test(header[0]?.trim() ?? '')) return undefined;
  const fields = (i: number) => splitLine(lines[i] ?? '', sep).map((x) => x.trim());
  const fieldRow = fields(start);
  const dateRow = fields(start + 1);
  if (!/^field$/i.test(fieldRow[0] ?? '') || !/^(date|datetime)$/i.test(dateRow[0] ?? '') || dateRow.slice(1).some((x) => x !== '')) return undefined;
  const tickers = [...new Set(header.slice(1).map((t) => t.trim()).filter((t) => t !== ''))];
  if (tickers.length > 1) throw new DataFileError(`OHLCV file ${file} holds ${tickers.length} securities side by side (${tickers.slice(0, 5).join(', ')}) in its ticker line: one security per file; save each one's columns to its own file`);
  return { names: [dateRow[0]!, ...fieldRow.slice(1).map((n) => n.replace(/^px_/i, ''))], dataStart: start + 2 };
}

/**
 * A number as CSV exports write it: plain, or with thousands grouped by commas ("22,351,900", quoted in a
 * comma-separated file, where it cannot be a decimal comma, or in lakhs and crores, "1,32,23,177"), or with a decimal comma in a file separated by
 * semicolons or tabs ("1,75" or "1.234,56", as a spreadsheet in a European locale saves it, where the comma cannot
 * separate fields; with an exponent, "1,23321E+11"), with or without a currency sign before it. NaN when it is none of these.
 */
export function readNumber(raw: string, sep: string): number {
  if (raw === '') return NaN;
  // Most fields are plain numbers: read at once, before the patterns below (none of which a plain number matches).
  const plain = Number(raw);
  if (!Number.isNaN(plain)) return plain;
  // A price with its currency sign, as Nasdaq.com writes it ("$184.25").
  const text = /^-?[$€£¥]/.test(raw) ? raw.replace(/[$€£¥]\s?/, '') : raw;
  if (text === '') return NaN;
  if (sep === ',' && text.includes(',') && /^-?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ''));
  // Grouped by commas beyond doubt in any file: two groups or more ("4,157,500"), or a group before a decimal point.
  if (/^-?\d{1,3}((,\d{3}){2,}|(,\d{3})+\.\d+)$/.test(text)) return Number(text.replace(/,/g, ''));
  // Grouped as India writes it (lakhs and crores: "57,77,575", "7,91,73,73,815.60"), as NSE's downloads do: a last group
  // of three after groups of two, which no other grouping writes. Every row of such a file was refused.
  if (/^-?\d{1,2}(,\d{2})+,\d{3}(\.\d+)?$/.test(text)) return Number(text.replace(/,/g, ''));
  // With an exponent too: the same spreadsheets write a large volume as "1,23321E+11".
  if (sep !== ',' && /^-?(\d+|\d{1,3}(\.\d{3})+),\d+([eE][+-]?\d+)?$/.test(text)) return Number(text.replace(/\./g, '').replace(',', '.'));
  // Grouped by points beyond doubt (two groups or more: "4.157.500"), as the same spreadsheets write large volumes.
  if (sep !== ',' && /^-?\d{1,3}(\.\d{3}){2,}$/.test(text)) return Number(text.replace(/\./g, ''));
  return Number(text);
}

/**
 * The separator to read a file's numbers by: a semicolon's reading (decimal commas) for a comma-separated file whose
 * quoted prices are written with decimal commas beyond doubt ("34.186,18", "1,25": a point before a group of three
 * then a comma, or a comma before other than three digits), as Investing.com's Italian, German or Spanish exports
 * are. Their every row was refused ("not a number"). The rows at the file's oldest end decide (layout-rows.ts), and a
 * comma before three digits alone ("1,234") decides nothing.
 */
export function numberSeparator(lines: readonly string[], dataStart: number, sep: string, priceColumns: readonly number[], newestFirst: boolean): string {
  if (sep !== ',') return pointDecimals(lines, dataStart, sep, priceColumns, newestFirst) ? ',' : sep;
  for (const line of layoutLines(lines, dataStart, newestFirst, (l) => l.includes('"'))) {
    const f = splitLine(line, sep);
    for (const k of priceColumns) {
      const text = f[k]?.trim() ?? '';
      if (/^-?\d{1,3}(,\d{3})*\.\d+$/.test(text) && text.includes(',')) return sep;
      if (/^-?(\d{1,3}(\.\d{3})+,\d+|\d+,(\d{1,2}|\d{4,}))$/.test(text)) return ';';
    }
  }
  return sep;
}

/**
 * A file separated by tabs or semicolons whose prices carry a decimal point beyond doubt ("810.40", "0.4567": not three
 * digits after it) and never a decimal comma: its commas group thousands ("67,366", as NEPSE's tables write the
 * quantity), where they were read as decimal commas (a volume of 67.366).
 */
function pointDecimals(lines: readonly string[], dataStart: number, sep: string, priceColumns: readonly number[], newestFirst: boolean): boolean {
  let point = false;
  for (const line of layoutLines(lines, dataStart, newestFirst)) {
    const f = splitLine(line, sep);
    for (const k of priceColumns) {
      const text = f[k]?.trim() ?? '';
      if (/^-?\d+,\d+$/.test(text) || /\.\d{3},/.test(text)) return false;
      if (/^-?\d+\.(\d{1,2}|\d{4,})$/.test(text)) point = true;
    }
  }
  return point;
}

/**
 * A JSON field's number: a number, or a string holding one (APIs quote prices to keep their digits), or a Quotation
 * (T-Bank's, Tinkoff's, Invest API: `{"units": 124, "nano": 740000000}`, whole units and billionths, both signed; every
 * candle of its saved answer was refused as having no open), or IG's and Capital.com's price, `{"bid", "ask",
 * "lastTraded"}`: the last trade's where it has one, else the mid of bid and ask, as a ticker is read (ccxt-market.ts;
 * every such bar was refused as having no time); NaN otherwise.
 */
export const jsonNumber = (x: unknown): number => {
  if (typeof x === 'number') return x;
  // Read as a CSV field is: with a currency sign or grouped thousands ("$112.28", "1,234.5"), as Nasdaq.com's history
  // turned into JSON writes it (every row of such a file was refused as having no open).
  if (typeof x === 'string') return x.trim() !== '' ? readNumber(x.trim(), ',') : NaN;
  const q = isRecord(x) ? x : undefined;
  if (q) {
    const [bid, ask, last] = [jsonNumber(q.bid), jsonNumber(q.ask), jsonNumber(q.lastTraded)];
    // The mid to 15 digits: 4226.1 and 4226.8 make 4226.45, not 4226.450000000001.
    if (Number.isFinite(bid) && Number.isFinite(ask)) return Number.isFinite(last) ? last : Number(((bid + ask) / 2).toPrecision(15));
  }
  if (q?.units === undefined || q.nano === undefined) return NaN;
  // Summed as whole billionths, so that 124.74 reads as 124.74 and not as 124 + 0.74's float noise.
  return (jsonNumber(q.units) * 1e9 + jsonNumber(q.nano)) / 1e9;
};

const SCALE: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/**
 * A volume: a number as above, or abbreviated as Investing.com writes it (1.25K, 3.4M, 2B); empty or "-" is no volume
 * (0), as a file without the column.
 */
export function readVolume(text: string, sep: string): number {
  if (text === '' || text === '-') return 0;
  const abbreviated = /^(\d[\d,]*(?:\.\d+)?)([KMB])$/i.exec(text);
  return abbreviated ? readNumber(abbreviated[1]!, sep) * SCALE[abbreviated[2]!.toLowerCase()]! : readNumber(text, sep);
}

/** Why a price field is not a number, quoting it, with the likely cause of the common ones. */
export function notANumber(column: string, text: string): string {
  if (text === '') return `${column} is empty`;
  const shown = JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}...` : text);
  const hint = /^-?[\d.]*\d,\d+$/.test(text)
    ? ': a decimal comma? write decimals with a point (1234.5)'
    : /^(null|nan|n\/a|-|none)$/i.test(text) ? ': no price on this row' : '';
  return `${column} ${shown} is not a number${hint}`;
}

/** An awk command keeping a file's header lines and the rows where `condition` holds, in the file's own separator. */
function awkKeeping(file: string, sep: string, headerLines: number, condition: string): string {
  const head = headerLines === 1 ? 'NR==1' : `NR<=${headerLines}`;
  return `awk -F${sep === ',' ? ',' : `'${sep}'`} '${head} || ${condition}' ${shellArg(file)}`;
}

/**
 * One symbol per file: a long-format file (Date,Symbol,Open,... with every ticker's rows together) would otherwise be
 * read as one series, each date keeping whichever symbol's row came first and dropping the others as duplicates.
 */
export class OneSymbol {
  private first: { value: string; row: number } | undefined;

  /** `index`, `sep`, `headerLines`: where the column is, for the command keeping one symbol's rows (tidyquant's long files). */
  constructor(private readonly file: string, private readonly column: string, private readonly index = -1, private readonly sep = ',', private readonly headerLines = 1) {}

  see(value: string, row: number): void {
    if (value === '') return;
    if (!this.first) this.first = { value, row };
    else if (value !== this.first.value) {
      const column = `$${this.index + 1}`;
      const keep = this.index < 0 ? '' : ` (e.g. ${awkKeeping(this.file, this.sep, this.headerLines, `${column}=="${this.first.value}" || ${column}=="\\"${this.first.value}\\""`)} > ${this.first.value}.csv, then ${this.first.value}=${this.first.value}.csv)`;
      throw new DataFileError(`OHLCV file ${this.file} holds more than one symbol in its ${this.column.trim()} column (${this.first.value} on row ${this.first.row}, ${value} on row ${row}): one symbol per file; split it into a file per symbol and name each as SYMBOL=path${keep}`);
    }
  }
}

/** A futures file's contract column: FinMind's `contract_date`, a `contract`, `expiry` or `delivery month`. */
const CONTRACT_NAMES = ['contract', 'contract date', 'contract month', 'expiry', 'expiration', 'expiration date', 'delivery month'];

/** Databento's venue column: datasets of several venues (DBEQ.BASIC) write each venue's bar of a symbol on a row of its own. */
const VENUE_NAMES = ['publisher id'];

/** The Moscow Exchange's board column: its ISS history writes a row per board (TQBR, SMAL, EQDP...) on each date. */
const BOARD_NAMES = ['boardid'];

/**
 * A futures file with several contracts on one date (FinMind's TaiwanFuturesDaily: each delivery month and calendar
 * spread a row of its own), or one symbol's bars of several venues (Databento's DBEQ.BASIC, cut by symbol as the
 * one-symbol refusal says) or boards (the Moscow Exchange's ISS history: TQBR beside SMAL and EQDP). Read as one series it took whichever contract or venue came first on each date (a venue
 * with a twentieth of the volume) and refused the others as duplicates "of two downloads joined". A continuous series
 * whose contract changes at the roll, one row a date, is one series and passes.
 */
export class OneContract {
  private readonly column: number;
  private readonly kind: 'contract' | 'venue' | 'board';
  private last: { date: string; value: string; row: number } | undefined;

  /** `headerLines`: the lines up to the header (the ISS's CSV puts its table's name and a blank line before it). */
  constructor(private readonly file: string, private readonly names: readonly string[], name: (n: string) => string, private readonly sep = ',', private readonly headerLines = 1) {
    const among = (wanted: readonly string[]) => names.findIndex((n) => wanted.includes(name(n)));
    const [contract, venue] = [among(CONTRACT_NAMES), among(VENUE_NAMES)];
    this.kind = contract >= 0 ? 'contract' : venue >= 0 ? 'venue' : 'board';
    this.column = contract >= 0 ? contract : venue >= 0 ? venue : among(BOARD_NAMES);
  }

  /** `date`: the row's time as written; `fields`: the row's fields. */
  see(date: string, fields: readonly string[], row: number): void {
    if (this.column < 0) return;
    const value = fields[this.column]?.trim() ?? '';
    if (this.last && this.last.date === date && this.last.value !== value) {
      const column = this.names[this.column]!.trim();
      const which = `for ${date} in its ${column} column (${this.last.value} on row ${this.last.row}, ${value} on row ${row})`;
      if (this.kind === 'board') {
        throw new DataFileError(`OHLCV file ${this.file} holds the bars of more than one board ${which}: the Moscow Exchange's history writes a row per board (its main order book, odd lots, negotiated deals...) on each date; one series per file: keep the main board's rows (e.g. ${awkKeeping(this.file, this.sep, this.headerLines, `$${this.column + 1}=="TQBR"`)}; shares traded on EQBR before 2013), or download one board's history (iss/history/engines/stock/markets/shares/boards/TQBR/securities/SECID.csv), and run check-data again`);
      }
      if (this.kind === 'venue') {
        throw new DataFileError(`OHLCV file ${this.file} holds the bars of more than one venue ${which}: Databento's multi-venue datasets write a bar per venue (publisher), each of that venue's trades alone; one series per file: keep one publisher's rows (e.g. ${awkKeeping(this.file, this.sep, this.headerLines, `$${this.column + 1}==${value}`)}), best the one with the most volume, or download a consolidated dataset, and run check-data again`);
      }
      throw new DataFileError(`OHLCV file ${this.file} holds more than one contract ${which}: one series per file; keep the rows of one contract (or a continuous front-month series) and run check-data again`);
    }
    this.last = { date, value, row };
  }
}

/** True when most of the data rows at the file's oldest end hold 0 (or nothing) in the column. */
export function mostlyZero(lines: readonly string[], start: number, sep: string, column: number, newestFirst: boolean): boolean {
  let rows = 0;
  let zero = 0;
  for (const line of layoutLines(lines, start, newestFirst)) {
    rows++;
    const v = Number(splitLine(line, sep)[column]?.trim() || '0');
    if (v === 0) zero++;
  }
  return zero > rows / 2;
}
