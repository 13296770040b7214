import iconv from 'iconv-lite';

/**
 * HTML and XML text to plain text: tags stripped (block elements become spaces), script/style dropped, entities
 * decoded (named, decimal, hex), whitespace collapsed. Not a sanitiser: the output is only ever treated as text.
 */

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ', shy: '',
  ndash: '–', mdash: '—', hellip: '…', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„',
  laquo: '«', raquo: '»', lsaquo: '‹', rsaquo: '›', bull: '•', middot: '·', copy: '©', reg: '®', trade: '™',
  deg: '°', plusmn: '±', times: '×', divide: '÷', frac12: '½', frac14: '¼', frac34: '¾', sup2: '²', sup3: '³',
  euro: '€', pound: '£', yen: '¥', cent: '¢', sect: '§', para: '¶', dagger: '†', Dagger: '‡', permil: '‰',
  prime: '′', Prime: '″', iexcl: '¡', iquest: '¿', ordf: 'ª', ordm: 'º', micro: 'µ', not: '¬', macr: '¯',
  acute: '´', cedil: '¸', uml: '¨', zwj: '', zwnj: '', lrm: '', rlm: '', larr: '←', rarr: '→', uarr: '↑',
  darr: '↓', harr: '↔', minus: '−', le: '≤', ge: '≥', ne: '≠', asymp: '≈', infin: '∞', szlig: 'ß',
  AElig: 'Æ', aelig: 'æ', OElig: 'Œ', oelig: 'œ', ETH: 'Ð', eth: 'ð', THORN: 'Þ', thorn: 'þ', Oslash: 'Ø',
  oslash: 'ø', Aring: 'Å', aring: 'å', ccedil: 'ç', Ccedil: 'Ç', ntilde: 'ñ', Ntilde: 'Ñ', yuml: 'ÿ', Yuml: 'Ÿ',
};
// Accented vowels follow a pattern (&eacute; &Agrave; ...): generate rather than list.
const MARKS: Record<string, string> = { acute: '\u0301', grave: '\u0300', circ: '\u0302', uml: '\u0308', tilde: '\u0303' };
for (const base of ['a', 'e', 'i', 'o', 'u', 'y', 'A', 'E', 'I', 'O', 'U', 'Y']) {
  for (const [mark, combining] of Object.entries(MARKS)) {
    const name = base + mark;
    if (!(name in NAMED)) NAMED[name] = (base + combining).normalize('NFC');
  }
}

function codePoint(n: number): string {
  // Invalid or control code points would corrupt text; HTML5 maps them to U+FFFD.
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\uFFFD';
  // Numeric references in 128-159 mean windows-1252 characters in practice (&#146; is a right quote).
  if (n >= 0x80 && n <= 0x9f) return iconv.decode(Buffer.from([n]), 'win1252');
  return String.fromCodePoint(n);
}

export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body[0] === '#') return codePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10));
    return NAMED[body] ?? NAMED[body.toLowerCase()] ?? whole;
  });
}

const BLOCK = /^(?:p|div|br|hr|li|ul|ol|tr|td|th|table|h[1-6]|blockquote|section|article|header|footer|pre|figure|figcaption|img)$/i;

/** Unwraps CDATA sections; outside them XML entities are decoded, so escaped markup becomes markup. */
export function unwrapCdata(raw: string): string {
  if (!raw.includes('<![CDATA[')) return decodeEntities(raw);
  let out = '';
  let i = 0;
  for (;;) {
    const start = raw.indexOf('<![CDATA[', i);
    if (start < 0) {
      out += decodeEntities(raw.slice(i));
      break;
    }
    out += decodeEntities(raw.slice(i, start));
    const end = raw.indexOf(']]>', start + 9);
    out += raw.slice(start + 9, end < 0 ? raw.length : end);
    if (end < 0) break;
    i = end + 3;
  }
  return out;
}

/** Plain text from an HTML fragment. */
export function htmlToText(html: string): string {
  const unscripted = html.replace(/<!--[\s\S]*?(?:-->|$)/g, ' ').replace(/<(script|style|noscript)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ');
  // A tag ends at a ">", so none is sought past the last one: tried from each "<" of a tail without one, the patterns
  // scanned to the end and failed, again and again (a title of 200 KB of "&lt;a" held the event loop a second; 5 MB, minutes).
  const end = unscripted.lastIndexOf('>') + 1;
  const tags = unscripted
    .slice(0, end)
    .replace(/<\/?([a-z][a-z0-9:-]*)\b[^>]*>/gi, (_m, tag: string) => (BLOCK.test(tag) ? ' ' : ''))
    .replace(/<[!?][^>]*>/g, ' ');
  return decodeEntities(tags + unscripted.slice(end)).replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Raw XML element content (possibly CDATA, possibly escaped HTML) to plain text. */
export function xmlToText(raw: string): string {
  return htmlToText(unwrapCdata(raw));
}
