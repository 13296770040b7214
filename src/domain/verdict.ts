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
  /** The hypothesis the discussion answered, and whether the panel accepted it. */
  hypothesis?: VerdictHypothesis;
}

export interface VerdictHypothesis {
  label: string;
  question: 'enter' | 'review';
  direction: 'long' | 'short';
  kind: string;
  score: number;
  accepted: boolean;
}
