import type { BacktestRecord } from '../backtest-record.js';
import type { FillReason } from '../../domain/order.js';
import { lastClosedIndex } from './bar-index.js';

/**
 * Fills that meet the market and pay the slippage there: at the open of their bar, or for `end` (a walk-forward fold's
 * sale of what it still held, stitch.ts) at that bar's close. A stop pays it below its level, which the record does
 * not hold.
 */
const AT_MARKET: ReadonlySet<FillReason> = new Set(['entry', 'signal', 'time', 'end', 'flatten']);

/**
 * The slippage the market fills paid, in basis points of the price they met, weighted by notional; null without such
 * fills. A fill never goes beyond its bar's high or low, so a bar that opens at its high fills a buy at its open with
 * no slippage: on minute bars, which often open at one end, the slippage paid fell to under half the setting.
 */
export function slippagePaidBps(record: BacktestRecord): number | null {
  const bySymbol = new Map(record.symbols.map((s) => [s.symbol, s]));
  let paid = 0;
  let notional = 0;
  for (const f of record.fills) {
    const s = AT_MARKET.has(f.reason) ? bySymbol.get(f.symbol) : undefined;
    if (!s) continue;
    // The bar opening at the fill: the one after the last closed by then (a search, not a map of every bar: the report
    // is built for each coin-flip seed and walk-forward trial too).
    const bar = s.bars[lastClosedIndex(s.bars, s.barMs, f.time) + 1];
    const met = bar?.time === f.time ? (f.reason === 'end' ? bar.close : bar.open) : undefined;
    if (met === undefined || !(met > 0)) continue;
    paid += (f.side === 'buy' ? f.price - met : met - f.price) * f.qty;
    notional += met * f.qty;
  }
  return notional > 0 ? (paid / notional) * 10_000 : null;
}
