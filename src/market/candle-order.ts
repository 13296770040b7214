import { jsonNumber } from './csv-fields.js';
import { LAYOUT_ROWS, writtenNewestFirst } from './layout-rows.js';

/**
 * Coinbase's candles API answers `[time, low, high, open, close, volume]`, not `[time, open, high, low, close, volume]`.
 * Saved as it came and read in the usual order, nine rows in ten were rejected ("open outside [low, high]") and the
 * run covered a tenth of the file. The file's own oldest rows tell the two orders apart: in Coinbase's, the second and
 * third numbers bound the fourth and fifth on every one; read in the usual order, most rows would then have an open below
 * their low. A file in the usual order fits Coinbase's only where every bar opened at its low, and then reads the same.
 */

const MIN_ROWS = 10;

/** Where a row holds its open, high, low and close (the time is at 0). */
interface Order {
  open: number;
  high: number;
  low: number;
  close: number;
}
const USUAL: Order = { open: 1, high: 2, low: 3, close: 4 };

/** The row's high bounds its open and close from above, and its low from below, read in `order`. */
const bounds = (v: readonly number[], o: Order): boolean => v[o.high]! >= Math.max(v[o.open]!, v[o.close]!) && v[o.low]! <= Math.min(v[o.open]!, v[o.close]!);

/**
 * True when every array row fits `order` and most do not fit the usual one (a flat bar fits both); under MIN_ROWS, when
 * none fits the usual one either: KuCoin's three days were each refused as 'high below low', told to swap them.
 */
function inOrder(rows: readonly unknown[], order: Order): boolean {
  let arrays = 0;
  let fits = 0;
  let usualFits = 0;
  for (const row of rows) {
    if (!Array.isArray(row) || row.length < 5) continue;
    const v = (row as unknown[]).slice(0, 6).map(jsonNumber);
    if (![order.open, order.high, order.low, order.close, 1, 2, 3, 4].every((i) => Number.isFinite(v[i]))) continue;
    arrays++;
    if (bounds(v, order)) fits++;
    if (bounds(v, USUAL)) usualFits++;
  }
  return arrays > 0 && fits === arrays && (arrays >= MIN_ROWS ? usualFits < arrays / 2 : usualFits === 0);
}

/**
 * The rows an order is judged from: the LAYOUT_ROWS at the file's oldest end (its start, or its end when its first rows
 * go back in time, as Coinbase's and Gate's answers do), told by `time`. Judged from every row, one later row that did
 * not fit (a candle saved in the usual order after Coinbase's) read every earlier row in the other order: look-ahead.
 */
function oldestRows(rows: readonly unknown[], time: (row: unknown) => number): readonly unknown[] {
  return writtenNewestFirst(rows, 0, time) ? rows.slice(-LAYOUT_ROWS) : rows.slice(0, LAYOUT_ROWS);
}
const leadingTime = (row: unknown): number => (Array.isArray(row) ? jsonNumber(row[0]) : NaN);

/**
 * The rows rewritten as [time, open, high, low, close, volume] by `rewrite`, where every one of `sample` (the oldest
 * rows) `fits` an exchange's own order; undefined otherwise. A later row of another shape (`takes` says which have the
 * exchange's) is passed on as it is, and refused alone.
 */
function rewritten(rows: readonly unknown[], sample: readonly unknown[], fits: (row: unknown) => boolean, takes: (row: readonly unknown[]) => boolean, rewrite: (row: readonly unknown[]) => unknown[]): unknown[] | undefined {
  if (sample.length === 0 || !sample.every(fits)) return undefined;
  return rows.map((row) => (Array.isArray(row) && takes(row) ? rewrite(row) : row));
}

/** True when the array rows are in Coinbase's [time, low, high, open, close, volume] order. */
export const isLowHighOpenClose = (rows: readonly unknown[]): boolean => inOrder(oldestRows(rows, leadingTime), { low: 1, high: 2, open: 3, close: 4 });

/**
 * Bitfinex's and KuCoin's candles are `[time, open, close, high, low, volume, ...]`: read in the usual order every row
 * was refused ('high below low'). Told apart the same way: the fourth and fifth numbers bound the second and third on
 * every row, and most rows do not fit the usual order.
 */
export const isOpenCloseHighLow = (rows: readonly unknown[]): boolean => inOrder(oldestRows(rows, leadingTime), { open: 1, close: 2, high: 3, low: 4 });

/**
 * Gate's spot candlesticks are `[time, quote volume, close, high, low, open, base volume?, closed]` (seconds, strings):
 * read in the usual order every row was refused ('high below low'). Told apart the same way.
 */
export function isGateOrder(rows: readonly unknown[]): boolean {
  const sample = oldestRows(rows, leadingTime);
  return sample.every((r) => !Array.isArray(r) || r.length >= 6) && inOrder(sample, { close: 2, high: 3, low: 4, open: 5 });
}

/** A Gate row's volume: the base volume where the row has it (its seventh field), else the quote volume (the value traded). */
export const gateVolume = (row: readonly unknown[]): unknown => (Number.isFinite(jsonNumber(row[6])) ? row[6] : row[1]);

/**
 * Poloniex's candles (its API since 2022) lead with the prices and end with the bar's start and close times in epoch
 * ms: spot `[low, high, open, close, amount, quantity, buyTakerAmount, buyTakerQuantity, tradeCount, ts,
 * weightedAverage, interval, startTime, closeTime]`, futures `[low, high, open, close, amt, qty, trades, sT, cT]`.
 * Every row was refused, its low quoted as a time that is no date. Told by their shape on the oldest rows: nine fields or
 * more, the last two a start and a later close in ms, the first four a low and a high bounding an open and a close.
 * Undefined otherwise.
 */
export function poloniexRows(rows: readonly unknown[]): unknown[] | undefined {
  const fits = (r: unknown): boolean => {
    if (!Array.isArray(r) || r.length < 9) return false;
    const [start, end] = [jsonNumber(r.at(-2)), jsonNumber(r.at(-1))];
    const v = r.slice(0, 4).map(jsonNumber);
    return start >= 1e11 && end > start && bounds([NaN, ...v], { low: 1, high: 2, open: 3, close: 4 });
  };
  const start = (r: unknown): number => (Array.isArray(r) ? jsonNumber(r.at(-2)) : NaN);
  return rewritten(rows, oldestRows(rows, start), fits, (row) => row.length >= 9, (row) => [jsonNumber(row.at(-2)), row[2], row[1], row[0], row[3], row[5]]);
}

/**
 * Phemex's klines are `[timestamp, interval, lastClose, open, high, low, close, volume, turnover]` (epoch seconds, the
 * bar length in seconds, then the bar before's close): read in the usual order the interval was taken for the open and
 * every row refused ("open 300 is outside [low, high]"). Told by their shape on the oldest rows: nine fields, the second
 * one bar length on every row and the step between two of their times (so two rows at least), the fourth to seventh an
 * open, high, low and close that bound one another. Its prices are as the answer writes them (the older API's are scaled integers,
 * Ep: divide by the product's price scale first). Undefined otherwise.
 */
export function phemexRows(rows: readonly unknown[]): unknown[] | undefined {
  const sample = oldestRows(rows, leadingTime);
  const interval = Array.isArray(sample[0]) ? jsonNumber(sample[0][1]) : NaN;
  if (!(interval >= 60) || !Number.isInteger(interval)) return undefined;
  const fits = (r: unknown): boolean => {
    if (!Array.isArray(r) || r.length !== 9 || jsonNumber(r[1]) !== interval) return false;
    const v = r.slice(0, 7).map(jsonNumber);
    return Number.isFinite(v[0]) && bounds(v, { open: 3, high: 4, low: 5, close: 6 });
  };
  const times = sample.map(leadingTime).sort((a, b) => a - b);
  const steps = times.slice(1).map((t, i) => t - times[i]!);
  if (!steps.includes(interval)) return undefined;
  return rewritten(rows, sample, fits, (row) => row.length === 9, (row) => [row[0], row[3], row[4], row[5], row[6], row[7]]);
}

/**
 * Bitbank's candlesticks put the time last: `[open, high, low, close, volume, time]` (prices as strings, the bar's open
 * in epoch ms). Read in the usual order every row was refused, its open quoted as a time that is no date. Told by their
 * shape on the oldest rows: six fields, the last a time in ms, the first none, the first four an open, high, low and
 * close that bound one another. Undefined otherwise.
 */
export function timeLastRows(rows: readonly unknown[]): unknown[] | undefined {
  const last = (r: unknown): number => (Array.isArray(r) ? jsonNumber(r.at(-1)) : NaN);
  const fits = (r: unknown): boolean => {
    if (!Array.isArray(r) || r.length !== 6 || !(last(r) >= 1e11) || jsonNumber(r[0]) >= 1e11) return false;
    return bounds([NaN, ...r.slice(0, 4).map(jsonNumber)], USUAL);
  };
  return rewritten(rows, oldestRows(rows, last), fits, (row) => row.length === 6, (row) => [row[5], row[0], row[1], row[2], row[3], row[4]]);
}

/**
 * NDAX's (AlphaPoint's) ticker history is `[DateTime, High, Low, Open, Close, Volume, InsideBidPrice, InsideAskPrice,
 * InstrumentId, BeginDateTime]` in ms: the high and low before the open, and the bar dated at both ends, its open last.
 * Read in the usual order, the high was taken for the open and the low for the high (refused as high below low), and a
 * flat bar was dated at its end, a bar late. Told by their shape on the oldest rows: ten fields, the last a time in ms
 * before the first, the second to fifth a high and low bounding an open and a close. Undefined otherwise.
 */
export function ndaxRows(rows: readonly unknown[]): unknown[] | undefined {
  const begin = (r: unknown): number => (Array.isArray(r) ? jsonNumber(r.at(-1)) : NaN);
  const fits = (r: unknown): boolean => {
    if (!Array.isArray(r) || r.length !== 10 || !(begin(r) >= 1e11) || !(jsonNumber(r[0]) > begin(r))) return false;
    return bounds(r.slice(0, 5).map(jsonNumber), { high: 1, low: 2, open: 3, close: 4 });
  };
  return rewritten(rows, oldestRows(rows, begin), fits, (row) => row.length === 10, (row) => [row[9], row[3], row[1], row[2], row[4], row[5]]);
}
