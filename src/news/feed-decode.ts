import { gunzipSync, inflateSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { FeedParseError } from './feed-errors.js';

/**
 * Bytes of a feed to text. Order of trust: a byte-order mark; the charset of the HTTP Content-Type; the XML prolog's
 * encoding; UTF-8 when the bytes are valid UTF-8; otherwise windows-1252 (a superset of ISO-8859-1, which is what
 * undeclared non-UTF-8 feeds nearly always are). A declared charset that the bytes contradict (declared UTF-8, not
 * valid UTF-8) gives way to the prolog or to windows-1252 rather than producing replacement characters.
 * A gzip or zlib body that was not decompressed on the way (a mislabelled Content-Encoding, a saved .gz) is
 * decompressed here, up to `maxBytes`.
 */
export interface DecodedFeed {
  text: string;
  charset: string;
  /** The body was compressed and was decompressed here. */
  decompressed: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
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

function decompress(bytes: Buffer, maxBytes: number): Buffer | undefined {
  const options = { maxOutputLength: maxBytes };
  try {
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) return gunzipSync(bytes, options);
    // zlib header: 0x78 then a byte making the pair a multiple of 31.
    if (bytes[0] === 0x78 && (bytes[0]! * 256 + bytes[1]!) % 31 === 0) return inflateSync(bytes, options);
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

  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: bytes.subarray(3).toString('utf8'), charset: 'utf-8', decompressed };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: iconv.decode(bytes.subarray(2), 'utf-16le'), charset: 'utf-16le', decompressed };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: iconv.decode(bytes.subarray(2), 'utf-16be'), charset: 'utf-16be', decompressed };

  const candidates = [charsetFromContentType(contentType), prologCharset(bytes)].filter((c): c is string => !!c).map(normalise);
  for (const charset of candidates) {
    if (charset === 'utf-8') {
      if (isUtf8(bytes)) return { text: bytes.toString('utf8'), charset, decompressed };
      continue; // declared UTF-8 but is not: try the next declaration, then the fallback
    }
    if (iconv.encodingExists(charset)) return { text: iconv.decode(bytes, charset), charset, decompressed };
  }
  if (isUtf8(bytes)) return { text: bytes.toString('utf8'), charset: 'utf-8', decompressed };
  return { text: iconv.decode(bytes, 'windows-1252'), charset: 'windows-1252', decompressed };
}
