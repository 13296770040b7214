import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/core/logger.js';
import { ForwardTracker, lostBeyondReason } from '../../src/scorecard/forward-tracker.js';
import { resumeScorecards } from '../../src/scorecard/resume-scorecards.js';
import { notFollowedReason } from '../../src/scorecard/retired-horizons.js';
import { formatScorecards, readScorecards, type ScorecardRow } from '../../src/scorecard/scorecard-command.js';
import { openStore } from '../../src/store/store.js';
import { runFor, virtualKernel, type Harness } from '../helpers/kernel-harness.js';

// Scans read 60 one-minute bars (the simulation keeps 250); a low threshold discusses most symbols on most scans.
const env = (horizon: string) => ({ CONCLAVE_MODEL_THRESHOLD: '0.05', CONCLAVE_SCAN_BARS: '60', CONCLAVE_SCORECARD_HORIZON_BARS: horizon });

/** Runs the daemon `minutes` at `horizon`, on `earlier`'s clock and store when given. */
async function run(horizon: string, minutes: number, earlier?: Harness): Promise<Harness> {
  const started = await virtualKernel(env(horizon), earlier ? { clock: earlier.clock } : {}, earlier?.dataDir);
  // The harness's own clock is a new one: a later run goes on on the first run's.
  const h = Object.assign(started, { clock: earlier?.clock ?? started.clock });
  await h.kernel.start();
  await runFor(h.clock, minutes * 60_000);
  await h.kernel.stop();
  return h;
}

function chiefCards(dataDir: string): { rows: ScorecardRow[]; text: string; verdicts: { decidedAt: number }[] } {
  const db = new Database(join(dataDir, 'conclave-paper.db'), { readonly: true });
  try {
    const rows = readScorecards(db);
    const verdicts = db.prepare(`SELECT v.decided_at decidedAt FROM verdicts v JOIN opportunities o ON o.id = v.opportunity_id WHERE COALESCE(o.bar_time, v.basis_bar_time) IS NOT NULL`).all() as { decidedAt: number }[];
    return { rows: rows.filter((r) => r.symbol === 'all' && r.question === 'all' && r.role === 'chief'), text: formatScorecards(rows), verdicts };
  } finally {
    db.close();
  }
}

describe('a scorecard horizon changed between runs of the daemon', () => {
  it('no longer followed: the stances decided while it was are scored there, later ones are unscorable with the reason, none pending for good', async () => {
    const first = await run('10', 15);
    const switched = first.clock.now();
    const second = await run('5', 30, first);
    const cards = chiefCards(first.dataDir);
    const ten = cards.rows.find((r) => r.horizonBars === 10)!;
    const before = cards.verdicts.filter((v) => v.decidedAt < switched).length;
    const after = cards.verdicts.length - before;
    expect(before).toBeGreaterThan(20);
    expect(after).toBeGreaterThan(20);
    // Before, every stance of the second run waited at 10 bars for good (165 of 189 pending): none is written there.
    expect({ scored: ten.scored, pending: ten.pending, unscorable: ten.unscorable }).toEqual({ scored: before, pending: 0, unscorable: after });
    expect(ten.unscorableReasons).toEqual({ [notFollowedReason(10, switched)]: after });
    expect(cards.text).toContain(`10 bars: ${after} discussed bars cannot be scored (${after}: ${notFollowedReason(10, switched)})`);
    expect(second.logs.some((l) => String(l.msg).startsWith('scorecards: horizons the store holds are no longer followed'))).toBe(true);

    // Followed again: the stances decided meanwhile are read back there, and only the newest wait.
    const third = await run('10', 20, second);
    const again = chiefCards(first.dataDir).rows.find((r) => r.horizonBars === 10)!;
    expect(again.unscorable).toBe(0);
    expect(again.pending).toBeLessThan(after / 2);
    expect(again.scored).toBe(again.signals - again.pending);
    expect(third.logs.some((l) => String(l.msg).startsWith('scorecards: horizons followed again'))).toBe(true);
  }, 120_000);

  it('new: the stored stances are read back at it, and those beyond what can wait are recorded lost with the reason', async () => {
    const first = await run('5', 15);
    // What a restart at 10 bars does, with room for 20 bars to wait (the daemon's is 10 000).
    const store = openStore(join(first.dataDir, 'conclave-paper.db'));
    const logger = createLogger({ level: 'silent', clock: first.clock });
    const tracker = new ForwardTracker(store, logger, [1, 5, 10, 20], 20);
    resumeScorecards(store, tracker, logger, first.clock.now());
    store.close();
    const cards = chiefCards(first.dataDir);
    const ten = cards.rows.find((r) => r.horizonBars === 10)!;
    expect(cards.verdicts.length).toBeGreaterThan(40);
    // Before, only the newest 20 verdicts were looked at: the older ones were pending at 10 bars for good.
    expect(tracker.size).toBe(20);
    expect({ pending: ten.pending, unscorable: ten.unscorable }).toEqual({ pending: 20, unscorable: cards.verdicts.length - 20 });
    expect(ten.unscorableReasons).toEqual({ [lostBeyondReason(20)]: cards.verdicts.length - 20 });
  }, 60_000);

  it('new: after a restart at it, the earlier run’s stances are scored there', async () => {
    const first = await run('5', 15);
    const switched = first.clock.now();
    await run('10', 30, first);
    const cards = chiefCards(first.dataDir);
    const ten = cards.rows.find((r) => r.horizonBars === 10)!;
    const before = cards.verdicts.filter((v) => v.decidedAt < switched).length;
    // Pending: only the second run’s last 10 minutes.
    expect(ten.scored).toBeGreaterThanOrEqual(before);
    expect(ten.unscorable).toBe(0);
    expect(ten.pending).toBeLessThan(cards.verdicts.length - before);
  }, 60_000);
});
