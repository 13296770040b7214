import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { PaperBroker } from '../../src/trading/paper-broker.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

describe('instrument rules', () => {
  it("round every entry to the broker's lot step for the instrument", async () => {
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    const paper = new PaperBroker({ clock, slippageBps: 5, feeBps: 10 });
    const broker = Object.assign(paper, { instrument: async () => ({ lotStep: 5, minQty: 10 }) });
    const harness = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '1.0' }, { clock, broker });
    const kernel = harness.kernel;
    await kernel.start();
    await runFor(clock, 12 * 3600_000);
    const entries = kernel.store.db.prepare(`SELECT qty FROM orders WHERE purpose = 'entry'`).all() as { qty: number }[];
    await kernel.stop();
    expect(entries.length).toBeGreaterThan(0);
    for (const { qty } of entries) {
      expect(qty).toBeGreaterThanOrEqual(10);
      expect(qty % 5).toBe(0);
    }
  });
});
