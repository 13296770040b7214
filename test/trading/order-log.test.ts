import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

describe('the order log line', () => {
  it('carries a fill\'s quantity, price, fee, market time and reason, as the store records them', async () => {
    const { kernel, clock, logs } = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '0.5' });
    await kernel.start();
    for (let i = 0; i < 24 && kernel.store.db.prepare('SELECT COUNT(*) FROM fills').pluck().get() === 0; i++) await runFor(clock, 3600_000);
    const stored = kernel.store.db.prepare('SELECT client_order_id AS id, qty, price, fee, time, reason FROM fills ORDER BY rowid LIMIT 1').get() as
      | { id: string; qty: number; price: number; fee: number; time: number; reason: string }
      | undefined;
    await kernel.stop();
    expect(stored).toBeDefined();
    const line = logs.find((l) => l.msg === 'order' && l.clientOrderId === stored!.id && l.fill !== undefined);
    expect(line).toBeDefined();
    expect(line!.fill).toEqual({ qty: stored!.qty, price: stored!.price, fee: stored!.fee, at: new Date(stored!.time).toISOString(), reason: stored!.reason });
  });
});
