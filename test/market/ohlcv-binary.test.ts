import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DataFileError, loadOhlcvFile } from '../../src/market/ohlcv-file.js';

const ORCL = path.resolve(process.cwd(), '../shared/data/ohlcv/backtrader__orcl-1995-2014.txt');

async function failure(file: string): Promise<Error> {
  const error = await loadOhlcvFile(file).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DataFileError);
  return error as Error;
}

describe('an OHLCV file that is not text', () => {
  it('is said to be binary (gzip: gunzip it), without quoting its bytes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ohlcv-binary-'));
    const gz = path.join(dir, 'orcl.csv.gz');
    writeFileSync(gz, gzipSync(readFileSync(ORCL)));
    const store = path.join(dir, 'prices.db');
    const db = new Database(store);
    db.exec('CREATE TABLE bars (time INTEGER, close REAL); INSERT INTO bars VALUES (1, 2.5)');
    db.close();
    const zipped = await failure(gz);
    expect(zipped.message).toBe(`OHLCV file ${gz} is a binary file, not text (compressed with gzip: gunzip it first); expected CSV (Date,Open,High,Low,Close[,Volume]) or a JSON array`);
    const sqlite = await failure(store);
    expect(sqlite.message).toMatch(/is a binary file, not text; expected CSV/);
    // No control character reaches a terminal (it printed NULs and a BEL from the SQLite header).
    for (const e of [zipped, sqlite]) expect([...e.message].filter((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127)).toEqual([]);
  });
});
