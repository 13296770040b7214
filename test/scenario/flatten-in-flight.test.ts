import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/**
 * "Halt and flatten" asked while an entry waits in flight for its next-bar price: the flatten was marked done at the
 * first check that found no position, and the entry then filled into a position that stayed open under the halt.
 * Bars of 5 minutes and checks every minute leave an entry in flight for several checks.
 */
describe('halt and flatten with an entry in flight', () => {
  it('leaves nothing open: the entry is exited when it fills (or never fills)', async () => {
    const { kernel, clock, logs } = await virtualKernel({
      CONCLAVE_MODEL_THRESHOLD: '1.0',
      CONCLAVE_SIM_BAR_MS: '300000',
      CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000',
    });
    await kernel.start();
    const db = kernel.store.db;
    const inFlight = () => db.prepare(`SELECT COUNT(*) n FROM orders WHERE purpose = 'entry' AND status IN ('new', 'submitted', 'partially_filled')`).get() as { n: number };
    for (let i = 0; i < 48 * 60 && !(inFlight().n > 0 && kernel.store.positions().length === 0); i++) await runFor(clock, 60_000);
    expect(inFlight().n).toBeGreaterThan(0);
    expect(kernel.store.positions()).toEqual([]);

    kernel.killSwitch.halt('flatten with an entry in flight', true);
    const haltedAt = clock.now();
    await runFor(clock, 30 * 60_000);
    expect(inFlight().n).toBe(0);
    expect(kernel.store.positions()).toEqual([]);
    expect(kernel.killSwitch.state()).toMatchObject({ halted: true, flatten: false });
    // "positions flattened" is said once, when it is true, not at every check.
    const said = logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('kill switch: positions flattened') && (l.time as number) >= haltedAt);
    expect(said.length).toBe(1);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });
});
