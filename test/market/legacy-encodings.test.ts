import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOhlcvFile } from '../../src/market/ohlcv-file.js';
import { legacyEncoding } from '../../src/market/text-encoding.js';

const NOW = { now: Date.UTC(2027, 0, 1) };
const day = (d: number) => Date.UTC(2026, 2, d);
/** Windows-1254's bytes for the Turkish letters a header uses (the others are Latin-1's). */
const WIN1254: Record<string, number> = { Ş: 0xde, ş: 0xfe, ı: 0xfd, İ: 0xdd, ğ: 0xf0, Ğ: 0xd0, ç: 0xe7, ü: 0xfc, ö: 0xf6 };

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

  it('reads a Turkish spreadsheet saved in Windows-1254 (Tarih;Şimdi;Açılış;Yüksek;Düşük;Hac.)', async () => {
    // Read as Windows-1252, its names were "Þimdi", "Açýlýþ", "Düþük": the file was refused as having no close, open or low.
    const text = 'Tarih;Şimdi;Açılış;Yüksek;Düşük;Hac.;Fark %\n18.03.2026;29,85;29,70;30,00;29,55;1,23M;0,51%\n19.03.2026;30,10;29,85;30,20;29,80;980,5K;0,84%\n';
    const bytes = Buffer.from([...text].map((c) => WIN1254[c] ?? c.charCodeAt(0)));
    const r = await loadOhlcvFile(saved('thyao.csv', bytes), NOW);
    expect(r.rejected).toEqual([]);
    expect(r.bars.map((b) => [b.time, b.open, b.high, b.low, b.close, b.volume])).toEqual([
      [day(18), 29.7, 30, 29.55, 29.85, 1_230_000],
      [day(19), 29.85, 30.2, 29.8, 30.1, 980_500],
    ]);
  });

  it('tells GBK from Windows-1252 by whether the bytes above ASCII pair up', () => {
    expect(legacyEncoding(Buffer.from('c8d5c6da2c41', 'hex'))).toBe('gb18030');
    expect(legacyEncoding(Buffer.from('Eröffnung;Schluß', 'latin1'))).toBe('windows-1252');
  });
});
