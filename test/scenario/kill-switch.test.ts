import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

describe('the kill switch', () => {
  it('blocks entries and flattens open positions, and resume lifts it', async () => {
    const { kernel, clock } = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0', CONCLAVE_MAX_HOLD_MS: '0' });
    await kernel.start();
    const db = kernel.store.db;
    for (let i = 0; i < 48 && kernel.store.positions().length === 0; i++) await runFor(clock, 3600_000);
    expect(kernel.store.positions().length).toBeGreaterThan(0);

    kernel.killSwitch.halt('test halt', true);
    const haltedAt = clock.now();
    await runFor(clock, 2 * 60_000);
    expect(kernel.store.positions()).toEqual([]);
    expect(kernel.killSwitch.state()).toMatchObject({ halted: true, flatten: false });
    // The audit trail says the operator closed them, not the chief: their fills' reason is 'flatten'.
    const exits = db.prepare(`SELECT DISTINCT reason FROM fills WHERE side = 'sell' AND time >= ?`).pluck().all(haltedAt);
    expect(exits).toEqual(['flatten']);

    await runFor(clock, 12 * 3600_000);
    const entriesAfter = db.prepare(`SELECT COUNT(*) n FROM orders WHERE purpose = 'entry' AND created_at > ?`).get(haltedAt) as { n: number };
    expect(entriesAfter.n).toBe(0);
    const rejected = db.prepare(`SELECT COUNT(*) n FROM risk_decisions WHERE rule = 'kill_switch' AND time > ?`).get(haltedAt) as { n: number };
    expect(rejected.n).toBeGreaterThan(0);

    kernel.killSwitch.resume();
    const resumedAt = clock.now();
    for (let i = 0; i < 48 && kernel.store.positions().length === 0; i++) await runFor(clock, 3600_000);
    const entriesResumed = db.prepare(`SELECT COUNT(*) n FROM orders WHERE purpose = 'entry' AND created_at > ?`).get(resumedAt) as { n: number };
    expect(entriesResumed.n).toBeGreaterThan(0);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });
});
