/**
 * The question a discussion answers. A model or news opportunity proposes a direction ("ORCL will rise: momentum");
 * the review of a held position asks whether to keep it. Agents keep one stance convention (positive = evidence for
 * being long), and read it against the hypothesis: support = stance × the hypothesis's sign, so +0.4 on a short
 * hypothesis contradicts it. The chief accepts or rejects the hypothesis, never answers a question nobody asked.
 */
import type { Opportunity, OpportunityKind } from '../domain/opportunity.js';

export interface Hypothesis {
  /** 'enter': the price will move `direction`; 'review': the held position should be kept (long). */
  question: 'enter' | 'review';
  direction: 'long' | 'short';
  kind: OpportunityKind;
  /** The scanner's signed score (the model's t-statistic or z-score, the news sentiment); 0 for a review. */
  score: number;
  /** +1 for long, −1 for short: support = stance × sign. */
  sign: 1 | -1;
  /** "ORCL long (momentum, score +1.52)". */
  label: string;
}

const signed = (x: number): string => (x >= 0 ? '+' : '') + x.toFixed(2);

export function hypothesisOf(o: Readonly<Opportunity>): Hypothesis {
  const kind: OpportunityKind = o.kind ?? (o.source === 'news' ? 'news' : 'momentum');
  const question = kind === 'review' ? 'review' : 'enter';
  const direction = question === 'review' ? 'long' : o.direction;
  const label = question === 'review'
    ? `${o.symbol}: keep the open long position`
    : `${o.symbol} ${direction} (${kind}, score ${signed(o.score)})`;
  return { question, direction, kind, score: question === 'review' ? 0 : o.score, sign: direction === 'long' ? 1 : -1, label };
}

/** How far a long-convention stance supports the hypothesis, in [-1, 1]. */
export function supportOf(hypothesis: Hypothesis, stance: number): number {
  return hypothesis.sign * stance;
}

/** The agent's answer to the question, as a rationale line. */
export function supportLine(hypothesis: Hypothesis, stance: number): string {
  const support = supportOf(hypothesis, stance);
  const reading = support >= 0.2 ? 'supports' : support <= -0.2 ? 'contradicts' : 'neither supports nor contradicts';
  return `hypothesis ${hypothesis.label}: my evidence ${reading} it (support ${signed(support)})`;
}
