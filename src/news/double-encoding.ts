/**
 * Text encoded twice: UTF-8 bytes read as Windows-1252 (or Latin-1) and saved again as UTF-8, as a scraper or a feed's
 * own CMS may do ("KÃ¤ltewelle" for "Kältewelle", "Appleâ€™s" for "Apple’s"). Read so, an accented company name
 * never maps and a headline's apostrophe glues its words together. Such text is read back as it was meant.
 */

/** Windows-1252's characters for the bytes 0x80-0x9F (C1 controls stand for the bytes it leaves undefined). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
const BYTE_OF = new Map<number, number>([...CP1252_HIGH].map((c, i) => [c.charCodeAt(0), 0x80 + i]));

/** A UTF-8 lead byte's character followed by a continuation byte's, as double encoding writes every non-ASCII letter. */
const SIGNATURE = new RegExp(`[\\u00C2-\\u00F4][\\u0080-\\u00BF${CP1252_HIGH}]`);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The text as it was meant when the whole of it is UTF-8 encoded twice; undefined when it is not (the usual case: one
 * character that cannot be a byte, or bytes that are not UTF-8, and the text is left as it is).
 */
export function undoubled(text: string): string | undefined {
  if (!SIGNATURE.test(text)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // "Â" and a space: a no-break space (C2 A0) whose second byte became a plain space when the text was tidied.
    if (c === 0xc2 && text.charCodeAt(i + 1) === 0x20) {
      bytes.push(0xc2, 0xa0);
      i++;
      continue;
    }
    // Up to 0xFF a character is its byte (read as Latin-1, 0x80-0x9F are C1 controls); above, Windows-1252's.
    const byte = c <= 0xff ? c : BYTE_OF.get(c);
    if (byte === undefined) return undefined;
    bytes.push(byte);
  }
  try {
    return utf8.decode(Uint8Array.from(bytes));
  } catch {
    return undefined;
  }
}

export const DOUBLE_ENCODED_WARNING =
  'text encoded twice (UTF-8 read as Windows-1252 and saved again, "KÃ¤ltewelle" for "Kältewelle"): read as it was meant';
