import { describe, expect, it } from 'vitest';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { defaultConfig, GOOG, iso, ORCL, recordedNews, tempDir } from './helpers.js';

describe('backtest determinism with recorded news', () => {
  it('gives the same record with consumerConcurrency 1 and 8 (the scout read a step\'s news or not by how many discussions ran)', async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }, { file: GOOG, symbol: 'GOOG' }];
    const series = await loadSeries(files, { from: iso('2005-01-01'), to: iso('2007-12-31T23:59:59.999Z') });
    const run = (consumerConcurrency: number) => runLoadedBacktest(series, {
      config: defaultConfig({ consumerConcurrency }), files, outDir: tempDir(),
      news: recordedNews(),
    });
    const [one, eight] = [await run(1), await run(8)];
    expect(one.news?.mapped).toBeGreaterThan(100);
    const scout = one.record.signals.filter((s) => s.role === 'scout' && s.stance !== 0);
    expect(scout.length).toBeGreaterThan(50);
    expect(JSON.stringify(eight.record)).toBe(JSON.stringify(one.record));
  }, 120_000);
});
