import { hostname } from 'node:os';
import { OperationalError } from '../core/errors.js';
import type { Db } from './database.js';
import { restoreAdvice } from './restore-advice.js';
import { hasMeta, metaValue, setMeta } from './store-meta.js';

/**
 * What a start checks of a store before anything trades on it. SQLite's quick_check of every page and index took 4.5 s
 * warm and 39 s cold on a 90-day store of 1.3 GB, at every start of a restart loop (systemd, docker), though SQLite
 * in WAL mode never damages a file it wrote itself: a store is damaged by what happens around a run that did not end
 * (a crash of the machine, a disk failing, a copy taken while it was written). So, as a database that replays its
 * journal only after an unclean stop: a writable open marks the store open (store_meta, synced) and a clean close
 * marks it closed; a start that does not find it closed (the last run was killed or crashed, the file is a copy taken
 * while it ran, or an older conclave, which kept no mark, ran it last) runs the full quick_check (SQLite itself refuses
 * a file shorter than its header says, a copy cut short, at the first read). Every start checks the tables the account
 * trades on in full (integrity_check, indexes against rows: a few ms), since damage there is what trading on a bad
 * store would mean. Damage elsewhere after a clean stop (the audit trail) is met by the first write
 * to reach it, which halts entries and exits (docs/store.md), and the mark left by that run has the next start check all.
 */

/** The store_meta key a writable open sets to `open (...)` and a clean close to CLOSED: anything else, check it all. */
export const RUN_KEY = 'last_run';
export const CLOSED = 'closed cleanly';

/** The tables an account trades on: its cash, positions, orders and their fills, exits' cooldowns, the store's meta. */
export const MONEY_TABLES: readonly string[] = ['account', 'positions', 'orders', 'fills', 'symbol_exits', 'store_meta'];

/** The mark each connection set, so its close replaces that one and no other process's. */
const marks = new WeakMap<Db, string>();

/** Why this start checks the whole store, or null when the last run closed it cleanly. */
export function fullCheckReason(db: Db): string | null {
  const last = hasMeta(db) ? metaValue(db, RUN_KEY) : undefined;
  if (last === CLOSED) return null;
  if (last === undefined) return 'no run of this version closed it yet';
  return `the last run on it (${last.replace(/^open \((.*)\)$/, '$1')}) did not close it cleanly`;
}

/** Refuses a damaged store, checking all of it or, after a clean close, the tables the account trades on. */
export function assertSound(db: Db, file: string): void {
  const why = fullCheckReason(db);
  if (why !== null) return refuseIfFound(file, "SQLite's quick_check", (db.pragma('quick_check(3)') as { quick_check: string }[]).map((r) => r.quick_check), `; checked whole: ${why}`);
  for (const table of MONEY_TABLES) {
    const rows = (db.pragma(`integrity_check(${table})`) as { integrity_check: string }[]).map((r) => r.integrity_check);
    refuseIfFound(file, `SQLite's integrity_check of its ${table} table`, rows);
  }
}

function refuseIfFound(file: string, check: string, rows: string[], why = ''): void {
  const found = damageFound(rows);
  if (found === null) return;
  throw new OperationalError(`The store ${file} is damaged (${check}: ${found}${why}). Do not trade on it: ${restoreAdvice(file)}.`);
}

/** SQLite's findings of a check, the first three once each on one line; null when it said ok. */
export function damageFound(rows: string[]): string | null {
  if (rows.length === 1 && rows[0] === 'ok') return null;
  // A row may hold several lines, the first naming the database.
  const found = [...new Set(rows.flatMap((row) => row.split('\n')).map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('***')))].slice(0, 3);
  return found.length > 0 ? found.join('; ') : 'no findings given';
}

/** Marks the store open by this process, synced (a power loss must not lose it), before anything is traded on it. */
export function markOpen(db: Db): void {
  const mark = `open (pid ${process.pid} on ${hostname()})`;
  const sync = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    setMeta(db, RUN_KEY, mark);
  } finally {
    db.pragma(`synchronous = ${sync}`);
  }
  marks.set(db, mark);
}

/**
 * Closes the connection; one that marked the store open marks it closed first, unless a write to it failed on the
 * storage (`failed`: the next start checks it all). A mark it cannot write is left: the next start checks it all.
 */
export function closeMarked(db: Db, failed: boolean): void {
  if (!db.open) return;
  const mark = marks.get(db);
  if (mark !== undefined && !failed && !db.inTransaction) {
    try {
      db.prepare(`UPDATE store_meta SET value = ? WHERE key = ? AND value = ?`).run(CLOSED, RUN_KEY, mark);
    } catch {
      // Left in place: the next start runs the full check, the safe side.
    }
  }
  db.close();
}
