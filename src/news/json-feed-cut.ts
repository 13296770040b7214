import { jsonFailure } from '../core/json-failure.js';

/**
 * A JSON Feed cut off before its end (a download or a save interrupted). An RSS or Atom feed cut between items keeps
 * its complete items, with a warning; a JSON Feed lost every item on the first JSON error. These read the same way.
 */

/**
 * Whether a JSON text fails to parse only where it ends (trailing blanks aside): a download cut off mid-string with a
 * newline after it failed as "Bad control character in string literal", which says nothing of the cut.
 */
export function isCutOffJson(text: string): boolean {
  return jsonFailure(text.trimEnd()) === 'end';
}

/**
 * The feed's text up to its last complete item, closed: the root object's members before `items`, and every element
 * of `items` that ended before the cut. Undefined when the cut comes before `items` or its first element ends.
 */
export function completeItemsText(text: string): { text: string; items: number; partial: boolean } | undefined {
  let depth = 0;
  let inString = false;
  let stringStart = -1;
  let lastKey = '';
  let itemsDepth = -1; // the depth inside the root's `items` array, once it opened
  let lastEnd = -1;
  let items = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) {
        inString = false;
        if (depth === 1) lastKey = text.slice(stringStart + 1, i);
      }
      continue;
    }
    if (c === 0x22) {
      inString = true;
      stringStart = i;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (c === 0x5b && depth === 2 && itemsDepth < 0 && lastKey === 'items') itemsDepth = 2;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === itemsDepth) {
        lastEnd = i + 1;
        items++;
      } else if (depth < itemsDepth) return undefined; // `items` closed: the cut is elsewhere
    } else if (depth === 1 && c === 0x2c) lastKey = ''; // a member ended: the next string is a key
  }
  if (itemsDepth < 0 || lastEnd < 0) return undefined;
  // `partial`: an item had begun when the cut came.
  return { text: `${text.slice(0, lastEnd)}]}`, items, partial: text.includes('{', lastEnd) };
}
