import { barSpan } from './bar-span.js';
import type { BacktestRecord } from '../backtest-record.js';
import type { BacktestReport } from './report-types.js';
import { buildReport } from './build-report.js';
import { METRIC_ROWS } from './metric-rows.js';
import { count, money, percent, price, quantity, ratio, utcTime } from '../../core/display-format.js';
import { counted } from '../../core/plural.js';
import { MIN_SCORED_BARS } from '../../scanners/model-score.js';
import { walkForwardLines } from './walk-forward-table.js';
import { tailNote } from './tail-note.js';
import { MIN_CAGR_YEARS } from './return-stats.js';
import { liquidityText } from './liquidity-report.js';
import { baselineTieText, noEntryForCostsText } from './page-tables.js';
import { QUESTION_NAMES } from '../../domain/opportunity.js';

/**
 * The table the CLI prints at the end of a backtest: the panel against buy-and-hold, figure by figure, and the
 * coin-flip baseline's median when the run has one. Plain text, aligned, no colour (it may be piped).
 */
export function summaryTable(input: BacktestRecord | BacktestReport): string {
  const report = 'summary' in input ? input : buildReport(input);
  const header = ['', 'panel', 'buy & hold'];
  const body = METRIC_ROWS.map((row) => [row.label, row.format(report.summary[row.key]), row.format(report.buyAndHold[row.key])]);
  if (report.baseline) {
    const b = report.baseline;
    body.push(['Coin-flip Sharpe p10/p50/p90', `${ratio(b.sharpe.p10)} / ${ratio(b.sharpe.p50)} / ${ratio(b.sharpe.p90)}`, '']);
    body.push(['Panel percentile of coin flips', percent(b.panelPercentile, 0), `${b.seeds} seed${b.seeds === 1 ? '' : 's'}`]);
  }
  const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const span = barSpanText(report) ?? 'no data';
  const title = `${report.name}: ${span}, ${report.span.steps} step${report.span.steps === 1 ? '' : 's'}, ${report.symbols.length} symbol${report.symbols.length === 1 ? '' : 's'}`;
  const tie = baselineTieText(report);
  return [title, line(header), rule, ...body.map(line), ...(tie ? ['', `Coin flips: ${tie}`] : []), ...dataLines(report), ...shortSpanLines(report), ...slippageLines(report), ...openLines(report), ...walkForwardLines(report), ...decisionLines(report), ...scorecardLines(report), ...liquidityLines(report)].join('\n') + '\n';
}

/**
 * The chief's scorecard in one line, by question asked (the page has every role's): whether its calls ranked what
 * followed, where a terminal user otherwise saw only returns. Nothing when no call of the chief was scored.
 */
function scorecardLines(report: BacktestReport): string[] {
  const chief = report.agents.find((a) => a.role === 'chief');
  if (!chief || chief.spearman === null) return [];
  const rho = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`);
  const parts = report.agentsByQuestion.flatMap((q) => {
    const c = q.agents.find((a) => a.role === 'chief');
    return c ? [`${QUESTION_NAMES[q.question]} ${rho(c.spearman)} (${count(c.scored)})`] : [];
  });
  const h = report.settings.scorecardHorizonBars;
  return ['', `Scorecard: the chief's score against the ${h === 1 ? "next bar's" : `next ${count(h)} bars'`} return, rank correlation (0 is chance) and stances scored: all ${rho(chief.spearman)} (${count(chief.scored)}); ${parts.join(', ')}`];
}

/** What the liquidity cap did (liquidityText), under the decisions. */
function liquidityLines(report: BacktestReport): string[] {
  const text = liquidityText(report.liquidity);
  return text === null ? [] : ['', text];
}

/** The span as the bars' open times (bar-span.ts), as --from and --to name them. */
function barSpanText(report: BacktestReport): string | undefined {
  const span = barSpan(report);
  return span && `bars ${utcTime(span.from, span.dateOnly)} to ${utcTime(span.to, span.dateOnly)} UTC`;
}

/**
 * The slippage the market fills paid, when well under the setting: each fill stays within its bar's range, so bars
 * that open at their high or low (minute bars, often) charge less than the settings say, and the figures flatter.
 */
function slippageLines(report: BacktestReport): string[] {
  const { slippageBps: set, slippagePaidBps: paid } = report.settings;
  if (!(set > 0) || paid === null || paid >= 0.75 * set) return [];
  return ['', `Slippage: the market fills paid ${paid.toFixed(2)} bps on average of the ${set} bps set: a fill never goes beyond its bar's high or low, and these bars often open at one of them`];
}

/**
 * Volatility, Sharpe and Sortino are annualised whatever the span; under a year (CAGR and Calmar are left out there)
 * they extrapolate a few weeks to a year, and a Sharpe of 2 from 20 days says little. Said, with the span in days.
 */
function shortSpanLines(report: BacktestReport): string[] {
  const years = report.span.years;
  if (years === null || years >= MIN_CAGR_YEARS) return [];
  const days = Math.round(years * 365.25);
  // Within a day of a year, in years: "365 days" beside "CAGR and Calmar need a year" read as a contradiction.
  const span = days >= 365 ? `${years.toFixed(4)} years` : days >= 2 ? `${days} days` : `${Math.round(years * 365.25 * 24)} hours`;
  return ['', `Short run: ${span} of bars. Volatility, Sharpe and Sortino are annualised from them, an extrapolation to a year; CAGR and Calmar need a year and are left out`];
}

/** What a file whose tail was quarantined leaves out (tailNote), one line per such file, under the table. */
function dataLines(report: BacktestReport): string[] {
  const notes = report.symbols.flatMap((s) => {
    const note = tailNote(s);
    return note ? [`  ${note}`] : [];
  });
  return notes.length === 0 ? [] : ['', 'Data:', ...notes];
}

const OPEN_LISTED = 10;
const signed = (x: number): string => (x > 0 ? `+${money(x)}` : money(x));

/**
 * A position whose file has no usable bar for a while before the run's end (it ended earlier, or its later rows were
 * quarantined) is valued at a close the market has since left: said, as its value may be far from what it was worth.
 */
function staleNote(p: BacktestReport['openPositions'][number], report: BacktestReport): string {
  const last = lastBarOf(p, report);
  return last.stale ? ` (that is the close of its bar of ${last.bar}: its file has no usable bar after it, so its value at the end is a guess)` : '';
}

/**
 * The bar an open position is marked at, as its file dates it (its open: "the close of 2007-05-01" named the day
 * after a daily bar of 2007-04-30), and whether the run went on for more than two of its bars after it.
 */
export function lastBarOf(p: BacktestReport['openPositions'][number], report: BacktestReport): { bar: string; stale: boolean } {
  const end = report.span.to === null ? NaN : Date.parse(report.span.to);
  const closed = Date.parse(p.lastCloseAt);
  const barMs = report.symbols.find((s) => s.symbol === p.symbol)?.barMs ?? 0;
  const opened = closed - barMs;
  return { bar: utcTime(opened, opened % 86_400_000 === 0 && barMs % 86_400_000 === 0), stale: end - closed > 2 * barMs };
}

/**
 * The positions still open at the end: their gain or loss is in the end equity and total return but in no round trip,
 * so without this a run whose closed trades all lost could show a gain the table did not explain.
 */
export function openLines(report: BacktestReport): string[] {
  const open = report.openPositions;
  if (open.length === 0) return [];
  const total = open.reduce((sum, p) => sum + p.unrealizedPnl, 0);
  const lines = ['', `Open at the end: ${counted(open.length, 'position')}, unrealised ${signed(total)} net of entry fees (in End equity and Total return, in no round trip)`];
  for (const p of open.slice(0, OPEN_LISTED)) {
    const at = Date.parse(p.openedAt);
    lines.push(`  ${p.symbol}: ${quantity(p.qty)} bought at ${price(p.avgPrice)} on ${utcTime(at, at % 86_400_000 === 0)}, last close ${price(p.lastClose)}: ${signed(p.unrealizedPnl)}${staleNote(p, report)}`);
  }
  if (open.length > OPEN_LISTED) lines.push(`  and ${open.length - OPEN_LISTED} more (report.json: openPositions)`);
  return lines;
}

/** Why a run has no verdict at all: too few bars for the model to score (a short file), else no score high enough. */
function noVerdictReason(report: BacktestReport): string {
  // History before --from counts: a month of ORCL after ten years of it is not short (it was said to be).
  const short = report.symbols.filter((s) => s.bars + s.historyBars < MIN_SCORED_BARS);
  if (short.length > 0) {
    const which = short.map((s) => `${s.symbol} has ${counted(s.bars + s.historyBars, 'bar')}`).join(', ');
    return `no opportunity reached the panel: the model scanner scores a symbol once it has ${MIN_SCORED_BARS} bars (history before --from counts), and up to the end of the span ${which}`;
  }
  return 'no opportunity reached the panel: no model score reached modelThreshold, and no news named a symbol';
}

/** Why the panel traded as it did: the verdicts by the rule that decided them, then the risk gate's outcomes. */
export function decisionLines(report: BacktestReport): string[] {
  const d = report.decisions;
  if (!d) return [];
  const width = Math.max(0, ...d.rules.map((r) => count(r.count).length));
  const lines = [
    '',
    `Decisions: ${count(d.verdicts)} verdict${d.verdicts === 1 ? '' : 's'} (${count(d.buy)} BUY, ${count(d.sell)} SELL, ${count(d.hold)} HOLD)`,
    ...d.rules.map((r) => `  ${count(r.count).padStart(width)}  ${r.action.padEnd(4)}  ${r.label}`),
  ];
  if (d.verdicts === 0) lines.push(`  ${noVerdictReason(report)}`);
  const costs = noEntryForCostsText(report);
  if (costs) lines.push(`  no entry: ${costs}`);
  const g = d.riskGate;
  const named = g.rules.length > 0 ? `; by ${g.rules.map((r) => `${r.rule} ${count(r.count)}`).join(', ')}` : '';
  if (g.judged > 0) lines.push(`Risk gate: ${count(g.judged)} entr${g.judged === 1 ? 'y' : 'ies'} judged: ${count(g.accepted)} accepted, ${count(g.clamped)} clamped, ${count(g.rejected)} rejected${named}`);
  // The drawdown halt is for good in a run: a run that trades no more for years says why, not only the rule's name.
  if (g.rules.some((r) => r.rule === 'max_drawdown')) {
    lines.push(
      `  max_drawdown refuses every entry while equity is maxDrawdown (${report.settings.maxDrawdownLimit}) or more below its peak: once nothing is held, equity cannot climb back, so the run (or a walk-forward fold) enters nothing more to its end (a larger maxDrawdown in --config shows the panel beyond that point)`,
    );
  }
  return lines;
}
