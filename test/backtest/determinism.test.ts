import { describe, expect, it } from 'vitest';
import { backtest, GOOG, ORCL } from './helpers.js';

/** The deterministic part of a run: everything the report is made from. */
const text = (run: Awaited<ReturnType<typeof backtest>>) => JSON.stringify(run.record);

describe('backtest determinism', () => {
  it('gives the same record twice, and with consumerConcurrency 1 and 8', async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }, { file: GOOG, symbol: 'GOOG' }];
    const span = { from: '2005-01-01', to: '2007-12-31' };
    const first = await backtest(files, span, { consumerConcurrency: 2 });
    const again = await backtest(files, span, { consumerConcurrency: 2 });
    const one = await backtest(files, span, { consumerConcurrency: 1 });
    const eight = await backtest(files, span, { consumerConcurrency: 8 });
    expect(first.record.fills.length).toBeGreaterThan(10);
    expect(first.record.signals.length).toBeGreaterThan(100);
    expect(text(again)).toBe(text(first));
    expect(text(one)).toBe(text(first));
    expect(text(eight)).toBe(text(first));
  }, 120_000);
});
