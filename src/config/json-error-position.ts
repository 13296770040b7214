/**
 * Where a JSON text stops being JSON, as line and column (1-based): Node 20's JSON.parse says what went wrong but,
 * for an unexpected token, not where, and the configuration's error may not quote the text (it may hold a secret).
 * A prefix of a JSON text fails only at its end ("Unexpected end", or an error "at position" its length); the first
 * prefix that fails before its end ends at the fault. Undefined when the whole text parses.
 */
export function jsonErrorPosition(text: string): { line: number; column: number } | undefined {
  const failsEarly = (length: number): boolean => {
    try {
      JSON.parse(text.slice(0, length));
      return false;
    } catch (error) {
      const message = (error as Error).message;
      if (/Unexpected end of JSON input/.test(message)) return false;
      const at = /at position (\d+)/.exec(message);
      return !(at && Number(at[1]) >= length);
    }
  };
  if (!failsEarly(text.length)) return undefined;
  // The shortest failing prefix: failing early is monotonic in the prefix's length.
  let lo = 1;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsEarly(mid)) hi = mid;
    else lo = mid + 1;
  }
  const before = text.slice(0, lo - 1);
  const line = before.split('\n').length;
  return { line, column: lo - 1 - before.lastIndexOf('\n') };
}
