import { isRecord } from '../core/is-record.js';
/**
 * An API's answer that names its columns beside its rows, read as the CSV those make (so with the same columns):
 * - Nasdaq Data Link's (Quandl's) for a time series, `{"dataset": {"column_names": ["Date", "Open", ...], "data":
 *   [["2014-12-31", 112.82, ...], ...]}}` (or `dataset_data` from its /data endpoint), the rows of the CSV it also
 *   serves (WIKI's `Adj. Open`..., futures' `Settle`);
 * - Xueqiu's (Snowball's) kline answer, `{"data": {"symbol": "SH000001", "column": ["timestamp", "volume", "open",
 *   "high", "low", "close", "chg", ...], "item": [[1145808000000, 5201580300, 1423.409, ...], ...]}}`: epoch
 *   milliseconds, the volume before the prices.
 * Both were refused as "expected a JSON array", which did not say what the file was. Undefined for other text.
 */
export function quandlJsonAsCsv(text: string): string | undefined {
  if (!/"column(_names)?"\s*:\s*\[/.test(text)) return undefined;
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!answer || typeof answer !== 'object' || Array.isArray(answer)) return undefined;
  const holders = [answer, ...Object.values(answer)].filter(isRecord);
  for (const holder of holders) {
    for (const [namesKey, rowsKey] of [['column_names', 'data'], ['column', 'item']] as const) {
      const names = holder[namesKey];
      const rows = holder[rowsKey];
      if (!Array.isArray(names) || !names.every((n) => typeof n === 'string') || !Array.isArray(rows)) continue;
      return [names.map(field).join(','), ...rows.filter((r): r is unknown[] => Array.isArray(r)).map((r) => r.map(field).join(','))].join('\n');
    }
  }
  return undefined;
}

/** A field holding a comma or a quote is quoted, as a CSV writer does. */
const field = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};
