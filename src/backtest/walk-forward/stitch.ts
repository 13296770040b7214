/**
 * One record from the out-of-sample folds' records, so the report (metrics, buy-and-hold, scorecards, files, page) is
 * computed over the stitched out-of-sample span exactly as over one run. Each fold starts flat with the equity the
 * previous one ended with; a position still open at a fold's end is therefore sold there, at its last close as a
 * market order would be, paying slippage and fee (fill reason `end`), and the next fold starts with what that sale
 * left (run-folds.ts): carrying its marked value as cash would have closed it for free.
 */
import type { BacktestFill, BacktestRecord, OpenPositionRow } from '../backtest-record.js';
import { slipped } from '../../trading/simulated-fill.js';
import type { Bar } from '../../market/market-port.js';

/** The last bar of a symbol in a fold's record: the one its open positions are sold in. */
export const lastBarOf = (r: BacktestRecord, symbol: string): Bar | undefined => r.symbols.find((s) => s.symbol === symbol)?.bars.at(-1);

/**
 * A position open at a fold's end sold at its last close, no lower than that bar's low: the price after slippage, the
 * fee, and the cash it brings.
 */
export function foldEndSale(p: Pick<OpenPositionRow, 'qty' | 'lastClose'>, lastBar: Bar | undefined, feeBps: number, slippageBps: number): { price: number; fee: number; proceeds: number } {
  const price = slipped('sell', p.lastClose, slippageBps, lastBar ?? { high: p.lastClose, low: 0 });
  const fee = (p.qty * price * feeBps) / 10_000;
  return { price, fee, proceeds: p.qty * price - fee };
}

export function stitchRecords(name: string, records: readonly BacktestRecord[]): BacktestRecord {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  const fills: BacktestFill[] = [];
  for (const r of records) {
    fills.push(...r.fills);
    if (r === last) continue;
    for (const p of r.openPositions) {
      const bar = lastBarOf(r, p.symbol);
      const time = bar?.time ?? r.equity.at(-1)?.time ?? 0;
      const sale = foldEndSale(p, bar, r.feeBps, r.slippageBps);
      fills.push({ time, symbol: p.symbol, side: 'sell', qty: p.qty, price: sale.price, fee: sale.fee, reason: 'end', clientOrderId: `walk-forward-end-${time}-${p.symbol}`, verdictId: null });
    }
  }
  return {
    name,
    startingCash: first.startingCash,
    feeBps: first.feeBps,
    slippageBps: first.slippageBps,
    scorecardHorizonBars: first.scorecardHorizonBars,
    symbols: first.symbols.map((s, i) => Object.assign({}, s, { bars: records.flatMap((r) => r.symbols[i]!.bars) })),
    equity: records.flatMap((r) => r.equity),
    fills,
    signals: records.flatMap((r) => r.signals),
    openPositions: last.openPositions,
    decisions: {
      verdicts: records.flatMap((r) => r.decisions?.verdicts ?? []),
      riskGate: records.flatMap((r) => r.decisions?.riskGate ?? []),
    },
  };
}
