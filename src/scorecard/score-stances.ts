import { spearman } from '../core/spearman.js';

export interface AgentScorecard {
  role: string;
  /** Rows of this role (one per discussion it took part in). */
  signals: number;
  /** Signals without a stance (error, timeout, invalid). */
  abstentions: number;
  /** Stances whose forward return was not yet known at the end: excluded from the figures below. */
  pending: number;
  /** Stances with a known forward return. */
  scored: number;
  /** Scored stances with a direction (non-zero): the hit rate's denominator. */
  calls: number;
  hits: number;
  hitRate: number | null;
  /**
   * The hit rate of calls made at random with the same mix of up and down calls (share of up calls × share of the
   * calls' forward returns that were up, plus the same for down): what an agent without skill scores on these bars.
   */
  chanceHitRate: number | null;
  /** Share of scored forward returns that were up: the hit rate an always-long agent would have had. */
  upShare: number | null;
  /** Spearman rank correlation of stance with forward return over the scored stances (ties averaged). */
  spearman: number | null;
  meanStance: number | null;
}

/**
 * One role's scorecard from its stances and their forward returns (null: not known yet, the stance is pending; a null
 * stance is an abstention). The backtest report and `conclave scorecard` both score with it.
 */
export function scoreStances(role: string, items: readonly { stance: number | null; forward: number | null }[]): AgentScorecard {
  let abstentions = 0;
  let pending = 0;
  let calls = 0;
  let hits = 0;
  let ups = 0;
  let upCalls = 0;
  let callUps = 0;
  let callDowns = 0;
  let stanceSum = 0;
  let stanced = 0;
  const stances: number[] = [];
  const forwards: number[] = [];
  for (const s of items) {
    if (s.stance === null || !Number.isFinite(s.stance)) {
      abstentions++;
      continue;
    }
    stanceSum += s.stance;
    stanced++;
    const fwd = s.forward;
    if (fwd === null) {
      pending++;
      continue;
    }
    stances.push(s.stance);
    forwards.push(fwd);
    if (fwd > 0) ups++;
    if (s.stance !== 0) {
      calls++;
      if (Math.sign(s.stance) === Math.sign(fwd)) hits++;
      if (s.stance > 0) upCalls++;
      if (fwd > 0) callUps++;
      else if (fwd < 0) callDowns++;
    }
  }
  const scored = stances.length;
  return {
    role,
    signals: items.length,
    abstentions,
    pending,
    scored,
    calls,
    hits,
    hitRate: calls > 0 ? hits / calls : null,
    chanceHitRate: calls > 0 ? (upCalls * callUps + (calls - upCalls) * callDowns) / (calls * calls) : null,
    upShare: scored > 0 ? ups / scored : null,
    spearman: spearman(stances, forwards),
    meanStance: stanced > 0 ? stanceSum / stanced : null,
  };
}
