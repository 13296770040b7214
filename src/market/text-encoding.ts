/**
 * The text of a data file as its bytes were written: UTF-8 (a byte-order mark dropped later by the parser), or UTF-16
 * as Excel's "Unicode Text" and MetaTrader 5's exports write it (little-endian with a byte-order mark, tab-separated).
 * Read as UTF-8, a UTF-16 file is half NUL bytes and was refused as "a binary file", which it is not.
 */
export function decodeText(bytes: Buffer): string {
  const le = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
  // Without a mark: ASCII text in UTF-16 has a NUL beside every character.
  const bareLe = !le && !be && bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0;
  const bareBe = !le && !be && bytes.length >= 4 && bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0;
  if (le || bareLe) return new TextDecoder('utf-16le').decode(bytes.subarray(le ? 2 : 0, bytes.length - (bytes.length % 2)));
  if (be || bareBe) {
    const body = Buffer.from(bytes.subarray(be ? 2 : 0, bytes.length - (bytes.length % 2)));
    return new TextDecoder('utf-16le').decode(body.swap16());
  }
  return bytes.toString('utf8');
}
