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
    const { kernel, clock, config, logs } = virtualKernel({}, { market: dead });
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
    const health = logs.filter((l) => l.msg === 'health').at(-1) as { loops: Record<string, { errors: number }> };
    expect(health.loops.modelScanner!.errors).toBe(5);
    expect(health.loops.positionMonitor!.errors).toBe(0);
  });
});
