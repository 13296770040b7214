import { describe, expect, it } from 'vitest';
import { baselineTable } from '../../src/backtest/report/page-tables.js';
import { runProgress } from '../../src/backtest/run-progress.js';
import { VirtualClock } from '../../src/core/clock.js';
import { terminal } from '../helpers/fake-terminal.js';
import type { BacktestReport } from '../../src/backtest/report/report-types.js';

const spread = { p10: -0.2, p50: 0.03, p90: 0.27 };
const page = (seeds: number) =>
  baselineTable({ baseline: { seeds, sharpe: spread, totalReturn: spread, panelPercentile: 0.95 }, summary: { sharpe: 0.49, totalReturn: 0.48 } } as unknown as BacktestReport);

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
