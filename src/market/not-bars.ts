import { splitLine } from './csv-fields.js';
import { columnName, columnOf } from './csv-header.js';
import type { RawBar } from './bar-validator.js';

/**
 * Tables people pass by mistake in place of bars, named by their header: an options chain, a funding-rate history,
 * quotes (bid and ask), trades, dividends, a company's statements by period, an order book's levels without a header.
 * Each was refused as a header with "no open, high, low, close column; expected Date,Open,...", and a tick file as
 * "closes only", which said neither what the file was nor what to use instead.
 */

const MAKE_BARS = 'aggregate them into bars first (pandas: resample the price by .ohlc() and the amount by .sum() over the bar length you want), or download bars';

/** A column's name reduced to letters and digits: `bid_price` and `Bid Price` alike (columnName drops " price"). */
const compact = (name: string) => columnName(name).replace(/[^\p{L}\p{N}]/gu, '');

const OPTION_FIELDS = ['contractsymbol', 'contractname', 'impliedvolatility', 'iv', 'openinterest', 'expiration', 'expirationdate', 'expiry', 'optiontype', 'inthemoney', 'putcall', 'callput', 'delta'];
const SIZES = ['qty', 'quantity', 'amount', 'size', 'volume', 'vol'];
const TRADE_FIELDS = ['tradeid', 'aggtradeid', 'isbuyermaker', 'side', 'takerside', 'buyermaker'];

// An account's records, not a market's (a broker's activity export, a backtest's transactions): ISIN, settlement, cash
// balance, transaction codes, currencies, taxes. A fee or an order id alone says less: ccxt's trades carry both, empty
// on a market's public trades; so does a symbol column, which a market's tape holds one of and an account several.
const ACCOUNT = /isin|settle|balance|saldo|transa|txn|buysell|action|currenc|valuta|devise|tax|dividend|cashflow|broker|account|konto|portef|realized/;
const COSTS = /fee|commission|comm$|courtage|kosten/;

/** The columns that make a table an account's history, or none. */
function accountColumns(names: readonly string[], rows: readonly string[], sep: string): string[] {
  const first = rows.filter((r) => r.trim() !== '').slice(0, 20).map((r) => splitLine(r, sep));
  const given = (i: number) => first.some((f) => !/^(none|nan|null)?$/i.test((f[i] ?? '').trim()));
  const named = (re: RegExp) => names.flatMap((n, i) => (re.test(compact(n)) ? [i] : []));
  const [strong, costs, orders] = [named(ACCOUNT), named(COSTS), named(/order/).filter(given)];
  const symbol = names.findIndex((n, i) => columnOf(n, i) === 'symbol');
  const symbols = symbol < 0 ? 0 : new Set(first.map((f) => f[symbol]?.trim())).size;
  // Dated, as a screener's or an index's table of securities (`Symbol,Name,Sector,Price,Dividend Yield,...`) is not.
  const dated = names.some((n, i) => columnOf(n, i) === 'date');
  const account = costs.some(given) || strong.length >= 2 || (strong.length === 1 && costs.length + orders.length > 0) || (strong.length === 1 && symbols >= 2 && dated);
  return account ? [...new Set([...strong, ...costs, ...orders])].sort((a, b) => a - b).map((i) => names[i]!.trim()) : [];
}

/** Two of the first rows at one time: several trades a time stamp, which bars never have. */
function timesRepeat(names: readonly string[], rows: readonly string[], sep: string): boolean {
  const at = names.flatMap((n, i) => (['date', 'time'].includes(columnOf(n, i)) ? [i] : []));
  if (at.length === 0) return false;
  const keys = rows.filter((r) => r.trim() !== '').slice(0, 50).map((r) => { const f = splitLine(r, sep); return at.map((i) => f[i]?.trim() ?? '').join(' '); });
  return new Set(keys).size < keys.length;
}

/**
 * A first line that is a quote and no header: a time, a bid and an ask (and a volume), led by the pair or not, as TrueFX
 * (`USD/JPY,20130101 22:00:00.295,86.655,86.728`) and HistData (`20200101 170000065,1.121200,1.121720,0`) write their
 * tick files. Their times (fractions of a second, or HistData's HHMMSSmmm) are no bar time this reader takes, so the
 * line was quoted as a header with no date, open, high, low or close column: the user was sent to add a header.
 */
function headerlessQuote(fields: readonly string[]): boolean {
  const f = fields.map((x) => x.trim());
  const t = f.findIndex((x) => /^\d{8}[ T]?\d{2}:?\d{2}:?\d{2}([.:]?\d{1,9})?$/.test(x) || /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}\.\d+$/.test(x));
  if (t < 0 || t > 1 || (t === 1 && !/^[A-Z]{3}\/?[A-Z]{3}$/i.test(f[0] ?? ''))) return false;
  const [a, b, ...rest] = f.slice(t + 1).map((x) => (/^\d+(\.\d+)?$/.test(x) ? Number(x) : NaN));
  // Two prices a spread apart (bid and ask in either order), and at most a volume after them.
  return a !== undefined && b !== undefined && a > 0 && b > 0 && Math.abs(a - b) < 0.05 * Math.min(a, b) && rest.length <= 1 && rest.every(Number.isFinite);
}

/**
 * Rows stamped to fractions of a second (`2011/07/31 22:38:45.108`): a price and an amount at such times are trades, as
 * mlfinlab's sample `Date and Time,Price,Volume` is written; a daily series of closes and volumes never is. Each such
 * file was told it lacked a date, open, high and low column.
 */
const subSecond = (rows: readonly string[]) => {
  const dated = rows.filter((r) => r.trim() !== '').slice(0, 20);
  return dated.length > 0 && dated.every((r) => /\d{1,2}:\d{2}:\d{2}[.,]\d{1,9}(?!\d)/.test(r));
};

export function notBarsMessage(file: string, headerFields: readonly string[], names: readonly string[], rows: readonly string[], sep: string): string | undefined {
  const start = `OHLCV file ${file}`;
  const header = headerFields.join(sep).trim().slice(0, 120);
  if (headerlessQuote(headerFields)) {
    return `${start} has no header, and its first line ("${header}") is a quote, not a bar: a time, a bid and an ask, as TrueFX's and HistData's tick files are written; a backtest needs bars: make bars of the bid or the mid first (pandas: read the time, bid and ask, then resample over the bar length you want and take .ohlc()), or download bars (HistData's one-minute bars and Dukascopy's candles are read as they come)`;
  }
  // LOBSTER's order-book files (ask price, ask size, bid price, bid size by level) have no header and no time.
  if (headerFields.length > 1 && headerFields.every((f) => /^\s*-?\d+(\.\d+)?\s*$/.test(f))) {
    return `${start} has no header, and its first line ("${header}") is numbers only, none of them a date or time this reader knows: not bars (an order book's levels or messages, as LOBSTER's files hold, or another table of numbers); a file of bars has a time on every row and a header such as Date${sep}Open${sep}High${sep}Low${sep}Close${sep}Volume`;
  }
  const set = new Set(names.map(compact));
  const has = (list: readonly string[]) => list.some((n) => set.has(n));
  const is = `${start} (header "${header}") holds`;
  if (set.has('strike') && has(OPTION_FIELDS)) {
    return `${is} an options chain: a row per contract (strike, bid, ask, implied volatility) at one moment, not one instrument's bars over time; backtest the underlying's bars (its daily history), or one contract's bars if you have them`;
  }
  if ([...set].some((n) => n.includes('funding'))) {
    return `${is} a perpetual swap's funding-rate history, not prices: use the perpetual's candles (the exchange's klines, ccxt's fetch_ohlcv)`;
  }
  // A file naming its close (CRSP's monthly PRC beside BID and ASK) is closes, said as such after this.
  const closes = names.some((n, i) => columnOf(n, i) === 'close');
  // Positioning, not prices: a CFTC Commitments of Traders report ("Open Interest (All)", "Noncommercial Positions-Long
  // (All)"), an exchange's open interest or long/short ratio (Binance's sumOpenInterest, longShortRatio).
  // A futures file's settlement beside its open interest (`Date,Settle,Volume,Open Interest`) is closes, said after this;
  // one naming a high and a low is bars under other names (rqalpha's CFFEX minutes: `HighPx,LowPx,...,OpenInterest`).
  const ranged = [...set].some((n) => n.startsWith('high')) && [...set].some((n) => n.startsWith('low'));
  if (!closes && !ranged && !has(['settle', 'settlement', 'price', 'latest', 'ltp']) && [...set].some((n) => n.includes('openinterest') || n.includes('longshort') || /^(long|short)(account|position)/.test(n))) {
    return `${is} positioning, not prices: open interest or traders' long and short positions (a CFTC Commitments of Traders report, an exchange's open-interest or long/short-ratio history); use the price bars of the contract or the perpetual`;
  }
  // 'offer': an FX dealer's word for the ask (`TimeStamp,cross,...,bid, offer, vol bid, vol offer`, as backtrader's data has it).
  if (!closes && has(['bid', 'bestbid', 'bid1', 'bids']) && has(['ask', 'bestask', 'ask1', 'asks', 'offer', 'bestoffer'])) {
    return `${is} quotes, a bid and an ask at each time (an order book's top, or ticks as Dukascopy and TrueFX write them), not bars; make bars of the bid or the mid first (pandas: resample over the bar length you want and take .ohlc()), or download bars`;
  }
  // Told they were trades (ticks) to aggregate into bars, or that they lacked an open, high, low and close column.
  const account = accountColumns(names, rows, sep);
  if (account.length > 0) {
    return `${is} an account's history (${account.slice(0, 4).join(', ')}: a broker's transactions or orders, or a backtest's), what was bought and sold, not a market's bars; backtest on the traded security's price bars (a daily history with open, high, low and close, as Yahoo or the broker's charts give them)`;
  }
  const repeats = timesRepeat(names, rows, sep);
  const fractions = !has(TRADE_FIELDS) && !repeats && subSecond(rows);
  if (!closes && has(['price', 'last', 'trade']) && has(SIZES) && (has(TRADE_FIELDS) || repeats || fractions)) {
    return `${is} trades (ticks): a row per trade, its price and amount, ${fractions ? 'stamped to fractions of a second' : 'several at one time'}, not bars; ${MAKE_BARS}`;
  }
  // Headlines: an RSS feed saved as CSV (`title,pubDate,guid,link,description`), Kaggle's `Date,Label,Top1,...,Top25`.
  if (has(['title', 'headline', 'headlines', 'news']) || [...set].filter((n) => /^top\d+$/.test(n)).length >= 3) {
    return `${is} headlines (news items), not prices: news goes to a backtest with --news, as JSON Lines ({"publishedAt": ..., "title": ...} on each line; see docs/prices-and-news.md), and prices need bars with open, high, low and close`;
  }
  const rest = names.filter((n, i) => columnOf(n, i) !== 'date');
  if (rest.length > 0 && rest.every((n) => /divid|split/.test(compact(n)))) {
    return `${is} dividends or splits (corporate actions), not prices: use the security's bars (Yahoo's history writes its Dividends and Stock Splits columns beside the prices)`;
  }
  // A table of closes, a column per security (`date,SQQQ,TQQQ`, as pandas saves yfinance's download()["Close"]).
  const first = splitLine(rows.find((r) => r.trim() !== '') ?? '', sep);
  const tickers = names.flatMap((n, i) => (columnOf(n, i) === 'date' ? [] : [{ n: n.trim(), v: first[i]?.trim() ?? '', c: columnOf(n, i) }]));
  // With a cash column, a portfolio's positions (pyfolio's and zipline's `index,AMD,CERN,...,cash`).
  const cash = tickers.some((t) => /^cash$/i.test(t.n));
  const securities = tickers.filter((t) => !/^cash$/i.test(t.n));
  if (securities.length >= 2 && tickers.every((t) => t.c === 'other' && /^-?\d+(\.\d+)?$/.test(t.v)) && securities.every((t) => /^\^?[A-Z0-9][A-Z0-9.=-]{0,11}$/.test(t.n))) {
    const what = cash ? "values of several securities and cash side by side (a portfolio's positions, as pyfolio and zipline save them)" : 'closes of several securities side by side';
    return `${is} one value per date for each of ${tickers.length} series (${tickers.slice(0, 4).map((t) => t.n).join(', ')}): ${what}, not bars; use one security's bars with open, high, low and close (a broker's or Yahoo's daily history)`;
  }
  // A yield curve, a rate per maturity (the Treasury's `Date,1 Mo,2 Mo,3 Mo,...`, or `BC_1MONTH,...` as its feed names them).
  const tenors = tickers.filter((t) => /^(bc)?\d+(mo|month|yr|year|y|m|wk|week)s?$/.test(compact(t.n)));
  if (tenors.length >= 3 && tenors.length >= tickers.length / 2) {
    return `${is} a yield curve: a rate per maturity (${tenors.slice(0, 4).map((t) => t.n).join(', ')}, ...) on each date, not bars; use the price bars of a security (a bond future's, or a Treasury ETF's daily history)`;
  }
  // A table of securities, a row each, with no date (an index's constituents, a screener's `Symbol,Name,Sector,...`).
  const symbol = names.findIndex((n, i) => columnOf(n, i) === 'symbol');
  const undated = !names.some((n, i) => ['date', 'time', 'open', 'high', 'low'].includes(columnOf(n, i)));
  if (undated && symbol >= 0 && new Set(rows.slice(0, 20).map((r) => splitLine(r, sep)[symbol]?.trim())).size >= 3) {
    return `${is} a table of securities, a row per security with no date (an index's constituents, a screener's or a portfolio's list), not one security's bars over time; use the bars of one of them (a broker's or Yahoo's daily history)`;
  }
  // yfinance's financials saved by pandas: an unnamed first column of items, then a column per fiscal period.
  if (headerFields.slice(1).filter((f) => /^\s*"?\d{4}-\d{2}-\d{2}/.test(f)).length >= 2) {
    return `${is} a table by period (a column per date: a company's financial statements as yfinance saves them), not bars; use the security's price bars, a row per date with open, high, low and close`;
  }
  return undefined;
}

/**
 * Ticks written as bars: every row one price (open, high, low and close equal) at a time to a fraction of a second, as
 * backtrader's `ticksample.csv` (`Datetime,Open,High,Low,Close,Volume,OpenInterest`, `2015-09-23T20:57:42.146`) has a
 * futures' trades. It was read as 250 ms bars, "OK", each trade a bar. Ten rows at least; undefined when not that.
 */
export function ticksAsBarsMessage(file: string, rows: readonly RawBar[]): string | undefined {
  if (rows.length < 10 || !rows.every((r) => r.open === r.high && r.high === r.low && r.low === r.close)) return undefined;
  const fractions = rows.filter((r) => r.time % 1000 !== 0);
  if (fractions.length * 2 < rows.length) return undefined;
  const seen = fractions.slice(0, 2).map((r) => new Date(r.time).toISOString()).join(', ');
  return `OHLCV file ${file} holds ticks written as bars: on every row the open, high, low and close are one price, at times to fractions of a second (${seen}, ...): each row is a trade or a quote, not a bar; ${MAKE_BARS}`;
}
