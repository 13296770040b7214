import type { AgentScorecard } from '../../scorecard/score-stances.js';
import type { Question } from '../../domain/opportunity.js';

/**
 * The shape of report.json. Every number is a plain JSON number rounded to 12 significant digits (see
 * `report-number.ts`); a figure that has no value (a Sharpe ratio of a flat curve, a win rate with no trade) is null.
 * Fractions are fractions (0.05 is 5 %); money is in the account's currency.
 */
export interface BacktestReport {
  name: string;
  span: ReportSpan;
  settings: ReportSettings;
  summary: PerformanceSummary;
  buyAndHold: PerformanceSummary;
  symbols: SymbolReport[];
  agents: AgentScorecard[];
  /** The same scorecards for each question asked (long and short entries, reviews of held positions), in that order. */
  agentsByQuestion: { question: Question; agents: AgentScorecard[] }[];
  openPositions: OpenPositionReport[];
  /** The coin-flip baseline, added by the baseline runs; absent when none was run. */
  baseline?: BaselineReport;
  /** What the verdicts decided and why, and what the risk gate made of the entries (absent when not recorded). */
  decisions?: DecisionReport;
  /** `--walk-forward K`: every figure above is then out of sample (folds 2..K stitched); absent otherwise. */
  walkForward?: WalkForwardReport;
  /** The liquidity cap (maxVolumeShare) and what it did (absent when not recorded). */
  liquidity?: LiquidityReport;
  /** What `conclave backtest` warned of on the terminal (the files, the settings, the run); absent when nothing. */
  warnings?: string[];
}

export interface LiquidityReport {
  /** maxVolumeShare as configured: an entry buys at most this share of its symbol's mean volume (0: no cap). */
  maxVolumeShare: number;
  /** Closed bars that mean is taken over, the latest known when the entry is decided. */
  volumeBars: number;
  /** Entries cut to the cap, and refused by it (the risk gate's max_volume_share, also in decisions). */
  entriesClamped: number;
  entriesRefused: number;
  /** Exits above the cap, sold in full all the same (exits are never held back). */
  exitsOverCap: number;
  /** Symbols whose bars carry no volume (an FX file's 0s): their entries were not capped. */
  noVolume: string[];
}

export interface ReportSpan {
  /** ISO 8601 UTC of the first and last equity rows (bar-close times); null with no rows. */
  from: string | null;
  to: string | null;
  /** Equity rows (calendar steps). */
  steps: number;
  /** Steps per year measured from the rows' timestamps; null with fewer than two rows. */
  periodsPerYear: number | null;
  /** Years the returns cover: steps / periodsPerYear (the start counts as one step before the first row). */
  years: number | null;
}

export interface ReportSettings {
  startingCash: number;
  feeBps: number;
  slippageBps: number;
  /** What the market fills paid of it on average (bps of the open met, by notional; null without any): capped by each bar's range. */
  slippagePaidBps: number | null;
  scorecardHorizonBars: number;
  /** maxDrawdown as configured: equity this far below its peak refuses every entry. */
  maxDrawdownLimit: number;
  /** The recorded news the run read (--news as given), or null: the scout saw no news. */
  news: string | null;
}

export interface PerformanceSummary {
  startEquity: number;
  endEquity: number;
  totalReturn: number;
  cagr: number | null;
  volatility: number | null;
  sharpe: number | null;
  sortino: number | null;
  /** The deepest fall from a running peak, as a non-positive fraction (-0.25: a quarter below the peak). */
  maxDrawdown: number;
  /** The longest run of consecutive equity rows below their running peak (time under water, in rows). */
  maxDrawdownBars: number;
  calmar: number | null;
  /** Closed round trips. */
  trades: number;
  winRate: number | null;
  profitFactor: number | null;
  /** Mean net PnL of winning and of losing round trips (avgLoss is negative). */
  avgWin: number | null;
  avgLoss: number | null;
  /** Mean share of equity held in positions over the rows. */
  exposure: number;
  fees: number;
  /** Traded value over mean equity, for the whole run. */
  turnover: number;
  /** Closed round trips' fees over their PnL before fees; null when that is no profit. */
  feesToGross: number | null;
}

export interface SymbolReport {
  symbol: string;
  file: string;
  /** The IANA zone the file's clock times written without one were read in (--times-in); absent: UTC. */
  timesIn?: string;
  /**
   * true when its intraday clock times carry no zone and no --times-in named one: read as UTC, which puts a US
   * exchange's export (New York time) 4 or 5 hours early against UTC and the other files; absent otherwise.
   */
  zonelessTimes?: true;
  /** The offset ahead of UTC its file writes its times at (`+09:00`), when it does; its times here are UTC all the same. */
  utcOffset?: string;
  /**
   * Its bars filled in flat, no range and no volume, among bars that trade (market/filler-bars.ts: a closed market's
   * hours written out as bars, as Dukascopy does); absent when none. The page's symbol head says it beside the bars.
   */
  fillerBars?: number;
  barMs: number;
  bars: number;
  /** Bars before the span the agents could read (history before --from). */
  historyBars: number;
  rejected: number;
  quarantined: number;
  /**
   * Quarantined rows after the file's last usable bar, in the span: from when (ISO 8601 UTC), how many, of which kind.
   * The run has no bar of the file from then on, so a real move there (a crash the size of a split) is in no figure.
   */
  quarantinedTail?: { from: string; rows: number; code: string };
  /** ISO 8601 UTC open time of the first and last bar; null without bars. */
  firstBar: string | null;
  lastBar: string | null;
  trades: number;
  /** Net PnL of closed round trips (fees included). */
  pnl: number;
  /** Open position's PnL at the last close, net of the fees paid to open it (0 when flat). */
  unrealizedPnl: number;
  winRate: number | null;
  fees: number;
  /** This symbol alone bought at its first open (slippage and fee paid) and held to its last close. */
  buyAndHoldReturn: number | null;
}

export interface OpenPositionReport {
  symbol: string;
  qty: number;
  avgPrice: number;
  openedAt: string;
  lastClose: number;
  /** When that close was made: before the run's end when the symbol's file has no usable bar after it. */
  lastCloseAt: string;
  marketValue: number;
  /** At the last close, net of the fees paid to open it. */
  unrealizedPnl: number;
}

export interface Percentiles {
  p10: number | null;
  p50: number | null;
  p90: number | null;
}

export interface BaselineReport {
  seeds: number;
  sharpe: Percentiles;
  totalReturn: Percentiles;
  /** Where the panel's Sharpe falls in the seeds' distribution, 0..1. */
  panelPercentile: number | null;
  /** Each seed's figures, in seed order: what the percentiles and the panel's place are read from. */
  runs?: BaselineRun[];
}

export interface BaselineRun {
  seed: number;
  /** As the percentiles count it: 0 for a seed that never traded, null with no figure at all. */
  sharpe: number | null;
  totalReturn: number;
}

/** `--walk-forward K`: the folds, the grid tried on past folds, and what each out-of-sample fold ran with and made. */
export interface WalkForwardReport {
  folds: number;
  /** How parameters were chosen: the grid's values and the criterion (the training span's Sharpe). */
  grid: { buyThreshold: number[]; costMultiple: number[]; criterion: 'sharpe' };
  /** Fold 1: training only. `from`/`to` are its steps' close times; `firstBar`/`lastBar` its bars' open times. */
  trainingOnly: { from: string; to: string; steps: number; firstBar?: string; lastBar?: string };
  /** Folds 2..K, out of sample. */
  outOfSample: WalkForwardFold[];
}

export interface WalkForwardFold {
  fold: number;
  /** Close times of the fold's first and last steps (the equity rows). */
  from: string;
  to: string;
  /** Open times of the fold's first and last bars, as --from and --to name bars (what the summary and page show). */
  firstBar?: string;
  lastBar?: string;
  steps: number;
  /** The span the parameters were chosen on (the folds before this one). */
  trainedFrom: string;
  trainedTo: string;
  parameters: { buyThreshold: number; costMultiple: number };
  trainingSharpe: number | null;
  totalReturn: number;
  sharpe: number | null;
  maxDrawdown: number;
  trades: number;
  fees: number;
}

/** Why the run traded as it did: the verdicts by action and by the chief's rule that decided, then the risk gate. */
export interface DecisionReport {
  verdicts: number;
  buy: number;
  sell: number;
  hold: number;
  /** Each rule that decided at least one verdict, in the order the chief applies its rules. */
  rules: { rule: string; label: string; action: string; count: number }[];
  riskGate: {
    judged: number;
    accepted: number;
    clamped: number;
    rejected: number;
    /** Each risk rule that clamped or rejected an entry, most frequent first (then by name). */
    rules: { rule: string; count: number }[];
  };
}
