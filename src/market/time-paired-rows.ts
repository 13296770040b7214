import { isRecord } from '../core/is-record.js';
/**
 * Rows of a time beside a bar object without one, as Zonda's (BitBay's) candle history answers
 * (`{"status": "Ok", "items": [["1591503060000", {"o", "c", "h", "l", "v", "co"}]]}`: the candle's open in epoch ms, then
 * its prices, volume and count of trades): turned into bar objects `{time, o, c, h, l, v, co}`. They were refused as
 * rows of two values, closes and not bars, as the Pakistan exchange's portal answers. Undefined unless every row is so.
 */
export function timePairedRows(data: readonly unknown[]): Record<string, unknown>[] | undefined {
  const isBar = (x: unknown): x is Record<string, unknown> => isRecord(x) && !('time' in x);
  const paired = (r: unknown): r is [string | number, Record<string, unknown>] =>
    Array.isArray(r) && r.length === 2 && (typeof r[0] === 'string' || typeof r[0] === 'number') && isBar(r[1]);
  if (data.length === 0 || !data.every(paired)) return undefined;
  return (data as [string | number, Record<string, unknown>][]).map(([time, bar]) => ({ time, ...bar }));
}
