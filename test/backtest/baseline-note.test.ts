import { describe, expect, it } from 'vitest';
import { baselineTable } from '../../src/backtest/report/page-tables.js';
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
});
