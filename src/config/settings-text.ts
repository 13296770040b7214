import { ConfigError } from '../core/errors.js';

/**
 * The text of a configuration file. UTF-16 with a byte-order mark (what Windows PowerShell 5's `>` and Notepad's
 * "Unicode" save) is decoded: read as UTF-8 it failed with "Unexpected token '\uFFFD'". Other bytes that are not UTF-8
 * (a Latin-1 "é" in a path) are refused: decoded, they became U+FFFD in the value, a folder named with it.
 */
export function settingsText(bytes: Buffer, what: string, path: string): string {
  const utf16 = utf16WithBom(bytes);
  if (utf16 !== undefined) return utf16;
  try {
    // A byte-order mark (Notepad's UTF-8) is not JSON, and invisible in the error it would cause.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new ConfigError(`${what} ${path} is not text in UTF-8 (or UTF-16 with a byte-order mark): save it as UTF-8.`);
  }
}

/**
 * A settings file in UTF-16 with a byte-order mark (what PowerShell 5's `>` and Notepad's "Unicode" save), decoded;
 * undefined for any other bytes. Shared by the configuration file and the environment files.
 */
export function utf16WithBom(bytes: Buffer): string | undefined {
  const utf16 = () => bytes.subarray(2, bytes.length - (bytes.length % 2));
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return utf16().toString('utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(utf16()).swap16().toString('utf16le');
  return undefined;
}
