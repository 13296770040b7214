import { mkdtempSync, readdirSync, renameSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/store/database.js';
import { StoreGuard } from '../../src/store/store-guard.js';

function guarded(prepare: (file: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-guard-'));
  const file = join(dir, 'conclave-paper.db');
  const db = openDatabase(file);
  const clock = new VirtualClock(0);
  const lost: string[] = [];
  const guard = new StoreGuard({ clock, files: [file, `${file}-wal`], nonEmpty: [file], intervalMs: 1000, onLost: (m) => lost.push(m) });
  guard.start();
  return { dir, file, db, clock, lost, guard, act: () => prepare(file) };
}

describe('the store guard', () => {
  it.each([
    ['deleted', (f: string) => rmSync(f), /conclave-paper\.db was deleted while the daemon had it open/],
    ['emptied', (f: string) => truncateSync(f, 0), /was emptied \(truncated to 0 bytes\)/],
    ['replaced', (f: string) => (writeFileSync(`${f}.other`, 'x'), renameSync(`${f}.other`, f)), /was replaced by another file/],
    ['WAL deleted', (f: string) => rmSync(`${f}-wal`), /conclave-paper\.db-wal was deleted/],
  ])('reports a store %s within one interval, once', async (_name, change, message) => {
    const { clock, lost, act, db, guard } = guarded((f) => change(f));
    await clock.advance(3000);
    expect(lost).toEqual([]);
    act();
    await clock.advance(1000);
    expect(lost).toHaveLength(1);
    expect(lost[0]).toMatch(message);
    await clock.advance(5000);
    expect(lost).toHaveLength(1);
    guard.stop();
    db.close();
  });
});

describe('opening a store', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'conclave-open-'));

  it('creates a new one whole (schema in, no temporary file left) when there is none', () => {
    const d = dir();
    const db = openDatabase(join(d, 'conclave-paper.db'));
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    expect(readdirSync(d).filter((f) => f.includes('.new'))).toEqual([]);
  });

  it('refuses to make a new account where a store was made before and has gone missing', () => {
    const d = dir();
    const file = join(d, 'conclave-paper.db');
    openDatabase(file).close();
    for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    expect(() => openDatabase(file)).toThrow(/is missing, but a store was made here before \(made 20\d\d-.*delete .*conclave-paper\.created/);
    expect(readdirSync(d)).toEqual(['conclave-paper.created']);
    rmSync(join(d, 'conclave-paper.created'));
    openDatabase(file).close();
  });

  it('refuses an empty file, garbage, a SQLite file without the schema, and a WAL without its store', () => {
    const empty = join(dir(), 'conclave-paper.db');
    writeFileSync(empty, '');
    expect(() => openDatabase(empty)).toThrow(/exists but is empty \(0 bytes\)/);
    expect(statSync(empty).size).toBe(0);

    const garbage = join(dir(), 'conclave-paper.db');
    writeFileSync(garbage, 'x'.repeat(5000));
    expect(() => openDatabase(garbage)).toThrow(/cannot be read as a SQLite database.*Restore it from a backup/);

    const foreign = join(dir(), 'conclave-paper.db');
    const other = new Database(foreign);
    other.exec('CREATE TABLE notes (t TEXT)');
    other.close();
    expect(() => openDatabase(foreign)).toThrow(/holds no conclave store/);

    const orphan = join(dir(), 'conclave-paper.db');
    writeFileSync(`${orphan}-wal`, 'x'.repeat(100));
    expect(() => openDatabase(orphan)).toThrow(/missing but its write-ahead log .* is still there/);
  });
});
