import type { BacktestRecord } from '../backtest-record.js';
import type { RoundTrip } from './round-trips.js';
import { csvText, type CsvValue } from './csv.js';
import { isoTime } from './report-number.js';

export function fillsCsv(record: BacktestRecord): string {
  return csvText(
    ['time', 'symbol', 'side', 'qty', 'price', 'fee', 'reason', 'clientOrderId', 'verdictId'],
    record.fills.map((f): CsvValue[] => [isoTime(f.time), f.symbol, f.side, f.qty, f.price, f.fee, f.reason, f.clientOrderId, f.verdictId]),
  );
}

/** Open round trips have empty exit fields and an empty PnL (see openPositions for their value at the last close). */
export function tradesCsv(trips: readonly RoundTrip[]): string {
  return csvText(
    ['symbol', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'qty', 'pnl', 'fees', 'exitReason'],
    trips.map((t): CsvValue[] => [
      t.symbol,
      isoTime(t.entryTime),
      t.entryPrice,
      t.exitTime === null ? null : isoTime(t.exitTime),
      t.exitPrice,
      t.qty,
      t.pnl,
      t.fees,
      t.exitReason,
    ]),
  );
}

export function equityCsv(record: BacktestRecord, drawdown: readonly number[]): string {
  return csvText(
    ['time', 'equity', 'cash', 'exposure', 'drawdown'],
    record.equity.map((r, i): CsvValue[] => [isoTime(r.time), r.equity, r.cash, r.exposure, drawdown[i] ?? 0]),
  );
}
