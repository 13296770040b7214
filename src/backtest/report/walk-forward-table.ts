import type { BacktestReport } from './report-types.js';
import { escapeHtml as e } from './html-escape.js';
import { allMidnight, count, money, percent, ratio, utcTime } from '../../core/display-format.js';
import { counted } from '../../core/plural.js';

/**
 * A fold's span as its bars' open times (the folds' steps are closes: fold 1 of --from 2005-01-03 read 2005-01-04),
 * dates alone when both fall on midnight; reports written before the bars' times were kept show the steps'.
 */
function span(f: { from: string; to: string; firstBar?: string | undefined; lastBar?: string | undefined }): string {
  const from = Date.parse(f.firstBar ?? f.from);
  const to = Date.parse(f.lastBar ?? f.to);
  const dateOnly = allMidnight([from, to]);
  return `${utcTime(from, dateOnly)} to ${utcTime(to, dateOnly)}`;
}

/** What a fold does with a position it still holds at its end (stitch.ts), said where the round trips are read. */
const FOLD_END =
  "a position still open at a fold's end is sold at its last close, paying slippage and fee (exit reason end, counted in the fold's round trips; the fold's own store still holds it), but the last fold's stays open, as in a plain run";

/** The summary table's lines for a walk-forward: each out-of-sample fold's span, parameters and figures. */
export function walkForwardLines(report: BacktestReport): string[] {
  const w = report.walkForward;
  if (!w) return [];
  const lines = [
    `walk-forward, ${w.folds} folds: every figure above is out of sample (folds 2..${w.folds}); fold 1 (${span(w.trainingOnly)}) only trains`,
    `  grid: buyThreshold ${w.grid.buyThreshold.join(' / ')} x costMultiple ${w.grid.costMultiple.join(' / ')}, best training Sharpe on the folds before`,
    `  ${FOLD_END}`,
  ];
  for (const f of w.outOfSample) {
    lines.push(
      `  fold ${f.fold} ${span(f)}: buyThreshold ${f.parameters.buyThreshold}, costMultiple ${f.parameters.costMultiple} (training Sharpe ${ratio(f.trainingSharpe)}) -> return ${percent(f.totalReturn)}, Sharpe ${ratio(f.sharpe)}, max drawdown ${percent(f.maxDrawdown)}, ${counted(f.trades, 'round trip')}, fees ${money(f.fees)}`,
    );
  }
  return lines;
}

/** The page's walk-forward table (empty without one). */
export function walkForwardTable(report: BacktestReport): string {
  const w = report.walkForward;
  if (!w) return '';
  const td = (path: string, value: number | null, text: string) => `<td class="num" data-metric="${e(path)}" data-value="${value === null ? 'null' : String(value)}">${e(text)}</td>`;
  const rows = w.outOfSample.map((f, i) => {
    const p = `walkForward.outOfSample.${i}`;
    return `<tr><th scope="row">${f.fold}</th><td>${e(span(f))}</td>${td(`${p}.parameters.buyThreshold`, f.parameters.buyThreshold, String(f.parameters.buyThreshold))}${td(`${p}.parameters.costMultiple`, f.parameters.costMultiple, String(f.parameters.costMultiple))}${td(`${p}.trainingSharpe`, f.trainingSharpe, ratio(f.trainingSharpe))}${td(`${p}.totalReturn`, f.totalReturn, percent(f.totalReturn))}${td(`${p}.sharpe`, f.sharpe, ratio(f.sharpe))}${td(`${p}.maxDrawdown`, f.maxDrawdown, percent(f.maxDrawdown))}${td(`${p}.trades`, f.trades, count(f.trades))}${td(`${p}.fees`, f.fees, money(f.fees))}</tr>`;
  });
  return `<h2 id="h-walk">Walk-forward</h2><p class="note">${count(w.folds)} folds by time. Every figure on this page is out of sample: folds 2 to ${count(w.folds)} stitched, each run with the parameters that had the best Sharpe over the folds before it (buyThreshold ${e(w.grid.buyThreshold.join(' / '))} × costMultiple ${e(w.grid.costMultiple.join(' / '))}). Fold 1 (${e(span(w.trainingOnly))}) only trains. Each fold starts flat with the equity the one before ended with: ${e(FOLD_END)}.</p>
<table class="data wf"><thead><tr><th scope="col">Fold</th><th scope="col">Span</th><th scope="col" class="num">Buy threshold</th><th scope="col" class="num">Cost multiple</th><th scope="col" class="num">Training Sharpe</th><th scope="col" class="num">Return</th><th scope="col" class="num">Sharpe</th><th scope="col" class="num">Max drawdown</th><th scope="col" class="num">Round trips</th><th scope="col" class="num">Fees</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}
