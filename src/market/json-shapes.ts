/** Shapes of OHLCV JSON other than an array of bars: JSON Lines, and pandas' to_json() by columns. */

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
