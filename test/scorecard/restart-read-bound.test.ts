import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../src/core/clock.js';
import { createLogger } from '../../src/core/logger.js';
import { awaitingForwardReturns } from '../../src/scorecard/awaiting-returns.js';
import { completeBefore } from '../../src/scorecard/complete-mark.js';
import { ForwardTracker, SCORECARD_HORIZONS } from '../../src/scorecard/forward-tracker.js';
import { resumeScorecards } from '../../src/scorecard/resume-scorecards.js';
import { openStore, type Store } from '../../src/store/store.js';

const MINUTE = 60_000;
const DAY = 86_400_000;
const silent = createLogger({ level: 'silent', clock: new VirtualClock() });

/** A discussed bar of AAA at `t` (its bar a minute before), with its returns at `known` of the horizons. */
function discussed(store: Store, id: string, t: number, known: readonly number[]) {
  const opportunity = { id: `opp-${id}`, symbol: 'AAA', source: 'model' as const, direction: 'long' as const, score: 1, price: 10, reason: 'test', createdAt: t, barTime: t - MINUTE };
  store.insertOpportunity(opportunity);
  store.insertDiscussion(
    {
      verdictId: `v-${id}`,
      opportunity,
      verdict: { action: 'HOLD', conviction: 0, score: 0, sizeFraction: 0, reasons: ['test'] },
      outcomes: [{ role: 'bull', status: 'ok', latencyMs: 1, signal: { stance: 0.5, confidence: 1, rationale: ['r'], metrics: {} } }],
      decidedAt: t,
    },
    1,
  );
  for (const h of known) store.recordForwardReturn(`opp-${id}`, h, 0.01, t + h * MINUTE);
}

/** `days` of a discussion a minute, every return known but those of the last `waiting` minutes. */
function history(store: Store, from: number, days: number, waiting: number, tag: string): number {
  const n = (days * DAY) / MINUTE;
  store.tx(() => {
    for (let i = 0; i < n; i++) discussed(store, `${tag}${i}`, from + i * MINUTE, i < n - waiting ? SCORECARD_HORIZONS : []);
  });
  return from + n * MINUTE;
}

const resume = (store: Store, now: number) => resumeScorecards(store, new ForwardTracker(store, silent), silent, now);

describe('a restart of a long-run store', () => {
  it('reads the verdicts since the previous start’s oldest waiting bar, not the whole retained history, and finds the same bars waiting', async () => {
    const store = openStore(join(mkdtempSync(join(tmpdir(), 'conclave-resume-')), 'conclave-paper.db'));
    const clock = new VirtualClock(Date.UTC(2026, 0, 5));
    // Ten days of discussions, the last 20 waiting for their returns when the daemon stopped.
    await clock.advanceTo(history(store, clock.now(), 10, 20, 'a'));
    const total = 10 * 1440;
    // The first start of this version reads them all, as before.
    expect(resume(store, clock.now())).toEqual({ read: total, waiting: 20 });

    // The run scores those 20, goes on three more days and stops, the last 30 bars waiting.
    store.tx(() => {
      for (let i = total - 20; i < total; i++) for (const h of SCORECARD_HORIZONS) store.recordForwardReturn(`opp-a${i}`, h, 0.01, clock.now());
    });
    await clock.advanceTo(history(store, clock.now(), 3, 30, 'b'));
    const full = awaitingForwardReturns(store.db, SCORECARD_HORIZONS, 10_000);
    const since = completeBefore(store.db, SCORECARD_HORIZONS, new Map());
    // From a day before the first start (its margin) on: 4 days, 5,760 verdicts of 18,720.
    expect(since).toBe(clock.now() - 4 * DAY);
    expect(resume(store, clock.now())).toEqual({ read: 4 * 1440, waiting: 30 });
    // Nothing is lost: the bars waiting are those a read of every verdict finds.
    expect(full.waiting).toHaveLength(30);
    expect(awaitingForwardReturns(store.db, SCORECARD_HORIZONS, 10_000, new Map(), since).waiting).toEqual(full.waiting);

    // Restarted at once: the last day, which a clock stepped back could still add to, and the bars still waiting.
    expect(resume(store, clock.now()).read).toBe(1440);

    // Other horizons: what was complete at 1, 5 and 20 bars may lack 10, so all is read again.
    const tracker = new ForwardTracker(store, silent, [1, 5, 10, 20]);
    expect(resumeScorecards(store, tracker, silent, clock.now()).read).toBe(total + 3 * 1440);
    store.close();
  });
});
