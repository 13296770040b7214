import { isUtf8 } from 'node:buffer';
import { gunzipSync, inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { FeedParseError } from './feed-errors.js';
import { mostlyUtf8, scanUtf8 } from '../core/utf8-scan.js';

/**
 * Bytes of a feed to text. Order of trust: a byte-order mark; UTF-16 by its NUL bytes (a feed's first character, "<"
 * or "{", is ASCII: in UTF-16 a NUL goes beside it); the charset of the HTTP Content-Type; the XML prolog's encoding;
 * UTF-8 when the bytes are UTF-8; otherwise windows-1252 (a superset of ISO-8859-1, which is what undeclared non-UTF-8
 * feeds nearly always are). UTF-8 with a few bytes that are not (a feed spliced together, a cut-off sequence) stays
 * UTF-8, each such byte read as U+FFFD, as browsers read it; bytes with no UTF-8 in them (Latin-1 sent as UTF-8) give
 * way to the prolog's charset or to windows-1252. What was forgiven or guessed is said in `warnings`.
 * A gzip or zlib body that was not decompressed on the way (a mislabelled Content-Encoding, a saved .gz) is
 * decompressed here, up to `maxBytes`.
 */
export interface DecodedFeed {
  text: string;
  charset: string;
  /** The body was compressed and was decompressed here. */
  decompressed: boolean;
  /** How the text was read when the bytes and their labels did not agree (the parsed feed's warnings begin with them). */
  warnings: string[];
}

/** Browsers' reading of damaged UTF-8: each maximal bad subsequence becomes one U+FFFD. */
const lossyUtf8 = new TextDecoder('utf-8');

/** UTF-16 without a byte-order mark, from the NUL beside each of the first two characters after any whitespace. */
function bareUtf16(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const ascii = (c: number | undefined) => c !== undefined && c > 0 && c < 0x80;
  for (const order of ['utf-16le', 'utf-16be'] as const) {
    const [char, zero] = order === 'utf-16le' ? [0, 1] : [1, 0];
    let i = 0;
    const space = (c: number | undefined) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
    while (i + 1 < bytes.length && bytes[i + zero] === 0 && space(bytes[i + char])) i += 2;
    const first = bytes[i + char];
    if (bytes[i + zero] === 0 && (first === 0x3c || first === 0x7b || first === 0x5b) && bytes[i + 2 + zero] === 0 && ascii(bytes[i + 2 + char])) return order;
  }
  return undefined;
}

export function charsetFromContentType(contentType: string | undefined | null): string | undefined {
  const m = /charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return m ? m[1]!.toLowerCase() : undefined;
}

function prologCharset(bytes: Uint8Array): string | undefined {
  // The prolog is ASCII in every encoding we accept, so a latin1 peek is safe.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  const m = /<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/i.exec(head);
  return m ? m[1]!.toLowerCase() : undefined;
}

function normalise(charset: string): string {
  const c = charset.toLowerCase();
  // Legacy labels that mean a superset in practice (the WHATWG encoding standard does the same).
  if (c === 'iso-8859-1' || c === 'latin1' || c === 'us-ascii' || c === 'ascii' || c === 'iso8859-1') return 'windows-1252';
  if (c === 'gb2312' || c === 'gb_2312-80' || c === 'x-gbk') return 'gbk';
  if (c === 'utf8') return 'utf-8';
  return c;
}

/** The compression a body's first bytes show: gzip's magic, or a zlib header (0x78, then a byte making the pair a multiple of 31). */
export function compressionOf(bytes: Uint8Array): 'gzip' | 'zlib' | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  if (bytes[0] === 0x78 && (bytes[0] * 256 + bytes[1]!) % 31 === 0) return 'zlib';
  return undefined;
}

function decompress(bytes: Buffer, maxBytes: number): Buffer | undefined {
  const options = { maxOutputLength: maxBytes };
  try {
    const compression = compressionOf(bytes);
    if (compression === 'gzip') return gunzipSync(bytes, options);
    if (compression === 'zlib') return inflateSync(bytes, options);
  } catch (error) {
    const tooBig = (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || /maxOutputLength|too large/i.test((error as Error).message);
    throw new FeedParseError(
      tooBig ? 'too-large' : 'malformed',
      tooBig
        ? `compressed body expands beyond the ${maxBytes}-byte limit`
        : `body looks compressed but does not decompress: ${(error as Error).message} (truncated download?)`,
    );
  }
  return undefined;
}

export function decodeFeedBody(input: Uint8Array, contentType?: string | null, maxBytes = 10 * 1024 * 1024): DecodedFeed {
  let bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const inflated = decompress(bytes, maxBytes);
  if (inflated) bytes = inflated;
  const decompressed = inflated !== undefined;

  const warnings: string[] = [];
  const done = (text: string, charset: string): DecodedFeed => ({ text, charset, decompressed, warnings });
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return done(bytes.subarray(3).toString('utf8'), 'utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return done(iconv.decode(bytes.subarray(2), 'utf-16le'), 'utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return done(iconv.decode(bytes.subarray(2), 'utf-16be'), 'utf-16be');

  const declared = [charsetFromContentType(contentType), prologCharset(bytes)].filter((c): c is string => !!c).map(normalise);
  const utf16 = bareUtf16(bytes);
  if (utf16) {
    // Whatever a label says: read in any ASCII-based charset, these bytes are half NULs, which no feed can hold.
    const other = declared.find((c) => c !== utf16 && c !== 'utf-16');
    warnings.push(`the body is ${utf16.toUpperCase()} without a byte-order mark (its NUL bytes say so)${other ? `, though declared ${other}` : ''}; read as ${utf16.toUpperCase()}`);
    return done(iconv.decode(bytes.subarray(0, bytes.length - (bytes.length % 2)), utf16), utf16);
  }
  const valid = isUtf8(bytes);
  const scan = valid ? undefined : scanUtf8(bytes);
  const damaged = () =>
    `${scan!.invalid} byte${scan!.invalid === 1 ? ' is' : 's are'} not valid UTF-8 (the first at offset ${scan!.firstInvalid}): read as U+FFFD, as browsers do, the rest as UTF-8`;
  let refusedUtf8 = false;
  for (const charset of declared) {
    if (charset === 'utf-8') {
      if (valid) return done(bytes.toString('utf8'), charset);
      if (mostlyUtf8(scan!)) {
        warnings.push(`declared UTF-8, but ${damaged()}`);
        return done(lossyUtf8.decode(bytes), charset);
      }
      refusedUtf8 = true;
      continue; // declared UTF-8 but holds none: try the next declaration, then the fallback
    }
    // A Latin-1 label on bytes that are UTF-8 (finanzen.net's saved feed: "für" as C3 BC under encoding="iso-8859-1")
    // is a mislabel: Latin-1 text is next to never valid UTF-8 once it holds a non-ASCII byte. Read as labelled, every
    // accent was garbled ("fÃ¼r"), unsaid.
    if (charset === 'windows-1252' && valid && bytes.some((b) => b >= 0x80)) {
      warnings.push('declared windows-1252 (Latin-1), but its bytes are UTF-8: read as UTF-8');
      return done(bytes.toString('utf8'), 'utf-8');
    }
    if (iconv.encodingExists(charset)) {
      if (refusedUtf8) warnings.push(`declared UTF-8, but its bytes are not UTF-8: read as ${charset}, as its XML declaration says`);
      return done(iconv.decode(bytes, charset), charset);
    }
  }
  if (valid) return done(bytes.toString('utf8'), 'utf-8');
  if (mostlyUtf8(scan!)) {
    warnings.push(`no charset declared, and ${damaged()}`);
    return done(lossyUtf8.decode(bytes), 'utf-8');
  }
  warnings.push(`${refusedUtf8 ? 'declared UTF-8, but its bytes are not UTF-8' : 'no charset declared, and the bytes are not UTF-8'}: read as windows-1252 (Latin-1), as such feeds nearly always are`);
  return done(iconv.decode(bytes, 'windows-1252'), 'windows-1252');
}
