import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';
import { storeFile } from '../../src/kernel/kernel.js';
import { ownerFileOf, StoreLock } from '../../src/store/store-lock.js';

function status(dataDir: string, env: Record<string, string>, json = true) {
  const r = spawnSync(process.execPath, ['bin/conclave.js', 'status', ...(json ? ['--json'] : [])], { env: Object.assign({ PATH: process.env.PATH ?? '', CONCLAVE_DATA_DIR: dataDir }, env), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

type Position = { symbol: string; stopLevel: number | null; stopRule: string | null };
const levels = (positions: Position[]) => Object.fromEntries(positions.map((p) => [p.symbol, `${p.stopRule} ${p.stopLevel}`]));

describe('conclave status beside a running daemon whose settings were edited since its start', () => {
  it('shows the levels the daemon judges, and names the edited settings that wait for its next start', async () => {
    const { kernel, clock, dataDir, config } = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '0.5' });
    // The store's lock, as runDaemon takes it: who holds it is how status knows a daemon runs.
    const lock = StoreLock.acquire(storeFile(config), clock.now(), dataDir);
    await kernel.start();
    try {
      for (let i = 0; i < 30 && kernel.store.positions().length === 0; i++) await runFor(clock, 10 * 60_000);
      expect(kernel.store.positions().length).toBeGreaterThan(0);
      // The operator turns a trailing stop on in the environment file, and asks status before restarting.
      const edited = { CONCLAVE_TRAILING_STOP_PCT: '0.002', CONCLAVE_TRAILING_ACTIVATION_PCT: '0' };
      const shown = JSON.parse(status(dataDir, edited)) as { positions: Position[]; pendingSettings?: unknown };
      // Before, it showed trailing stops the running daemon does not judge by.
      expect(levels(shown.positions)).toEqual(levels(kernel.status().positions as Position[]));
      expect(shown.positions.every((p) => p.stopRule !== 'trailing_stop')).toBe(true);
      expect(shown.pendingSettings).toMatchObject({
        settings: [
          { key: 'trailingStopPct', running: 0, configured: 0.002 },
          { key: 'trailingActivationPct', running: 0.02, configured: 0 },
        ],
      });
      expect(status(dataDir, edited, false)).toMatch(
        /levels of the daemon running since \S+, which judges by trailingStopPct 0 \(configured: 0\.002\), trailingActivationPct 0\.02 \(configured: 0\): the configured values apply from its next start/,
      );
      // With the settings it runs with, nothing is pending.
      expect(JSON.parse(status(dataDir, {}))).not.toHaveProperty('pendingSettings');
    } finally {
      await kernel.stop();
      lock.release();
    }
    // Stopped (its process gone: the lock's record names a pid that has exited), status shows what the next start judges by.
    const owner = ownerFileOf(storeFile(config));
    writeFileSync(owner, JSON.stringify(Object.assign(JSON.parse(readFileSync(owner, 'utf8')) as object, { pid: spawnSync('true').pid })));
    const next = JSON.parse(status(dataDir, { CONCLAVE_TRAILING_STOP_PCT: '0.002', CONCLAVE_TRAILING_ACTIVATION_PCT: '0' })) as { positions: Position[] };
    expect(next).not.toHaveProperty('pendingSettings');
    expect(next.positions.every((p) => p.stopRule === 'trailing_stop')).toBe(true);
  }, 120_000);
});
