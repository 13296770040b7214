import type { BacktestRecord, BacktestSymbol } from '../backtest-record.js';
import { closeTime } from './bar-index.js';
import type { Bar } from '../../market/market-port.js';
import { slipped } from '../../trading/simulated-fill.js';

/**
 * The passive yardstick: the starting cash split equally over the run's symbols (those with bars), each part spent on
 * its symbol at its first bar's open (paying the run's slippage and fee, as the panel would) and held to the end.
 * A symbol's part waits in cash until its first bar opens. It is valued at the run's own equity rows, each holding
 * marked at the last close known then (its first open before its first bar has closed; closes as the calendar's,
 * bar-index.ts).
 */
export interface BuyAndHoldCurve {
  equity: number[];
  invested: number[];
  fees: number;
  traded: number;
}

interface Holding {
  symbol: BacktestSymbol;
  alloc: number;
  qty: number;
  /** Next bar whose close is not yet counted. */
  next: number;
  mark: number;
}

/**
 * Quantity bought with `alloc` at the first bar's open: slippage raises the price (no higher than that bar's high, as
 * the panel's fills), and the fee comes out of the same allocation.
 */
export function holdEntry(alloc: number, first: Readonly<Bar>, feeBps: number, slippageBps: number): { price: number; qty: number; fee: number } {
  const price = slipped('buy', first.open, slippageBps, first);
  const fee = feeBps / 10_000;
  const qty = price > 0 ? alloc / (price * (1 + fee)) : 0;
  return { price, qty, fee: qty * price * fee };
}

/** One symbol alone, bought at its first open and marked at its last close. */
export function holdReturn(symbol: BacktestSymbol, feeBps: number, slippageBps: number): number | null {
  const first = symbol.bars[0];
  const last = symbol.bars[symbol.bars.length - 1];
  if (!first || !last || !(first.open > 0)) return null;
  const { qty } = holdEntry(1, first, feeBps, slippageBps);
  return qty * last.close - 1;
}

export function buyAndHold(record: BacktestRecord): BuyAndHoldCurve {
  const withBars = record.symbols.filter((s) => s.bars.length > 0 && s.bars[0]!.open > 0);
  const alloc = withBars.length > 0 ? record.startingCash / withBars.length : 0;
  let fees = 0;
  let traded = 0;
  const holdings: Holding[] = withBars.map((symbol) => {
    const entry = holdEntry(alloc, symbol.bars[0]!, record.feeBps, record.slippageBps);
    fees += entry.fee;
    traded += entry.qty * entry.price;
    return { symbol, alloc, qty: entry.qty, next: 0, mark: symbol.bars[0]!.open };
  });
  const equity = new Array<number>(record.equity.length);
  const invested = new Array<number>(record.equity.length);
  for (let r = 0; r < record.equity.length; r++) {
    const t = record.equity[r]!.time;
    let cash = withBars.length > 0 ? 0 : record.startingCash;
    let value = 0;
    for (const h of holdings) {
      const bars = h.symbol.bars;
      if (t < bars[0]!.time) {
        cash += h.alloc;
        continue;
      }
      while (h.next < bars.length && closeTime(bars, h.next, h.symbol.barMs) <= t) {
        h.mark = bars[h.next]!.close;
        h.next++;
      }
      value += h.qty * h.mark;
    }
    equity[r] = cash + value;
    invested[r] = value;
  }
  return { equity, invested, fees, traded };
}
