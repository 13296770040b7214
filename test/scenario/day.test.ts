import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { AGENT_ROLES } from '../../src/agents/registry.js';
import { storeFile } from '../../src/kernel/kernel.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const DAY = 24 * 3600_000;

describe('a simulated day on the virtual clock', () => {
  it('runs every loop on schedule and turns opportunities into verdicts, trades and audit rows', async () => {
    const { kernel, clock, config, logs } = await virtualKernel();
    const wall = Date.now();
    await kernel.start();
    await runFor(clock, DAY);
    const ledgerBeforeStop = kernel.trader.ledger();
    await kernel.stop();
    const elapsed = Date.now() - wall;

    const expected = (interval: number) => Math.floor(DAY / interval) + 1;
    const loops = Object.fromEntries(Object.entries(kernel.loops).map(([n, l]) => [n, l.stats()]));
    expect(loops.modelScanner!.runs).toBe(expected(config.modelScanIntervalMs));
    expect(loops.newsScanner!.runs).toBe(expected(config.newsScanIntervalMs));
    expect(loops.positionMonitor!.runs).toBe(expected(config.positionCheckIntervalMs));
    expect(loops.health!.runs).toBe(expected(config.healthIntervalMs));
    for (const [name, s] of Object.entries(loops)) expect(s.errors, `${name} errors: ${s.lastError}`).toBe(0);

    const healthLines = logs.filter((l) => l.msg === 'health');
    expect(healthLines).toHaveLength(expected(config.healthIntervalMs));
    const last = healthLines.at(-1)!;
    for (const key of ['uptimeS', 'queue', 'loops', 'eventLoopDelayMs', 'memory', 'discussions', 'positions', 'equity']) expect(last).toHaveProperty(key);
    expect(last.uptimeS).toBe(DAY / 1000);

    const db = new Database(storeFile(config), { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const opportunities = count('SELECT COUNT(*) n FROM opportunities');
    const verdicts = count('SELECT COUNT(*) n FROM verdicts');
    expect(opportunities).toBeGreaterThan(50);
    expect(count("SELECT COUNT(*) n FROM opportunities WHERE source = 'news'")).toBeGreaterThan(0);
    expect(count("SELECT COUNT(*) n FROM opportunities WHERE status = 'discussed'")).toBe(verdicts);
    expect(verdicts).toBe(opportunities - count("SELECT COUNT(*) n FROM opportunities WHERE status IN ('expired', 'dropped')"));
    expect(count('SELECT COUNT(*) n FROM agent_signals')).toBe(verdicts * AGENT_ROLES.length);
    expect(count("SELECT COUNT(*) n FROM verdicts WHERE action = 'BUY'")).toBeGreaterThan(0);
    const orders = count('SELECT COUNT(*) n FROM orders');
    expect(orders).toBeGreaterThan(2);
    expect(count("SELECT COUNT(*) n FROM orders WHERE purpose = 'exit'")).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) n FROM fills')).toBeGreaterThanOrEqual(count("SELECT COUNT(*) n FROM orders WHERE status = 'filled'"));
    expect(count('SELECT COUNT(*) n FROM position_events')).toBe(count('SELECT COUNT(*) n FROM fills'));
    expect(count('SELECT COUNT(*) n FROM risk_decisions')).toBeGreaterThan(0);
    expect(count('SELECT COUNT(*) n FROM positions')).toBeLessThanOrEqual(config.maxOpenPositions);
    db.close();

    // The ledger held through the day, and the run took seconds, not a day.
    expect(ledgerBeforeStop.ok).toBe(true);
    expect(elapsed).toBeLessThan(60_000);
  });

  it('gives the same run for the same seed', async () => {
    const summary = async () => {
      const { kernel, clock } = await virtualKernel({ CONCLAVE_SIM_SEED: '7' });
      await kernel.start();
      await runFor(clock, 6 * 3600_000);
      const rows = kernel.store.db.prepare('SELECT symbol, action, round(conviction, 9) c FROM verdicts ORDER BY decided_at, id').all();
      const fills = kernel.store.db.prepare('SELECT symbol, side, qty, price FROM fills ORDER BY id').all();
      await kernel.stop();
      return { rows, fills };
    };
    const [a, b] = [await summary(), await summary()];
    expect(a.rows.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
  });
});
