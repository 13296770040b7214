import path from 'node:path';
import type { BacktestRecord } from '../backtest-record.js';
import type { ReportData } from './build-report.js';
import type { BacktestReport, PerformanceSummary } from './report-types.js';
import { chartPayload } from './chart-payload.js';
import { escapeHtml as e, jsonForScript } from './html-escape.js';
import { allMidnight, count, money, percent, ratio, utcTime } from '../../core/display-format.js';
import { barSpan } from './bar-span.js';
import { counted } from '../../core/plural.js';
import { walkForwardTable } from './walk-forward-table.js';
import { FEW_CALLS, agentsTable, baselineTable, decisionsTable, metricsTable, openPositionsTable, questionsTable, symbolsTable, tradesTable } from './page-tables.js';
import { PAGE_STYLE } from './page-style.js';
import { PAGE_SCRIPT } from './page-script.js';
import { liquidityText } from './liquidity-report.js';

/**
 * report.html: one self-contained page (styles, chart library, data and script inline; no request leaves the file).
 * `#report-data` holds report.json's object as is; `#chart-data` the (downsampled) series the charts draw.
 */
export function reportPage(record: BacktestRecord, data: ReportData, chartLibrary: string): string {
  const { report } = data;
  const dateOnly = allMidnight(record.symbols.flatMap((s) => (s.bars.length > 0 ? [s.bars[0]!.time, s.bars[s.bars.length - 1]!.time] : [])))
    && record.symbols.every((s) => s.barMs >= 86_400_000);
  // The bars' open times, as the summary names them (the equity rows are closes: ORCL's 1995-01-03 read 1995-01-04),
  // and the time they cover, to the last row (a single daily bar covers a day, not "0.0 hours").
  const bars = barSpan(report);
  const span = bars ? `bars ${utcTime(bars.from, dateOnly)} to ${utcTime(bars.to, dateOnly)}` : 'no data';
  const length = bars && report.span.to ? `, ${duration(Date.parse(report.span.to) - bars.from)}` : '';
  const names = report.symbols.map((s) => s.symbol).join(', ');
  const charts = chartPayload(record, data);
  const liquidity = liquidityText(report.liquidity);
  // 50 symbols made 50 full-size charts one under another (27,000 px of page, nothing to find one by): past a few,
  // one chart shows at a time, picked by name.
  const many = charts.symbols.length > MAX_CHARTS_SHOWN;
  const symbolsHtml = report.symbols
    .map((s, i) => {
      if (s.bars === 0) return '';
      const k = chartIndex(record, i);
      const merged = charts.symbols[k]?.barsPerCandle ?? 1;
      const candleNote = merged > 1 ? ` · each candle ${count(merged)} bars` : '';
      const zoneNote = s.timesIn !== undefined ? ` · its times read in ${e(s.timesIn)} and charted on its clock; times elsewhere on this page are UTC` : s.zonelessTimes ? ' · its times carry no zone: read as UTC' : s.utcOffset ? ` · charted in the file’s own time (${e(s.utcOffset)}); times elsewhere on this page are UTC` : '';
      // Said on the page too: the warning went to the terminal only, and Novo Nordisk's page showed 8,784 hourly steps
      // with nothing to say 6,792 were a closed market's hours filled in.
      const fillerNote = s.fillerBars ? ` · ${count(s.fillerBars)} of its ${count(s.bars)} bars filled in flat (no range, no volume: hours without trades, or a closed market's?)` : '';
      // A position held at the end has its buy marked and no exit: said here, so its chart does not read as unfinished.
      const held = report.openPositions.find((o) => o.symbol === s.symbol);
      const heldNote = held ? ` · <span class="open">held at the end</span> since ${utcTime(Date.parse(held.openedAt), dateOnly)}, unrealised ${money(held.unrealizedPnl)}` : '';
      const facts = `${counted(s.trades, 'round trip', 'round trips', count(s.trades))} · PnL ${money(s.pnl)} · win rate ${percent(s.winRate, 1)} · buy &amp; hold ${percent(s.buyAndHoldReturn)}${heldNote}${candleNote}${zoneNote}${fillerNote}`;
      return `<div class="symbol" id="symbol-${k}"><div class="symbol-head"><h3>${e(s.symbol)} <span class="file" title="${e(s.file)}">${e(path.basename(s.file))}</span></h3><span class="facts">${facts}</span></div><div class="chart" id="chart-symbol-${k}" role="img" aria-label="${e(s.symbol)} price with entries and exits"></div></div>`;
    })
    .join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(report.name)} · conclave backtest</title>
<style>${PAGE_STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${e(report.name)}</h1>
<p>${report.walkForward ? `Walk-forward, out of sample (folds 2 to ${count(report.walkForward.folds)} of ${count(report.walkForward.folds)}; fold 1 only trains): ` : 'Backtest '}${e(span)} (UTC)${length} · ${counted(report.span.steps, 'step', 'steps', count(report.span.steps))} · ${e(names || 'no symbols')} · starting cash ${money(report.settings.startingCash)} · fee ${ratio(report.settings.feeBps, 1)} bps, slippage ${ratio(report.settings.slippageBps, 1)} bps${slippagePaid(report)} · ${report.settings.news ? `news from <span title="${e(report.settings.news)}">${e(path.basename(report.settings.news))}</span>` : 'no news (the scout saw none)'}</p>
${liquidity === null ? '' : `<p class="note" id="liquidity">${e(liquidity)}</p>`}
${report.warnings ? `<div class="note" id="warnings"><strong>Warnings</strong>, as the command gave them:<ul>${report.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul></div>` : ''}
</header>
${kpis(report.summary, report.buyAndHold, report.span.years !== null && report.span.years < 1)}
<section class="card" aria-labelledby="h-equity">
<h2 id="h-equity">Equity against buy &amp; hold</h2>
<div class="legend"><span><i style="background:#2962ff"></i>panel</span><span><i style="background:#98a2b3"></i>buy &amp; hold (equal weight, bought at each first open)</span><span><i style="background:#f04438"></i>drawdown of the panel, and of buy &amp; hold in grey (lower pane)</span><span id="equity-scale"></span></div>
<div class="readout" id="equity-readout"></div>
${report.span.steps > 0 ? '<div class="chart equity" id="chart-equity" role="img" aria-label="Equity and drawdown"></div>' : '<p class="empty">No equity rows.</p>'}
</section>
<section class="card grid2" aria-labelledby="h-metrics">
<div><h2 id="h-metrics">Metrics</h2>${metricsTable(report)}${baselineTable(report)}</div>
<div class="conventions"><h3>Reading the figures</h3><ul>
<li>Buy &amp; hold puts an equal part of the starting cash into each symbol at its first bar's open, paying the same fee and slippage, and holds to the end; it never sells, so it has no round trips.</li>
<li>Returns are annualised with ${report.span.periodsPerYear === null ? 'no' : ratio(report.span.periodsPerYear, 1)} periods a year, measured from the equity rows' timestamps ((rows − 1) ÷ years spanned). Volatility is the annualised standard deviation of step returns; Sharpe and Sortino take a risk-free rate of 0 (Sortino divides by the downside deviation). A run shorter than a year has no CAGR or Calmar: a return over less than a year is not compounded into a yearly rate.${report.span.years !== null && report.span.years < 1 ? ' <strong>This run is shorter than a year: its volatility, Sharpe and Sortino extrapolate it to a year, and say little.</strong>' : ''}</li>
<li>Max drawdown is the deepest fall below a running peak; the longest drawdown counts the consecutive equity rows spent below a peak. Calmar is CAGR over the max drawdown's size.</li>
<li>Round trips are matched first in, first out (a partial exit closes part of the oldest entry); their PnL is net of both fees. Win rate counts a round trip that broke even as not won; profit factor is gross wins over gross losses.</li>
<li>Exposure is the mean share of equity held in positions; turnover is traded value over mean equity for the whole run. Fees / gross profit is the round trips' fees over their profit before fees: — when they made none before fees.</li>
</ul></div>
</section>
${report.walkForward ? `<section class="card" aria-labelledby="h-walk">${walkForwardTable(report)}</section>` : ''}
${report.decisions ? `<section class="card" aria-labelledby="h-decisions">
<h2 id="h-decisions">Decisions</h2>
${decisionsTable(report)}
</section>` : ''}
<section class="card" aria-labelledby="h-agents">
<h2 id="h-agents">Agents</h2>
<p class="note">Each stance is scored against its symbol's return over the next ${count(report.settings.scorecardHorizonBars)} bars of that symbol. Hit rate: calls (non-zero stances) whose sign matched; a flat move is a miss. By chance: the hit rate of calls made at random with the same mix of up and down calls, what an agent without skill would score on these bars; the black tick on each bar marks it. Up moves: the share of up moves, the hit rate of an agent that always says buy. Rank corr.: Spearman's correlation of stance with forward return. Stances whose forward return lies past the end are pending and left out. A score from fewer than ${FEW_CALLS} calls is muted and marked few: from so few, skill and chance look alike.</p>
${agentsTable(report)}
${questionsTable(report)}
</section>
<section class="card" aria-labelledby="h-symbols">
<h2 id="h-symbols">Symbols</h2>
${symbolsTable(report, dateOnly, report.symbols.map((s, i) => (s.bars === 0 ? null : chartIndex(record, i))), many)}
${many ? symbolPicker(charts.symbols.map((c) => c.symbol)) : ''}
<div class="legend" style="margin-top:14px"><span><i style="background:#2962ff"></i>entries, below the bar</span><span><i style="background:#7f56d9"></i>exits, above the bar (labelled with their reason when few)</span><span>prices as in the file, on a log scale (equal distances, equal returns); drag to pan, scroll to zoom</span></div>
${symbolsHtml}
</section>
<section class="card" aria-labelledby="h-trades">
<h2 id="h-trades">Round trips</h2>
${tradesTable(data.trips, dateOnly)}
</section>
<section class="card" aria-labelledby="h-open">
<h2 id="h-open">Open positions at the end</h2>
${openPositionsTable(report, dateOnly)}
</section>
<footer>
<p>Every figure and row is in the files beside this page: report.json, fills.csv, trades.csv, equity.csv. Times are UTC.
Charts: TradingView Lightweight Charts™, Copyright (c) TradingView, Inc., Apache License 2.0, <a href="https://www.tradingview.com/">tradingview.com</a>.</p>
</footer>
</main>
<script type="application/json" id="report-data">${jsonForScript(report)}</script>
<script type="application/json" id="chart-data">${jsonForScript(charts)}</script>
<script>${chartLibrary}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** Past this many symbols the page shows one symbol's chart at a time, with a picker (page-script.ts draws it). */
export const MAX_CHARTS_SHOWN = 6;

/** The picker of a page with many symbols: a list of their names, the previous and the next. */
function symbolPicker(symbols: readonly string[]): string {
  const options = symbols.map((s, k) => `<option value="${k}">${e(s)}</option>`).join('');
  return `<div class="picker"><span class="pick"><label for="symbol-pick">Chart of</label><button type="button" id="symbol-prev" aria-label="previous symbol">&#9664;</button><select id="symbol-pick">${options}</select><button type="button" id="symbol-next" aria-label="next symbol">&#9654;</button></span><span class="note">${count(symbols.length)} symbols, one chart at a time: pick one here or click its name in the table</span></div>`;
}

/** A span in the unit that reads best: hours under two days, days under two years, else years. */
function duration(ms: number): string {
  const days = ms / 86_400_000;
  if (days < 2) return `${ratio(ms / 3_600_000, 1)} hours`;
  if (days < 730) return `${ratio(days, 1)} days`;
  return `${ratio(days / 365.25, 1)} years`;
}

/** The chart payload lists only symbols with bars; this maps a symbol's index in the record to its chart's. */
function chartIndex(record: BacktestRecord, i: number): number {
  let k = 0;
  for (let j = 0; j < i; j++) if (record.symbols[j]!.bars.length > 0) k++;
  return k;
}

/** `signed`: colour the figure by its sign (a return), not for counts and costs. */
function kpi(label: string, a: number | null, b: number | null, fmt: (x: number | null) => string, key: string, signed = true): string {
  const sign = !signed || a === null || a === 0 ? '' : a > 0 ? ' pos' : ' neg';
  return `<div class="kpi"><div class="label">${label}</div><div class="value${sign}" data-metric="summary.${key}" data-value="${a === null ? 'null' : String(a)}">${fmt(a)}</div><div class="vs">buy &amp; hold ${fmt(b)}</div></div>`;
}

function kpis(s: PerformanceSummary, h: PerformanceSummary, short: boolean): string {
  return `<div class="kpis">${[
    kpi('Total return', s.totalReturn, h.totalReturn, (x) => percent(x), 'totalReturn'),
    kpi('CAGR', s.cagr, h.cagr, (x) => percent(x), 'cagr'),
    kpi(short ? 'Sharpe (annual, from under a year)' : 'Sharpe (annual)', s.sharpe, h.sharpe, (x) => ratio(x), 'sharpe'),
    kpi('Max drawdown', s.maxDrawdown, h.maxDrawdown, (x) => percent(x), 'maxDrawdown'),
    kpi('Win rate', s.winRate, h.winRate, (x) => percent(x, 1), 'winRate', false),
    kpi('Fees', s.fees, h.fees, money, 'fees', false),
  ].join('')}</div>`;
}

/** The slippage the fills paid, beside the setting (the terminal said it; the page did not), when it differs. */
function slippagePaid(report: BacktestReport): string {
  const { slippageBps: set, slippagePaidBps: paid } = report.settings;
  return set > 0 && paid !== null && Math.abs(paid - set) >= 0.005 ? ` (paid ${ratio(paid, 2)} bps on average: a fill stays within its bar's range)` : '';
}
