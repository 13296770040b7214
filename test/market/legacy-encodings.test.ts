import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { legacyEncoding } from '../../src/market/text-encoding.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
const day = (d: number) => Date.UTC(2026, 2, d);

function saved(name: string, bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'encodings-')), name);
  writeFileSync(file, bytes);
  return file;
}

describe('files saved in a legacy code page, not UTF-8', () => {
  it("reads NetEase's history in GBK (日期,股票代码,名称,收盘价,最高价,最低价,开盘价,前收盘,成交量)", async () => {
    // The header as GBK bytes; read as UTF-8 it was replacement characters, and the file was refused.
    const header = Buffer.from('c8d5c6da2cb9c9c6b1b4fac2eb2cc3fbb3c62ccad5c5ccbcdb2cd7eeb8dfbcdb2cd7eeb5cdbcdb2cbfaac5ccbcdb2cc7b0cad5c5cc2cb3c9bdbbc1bf', 'hex');
    const name = Buffer.from('c9cfd6a4d6b8cafd', 'hex'); // 上证指数
    const row = (date: string, close: string, high: string, low: string, open: string) =>
      Buffer.concat([Buffer.from(`\n${date},'000001,`), name, Buffer.from(`,${close},${high},${low},${open},0,238184843`)]);
    const file = saved('163.csv', Buffer.concat([header, row('2026-03-19', '2825.9', '2832.4', '2820.4', '2825.8'), row('2026-03-18', '2815.4', '2823.2', '2800.3', '2805.9')]));
    const r = await loadOhlcvFile(file, NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close])).toEqual([
      [day(18), 2805.9, 2823.2, 2800.3, 2815.4],
      [day(19), 2825.8, 2832.4, 2820.4, 2825.9],
    ]);
  });

  it('reads a German spreadsheet saved in Windows-1252 (Datum;Eröffnung;...)', async () => {
    const text = 'Datum;Eröffnung;Hoch;Tief;Schluss;Volumen\n18.03.2026;14,384;14,389;14,192;14,235;1.500\n19.03.2026;14,235;14,300;14,100;14,250;1.500\n';
    const r = await loadOhlcvFile(saved('tecdax.csv', Buffer.from(text, 'latin1')), NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.close])).toEqual([
      [day(18), 14.384, 14.235],
      [day(19), 14.235, 14.25],
    ]);
  });

  it('tells GBK from Windows-1252 by whether the bytes above ASCII pair up', () => {
    expect(legacyEncoding(Buffer.from('c8d5c6da2c41', 'hex'))).toBe('gb18030');
    expect(legacyEncoding(Buffer.from('Eröffnung;Schluß', 'latin1'))).toBe('windows-1252');
  });
});
