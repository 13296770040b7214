import type { Db } from '../store/database.js';
import { deleteMeta, hasMeta, setMeta } from '../store/store-meta.js';

/**
 * Scorecard horizons the daemon no longer follows (`scorecardHorizonBars` changed between runs), and since when: the
 * stances decided before are still scored there (read back), those after have no return there by design. Without the
 * mark, `conclave scorecard` showed every later stance `pending` at the old horizon for good. Kept in store_meta.
 */
const PREFIX = 'scorecard_horizon_retired:';

/** Why a stance has no return at a horizon no longer followed (a scorecard's unscorable reason). */
export function notFollowedReason(horizon: number, since: number): string {
  return `decided after ${new Date(since).toISOString()}, when scorecardHorizonBars stopped asking for ${horizon} bars: set it back to ${horizon} to score them`;
}

/** The horizons no longer followed, each with the time it stopped being followed (none in a store without meta). */
export function retiredHorizons(db: Db): Map<number, number> {
  if (!hasMeta(db)) return new Map();
  const rows = db.prepare(`SELECT key, value FROM store_meta WHERE key LIKE ?`).all(`${PREFIX}%`) as { key: string; value: string }[];
  return new Map(rows.map((r) => [Number(r.key.slice(PREFIX.length)), Number(r.value)]));
}

/**
 * At the daemon's start: marks as no longer followed, from `now`, each horizon the store holds returns at that
 * `followed` lacks, and unmarks those followed again (their stances since are then read back like any other).
 * Returns the marks, and what changed, for the log.
 */
export function markRetiredHorizons(db: Db, followed: readonly number[], now: number): { retired: Map<number, number>; newlyRetired: number[]; followedAgain: number[] } {
  const retired = retiredHorizons(db);
  const followedAgain = followed.filter((h) => retired.has(h));
  for (const h of followedAgain) {
    deleteMeta(db, `${PREFIX}${h}`);
    retired.delete(h);
  }
  const stored = db.prepare(`SELECT DISTINCT horizon_bars FROM forward_returns UNION SELECT DISTINCT horizon_bars FROM forward_returns_lost`).pluck().all() as number[];
  const newlyRetired = stored.filter((h) => !followed.includes(h) && !retired.has(h)).sort((a, b) => a - b);
  for (const h of newlyRetired) {
    setMeta(db, `${PREFIX}${h}`, String(now));
    retired.set(h, now);
  }
  return { retired, newlyRetired, followedAgain };
}
