import { readFile, stat } from 'node:fs/promises';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { readCappedFile } from './capped-file.js';

/** A compressed file's bytes, unpacked, and what they came from ("gzip", "zip entry NAME"); plain bytes pass through. */
export interface Unpacked {
  bytes: Buffer;
  from?: string;
}

/**
 * Data is often downloaded compressed: Binance's kline archives and HistData's are zip files, exports and mirrors are
 * often .gz. Such a file is read as the text it holds, at most `maxBytes` of it (a small archive can unpack to
 * gigabytes). A zip must hold one data file (or one .csv/.json among notes). Throws an Error that says what to do.
 */
export function unpack(bytes: Buffer, maxBytes: number): Unpacked {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return { bytes: inflated(() => gunzipSync(bytes, { maxOutputLength: maxBytes }), 'gzip', maxBytes), from: 'gzip' };
  if (bytes.length >= 30 && bytes.readUInt32LE(0) === LOCAL) return unzip(bytes, maxBytes);
  if (bytes.length >= 22 && bytes.readUInt32LE(0) === END) throw new Error('is a zip archive with no file in it');
  if (bytes.length >= 8 && bytes.readUInt32BE(0) === OLE2 && bytes.readUInt32BE(4) === OLE2_TAIL) throw new Error(`is ${SPREADSHEET.xls}`);
  return { bytes };
}

// A workbook saved by a spreadsheet is a zip of XML parts (.xlsx, .ods) or an OLE2 compound file (.xls): "unzip it and
// name the one to read" sent a user to a folder of XML, where what they need is the sheet saved as CSV.
const SAVE_AS_CSV = 'open it in the spreadsheet and save the sheet as CSV (File > Save As > CSV), or pandas.read_excel(file).to_csv(...), then name the CSV';
const SPREADSHEET = {
  xlsx: `an Excel workbook (.xlsx), not CSV: ${SAVE_AS_CSV}`,
  ods: `an OpenDocument spreadsheet (.ods), not CSV: ${SAVE_AS_CSV}`,
  xls: `an Excel 97-2003 workbook (.xls) or another OLE2 compound file, not CSV: ${SAVE_AS_CSV}`,
};
const OLE2 = 0xd0cf11e0;
const OLE2_TAIL = 0xa1b11ae1;

function workbook(names: readonly string[]): string | undefined {
  if (names.includes('xl/workbook.xml')) return SPREADSHEET.xlsx;
  if (names.includes('mimetype') && names.includes('content.xml')) return SPREADSHEET.ods;
  return undefined;
}

/** Thrown for a file that was read but whose archive is unusable, as against a file that could not be read. */
export class ArchiveError extends Error {}

/** Reads a file of at most `maxBytes` and unpacks it; an unreadable file throws the file system's error, a bad archive an ArchiveError. */
export async function readUnpacked(file: string, maxBytes: number): Promise<Unpacked> {
  const info = await stat(file);
  // A device has no end (/dev/zero, /dev/urandom took gigabytes, then the process crashed); a pipe (<(zcat f.gz)) has
  // no size to check first, so it is read up to the limit.
  if (info.isCharacterDevice() || info.isBlockDevice()) throw new Error(`${file} is a device, not a file`);
  if (info.size > maxBytes) throw new Error(`file is ${info.size} bytes, over the ${maxBytes}-byte limit; split it`);
  const bytes = info.isFile() ? await readFile(file) : readCappedFile(file, maxBytes);
  try {
    return unpack(bytes, maxBytes);
  } catch (error) {
    throw new ArchiveError((error as Error).message, { cause: error });
  }
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
const END64 = 0x06064b50;
const LOCATOR64 = 0x07064b50;

interface Entry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  packedSize: number;
  size: number;
  offset: number;
}

function unzip(bytes: Buffer, maxBytes: number): Unpacked {
  const entries = centralDirectory(bytes);
  const files = entries.filter((e) => !e.name.endsWith('/') && !/(^|\/)(__MACOSX\/|\._)/.test(e.name));
  // Beside the data, an archive may hold notes (HistData's zips hold a .txt status report beside the .csv).
  const text = files.filter((e) => /\.(csv|tsv|txt|json|jsonl|ndjson)$/i.test(e.name));
  const data = files.length === 1 ? files : text.length > 1 ? text.filter((e) => !/\.txt$/i.test(e.name)) : text;
  if (data.length !== 1) {
    const spreadsheet = workbook(files.map((e) => e.name));
    if (spreadsheet) throw new Error(`is ${spreadsheet}`);
    const names = files.slice(0, 5).map((e) => e.name).join(', ') + (files.length > 5 ? ', ...' : '');
    throw new Error(files.length === 0 ? 'is a zip archive with no file in it' : `is a zip archive of ${files.length} files (${names}): unzip it and name the one to read`);
  }
  const entry = data[0]!;
  if (entry.flags & 1) throw new Error(`is a zip archive whose ${entry.name} is encrypted: unzip it with its password first`);
  if (entry.size > maxBytes) throw new Error(`is a zip archive whose ${entry.name} unpacks to ${entry.size} bytes, over the ${maxBytes}-byte limit; split it`);
  if (entry.offset + 30 > bytes.length || bytes.readUInt32LE(entry.offset) !== LOCAL) throw new Error(`is a damaged zip archive (no entry where its directory puts ${entry.name}): download it again`);
  const start = entry.offset + 30 + bytes.readUInt16LE(entry.offset + 26) + bytes.readUInt16LE(entry.offset + 28);
  const packed = bytes.subarray(start, start + entry.packedSize);
  if (packed.length !== entry.packedSize) throw new Error(`is a truncated zip archive (${entry.name} is cut short): download it again`);
  let out: Buffer;
  if (entry.method === 0) out = packed;
  else if (entry.method === 8) out = inflated(() => inflateRawSync(packed, { maxOutputLength: maxBytes }), `zip entry ${entry.name}`, maxBytes);
  else throw new Error(`is a zip archive whose ${entry.name} is compressed by method ${entry.method}, which this reader does not know (it reads deflate): unzip it first`);
  if (out.length !== entry.size || crc32(out) !== entry.crc) throw new Error(`is a damaged zip archive (${entry.name} does not unpack to what its checksum says): download it again`);
  return { bytes: out, from: `zip entry ${entry.name}` };
}

function centralDirectory(bytes: Buffer): Entry[] {
  // The directory's end record is the last 22 bytes, unless a comment (up to 65,535 bytes) follows it.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('is a truncated zip archive (its directory is missing): download it again');
  let count = bytes.readUInt16LE(end + 10);
  let at = bytes.readUInt32LE(end + 16);
  // ZIP64 (archives over 4 GB, and writers that use it always, as .NET's and Lean's do): the real count and offset are
  // in a ZIP64 end record, which a locator just before the end record points to.
  if (count === 0xffff || at === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || bytes.readUInt32LE(locator) !== LOCATOR64) throw new Error('is a damaged ZIP64 archive (its directory is missing): download it again');
    const record = safeOffset(bytes.readBigUInt64LE(locator + 8));
    if (record + 56 > bytes.length || bytes.readUInt32LE(record) !== END64) throw new Error('is a damaged ZIP64 archive (its directory is missing): download it again');
    count = safeOffset(bytes.readBigUInt64LE(record + 32));
    at = safeOffset(bytes.readBigUInt64LE(record + 48));
  }
  const entries: Entry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || bytes.readUInt32LE(at) !== CENTRAL) throw new Error('is a damaged zip archive (its directory is broken): download it again');
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const entry: Entry = {
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      flags: bytes.readUInt16LE(at + 8),
      method: bytes.readUInt16LE(at + 10),
      crc: bytes.readUInt32LE(at + 16),
      packedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
      offset: bytes.readUInt32LE(at + 42),
    };
    withZip64Sizes(entry, bytes.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + bytes.readUInt16LE(at + 32);
  }
  return entries;
}

/** A size or offset of 0xFFFFFFFF stands for the 8-byte value in the entry's ZIP64 extra field (id 1), in this order. */
function withZip64Sizes(entry: Entry, extra: Buffer): void {
  if (entry.size !== 0xffffffff && entry.packedSize !== 0xffffffff && entry.offset !== 0xffffffff) return;
  for (let i = 0; i + 4 <= extra.length; i += 4 + extra.readUInt16LE(i + 2)) {
    if (extra.readUInt16LE(i) !== 1) continue;
    let at = i + 4;
    const end = at + extra.readUInt16LE(i + 2);
    const next = (): number => {
      if (at + 8 > end || end > extra.length) throw new Error(`is a damaged ZIP64 archive (${entry.name}'s sizes are missing): download it again`);
      const value = safeOffset(extra.readBigUInt64LE(at));
      at += 8;
      return value;
    };
    if (entry.size === 0xffffffff) entry.size = next();
    if (entry.packedSize === 0xffffffff) entry.packedSize = next();
    if (entry.offset === 0xffffffff) entry.offset = next();
    return;
  }
  throw new Error(`is a damaged ZIP64 archive (${entry.name}'s sizes are missing): download it again`);
}

function safeOffset(value: bigint): number {
  // Anything past what a Buffer can hold points outside the file: the bounds checks after this say so.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function inflated(run: () => Buffer, what: string, maxBytes: number): Buffer {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new Error(`is compressed (${what}) and unpacks to more than the ${maxBytes}-byte limit; split it`, { cause: error });
    }
    throw new Error(`is compressed (${what}) but damaged: ${(error as Error).message}; download it again`, { cause: error });
  }
}

let table: Uint32Array | undefined;

/** CRC-32 (the zip format's checksum; Node 20's zlib has none to call). */
function crc32(bytes: Buffer): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = table[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
