import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { backupStore } from '../../src/store/backup-store.js';
import { openDatabase } from '../../src/store/database.js';
import { MIGRATIONS, READS_AS_STORED_FROM } from '../../src/store/migrations.js';
import { openStore } from '../../src/store/store.js';
import type { StoreUpgrade } from '../../src/store/schema-upgrade.js';
import { readScorecards } from '../../src/scorecard/scorecard-command.js';
import { ledgerOf } from '../../src/trading/account-summary.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'conclave-upgrade-'));
  dirs.push(dir);
  return dir;
}

/** A store as an older conclave left it: its first `version` migrations, an account and an open position. */
function olderStore(version: number, journal: 'wal' | 'delete' = 'wal'): string {
  const file = join(folder(), 'conclave-paper.db');
  const db = new Database(file);
  db.pragma(`journal_mode = ${journal}`);
  for (const migration of MIGRATIONS.slice(0, version)) db.exec(migration);
  db.pragma(`user_version = ${version}`);
  db.exec(`INSERT INTO account (id, starting_cash, cash, realized_pnl, fees, peak_equity, day_start_equity, day, updated_at)
           VALUES (1, 100000, 90000, 0, 0, 100000, 100000, '2026-12-01', 1)`);
  db.exec(`INSERT INTO positions (symbol, qty, avg_price, opened_at, stop_price, target_price, atr, peak_price, mark_price, trailing_active, updated_at)
           VALUES ('NOVA', 100, 100, 1, 96, 108, NULL, 100, 100, 0, 2)`);
  db.close();
  return file;
}

const versionOf = (file: string): number => {
  const db = new Database(file, { readonly: true });
  try {
    return db.pragma('user_version', { simple: true }) as number;
  } finally {
    db.close();
  }
};

/**
 * Operators keep the data dir across versions (checked by running conclave at commit 3e68192, schema 5, then this one
 * on its data dir). A migration that failed half-way left the store at a version neither conclave would run, a
 * newer store was refused with exit 1 (restarted in a loop) after its header had been rewritten, and `conclave status`
 * and `backup` failed on an older store with "no such column: judged_until" (the backup exit 1 after writing its file).
 */
describe('a store across conclave versions', () => {
  it('is upgraded all at once or not at all: a failing migration leaves it as the older conclave left it', () => {
    const file = olderStore(5);
    // Migration 7 adds positions.judged_until: a store whose schema already has it (changed by hand) fails there.
    const db = new Database(file);
    db.exec('ALTER TABLE positions ADD COLUMN judged_until INTEGER');
    db.close();
    expect(() => openDatabase(file)).toThrow(/from schema version 5 to \d+ failed at migration 7 \(duplicate column name: judged_until\).*still at version 5/);
    expect(versionOf(file)).toBe(5);
    // Nothing changed, so no copy is kept (a daemon restarted on failure would pile them up).
    expect(existsSync(`${file}.schema-5`)).toBe(false);
    const after = new Database(file, { readonly: true });
    // Migration 6 (verdicts.atr_fraction) ran before the failing one: it is not kept either.
    expect((after.pragma('table_info(verdicts)') as { name: string }[]).map((c) => c.name)).not.toContain('atr_fraction');
    after.close();
  });

  it('is upgraded whole by the next start, its account and positions kept, and a copy of it as it was kept beside it', () => {
    const file = olderStore(5);
    const told: StoreUpgrade[] = [];
    const store = openStore(file, { onUpgrade: (u) => void told.push(u) });
    expect(versionOf(file)).toBe(MIGRATIONS.length);
    expect(store.account().cash).toBe(90000);
    expect(store.positions().map((p) => [p.symbol, p.qty, p.avgPrice])).toEqual([['NOVA', 100, 100]]);
    store.close();
    // The way back to the older conclave, which refuses the upgraded store: the copy is at its version, whole.
    expect(told).toEqual([{ from: 5, to: MIGRATIONS.length, copy: `${file}.schema-5` }]);
    expect(versionOf(`${file}.schema-5`)).toBe(5);
    const copy = new Database(`${file}.schema-5`, { readonly: true });
    expect(copy.prepare('SELECT symbol FROM positions').pluck().all()).toEqual(['NOVA']);
    copy.close();
    // Opened again at the latest version: nothing to upgrade, no copy.
    openStore(file, { onUpgrade: (u) => void told.push(u) }).close();
    expect(told).toHaveLength(1);
  });

  it('written by a newer conclave is refused with exit 78 and what to do, its file left byte for byte', () => {
    const file = olderStore(MIGRATIONS.length, 'delete');
    const db = new Database(file);
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    const before = readFileSync(file);
    const error = (() => {
      try {
        openDatabase(file).close();
        return null;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/schema version \d+, but this conclave knows only versions up to \d+: a newer conclave wrote it\. Nothing was changed\. Upgrade conclave.*restore a backup/);
    // journal_mode=WAL, set before the refusal, rewrote the header of a store in rollback mode (a backup's).
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('of an older conclave is read by the commands through a migrated copy, and backed up as it is', () => {
    const file = olderStore(5);
    const before = readFileSync(file);
    const read = openStore(file, { readonly: true });
    expect(read.positions().map((p) => p.symbol)).toEqual(['NOVA']);
    expect(ledgerOf(read).ok).toBe(true);
    read.close();
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(versionOf(file)).toBe(5);

    const source = openStore(file, { readonly: true, asStored: true });
    const result = backupStore(source.db, join(folder(), 'backup.db'));
    source.close();
    expect(result.schemaVersion).toBe(5);
    const copy = openStore(result.file, { readonly: true });
    expect(ledgerOf(copy).ok).toBe(true);
    copy.close();
  });

  it('one whose later migrations only add indexes is read as it is, not copied into memory', () => {
    const file = olderStore(READS_AS_STORED_FROM);
    const read = openStore(file, { readonly: true });
    // The file itself, at its own version: a copy would be an in-memory database at the latest one.
    expect(read.db.memory).toBe(false);
    expect(read.db.pragma('user_version', { simple: true })).toBe(READS_AS_STORED_FROM);
    expect(read.positions().map((p) => p.symbol)).toEqual(['NOVA']);
    read.close();
  });

  it('of an older conclave with forward returns is scored as it is, without a copy in memory', () => {
    const version = MIGRATIONS.findIndex((m) => m.includes('CREATE TABLE forward_returns')) + 1;
    const file = olderStore(version);
    const db = new Database(file);
    db.exec(`INSERT INTO opportunities (id, symbol, source, direction, score, price, reason, created_at, status, bar_time) VALUES ('o1', 'NOVA', 'model', 'long', 1, 100, 'r', 1, 'decided', 1)`);
    db.exec(`INSERT INTO verdicts (id, opportunity_id, symbol, action, conviction, score, size_fraction, reasons, decided_at, duration_ms) VALUES ('v1', 'o1', 'NOVA', 'BUY', 0.5, 0.4, 0.1, '[]', 1, 1)`);
    db.exec(`INSERT INTO forward_returns (opportunity_id, horizon_bars, forward_return, known_at) VALUES ('o1', 5, 0.02, 2)`);
    db.close();
    const read = openStore(file, { readonly: true, asStored: true });
    expect(read.db.memory).toBe(false);
    // A store from before opportunities.kind: its questions are the entries' directions.
    expect(readScorecards(read.db)).toEqual([
      expect.objectContaining({ horizonBars: 5, symbol: 'all', question: 'all', role: 'chief', scored: 1, hits: 1 }),
      expect.objectContaining({ horizonBars: 5, symbol: 'all', question: 'long', role: 'chief', scored: 1, hits: 1 }),
    ]);
    read.close();
  });
});
