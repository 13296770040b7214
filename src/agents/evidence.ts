import { clamp } from './stats.js';

/** One piece of an agent's evidence: a signed score in [-1, 1] with a weight and the line that explains it. */
export interface Evidence {
  name: string;
  score: number;
  weight: number;
  note: string;
}

export interface Combined {
  stance: number;
  /** 1 when every piece points the same way as the stance, lower as they scatter. */
  agreement: number;
  /** Mean |score|: how loud the evidence is. */
  strength: number;
}

/** Weighted mean of the evidence; pieces that could not be computed are simply not in the list. */
export function combine(evidence: readonly Evidence[]): Combined {
  const totalWeight = evidence.reduce((s, e) => s + e.weight, 0);
  if (totalWeight <= 0) return { stance: 0, agreement: 0, strength: 0 };
  const stance = clamp(evidence.reduce((s, e) => s + e.weight * e.score, 0) / totalWeight, -1, 1);
  const spread = evidence.reduce((s, e) => s + e.weight * Math.abs(e.score - stance), 0) / totalWeight;
  const strength = evidence.reduce((s, e) => s + e.weight * Math.abs(e.score), 0) / totalWeight;
  return { stance, agreement: clamp(1 - spread, 0, 1), strength };
}

/**
 * Confidence from agreement and strength, scaled by data sufficiency: loud, consistent evidence on a full history
 * gives up to 0.95; scattered or faint evidence gives little.
 */
export function confidenceOf(c: Combined, sufficiencyFactor: number): number {
  return clamp(sufficiencyFactor * (0.15 + 0.45 * c.agreement * c.strength + 0.35 * Math.abs(c.stance)), 0, 0.95);
}

/** Each piece's score as a metric `<name>Score`, rounded to 4 decimals (a loop: Object.fromEntries was a hot spot). */
export function evidenceMetrics(evidence: readonly Evidence[]): Record<string, number> {
  const metrics: Record<string, number> = {};
  for (const e of evidence) metrics[`${e.name}Score`] = Math.round(e.score * 1e4) / 1e4;
  return metrics;
}
