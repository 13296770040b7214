import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { mostlyUtf8, scanUtf8 } from '../core/utf8-scan.js';
import { ArchiveError, readUnpacked } from '../core/unpack.js';

/** Larger recorded-news files are refused rather than read into memory. */
export const MAX_RECORDED_NEWS_BYTES = 256 * 1024 * 1024;

/**
 * The text of a recorded-news file. JSON Lines is UTF-8, but Windows tools write UTF-16 (PowerShell's `>` does): with
 * a byte-order mark it is decoded as such, and without one its NUL bytes are said, where each line was "not JSON".
 * Bytes that are not UTF-8 (a Latin-1 export: "Nestl\xe9") became U+FFFD unsaid, so a company name with an accent
 * never matched: such a file is read as Windows-1252 (Latin-1's superset), with a `note` saying so. A UTF-8 file with a
 * few bytes that are not (two files joined, a line cut off) stays UTF-8, those bytes read as U+FFFD, with a note: read
 * as Windows-1252, its every curly quote and accent was garbled. A gzip or zip file is read as the text it holds.
 */
export async function readRecordedBody(file: string): Promise<{ text: string; note?: string }> {
  let bytes: Buffer;
  try {
    bytes = (await readUnpacked(file, MAX_RECORDED_NEWS_BYTES)).bytes;
  } catch (error) {
    if (!(error instanceof ArchiveError)) throw error;
    throw new Error(`${path.basename(file)} ${error.message}`, { cause: error });
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  if (bytes.subarray(0, 4096).includes(0)) throw new Error('holds NUL bytes: it looks like UTF-16 without a byte-order mark; save it as UTF-8');
  if (isUtf8(bytes)) return { text: bytes.toString('utf8').replace(/^\uFEFF/, '') };
  const scan = scanUtf8(bytes);
  if (mostlyUtf8(scan)) {
    const text = new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
    const count = scan.invalid === 1 ? '1 byte that is' : `${scan.invalid} bytes that are`;
    return { text, note: `${path.basename(file)} is UTF-8 with ${count} not (the first at offset ${scan.firstInvalid}): read as U+FFFD, the rest as UTF-8` };
  }
  const text = new TextDecoder('windows-1252').decode(bytes);
  return { text, note: `${path.basename(file)} is not valid UTF-8: read as Windows-1252 (Latin-1), as such exports usually are; save it as UTF-8 if its accents read wrong` };
}

/**
 * A file that is one JSON document rather than JSON Lines: an array of items (read element by element), NewsAPI's
 * answer (its `articles`, likewise), or a JSON Feed, an API's error answer or another object (said as such).
 * Undefined for JSON Lines, a single-object line included. Each line of a pretty-printed array was rejected as "not
 * JSON", 1,502 of them for 300 items, with no word of what the file was.
 */
export function wholeJsonDocument(body: string): { items: unknown[] } | undefined {
  const start = body.trimStart()[0];
  if (start !== '[' && start !== '{') return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (Array.isArray(doc)) return { items: doc };
  const o = doc as Record<string, unknown>;
  // NewsAPI's answer saved whole ({"status":"ok","totalResults":…,"articles":[…]}): each pretty-printed line of it was
  // rejected as "not JSON", 266 of them for 20 articles.
  if (o && Array.isArray(o.articles) && o.publishedAt === undefined) return { items: o.articles };
  if (o && o.status === 'error' && typeof o.message === 'string') {
    throw new Error(`is an API's error answer, not news: ${JSON.stringify(o.message.slice(0, 200))}`);
  }
  if (o && Array.isArray(o.items) && o.publishedAt === undefined) {
    throw new Error('looks like a saved JSON Feed, not JSON Lines; put feed files in a folder and give the folder');
  }
  // One object over several lines that is no item (RSS written as JSON, {"rss": {"channel": …}}): each of its 945
  // lines was "not JSON". A one-line object is a JSON Lines file of one line, judged as an item.
  if (o && typeof o === 'object' && o.publishedAt === undefined && o.title === undefined && body.trim().includes('\n')) {
    const keys = Object.keys(o).slice(0, 5).map((k) => JSON.stringify(k)).join(', ');
    throw new Error(`is one JSON object (keys ${keys}), not news items: write one item per line (JSON Lines) or an array of items`);
  }
  return undefined;
}
