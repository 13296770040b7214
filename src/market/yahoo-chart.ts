import { DataFileError } from './csv-fields.js';

/**
 * Yahoo's chart API answer saved as it came (query1.finance.yahoo.com/v8/finance/chart/SYMBOL, what many scripts
 * download): `{"chart": {"result": [{"timestamp": [...], "indicators": {"quote": [{"open": [...], ...}]}}]}}`, one
 * array per column. Turned into `[time (epoch s), open, high, low, close, volume]` rows; a null price stays null, so
 * its row is rejected as a Yahoo CSV's "null" row is. Its error answer (`"result": null, "error": {...}`) is said as
 * such. Undefined when the object is not a chart answer.
 */
export function yahooChartRows(data: object, file: string): unknown[][] | undefined {
  const chart = (data as { chart?: unknown }).chart;
  // Yahoo's chart is an object; bars in an array under "chart" are another source's (Coinone's candles, which were
  // told they were Yahoo's chart answer without data).
  if (!chart || typeof chart !== 'object' || Array.isArray(chart)) return undefined;
  const { result, error } = chart as { result?: unknown; error?: { description?: unknown; code?: unknown } | null };
  if (!Array.isArray(result) || result.length === 0) {
    const why = error && typeof error === 'object' ? String(error.description ?? error.code ?? 'no result') : 'no result';
    throw new DataFileError(`OHLCV file ${file} is Yahoo's chart answer without data ("${why.slice(0, 120)}"): check the symbol and the range asked, and download it again`);
  }
  if (result.length > 1) throw new DataFileError(`OHLCV file ${file} holds ${result.length} symbols' charts: one symbol per file`);
  const one = result[0] as { timestamp?: unknown; indicators?: { quote?: unknown } };
  const quote = Array.isArray(one.indicators?.quote) ? (one.indicators.quote[0] as Record<string, unknown> | undefined) : undefined;
  if (!Array.isArray(one.timestamp) || !quote) return undefined;
  const column = (name: string): unknown[] => (Array.isArray(quote[name]) ? (quote[name] as unknown[]) : []);
  const [open, high, low, close, volume] = ['open', 'high', 'low', 'close', 'volume'].map(column) as [unknown[], unknown[], unknown[], unknown[], unknown[]];
  return one.timestamp.map((t, i) => [t, open[i] ?? null, high[i] ?? null, low[i] ?? null, close[i] ?? null, volume[i] ?? 0]);
}
