import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { awaitingForwardReturns } from './awaiting-returns.js';
import { completeBefore, markCompleteBefore } from './complete-mark.js';
import { lostBeyondReason, type ForwardTracker } from './forward-tracker.js';
import { markRetiredHorizons } from './retired-horizons.js';
import { learnedStances, stancesOf } from './learned-stances.js';

/** How far before this start the next one reads again at least: a clock stepped back may date this run's verdicts earlier. */
const MARGIN_MS = 86_400_000;

/**
 * At the daemon's start: the discussed bars a previous run left without a return at a horizon wait again (read back
 * once their horizons close, or recorded lost), at the horizons followed now and, for the bars decided while they were
 * followed, at those no longer followed. A horizon new to the store (scorecardHorizonBars changed) is read back over
 * the stored stances like a downtime's bars; those beyond what the tracker holds are recorded lost, with the reason.
 * The adaptive weights, when on, learn again what the store shows they had learned, and from the bars that wait.
 */
export function resumeScorecards(store: Pick<Store, 'db' | 'tx' | 'recordLostReturn'>, tracker: ForwardTracker, logger: Logger, now: number): { read: number; waiting: number } {
  const { horizons, limit } = tracker.wants;
  const marks = markRetiredHorizons(store.db, horizons, now);
  // Only the verdicts since the last start's oldest waiting bar can lack a return (complete-mark.ts).
  const since = completeBefore(store.db, horizons, marks.retired);
  const { waiting, beyond, oldestWaitingAt, newestAt, read } = awaitingForwardReturns(store.db, horizons, limit, marks.retired, since);
  const learning = tracker.learning;
  if (learning) tracker.relearn(learnedStances(store.db, learning.horizonBars, learning.window ?? Number.MAX_SAFE_INTEGER, now));
  tracker.resume(waiting, learning ? stancesOf(store.db) : undefined);
  const reason = lostBeyondReason(limit);
  store.tx(() => {
    for (const b of beyond) for (const h of b.missing) store.recordLostReturn(b.opportunityId, h, reason, now);
    // A day's margin: a verdict this run decides under a clock stepped back (or in the start's own millisecond) is read again.
    const complete = oldestWaitingAt ?? (newestAt !== null ? newestAt + 1 : undefined);
    const before = complete !== undefined ? Math.min(complete, now - MARGIN_MS) : since;
    if (before !== undefined) markCompleteBefore(store.db, horizons, marks.retired, before);
  });
  if (marks.newlyRetired.length > 0) {
    logger.info(
      { horizons: marks.newlyRetired, followed: horizons },
      'scorecards: horizons the store holds are no longer followed (scorecardHorizonBars changed); the stances decided until now are still scored there, later ones are shown unscorable there (conclave scorecard)',
    );
  }
  if (marks.followedAgain.length > 0) logger.info({ horizons: marks.followedAgain }, 'scorecards: horizons followed again; the stances decided meanwhile are read back there');
  if (beyond.length > 0) {
    logger.warn({ waiting: waiting.length, beyond: beyond.length, reason }, 'scorecards: more discussed bars lack a return than can wait at once; the oldest are recorded lost (conclave scorecard)');
  }
  return { read, waiting: waiting.length };
}
