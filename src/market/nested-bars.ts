import { shellArg } from '../core/shell-arg.js';

/** How deep an answer is searched for arrays of bars (a bot's `{"market_data": {"klines": {"1D": {"candles": [...]}}}}` is 4). */
const DEPTH = 5;
const PRICE_KEYS = [['open', 'o'], ['high', 'h'], ['low', 'l'], ['close', 'c']];

/** A bar as a JSON element: an object naming an open, high, low and close, or an array of five numbers or more. */
function barLike(item: unknown): boolean {
  if (Array.isArray(item)) return item.length >= 5 && item.slice(0, 5).every((v) => v !== '' && Number.isFinite(Number(v)));
  if (!item || typeof item !== 'object') return false;
  const keys = new Set(Object.keys(item).map((k) => k.toLowerCase()));
  return PRICE_KEYS.every((names) => names.some((n) => keys.has(n)));
}

/** The path of `keys` as jq writes it: `.market_data.klines["1D"].candles`. */
const jqPath = (keys: readonly string[]): string => keys.map((k) => (/^[A-Za-z_]\w*$/.test(k) ? `.${k}` : `[${JSON.stringify(k)}]`)).join('');

/** The arrays of bars an object holds below its top level, with their paths, in the object's order. */
function barArrays(value: unknown, keys: string[], found: { keys: string[]; length: number }[]): void {
  if (keys.length > DEPTH || !value || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (keys.length > 0 && value.length > 0 && barLike(value[0])) found.push({ keys, length: value.length });
    return;
  }
  for (const [k, v] of Object.entries(value)) barArrays(v, [...keys, k], found);
}

/**
 * An object none of whose shapes this reader knows, holding arrays of bars deeper in (a trading bot's dump of one
 * symbol's candles by timeframe, `market_data.klines.1D.candles`, `...4H.candles`): the refusal, naming where the bars
 * are and the jq command keeping the first series, or undefined when it holds none. It was told only that a JSON array
 * of bars was expected.
 */
export function nestedBarsMessage(data: unknown, file: string): string | undefined {
  const found: { keys: string[]; length: number }[] = [];
  barArrays(data, [], found);
  if (found.length === 0) return undefined;
  const at = found.slice(0, 6).map((f) => `${f.keys.join('.')} (${f.length} bars)`).join(', ') + (found.length > 6 ? ', ...' : '');
  const first = found[0]!.keys;
  const name = first.filter((k) => !/^\d+$/.test(k)).slice(-2).join('-').replace(/[^\w.-]/g, '_');
  return `OHLCV file ${file} holds ${found.length === 1 ? 'its bars' : `${found.length} series of bars`} inside an object this reader does not know, at ${at}: one series per file; save it as a JSON array of its own (e.g. jq '${jqPath(first)}' ${shellArg(file)} > ${name}.json) and give that file`;
}
