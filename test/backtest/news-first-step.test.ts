import { describe, expect, it } from 'vitest';
import { loadSeries } from '../../src/backtest/load-series.js';
import { runLoadedBacktest } from '../../src/backtest/run-backtest.js';
import { defaultConfig, iso, newsOf, newsOpportunities, ORCL, tempDir } from './helpers.js';

describe('the news window of a backtest’s first step', () => {
  // The window is the longer of newsLookbackMs (6 h) and newsLookbackBars (5) bars; the bar length was learnt from the
  // bars the model scanner reads, after the first step's news scan: that scan kept 6 h of news, and a headline of the
  // day before the run's first close was published only at its second step.
  it('is newsLookbackBars of the files’ bars from the first step on, as at every other', async () => {
    const files = [{ file: ORCL, symbol: 'ORCL' }];
    const series = await loadSeries(files, { from: iso('2012-03-01'), to: iso('2012-03-09') });
    // ORCL's bar of Thursday 1 March closes at 2 March 00:00 UTC: the run's first step, 33 h after the item.
    const news = newsOf([{ publishedAt: '2012-02-29T15:00:00Z', title: 'ORCL shares surge on strong earnings beat, profit jumps' }]);
    const run = await runLoadedBacktest(series, { config: defaultConfig(), files, outDir: tempDir(), news });
    expect(newsOpportunities(run.storeFile)).toEqual(['2012-03-02T00:00:00.000Z']);
  }, 60_000);
});
