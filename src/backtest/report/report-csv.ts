import type { BacktestRecord } from '../backtest-record.js';
import type { RoundTrip } from './round-trips.js';
import { csvText, type CsvValue } from './csv.js';
import { isoTime, recordedNumber } from './report-number.js';

export function fillsCsv(record: BacktestRecord): string {
  return csvText(
    ['time', 'symbol', 'side', 'qty', 'price', 'fee', 'reason', 'clientOrderId', 'verdictId'],
    record.fills.map((f): CsvValue[] => [isoTime(f.time), f.symbol, f.side, recordedNumber(f.qty), recordedNumber(f.price), recordedNumber(f.fee), f.reason, f.clientOrderId, f.verdictId]),
  );
}

/**
 * Quantities and prices as filled (recordedNumber); PnL and fees as the report computes them (12 digits, as report.json).
 * Open round trips have empty exit fields and an empty PnL (see openPositions for their value at the last close).
 */
export function tradesCsv(trips: readonly RoundTrip[]): string {
  return csvText(
    ['symbol', 'entryTime', 'entryPrice', 'exitTime', 'exitPrice', 'qty', 'pnl', 'fees', 'exitReason'],
    trips.map((t): CsvValue[] => [
      t.symbol,
      isoTime(t.entryTime),
      recordedNumber(t.entryPrice),
      t.exitTime === null ? null : isoTime(t.exitTime),
      t.exitPrice === null ? null : recordedNumber(t.exitPrice),
      recordedNumber(t.qty),
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
