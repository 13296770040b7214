import { DataFileError } from './csv-fields.js';

/**
 * A JSON array whose rows are arrays of fewer than five values (a time and four prices): not bars. The Pakistan Stock
 * Exchange's data portal answers a daily series as [time, close, volume, open], newest first (timeseries/eod), and a
 * day's trades as [time, price, volume] (timeseries/int): each row was refused as "not [ts_ms, open, high, low, close,
 * volume]", with the advice to complete rows "the header names". Three values are trades, as a CSV's three fields are.
 */
export function assertRowsWideEnough(data: readonly unknown[], file: string): void {
  const rows = data.filter((r) => r !== null && r !== undefined).slice(0, 50);
  if (rows.length === 0 || !rows.every((r) => Array.isArray(r) && r.length >= 2 && r.length < 5)) return;
  const widths = [...new Set(rows.map((r) => (r as unknown[]).length))];
  const start = `OHLCV file ${file}: its rows are arrays of ${widths.join(' or ')} values (row 1: ${JSON.stringify(rows[0]).slice(0, 80)}), too few for a bar (a time, open, high, low and close)`;
  if (widths.length === 1 && widths[0] === 3) {
    throw new DataFileError(`${start}: a time, a price and an amount are trades (the Pakistan Stock Exchange's data portal answers a day's as [time, price, volume]), not bars; aggregate them into bars first (pandas: resample the price by .ohlc() and the amount by .sum() over the bar length you want), or download bars`);
  }
  throw new DataFileError(`${start}: closes, or closes with a volume and an open (the Pakistan Stock Exchange's data portal answers [time, close, volume, open]), not bars; a backtest fills orders at a bar's open and checks stops against its high and low: download bars with open, high, low and close`);
}
