import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

const EA = path.resolve(process.cwd(), '../shared/data/ohlcv/yfinance__EA-15m-no-bad-divs.csv');
const MIN = 60_000;

describe('a replay that has shown the last bar of its files', () => {
  it('holds them without calling itself stalled: /healthz stays ok and the systemd watchdog pings go on', async () => {
    const sent: string[] = [];
    process.env.WATCHDOG_USEC = '20000000';
    // An hour of the file's history per second of clock: its week of 15-minute bars ends within 4 minutes.
    const { kernel, clock, logs } = await virtualKernel(
      { CONCLAVE_MARKET_SOURCE: 'replay', CONCLAVE_REPLAY_FILES: JSON.stringify([{ file: EA, symbol: 'EA' }]), CONCLAVE_REPLAY_SPEED: '3600', CONCLAVE_REPLAY_WARMUP_BARS: '100', CONCLAVE_NEWS_SOURCE: 'sim' },
      { sdNotify: async (state: string) => void sent.push(state) },
    );
    delete process.env.WATCHDOG_USEC;
    try {
      await kernel.start();
      // The file's longest pause (a weekend, 56 hours) is the longest a live market may pause: run well past it.
      await runFor(clock, 3 * 24 * 60 * MIN, 10 * MIN);
      const health = logs.filter((l) => l.msg === 'health').at(-1) as { replayExhausted: string[]; stalled: string[] };
      expect(health.replayExhausted).toEqual(['EA']);
      // Its data no longer advances, past three bars and the file's longest pause: the end, not a stall.
      expect(kernel.marketProgress.state().newestBarAt).toBe(Date.parse('2026-06-03T18:15:00Z'));
      expect(kernel.liveness()).toMatchObject({ ok: true, stalled: [] });
      expect(health.stalled).toEqual([]);
      const pings = sent.filter((s) => s === 'WATCHDOG=1').length;
      await runFor(clock, 10 * MIN);
      expect(sent.filter((s) => s === 'WATCHDOG=1').length).toBeGreaterThan(pings);
    } finally {
      await kernel.stop();
    }
  });
});
