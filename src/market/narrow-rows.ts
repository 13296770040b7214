import { DataFileError } from './csv-fields.js';

/**
 * A JSON array whose rows are arrays of fewer than five values (a time and four prices): not bars. The Pakistan Stock
 * Exchange's data portal answers a daily series as [time, close, volume, open], newest first (timeseries/eod): each row
 * was refused as "not [ts_ms, open, high, low, close, volume]", with the advice to complete rows "the header names".
 */
export function assertRowsWideEnough(data: readonly unknown[], file: string): void {
  const rows = data.filter((r) => r !== null && r !== undefined).slice(0, 50);
  if (rows.length === 0 || !rows.every((r) => Array.isArray(r) && r.length >= 2 && r.length < 5)) return;
  const widths = [...new Set(rows.map((r) => (r as unknown[]).length))].join(' or ');
  throw new DataFileError(`OHLCV file ${file}: its rows are arrays of ${widths} values (row 1: ${JSON.stringify(rows[0]).slice(0, 80)}), too few for a bar (a time, open, high, low and close): closes, or closes with a volume and an open (the Pakistan Stock Exchange's data portal answers [time, close, volume, open]), not bars; a backtest fills orders at a bar's open and checks stops against its high and low: download bars with open, high, low and close`);
}
