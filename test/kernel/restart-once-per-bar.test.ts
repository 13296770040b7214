import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/** Per symbol, the newest bar a model opportunity was discussed on, and the bars discussed more than once. */
function readStore(dataDir: string): { newest: Map<string, number>; twice: unknown[]; unscored: number } {
  const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
  try {
    const model = `FROM opportunities WHERE source = 'model' AND status = 'discussed'`;
    const newest = db.prepare(`SELECT symbol, MAX(bar_time) AS bar ${model} GROUP BY symbol`).all() as { symbol: string; bar: number }[];
    const twice = db.prepare(`SELECT symbol, bar_time, COUNT(*) AS n ${model} GROUP BY symbol, bar_time HAVING n > 1`).all();
    // Discussed model bars with no 1-bar forward return: at most those whose next bar had not closed at the stop.
    const unscored = db
      .prepare(`SELECT COUNT(*) FROM opportunities o WHERE source = 'model' AND status = 'discussed' AND NOT EXISTS (SELECT 1 FROM forward_returns f WHERE f.opportunity_id = o.id AND f.horizon_bars = 1)`)
      .pluck()
      .get() as number;
    return { newest: new Map(newest.map((r) => [r.symbol, r.bar])), twice, unscored };
  } finally {
    db.close();
  }
}

/** Discussed model bars up to `until` (the first run's newest) that still have no 1-bar forward return. */
function readStoreAt(dataDir: string, until: number): number {
  const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
  try {
    return db
      .prepare(`SELECT COUNT(*) FROM opportunities o WHERE source = 'model' AND status = 'discussed' AND bar_time <= ? AND NOT EXISTS (SELECT 1 FROM forward_returns f WHERE f.opportunity_id = o.id AND f.horizon_bars = 1)`)
      .pluck()
      .get(until) as number;
  } finally {
    db.close();
  }
}

describe('a restart of the daemon', () => {
  it('does not discuss again the bars the run before it discussed (a bar is discussed once, live too), and scores those it left waiting', async () => {
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
    // The bars left waiting for their forward returns at the stop were scored by the next run (they were lost with
    // the first run's memory, "pending" in every scorecard for good); only the last minutes' bars still wait.
    expect(before.unscored).toBeGreaterThan(0);
    const stillWaiting = readStoreAt(first.dataDir, (before.newest.size ? Math.max(...before.newest.values()) : 0));
    expect(stillWaiting).toBe(0);
    // It went on deciding on the bars that closed after the restart.
    expect([...after.newest].some(([symbol, bar]) => bar > (before.newest.get(symbol) ?? -Infinity))).toBe(true);
  });
});
