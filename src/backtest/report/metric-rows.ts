import type { PerformanceSummary } from './report-types.js';
import { count, money, percent, ratio } from '../../core/display-format.js';
import { counted } from '../../core/plural.js';

/** The summary's figures in the order the page and the terminal show them, each with its label and display rule. */
export interface MetricRow {
  key: keyof PerformanceSummary;
  label: string;
  format: (x: number | null) => string;
  /** Higher is better (for colouring the better of panel and buy-and-hold); null when neither is. */
  better: 'higher' | 'lower' | null;
}

// One row is a row: a one-step run's buy and hold read "1 rows".
const rows = (x: number | null): string => (x === null ? count(x) : counted(x, 'row', 'rows', count(x)));
const times = (x: number | null): string => (x === null ? ratio(x) : `${ratio(x)}×`);

export const METRIC_ROWS: readonly MetricRow[] = [
  { key: 'totalReturn', label: 'Total return', format: (x) => percent(x), better: 'higher' },
  { key: 'cagr', label: 'CAGR', format: (x) => percent(x), better: 'higher' },
  { key: 'volatility', label: 'Volatility (annual)', format: (x) => percent(x), better: 'lower' },
  { key: 'sharpe', label: 'Sharpe (annual)', format: (x) => ratio(x), better: 'higher' },
  { key: 'sortino', label: 'Sortino (annual)', format: (x) => ratio(x), better: 'higher' },
  { key: 'maxDrawdown', label: 'Max drawdown', format: (x) => percent(x), better: 'higher' },
  { key: 'maxDrawdownBars', label: 'Longest drawdown', format: rows, better: 'lower' },
  { key: 'calmar', label: 'Calmar', format: (x) => ratio(x), better: 'higher' },
  { key: 'startEquity', label: 'Start equity', format: money, better: null },
  { key: 'endEquity', label: 'End equity', format: money, better: 'higher' },
  { key: 'trades', label: 'Round trips', format: count, better: null },
  { key: 'winRate', label: 'Win rate', format: (x) => percent(x, 1), better: 'higher' },
  { key: 'profitFactor', label: 'Profit factor', format: (x) => ratio(x), better: 'higher' },
  { key: 'avgWin', label: 'Average win', format: money, better: null },
  { key: 'avgLoss', label: 'Average loss', format: money, better: null },
  { key: 'exposure', label: 'Exposure', format: (x) => percent(x, 1), better: null },
  { key: 'fees', label: 'Fees', format: money, better: 'lower' },
  { key: 'feesToGross', label: 'Fees / gross profit', format: (x) => percent(x, 1), better: 'lower' },
  { key: 'turnover', label: 'Turnover', format: times, better: null },
];
