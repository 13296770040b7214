import type { Db } from '../store/database.js';

/** A stored stance and its forward return at the learner's horizon, realised by the time a run starts. */
export interface LearnedStance {
  role: string;
  stance: number;
  forward: number;
}

/**
 * What the adaptive weights had learned when the daemon stopped: per role, the newest `window` stances whose forward
 * return at `horizon` the store holds, realised at or before `now`, oldest first, in the order they were realised
 * (forward_returns' rowid is the order the tracker wrote them, and taught them, in). Before, a restart forgot it all:
 * every role went back to its base weight until 30 new stances were scored, and the daemon decided otherwise than an
 * uninterrupted run for weeks of daily bars after each restart.
 */
export function learnedStances(db: Db, horizon: number, window: number, now: number): LearnedStance[] {
  const rows = db
    .prepare(
      `SELECT s.role, s.stance, f.forward_return FROM forward_returns f
       JOIN verdicts v ON v.opportunity_id = f.opportunity_id JOIN agent_signals s ON s.verdict_id = v.id
       WHERE f.horizon_bars = ? AND f.known_at <= ? AND s.status = 'ok' AND s.stance IS NOT NULL
       ORDER BY f.rowid DESC, s.id DESC`,
    )
    .raw();
  const kept = new Map<string, number>();
  const newestFirst: LearnedStance[] = [];
  for (const [role, stance, forward] of rows.iterate(horizon, now) as IterableIterator<[string, number, number]>) {
    const n = kept.get(role) ?? 0;
    if (n >= window) continue;
    kept.set(role, n + 1);
    newestFirst.push({ role, stance, forward });
  }
  return newestFirst.reverse();
}

/** The stances of an opportunity's discussion (abstentions left out), for a bar a restart resumes waiting for. */
export function stancesOf(db: Db): (opportunityId: string) => { role: string; stance: number }[] {
  const statement = db.prepare(
    `SELECT s.role, s.stance FROM agent_signals s JOIN verdicts v ON v.id = s.verdict_id
     WHERE v.opportunity_id = ? AND s.status = 'ok' AND s.stance IS NOT NULL ORDER BY s.id`,
  );
  return (opportunityId) => statement.all(opportunityId) as { role: string; stance: number }[];
}
