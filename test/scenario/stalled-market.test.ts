import { describe, expect, it } from 'vitest';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

describe('market data that stops advancing while its source still answers', () => {
  it('turns the daemon "stalled" in /healthz and the health line, and the systemd watchdog pings stop until it moves again', async () => {
    let frozenAt: number | null = null;
    let now = () => 0;
    // A source that answers every call but, once frozen, keeps returning the same last bars: alive, not working.
    const market: MarketData = {
      name: 'freezing-exchange',
      symbols: () => ['NOVA'],
      bars: async (_symbol, limit) => {
        const end = Math.floor((frozenAt ?? now()) / MIN) - 1;
        return Array.from({ length: limit }, (_, i): Bar => {
          const time = (end - limit + 1 + i) * MIN;
          return { time, open: 10, high: 10.1, low: 9.9, close: 10, volume: 100 };
        });
      },
      price: async () => 10,
    };
    const sent: string[] = [];
    // systemd's WatchdogSec=20s: a ping every 10 s.
    process.env.WATCHDOG_USEC = '20000000';
    const { kernel, clock, logs } = await virtualKernel(
      { CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000' },
      { market, sdNotify: async (state: string) => void sent.push(state) },
    );
    delete process.env.WATCHDOG_USEC;
    now = () => clock.now();
    await kernel.start();
    await runFor(clock, 10 * MIN);
    expect(kernel.liveness()).toMatchObject({ ok: true, stalled: [] });
    const pingsWhileWorking = sent.filter((s) => s === 'WATCHDOG=1').length;
    expect(pingsWhileWorking).toBeGreaterThanOrEqual(55);

    frozenAt = clock.now();
    await runFor(clock, 10 * MIN);
    const stalled = kernel.liveness();
    expect(stalled.ok).toBe(false);
    expect(stalled.stalled).toEqual(['market']);
    expect(stalled.stale).toEqual([]);
    const health = logs.filter((l) => l.msg === 'health').at(-1) as { stalled: string[] };
    expect(health.stalled).toEqual(['market']);
    const pingsAtStall = sent.filter((s) => s === 'WATCHDOG=1').length;
    await runFor(clock, 10 * MIN);
    expect(sent.filter((s) => s === 'WATCHDOG=1').length).toBe(pingsAtStall);
    expect(logs.some((l) => String(l.msg).startsWith('not pinging the systemd watchdog'))).toBe(true);

    frozenAt = null;
    await runFor(clock, 2 * MIN);
    expect(kernel.liveness().ok).toBe(true);
    await runFor(clock, 2 * MIN);
    expect(sent.filter((s) => s === 'WATCHDOG=1').length).toBeGreaterThan(pingsAtStall);
    await kernel.stop();
    expect(sent[0]).toBe('READY=1');
    expect(sent.at(-1)).toBe('STOPPING=1');
  });
});
