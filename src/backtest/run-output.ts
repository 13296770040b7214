import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withChanges } from '../core/with-changes.js';
import type { BacktestRecord } from './backtest-record.js';

/**
 * Stand-in for the report (src/backtest/report/write-report.ts, built separately): writes the run's record as JSON,
 * each symbol's bars replaced by their count, so the command works and its outputs can be checked byte for byte.
 */
export async function writeRunOutput(outDir: string, record: BacktestRecord): Promise<void> {
  const slim = withChanges(record, { symbols: record.symbols.map((s) => withChanges(s, { bars: s.bars.length as never })) });
  await writeFile(join(outDir, 'record.json'), JSON.stringify(slim, null, 1) + '\n');
}

export interface RunSummary {
  name: string;
  symbols: number;
  bars: number;
  verdicts: number;
  fills: number;
  startEquity: number;
  endEquity: number;
  openPositions: number;
}

/** The few figures the stand-in prints (the report's `summaryTable` replaces it). */
export function runSummary(record: BacktestRecord): RunSummary {
  return {
    name: record.name,
    symbols: record.symbols.length,
    bars: record.symbols.reduce((n, s) => n + s.bars.length, 0),
    verdicts: record.signals.filter((s) => s.role === 'chief').length,
    fills: record.fills.length,
    startEquity: record.startingCash,
    endEquity: record.equity.at(-1)?.equity ?? record.startingCash,
    openPositions: record.openPositions.length,
  };
}

export function summaryText(record: BacktestRecord): string {
  const s = runSummary(record);
  const money = (n: number) => n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return [
    `backtest ${s.name}`,
    `  symbols ${s.symbols}  bars ${s.bars}  verdicts ${s.verdicts}  fills ${s.fills}`,
    `  equity ${money(s.startEquity)} -> ${money(s.endEquity)} (${(((s.endEquity / s.startEquity) - 1) * 100).toFixed(2)} %)`,
    `  open positions at the end ${s.openPositions}${s.openPositions > 0 ? ' (marked at their last close, not closed)' : ''}`,
  ].join('\n');
}

/** Wall-clock facts of a run: never part of the deterministic outputs. */
export async function writeRunFacts(outDir: string, facts: { durationMs: number; bars: number; steps: number }): Promise<void> {
  const barsPerSecond = facts.durationMs > 0 ? Math.round((facts.bars / facts.durationMs) * 1000) : null;
  await writeFile(join(outDir, 'run.json'), JSON.stringify(withChanges(facts, { barsPerSecond }), null, 2) + '\n');
}
