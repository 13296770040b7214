import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/** Per symbol, the newest bar a model opportunity was discussed on, and the bars discussed more than once. */
function readStore(dataDir: string): { newest: Map<string, number>; twice: unknown[] } {
  const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
  try {
    const model = `FROM opportunities WHERE source = 'model' AND status = 'discussed'`;
    const newest = db.prepare(`SELECT symbol, MAX(bar_time) AS bar ${model} GROUP BY symbol`).all() as { symbol: string; bar: number }[];
    const twice = db.prepare(`SELECT symbol, bar_time, COUNT(*) AS n ${model} GROUP BY symbol, bar_time HAVING n > 1`).all();
    return { newest: new Map(newest.map((r) => [r.symbol, r.bar])), twice };
  } finally {
    db.close();
  }
}

describe('a restart of the daemon', () => {
  it('does not discuss again the bars the run before it discussed (a bar is discussed once, live too)', async () => {
    // A low threshold: most symbols publish on most scans, so the newest bar of each was discussed at the stop.
    const env = { CONCLAVE_MODEL_THRESHOLD: '0.05', CONCLAVE_LOG_LEVEL: 'warn' };
    const first = await virtualKernel(env);
    await first.kernel.start();
    await runFor(first.clock, 15 * 60_000);
    await first.kernel.stop();
    const before = readStore(first.dataDir);
    expect(before.newest.size).toBeGreaterThan(0);
    expect(before.twice).toEqual([]);
    // Started again at once: the bars are the same, the newest of each symbol already discussed.
    const second = await virtualKernel(env, { clock: first.clock }, first.dataDir);
    await second.kernel.start();
    await runFor(first.clock, 5 * 60_000);
    await second.kernel.stop();
    const after = readStore(first.dataDir);
    expect(after.twice).toEqual([]);
    // It went on deciding on the bars that closed after the restart.
    expect([...after.newest].some(([symbol, bar]) => bar > (before.newest.get(symbol) ?? -Infinity))).toBe(true);
  });
});
