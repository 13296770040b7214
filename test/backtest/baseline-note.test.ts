import { describe, expect, it } from 'vitest';
import { baselineTable, baselineTieText } from '../../src/backtest/report/page-tables.js';
import { buildReport } from '../../src/backtest/report/build-report.js';
import { summaryTable } from '../../src/backtest/report/summary-table.js';
import type { BacktestRecord } from '../../src/backtest/backtest-record.js';
import { runProgress } from '../../src/backtest/run-progress.js';
import { VirtualClock } from '../../src/core/clock.js';
import { terminal } from '../helpers/fake-terminal.js';
import type { BacktestReport } from '../../src/backtest/report/report-types.js';

const spread = { p10: -0.2, p50: 0.03, p90: 0.27 };
const page = (seeds: number) =>
  baselineTable({ baseline: { seeds, sharpe: spread, totalReturn: spread, panelPercentile: 0.95 }, summary: { sharpe: 0.49, totalReturn: 0.48, trades: 3 }, openPositions: [] } as unknown as BacktestReport);

describe("the report page's coin-flip baseline", () => {
  it('says how rough a few seeds place the percentiles, and how to place them more firmly', () => {
    // The same file under two symbol names met p90s of 0.06 and 0.63: 20 draws place a 90th percentile only roughly.
    expect(page(20)).toContain('With 20 seeds that point moves in steps of 5% and the p90 is placed only roughly');
    expect(page(20)).toContain('<code>--baseline-seeds 100</code>');
    expect(page(100)).not.toContain('--baseline-seeds');
    expect(page(100)).toContain('100 seeds. The panel');
  });

  it('counts one seed as a seed (a run of --baseline-seeds 1 read "1 seeds" twice)', () => {
    expect(page(1)).toContain("(its size and confidence kept), 1 seed. The panel");
    expect(page(1)).toContain('With 1 seed that point moves in steps of 100%');
    expect(page(1)).not.toContain('1 seeds');
  });

  it('and so does the progress line of a run with one seed (it showed "panel + 1 seeds")', async () => {
    const wall = new VirtualClock(0);
    const { writes, stream } = terminal();
    const line = runProgress(stream, wall, { seeds: 1, jobs: 1 });
    await wall.advance(100);
    line.panel(100, 1000);
    expect(writes.at(-1)).toContain('% panel + 1 seed  ');
  });
});

describe('the coin flips\' tie note', () => {
  const DAY = 86_400_000;
  const T0 = Date.UTC(2024, 0, 1);
  const bars = [0, 1, 2].map((d) => ({ time: T0 + d * DAY, open: 10 + d, high: 11 + d, low: 10 + d, close: 11 + d, volume: 1 }));
  // The panel bought on day 1 and still holds: no round trip closed, but it traded, and its equity moved.
  const record = {
    name: 'held', startingCash: 1000, feeBps: 0, slippageBps: 0, scorecardHorizonBars: 1, maxDrawdownLimit: 0.2,
    symbols: [{ symbol: 'X', file: 'X.csv', barMs: DAY, bars, rejected: 0, quarantined: 0 }],
    equity: [
      { time: T0 + DAY, equity: 1000, cash: 1000, exposure: 0 },
      { time: T0 + 2 * DAY, equity: 1000, cash: 450, exposure: 550 },
      { time: T0 + 3 * DAY, equity: 1050, cash: 450, exposure: 600 },
    ],
    fills: [{ time: T0 + DAY, symbol: 'X', side: 'buy', qty: 50, price: 11, fee: 0, reason: 'entry', clientOrderId: 'c1', verdictId: 'v1' }],
    signals: [],
    openPositions: [{ symbol: 'X', qty: 50, avgPrice: 11, openedAt: T0 + DAY, lastClose: 12, lastCloseAt: T0 + 3 * DAY, unrealizedPnl: 50 }],
  } as unknown as BacktestRecord;
  const flat = { p10: 0, p50: 0, p90: 0 };

  it('is not given for a panel that holds a position it never closed (it said "the panel did not trade")', () => {
    const report = buildReport(record, { seeds: 20, sharpe: flat, totalReturn: flat, panelPercentile: 0.975 });
    expect(report.summary.trades).toBe(0);
    expect(report.summary.totalReturn).toBeCloseTo(0.05, 12);
    expect(baselineTieText(report)).toBeUndefined();
    expect(summaryTable(report)).not.toContain('did not trade');
    expect(baselineTable(report)).not.toContain('did not trade');
  });

  it('is given when the panel made no fill at all', () => {
    const idle = Object.assign({}, record, { fills: [], openPositions: [], equity: record.equity.map((r) => ({ time: r.time, equity: 1000, cash: 1000, exposure: 0 })) });
    const report = buildReport(idle, { seeds: 20, sharpe: flat, totalReturn: flat, panelPercentile: 0.5 });
    expect(baselineTieText(report)).toContain('the panel did not trade');
    expect(summaryTable(report)).toContain('\nCoin flips: the panel did not trade, nor did the coin flips');
  });
});
