import type { BacktestRecord, BacktestSymbol } from '../backtest-record.js';
import { closeTime } from './bar-index.js';
import type { Bar } from '../../market/market-port.js';
import { floorToStep } from '../../trading/lot.js';
import { slipped } from '../../trading/simulated-fill.js';

/**
 * The passive yardstick: the starting cash split equally over the run's symbols (those with bars), each part spent on
 * its symbol at its first bar's open (paying the run's slippage and fee, as the panel would) and held to the end.
 * The quantity is rounded down to the run's lotStep, as the panel's orders are; what a whole lot does not take stays in
 * cash. A symbol's part waits in cash until its first bar opens. It is valued at the run's own equity rows, each holding
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
  /** What is left of the allocation once bought: under a lot, or all of it when a lot costs more. */
  left: number;
  /** Next bar whose close is not yet counted. */
  next: number;
  mark: number;
}

/**
 * Quantity bought with `alloc` at the first bar's open: slippage raises the price (no higher than that bar's high, as
 * the panel's fills), and the fee comes out of the same allocation. With `lotStep`, the quantity is rounded down to it
 * (the panel's orders are: a board lot of 100 shares bought no 83.4 shares); `left` is the cash not spent.
 */
export function holdEntry(alloc: number, first: Readonly<Bar>, feeBps: number, slippageBps: number, lotStep?: number): { price: number; qty: number; fee: number; left: number } {
  const price = slipped('buy', first.open, slippageBps, first);
  const fee = feeBps / 10_000;
  const whole = price > 0 ? alloc / (price * (1 + fee)) : 0;
  const qty = lotStep !== undefined ? floorToStep(whole, lotStep) : whole;
  const spent = qty * price * (1 + fee);
  return { price, qty, fee: qty * price * fee, left: qty === whole ? 0 : Math.max(0, alloc - spent) };
}

/**
 * One symbol alone, bought at its first open with `alloc` (its part of the starting cash) and marked at its last close.
 * The lot rounding makes the return depend on the allocation: 1 (the default) only without lotStep.
 */
export function holdReturn(symbol: BacktestSymbol, feeBps: number, slippageBps: number, alloc = 1, lotStep?: number): number | null {
  const first = symbol.bars[0];
  const last = symbol.bars[symbol.bars.length - 1];
  if (!first || !last || !(first.open > 0) || !(alloc > 0)) return null;
  const { qty, left } = holdEntry(alloc, first, feeBps, slippageBps, lotStep);
  return (qty * last.close + left) / alloc - 1;
}

/** Each symbol's part of the starting cash: an equal share among those with bars. */
export function holdAllocation(record: BacktestRecord): number {
  const n = record.symbols.filter((s) => s.bars.length > 0 && s.bars[0]!.open > 0).length;
  return n > 0 ? record.startingCash / n : 0;
}

export function buyAndHold(record: BacktestRecord): BuyAndHoldCurve {
  const withBars = record.symbols.filter((s) => s.bars.length > 0 && s.bars[0]!.open > 0);
  const alloc = holdAllocation(record);
  let fees = 0;
  let traded = 0;
  const holdings: Holding[] = withBars.map((symbol) => {
    const entry = holdEntry(alloc, symbol.bars[0]!, record.feeBps, record.slippageBps, record.lotStep);
    fees += entry.fee;
    traded += entry.qty * entry.price;
    return { symbol, alloc, qty: entry.qty, left: entry.left, next: 0, mark: symbol.bars[0]!.open };
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
      cash += h.left;
      value += h.qty * h.mark;
    }
    equity[r] = cash + value;
    invested[r] = value;
  }
  return { equity, invested, fees, traded };
}
