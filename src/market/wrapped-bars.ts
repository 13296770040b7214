import { severalSymbols } from './json-shapes.js';
import { isRecord } from '../core/is-record.js';

const timed = (o: Record<string, unknown>): boolean => Object.keys(o).some((k) => /^(ts|t|time|timestamp|date|datetime)$/i.test(k));

/**
 * Bars each wrapped in an object of their own, tagged beside it, as AscendEX's bar history answers (`{"code": 0,
 * "data": [{"m": "bar", "s": "BTC/USDT", "data": {"i": "1", "ts": 1590228000000, "o", "c", "h", "l", "v"}}]}`): the
 * inner objects, the bars. Each was refused as a bar with no open, high, low or close (keys found: m, s, data).
 * Undefined unless every element holds exactly one object, dated, and no time of its own (OANDA's candles hold their
 * prices in a `mid` object beside their time: those are read as they stand).
 */
export function wrappedBars(data: readonly unknown[], file: string): Record<string, unknown>[] | undefined {
  const inner = (e: unknown): Record<string, unknown> | undefined => {
    if (!isRecord(e) || timed(e) || Object.values(e).some(Array.isArray)) return undefined;
    const objects = Object.values(e).filter(isRecord);
    return objects.length === 1 && timed(objects[0]!) ? objects[0] : undefined;
  };
  const bars = data.map(inner);
  if (bars.length === 0 || bars.some((b) => b === undefined)) return undefined;
  // Tagged by symbol, as AscendEX's are ("s"): one symbol per file, as everywhere.
  const symbols = [...new Set(data.map((e) => (e as Record<string, unknown>).s).filter((s) => typeof s === 'string'))];
  if (symbols.length > 1) throw severalSymbols(file, symbols);
  return bars as Record<string, unknown>[];
}
