import { copyFileSync, existsSync, mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { openDatabase, WAL_SIZE_LIMIT_BYTES, type Db } from '../../src/store/database.js';
import { FALLBACK_AUTOCHECKPOINT_PAGES, WalCheckpointer } from '../../src/store/wal-checkpointer.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const open: Db[] = [];

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-ckpt-'));
  const file = join(dir, 'store.db');
  const db = openDatabase(file);
  open.push(db);
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', clock: new VirtualClock(0), destination: { write: (l: string) => void lines.push(JSON.parse(l)) } });
  return { dir, file, db, lines, logger };
}

/** Rows present in the database file itself, ignoring the WAL: what checkpoints have copied there so far. */
function rowsInMainFile(dir: string, file: string): number {
  const copy = join(dir, 'main-only.db');
  copyFileSync(file, copy);
  let db: Database.Database | undefined;
  try {
    db = new Database(copy, { readonly: true });
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 't'`).get();
    return exists ? (db.prepare('SELECT COUNT(*) n FROM t').get() as { n: number }).n : 0;
  } catch {
    return -1; // copied in the middle of a checkpoint: look again
  } finally {
    db?.close();
  }
}

async function writeRows(db: Db, n: number): Promise<void> {
  const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
  for (let i = 0; i < n; i++) {
    insert.run('x'.repeat(200));
    if (i % 50 === 0) await sleep(1);
  }
}

async function eventually(check: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(10);
  }
}

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
});

describe('WalCheckpointer', () => {
  it('copies the WAL into the database file from its own thread, while the daemon connection never checkpoints', async () => {
    const { dir, file, db, logger } = setup();
    const checkpointer = new WalCheckpointer({ file, db, sync: 'normal', logger });
    checkpointer.start();
    // The daemon's own connection only checkpoints as a far backstop now.
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(FALLBACK_AUTOCHECKPOINT_PAGES);
    await writeRows(db, 600);
    await eventually(() => rowsInMainFile(dir, file) === 600);
    expect(checkpointer.stats()).toEqual({ background: true, failures: 0, lastError: null });
    await checkpointer.stop();
  });

  it('counts every failed pass and shows the count in its stats', async () => {
    const { file, db, lines, logger } = setup();
    const checkpointer = new WalCheckpointer({ file, db, sync: 'normal', logger });
    checkpointer.start();
    // A pass that throws in the worker reports {error} over the port; SQLite gives no cheap way to make PASSIVE
    // throw on demand, so the report is delivered here on the real worker's message channel.
    const worker = (checkpointer as unknown as { worker: { emit(event: string, message: unknown): void } }).worker;
    for (let i = 1; i <= 20; i++) worker.emit('message', { error: `disk I/O error ${i}` });
    expect(checkpointer.stats()).toEqual({ background: true, failures: 20, lastError: 'disk I/O error 20' });
    const warnings = lines.filter((l) => String(l.msg).includes('background WAL checkpoint failed'));
    // Without a clock the warnings thin out by powers of ten: the 1st and the 10th, not twenty lines.
    expect(warnings.map((w) => w.failures)).toEqual([1, 10]);
    await checkpointer.stop();
  });

  it('without it, the same writes stay in the WAL (so the test above can tell)', async () => {
    const { dir, file, db } = setup();
    db.pragma('wal_autocheckpoint = 20000');
    await writeRows(db, 600);
    await sleep(300);
    expect(rowsInMainFile(dir, file)).toBe(0);
  });

  it('stops by closing its connection, so the daemon closing last removes the WAL', async () => {
    const { file, db, logger } = setup();
    const checkpointer = new WalCheckpointer({ file, db, sync: 'normal', logger });
    checkpointer.start();
    await writeRows(db, 100);
    await checkpointer.stop();
    await checkpointer.stop(); // idempotent
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('tells a virtual clock that its stop waits on its thread, so a test pumping the clock does not run it on meanwhile', async () => {
    const { file, db, logger } = setup();
    const clock = new VirtualClock(0);
    const checkpointer = new WalCheckpointer({ file, db, sync: 'normal', logger, clock });
    checkpointer.start();
    await writeRows(db, 100);
    const stopping = checkpointer.stop();
    expect(Object.fromEntries(clock.outsideByWhat())).toEqual({ 'WAL checkpointer exit': 1 });
    await stopping;
    expect(clock.outsideInFlight).toBe(0);
  });

  it('falls back to inline checkpoints, and says so, when its worker fails', async () => {
    const { dir, db, lines, logger } = setup();
    // The worker cannot open a file that does not exist: it fails at once.
    const checkpointer = new WalCheckpointer({ file: join(dir, 'missing.db'), db, sync: 'normal', logger });
    checkpointer.start();
    await eventually(() => db.pragma('wal_autocheckpoint', { simple: true }) === FALLBACK_AUTOCHECKPOINT_PAGES);
    expect(lines.some((l) => l.level === 'warn' && String(l.msg).includes('checkpoints inline again'))).toBe(true);
    expect(checkpointer.stats().background).toBe(false);
    await checkpointer.stop();
  });
});

describe("the store's WAL file", () => {
  it('shrinks back after a burst once a checkpoint lets a commit start it over (it stayed at its peak for good)', () => {
    const { file, db } = setup();
    const walBytes = () => statSync(`${file}-wal`).size;
    // One transaction of about 16 MB (a first retention pass, say): the WAL grows past the limit.
    const insert = db.prepare('INSERT INTO t (body) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 4_000; i++) insert.run('x'.repeat(4_000));
    })();
    expect(walBytes()).toBeGreaterThan(3 * WAL_SIZE_LIMIT_BYTES);
    // The background checkpointer's pass (its own connection), then the daemon's next commit starts the WAL over.
    const other = new Database(file);
    expect(other.pragma('wal_checkpoint(PASSIVE)')).toEqual([expect.objectContaining({ busy: 0 })]);
    other.close();
    insert.run('after');
    expect(walBytes()).toBeLessThanOrEqual(WAL_SIZE_LIMIT_BYTES);
  });
});
