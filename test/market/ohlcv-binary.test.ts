import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { unpack } from '../../src/core/unpack.js';
import { DataFileError, loadOhlcvFile } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');

async function failure(file: string): Promise<Error> {
  const error = await loadOhlcvFile(file).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DataFileError);
  return error as Error;
}

describe('an OHLCV file that is not text', () => {
  it('is said to be binary, without quoting its bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ohlcv-binary-'));
    const store = path.join(dir, 'prices.db');
    const db = new Database(store);
    db.exec('CREATE TABLE bars (time INTEGER, close REAL); INSERT INTO bars VALUES (1, 2.5)');
    db.close();
    const sqlite = await failure(store);
    expect(sqlite.message).toMatch(/is a binary file, not text; expected CSV .* \(or either compressed by gzip or zip\)$/);
    // No control character reaches a terminal (it printed NULs and a BEL from the SQLite header).
    expect([...sqlite.message].filter((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)).toEqual([]);
    // A text file that merely starts like a zip is not taken for one.
    writeFileSync(path.join(dir, 'pk.csv'), 'PK\n');
    expect((await failure(path.join(dir, 'pk.csv'))).message).not.toMatch(/zip/);
  });
});

/** The archive with its classic end record's entry count and directory offset set to "see the ZIP64 record". */
function zip64End(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  const end = out.length - 22;
  out.writeUInt16LE(0xffff, end + 8);
  out.writeUInt16LE(0xffff, end + 10);
  out.writeUInt32LE(0xffffffff, end + 16);
  return out;
}

describe('a compressed OHLCV file', () => {
  const plain = () => loadOhlcvFile(ORCL);
  const dir = mkdtempSync(path.join(tmpdir(), 'ohlcv-packed-'));
  const text = readFileSync(ORCL);
  // The archives are written by Python's zipfile and gzip modules, not by the reader's own code, so a mistake in the
  // reader cannot be mirrored by the writer.
  const python = (script: string) => {
    const r = spawnSync('python3', ['-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
  };

  beforeAll(() => {
    writeFileSync(path.join(dir, 'orcl.csv'), text);
    python(`
import gzip, zipfile, shutil, os
os.chdir(${JSON.stringify(dir)})
with open('orcl.csv', 'rb') as f, gzip.open('orcl.csv.gz', 'wb') as g: shutil.copyfileobj(f, g)
with zipfile.ZipFile('deflated.zip', 'w', zipfile.ZIP_DEFLATED) as z: z.write('orcl.csv', 'ORCL-1d.csv')
with zipfile.ZipFile('stored.zip', 'w', zipfile.ZIP_STORED) as z: z.write('orcl.csv', 'ORCL-1d.csv')
with zipfile.ZipFile('streamed.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    with z.open('ORCL-1d.csv', 'w') as w: w.write(open('orcl.csv', 'rb').read())
with zipfile.ZipFile('notes.zip', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('data/', '')
    z.write('orcl.csv', 'data/DAT_ASCII_ORCL.csv')
    z.writestr('data/DAT_ASCII_ORCL.txt', 'status report')
    z.writestr('__MACOSX/data/._DAT_ASCII_ORCL.csv', 'resource fork')
    z.comment = b'a comment after the directory'
`);
    // ZIP64 records for a small file, as .NET's writers (QuantConnect Lean's zips) always write them.
    python(`
import zipfile, os
os.chdir(${JSON.stringify(dir)})
zipfile.ZIP64_LIMIT = 0
with zipfile.ZipFile('zip64.zip', 'w', zipfile.ZIP_DEFLATED) as z: z.write('orcl.csv', 'orcl_daily.csv')
`);
    // Info-ZIP's `zip -fz` also leaves the classic end record's count and offset to the ZIP64 one.
    writeFileSync(path.join(dir, 'zip64-end.zip'), zip64End(readFileSync(path.join(dir, 'zip64.zip'))));
    python(`
import zipfile, os
os.chdir(${JSON.stringify(dir)})
with zipfile.ZipFile('two.zip', 'w') as z: z.write('orcl.csv', 'a.csv'); z.write('orcl.csv', 'b.csv')
with zipfile.ZipFile('empty.zip', 'w') as z: pass
`);
  });

  it('is read as the text it holds: gzip, and a zip of one file (deflated, stored, streamed) or of a csv beside notes', async () => {
    const expected = await plain();
    for (const [name, from] of [
      ['orcl.csv.gz', 'gzip'],
      ['deflated.zip', 'zip entry ORCL-1d.csv'],
      ['stored.zip', 'zip entry ORCL-1d.csv'],
      ['streamed.zip', 'zip entry ORCL-1d.csv'],
      ['notes.zip', 'zip entry data/DAT_ASCII_ORCL.csv'],
      ['zip64.zip', 'zip entry orcl_daily.csv'],
      ['zip64-end.zip', 'zip entry orcl_daily.csv'],
    ] as const) {
      const loaded = await loadOhlcvFile(path.join(dir, name));
      expect(loaded.unpackedFrom, name).toBe(from);
      expect(loaded.bars, name).toEqual(expected.bars);
    }
  });

  it('that is damaged, truncated, ambiguous or empty is refused, saying what to do', async () => {
    const deflated = readFileSync(path.join(dir, 'deflated.zip'));
    const flipped = readFileSync(path.join(dir, 'stored.zip'));
    flipped[30 + 'ORCL-1d.csv'.length + 100]! ^= 0x01; // one bit of the file's 100th byte: a digit becomes another
    writeFileSync(path.join(dir, 'flipped.zip'), flipped);
    writeFileSync(path.join(dir, 'cut.zip'), deflated.subarray(0, 20_000));
    const noLocator = zip64End(readFileSync(path.join(dir, 'zip64.zip')));
    noLocator.writeUInt32LE(0, noLocator.length - 22 - 20); // the ZIP64 locator's signature, just before the end record
    writeFileSync(path.join(dir, 'no-locator.zip'), noLocator);
    writeFileSync(path.join(dir, 'cut.csv.gz'), readFileSync(path.join(dir, 'orcl.csv.gz')).subarray(0, 20_000));
    const message = async (name: string) => (await failure(path.join(dir, name))).message;
    expect(await message('two.zip')).toBe(`OHLCV file ${path.join(dir, 'two.zip')} is a zip archive of 2 files (a.csv, b.csv): unzip it and name the one to read`);
    expect(await message('flipped.zip')).toMatch(/is a damaged zip archive \(ORCL-1d\.csv does not unpack to what its checksum says\): download it again$/);
    expect(await message('cut.zip')).toMatch(/is a truncated zip archive \(its directory is missing\): download it again$/);
    expect(await message('cut.csv.gz')).toMatch(/is compressed \(gzip\) but damaged: unexpected end of file; download it again$/);
    expect(await message('no-locator.zip')).toMatch(/is a damaged ZIP64 archive \(its directory is missing\): download it again$/);
    expect(await message('empty.zip')).toMatch(/empty\.zip is a zip archive with no file in it$/);
    // A small file that unpacks to more than the limit is stopped at the limit, not read into memory.
    expect(() => unpack(gzipSync(Buffer.alloc(5000, 65)), 1000)).toThrow('is compressed (gzip) and unpacks to more than the 1000-byte limit; split it');
    expect(() => unpack(readFileSync(path.join(dir, 'deflated.zip')), 1000)).toThrow(/is a zip archive whose ORCL-1d\.csv unpacks to \d+ bytes, over the 1000-byte limit; split it/);
  });
});

describe('a binary file of a format people save bars in', () => {
  it('is named, with the command that converts it (freqtrade’s Feather candles, Parquet, HDF5)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ohlcv-formats-'));
    // The first bytes of each format, as pyarrow, parquet and HDF5 write them, then binary padding.
    const files = {
      'TRX_BTC-5m.feather': Buffer.concat([Buffer.from('ARROW1\0\0'), Buffer.alloc(64, 0xff)]),
      'TRX_BTC-5m.parquet': Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 0)]),
      'TRX_BTC-5m.h5': Buffer.concat([Buffer.from([0x89]), Buffer.from('HDF\r\n\x1a\n'), Buffer.alloc(64, 0)]),
    };
    const messages: string[] = [];
    for (const [name, bytes] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), bytes);
      messages.push((await failure(path.join(dir, name))).message);
    }
    // Each was 'is a binary file, not text; expected CSV ... or a JSON array', naming neither the format nor a way out.
    expect(messages[0]).toMatch(/is an Apache Arrow \(Feather\) file, as freqtrade saves candles by default, not text; convert it .*`freqtrade convert-data --format-from feather --format-to json`/);
    expect(messages[1]).toMatch(/is a Parquet file, not text; convert it .*--format-from parquet/);
    expect(messages[2]).toMatch(/is an HDF5 file, not text; convert it to CSV first: pandas\.read_hdf/);
    for (const m of messages) expect([...m].filter((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)).toEqual([]);
  });
});

describe('a spreadsheet saved as a workbook', () => {
  it('is named as one, with how to save its sheet as CSV, not sent to unzip a folder of XML', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ohlcv-workbook-'));
    // The parts Excel and LibreOffice write, zipped by Python's zipfile: an .xlsx is a zip of XML, an .ods too.
    const r = spawnSync('python3', ['-c', `
import zipfile, os
os.chdir(${JSON.stringify(dir)})
with zipfile.ZipFile('prices.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for name in ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/worksheets/sheet1.xml', 'xl/styles.xml']:
        z.writestr(name, '<?xml version="1.0"?><x/>')
with zipfile.ZipFile('prices.ods', 'w') as z:
    z.writestr('mimetype', 'application/vnd.oasis.opendocument.spreadsheet')
    for name in ['content.xml', 'styles.xml', 'META-INF/manifest.xml']:
        z.writestr(name, '<?xml version="1.0"?><x/>')
`], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    // An .xls starts with the OLE2 compound file's signature, then binary sectors.
    writeFileSync(path.join(dir, 'prices.xls'), Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600, 0)]));
    const saveAs = 'open it in the spreadsheet and save the sheet as CSV (File > Save As > CSV), or pandas.read_excel(file).to_csv(...), then name the CSV';
    for (const [name, what] of [
      ['prices.xlsx', 'an Excel workbook (.xlsx)'],
      ['prices.ods', 'an OpenDocument spreadsheet (.ods)'],
      ['prices.xls', 'an Excel 97-2003 workbook (.xls) or another OLE2 compound file'],
    ] as const) {
      expect((await failure(path.join(dir, name))).message, name).toBe(`OHLCV file ${path.join(dir, name)} is ${what}, not CSV: ${saveAs}`);
    }
  });
});
