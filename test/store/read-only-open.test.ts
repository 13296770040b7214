import { mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OperationalError } from '../../src/core/errors.js';
import { openDatabase, openDatabaseReadOnly } from '../../src/store/database.js';
import { readOnlyCopy } from '../../src/store/read-only-copy.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function store(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-ro-'));
  dirs.push(dir);
  const file = join(dir, 'conclave-paper.db');
  openDatabase(file).close();
  return file;
}

/**
 * What `conclave status`, `explain` and `scorecard` open: a store the daemon would refuse is refused here too, with
 * what to do. A damaged store printed a bare "database disk image is malformed", and a store of a newer schema was
 * read as if it were this version's.
 */
describe('opening a store to read it', () => {
  it('refuses a damaged store, saying what to do', () => {
    const file = store();
    const fd = openSync(file, 'r+');
    // Each page after the first loses its b-tree header: wherever the schema's pages fall, reading it fails.
    for (let offset = 4096; offset < statSync(file).size; offset += 4096) writeSync(fd, Buffer.alloc(256, 0xde), 0, 256, offset);
    closeSync(fd);
    expect(() => openDatabase(file)).toThrow(/damaged/);
    const error = (() => {
      try {
        openDatabaseReadOnly(file).close();
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(OperationalError);
    expect((error as Error).message).toMatch(/cannot be read.*malformed.*damaged.*restore it from a backup/i);
  });

  it('refuses at start a store whose damage its schema does not show, before anything is traded on it', () => {
    const file = store();
    const db = openDatabase(file);
    const insert = db.prepare('INSERT INTO news_seen (id, seen_at) VALUES (?, ?)');
    db.transaction(() => {
      for (let i = 0; i < 5_000; i++) insert.run(`story-${i}`, 1_700_000_000_000 + i);
    })();
    const { rootpage } = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'news_seen_at'").get() as { rootpage: number };
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    db.close();
    // One index page gets garbage: the schema and every table still read, so nothing showed it until a write reached it.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, (rootpage - 1) * pageSize + 8);
    closeSync(fd);
    expect(() => openDatabase(file).close()).toThrow(OperationalError);
    expect(() => openDatabase(file).close()).toThrow(/^The store .* is damaged \(SQLite's quick_check: .+\)\. Do not trade on it: .* copy your latest backup \(conclave backup\)/);
  });

  it('refuses a store written by a newer conclave', () => {
    const file = store();
    const db = openDatabase(file);
    db.pragma('user_version = 999');
    db.close();
    expect(() => openDatabaseReadOnly(file)).toThrow(/schema version 999.*newer.*[Uu]pgrade conclave/);
  });

  // On a read-only mount SQLite can create neither -wal nor -shm and answers SQLITE_CANTOPEN at the first statement
  // (checked on a real `mount -o remount,ro,bind`); a directory in the -wal file's place does the same anywhere.
  it('reads a store whose folder it cannot write, as a read-only mount holds it', () => {
    const file = store();
    const db = openDatabase(file);
    db.exec("INSERT INTO store_meta (key, value) VALUES ('test', 'kept')");
    db.close();
    mkdirSync(`${file}-wal`);
    const ro = openDatabaseReadOnly(file);
    expect(ro.prepare("SELECT value FROM store_meta WHERE key = 'test'").pluck().get()).toBe('kept');
    expect(() => ro.exec('DELETE FROM store_meta')).toThrow(/readonly/);
    ro.close();
  });

  it('refuses to read a copy of a store whose write-ahead log holds commits, saying how to read them', () => {
    const file = store();
    writeFileSync(`${file}-wal`, Buffer.alloc(4096, 1));
    expect(() => readOnlyCopy(file, new Error('cannot open'))).toThrow(/write-ahead log .*-wal holds commits.*Copy .* together to a writable folder/);
  });
});
