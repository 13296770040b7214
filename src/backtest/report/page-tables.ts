import type { BacktestReport } from './report-types.js';
import type { RoundTrip } from './round-trips.js';
import { escapeHtml as e } from './html-escape.js';
import { METRIC_ROWS } from './metric-rows.js';
import { NONE, count, money, percent, price, quantity, ratio, utcTime } from '../../core/display-format.js';
import { counted } from '../../core/plural.js';
import { tailNote } from './tail-note.js';
import { lastBarOf } from './summary-table.js';
import { QUESTION_NAMES } from '../../domain/opportunity.js';

/**
 * The page's tables, rendered here rather than by the page's script, so they read without JavaScript and share the
 * terminal's formatting. Each figure from report.json carries its path and raw value (`data-metric`, `data-value`),
 * which the page test compares with report.json.
 */
function cell(path: string, value: number | null, text: string, cls = ''): string {
  // Coloured by the sign shown: -0.0003 shown as 0.000 was red.
  const zero = value === null || value === 0 || !/[1-9]/.test(text);
  const sign = zero ? '' : value > 0 ? ' pos' : ' neg';
  return `<td class="num${cls}${sign}" data-metric="${e(path)}" data-value="${value === null ? 'null' : String(value)}">${e(text)}</td>`;
}

function plain(path: string, value: number | null, text: string, cls = ''): string {
  return `<td class="num${cls}" data-metric="${e(path)}" data-value="${value === null ? 'null' : String(value)}">${e(text)}</td>`;
}

/**
 * Fewer calls than this say little of skill: a hit rate's standard error is about 9 points at 30, a rank
 * correlation's about 0.19. A correlation of 1.000 from 2 calls was shown in green, as if proven.
 */
export const FEW_CALLS = 30;

/** The muted mark of a score from too few calls (class and title), '' from FEW_CALLS on or with no score. */
const fewAttrs = (n: number, value: number | null): string => (n >= FEW_CALLS || value === null ? '' : ` few" title="${counted(n, 'call')}: too few to tell skill from chance`);

/** A score from `n` calls: as `cell` (`signed`, coloured by its sign) or `plain` does, or from fewer than FEW_CALLS muted and marked. */
function scored(path: string, value: number | null, text: string, n: number, signed = true): string {
  if (n >= FEW_CALLS || value === null) return signed ? cell(path, value, text) : plain(path, value, text);
  return `<td class="num${fewAttrs(n, value)}" data-metric="${e(path)}" data-value="${String(value)}"><span class="few-mark">few · </span>${e(text)}</td>`;
}

export function metricsTable(report: BacktestReport): string {
  const rows = METRIC_ROWS.map((row) => {
    const a = report.summary[row.key];
    const b = report.buyAndHold[row.key];
    let aWins = false;
    let bWins = false;
    if (row.better && a !== null && b !== null && a !== b) {
      aWins = row.better === 'higher' ? a > b : a < b;
      bWins = !aWins;
    }
    return `<tr><th scope="row">${e(row.label)}</th>${plain(`summary.${row.key}`, a, row.format(a), aWins ? ' better' : '')}${plain(`buyAndHold.${row.key}`, b, row.format(b), bWins ? ' better' : '')}</tr>`;
  });
  return `<table class="metrics"><thead><tr><th></th><th scope="col" class="num">Panel</th><th scope="col" class="num">Buy &amp; hold</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * When the panel never traded and the coin flips' middle 80 % did not either, the percentile (50 %) is a tie: said, as
 * it read as a middling panel. A position bought and still open is trading too, though no round trip closed: a panel
 * placed at the 98th point on such a position was told it "did not trade".
 */
export function baselineTieText(report: BacktestReport): string | undefined {
  const b = report.baseline;
  const traded = report.summary.trades > 0 || report.openPositions.length > 0;
  if (!b || traded || b.totalReturn.p10 !== 0 || b.totalReturn.p90 !== 0) return undefined;
  return 'the panel did not trade, nor did the coin flips from their p10 to their p90: its percentile is a tie and says nothing of the panel';
}

/**
 * A run with no entry where the cost filter held back longs the panel backed looked broken: on short bars at the default
 * costs that is the usual outcome, and what changes it is the user's own venue's costs. Said by the summary and the page.
 */
export function noEntryForCostsText(report: BacktestReport): string | undefined {
  const d = report.decisions;
  const costs = d?.rules.find((r) => r.rule === 'costs');
  if (!d || d.buy > 0 || !costs) return undefined;
  const { feeBps, slippageBps } = report.settings;
  const which = costs.count === 1 ? '1 long the panel backed was' : `${count(costs.count)} longs the panel backed were each`;
  return `${which} expected to move less than costMultiple × the round trip's costs (${feeBps} bps fee and ${slippageBps} bps slippage a side), which short bars seldom clear; to see the panel trade at your venue's costs, give its feeBps and slippageBps in --config`;
}

export function baselineTable(report: BacktestReport): string {
  const b = report.baseline;
  if (!b) return '';
  const tie = baselineTieText(report);
  // One seed is a seed: --baseline-seeds 1 read "1 seeds" twice.
  const seeds = counted(b.seeds, 'seed', 'seeds', count(b.seeds));
  const row = (label: string, key: 'sharpe' | 'totalReturn', fmt: (x: number | null) => string): string =>
    `<tr><th scope="row">${label}</th>${(['p10', 'p50', 'p90'] as const).map((p) => plain(`baseline.${key}.${p}`, b[key][p], fmt(b[key][p]))).join('')}${plain(`summary.${key}`, report.summary[key], fmt(report.summary[key]))}</tr>`;
  return `<h3>Coin-flip baseline</h3><p class="note">The same pipeline with a seeded coin flip choosing each directional agent's direction (its size and confidence kept), ${seeds}. The panel's Sharpe is at the <strong data-metric="baseline.panelPercentile" data-value="${b.panelPercentile === null ? 'null' : String(b.panelPercentile)}">${percent(b.panelPercentile, 0)}</strong> point of their distribution.${tie ? ` But ${tie}.` : ''}${b.seeds < 100 ? ` With ${seeds} that point moves in steps of ${percent(1 / b.seeds, 0)} and the p90 is placed only roughly (the same file under another symbol name draws other coins): <code>--baseline-seeds 100</code> places them more firmly.` : ''}</p>
<table class="metrics"><thead><tr><th></th><th scope="col" class="num">p10</th><th scope="col" class="num">p50</th><th scope="col" class="num">p90</th><th scope="col" class="num">Panel</th></tr></thead><tbody>${row('Sharpe', 'sharpe', (x) => ratio(x))}${row('Total return', 'totalReturn', (x) => percent(x))}</tbody></table>`;
}

export function agentsTable(report: BacktestReport): string {
  if (report.agents.length === 0) return '<p class="empty">No signals were recorded.</p>';
  const rows = report.agents.map((a, i) => {
    const p = `agents.${i}`;
    const bar =
      a.hitRate === null
        ? ''
        : `<span class="meter" aria-hidden="true"><span class="fill" style="width:${(a.hitRate * 100).toFixed(1)}%"></span>${a.chanceHitRate === null ? '' : `<span class="mark" style="left:${(a.chanceHitRate * 100).toFixed(1)}%"></span>`}</span>`;
    return `<tr${a.role === 'chief' ? ' class="chief"' : ''}><th scope="row">${e(a.role)}</th>${plain(`${p}.signals`, a.signals, count(a.signals))}${plain(`${p}.abstentions`, a.abstentions, count(a.abstentions))}${plain(`${p}.pending`, a.pending, count(a.pending))}${plain(`${p}.calls`, a.calls, count(a.calls))}<td class="num meter-cell${fewAttrs(a.calls, a.hitRate)}" data-metric="${p}.hitRate" data-value="${a.hitRate === null ? 'null' : String(a.hitRate)}">${bar}<span>${percent(a.hitRate, 1)}</span></td>${plain(`${p}.chanceHitRate`, a.chanceHitRate, percent(a.chanceHitRate, 1))}${plain(`${p}.upShare`, a.upShare, percent(a.upShare, 1))}${scored(`${p}.spearman`, a.spearman, ratio(a.spearman, 3), a.calls)}${plain(`${p}.meanStance`, a.meanStance, ratio(a.meanStance, 2))}</tr>`;
  });
  return `<table class="data agents"><thead><tr><th scope="col">Role</th><th scope="col" class="num">Signals</th><th scope="col" class="num">Abstained</th><th scope="col" class="num">Pending</th><th scope="col" class="num">Calls</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">By chance</th><th scope="col" class="num">Up moves</th><th scope="col" class="num">Rank corr.</th><th scope="col" class="num">Mean stance</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

const sentenceCase = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** Each role's scorecard for each question asked, one group of rows per question: scored, hit rate, chance, rank correlation. */
export function questionsTable(report: BacktestReport): string {
  const questions = report.agentsByQuestion;
  if (questions.length === 0) return '';
  const rows = questions.flatMap((q, qi) =>
    q.agents.map((a, i) => {
      const p = `agentsByQuestion.${qi}.agents.${i}`;
      const label = i === 0 ? `<th scope="rowgroup" rowspan="${q.agents.length}">${e(sentenceCase(QUESTION_NAMES[q.question]))}</th>` : '';
      return `<tr${a.role === 'chief' ? ' class="chief"' : ''}>${label}<th scope="row">${e(a.role)}</th>${plain(`${p}.scored`, a.scored, count(a.scored))}${scored(`${p}.hitRate`, a.hitRate, percent(a.hitRate, 1), a.scored, false)}${plain(`${p}.chanceHitRate`, a.chanceHitRate, percent(a.chanceHitRate, 1))}${scored(`${p}.spearman`, a.spearman, ratio(a.spearman, 3), a.scored)}</tr>`;
    }),
  );
  return `<h3>By question</h3><p class="note">The same scores for each question the panel was asked: a long entry (a rise to follow, or a dip to buy), a short entry (a fall, or a stretch above the mean: backed, it exits a held position, and is a HOLD when nothing is held) and the review of a held position. A panel can read one question well and another not at all, or the wrong way round (a negative rank correlation), which the table above averages away.</p><table class="data agents questions"><thead><tr><th scope="col">Question</th><th scope="col">Role</th><th scope="col" class="num">Scored</th><th scope="col" class="num">Hit rate</th><th scope="col" class="num">By chance</th><th scope="col" class="num">Rank corr.</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/**
 * One row per file; the name of a symbol with a chart links to it (`charts[i]`: its chart's index, null for none).
 * `scroll`: many rows, held in a box of their own height so the chart under them stays in reach.
 */
export function symbolsTable(report: BacktestReport, dateOnly: boolean, charts: readonly (number | null)[] = [], scroll = false): string {
  const rows = report.symbols.map((s, i) => {
    const p = `symbols.${i}`;
    const span = s.firstBar && s.lastBar ? `${utcTime(Date.parse(s.firstBar), dateOnly)} – ${utcTime(Date.parse(s.lastBar), dateOnly)}` : NONE;
    const k = charts[i];
    const name = k === undefined || k === null ? e(s.symbol) : `<a href="#symbol-${k}">${e(s.symbol)}</a>`;
    return `<tr><th scope="row" title="${e(s.file)}">${name}</th><td>${e(span)}</td>${plain(`${p}.bars`, s.bars, count(s.bars))}${plain(`${p}.trades`, s.trades, count(s.trades))}${cell(`${p}.pnl`, s.pnl, money(s.pnl))}${cell(`${p}.unrealizedPnl`, s.unrealizedPnl, money(s.unrealizedPnl))}${plain(`${p}.winRate`, s.winRate, percent(s.winRate, 1))}${plain(`${p}.fees`, s.fees, money(s.fees))}${cell(`${p}.buyAndHoldReturn`, s.buyAndHoldReturn, percent(s.buyAndHoldReturn))}</tr>`;
  });
  const table = `<table class="data symbols"><thead><tr><th scope="col">Symbol</th><th scope="col">First – last bar (UTC)</th><th scope="col" class="num">Bars</th><th scope="col" class="num">Round trips</th><th scope="col" class="num">PnL</th><th scope="col" class="num">Open PnL</th><th scope="col" class="num">Win rate</th><th scope="col" class="num">Fees</th><th scope="col" class="num">Buy &amp; hold</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return `${scroll ? `<div class="scroll">${table}</div>` : table}${droppedNote(report)}`;
}

/** Files whose rows the run did not all use (rejected or quarantined rows): said under the table, not hidden in report.json. */
function droppedNote(report: BacktestReport): string {
  const items = report.symbols
    .filter((s) => s.rejected + s.quarantined > 0)
    .map((s) => {
      const tail = tailNote(s);
      return `<li><strong>${e(s.symbol)}</strong>: ${counted(s.quarantined, 'row', 'rows', count(s.quarantined))} quarantined and ${count(s.rejected)} rejected in ${e(s.file)} are not used; <code>conclave check-data</code> tells which and why.${tail ? ` <strong>${e(tail)}.</strong>` : ''}</li>`;
    });
  return items.length === 0 ? '' : `<ul class="note dropped">${items.join('')}</ul>`;
}

/** Past this many round trips the page shows the first and last halves; trades.csv has them all. */
export const MAX_TRADE_ROWS = 2000;

export function tradesTable(trips: readonly RoundTrip[], dateOnly: boolean): string {
  if (trips.length === 0) return '<p class="empty">No trades.</p>';
  const row = (t: RoundTrip): string =>
    `<tr><th scope="row">${e(t.symbol)}</th><td>${utcTime(t.entryTime, dateOnly)}</td><td class="num">${price(t.entryPrice)}</td><td>${t.exitTime === null ? '<span class="open">open</span>' : utcTime(t.exitTime, dateOnly)}</td><td class="num">${t.exitPrice === null ? NONE : price(t.exitPrice)}</td><td class="num">${quantity(t.qty)}</td><td class="num${t.pnl === null ? '' : t.pnl > 0 ? ' pos' : t.pnl < 0 ? ' neg' : ''}">${t.pnl === null ? NONE : money(t.pnl)}</td><td class="num">${money(t.fees)}</td><td>${t.exitReason === null ? '' : `<span class="reason r-${e(t.exitReason)}">${e(t.exitReason)}</span>`}</td></tr>`;
  let body: string;
  if (trips.length <= MAX_TRADE_ROWS) {
    body = trips.map(row).join('');
  } else {
    const half = MAX_TRADE_ROWS / 2;
    body = `${trips.slice(0, half).map(row).join('')}<tr class="gap"><td colspan="9">… ${count(trips.length - MAX_TRADE_ROWS)} more in trades.csv …</td></tr>${trips.slice(-half).map(row).join('')}`;
  }
  return `<div class="scroll"><table class="data trades"><thead><tr><th scope="col">Symbol</th><th scope="col">Entry</th><th scope="col" class="num">Price</th><th scope="col">Exit</th><th scope="col" class="num">Price</th><th scope="col" class="num">Qty</th><th scope="col" class="num">PnL</th><th scope="col" class="num">Fees</th><th scope="col">Exit reason</th></tr></thead><tbody>${body}</tbody></table></div>`;
}

/** The bar a position is marked at; one the run went on long after is a guess, said where the value is read. */
function lastBarCell(o: BacktestReport['openPositions'][number], report: BacktestReport): string {
  const last = lastBarOf(o, report);
  return last.stale ? `${e(last.bar)} <span class="stale">its file has no usable bar after it: the value is a guess</span>` : e(last.bar);
}

export function openPositionsTable(report: BacktestReport, dateOnly: boolean): string {
  if (report.openPositions.length === 0) {
    return report.summary.trades === 0 ? '<p class="empty">None: the panel opened no position.</p>' : '<p class="empty">None: every position was closed by the end.</p>';
  }
  const rows = report.openPositions.map((o, i) => {
    const p = `openPositions.${i}`;
    return `<tr><th scope="row">${e(o.symbol)}</th>${plain(`${p}.qty`, o.qty, quantity(o.qty))}${plain(`${p}.avgPrice`, o.avgPrice, price(o.avgPrice))}<td>${utcTime(Date.parse(o.openedAt), dateOnly)}</td>${plain(`${p}.lastClose`, o.lastClose, price(o.lastClose))}<td>${lastBarCell(o, report)}</td>${plain(`${p}.marketValue`, o.marketValue, money(o.marketValue))}${cell(`${p}.unrealizedPnl`, o.unrealizedPnl, money(o.unrealizedPnl))}</tr>`;
  });
  return `<table class="data"><thead><tr><th scope="col">Symbol</th><th scope="col" class="num">Qty</th><th scope="col" class="num">Avg price</th><th scope="col">Opened</th><th scope="col" class="num">Last close</th><th scope="col">Of the bar of</th><th scope="col" class="num">Value</th><th scope="col" class="num">Unrealised PnL</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Why the run traded as it did: the verdicts by the chief's rule that decided them, then the risk gate's outcomes. */
export function decisionsTable(report: BacktestReport): string {
  const d = report.decisions;
  if (!d) return '';
  if (d.verdicts === 0) return '<p class="empty">No verdicts: no opportunity reached the panel.</p>';
  const rows = d.rules.map((r, i) => `<tr><th scope="row">${e(r.label)}</th><td><span class="action a-${e(r.action.toLowerCase())}">${e(r.action)}</span></td>${plain(`decisions.rules.${i}.count`, r.count, count(r.count))}<td class="num">${percent(r.count / d.verdicts, 1)}</td></tr>`);
  const costs = noEntryForCostsText(report);
  const g = d.riskGate;
  const gateRules = g.rules.length > 0 ? ` By rule: ${g.rules.map((r) => `${e(r.rule)} ${count(r.count)}`).join(', ')}.` : '';
  const gate = g.judged === 0
    ? '<p class="note">The risk gate judged no entry.</p>'
    : `<p class="note">The risk gate judged <strong data-metric="decisions.riskGate.judged" data-value="${g.judged}">${count(g.judged)}</strong> entries: <span data-metric="decisions.riskGate.accepted" data-value="${g.accepted}">${count(g.accepted)}</span> accepted, <span data-metric="decisions.riskGate.clamped" data-value="${g.clamped}">${count(g.clamped)}</span> clamped, <span data-metric="decisions.riskGate.rejected" data-value="${g.rejected}">${count(g.rejected)}</span> rejected.${gateRules}</p>`;
  return `<p class="note"><strong data-metric="decisions.verdicts" data-value="${d.verdicts}">${count(d.verdicts)}</strong> verdicts: <span data-metric="decisions.buy" data-value="${d.buy}">${count(d.buy)}</span> BUY, <span data-metric="decisions.sell" data-value="${d.sell}">${count(d.sell)}</span> SELL, <span data-metric="decisions.hold" data-value="${d.hold}">${count(d.hold)}</span> HOLD. Each verdict is counted under the chief's rule that decided it.</p>
<table class="data decisions"><thead><tr><th scope="col">What decided</th><th scope="col">Verdict</th><th scope="col" class="num">Count</th><th scope="col" class="num">Share</th></tr></thead><tbody>${rows.join('')}</tbody></table>${gate}${costs ? `<p class="note">No entry: ${e(costs)}.</p>` : ''}`;
}
