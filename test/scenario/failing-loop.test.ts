import { describe, expect, it } from 'vitest';
import type { MarketData } from '../../src/market/market-port.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

describe('a loop whose source keeps failing', () => {
  it('is logged and counted every iteration, goes on, and turns stale in /healthz while the others stay fresh', async () => {
    let calls = 0;
    const dead: MarketData = {
      name: 'dead-exchange',
      symbols: () => ['NOVA', 'HELX'],
      bars: async () => {
        calls++;
        throw new Error('connect ECONNREFUSED 127.0.0.1:9');
      },
      price: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:9');
      },
    };
    const { kernel, clock, config, logs } = await virtualKernel({}, { market: dead });
    await kernel.start();
    await runFor(clock, 2 * config.modelScanIntervalMs);
    expect(kernel.liveness().ok).toBe(true); // within three intervals of its start
    await runFor(clock, 2 * config.modelScanIntervalMs);
    const liveness = kernel.liveness();
    const stats = kernel.loops.modelScanner.stats();
    await kernel.stop();

    expect(liveness.ok).toBe(false);
    expect(liveness.stale).toEqual(['modelScanner']);
    expect(stats.runs).toBe(5);
    expect(stats.errors).toBe(5);
    expect(stats.lastError).toMatch(/every one of 2 fetches from dead-exchange failed/);
    expect(calls).toBe(10);
    const failures = logs.filter((l) => l.msg === 'modelScanner iteration failed; the loop goes on');
    expect(failures).toHaveLength(5);
    // A source down is a known condition: said by its cause and what follows, not as a bug's stack trace.
    const err = failures[0]!.err;
    expect(typeof err).toBe('string');
    expect(err).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(err).toMatch(/tried again at the next scan/);
    const health = logs.filter((l) => l.msg === 'health').at(-1) as { loops: Record<string, { errors: number }> };
    expect(health.loops.modelScanner!.errors).toBe(5);
    expect(health.loops.positionMonitor!.errors).toBe(0);
  });
});

describe('a consumer that stops making progress', () => {
  it('is fresh while idle, and a source that never answers cannot hold it', async () => {
    const hung: MarketData = {
      name: 'hung-exchange',
      symbols: () => ['NOVA'],
      bars: () => new Promise(() => undefined),
      price: () => new Promise(() => undefined),
    };
    const { kernel, clock } = await virtualKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '3600000' }, { market: hung });
    await kernel.start();
    await runFor(clock, 60_000);
    expect(kernel.loopStats().consumer!.lastOkAt).toBe(clock.now());
    expect(kernel.liveness().stale).not.toContain('consumer');

    const opportunity = { id: 'opp-1', symbol: 'NOVA', source: 'model' as const, direction: 'long' as const, score: 3, price: 10, reason: 'test', createdAt: clock.now() };
    kernel.store.insertOpportunity(opportunity);
    await kernel.queue.put(opportunity);
    // Each stuck fetch is cut at the deadline, so the opportunity fails (recorded) instead of holding the worker.
    await runFor(clock, 12_000, 500);
    expect(kernel.consumer.stats().failed).toBe(1);
    expect(kernel.store.db.prepare(`SELECT status FROM opportunities WHERE id = 'opp-1'`).get()).toEqual({ status: 'failed' });
    await kernel.stop();
  });
});
