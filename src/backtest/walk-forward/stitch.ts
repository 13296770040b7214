/**
 * One record from the out-of-sample folds' records, so the report (metrics, buy-and-hold, scorecards, files, page) is
 * computed over the stitched out-of-sample span exactly as over one run. Each fold starts flat with the equity the
 * previous one ended with; a position still open at a fold's end is therefore closed there, at its last close and
 * without fee (fill reason `end`), which is what carrying its marked value as cash means.
 */
import type { BacktestFill, BacktestRecord } from '../backtest-record.js';

export function stitchRecords(name: string, records: readonly BacktestRecord[]): BacktestRecord {
  const first = records[0]!;
  const last = records[records.length - 1]!;
  const fills: BacktestFill[] = [];
  for (const r of records) {
    fills.push(...r.fills);
    if (r === last) continue;
    for (const p of r.openPositions) {
      const bars = r.symbols.find((s) => s.symbol === p.symbol)?.bars ?? [];
      const time = bars.length > 0 ? bars[bars.length - 1]!.time : (r.equity.at(-1)?.time ?? 0);
      fills.push({ time, symbol: p.symbol, side: 'sell', qty: p.qty, price: p.lastClose, fee: 0, reason: 'end', clientOrderId: `walk-forward-end-${time}-${p.symbol}`, verdictId: null });
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
