/**
 * One record from the out-of-sample folds' records, so the report (metrics, buy-and-hold, scorecards, files, page) is
 * computed over the stitched out-of-sample span exactly as over one run. Each fold starts flat with the equity the
 * previous one ended with; a position still open at a fold's end is therefore sold there, at its last close as a
 * market order would be, paying slippage and fee (fill reason `end`), and the next fold starts with what that sale
 * left (run-folds.ts): carrying its marked value as cash would have closed it for free. The sale belongs to its fold
 * (settleFoldEnd): its last row, at that close, holds the cash the sale left, and the fold's own figures count it.
 */
import type { BacktestFill, BacktestRecord, OpenPositionRow } from '../backtest-record.js';
import { slipped } from '../../trading/simulated-fill.js';
import type { Bar } from '../../market/market-port.js';

/** The last bar of a symbol in a fold's record: the one its open positions are sold in. */
const lastBarOf = (r: BacktestRecord, symbol: string): Bar | undefined => r.symbols.find((s) => s.symbol === symbol)?.bars.at(-1);

/**
 * A position open at a fold's end sold at its last close, no lower than that bar's low: the price after slippage, the
 * fee, and the cash it brings.
 */
function foldEndSale(p: Pick<OpenPositionRow, 'qty' | 'lastClose'>, lastBar: Bar | undefined, feeBps: number, slippageBps: number): { price: number; fee: number; proceeds: number } {
  const price = slipped('sell', p.lastClose, slippageBps, lastBar ?? { high: p.lastClose, low: 0 });
  const fee = (p.qty * price * feeBps) / 10_000;
  return { price, fee, proceeds: p.qty * price - fee };
}

/**
 * A fold's record with what was still open sold at its last close (fills with reason `end`), and its last equity row,
 * at that close, showing the cash the sale left with nothing held: as any fill dated at a bar shows in the row at that
 * bar's close. The fold's figures then count the sale's costs and round trips, and the next fold starts from that row.
 */
export function settleFoldEnd(r: BacktestRecord): BacktestRecord {
  if (r.openPositions.length === 0) return r;
  const fills: BacktestFill[] = [...r.fills];
  let proceeds = 0;
  for (const p of r.openPositions) {
    const bar = lastBarOf(r, p.symbol);
    const time = bar?.time ?? r.equity.at(-1)?.time ?? 0;
    const sale = foldEndSale(p, bar, r.feeBps, r.slippageBps);
    proceeds += sale.proceeds;
    fills.push({ time, symbol: p.symbol, side: 'sell', qty: p.qty, price: sale.price, fee: sale.fee, reason: 'end', clientOrderId: `walk-forward-end-${time}-${p.symbol}`, verdictId: null });
  }
  const last = r.equity.at(-1);
  const equity = last ? r.equity.slice(0, -1).concat({ time: last.time, equity: last.cash + proceeds, cash: last.cash + proceeds, exposure: 0 }) : r.equity;
  return Object.assign({}, r, { fills, equity, openPositions: [] });
}

/** The folds' records as runFolds returns them (every fold but the last settled at its end), as one record. */
export function stitchRecords(name: string, records: readonly BacktestRecord[]): BacktestRecord {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  // In the time order of their bars, as a run's (build-record.ts): a monthly file's fold-end sale, dated at its last
  // bar's open, came after the daily fills of that month, and fills.csv went back in time.
  const fills: BacktestFill[] = records.flatMap((r) => r.fills).sort((a, b) => a.time - b.time);
  return {
    name,
    startingCash: first.startingCash,
    feeBps: first.feeBps,
    slippageBps: first.slippageBps,
    ...(first.lotStep !== undefined ? { lotStep: first.lotStep } : {}),
    scorecardHorizonBars: first.scorecardHorizonBars,
    maxDrawdownLimit: first.maxDrawdownLimit,
    symbols: first.symbols.map((s, i) => Object.assign({}, s, { bars: records.flatMap((r) => r.symbols[i]!.bars) })),
    equity: records.flatMap((r) => r.equity),
    fills,
    signals: records.flatMap((r) => r.signals),
    openPositions: last.openPositions,
    decisions: {
      verdicts: records.flatMap((r) => r.decisions?.verdicts ?? []),
      riskGate: records.flatMap((r) => r.decisions?.riskGate ?? []),
    },
    ...(first.liquidity
      ? { liquidity: { maxVolumeShare: first.liquidity.maxVolumeShare, noVolume: [...new Set(records.flatMap((r) => r.liquidity?.noVolume ?? []))].sort(), exitsOverCap: records.reduce((n, r) => n + (r.liquidity?.exitsOverCap ?? 0), 0) } }
      : {}),
  };
}
