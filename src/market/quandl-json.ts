/**
 * Nasdaq Data Link's (Quandl's) JSON answer for a time series, `{"dataset": {"column_names": ["Date", "Open", ...],
 * "data": [["2014-12-31", 112.82, ...], ...]}}` (or `dataset_data` from its /data endpoint): its rows are the rows of
 * the CSV it also serves, so it is read as that CSV, with the same columns (WIKI's `Adj. Open`..., futures' `Settle`).
 * It was refused as "expected a JSON array", which did not say what the file was.
 */
export function quandlJsonAsCsv(text: string): string | undefined {
  if (!/^\{\s*"dataset(_data)?"\s*:/.test(text)) return undefined;
  let answer: unknown;
  try {
    answer = JSON.parse(text);
  } catch {
    return undefined;
  }
  const holder = answer as Record<string, unknown>;
  const table = (holder.dataset ?? holder.dataset_data) as { column_names?: unknown; data?: unknown } | undefined;
  if (!table || !Array.isArray(table.column_names) || !Array.isArray(table.data)) return undefined;
  // A field holding a comma or a quote is quoted, as a CSV writer does.
  const field = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const rows = table.data.filter((r): r is unknown[] => Array.isArray(r)).map((r) => r.map(field).join(','));
  return [table.column_names.map(field).join(','), ...rows].join('\n');
}
