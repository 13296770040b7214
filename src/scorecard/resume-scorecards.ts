import type { Logger } from '../core/logger.js';
import type { Store } from '../store/store.js';
import { awaitingForwardReturns } from './awaiting-returns.js';
import { lostBeyondReason, type ForwardTracker } from './forward-tracker.js';
import { markRetiredHorizons } from './retired-horizons.js';
import { learnedStances, stancesOf } from './learned-stances.js';

/**
 * At the daemon's start: the discussed bars a previous run left without a return at a horizon wait again (read back
 * once their horizons close, or recorded lost), at the horizons followed now and, for the bars decided while they were
 * followed, at those no longer followed. A horizon new to the store (scorecardHorizonBars changed) is read back over
 * the stored stances like a downtime's bars; those beyond what the tracker holds are recorded lost, with the reason.
 * The adaptive weights, when on, learn again what the store shows they had learned, and from the bars that wait.
 */
export function resumeScorecards(store: Pick<Store, 'db' | 'tx' | 'recordLostReturn'>, tracker: ForwardTracker, logger: Logger, now: number): void {
  const { horizons, limit } = tracker.wants;
  const marks = markRetiredHorizons(store.db, horizons, now);
  const { waiting, beyond } = awaitingForwardReturns(store.db, horizons, limit, marks.retired);
  const learning = tracker.learning;
  if (learning) tracker.relearn(learnedStances(store.db, learning.horizonBars, learning.window ?? Number.MAX_SAFE_INTEGER, now));
  tracker.resume(waiting, learning ? stancesOf(store.db) : undefined);
  const reason = lostBeyondReason(limit);
  store.tx(() => {
    for (const b of beyond) for (const h of b.missing) store.recordLostReturn(b.opportunityId, h, reason, now);
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
}
