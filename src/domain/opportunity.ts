/** Something a scanner thinks is worth a discussion. */
export interface Opportunity {
  id: string;
  symbol: string;
  source: 'model' | 'news';
  /** Which way the scanner leans. */
  direction: 'long' | 'short';
  /** Signed strength; |score| above the scanner's threshold. */
  score: number;
  /** Last price when found. */
  price: number;
  reason: string;
  createdAt: number;
  /** The open time of the bar the opportunity is about (model scanner): a bar is discussed once, never twice. */
  barTime?: number;
  /**
   * What the opportunity asks the panel: an entry found by the model as momentum or mean reversion, a news catalyst,
   * or the review of a position already held ("hold or exit?"). Absent on older records: read as an entry.
   */
  kind?: OpportunityKind;
}

export type OpportunityKind = 'momentum' | 'mean-reversion' | 'news' | 'review';

/** The question a discussion answers, as the scorecards group it: a long or a short entry, or the review of a held position. */
export type Question = 'long' | 'short' | 'review';

export const QUESTIONS: readonly Question[] = ['long', 'short', 'review'];

/** How the terminal and the report page name each question, so the two say the same. */
export const QUESTION_NAMES: Readonly<Record<Question, string>> = { long: 'long entries', short: 'short entries', review: 'reviews of held positions' };

export const questionOf = (o: Pick<Opportunity, 'direction' | 'kind'>): Question => (o.kind === 'review' ? 'review' : o.direction);
