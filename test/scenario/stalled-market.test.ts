import { describe, expect, it } from 'vitest';
import type { Bar, MarketData } from '../../src/market/market-port.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const MIN = 60_000;

/** A source that answers every call but, once `freeze` is called, keeps returning the same last bars: alive, not working. */
function freezingMarket(now: () => number): { market: MarketData; freeze: (frozen: boolean) => void } {
  let frozenAt: number | null = null;
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
  return { market, freeze: (frozen) => void (frozenAt = frozen ? now() : null) };
}

describe('market data that stops advancing while its source still answers', () => {
  it('turns the daemon "stalled" in /healthz and the health line, and the systemd watchdog pings stop until it moves again', async () => {
    let now = () => 0;
    const { market, freeze } = freezingMarket(() => now());
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

    freeze(true);
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

    freeze(false);
    await runFor(clock, 2 * MIN);
    expect(kernel.liveness().ok).toBe(true);
    await runFor(clock, 2 * MIN);
    expect(sent.filter((s) => s === 'WATCHDOG=1').length).toBeGreaterThan(pingsAtStall);
    await kernel.stop();
    expect(sent[0]).toBe('READY=1');
    expect(sent.at(-1)).toBe('STOPPING=1');
  });

  it('without systemd, exits (the fatal alarm, exit 1) once it has not worked for stallExitMs, and calls that off when it works again in time', async () => {
    let now = () => 0;
    const { market, freeze } = freezingMarket(() => now());
    const { kernel, clock, logs } = await virtualKernel({ CONCLAVE_MODEL_SCAN_INTERVAL_MS: '60000', CONCLAVE_STALL_EXIT_MS: '120000' }, { market, sdNotify: null });
    now = () => clock.now();
    await kernel.start();
    await runFor(clock, 10 * MIN);
    expect(kernel.fatal.raised).toBeNull();

    // A stall shorter than stallExitMs: said, then called off.
    freeze(true);
    await runFor(clock, 5 * MIN, 15_000);
    expect(kernel.liveness().stalled).toEqual(['market']);
    freeze(false);
    await runFor(clock, 5 * MIN, 15_000);
    expect(kernel.liveness().ok).toBe(true);
    expect(kernel.fatal.raised).toBeNull();
    const stallLogs = logs.filter((l) => l.component === 'stall-exit').map((l) => String(l.msg));
    expect(stallLogs).toEqual([expect.stringContaining('alive but not working; it exits (code 1)'), 'the daemon is working again; the stall exit is called off']);

    let raisedAt: number | null = null;
    kernel.fatal.on(() => void (raisedAt = clock.now()));
    freeze(true);
    const frozenAt = clock.now();
    await runFor(clock, 10 * MIN, 15_000);
    const raised = kernel.fatal.raised;
    expect(raised?.reason).toMatch(/^the daemon has been alive but not working for \d+ s \(stalled: market\)$/);
    expect(raised?.action).toContain('--restart unless-stopped');
    // Seen within a check of the market's stall (three bar lengths), raised stallExitMs later, within a check.
    const seen = logs.filter((l) => l.component === 'stall-exit').at(-1)!.time as number;
    expect(seen - frozenAt).toBeLessThanOrEqual(4 * MIN + 15_000);
    expect(raisedAt! - seen).toBeGreaterThanOrEqual(120_000);
    expect(raisedAt! - seen).toBeLessThanOrEqual(135_000);
    await kernel.stop();
  });
});
