import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/backtest/report/build-report.js';
import { summaryTable } from '../../src/backtest/report/summary-table.js';
import { backtest, ORCL } from './helpers.js';

describe('why a run over a short span has no verdict', () => {
  it('counts the history before --from: a month of ORCL after ten years of it is not "too short to score"', async () => {
    const run = await backtest([{ symbol: 'ORCL', file: ORCL }], { from: '2005-03-01', to: '2005-03-31' });
    const report = buildReport(run.record);
    expect(report.decisions?.verdicts).toBe(0);
    expect(report.symbols[0]).toMatchObject({ bars: 22, historyBars: 2558 });
    // It said: "the model scanner scores a symbol once it has 51 bars (...), and the span holds ORCL 22 bars".
    expect(summaryTable(report)).toContain('\n  no opportunity reached the panel: no model score reached modelThreshold, and no news named a symbol\n');
  }, 60_000);
});
