import type { BacktestRecord } from '../backtest-record.js';
import { slippagePaidBps } from './slippage-paid.js';
import type { AgentScorecard } from '../../scorecard/score-stances.js';
import type { BacktestReport, BaselineReport, OpenPositionReport, WalkForwardReport } from './report-types.js';
import { roundTrips, type RoundTrip } from './round-trips.js';
import { curveFigures } from './performance-summary.js';
import { buyAndHold } from './buy-and-hold.js';
import { symbolReports } from './symbol-reports.js';
import { scorecards, scorecardsByQuestion } from './scorecard.js';
import { decisionTally } from './decision-tally.js';
import { liquidityReport } from './liquidity-report.js';
import { isoTime, reportFinite, reportNullable } from './report-number.js';

/** The report and the per-row series the files and the page draw from, all computed once from the record. */
export interface ReportData {
  report: BacktestReport;
  trips: RoundTrip[];
  /** Per equity row: the panel's drawdown, buy-and-hold's equity and drawdown. */
  drawdown: number[];
  holdEquity: number[];
  holdDrawdown: number[];
}

/** `baseline`: the coin-flip runs' figures, when they were made (the run computes them; the report shows them). */
export function buildReportData(record: BacktestRecord, baseline?: BaselineReport, walkForward?: WalkForwardReport): ReportData {
  const { times, trips, panel } = panelFigures(record);
  const hold = buyAndHold(record);
  const held = curveFigures({
    startEquity: record.startingCash,
    times,
    equity: hold.equity,
    invested: hold.invested,
    trips: [],
    fees: hold.fees,
    traded: hold.traded,
  });
  const first = record.equity[0];
  const last = record.equity[record.equity.length - 1];
  const report: BacktestReport = {
    name: record.name,
    span: {
      from: first ? isoTime(first.time) : null,
      to: last ? isoTime(last.time) : null,
      steps: record.equity.length,
      periodsPerYear: reportNullable(panel.periodsPerYear),
      years: reportNullable(panel.years),
    },
    settings: {
      startingCash: reportFinite(record.startingCash),
      feeBps: reportFinite(record.feeBps),
      slippageBps: reportFinite(record.slippageBps),
      slippagePaidBps: reportNullable(slippagePaidBps(record)),
      scorecardHorizonBars: record.scorecardHorizonBars,
      maxDrawdownLimit: record.maxDrawdownLimit,
      news: record.news ?? null,
    },
    summary: panel.summary,
    buyAndHold: held.summary,
    symbols: symbolReports(record, trips),
    agents: scorecards(record).map(roundScorecard),
    agentsByQuestion: scorecardsByQuestion(record).map((q) => ({ question: q.question, agents: q.agents.map(roundScorecard) })),
    openPositions: record.openPositions.map(
      (p): OpenPositionReport => ({
        symbol: p.symbol,
        qty: reportFinite(p.qty),
        avgPrice: reportFinite(p.avgPrice),
        openedAt: isoTime(p.openedAt),
        lastClose: reportFinite(p.lastClose),
        lastCloseAt: isoTime(p.lastCloseAt),
        marketValue: reportFinite(p.qty * p.lastClose),
        unrealizedPnl: reportFinite(p.unrealizedPnl - openFees(trips, p.symbol)),
      }),
    ),
  };
  if (record.decisions) report.decisions = decisionTally(record.decisions);
  const liquidity = liquidityReport(record);
  if (liquidity) report.liquidity = liquidity;
  if (baseline) report.baseline = roundBaseline(baseline);
  if (walkForward) report.walkForward = walkForward;
  if (record.warnings && record.warnings.length > 0) report.warnings = record.warnings;
  return { report, trips, drawdown: panel.drawdown, holdEquity: hold.equity, holdDrawdown: held.drawdown };
}

/** The entry fees still carried by a symbol's open lots: open PnL is net of them, as a round trip's PnL is. */
function openFees(trips: readonly RoundTrip[], symbol: string): number {
  let fees = 0;
  for (const t of trips) if (t.pnl === null && t.symbol === symbol) fees += t.fees;
  return fees;
}

export function buildReport(record: BacktestRecord, baseline?: BaselineReport, walkForward?: WalkForwardReport): BacktestReport {
  return buildReportData(record, baseline, walkForward).report;
}

/**
 * The panel's summary alone, as the report has it: what a seed, a walk-forward's training runs and the command read a
 * Sharpe ratio from. The whole report also scores every stance (seconds over a year of minute bars, once per seed).
 */
export function summaryOf(record: BacktestRecord): BacktestReport['summary'] {
  return panelFigures(record).panel.summary;
}

function panelFigures(record: BacktestRecord) {
  const times = record.equity.map((r) => r.time);
  const trips = roundTrips(record.fills);
  let fees = 0;
  let traded = 0;
  for (const f of record.fills) {
    fees += f.fee;
    traded += Math.abs(f.qty * f.price);
  }
  const panel = curveFigures({
    startEquity: record.startingCash,
    times,
    equity: record.equity.map((r) => r.equity),
    invested: record.equity.map((r) => r.exposure),
    trips,
    fees,
    traded,
  });
  return { times, trips, panel };
}

function roundBaseline(b: BaselineReport): BaselineReport {
  const p = (x: BaselineReport['sharpe']): BaselineReport['sharpe'] => ({ p10: reportNullable(x.p10), p50: reportNullable(x.p50), p90: reportNullable(x.p90) });
  const rounded: BaselineReport = { seeds: b.seeds, sharpe: p(b.sharpe), totalReturn: p(b.totalReturn), panelPercentile: reportNullable(b.panelPercentile) };
  if (b.runs) rounded.runs = b.runs.map((r) => ({ seed: r.seed, sharpe: reportNullable(r.sharpe), totalReturn: reportFinite(r.totalReturn) }));
  return rounded;
}

function roundScorecard(s: AgentScorecard): AgentScorecard {
  return {
    role: s.role,
    signals: s.signals,
    abstentions: s.abstentions,
    pending: s.pending,
    scored: s.scored,
    calls: s.calls,
    hits: s.hits,
    hitRate: reportNullable(s.hitRate),
    chanceHitRate: reportNullable(s.chanceHitRate),
    upShare: reportNullable(s.upShare),
    spearman: reportNullable(s.spearman),
    meanStance: reportNullable(s.meanStance),
  };
}
