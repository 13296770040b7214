import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';

const MIN5 = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__2006-min-005.txt');

/** The shared 5-minute file as MetaTrader 5 exports bars: <DATE> <TIME> ... tab-separated, CRLF. */
function metaTraderText(): string {
  const [, ...rows] = readFileSync(MIN5, 'utf8').trim().split('\n');
  const lines = rows.map((r) => {
    const [date, time, open, high, low, close, volume] = r.split(',');
    return [date!.replace(/-/g, '.'), time, open, high, low, close, volume, '0', '2'].join('\t');
  });
  return ['<DATE>\t<TIME>\t<OPEN>\t<HIGH>\t<LOW>\t<CLOSE>\t<TICKVOL>\t<VOL>\t<SPREAD>', ...lines].join('\r\n') + '\r\n';
}

describe('an OHLCV file in UTF-16 (Excel "Unicode Text", MetaTrader 5 exports)', () => {
  it('reads as the same bars as its UTF-8 copy, little- or big-endian, with or without a byte-order mark', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ohlcv-utf16-'));
    const text = metaTraderText();
    const utf8 = path.join(dir, 'utf8.csv');
    writeFileSync(utf8, text);
    const le = Buffer.from(text, 'utf16le');
    const variants: Record<string, Buffer> = {
      'le-bom.csv': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      'le.csv': le,
      'be-bom.csv': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]),
    };
    const expected = await loadOhlcvFile(utf8);
    expect(expected.bars.length).toBe(2142);
    for (const [name, bytes] of Object.entries(variants)) {
      const file = path.join(dir, name);
      writeFileSync(file, bytes);
      const loaded = await loadOhlcvFile(file);
      expect(loaded.rejected, name).toEqual([]);
      expect(loaded.bars, name).toEqual(expected.bars);
    }
  });
});
