import type { QuarantinedTail } from './load-series.js';
import type { Bar } from '../market/market-port.js';
import type { Action, VerdictRule } from '../domain/verdict.js';
import type { FillReason } from '../domain/order.js';
import type { Question } from '../domain/opportunity.js';

/**
 * What a backtest run hands to its report: everything the report needs, nothing it must look up. The run produces
 * it from its store and calendar; the report (metrics, scorecards, files, page) is a pure function of it, so the
 * same record always gives byte-identical files.
 */
export interface BacktestRecord {
  /** The run's name (the default output folder's name). */
  name: string;
  startingCash: number;
  /** Fee and slippage as configured, in basis points (for the report's notes). */
  feeBps: number;
  slippageBps: number;
  /** The quantity step orders are rounded down to (config lotStep): buy-and-hold's too. Absent: unrounded. */
  lotStep?: number;
  /** Forward-return horizon of the scorecards, in bars of each symbol. */
  scorecardHorizonBars: number;
  /** The drawdown from the peak at which the risk gate refuses entries (config maxDrawdown), for the report's notes. */
  maxDrawdownLimit: number;
  /** Each symbol's bars inside the run's span (after --from/--to), oldest first, as validated. */
  symbols: BacktestSymbol[];
  /** One row per calendar step (each distinct bar-close time of any symbol), oldest first. */
  equity: EquityRow[];
  /** Every fill of the run, in the order they happened. */
  fills: BacktestFill[];
  /** Every agent's signal and the chief's, one row per (discussion, role). */
  signals: BacktestSignal[];
  /** Positions still open at the end, marked at their symbol's last close (never closed silently). */
  openPositions: OpenPositionRow[];
  /** What each verdict decided and by which of the chief's rules, and what the risk gate made of each entry. */
  decisions?: DecisionRecord;
  /** The recorded news the run read (--news as given); absent: none, the scout saw no news. */
  news?: string;
  /** The liquidity cap as configured and what it saw beyond the risk gate's clamps (absent when not recorded). */
  liquidity?: LiquidityRecord;
  /** What the command warned of (the files, the settings, the run), as it said them; absent when nothing. */
  warnings?: string[];
}

export interface LiquidityRecord {
  /** maxVolumeShare as configured (0: off). */
  maxVolumeShare: number;
  /** Symbols whose bars carry no volume: their entries were not capped. */
  noVolume: string[];
  /** Exits sold above the cap (never held back). */
  exitsOverCap: number;
}

export interface DecisionRecord {
  /** One per verdict, in the order their opportunities were published. */
  verdicts: { action: Action; rule: VerdictRule | null }[];
  /** One per entry the risk gate judged. */
  riskGate: { outcome: 'accepted' | 'clamped' | 'rejected'; rule: string | null }[];
}

export interface BacktestSymbol {
  symbol: string;
  file: string;
  /** The zone its clock times written without one were read in (--times-in); absent: UTC. */
  timesIn?: string;
  /** Its intraday clock times carry no zone and no --times-in named one: read as UTC. */
  zonelessTimes?: true;
  /** How far ahead of UTC the file writes its times (+09:00: 32,400,000), when it does: its days begin that much earlier. */
  offsetAheadMs?: number;
  /** The file's bar length in ms (its typical spacing). */
  barMs: number;
  bars: readonly Bar[];
  /** Bars before the span (before --from, or an out-of-sample fold's start) that the agents read as history. */
  historyBars?: number;
  rejected: number;
  quarantined: number;
  /** Quarantined rows after the file's last usable bar, in the span (load-series.ts): the run ends there for it. */
  quarantinedTail?: QuarantinedTail;
}

export interface EquityRow {
  /** Epoch ms (a bar-close time). */
  time: number;
  equity: number;
  cash: number;
  /** Sum of open positions' market values. */
  exposure: number;
}

// One list of fill reasons, the daemon's (a backtest has no operator: it never flattens).
export type { FillReason } from '../domain/order.js';

export interface BacktestFill {
  /** Epoch ms: always the open time of a bar of this symbol's file. */
  time: number;
  symbol: string;
  side: 'buy' | 'sell';
  qty: number;
  price: number;
  fee: number;
  reason: FillReason;
  clientOrderId: string;
  verdictId: string | null;
}

export interface BacktestSignal {
  /** Epoch ms of the decision (the close time of the bar discussed). */
  time: number;
  symbol: string;
  /** An agent role, or 'chief' for the verdict's score. */
  role: string;
  /** -1 .. 1; null when the agent abstained (error, timeout, invalid). */
  stance: number | null;
  confidence: number;
  verdictId: string;
  /** What the panel was asked: a long or a short entry hypothesis, or the review of a held position. */
  question: Question;
}

export interface OpenPositionRow {
  symbol: string;
  qty: number;
  avgPrice: number;
  openedAt: number;
  lastClose: number;
  /** When that close was made (the close time of the symbol's last bar the run revealed). */
  lastCloseAt: number;
  unrealizedPnl: number;
}
