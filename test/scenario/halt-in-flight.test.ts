import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/**
 * A halt (without flatten) while an entry waits in flight for its next-bar price: the entry was decided before the
 * halt, but no entry fills after it; it is cancelled, saying why. Bars of 5 minutes and checks every minute leave an
 * entry in flight for several checks.
 */
describe('a halt with an entry in flight', () => {
  it('cancels the entry: no position opens under the halt', async () => {
    const { kernel, clock, logs } = await virtualKernel({
      CONCLAVE_MODEL_THRESHOLD: '1.0',
      CONCLAVE_SIM_BAR_MS: '300000',
      CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000',
    });
    await kernel.start();
    const db = kernel.store.db;
    const inFlight = () => db.prepare(`SELECT client_order_id id FROM orders WHERE purpose = 'entry' AND status IN ('new', 'submitted', 'partially_filled')`).all() as { id: string }[];
    for (let i = 0; i < 48 * 60 && !(inFlight().length > 0 && kernel.store.positions().length === 0); i++) await runFor(clock, 60_000);
    const waiting = inFlight();
    expect(waiting.length).toBeGreaterThan(0);
    expect(kernel.store.positions()).toEqual([]);

    kernel.killSwitch.halt('operator stop');
    const haltedAt = clock.now();
    await runFor(clock, 30 * 60_000);
    expect(inFlight()).toEqual([]);
    for (const { id } of waiting) {
      expect(db.prepare(`SELECT status, reason FROM orders WHERE client_order_id = ?`).get(id)).toMatchObject({ status: 'cancelled', reason: expect.stringMatching(/^kill switch: operator stop: /) as unknown });
    }
    expect(db.prepare(`SELECT COUNT(*) n FROM fills WHERE side = 'buy' AND time >= ?`).get(haltedAt)).toEqual({ n: 0 });
    expect(kernel.store.positions()).toEqual([]);
    expect(logs.some((l) => l.msg === 'kill switch: entries decided before the halt and still waiting for their price were cancelled')).toBe(true);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });
});
