import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/store.js';
import { InvariantError } from '../../src/core/errors.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

describe('the kernel', () => {
  it('before start() does nothing but hold its parts; stop() then only closes the store', async () => {
    const { kernel, logs } = await virtualKernel();
    expect(Object.values(kernel.loopStats()).every((s) => s.startedAt === null)).toBe(true);
    await kernel.stop();
    expect(kernel.store.db.open).toBe(false);
    expect(logs.some((l) => l.msg === 'conclave starting' || l.msg === 'health')).toBe(false);
    await kernel.stop();
  });

  it('starts every part, runs, and stops each once (idempotent), the store last', async () => {
    const { kernel, clock, logs } = await virtualKernel();
    await kernel.start();
    await runFor(clock, 10 * 60_000);
    const stats = kernel.loopStats();
    for (const name of ['modelScanner', 'newsScanner', 'positionMonitor', 'health', 'consumer']) expect(stats[name]!.startedAt, name).not.toBeNull();
    await Promise.all([kernel.stop(), kernel.stop()]);
    expect(kernel.store.db.open).toBe(false);
    const closing = logs.filter((l) => l.msg === 'conclave stopped; store closed');
    expect(closing).toHaveLength(1);
    expect(logs.at(-1)!.msg).toBe('conclave stopped; store closed');
  });

  it('a failing start tells the bus (fatal), stops what started and starts nothing after it; stop() then closes the store', async () => {
    const first = await virtualKernel();
    await first.kernel.start();
    await first.kernel.stop();
    const { kernel, logs } = await virtualKernel({}, {}, first.dataDir);
    kernel.store.db.prepare('UPDATE account SET cash = cash - 1 WHERE id = 1').run();
    const fatal: string[] = [];
    kernel.bus.on('fatal', (e) => void fatal.push(`${e.reason}: ${e.error}`));
    await expect(kernel.start()).rejects.toThrow(InvariantError);
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatch(/^start failed: The ledger does not hold in /);
    expect(Object.values(kernel.loopStats()).every((s) => s.startedAt === null)).toBe(true);
    expect(logs.some((l) => l.msg === 'conclave starting')).toBe(false);
    await kernel.stop();
    expect(kernel.store.db.open).toBe(false);
  });

  it('warns when its data dir holds the other mode’s store too: the two daemons share the kill switch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-test-'));
    openStore(join(dir, 'conclave-live.db')).close();
    const { kernel, logs } = await virtualKernel({}, {}, dir);
    const warning = logs.find((l) => l.level === 'warn' && typeof l.msg === 'string' && l.msg.startsWith('this data dir also holds conclave-live.db'));
    expect(warning?.msg).toMatch(/share its kill switch \(HALT\), so a halt of one halts both.*give each mode its own CONCLAVE_DATA_DIR/);
    await kernel.stop();
    const alone = await virtualKernel();
    expect(alone.logs.some((l) => typeof l.msg === 'string' && l.msg.startsWith('this data dir also holds'))).toBe(false);
    await alone.kernel.stop();
  });

  it('names the positions and orders the other mode’s store holds, which this daemon does not manage (CONCLAVE_MODE switched)', async () => {
    // A live daemon held BTC/USDT and ETH/USDT, an exit in flight; the operator switched to paper on the same data dir.
    const dir = mkdtempSync(join(tmpdir(), 'conclave-test-'));
    const live = openStore(join(dir, 'conclave-live.db'));
    live.ensureAccount(10_000, 0, '2026-01-05');
    for (const symbol of ['ETH/USDT', 'BTC/USDT']) {
      live.savePosition({ symbol, qty: 1, avgPrice: 100, openedAt: 0, stopPrice: 90, targetPrice: null, atr: null, peakPrice: 100, trailingActive: false, markPrice: 100 }, 0);
    }
    live.insertOrder({ clientOrderId: 'co-live-exit', symbol: 'BTC/USDT', side: 'sell', qty: 1, verdictId: null, status: 'submitted', purpose: 'exit', createdAt: 0 });
    live.close();
    const { kernel, logs } = await virtualKernel({}, {}, dir);
    await kernel.stop();
    const warning = logs.find((l) => l.level === 'warn' && typeof l.msg === 'string' && l.msg.startsWith('conclave-live.db holds'));
    // Before, only the shared kill switch was said: the live positions, on the exchange without a stop, were not.
    expect(warning?.msg).toMatch(/^conclave-live\.db holds 2 open positions \(BTC\/USDT, ETH\/USDT\) and 1 order in flight that this paper daemon does not manage: .*no stop of conclave.*share its kill switch/);
    expect(warning).toMatchObject({ otherMode: 'live', otherPositions: ['BTC/USDT', 'ETH/USDT'], otherOrdersInFlight: 1 });
  });
});
