/** What a scan of bytes that are not valid UTF-8 found: whole UTF-8 sequences, and bytes that fit none. */
export interface Utf8Scan {
  /** Valid multi-byte sequences (an "é", a "“"). */
  sequences: number;
  /** Bytes that begin no valid sequence. */
  invalid: number;
  /** Offset of the first of them, -1 when none. */
  firstInvalid: number;
}

/** Counts valid multi-byte UTF-8 sequences and stray bytes (RFC 3629: no overlongs, no surrogates, nothing past U+10FFFF). */
export function scanUtf8(bytes: Uint8Array): Utf8Scan {
  let sequences = 0;
  let invalid = 0;
  let firstInvalid = -1;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    let ok = length > 0 && i + length <= bytes.length;
    if (ok) {
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      ok = bytes[i + 1]! >= low && bytes[i + 1]! <= high;
      for (let k = 2; ok && k < length; k++) ok = (bytes[i + k]! & 0xc0) === 0x80;
    }
    if (ok) {
      sequences++;
      i += length;
    } else {
      if (firstInvalid < 0) firstInvalid = i;
      invalid++;
      i++;
    }
  }
  return { sequences, invalid, firstInvalid };
}

/**
 * Whether text that is not valid UTF-8 is still UTF-8 text with a few damaged bytes (it holds at least as many whole
 * sequences as stray bytes), rather than a legacy code page's: Latin-1's "café" has a stray byte and no sequence.
 */
export const mostlyUtf8 = (scan: Utf8Scan): boolean => scan.sequences > 0 && scan.invalid <= scan.sequences;
