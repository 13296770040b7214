import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Agent, AgentRole } from '../../src/agents/agent-port.js';
import type { AgentSignal } from '../../src/domain/verdict.js';
import { StoreLock, StoreLockedError } from '../../src/store/store-lock.js';
import { openStore } from '../../src/store/store.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

describe('a write the storage refuses', () => {
  it('is reported by the store (disk full), an ordinary error is not', () => {
    const failures: unknown[] = [];
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'conclave-full-')), 'conclave-paper.db'), {
      onStorageFailure: (e) => failures.push(e),
    });
    store.ensureAccount(1000, 0, '1970-01-01');
    store.insertOrder({ clientOrderId: 'co-1', verdictId: null, symbol: 'A', side: 'buy', qty: 1, status: 'new', purpose: 'entry', createdAt: 0 });
    expect(() =>
      store.insertOrder({ clientOrderId: 'co-1', verdictId: null, symbol: 'A', side: 'buy', qty: 1, status: 'new', purpose: 'entry', createdAt: 0 }),
    ).toThrow(/UNIQUE/);
    expect(failures).toEqual([]);
    // The injected fault: SQLite may not grow the file any more, as on a full disk.
    store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    expect(() =>
      store.tx(() => {
        for (let i = 0; i < 2_000; i++) store.markNewsSeen(`n-${i}-${'x'.repeat(200)}`, i);
      }),
    ).toThrow(/database or disk is full/);
    expect(failures.length).toBeGreaterThan(0);
    expect((failures[0] as { code: string }).code).toBe('SQLITE_FULL');
    store.close();
  });

  it('halts entries in the daemon and raises its fatal alarm', async () => {
    const { kernel, clock, logs } = await virtualKernel({ CONCLAVE_MODEL_THRESHOLD: '0.5' });
    await kernel.start();
    await runFor(clock, 2 * 3600_000);
    kernel.store.db.pragma(`max_page_count = ${kernel.store.db.pragma('page_count', { simple: true }) as number}`);
    for (let i = 0; i < 48 && !kernel.fatal.raised; i++) await runFor(clock, 3600_000);
    const alarm = kernel.fatal.raised!;
    expect(alarm.reason).toMatch(/a write to the store .*conclave-paper\.db failed: database or disk is full/);
    expect(alarm.action).toMatch(/free space/);
    const raisedAt = logs.length;
    await runFor(clock, 3600_000);
    // No entry after the alarm: every buy verdict is refused by the risk gate as halted (or fails to be written).
    expect(logs.slice(raisedAt).filter((l) => l.msg === 'order' && l.side === 'buy' && l.status === 'filled')).toEqual([]);
    await kernel.stop().catch(() => undefined);
  }, 60_000);
});

describe('the store lock', () => {
  it('admits one holder at a time, names it, and is free again once released', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'conclave-lock-')), 'conclave-paper.db');
    const first = StoreLock.acquire(file, Date.UTC(2026, 0, 5), join(file, '..'));
    let refused: unknown;
    try {
      StoreLock.acquire(file, Date.UTC(2026, 0, 6), join(file, '..'));
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(StoreLockedError);
    expect((refused as StoreLockedError).owner).toMatchObject({ pid: process.pid, startedAt: '2026-01-05T00:00:00.000Z' });
    expect((refused as Error).message).toMatch(/already running on this store: pid \d+ on host .*, started 2026-01-05/);
    first.release();
    StoreLock.acquire(file, Date.UTC(2026, 0, 7), join(file, '..')).release();
  });

  it("leaves no temporary file when its owner's record cannot be written", () => {
    const dir = mkdtempSync(join(tmpdir(), 'conclave-lock-'));
    const file = join(dir, 'conclave-paper.db');
    // The record is written to a temporary file, then renamed over conclave-paper.owner: a folder there refuses the
    // rename, as a full disk refuses the write, after the temporary file exists.
    mkdirSync(join(dir, 'conclave-paper.owner'));
    writeFileSync(join(dir, 'conclave-paper.owner', 'keep'), '');
    StoreLock.acquire(file, Date.UTC(2026, 0, 5), dir).release();
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });
});

describe('shutdown with producers waiting on a full queue', () => {
  it('leaves no opportunity "queued" in the store', async () => {
    const roles: AgentRole[] = ['bull', 'bear', 'analyst', 'scout', 'riskDoctor'];
    // Agents that answer only at their deadline: the consumer falls behind and the scanners wait for room.
    const slow = (role: AgentRole): Agent => ({
      role,
      analyze: (_context, signal) => new Promise<AgentSignal>((_resolve, reject) => signal.addEventListener('abort', () => reject(new Error('deadline')))),
    });
    const { kernel, clock, dataDir } = await virtualKernel(
      { CONCLAVE_QUEUE_CAPACITY: '1', CONCLAVE_QUEUE_OVERFLOW: 'wait', CONCLAVE_CONSUMER_CONCURRENCY: '1', CONCLAVE_MODEL_THRESHOLD: '0.1' },
      { agents: roles.map(slow) },
    );
    await kernel.start();
    for (let i = 0; i < 60 && kernel.queue.stats().waitingProducers === 0; i++) await clock.advance(1000);
    expect(kernel.queue.stats().waitingProducers).toBeGreaterThan(0);
    const stopped = kernel.stop();
    let done = false;
    stopped.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 100 && !done; i++) await clock.advance(500);
    await stopped;
    const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
    const statuses = db.prepare(`SELECT status, COUNT(*) n FROM opportunities GROUP BY status`).all() as { status: string; n: number }[];
    db.close();
    expect(statuses.find((s) => s.status === 'expired')?.n ?? 0).toBeGreaterThan(0);
    expect(statuses.filter((s) => s.status === 'queued')).toEqual([]);
  });
});
