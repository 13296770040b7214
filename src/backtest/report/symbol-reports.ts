import type { BacktestRecord } from '../backtest-record.js';
import type { SymbolReport } from './report-types.js';
import type { RoundTrip } from './round-trips.js';
import { tradeStats } from './trade-stats.js';
import { holdAllocation, holdReturn } from './buy-and-hold.js';
import { isoTime, reportFinite, reportNullable } from './report-number.js';
import { fillerBars } from '../../market/filler-bars.js';

/** `+09:00`, `+05:30`: an offset ahead of UTC as a file writes it. */
const offsetText = (ms: number): string => {
  const minutes = Math.round(ms / 60_000);
  return `+${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
};

/** Per symbol, in the record's order: its data, its round trips, its fees and its own buy-and-hold return. */
export function symbolReports(record: BacktestRecord, trips: readonly RoundTrip[]): SymbolReport[] {
  return record.symbols.map((s) => {
    const own = trips.filter((t) => t.symbol === s.symbol);
    const stats = tradeStats(own);
    let fees = 0;
    for (const f of record.fills) if (f.symbol === s.symbol) fees += f.fee;
    let unrealized = 0;
    for (const p of record.openPositions) if (p.symbol === s.symbol) unrealized += p.unrealizedPnl;
    // Net of the fees paid to open what is still open, as closed round trips are: the symbols' PnL and open PnL add up
    // to the equity's change.
    for (const t of own) if (t.pnl === null) unrealized -= t.fees;
    const first = s.bars[0];
    const last = s.bars[s.bars.length - 1];
    const filler = fillerBars(s.bars).length;
    return {
      symbol: s.symbol,
      file: s.file,
      ...(s.timesIn !== undefined ? { timesIn: s.timesIn } : {}),
      ...(s.zonelessTimes ? { zonelessTimes: s.zonelessTimes } : {}),
      ...(s.offsetAheadMs ? { utcOffset: offsetText(s.offsetAheadMs) } : {}),
      ...(filler > 0 ? { fillerBars: filler } : {}),
      barMs: s.barMs,
      bars: s.bars.length,
      historyBars: s.historyBars ?? 0,
      rejected: s.rejected,
      quarantined: s.quarantined,
      ...(s.quarantinedTail ? { quarantinedTail: { from: isoTime(s.quarantinedTail.from), rows: s.quarantinedTail.rows, code: s.quarantinedTail.code } } : {}),
      firstBar: first ? isoTime(first.time) : null,
      lastBar: last ? isoTime(last.time) : null,
      trades: stats.trades,
      pnl: reportFinite(stats.pnl),
      unrealizedPnl: reportFinite(unrealized),
      winRate: reportNullable(stats.winRate),
      fees: reportFinite(fees),
      buyAndHoldReturn: reportNullable(holdReturn(s, record.feeBps, record.slippageBps, holdAllocation(record), record.lotStep)),
    };
  });
}
