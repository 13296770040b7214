// What a discussion produces: each agent's signal, its recorded outcome, and the chief's verdict.

/** The risk doctor's recommendations; other agents leave it out. */
export interface RiskAdvice {
  /** True when risk is too high to enter. */
  veto: boolean;
  /** Recommended fraction of equity for a position, in [0, 1]. */
  fraction: number;
  /** Recommended stop distance as a fraction of price (0.03 = 3 %). */
  stopDistance: number;
}

export interface AgentSignal {
  /** -1 (strongly bearish) .. 1 (strongly bullish). */
  stance: number;
  /** 0 .. 1. */
  confidence: number;
  rationale: string[];
  metrics: Record<string, number>;
  risk?: RiskAdvice;
}

/** What the discussion recorded for one agent. */
export interface AgentOutcome {
  role: string;
  status: 'ok' | 'error' | 'timeout' | 'invalid';
  signal?: AgentSignal;
  error?: string;
  latencyMs: number;
}

export type Action = 'BUY' | 'SELL' | 'HOLD';

export interface Verdict {
  action: Action;
  /** 0 .. 1. */
  conviction: number;
  /** Aggregate score in [-1, 1]. */
  score: number;
  /** Fraction of equity to commit, 0 for HOLD and SELL. */
  sizeFraction: number;
  /** Stop price, when an entry. */
  stop?: number;
  /** Target price, when an entry. */
  target?: number;
  /**
   * When an entry: the average true range as a fraction of price (0.02 = 2 %), from the agent that advises on risk.
   * The trader gives the position its ATR in price units from it, for the ATR stop; trading reads nothing else of the panel.
   */
  atrFraction?: number;
  reasons: string[];
  /** Which of the chief's rules decided (see VERDICT_RULES): what a tally of verdicts groups by. */
  rule?: VerdictRule;
  /** The hypothesis the discussion answered, and whether the panel accepted it. */
  hypothesis?: VerdictHypothesis;
}

/**
 * The chief's rule that decided a verdict, each with what it means to a reader (the backtest's decision tally and the
 * metrics label by it). In the order the chief applies them.
 */
export const VERDICT_RULES = {
  quorum: 'too few agents answered (quorum)',
  noConfidence: 'no agent expressed any confidence',
  conflict: 'confident agents on both sides (conflict)',
  reviewNotHeld: 'review of a position no longer held',
  reviewExit: 'the panel turned against a held position: exit',
  reviewKeep: 'the panel keeps a held position',
  shortNotBacked: 'short hypothesis not backed by the panel',
  shortNothingHeld: 'short hypothesis backed, but nothing held to sell',
  shortExit: 'short hypothesis backed: exit the held position',
  longNotBacked: 'long hypothesis not backed by the panel (score below buyThreshold)',
  noRiskAdvice: 'long backed, but no risk advice (no stop, no size)',
  riskVeto: 'long backed, but the risk doctor vetoed it',
  lowConviction: 'long backed, but conviction below minConviction',
  noExposure: 'long backed, but the risk doctor recommends no exposure',
  costs: 'long backed, but the expected move does not clear costMultiple × round-trip costs',
  noPrice: 'long backed, but no valid reference price',
  buy: 'long backed: buy',
} as const;

export type VerdictRule = keyof typeof VERDICT_RULES;

export interface VerdictHypothesis {
  label: string;
  question: 'enter' | 'review';
  direction: 'long' | 'short';
  kind: string;
  score: number;
  accepted: boolean;
}
