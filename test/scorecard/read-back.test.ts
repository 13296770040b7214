import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LOST_GONE } from '../../src/scorecard/forward-tracker.js';
import { readScorecards } from '../../src/scorecard/scorecard-command.js';
import { runFor, virtualKernel } from '../helpers/kernel-harness.js';

/** The first run's discussed bars (up to `until`), by what the store holds of their 20-bar return. */
function twentyBars(dataDir: string, until: number): { known: number; lost: string[]; waiting: number } {
  const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
  try {
    const discussed = `FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id WHERE o.bar_time IS NOT NULL AND o.bar_time <= ?`;
    const known = db.prepare(`SELECT COUNT(*) ${discussed} AND EXISTS (SELECT 1 FROM forward_returns f WHERE f.opportunity_id = o.id AND f.horizon_bars = 20)`).pluck().get(until) as number;
    const lost = db.prepare(`SELECT l.reason ${discussed.replace('WHERE', 'JOIN forward_returns_lost l ON l.opportunity_id = o.id AND l.horizon_bars = 20 WHERE')}`).pluck().all(until) as string[];
    const all = db.prepare(`SELECT COUNT(*) ${discussed}`).pluck().get(until) as number;
    return { known, lost, waiting: all - known - lost.length };
  } finally {
    db.close();
  }
}

/** Runs the daemon 15 minutes, stops it for `downMs`, runs it again 5 minutes; the first run's newest discussed bar. */
async function restartAfter(downMs: number) {
  // Scans read 60 one-minute bars (the simulation keeps 250); a low threshold discusses most symbols on most scans.
  const env = { CONCLAVE_MODEL_THRESHOLD: '0.05', CONCLAVE_SCAN_BARS: '60', CONCLAVE_LOG_LEVEL: 'info' };
  const first = await virtualKernel(env);
  await first.kernel.start();
  await runFor(first.clock, 15 * 60_000);
  await first.kernel.stop();
  const db = new Database(join(first.dataDir, 'conclave-paper.db'), { readonly: true });
  const until = db.prepare(`SELECT MAX(bar_time) FROM opportunities`).pluck().get() as number;
  db.close();
  await first.clock.advance(downMs);
  const second = await virtualKernel(env, { clock: first.clock }, first.dataDir);
  await second.kernel.start();
  await runFor(first.clock, 5 * 60_000);
  await second.kernel.stop();
  return { dataDir: first.dataDir, until, logs: second.logs, before: twentyBars(first.dataDir, until) };
}

describe('discussed bars that left the scan’s window while the daemon was down', () => {
  it('are read back and scored after a restart when the market still keeps their bars', async () => {
    const run = await restartAfter(120 * 60_000);
    const after = twentyBars(run.dataDir, run.until);
    // Before, the bars a 2-hour downtime pushed out of the scan’s 60 were forgotten, pending at every horizon for good.
    expect(after.known).toBeGreaterThan(0);
    expect(after).toEqual({ known: after.known, lost: [], waiting: 0 });
    expect(run.logs.some((l) => String(l.msg).startsWith('scorecards: discussed bars that left the scan’s window were read back and scored'))).toBe(true);
  });

  it('are recorded lost, with the reason, when the market no longer keeps their bars, and the scorecard says so', async () => {
    const run = await restartAfter(400 * 60_000);
    const after = twentyBars(run.dataDir, run.until);
    expect(after.waiting).toBe(0);
    expect(after.lost.length).toBeGreaterThan(0);
    expect(new Set(after.lost)).toEqual(new Set([LOST_GONE]));
    const db = new Database(join(run.dataDir, 'conclave-paper.db'), { readonly: true });
    const chief = readScorecards(db).find((r) => r.horizonBars === 20 && r.symbol === 'all' && r.question === 'all' && r.role === 'chief')!;
    db.close();
    expect(chief.unscorable).toBeGreaterThan(0);
    expect(chief.unscorableReasons).toEqual({ [LOST_GONE]: chief.unscorable });
  });
});
