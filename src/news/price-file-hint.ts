/**
 * Says when a file given as recorded news holds price bars instead: a user who swapped `--news` and a price file got
 * "not JSON Lines" of a CSV table, or one "not a JSON object" per bar of a JSON array, never what the file was.
 */
const OHLC = ['open', 'high', 'low', 'close'];
const SHORT = ['o', 'h', 'l', 'c'];
const ADVICE = 'a price file goes as a FILE argument (SYMBOL=path)';

/** A table's first line naming an open, a high, a low and a close. */
function barHeader(line: string): boolean {
  const names = line.toLowerCase().split(/[,;\t|]/).map((n) => n.trim().replace(/^["'<]+|[>"']+$/g, ''));
  return OHLC.every((n) => names.includes(n));
}

/** A bar as JSON writes it: [time, open, high, low, close, ...] in numbers, or an object with its four prices. */
function jsonBar(element: unknown): boolean {
  if (Array.isArray(element)) return element.length >= 5 && element.slice(0, 5).every((x) => typeof x === 'number' || (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))));
  if (element === null || typeof element !== 'object') return false;
  const keys = Object.keys(element).map((k) => k.toLowerCase());
  return OHLC.every((k) => keys.includes(k)) || SHORT.every((k) => keys.includes(k));
}

/** The message when the file's first line (a table) or first JSON element is a price bar; undefined otherwise. */
export function priceFileHint(firstLine: string, firstElement?: unknown): string | undefined {
  if (barHeader(firstLine)) return `holds price bars, not news: its first line is ${JSON.stringify(firstLine.slice(0, 80))}; ${ADVICE}`;
  if (firstElement !== undefined && jsonBar(firstElement)) return `holds price bars, not news: its first element is ${JSON.stringify(firstElement).slice(0, 80)}; ${ADVICE}`;
  return undefined;
}
