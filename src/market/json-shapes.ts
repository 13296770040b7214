/** Shapes of OHLCV JSON other than an array of bars: JSON Lines, pandas' to_json() by columns, bars keyed by symbol. */
import { DataFileError, closesOnlyMessage, jsonNumber } from './csv-fields.js';
import { marksCompletion, saysUnfinished } from './unfinished-bar.js';
import { isoTime } from '../core/iso-time.js';
import { candleSidePrices } from './oanda-candles.js';
import { PRICES, TIME, VOLUME, first } from './bar-key-names.js';
import { isRecord } from '../core/is-record.js';

/**
 * JSON Lines (one bar object or array per line, as pandas' to_json(orient="records", lines=True) writes): undefined
 * when the first line is not JSON either. A line that is not JSON becomes a bar without a time (rejected with its row).
 */
export function jsonLines(text: string): unknown[] | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const parse = (line: string): unknown => {
    try {
      return JSON.parse(line);
    } catch {
      return undefined;
    }
  };
  if (lines.length < 2 || parse(lines[0]!) === undefined) return undefined;
  return lines.map((l) => parse(l) ?? { unreadable: l.slice(0, 40) });
}

/**
 * pandas' default to_json(): one object per column, each keyed by the index ({"Open": {"1092873600000": 100, ...},
 * ...}); turned into bar objects. Undefined when the object is not that.
 */
export function pandasColumns(data: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const columns = new Map(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v]));
  const close = columns.get('close');
  if (!close || typeof close !== 'object' || Array.isArray(close)) return undefined;
  const column = (name: string) => {
    const c = columns.get(name);
    return c && typeof c === 'object' && !Array.isArray(c) ? (c as Record<string, unknown>) : {};
  };
  const [open, high, low, volume] = ['open', 'high', 'low', 'volume'].map(column) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
  return Object.keys(close).map((time) => ({ time, open: open[time], high: high[time], low: low[time], close: (close as Record<string, unknown>)[time], volume: volume[time] ?? 0 }));
}

/** The refusal of a file that holds several symbols' bars (`names`: theirs, the first five said). */
export const severalSymbols = (file: string, names: readonly string[]): DataFileError =>
  new DataFileError(`OHLCV file ${file} holds ${names.length} symbols' bars (${names.slice(0, 5).join(', ')}): one symbol per file; save each symbol's bars to its own file`);

/**
 * Bars keyed by symbol, as Alpaca's multi-symbol endpoint answers even for one symbol (`{"bars": {"NVDA": [...]}}`):
 * the one symbol's array. Several symbols are refused (one symbol per file). Undefined when the object is not that.
 */
export function barsBySymbol(data: Record<string, unknown>, file: string): unknown[] | undefined {
  const inner = Object.values(data).filter(isRecord);
  if (inner.length !== 1 || Object.values(data).some((v) => Array.isArray(v))) return undefined;
  const symbols = Object.entries(inner[0]!).filter(([, v]) => Array.isArray(v));
  if (symbols.length === 0 || symbols.length !== Object.keys(inner[0]!).length) return undefined;
  if (symbols.length > 1) throw severalSymbols(file, symbols.map(([k]) => k));
  return symbols[0]![1] as unknown[];
}

/**
 * Bars wrapped by symbol in an array, as Tiingo's crypto prices answer is (`[{"ticker": "btcusd", ..., "priceData":
 * [{date, open, ...}], "exchangeData": {...}}]`): the one symbol's bars, or a refusal naming the symbols where there
 * are several. It was refused as bars without an open, high, low or close. Undefined unless every element is an
 * object holding one array and no price of its own.
 */
export function barsPerSymbol(data: readonly unknown[], file: string): unknown[] | undefined {
  const entries = data.filter(isRecord);
  if (entries.length === 0 || entries.length !== data.length) return undefined;
  if (entries.some((e) => Object.keys(e).some((k) => ['close', 'c'].includes(k.toLowerCase())))) return undefined;
  const bars = entries.map((e) => Object.values(e).filter((v): v is unknown[] => Array.isArray(v) && v.length > 0));
  if (bars.some((b) => b.length !== 1)) return undefined;
  if (entries.length > 1) throw severalSymbols(file, entries.map((e, i) => String(e.ticker ?? e.symbol ?? e.instrument ?? `#${i + 1}`)));
  return bars[0]![0];
}

/**
 * Bars as parallel columns, one array per field: MEXC's contract klines (`{"data": {"time": [...], "open": [...],
 * "close": [...], "vol": [...]}}`), Deribit's chart data (`{"result": {"ticks": [...], "open": [...], ...}}`),
 * Finnhub's candles (`{"t": [...], "o": [...], "c": [...], "s": "ok"}`): zipped into bar objects. MEXC's was refused
 * as holding as many symbols' bars as it has columns. Undefined unless the object (or the one inside it) holds a close
 * column and a time column of one length.
 */
export function columnArrays(data: Record<string, unknown>): Record<string, unknown>[] | undefined {
  const inner = Object.values(data).filter(isRecord);
  for (const o of [data, ...inner]) {
    const columns = Object.entries(o).filter((e): e is [string, unknown[]] => Array.isArray(e[1]));
    const named = new Map(columns.map(([k, v]) => [k.toLowerCase(), v]));
    const close = named.get('close') ?? named.get('c');
    const time = ['time', 'ticks', 't', 'timestamp', 'date'].map((k) => named.get(k)).find((v) => v !== undefined);
    if (!close || !time || close.length !== time.length || close.some((x) => x !== null && typeof x === 'object')) continue;
    const same = columns.filter(([, v]) => v.length === close.length);
    return close.map((_, i) => Object.fromEntries([...same.map(([k, v]) => [k, v[i]]), ['time', time[i]]]));
  }
  return undefined;
}

/**
 * The one array of bars in an API's answer: at its top (`{"bars": [...]}`, `{"results": [...]}`) or one level down
 * (Bybit's `{"retCode": 0, "result": {"symbol": ..., "list": [...]}}`). An empty array beside it (Kraken's `"error": []`)
 * is passed over: it was taken for the bars ("has no data rows"). Undefined unless there is exactly one.
 */
export function answerArray(data: Record<string, unknown>): unknown[] | undefined {
  const arrays = (o: object) => Object.values(o).filter((v): v is unknown[] => Array.isArray(v));
  const top = arrays(data);
  const filled = top.filter((a) => a.length > 0);
  if (filled.length > 0) return filled.length === 1 ? filled[0] : undefined;
  const inner = Object.values(data)
    .filter(isRecord)
    .flatMap((o) => arrays(o).filter((a) => a.length > 0));
  if (inner.length === 1) return inner[0];
  return top.length === 1 && inner.length === 0 ? top[0] : undefined;
}

/**
 * Kraken's OHLC answer (`{"error": [], "result": {"XBTUSDT": [[time, open, high, low, close, vwap, volume, count]],
 * "last": ...}}`): its rows as `[time, open, high, low, close, volume]`, the volume being the seventh field (the sixth,
 * the VWAP, was read as the volume). Its error answer (`"error": ["EQuery:Unknown asset pair"]`) is said as such.
 * Undefined when the object is not Kraken's answer.
 */
export function krakenRows(data: Record<string, unknown>, file: string): unknown[] | undefined {
  const { error, result } = data;
  if (!Array.isArray(error) || !result || typeof result !== 'object' || !('last' in result)) return undefined;
  if (error.length > 0) throw new DataFileError(`OHLCV file ${file} is an error answer, not bars ("${String(error[0]).slice(0, 160)}"): the download failed; check the symbol and the range asked, and download it again`);
  const rows = Object.values(result).filter((v): v is unknown[] => Array.isArray(v));
  if (rows.length !== 1) return undefined;
  return rows[0]!.map((r) => (Array.isArray(r) && r.length >= 7 ? [r[0], r[1], r[2], r[3], r[4], r[6]] : r));
}

/**
 * HTX's (Huobi's) kline answer (`{"ch": "market.btcusdt.kline.1day", "status": "ok", "data": [{"id", "open", "close",
 * "low", "high", "amount", "vol", "count"}]}`, newest first): `id` is the bar's open in epoch seconds, `amount` its volume
 * in the coin, `vol` its value in the quote currency. Every row was refused as having no time; `vol` would have been
 * read as the volume. Undefined when the object is not that answer.
 */
export function htxRows(data: Record<string, unknown>): unknown[] | undefined {
  if (typeof data.ch !== 'string' || !/\.kline\./.test(data.ch) || !Array.isArray(data.data)) return undefined;
  return data.data.map((item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
    const r = item as Record<string, unknown>;
    return { time: r.id, open: r.open, high: r.high, low: r.low, close: r.close, volume: r.amount };
  });
}

/**
 * CoinGecko's market_chart answer (`{"prices": [[ms, price]], "market_caps": [...], "total_volumes": [...]}`) holds one
 * price per time, not bars, its last point being the price when it was fetched: said as such. It was refused as not
 * "a JSON array of [ts_ms, open, high, low, close, volume]", which did not say that no reading of it has bars.
 */
export function assertNotPriceChart(data: Record<string, unknown>, file: string): void {
  const { prices } = data;
  if (!Array.isArray(prices) || !('total_volumes' in data || 'market_caps' in data)) return;
  if (!prices.every((p) => Array.isArray(p) && p.length === 2)) return;
  throw new DataFileError(`OHLCV file ${file} is CoinGecko's market_chart answer (prices, market_caps, total_volumes): one price per time (${prices.length}), not bars, the last one the price when it was fetched; a backtest fills orders at a bar's open and checks stops against its high and low, which a price alone cannot give; use bars with open, high, low and close (an exchange's candles, e.g. Binance's klines) instead`);
}

/**
 * Arrays whose rows carry one number in a price's place and 0 in the other three (freqtrade's funding-rate file,
 * `XRP_USDT-8h-funding_rate.json`: `[time, 0.0001, 0, 0, 0, 0]`): one value per time, not bars. Every row was refused
 * as "open is 0", with the advice to delete the rows or download more decimals.
 */
export function assertNotOneValue(data: readonly unknown[], file: string): void {
  const rows = data.filter((r): r is unknown[] => Array.isArray(r) && r.length >= 5).slice(0, 50);
  if (rows.length < 2 || rows.length < Math.min(data.length, 50)) return;
  const zeros = (r: unknown[]) => r.slice(1, 5).filter((v) => jsonNumber(v) === 0).length;
  if (!rows.every((r) => zeros(r) >= 3) || rows.every((r) => zeros(r) === 4)) return;
  throw new DataFileError(`OHLCV file ${file} holds one value per time, not bars: on every row three of the four prices are 0 (row 1: ${JSON.stringify(rows[0]).slice(0, 80)}), as freqtrade saves a perpetual's funding rate (its -funding_rate.json, the rate in the open's place); a backtest needs the market's candles (freqtrade's -futures.json or -mark.json of the pair, or the exchange's klines)`);
}

/**
 * Bar objects whose first has no key for a price (a file of {open_time, high, low, close}): said once, with the keys
 * found, rather than as that price being "NaN" on every row. Arrays, and objects with every price, pass.
 */
export function assertPriceKeys(data: readonly unknown[], file: string): void {
  const item = data.find((x) => x !== null && x !== undefined);
  if (!item || typeof item !== 'object' || Array.isArray(item)) return;
  const keys = Object.keys(item);
  const lower = new Set(keys.map((k) => k.toLowerCase()));
  const missing = (Object.keys(PRICES) as (keyof typeof PRICES)[]).filter((p) => !PRICES[p].some((k) => lower.has(k)) && !(lower.has(`${p}bid`) && lower.has(`${p}ask`)));
  const sided = candleSidePrices(item as Record<string, unknown>) !== undefined;
  if (missing.length === 0 || sided || (['adjopen', 'adjhigh', 'adjlow', 'adjclose'].every((k) => lower.has(k)))) return assertTimeKey(data, keys, file);
  // A series of closes (FMP's historical-price-full with serietype=line: {"historical": [{"date", "close"}]}) was told to
  // add an open, high and low it cannot have, as CSV files of closes were (ohlcv-file.ts): what it lacks is bars.
  if (missing.length === 3 && !missing.includes('close')) {
    throw new DataFileError(closesOnlyMessage(file, `keys found: ${keys.slice(0, 12).join(', ')}; no open, high or low`, "the same source's full daily history"));
  }
  // A backtest's results (freqtrade's backtest-result.json: per pair and per strategy, trades, profit_mean, wins, draws) were
  // told their "bars" lacked an open, high, low and close.
  if (missing.length === 4 && keys.some((k) => /profit|pnl|wins|drawdown/i.test(k))) {
    throw new DataFileError(`OHLCV file ${file} holds a backtest's results, not bars (keys found: ${keys.slice(0, 8).join(', ')}: trades and profit by pair or strategy, as freqtrade's backtest-result.json); give the bars the backtest ran on (freqtrade's data files, e.g. user_data/data/binance/BTC_USDT-5m.json)`);
  }
  throw new DataFileError(`OHLCV file ${file}: its bars have no ${missing.join(', ')} (keys found: ${keys.slice(0, 12).join(', ')}); expected open, high, low, close (or o, h, l, c) with a time`);
}

/**
 * Bar objects none of which has a time under a name this reader knows (WOO X's `start_timestamp`; Capital.com's
 * `snapshotTimeUTC` before it was read): said once, with the keys found and the rename to make. Each row was refused as
 * having no time, with the advice to rewrite its times as YYYY-MM-DD, which they may already be.
 */
function assertTimeKey(data: readonly unknown[], keys: readonly string[], file: string): void {
  const objects = data.filter(isRecord);
  if (objects.length === 0 || objects.some((x) => { const t = objectBarValues(x)[0]; return t !== undefined && t !== null; })) return;
  const likely = keys.find((k) => /time|date|stamp|epoch/i.test(k));
  throw new DataFileError(`OHLCV file ${file}: its bars have no time under a name this reader knows (keys found: ${keys.slice(0, 14).join(', ')}); rename the key that holds each bar's open (epoch seconds or ms, or an ISO date) to "time"${likely ? ` (here "${likely}", if it is the bar's open and not its end)` : ''}`);
}

/**
 * Upbit's (and Bithumb's) candle time: `candle_date_time_utc`, else `candle_date_time_kst`, both written without a
 * zone, so each is given its own (Korea keeps +09:00 all year). Their `timestamp` is the candle's last trade, not its
 * open: read as the time, a day's bar was placed at its last trade.
 */
function koreanExchangeTime(o: Record<string, unknown>): string | undefined {
  const zoned = (t: unknown, zone: string) => (typeof t === 'string' && !/(Z|[+-]\d\d:?\d\d)$/i.test(t) ? `${t}${zone}` : undefined);
  return zoned(o.candle_date_time_utc, 'Z') ?? zoned(o.candle_date_time_kst, '+09:00');
}

/**
 * IG's and Capital.com's prices (`{"prices": [{"snapshotTime", "snapshotTimeUTC", "openPrice": {"bid", "ask",
 * "lastTraded"}, ..., "lastTradedVolume"}]}`): `snapshotTimeUTC`, written without a zone, is UTC; `snapshotTime` is the
 * account's own clock (New York's for a Capital.com account there), read as a time without a zone where it is the only one.
 */
const igSnapshotUtc = (o: Record<string, unknown>): string | undefined => (typeof o.snapshottimeutc === 'string' && !/(Z|[+-]\d\d:?\d\d)$/i.test(o.snapshottimeutc) ? `${o.snapshottimeutc}Z` : undefined);

/**
 * Tardis' time bars (`"type": "trade_bar"`, `"kind": "time"`, tardis-machine's JSON Lines): `timestamp` is the bar's
 * end, `openTimestamp` its first trade; read as the open, each bar was seen a bar late. Their start: the end less `interval`.
 */
function tardisBarStart(o: Record<string, unknown>): string | undefined {
  if (o.type !== 'trade_bar' || o.kind !== 'time' || typeof o.interval !== 'number' || !(o.interval > 0) || typeof o.timestamp !== 'string') return undefined;
  const end = Date.parse(o.timestamp);
  return Number.isFinite(end) ? isoTime(end - o.interval) : undefined;
}

/**
 * A bar object's [time, open, high, low, close, volume, split, adjusted close], keys in any case (pandas writes
 * "Open"): the long names, Alpaca's and Polygon's one-letter ones ({"t","o","h","l","c","v"}), dYdX's (`startedAt`,
 * `baseTokenVolume`), Coinbase's (`start`), CoinAPI's (`time_period_start`, `price_open`, `volume_traded`), ta4j's
 * (`endTime`, `openPrice`), Upbit's and Bithumb's (`candle_date_time_utc`, `opening_price`, `trade_price`,
 * `candle_acc_trade_volume`), CryptoCompare's (`volumefrom`, the coin's volume, beside `volumeto`, its value: read
 * as none, every bar had no volume), Coinone's (`target_volume`, the coin's, beside `quote_volume`, the won's), and
 * Tiingo's and J-Quants' adjusted prices (adjOpen ... adjVolume; AdjustmentOpen ...), read in place of the raw ones as
 * a CSV's are.
 */
export function objectBarValues(item: object): unknown[] {
  // Of two keys that differ by case only, the lower-case one is read (Hyperliquid's candles: `t` the open, `T` the end,
  // in that order; the later won, and every candle was dated at its end, a bar late). Polygon's `T`, its ticker, stays unread.
  const entries = Object.entries(item);
  const lowerLast = [...entries.filter(([k]) => k !== k.toLowerCase()), ...entries.filter(([k]) => k === k.toLowerCase())];
  const o = Object.fromEntries(lowerLast.map(([k, v]) => [k.toLowerCase(), v])) as Record<string, unknown>;
  // Saxo's FX chart samples name each price's bid and ask (OpenBid, OpenAsk, ...): read as their mid, as IG's prices
  // (jsonNumber); every such answer was refused as bars without an open, high, low or close.
  // OANDA's candles hold theirs one level down, under `mid`, or `bid` and `ask` (oanda-candles.ts).
  const sides = candleSidePrices(o);
  const quoted = (p: keyof typeof PRICES) => first(o, PRICES[p]) ?? (o[`${p}bid`] !== undefined && o[`${p}ask`] !== undefined ? { bid: o[`${p}bid`], ask: o[`${p}ask`] } : sides?.[p]);
  const values = [
    // IQ Option's candles are dated by both ends, `from` and `to`, as its CSV (ohlcv-file.ts): `from` is the open.
    tardisBarStart(o) ?? koreanExchangeTime(o) ?? igSnapshotUtc(o) ?? first(o, [...TIME, 'snapshottime']) ?? (o.to !== undefined ? o.from : undefined),
    quoted('open'),
    quoted('high'),
    quoted('low'),
    quoted('close'),
    first(o, VOLUME) ?? 0,
    o.split,
    o['adjusted close'] ?? o.adjusted_close,
  ];
  // J-Quants' daily quotes name theirs AdjustmentOpen ... AdjustmentVolume (split-adjusted, beside the raw prices).
  const adj = (k: string) => o[`adj${k}`] ?? o[`adjustment${k}`];
  if (['open', 'high', 'low', 'close'].every((k) => adj(k) !== undefined && adj(k) !== null)) {
    return [values[0], adj('open'), adj('high'), adj('low'), adj('close'), adj('volume') ?? values[5]];
  }
  return values;
}

/**
 * How a bar object says it was saved while still forming (unfinished-bar.ts), as `key value`. Undefined for a finished
 * bar or one that says nothing.
 */
export function unfinishedMark(item: object): string | undefined {
  for (const [k, v] of Object.entries(item)) if (marksCompletion(k) && saysUnfinished(v)) return `${k} ${JSON.stringify(v)}`;
  return undefined;
}
