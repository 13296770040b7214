import { jsonFailure } from '../core/json-failure.js';

/**
 * Where a JSON text stops being JSON, as line and column (1-based): Node 20's JSON.parse says what went wrong but,
 * for an unexpected token, not where, and the configuration's error may not quote the text (it may hold a secret).
 * A prefix of a JSON text fails only at its end ("Unexpected end", or an error "at position" its length); the first
 * prefix that fails before its end ends at the fault. Undefined when the whole text parses.
 */
export function jsonErrorPosition(text: string): { line: number; column: number; index: number } | undefined {
  const failsEarly = (length: number): boolean => jsonFailure(text.slice(0, length)) === 'early';
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
  return { line, column: lo - 1 - before.lastIndexOf('\n'), index: lo - 1 };
}

/**
 * What JSON-with-extras a file holds at its fault, said in words: a configuration written as JavaScript or JSONC (an
 * editor's settings) failed with V8's "Expected property name or '}'", which names neither the comment nor the comma.
 */
export function jsonFaultHint(text: string, index: number): string {
  if (text.trim() === '') return 'the file is empty: write a JSON object of configuration keys ({} for none)';
  const rest = text.slice(index);
  if (/^\s*(\/\/|\/\*|#)/.test(rest)) return 'JSON allows no comments: remove them (a "_comment" key is refused too, as unknown)';
  if (/,\s*$/.test(text.slice(0, index)) && /^\s*[}\]]/.test(rest)) return 'JSON allows no comma before a closing } or ]: remove it';
  if (/^\s*'/.test(rest)) return "JSON quotes with double quotes (\"), not single ones";
  return '';
}
