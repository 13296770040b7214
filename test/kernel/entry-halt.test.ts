import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { total, parsePrometheusText } from '../helpers/prom-text.js';
import { runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';

const kernels: Harness[] = [];
afterEach(async () => {
  for (const h of kernels.splice(0)) {
    await h.kernel.stop();
    rmSync(h.dataDir, { recursive: true, force: true });
  }
});

const lastHealth = (h: Harness) => h.logs.filter((l) => l.msg === 'health').at(-1)!;
const haltedGauge = async (h: Harness) => total(parsePrometheusText((await h.kernel.metrics.render()).body), 'conclave_halted');

describe('whether new entries are halted, and why: one answer for /status, the health line and /metrics', () => {
  it('a fatal alarm halts entries in all three, and the refusals name it, not the kill switch', async () => {
    const h = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0', CONCLAVE_MAX_HOLD_MS: '0' });
    kernels.push(h);
    await h.kernel.start();
    await runFor(h.clock, 60_000);
    expect(h.kernel.status()).toMatchObject({ halted: false, halt: null });
    expect(await haltedGauge(h)).toBe(0);

    const at = h.clock.now();
    h.kernel.fatal.raise({ reason: 'the store file was deleted', action: 'restore the store from a backup, then start again' });
    expect(await haltedGauge(h)).toBe(1);
    // /status (and the cockpit that loads it) said not halted while the health line and /metrics said halted.
    expect(h.kernel.status()).toMatchObject({ halted: true, halt: { reason: expect.stringMatching(/^the daemon is stopping on a fatal condition \(the store file was deleted\)/) } });
    await runFor(h.clock, 3 * 3_600_000);
    // The line says by what, so `conclave health` does not give the kill switch's advice for it.
    expect(lastHealth(h)).toMatchObject({ halted: true, haltCause: 'fatal', killSwitch: false });
    expect(h.kernel.status()).toMatchObject({ halt: { cause: 'fatal' } });
    const refused = h.kernel.store.db.prepare(`SELECT reason FROM risk_decisions WHERE rule = 'entries_halted' AND time > ?`).all(at) as { reason: string }[];
    expect(refused.length).toBeGreaterThan(0);
    // Not "kill switch is on: ... until `conclave resume`": no resume lifts a fatal condition.
    for (const r of refused) expect(r.reason).toMatch(/^the daemon is stopping on a fatal condition \(the store file was deleted\)/);
  }, 60_000);

  it('the kill switch still halts in all three, with its own reason', async () => {
    const h = await virtualKernel();
    kernels.push(h);
    await h.kernel.start();
    h.kernel.killSwitch.halt('operator test');
    await runFor(h.clock, 60_000);
    expect(h.kernel.status()).toMatchObject({ halted: true, halt: { cause: 'kill_switch', reason: 'operator test' } });
    expect(lastHealth(h)).toMatchObject({ halted: true, haltCause: 'kill_switch', killSwitch: true });
    expect(await haltedGauge(h)).toBe(1);
    h.kernel.killSwitch.resume();
    expect(h.kernel.status()).toMatchObject({ halted: false, halt: null });
    expect(await haltedGauge(h)).toBe(0);
  }, 60_000);
});
