import { isUtf8 } from 'node:buffer';

/**
 * The text of a data file as its bytes were written: UTF-8 (a byte-order mark dropped later by the parser), or UTF-16
 * as Excel's "Unicode Text" and MetaTrader 5's exports write it (little-endian with a byte-order mark, tab-separated).
 * Read as UTF-8, a UTF-16 file is half NUL bytes and was refused as "a binary file", which it is not. Bytes that are
 * not UTF-8 are a legacy code page's (see legacyEncoding).
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
  if (isUtf8(bytes)) return bytes.toString('utf8');
  return new TextDecoder(legacyEncoding(bytes)).decode(bytes);
}

/**
 * Windows-1254 (Turkish) differs from Windows-1252 in six letters: Ğ İ Ş ğ ı ş where 1252 has Icelandic Ð Ý Þ ð ý þ.
 * Read as 1252, a Turkish spreadsheet's "Şimdi" and "Açılış" were "Þimdi" and "Açýlýþ", names no reader knows.
 */
const TURKISH = [0xd0, 0xdd, 0xde, 0xf0, 0xfd, 0xfe];

/**
 * The code page of text that is not UTF-8: GBK (read as GB18030, its superset), as Chinese sites (NetEase, Sina) and
 * terminals save their histories, when its bytes above ASCII come in pairs of GB2312's range (a Chinese character
 * each); else Windows-1254 where one of its Turkish letters is there, or Windows-1252, as a spreadsheet in a Western
 * European locale saves "Eröffnung". Read as UTF-8, either
 * header was replacement characters and the file was refused for having no date column.
 */
export function legacyEncoding(bytes: Buffer): 'gb18030' | 'windows-1252' | 'windows-1254' {
  let paired = 0;
  let lone = 0;
  let turkish = 0;
  const end = Math.min(bytes.length, 65_536);
  const high = (i: number) => i < end && bytes[i]! >= 0xa1 && bytes[i]! <= 0xfe;
  for (let i = 0; i < end; i++) {
    if (bytes[i]! < 0x80) continue;
    if (TURKISH.includes(bytes[i]!)) turkish++;
    if (high(i) && high(i + 1)) {
      paired += 2;
      i++;
    } else lone++;
  }
  if (paired > 0 && lone * 10 < paired) return 'gb18030';
  return turkish > 0 ? 'windows-1254' : 'windows-1252';
}
