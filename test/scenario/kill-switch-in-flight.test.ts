import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/**
 * The kill switch while an entry waits in flight for its next-bar price. Bars of 5 minutes and checks every minute
 * leave an entry in flight for several checks; the daemon runs until one is, with nothing held yet.
 */
async function withEntryInFlight() {
  const h = await virtualKernel({
    CONCLAVE_MODEL_THRESHOLD: '1.0',
    CONCLAVE_SIM_BAR_MS: '300000',
    CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000',
  });
  await h.kernel.start();
  const db = h.kernel.store.db;
  const inFlight = () => db.prepare(`SELECT client_order_id id FROM orders WHERE purpose = 'entry' AND status IN ('new', 'submitted', 'partially_filled')`).all() as { id: string }[];
  for (let i = 0; i < 48 * 60 && !(inFlight().length > 0 && h.kernel.store.positions().length === 0); i++) await runFor(h.clock, 60_000);
  expect(inFlight().length).toBeGreaterThan(0);
  expect(h.kernel.store.positions()).toEqual([]);
  return Object.assign(h, { db, inFlight });
}

describe('halt and flatten with an entry in flight', () => {
  // The flatten was marked done at the first check that found no position, and the entry then filled into a
  // position that stayed open under the halt.
  it('leaves nothing open: the entry is exited when it fills (or never fills)', async () => {
    const { kernel, clock, logs, inFlight } = await withEntryInFlight();
    kernel.killSwitch.halt('flatten with an entry in flight', true);
    const haltedAt = clock.now();
    await runFor(clock, 30 * 60_000);
    expect(inFlight()).toEqual([]);
    expect(kernel.store.positions()).toEqual([]);
    expect(kernel.killSwitch.state()).toMatchObject({ halted: true, flatten: false });
    // "positions flattened" is said once, when it is true, not at every check.
    const said = logs.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('kill switch: positions flattened') && (l.time as number) >= haltedAt);
    expect(said.length).toBe(1);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });
});

describe('a halt with an entry in flight', () => {
  // The entry was decided before the halt, but no entry fills after it: it is cancelled, saying why.
  it('cancels the entry: no position opens under the halt', async () => {
    const { kernel, clock, logs, db, inFlight } = await withEntryInFlight();
    const waiting = inFlight();
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

describe('a halt in the last check interval before an entry’s price comes', () => {
  // The entry's next-bar price came with the first check after the halt, which filled it before cancelling the
  // entries in flight: 508 VRDA (about 20,000 USD) opened under the halt.
  it('cancels the entry at that check: no position opens under the halt', async () => {
    const { kernel, clock, db, inFlight } = await withEntryInFlight();
    const waiting = inFlight();
    const barMs = 300_000;
    await runFor(clock, Math.ceil((clock.now() + 1) / barMs) * barMs - 30_000 - clock.now(), 30_000);
    expect(inFlight()).toEqual(waiting);
    kernel.killSwitch.halt('operator stop');
    await runFor(clock, 30 * 60_000);
    for (const { id } of waiting) expect(db.prepare(`SELECT status FROM orders WHERE client_order_id = ?`).get(id)).toEqual({ status: 'cancelled' });
    expect(db.prepare(`SELECT COUNT(*) n FROM fills WHERE side = 'buy'`).get()).toEqual({ n: 0 });
    expect(kernel.store.positions()).toEqual([]);
    expect(kernel.trader.ledger().ok).toBe(true);
    await kernel.stop();
  });
});
