import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/core/random.js';
import { startDaemon } from '../helpers/daemon-process.js';

const KILLS = 22;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface PositionRow {
  symbol: string;
  qty: number;
  avg_price: number;
  peak_price: number;
  trailing_active: number;
}

/** Opens the store as the next start would (read-write, so WAL recovery runs), reads, and closes it. */
function inspect<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Fills stored so far, read beside the running daemon (WAL: a reader does not block it). */
function fillCount(file: string): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) n FROM fills').get() as { n: number }).n;
  } finally {
    db.close();
  }
}

const hasPositions = (db: Database.Database) => db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'positions'`).get() !== undefined;

/** (cash + open cost) − (starting cash + realised − fees) as stored; null before the account exists. */
function ledgerDiff(db: Database.Database): number | null {
  if (!hasPositions(db)) return null;
  const a = db.prepare('SELECT * FROM account').get() as { starting_cash: number; cash: number; realized_pnl: number; fees: number } | undefined;
  if (!a) return null;
  const positions = db.prepare('SELECT * FROM positions').all() as PositionRow[];
  return a.cash + positions.reduce((s, p) => s + p.qty * p.avg_price, 0) - (a.starting_cash + a.realized_pnl - a.fees);
}

/** What a ledger break needs for its diagnosis: did the daemon already report it broken before the kill, and what it did last. */
function breakReport(kill: number, diff: number, lines: Record<string, unknown>[], db: Database.Database): string {
  const health = lines.filter((l) => l.ledger !== undefined);
  const firstBroken = health.find((l) => (l.ledger as { ok: boolean }).ok === false);
  return [
    `ledger broken after kill ${kill}: difference ${diff}`,
    firstBroken ? `the daemon's health line already reported it broken before the kill: ${JSON.stringify(firstBroken.ledger)}` : `its ${health.length} health line(s) reported it holding`,
    `positions: ${JSON.stringify(db.prepare('SELECT symbol, qty, avg_price FROM positions').all())}`,
    `last position events: ${JSON.stringify(db.prepare('SELECT * FROM position_events ORDER BY id DESC LIMIT 6').all())}`,
    `last log lines: ${lines.slice(-25).map((l) => JSON.stringify(l)).join('\n')}`,
  ].join('\n');
}

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs at random moments with the store, ledger, orders and positions intact`, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'conclave-chaos-'));
    const file = join(dataDir, 'conclave-paper.db');
    const env = {
      CONCLAVE_DATA_DIR: dataDir,
      CONCLAVE_LOG_LEVEL: 'info',
      CONCLAVE_MODEL_SCAN_INTERVAL_MS: '200',
      CONCLAVE_NEWS_SCAN_INTERVAL_MS: '300',
      CONCLAVE_POSITION_CHECK_INTERVAL_MS: '100',
      CONCLAVE_HEALTH_INTERVAL_MS: '500',
      CONCLAVE_SIM_BAR_MS: '1000',
      CONCLAVE_MODEL_THRESHOLD: '0.6',
      // A readier chief than the default, so that every run trades and kills land among orders in flight.
      CONCLAVE_CHIEF: '{"buyThreshold":0.12,"sellThreshold":0.12,"minConviction":0.02,"costMultiple":0}',
      // Armed from entry, so trailing state exists at most kill moments and its survival is checked every time.
      CONCLAVE_TRAILING_ACTIVATION_PCT: '0',
      CONCLAVE_MAX_OPEN_POSITIONS: '20',
      CONCLAVE_MAX_GROSS_EXPOSURE: '1',
      CONCLAVE_TRAILING_STOP_PCT: '0.01',
      CONCLAVE_PARTIAL_FILL_PROBABILITY: '0.3',
    };
    const random = seededRandom(20261122);
    let trailingSeen = 0;

    for (let i = 0; i < KILLS; i++) {
      const daemon = startDaemon(env);
      // Every third kill lands during start-up (reconciliation); the others while trading, timed from readiness
      // rather than from spawn so that a loaded machine's slow start-up does not leave the daemon no time to trade.
      if (i % 3 === 0) await sleep(50 + random() * 500);
      else {
        await daemon.waitFor((l) => l.msg === 'conclave starting', 30_000);
        // Paper entries fill at the next simulated bar (1 s bars here): a run lives long enough for some to fill.
        await sleep(1000 + random() * 2000);
      }
      const before = existsSync(file) ? inspect(file, (db) => (hasPositions(db) ? (db.prepare('SELECT * FROM positions').all() as PositionRow[]) : [])) : [];
      daemon.child.kill('SIGKILL');
      const { signal } = await daemon.exited;
      expect(signal).toBe('SIGKILL');

      // Killed before the store was created: nothing to inspect (opening it would create an empty file, which the
      // daemon rightly refuses as a store that existed and is now empty).
      if (!existsSync(file)) continue;
      inspect(file, (db) => {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        // The ledger holds after every kill, not only at the end: a break names the kill and says whether it was there before.
        const diff = ledgerDiff(db);
        if (diff !== null && !(Math.abs(diff) < 5e-5)) expect.fail(breakReport(i, diff, daemon.lines, db));
        // Trailing-stop state written before the kill is still there (or the position was closed by a recorded exit).
        for (const p of before.filter((b) => b.trailing_active === 1)) {
          trailingSeen++;
          const after = db.prepare('SELECT * FROM positions WHERE symbol = ?').get(p.symbol) as PositionRow | undefined;
          if (after) {
            expect(after.trailing_active).toBe(1);
            expect(after.peak_price).toBeGreaterThanOrEqual(p.peak_price);
          } else {
            const closed = db.prepare(`SELECT COUNT(*) n FROM position_events WHERE symbol = ? AND change = 'closed'`).get(p.symbol) as { n: number };
            expect(closed.n).toBeGreaterThan(0);
          }
        }
      });
    }

    // A last clean run reconciles what the crashes left in flight. It runs until the store holds a few fills (at most
    // 30 s): the simulated prices follow the wall clock, and some hours' prices gave the kills too few to check below.
    const last = startDaemon(env);
    await last.waitFor((l) => l.msg === 'conclave starting', 30_000);
    await sleep(500);
    for (const until = performance.now() + 30_000; fillCount(file) <= 5 && performance.now() < until; ) await sleep(200);
    last.child.kill('SIGTERM');
    expect((await last.exited).code).toBe(0);

    inspect(file, (db) => {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const a = db.prepare('SELECT * FROM account').get() as { starting_cash: number; cash: number; realized_pnl: number; fees: number };
      const positions = db.prepare('SELECT * FROM positions').all() as PositionRow[];
      const openCost = positions.reduce((s, p) => s + p.qty * p.avg_price, 0);
      expect(a.cash + openCost).toBeCloseTo(a.starting_cash + a.realized_pnl - a.fees, 4);

      // No client order id twice, and every fill belongs to a recorded order whose filled quantity it adds up to.
      expect(db.prepare('SELECT client_order_id FROM orders GROUP BY client_order_id HAVING COUNT(*) > 1').all()).toEqual([]);
      const mismatched = db
        .prepare(
          `SELECT o.client_order_id, o.filled_qty, COALESCE(SUM(f.qty), 0) fq FROM orders o LEFT JOIN fills f ON f.client_order_id = o.client_order_id
           GROUP BY o.client_order_id HAVING ABS(o.filled_qty - fq) > 1e-9`,
        )
        .all();
      expect(mismatched).toEqual([]);
      // No order is left in doubt after a clean start: what is still in flight is a paper market order waiting for
      // the first price after its decision (taken back by the broker at start), never an unknown one.
      expect(db.prepare(`SELECT COUNT(*) n FROM orders WHERE status IN ('new', 'partially_filled', 'unknown')`).get()).toEqual({ n: 0 });

      // No position lost: every symbol's open quantity is exactly its buys minus its sells.
      const net = db.prepare(`SELECT symbol, SUM(CASE side WHEN 'buy' THEN qty ELSE -qty END) q FROM fills GROUP BY symbol`).all() as { symbol: string; q: number }[];
      for (const n of net) {
        const held = positions.find((p) => p.symbol === n.symbol)?.qty ?? 0;
        expect(held, n.symbol).toBeCloseTo(n.q, 9);
      }
      const fills = (db.prepare('SELECT COUNT(*) n FROM fills').get() as { n: number }).n;
      expect(fills).toBeGreaterThan(5);
    });
    expect(trailingSeen).toBeGreaterThan(3);
  }, 180_000);
});
