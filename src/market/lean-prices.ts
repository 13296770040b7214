import { layoutLines, LAYOUT_ROWS } from './layout-rows.js';

/**
 * QuantConnect Lean's equity trade bars, daily and hourly, as its data folders hold them (`equity/usa/daily/spy.zip`):
 * `yyyyMMdd HH:mm,open,high,low,close,volume`, no header, prices as whole numbers of hundredths of a cent. Read as
 * they stand, SPY traded at 1,200,000 and a position was 0.02 shares. Lean's forex, crypto and CFD files share the
 * layout with decimal prices, which are prices as they stand.
 */
const LEAN_EQUITY_ROW = /^\d{8} \d{2}:\d{2},\d+,\d+,\d+,\d+,\d+$/;

/** Lean's equity prices are this many times the price. */
export const LEAN_PRICE_MULTIPLE = 10_000;

/**
 * Whether the data lines are Lean's equity layout, judged by those at the file's oldest end (all but one of them, so
 * one damaged row does not decide). Judged by all, a later stretch of decimal prices multiplied every earlier price by
 * 10,000.
 */
export function leanEquityPrices(lines: readonly string[], dataStart: number, hasHeader: boolean, newestFirst: boolean): boolean {
  if (hasHeader) return false;
  let rows = 0;
  let lean = 0;
  for (const line of layoutLines(lines, dataStart, newestFirst)) {
    rows++;
    if (LEAN_EQUITY_ROW.test(line.trim())) lean++;
  }
  return rows > 0 && lean >= rows - (rows === LAYOUT_ROWS ? 1 : 0);
}
