import { closeSync, copyFileSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/store/database.js';
import { CLOSED, RUN_KEY } from '../../src/store/start-check.js';
import { deleteMeta, metaValue } from '../../src/store/store-meta.js';
import { openStore, type Store } from '../../src/store/store.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-start-check-'));
  dirs.push(dir);
  return dir;
}

/** A store with an account, orders and 5,000 news ids, so each table and index has pages of its own. */
function filled(file: string): Store {
  const store = openStore(file, { kind: 'paper' });
  store.ensureAccount(10_000, 0, '2026-01-05');
  const news = store.db.prepare('INSERT INTO news_seen (id, seen_at) VALUES (?, ?)');
  store.db.transaction(() => {
    for (let i = 0; i < 5_000; i++) news.run(`story-${i}`, 1_700_000_000_000 + i);
    for (let i = 0; i < 300; i++) store.insertOrder({ clientOrderId: `co-${i}`, symbol: 'ETH/USDT', side: 'buy', qty: 1, verdictId: null, status: 'filled', purpose: 'entry', createdAt: i });
  })();
  return store;
}

function rootPage(db: Db, name: string): number {
  return (db.prepare('SELECT rootpage FROM sqlite_master WHERE name = ?').get(name) as { rootpage: number }).rootpage;
}

/** Garbage over a b-tree page's header and cells, as a failing disk or a torn copy leaves it. */
function damage(file: string, page: number): void {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(512, 0x5a), 0, 512, (page - 1) * 4096 + 8);
  closeSync(fd);
}

const opens = (file: string) => () => openStore(file, { kind: 'paper' }).close();

/**
 * The start's check on real SQLite files: the whole store after a run that did not close it, the tables the account
 * trades on at every start. Every start ran the whole quick_check: 4.5 s warm, 39 s cold on a 1.3 GB store.
 */
describe("a start's check of the store", () => {
  it('after a clean close, skips the audit trail: an index page of news ids damaged since does not hold the start', () => {
    const file = join(folder(), 'conclave-paper.db');
    const store = filled(file);
    expect(metaValue(store.db, RUN_KEY)).toMatch(new RegExp(`^open \\(pid ${process.pid} on .+\\)$`));
    const page = rootPage(store.db, 'news_seen_at');
    store.close();
    damage(file, page);
    expect(opens(file)).not.toThrow();
  });

  it('checks it all on a store no run of this version closed (an older conclave kept no mark)', () => {
    const file = join(folder(), 'conclave-paper.db');
    const store = filled(file);
    const page = rootPage(store.db, 'news_seen_at');
    store.close();
    const older = openStore(file, { kind: 'paper' });
    expect(metaValue(older.db, RUN_KEY)).toMatch(/^open /);
    deleteMeta(older.db, RUN_KEY);
    older.db.close();
    damage(file, page);
    expect(opens(file)).toThrow(/is damaged \(SQLite's quick_check: .+; checked whole: no run of this version closed it yet\)/);
  });

  it('after a run that did not close it (killed, crashed), checks it all and refuses a damaged store', () => {
    const dir = folder();
    const store = filled(join(dir, 'conclave-paper.db'));
    const page = rootPage(store.db, 'news_seen_at');
    // The files as a kill -9 leaves them: the run's mark in, never cleared.
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    const crashed = join(dir, 'crashed.db');
    copyFileSync(join(dir, 'conclave-paper.db'), crashed);
    store.close();
    const whole = join(dir, 'whole.db');
    copyFileSync(crashed, whole);
    // Undamaged, it opens after its full check, and its clean close lets the next start skip it.
    openStore(whole, { kind: 'paper' }).close();
    const closed = openStore(whole, { readonly: true });
    expect(metaValue(closed.db, RUN_KEY)).toBe(CLOSED);
    closed.close();
    damage(crashed, page);
    expect(opens(crashed)).toThrow(/^The store .*crashed\.db is damaged \(SQLite's quick_check: .+; checked whole: the last run on it \(pid \d+ on .+\) did not close it cleanly\)\. Do not trade on it: /);
  });

  it('refuses damage in a table the account trades on at every start, the last close clean or not', () => {
    const file = join(folder(), 'conclave-paper.db');
    const store = filled(file);
    const page = rootPage(store.db, 'orders_status');
    store.close();
    damage(file, page);
    expect(opens(file)).toThrow(/^The store .* is damaged \(SQLite's integrity_check of its orders table: .+\)\. Do not trade on it: .*copy your latest backup \(conclave backup\)/);
  });

  it('leaves the store marked open when a write failed on the storage, so the next start checks it all', () => {
    const file = join(folder(), 'conclave-paper.db');
    const store = filled(file);
    // As SQLite throws it when the disk fails under a write (core/storage-failure.ts reads the code).
    const ioError = Object.assign(new Error('disk I/O error'), { code: 'SQLITE_IOERR_WRITE' });
    expect(() => store.guarded(() => { throw ioError; })).toThrow('disk I/O error');
    store.close();
    const after = openStore(file, { readonly: true });
    expect(metaValue(after.db, RUN_KEY)).toMatch(new RegExp(`^open \\(pid ${process.pid} on `));
    after.close();
  });
});
