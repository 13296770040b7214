import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { Retention } from '../../src/store/retention.js';
import { openStore, type Store } from '../../src/store/store.js';
import { checkAccount } from '../../src/trading/ledger.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const DAY = 86_400_000;
const silent = createLogger({ level: 'silent', clock: new VirtualClock() });

/** One discussed opportunity with its verdict, agent signals and risk decision, at `t`. */
function discussion(store: Store, id: string, symbol: string, t: number) {
  store.insertOpportunity({ id: `opp-${id}`, symbol, source: 'model', direction: 'long', score: 1, price: 10, reason: 'test', createdAt: t });
  store.insertDiscussion(
    {
      verdictId: `v-${id}`,
      opportunity: { id: `opp-${id}`, symbol, source: 'model', direction: 'long', score: 1, price: 10, reason: 'test', createdAt: t },
      verdict: { action: 'BUY', conviction: 0.5, score: 0.5, sizeFraction: 0.1, reasons: ['test'] },
      outcomes: [{ role: 'bull', status: 'ok', latencyMs: 1, signal: { stance: 1, confidence: 1, rationale: ['r'], metrics: {} } }],
      decidedAt: t,
    },
    1,
  );
  store.insertRiskDecision({ verdictId: `v-${id}`, symbol, outcome: 'accepted', reason: 'ok', requestedQty: 1, approvedQty: 1, time: t });
}

function order(store: Store, id: string, symbol: string, side: 'buy' | 'sell', status: 'filled' | 'submitted', t: number) {
  store.insertOrder({ clientOrderId: `co-${id}`, verdictId: `v-${id}`, symbol, side, qty: 1, status: 'new', purpose: side === 'buy' ? 'entry' : 'exit', createdAt: t });
  store.updateOrder(`co-${id}`, status, status === 'filled' ? 1 : 0, null, t);
  if (status !== 'filled') return;
  store.insertFill({ clientOrderId: `co-${id}`, symbol, side, qty: 1, price: 10, fee: 0.01, time: t });
  store.insertPositionEvent({ symbol, change: side === 'buy' ? 'opened' : 'closed', qty: 1, price: 10, clientOrderId: `co-${id}`, time: t });
}

const NOW = Date.UTC(2026, 5, 1);

/** A new store file whose account opened `openedDaysAgo` days before NOW. */
function accountStore(openedDaysAgo: number): { file: string; store: Store; now: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'conclave-retention-')), 'conclave-paper.db');
  const store = openStore(file);
  const opened = NOW - openedDaysAgo * DAY;
  store.ensureAccount(100_000, opened, new Date(opened).toISOString().slice(0, 10));
  return { file, store, now: NOW };
}

const count = (store: Store, table: string) => (store.db.prepare(`SELECT COUNT(*) n FROM ${table}`).get() as { n: number }).n;

describe('retention', () => {
  it('keeps the position events of a replay’s recent orders, though they are dated by 1996 bars', async () => {
    const { file, store, now } = accountStore(10);
    const clock = new VirtualClock(now);
    const bar = Date.UTC(1996, 2, 4);
    // A closed round trip a replay made an hour ago: orders stamped by the clock, fills and events by the bars.
    for (const [id, side] of [['r1', 'buy'], ['r2', 'sell']] as const) {
      order(store, id, 'ORCL', side, 'filled', now - 3_600_000);
      store.db.prepare(`UPDATE fills SET time = ? WHERE client_order_id = ?`).run(bar, `co-${id}`);
      store.db.prepare(`UPDATE position_events SET time = ? WHERE client_order_id = ?`).run(bar, `co-${id}`);
    }
    const retention = new Retention({ store, clock, logger: silent, file, retentionDays: 90, maxMb: 0 });
    expect(await retention.run()).toBe(0);
    expect(count(store, 'position_events')).toBe(2);
    // Once their orders are past the cut-off, they go with them.
    await clock.advanceTo(now + 91 * DAY);
    await retention.run();
    expect(count(store, 'orders')).toBe(0);
    expect(count(store, 'position_events')).toBe(0);
    store.close();
  });

  it('prunes old audit rows in batches and never what open positions, orders in flight or the ledger need', async () => {
    const { file, store, now } = accountStore(200);
    const clock = new VirtualClock(now);
    const old = now - 100 * DAY;
    // 1,200 old discussions that led nowhere: prunable, across several batches.
    store.tx(() => {
      for (let i = 0; i < 1_200; i++) discussion(store, `old${i}`, 'AAA', old + i);
    });
    // An old round trip in BBB, closed: prunable.
    discussion(store, 'bb1', 'BBB', old);
    order(store, 'bb1', 'BBB', 'buy', 'filled', old);
    discussion(store, 'bb2', 'BBB', old + 1000);
    order(store, 'bb2', 'BBB', 'sell', 'filled', old + 1000);
    // CCC: opened 100 days ago and still open: its opening order, fill, event, verdict and opportunity stay.
    discussion(store, 'cc1', 'CCC', old);
    order(store, 'cc1', 'CCC', 'buy', 'filled', old);
    store.savePosition({ symbol: 'CCC', qty: 1, avgPrice: 10, openedAt: old, stopPrice: null, targetPrice: null, atr: null, peakPrice: 10, trailingActive: false, markPrice: 10 }, old);
    store.saveAccount({ ...store.account(), cash: 100_000 - 10 }, old);
    // DDD: an old order still in flight stays, with everything it points to.
    discussion(store, 'dd1', 'DDD', old);
    order(store, 'dd1', 'DDD', 'buy', 'submitted', old);
    // A queued opportunity is never pruned (the next start expires it); recent rows stay.
    store.insertOpportunity({ id: 'opp-queued', symbol: 'EEE', source: 'model', direction: 'long', score: 1, price: 1, reason: 'q', createdAt: old });
    discussion(store, 'recent', 'AAA', now - DAY);
    const account = store.account();

    const retention = new Retention({ store, clock, logger: silent, file, retentionDays: 90, maxMb: 0, batchRows: 200 });
    const pruned = await retention.run();

    expect(pruned).toBeGreaterThan(1_200 * 4);
    expect(retention.stats().prunedRows).toBe(pruned);
    expect(store.db.prepare(`SELECT id FROM opportunities ORDER BY id`).pluck().all()).toEqual(['opp-cc1', 'opp-dd1', 'opp-queued', 'opp-recent']);
    expect(store.db.prepare(`SELECT id FROM verdicts ORDER BY id`).pluck().all()).toEqual(['v-cc1', 'v-dd1', 'v-recent']);
    expect(store.db.prepare(`SELECT client_order_id FROM orders ORDER BY 1`).pluck().all()).toEqual(['co-cc1', 'co-dd1']);
    expect(store.db.prepare(`SELECT client_order_id FROM fills`).pluck().all()).toEqual(['co-cc1']);
    expect(store.db.prepare(`SELECT symbol FROM position_events ORDER BY 1`).pluck().all()).toEqual(['CCC']);
    expect(count(store, 'risk_decisions')).toBe(1);
    expect(count(store, 'agent_signals')).toBe(3);
    expect(store.account()).toEqual(account);
    expect(checkAccount(store.account(), store.positions()).ok).toBe(true);
    expect(store.inFlightOrders().map((o) => o.clientOrderId)).toEqual(['co-dd1']);
    // A new store hands the freed pages back to the file system.
    expect(store.db.pragma('auto_vacuum', { simple: true })).toBe(2);
    expect(store.db.pragma('freelist_count', { simple: true })).toBe(0);
    expect(await retention.run()).toBe(0);
    store.close();
  });

  it('retentionDays=0 keeps everything; retentionMaxMb prunes the oldest history while the store is larger', async () => {
    const { file, store, now } = accountStore(10);
    store.tx(() => {
      for (let i = 0; i < 4_000; i++) discussion(store, `d${i}`, 'AAA', now - 10 * DAY + i * 200_000);
    });
    const keepAll = new Retention({ store, clock: new VirtualClock(now), logger: silent, file, retentionDays: 0, maxMb: 0 });
    expect(await keepAll.run()).toBe(0);
    const usedMb = () => {
      const p = (name: string) => store.db.pragma(name, { simple: true }) as number;
      return ((p('page_count') - p('freelist_count')) * p('page_size')) / 1_048_576;
    };
    expect(usedMb()).toBeGreaterThan(1.2);
    const capped = new Retention({ store, clock: new VirtualClock(now), logger: silent, file, retentionDays: 0, maxMb: 1 });
    expect(await capped.run()).toBeGreaterThan(0);
    expect(usedMb()).toBeLessThanOrEqual(1);
    // The newest rows are the ones kept.
    const newest = store.db.prepare(`SELECT MAX(created_at) t FROM opportunities`).pluck().get() as number;
    expect(newest).toBe(now - 10 * DAY + 3_999 * 200_000);
    store.close();
  });

  it('thins the equity curve older than the cut-off to the last point of each hour, and keeps the recent curve whole', async () => {
    const { file, store, now } = accountStore(200);
    const HOUR = 3_600_000;
    const first = now - 92 * DAY + 30 * 60_000;
    // A point a minute, from half past an hour 92 days ago to now: 47.5 hours of them fall before the cut-off.
    store.tx(() => {
      for (let t = first, i = 0; t <= now; t += 60_000, i++) {
        store.db.prepare(`INSERT INTO equity_history (time, equity, cash, exposure) VALUES (?, ?, ?, ?)`).run(t, 100_000 + i, 90_000, 10_000 + i);
      }
    });
    const before = count(store, 'equity_history');
    const cutoff = now - 90 * DAY;
    const rowsBefore = (where: string) => store.db.prepare(`SELECT time, equity FROM equity_history WHERE ${where} ORDER BY time`).all(cutoff);
    const recent = rowsBefore('time >= ?');
    const retention = new Retention({ store, clock: new VirtualClock(now), logger: silent, file, retentionDays: 90, maxMb: 0, batchRows: 100 });
    const pruned = await retention.run();

    const old = store.db.prepare(`SELECT time, equity FROM equity_history WHERE time < ? ORDER BY time`).all(cutoff) as { time: number; equity: number }[];
    // The half hour the curve began in and 47 whole hours, each by its last minute, whose equity is unchanged.
    expect(old).toHaveLength(48);
    expect(old[0]!.time).toBe(Math.floor(first / HOUR) * HOUR + 59 * 60_000);
    for (const point of old) {
      expect(point.time % HOUR).toBe(59 * 60_000);
      expect(point.equity).toBe(100_000 + (point.time - first) / 60_000);
    }
    expect(rowsBefore('time >= ?')).toEqual(recent);
    expect(pruned).toBe(before - count(store, 'equity_history'));
    // The cockpit's curve still reaches back before the cut-off.
    expect(store.cockpit.equitySeries(100)[0]!.time).toBeLessThan(cutoff);
    expect(await retention.run()).toBe(0);
    store.close();
  });

  it('the daemon prunes on its own and shows the store size in the health line', async () => {
    const { kernel, clock, logs } = await virtualKernel({ CONCLAVE_RETENTION_DAYS: '1', CONCLAVE_HEALTH_INTERVAL_MS: '60000' });
    kernel.store.tx(() => {
      for (let i = 0; i < 50; i++) discussion(kernel.store, `old${i}`, 'AAA', clock.now() - 2 * DAY + i);
    });
    await kernel.start();
    await runFor(clock, 180_000);
    const health = logs.filter((l) => l.msg === 'health').at(-1)!;
    expect(health.store).toMatchObject({ sizeMb: expect.any(Number), walMb: expect.any(Number), prunedRows: 50 * 4 });
    expect((health.store as { sizeMb: number }).sizeMb).toBeGreaterThan(0);
    expect(kernel.store.db.prepare(`SELECT COUNT(*) FROM opportunities WHERE id LIKE 'opp-old%'`).pluck().get()).toBe(0);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });

  it('finds the rows it deletes by index, not by scanning the table for each order', () => {
    const { store } = accountStore(10);
    // The statements retention runs for each order and for old forward returns, as the planner would run them.
    const plan = (sql: string) => (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((r) => r.detail).join('; ');
    expect(plan(`DELETE FROM position_events WHERE client_order_id = 'co-1'`)).toMatch(/USING (COVERING )?INDEX position_events_order/);
    expect(plan(`DELETE FROM fills WHERE client_order_id = 'co-1'`)).toMatch(/USING (COVERING )?INDEX fills_order/);
    expect(plan(`SELECT f.rowid FROM forward_returns f WHERE f.known_at < 5`)).toMatch(/USING (COVERING )?INDEX forward_returns_known/);
  });
});
