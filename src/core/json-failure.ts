/**
 * Where a JSON text fails to parse: nowhere (`none`), only at its end (`end`: "Unexpected end", or an error "at
 * position" its length, as a text cut off mid-string fails), or before it (`early`: the text itself is broken).
 */
export function jsonFailure(text: string): 'none' | 'end' | 'early' {
  try {
    JSON.parse(text);
    return 'none';
  } catch (error) {
    const message = (error as Error).message;
    if (/Unexpected end of JSON input/.test(message)) return 'end';
    const at = /at position (\d+)/.exec(message);
    return at && Number(at[1]) >= text.length ? 'end' : 'early';
  }
}
