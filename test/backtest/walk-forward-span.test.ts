import { describe, expect, it } from 'vitest';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runWalkForward } from '../../src/backtest/walk-forward/run-walk-forward.js';
import { buildReport } from '../../src/backtest/report/build-report.js';
import { summaryTable } from '../../src/backtest/report/summary-table.js';
import { walkForwardTable } from '../../src/backtest/report/walk-forward-table.js';
import { defaultConfig, iso, ORCL, tempDir } from './helpers.js';

describe("a walk-forward's folds, as the summary and the page name them", () => {
  it('are spans of bars as --from and --to name them, not the close times of their first and last steps', async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }];
    const series = await loadSeries(files, { from: iso('2005-01-03'), to: iso('2005-03-31T23:59:59.999Z') });
    const run = await runWalkForward(series, { config: defaultConfig(), files, outDir: tempDir() }, { folds: 3, seeds: 0 });
    const w = run.walkForward;
    expect(w.trainingOnly).toMatchObject({ from: '2005-01-04T00:00:00.000Z', firstBar: '2005-01-03T00:00:00.000Z', lastBar: '2005-01-31T00:00:00.000Z' });
    expect(w.outOfSample.map((f) => [f.firstBar, f.lastBar])).toEqual([
      ['2005-02-01T00:00:00.000Z', '2005-03-01T00:00:00.000Z'],
      ['2005-03-02T00:00:00.000Z', '2005-03-31T00:00:00.000Z'],
    ]);
    const report = buildReport(run.record, undefined, w);
    const text = summaryTable(report);
    // It said "fold 1 (2005-01-04 to 2005-02-01) only trains" and "fold 3 2005-03-03 to 2005-04-01" for --to 2005-03-31.
    expect(text).toMatch(/^walk-forward: bars 2005-02-01 to 2005-03-31 UTC/);
    expect(text).toContain('fold 1 (2005-01-03 to 2005-01-31) only trains');
    expect(text).toContain('\n  fold 2 2005-02-01 to 2005-03-01: ');
    expect(text).toContain('\n  fold 3 2005-03-02 to 2005-03-31: ');
    const page = walkForwardTable(report);
    expect(page).toContain('Fold 1 (2005-01-03 to 2005-01-31) only trains.');
    expect(page).toContain('<td>2005-03-02 to 2005-03-31</td>');
  }, 120_000);
});
